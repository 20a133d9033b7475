package org.bondctl.nmcli;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Static routes with NetworkManager's route attributes: a preferred source, on-link next hops,
 * TOS, scope, a table, the path metrics (mtu, window, initcwnd, initrwnd, advmss, rto_min,
 * quickack) with their locks, and IPv6's source prefix and source address (usable once duplicate
 * address detection is done: bondctl waits for it, NetworkManager adds the route then). The same lines through
 * NetworkManager 1.42's nmcli and through {@code bondctl nmcli}: the bond's routes as the
 * kernel holds them (attributes, scope and table included), nmcli's view of the routes and
 * the profile's route keys after each step, and the same refusals of bad attributes.
 */
@Tag("kernel")
@Tag("nm")
class NmcliRouteAttributesVsNmKernelTest {
    static final List<String> IDS = List.of("p1", "bond0");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond0");

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        SideBySide.compareOnSystem("nmcli-route-attributes-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            SideBySide.bondWithPort(side,
                    "ipv4.routes", "198.51.100.0/24 192.0.2.254 50 src=192.0.2.10 mtu=1400 lock-mtu=true window=1000"
                            + " initcwnd=20 initrwnd=30 advmss=1300 quickack=true rto_min=100, 198.51.98.0/24 10.99.0.1"
                            + " onlink=true, 198.19.1.0/24 192.0.2.254 tos=16, 198.19.0.0/16 scope=253 table=100,"
                            + " 198.51.96.0/24 192.0.2.254 mtu=0 onlink=false quickack=false",
                    "ipv6.method", "manual", "ipv6.addresses", "2001:db8:1::10/64",
                    "ipv6.routes", "2001:db8:9::/48 2001:db8:1::fe 100 from=2001:db8:1::/64 mtu=1300 onlink=true,"
                            + " 2001:db8:8::/48 2001:db8:1::fe initcwnd=15 advmss=1200 type=unicast,"
                            + " 2001:db8:7::/48 2001:db8:1::fe src=2001:db8:1::10");
            state(side, record, "added");
            side.run(List.of("connection", "modify", "bond0", "ipv4.routes", "198.51.100.0/24 192.0.2.254 50 src=192.0.2.10"
                    + " mtu=1500 initcwnd=20, 198.19.1.0/24 192.0.2.254 tos=16 cwnd=10 lock-cwnd=true,"
                    // (a route dropped from a table other than main: NM 1.42's reapply kept it in one run, removed it in another)
                    + " 198.19.0.0/16 scope=253 table=100"));
            side.run(List.of("device", "reapply", "bond0"));
            state(side, record, "attributes changed, one route gone, reapplied");
            side.run(List.of("connection", "modify", "bond0", "ipv6.routes", "2001:db8:9::/48 2001:db8:1::fe 100 mtu=1280"));
            side.run(List.of("connection", "up", "bond0"));
            state(side, record, "IPv6 route changed, up");
            for (String bad : List.of("198.51.99.0/24 192.0.2.254 tos=0x10", "198.51.99.0/24 192.0.2.254 mtu=abc",
                    "198.51.99.0/24 192.0.2.254 onlink=maybe", "198.51.99.0/24 192.0.2.254 bogus=1",
                    "198.51.99.0/24 192.0.2.254 src=2001:db8::1", "198.51.99.0/24 192.0.2.254 from=192.0.2.0/24",
                    "198.51.99.0/24 192.0.2.254 type=BLACKHOLE", "198.51.99.0/24 mtu=1400 192.0.2.254",
                    "198.51.99.0/24 192.0.2.254 mtu=1400 60", "198.51.99.0/24 60 192.0.2.254")) {
                record.put("refused: " + bad, side.attempt(List.of("connection", "modify", "bond0", "+ipv4.routes", bad)));
            }
            record.put("refused: IPv6 tos", side.attempt(List.of("connection", "modify", "bond0", "+ipv6.routes",
                    "2001:db8:7::/48 tos=3")));
            state(side, record, "after the refusals");
        });
    }

    /** The bond's routes as the kernel holds them, nmcli's view of the profile's routes, and the keyfile's route keys. */
    private static void state(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        side.settle();
        List<Link> links = GUEST.rtnl().links();
        TreeSet<String> out = new TreeSet<>();
        for (Route r : GUEST.rtnl().routes()) {
            String dev = links.stream().filter(l -> l.index() == r.oif()).map(Link::name).findFirst().orElse("");
            if (dev.equals("bond0") && r.protocol() == Rtnl.RTPROT_STATIC) {
                out.add(r.destinationText() + (r.gateway() == null ? "" : " via " + org.bondctl.rtnl.Address.text(r.gateway()))
                        + " table " + r.table() + " metric " + r.effectiveMetric()
                        + (r.family() == Rtnl.AF_INET ? " scope " + r.scope() : "") + " " + r.attrs().kernelKey(r.family()));
            }
        }
        record.put(what + ": kernel", String.join("\n", out) + "\n");
        record.put(what + ": nmcli", side.run(List.of("-g", "ipv4.routes,ipv6.routes", "connection", "show", "bond0")));
        StringBuilder keys = new StringBuilder();
        for (String l : Files.readAllLines(side.profiles().resolve("bond0.nmconnection"))) {
            if (l.startsWith("route") || l.startsWith("[ipv")) {
                keys.append(l).append('\n');
            }
        }
        record.put(what + ": keyfile", keys.toString());
    }
}
