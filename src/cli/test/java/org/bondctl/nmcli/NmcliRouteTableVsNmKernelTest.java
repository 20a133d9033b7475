package org.bondctl.nmcli;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ipv4.route-table and ipv6.route-table: the same lines through NetworkManager 1.42's nmcli and
 * through {@code bondctl nmcli}. The gateway, the routes that name no table and the addresses'
 * prefix routes go to the profile's table (the addresses noprefixroute); a route someone else
 * put in that table stays on a reapply; a reapply with another table moves them; the same
 * refusals of bad numbers. The kernel's routes of the bond, the addresses' flags, nmcli's view
 * and the keyfile after each step.
 */
@Tag("kernel")
@Tag("nm")
class NmcliRouteTableVsNmKernelTest {
    static final List<String> IDS = List.of("p1", "bond0");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond0");

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        SideBySide.compareOnSystem("nmcli-route-table-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            // an explicit route metric: NM's own history of metrics stays out of the comparison
            SideBySide.bondWithPort(side, "ipv4.addresses", "192.0.2.10/24, 198.51.100.10/24", "ipv4.gateway", "192.0.2.1",
                    "ipv4.route-metric", "425", "ipv4.route-table", "5000",
                    "ipv4.routes", "198.51.101.0/24 192.0.2.254, 198.51.103.0/24 type=blackhole, 192.0.2.77/32 type=local",
                    "ipv6.method", "manual", "ipv6.addresses", "2001:db8:1::10/64", "ipv6.gateway", "2001:db8:1::1",
                    "ipv6.route-metric", "425", "ipv6.route-table", "5001", "ipv6.routes", "2001:db8:5::/48 2001:db8:1::fe");
            state(side, record, "added");
            GUEST.rtnl().addRoute(Route.of(Address.parse("203.0.113.0/24"), java.net.InetAddress.getByName("192.0.2.254"),
                    GUEST.rtnl().require("bond0").index(), 0, 5000), false, "test: their route in table 5000");
            side.run(List.of("device", "reapply", "bond0"));
            state(side, record, "reapplied, their route in 5000");
            side.run(List.of("connection", "modify", "bond0", "ipv4.route-table", "0", "ipv6.route-table", "300"));
            side.run(List.of("device", "reapply", "bond0"));
            state(side, record, "tables 0 and 300, reapplied");
            side.run(List.of("connection", "modify", "bond0", "ipv4.route-table", "254"));
            side.run(List.of("connection", "up", "bond0"));
            state(side, record, "table 254, up");
            for (String bad : List.of("abc", "-1", "4294967296", "")) {
                record.put("refused: " + bad, side.attempt(List.of("connection", "modify", "bond0", "ipv4.route-table", bad)));
            }
            side.run(List.of("connection", "modify", "bond0", "ipv4.route-table", "4294967295", "ipv6.route-table", "0"));
            state(side, record, "largest table, not applied yet");
            side.run(List.of("connection", "down", "bond0"));
            state(side, record, "down");
        });
    }

    /** The bond's routes but IPv6 link-local and multicast ones, its addresses' flags, nmcli's view and the keyfile. */
    private static void state(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        side.settle();
        TreeSet<String> out = new TreeSet<>();
        int bond = GUEST.rtnl().link("bond0").map(l -> l.index()).orElse(-1);
        List<Route> all = new java.util.ArrayList<>(GUEST.rtnl().routes());
        all.addAll(GUEST.rtnl().typedRoutes());
        for (Route r : all) {
            if ((r.oif() == bond || Route.isNowhere(r.type())) && (r.destination() == null || !r.destination().isLinkLocalAddress())
                    && !(r.family() == Rtnl.AF_INET6 && r.prefix() == 8 && r.destination() != null
                    && r.destination().isMulticastAddress())) {
                out.add(Route.typeName(r.type()) + " " + r.destinationText() + (r.gateway() == null ? "" : " via "
                        + Address.text(r.gateway())) + " table " + r.table() + " metric " + r.effectiveMetric() + " proto "
                        + r.protocol() + (r.attrs().isEmpty() ? "" : " " + r.attrs().kernelKey(r.family())));
            }
        }
        for (org.bondctl.rtnl.AddressEntry e : GUEST.rtnl().addressEntries()) {
            if (e.index() == bond && !e.address().isLinkLocal()) {
                out.add("address " + e.address() + (e.prefixMetric() < 0 ? " noprefixroute" : ""));
            }
        }
        record.put(what + ": kernel", String.join("\n", out) + "\n");
        SideBySide.recordProfile(side, record, what, "bond0", "ipv4.route-table,ipv6.route-table", l -> l.startsWith("route") || l.startsWith("gateway") || l.startsWith("address"));
    }
}
