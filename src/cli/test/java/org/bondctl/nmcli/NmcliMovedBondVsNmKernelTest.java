package org.bondctl.nmcli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bond profile whose connection.interface-name changes while it is active: NetworkManager
 * 1.42 keeps the bond until the profile's next activation, then deletes it and makes the new
 * one (bondctl renames it: the same kernel state, ports, address and default route on the new
 * name); taken down instead, the old bond goes. Before this, bondctl made the second bond beside
 * the first and failed on the default route the first still held (EEXIST). The same lines
 * through NM's nmcli and through {@code bondctl nmcli} on the system's profiles; the kernel's
 * bonds, ports, IPv4 addresses and default route after each must be the same. Not compared: the
 * empty bond NM makes for the new name as soon as the profile is modified (up, no port, no
 * address; it also stays after a 'connection down'); bondctl makes nothing before the up.
 */
@Tag("kernel")
@Tag("nm")
class NmcliMovedBondVsNmKernelTest {
    static final List<String> IDS = List.of("mvP", "mvB");
    static final List<String> BONDS = List.of("bond74", "bond75", "bond76");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond74", "bond75", "bond76");

    @Test
    void aRenamedActiveBondIsMovedAtItsNextActivation() throws Exception {
        SideBySide.compareOnSystem("nmcli-moved-bond-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            side.run(List.of("connection", "add", "type", "bond", "con-name", "mvB", "ifname", "bond74", "mode", "active-backup",
                    "ipv4.method", "manual", "ipv4.addresses", "192.0.2.74/24", "ipv4.gateway", "192.0.2.1", "ipv6.method",
                    "disabled"));
            side.run(List.of("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "mvP", "ifname",
                    "ens192", "master", "mvB"));
            state(side, record, "added");
            side.run(List.of("connection", "modify", "mvB", "connection.interface-name", "bond75"));
            state(side, record, "modified: the old bond stays until the next activation");
            side.run(List.of("connection", "up", "mvB"));
            state(side, record, "up: on the new name");
            record.put("-g connection.interface-name", side.run(List.of("-g", "connection.interface-name", "connection", "show",
                    "mvB")));
            side.run(List.of("connection", "modify", "mvB", "connection.interface-name", "bond76"));
            side.run(List.of("connection", "down", "mvB"));
            state(side, record, "modified again, then down: the old bond goes");
        });
    }

    private static void state(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        side.settle();
        List<String> out = new ArrayList<>();
        Map<Integer, List<Address>> addresses = GUEST.rtnl().allAddresses();
        List<Route> routes = GUEST.rtnl().routes();
        for (String n : BONDS) {
            Link l = GUEST.rtnl().link(n).orElse(null);
            if (l == null) {
                continue;
            }
            List<Address> v4 = addresses.getOrDefault(l.index(), List.of()).stream().filter(a -> a.family() == Rtnl.AF_INET)
                    .toList();
            if (v4.isEmpty() && GUEST.rtnl().links().stream().noneMatch(p -> p.master() == l.index())) {
                continue; // NM makes the device of a modified profile at once, empty (bondctl at its up)
            }
            StringBuilder s = new StringBuilder(n + (l.isUp() ? " up" : " down"));
            v4.forEach(a -> s.append(" ").append(a));
            routes.stream().filter(r -> r.oif() == l.index() && r.isDefault() && r.family() == Rtnl.AF_INET)
                    .forEach(r -> s.append(" default via ").append(Address.text(r.gateway())));
            out.add(s.toString());
        }
        GUEST.rtnl().link("ens192").filter(l -> l.master() != 0).ifPresent(l -> out.add("ens192 in "
                + GUEST.rtnl().link(l.master()).map(Link::name).orElse("?")));
        record.put(what, String.join("\n", out) + "\n");
    }
}
