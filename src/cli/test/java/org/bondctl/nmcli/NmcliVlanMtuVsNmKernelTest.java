package org.bondctl.nmcli;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A VLAN whose profile leaves the MTU automatic follows its parent's MTU up: a bond's, changed
 * by {@code connection up} and by {@code device reapply}, and a NIC's, raised by its own
 * profile; one with an MTU of its own keeps it. The same lines through NetworkManager 1.42's
 * nmcli and through {@code bondctl nmcli} on the system's profiles must leave the same MTUs.
 */
@Tag("kernel")
@Tag("nm")
class NmcliVlanMtuVsNmKernelTest {
    static final List<String> IDS = List.of("mtV20", "mtV21", "mtV30", "mtE", "mtP1", "mtB");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond3.20", "bond3.21", "ens224.30", "bond3");

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        SideBySide.compareOnSystem("nmcli-vlan-mtu-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            GUEST.rtnl().setMtu(GUEST.rtnl().require("ens224"), 1500, "test");
            side.run(List.of("con", "add", "type", "bond", "con-name", "mtB", "ifname", "bond3", "bond.options",
                    "mode=active-backup", "ipv4.method", "disabled", "ipv6.method", "disabled"));
            side.run(List.of("con", "add", "type", "ethernet", "slave-type", "bond", "con-name", "mtP1", "ifname", "ens192",
                    "master", "mtB"));
            side.settle();
            for (String[] v : new String[][] {{"mtV20", "20", "auto"}, {"mtV21", "21", "1500"}}) {
                side.run(List.of("con", "add", "type", "vlan", "con-name", v[0], "ifname", "bond3." + v[1], "dev", "bond3", "id",
                        v[1], "ethernet.mtu", v[2], "ipv4.method", "disabled", "ipv6.method", "disabled"));
            }
            side.settle();
            mtus(side, record, "made");
            side.run(List.of("con", "mod", "mtB", "ethernet.mtu", "9000"));
            side.run(List.of("con", "up", "mtB"));
            mtus(side, record, "bond 9000 by up");
            side.run(List.of("con", "mod", "mtB", "ethernet.mtu", "4000"));
            side.run(List.of("dev", "reapply", "bond3"));
            mtus(side, record, "bond 4000 by reapply");
            side.run(List.of("con", "mod", "mtB", "ethernet.mtu", "8000"));
            side.run(List.of("dev", "reapply", "bond3"));
            mtus(side, record, "bond 8000 by reapply");

            // a VLAN on a NIC whose own profile raises its MTU
            side.run(List.of("con", "add", "type", "vlan", "con-name", "mtV30", "ifname", "ens224.30", "dev", "ens224", "id",
                    "30", "ipv4.method", "disabled", "ipv6.method", "disabled"));
            side.run(List.of("con", "add", "type", "ethernet", "con-name", "mtE", "ifname", "ens224", "autoconnect", "no",
                    "ethernet.mtu", "9000", "ipv4.method", "disabled", "ipv6.method", "disabled"));
            side.settle();
            mtus(side, record, "VLAN on a NIC");
            side.run(List.of("con", "up", "mtE"));
            mtus(side, record, "NIC 9000 by its profile");
            side.run(List.of("con", "down", "mtE"));
            mtus(side, record, "NIC profile down");
        });
    }

    private static void mtus(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        side.settle();
        StringBuilder sb = new StringBuilder();
        for (String n : List.of("bond3", "bond3.20", "bond3.21", "ens192", "ens224", "ens224.30")) {
            sb.append(n).append(' ').append(GUEST.rtnl().link(n).map(l -> l.mtu() + (l.isUp() ? " up" : " down")).orElse("none"))
                    .append('\n');
        }
        record.put(what, sb.toString());
        SideBySide.recordActive(side, record, what);
    }
}
