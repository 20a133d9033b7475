package org.bondctl.nmcli;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.RouteAttrs;
import org.bondctl.rtnl.Rtnl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Routes of a type other than unicast (type=blackhole, unreachable, prohibit, throw, local in
 * ipv4.routes and ipv6.routes): the same lines through NetworkManager 1.42's nmcli and through
 * {@code bondctl nmcli}, with a blackhole route someone else made (proto static, as NM's own)
 * beside them all along. The kernel's typed routes, nmcli's view and the profile's route keys
 * after each step: added with the bond, changed by a reapply, by an up, gone with a down, back
 * with the next up, and the same refusals.
 */
@Tag("kernel")
@Tag("nm")
class NmcliTypedRoutesVsNmKernelTest {
    static final List<String> IDS = List.of("p1", "bond0");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond0");

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        Route theirs = Route.of(Address.parse("203.0.113.0/24"), null, 0, 0, Rtnl.RT_TABLE_MAIN,
                RouteAttrs.parse(List.of("type=blackhole"), Rtnl.AF_INET));
        SideBySide.compareOnSystem("nmcli-typed-routes-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade(); // its links, and the routes NM left
            GUEST.rtnl().addRoute(theirs, false, "test: their route");
            try {
                // an explicit route metric: NM's own history of metrics stays out of the comparison
                SideBySide.bondWithPort(side, "ipv4.route-metric", "425", "ipv4.routes", "198.51.100.0/24 type=blackhole,"
                        + " 198.51.101.0/24 50 type=unreachable, 198.51.102.0/24 type=prohibit table=100,"
                        + " 198.51.103.0/24 type=throw table=100 tos=16, 192.0.2.77/32 type=local",
                        "ipv6.method", "manual", "ipv6.addresses", "2001:db8:1::10/64", "ipv6.route-metric", "425",
                        "ipv6.routes", "2001:db8:9::/48 type=blackhole, 2001:db8:1::77/128 type=local,"
                        + " 2001:db8:c::/48 type=prohibit from=2001:db8:1::/64");
                state(side, record, "added");
                side.run(List.of("connection", "modify", "bond0", "ipv4.routes", "198.51.100.0/24 type=blackhole,"
                        + " 198.51.105.0/24 type=unreachable mtu=1300, 192.0.2.77/32 type=local",
                        "ipv6.routes", "2001:db8:9::/48 type=unreachable"));
                side.run(List.of("device", "reapply", "bond0"));
                state(side, record, "changed, reapplied");
                side.run(List.of("connection", "modify", "bond0", "+ipv4.routes", "198.51.106.0/24 type=throw",
                        "-ipv4.routes", "0"));
                side.run(List.of("connection", "up", "bond0"));
                state(side, record, "one added, one removed, up");
                side.run(List.of("connection", "down", "bond0"));
                state(side, record, "down");
                for (String bad : List.of("198.51.104.0/24 192.0.2.1 type=blackhole", "198.51.104.0/24 type=blackhole weight=5",
                        "198.51.104.0/24 type=anycast", "198.51.104.0/24 type=prohibit 10")) {
                    record.put("refused: " + bad, side.attempt(List.of("connection", "modify", "bond0", "+ipv4.routes", bad)));
                }
                side.run(List.of("connection", "up", "bond0"));
                state(side, record, "up again");
            } finally {
                GUEST.rtnl().deleteRoute(theirs, "test: their route");
            }
        });
    }

    /** The kernel's typed routes, nmcli's view of the profile's routes, and the keyfile's route keys. */
    private static void state(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        side.settle();
        TreeSet<String> out = new TreeSet<>();
        for (Route r : GUEST.rtnl().typedRoutes()) {
            String dev = GUEST.rtnl().links().stream().filter(l -> l.index() == r.oif()).map(l -> l.name()).findFirst().orElse("-");
            out.add(Route.typeName(r.type()) + " " + r.destinationText() + " dev " + dev + " table " + r.table() + " metric "
                    + r.effectiveMetric() + " scope " + r.scope() + " proto " + r.protocol()
                    + (r.attrs().isEmpty() ? "" : " " + r.attrs().kernelKey(r.family())));
        }
        record.put(what + ": kernel", String.join("\n", out) + "\n");
        SideBySide.recordProfile(side, record, what, "bond0", "ipv4.routes,ipv6.routes", l -> l.startsWith("route") && !l.startsWith("route-metric"));
    }
}
