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
 * A bond's IPv6 methods one after another, as NetworkManager 1.42 reaches them (seen in the
 * test bed): {@code manual} with two addresses lists them in the profile's order (NM adds them
 * last to first: the kernel lists a link's addresses newest first); {@code auto} keeps the
 * profile's static addresses and gateway beside what router advertisements would add (none
 * here); {@code link-local} leaves no global address and no route but the link-local prefix.
 * The same lines through NM's nmcli and through {@code bondctl nmcli} on the system's profiles;
 * after each, the bond's global IPv6 addresses in the kernel's order and its IPv6 routes but
 * the kernel's link-local and multicast ones must be the same.
 */
@Tag("kernel")
@Tag("nm")
class NmcliIpv6MethodsVsNmKernelTest {
    static final List<String> IDS = List.of("v6mB", "v6mP");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond74");

    @Test
    void eachMethodLeavesTheBondWithTheAddressesAndRoutesNetworkManagerGivesIt() throws Exception {
        SideBySide.compareOnSystem("nmcli-ipv6-methods-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            side.run(List.of("connection", "add", "type", "bond", "con-name", "v6mB", "ifname", "bond74", "mode",
                    "active-backup", "ipv4.method", "manual", "ipv4.addresses", "192.0.2.74/24", "ipv6.method", "manual",
                    "ipv6.addresses", "2001:db8:74::1/64,2001:db8:75::1/64", "ipv6.gateway", "2001:db8:74::ff"));
            // a port, for carrier: NetworkManager configures the bond's IP only once it has one
            step(side, record, "manual, two addresses and a gateway", "connection", "add", "type", "ethernet", "slave-type",
                    "bond", "con-name", "v6mP", "ifname", "ens192", "master", "v6mB");
            side.run(List.of("connection", "modify", "v6mB", "ipv6.method", "auto"));
            step(side, record, "auto: the static part stays", "connection", "up", "v6mB");
            side.run(List.of("connection", "modify", "v6mB", "ipv6.method", "link-local", "ipv6.addresses", "",
                    "ipv6.gateway", ""));
            step(side, record, "link-local: no global address, no gateway", "connection", "up", "v6mB");
            side.run(List.of("connection", "modify", "v6mB", "ipv6.method", "auto", "ipv6.addresses",
                    "2001:db8:76::1/64,2001:db8:74::1/64,2001:db8:75::1/64", "ipv6.routes", "2001:db8:9::/48 2001:db8:74::fe 50"));
            step(side, record, "auto with three addresses and a route", "connection", "up", "v6mB");
        });
    }

    private static void step(SideBySide.Side side, Map<String, String> record, String what, String... line) throws Exception {
        side.run(List.of(line));
        side.settle();
        List<String> state = new ArrayList<>();
        Link l = GUEST.rtnl().link("bond74").orElse(null);
        if (l != null) {
            GUEST.rtnl().addresses(l.index()).stream().filter(a -> a.family() == Rtnl.AF_INET6 && !a.isLinkLocal())
                    .forEach(a -> state.add("address " + a));
            for (Route r : GUEST.rtnl().routes()) {
                boolean linkLocal = r.destination() != null && r.destination().isLinkLocalAddress()
                        || r.destination() != null && r.destination().isMulticastAddress();
                if (r.oif() == l.index() && r.family() == Rtnl.AF_INET6 && r.table() == Rtnl.RT_TABLE_MAIN && !linkLocal) {
                    state.add("route " + r.destinationText() + (r.gateway() == null ? "" : " via " + Address.text(r.gateway()))
                            + " metric " + r.metric());
                }
            }
        }
        record.put(what, String.join("\n", state) + "\n");
    }
}
