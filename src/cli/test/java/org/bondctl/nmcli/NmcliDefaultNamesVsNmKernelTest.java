package org.bondctl.nmcli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Rtnl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A quick runbook that names nothing: profiles added without con-name (nmcli's names, made
 * unique: vlan, vlan-1), a port by the old type name bond-slave and one by ethernet with a
 * master, {@code c s -a}, {@code con up ifname}, a VLAN taken down that stays down when its bond
 * is reapplied, a device that is gone, two addresses of one subnet replaced by a reapply, a port
 * disconnected that stays out when the other port comes up again, methods that take no DNS or
 * addresses, and addresses separated by a space. The same lines through NetworkManager 1.42's nmcli and through
 * {@code bondctl nmcli} on the system's profiles: outputs, active profiles and the kernel's
 * links and addresses after each must be the same.
 */
@Tag("kernel")
@Tag("nm")
class NmcliDefaultNamesVsNmKernelTest {
    static final List<String> IDS = List.of("vlan-1", "vlan", "bond-slave-ens224", "bond-slave-ens192", "bond-bond1");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond1.30", "bond1.31", "bond1");

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        SideBySide.compareOnSystem("nmcli-default-names-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            record.put("spaced addresses", side.attempt(List.of("connection", "add", "type", "bond", "ifname", "bond1",
                    "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24 192.0.2.11/24")));
            added(side, record, "connection", "add", "type", "bond", "ifname", "bond1", "bond.options",
                    "mode=active-backup,miimon=100", "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24, 192.0.2.11/24",
                    "ipv6.method", "disabled");
            added(side, record, "connection", "add", "type", "bond-slave", "ifname", "ens192", "master", "bond1");
            added(side, record, "connection", "add", "type", "ethernet", "ifname", "ens224", "master", "bond1");
            added(side, record, "connection", "add", "type", "vlan", "dev", "bond1", "id", "30", "ipv4.method", "manual",
                    "ipv4.addresses", "198.51.100.30/24", "ipv6.method", "disabled");
            added(side, record, "connection", "add", "type", "vlan", "dev", "bond1", "id", "31", "ipv4.method", "disabled",
                    "ipv6.method", "disabled");
            state(side, record, "added");
            record.put("c s -a", side.run(List.of("-t", "-f", "NAME,TYPE,DEVICE", "c", "s", "-a")));
            side.run(List.of("connection", "down", "bond-bond1"));
            state(side, record, "bond down");
            record.put("up ifname of a device that is gone", side.attempt(List.of("connection", "up", "ifname", "bond1")));
            side.run(List.of("connection", "up", "bond-bond1"));
            state(side, record, "bond up");
            side.run(List.of("connection", "up", "ifname", "bond1"));
            state(side, record, "up ifname bond1");
            side.run(List.of("connection", "down", "vlan"));
            state(side, record, "vlan down");
            record.put("connect a device that is gone", side.attempt(List.of("device", "connect", "bond1.30")));
            side.run(List.of("connection", "up", "bond-bond1"));
            state(side, record, "bond up again, its VLAN taken down before");
            side.run(List.of("connection", "modify", "bond-bond1", "ipv4.addresses", "192.0.2.20/24"));
            side.run(List.of("device", "reapply", "bond1"));
            state(side, record, "reapplied");
            record.put("IP4.ADDRESS", side.run(List.of("-g", "IP4.ADDRESS", "device", "show", "bond1")));
            // a port disconnected stays out when the other port's profile comes up again
            side.run(List.of("device", "disconnect", "ens224"));
            state(side, record, "ens224 disconnected");
            side.run(List.of("connection", "up", "bond-slave-ens192"));
            state(side, record, "the other port up again");
            record.put("disabled with DNS", side.attempt(List.of("connection", "modify", "bond-bond1", "ipv4.dns", "192.0.2.53",
                    "ipv4.method", "disabled")));
            record.put("ignore with an address", side.attempt(List.of("connection", "modify", "bond-bond1", "ipv6.method",
                    "ignore", "ipv6.addresses", "2001:db8::1/64")));
        });
    }

    /** An add whose output names the profile (its UUID aside). */
    private static void added(SideBySide.Side side, Map<String, String> record, String... line) throws Exception {
        String out = side.run(List.of(line));
        record.put(String.join(" ", line), out.replaceAll("\\([0-9a-f-]{36}\\)", "(UUID)"));
    }

    private static void state(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        side.settle();
        SideBySide.recordActive(side, record, what);
        List<String> links = new ArrayList<>();
        Map<Integer, List<Address>> addresses = GUEST.rtnl().allAddresses();
        for (String n : List.of("bond1", "bond1.30", "bond1.31")) {
            Link l = GUEST.rtnl().link(n).orElse(null);
            if (l != null) {
                StringBuilder s = new StringBuilder(n + (l.isUp() ? " up" : " down"));
                addresses.getOrDefault(l.index(), List.of()).stream().filter(a -> a.family() == Rtnl.AF_INET)
                        .forEach(a -> s.append(" ").append(a));
                links.add(s.toString());
            }
        }
        for (String n : List.of("ens192", "ens224")) {
            GUEST.rtnl().link(n).filter(l -> l.master() != 0).ifPresent(l -> links.add(n + " in " + GUEST.rtnl().link(l.master()).map(Link::name)
                    .orElse("?")));
        }
        record.put(what + ": links", String.join("\n", links) + "\n");
    }
}
