package org.bondctl.nmcli;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.bondctl.rtnl.VlanQos;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A VLAN's flags and priority maps (vlan.flags, vlan.ingress-priority-map,
 * vlan.egress-priority-map): added, shown, changed with +/-, refused when bad, written to the
 * keyfile, refused by {@code device reapply} (NM reapplies no change of the vlan setting) and
 * brought to the kernel by {@code connection up}. The same lines through NetworkManager 1.42's
 * nmcli and through {@code bondctl nmcli} on the system's profiles must give the same outputs,
 * exit codes, keyfiles and VLAN flags in the kernel.
 *
 * <p>The kernel's maps are left out of the comparison: NM 1.42 was seen leaving some of its
 * own profile's mappings out (egress 0:3 of "0:3,5:7") and keeping old ones on re-activation
 * (5:7 where the profile said 5:6); bondctl gives the kernel the profile's maps, which
 * WholeNetworkKernelTest#vlanFlagsAndPriorityMapsReachTheKernel checks.
 */
@Tag("kernel")
@Tag("nm")
class NmcliVlanQosVsNmKernelTest {
    static final List<String> IDS = List.of("bond1.10", "bond1-p1", "bond1");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond1.10", "bond1");

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        SideBySide.compareOnSystem("nmcli-vlan-qos-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            side.run(List.of("con", "add", "type", "bond", "con-name", "bond1", "ifname", "bond1", "bond.options",
                    "mode=active-backup", "ipv4.method", "disabled", "ipv6.method", "disabled"));
            side.run(List.of("con", "add", "type", "ethernet", "slave-type", "bond", "con-name", "bond1-p1", "ifname",
                    "ens192", "master", "bond1"));
            side.settle();
            side.run(List.of("con", "add", "type", "vlan", "con-name", "bond1.10", "ifname", "bond1.10", "dev", "bond1",
                    "id", "10", "ipv4.method", "disabled", "ipv6.method", "disabled", "vlan.egress-priority-map", "0:3,5:7",
                    "vlan.ingress-priority-map", "1:2", "vlan.flags", "3"));
            state(side, record, "added");
            record.put("show", side.run(List.of("-f", "vlan", "con", "show", "bond1.10")));
            for (List<String> bad : List.of(List.of("vlan.flags", "gvrp,loose-binding"), List.of("vlan.flags", "16"),
                    List.of("+vlan.ingress-priority-map", "8:1"), List.of("+vlan.egress-priority-map", "1:8"),
                    List.of("vlan.egress-priority-map", "2-3"))) {
                List<String> line = new java.util.ArrayList<>(List.of("con", "mod", "bond1.10"));
                line.addAll(bad);
                record.put("mod " + bad, side.attempt(line));
            }
            side.run(List.of("con", "mod", "bond1.10", "vlan.flags", "5", "+vlan.egress-priority-map", "9:1"));
            side.run(List.of("con", "mod", "bond1.10", "-vlan.egress-priority-map", "0:3", "+vlan.egress-priority-map", "5:6",
                    "+vlan.ingress-priority-map", "1:9"));
            record.put("reapply", side.attempt(List.of("dev", "reapply", "bond1.10"))
                    .replaceAll(" \\(/org/freedesktop/NetworkManager/Devices/[0-9]+\\)", ""));
            state(side, record, "changed, not reapplied");
            side.run(List.of("con", "up", "bond1.10"));
            state(side, record, "up");
            side.run(List.of("con", "mod", "bond1.10", "vlan.flags", "0", "vlan.ingress-priority-map", "0:1, 7:2",
                    "vlan.egress-priority-map", ""));
            side.run(List.of("con", "up", "bond1.10"));
            state(side, record, "flags 0");
        });
    }

    private static void state(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        side.settle();
        record.put(what + ": -g", side.run(List.of("-g", "vlan.flags,vlan.egress-priority-map,vlan.ingress-priority-map",
                "con", "show", "bond1.10")));
        String file = Files.readString(side.profiles().resolve("bond1.10.nmconnection"));
        record.put(what + ": [vlan]", file.substring(file.indexOf("[vlan]")).replaceAll("(?s)\n\n.*", "\n"));
        record.put(what + ": kernel flags", GUEST.rtnl().link("bond1.10").map(l -> VlanQos.of(l).flagNames()).orElse("none")
                + "\n");
    }
}
