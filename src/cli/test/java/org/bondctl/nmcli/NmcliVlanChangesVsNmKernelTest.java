package org.bondctl.nmcli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.VlanInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A whole server's runbook meets its VLANs: a bond and a VLAN at MTU 9000, then the bond's
 * profile back to 1500 and up (NM activates it; the kernel holds the VLAN to its parent's
 * MTU), and a VLAN profile whose vlan.id changes under its active VLAN (NM cannot bring it up
 * on that device and leaves the old VLAN as it is), a VLAN profile given a new interface-name and id
 * while active and brought up (NM deletes the old VLAN and makes the new one), then a port and the bond taken down (the
 * NICs they release). The same lines through NetworkManager
 * 1.42's nmcli and through {@code bondctl nmcli} on the system's profiles: outputs, exit codes,
 * active profiles and the links (MTU, VLAN id) after each must be the same.
 */
@Tag("kernel")
@Tag("nm")
class NmcliVlanChangesVsNmKernelTest {
    static final List<String> IDS = List.of("bond0.200", "bond0.100", "bond0-port1", "bond0");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond0v201", "bond0.200", "bond0.100", "bond0");

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        SideBySide.compareOnSystem("nmcli-vlan-changes-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            side.run(List.of("con", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0", "bond.options",
                    "mode=active-backup,miimon=100", "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24",
                    "ipv6.method", "disabled", "802-3-ethernet.mtu", "9000"));
            side.run(List.of("con", "add", "type", "ethernet", "slave-type", "bond", "con-name", "bond0-port1", "ifname",
                    "ens192", "master", "bond0"));
            side.settle();
            side.run(List.of("con", "add", "type", "vlan", "con-name", "bond0.100", "ifname", "bond0.100", "vlan.parent",
                    "bond0", "vlan.id", "100", "ipv4.method", "manual", "ipv4.addresses", "198.51.100.1/26",
                    "ipv6.method", "disabled"));
            side.run(List.of("con", "add", "type", "vlan", "con-name", "bond0.200", "ifname", "bond0.200", "vlan.parent",
                    "bond0", "vlan.id", "200", "ipv4.method", "manual", "ipv4.addresses", "198.51.100.65/26",
                    "ipv6.method", "disabled", "mtu", "9000"));
            state(side, record, "added");
            side.run(List.of("con", "mod", "bond0", "802-3-ethernet.mtu", "1500"));
            record.put("up at mtu 1500", side.attempt(List.of("con", "up", "bond0")).replaceAll("\\(.*", "(...)"));
            state(side, record, "bond0 at mtu 1500");
            side.run(List.of("con", "mod", "bond0.100", "vlan.id", "101"));
            record.put("vlan.id 101", side.run(List.of("-g", "vlan.id,vlan.parent,connection.interface-name", "con", "show",
                    "bond0.100")));
            record.put("up with vlan.id 101", side.attempt(List.of("con", "up", "bond0.100")));
            state(side, record, "after the refused up");
            // a new interface-name (and id) for an active VLAN's profile: up, it leaves the old VLAN (deleted) for the new
            side.run(List.of("con", "mod", "bond0.200", "connection.interface-name", "bond0v201", "vlan.id", "201"));
            // until then it is still active on its old VLAN, as NM lists it (not compared: the VLAN NM makes
            // for the new name as soon as the profile is modified, "disconnected"; bondctl makes it at the up)
            SideBySide.recordActive(side, record, "bond0.200 renamed, before its up");
            record.put("bond0.200 renamed, before its up: device status", String.join("\n", new java.util.TreeSet<>(side.run(
                    List.of("-t", "-f", "DEVICE,STATE,CONNECTION", "device")).lines().filter(l -> l.startsWith("bond0")
                    && !l.startsWith("bond0v201")).toList())) + "\n");
            record.put("bond0.200 renamed, before its up: its device and state", side.run(List.of("-g",
                    "GENERAL.DEVICES,GENERAL.STATE", "con", "show", "bond0.200")));
            side.run(List.of("con", "up", "bond0.200"));
            state(side, record, "bond0.200 renamed bond0v201, id 201, and up");
            // the NICs a deactivation releases (the kernel closes a port it releases)
            side.run(List.of("con", "down", "bond0-port1"));
            state(side, record, "port down");
            side.run(List.of("con", "up", "bond0-port1"));
            side.run(List.of("con", "down", "bond0"));
            state(side, record, "bond down");
        });
    }

    private static void state(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        side.settle();
        SideBySide.recordActive(side, record, what);
        List<String> links = new ArrayList<>();
        for (String n : List.of("bond0", "bond0.100", "bond0.200", "bond0v201", "ens192")) {
            GUEST.rtnl().link(n).ifPresent(l -> {
                VlanInfo v = VlanInfo.of(l);
                links.add(n + (l.isUp() ? " up" : " down") + " mtu " + l.mtu() + (v == null ? "" : " id " + v.id())
                        + (l.master() != 0 ? " enslaved" : ""));
            });
        }
        record.put(what + ": links", String.join("\n", links) + "\n");
    }
}
