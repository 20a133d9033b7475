package org.bondctl.nmcli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Route metrics as NetworkManager gives them: an address's prefix route and the default route
 * at the profile's route metric, the device type's default when it names none (bond 300, VLAN
 * 400), each further VLAN the next free one (401, 402, ...; a VLAN with both families
 * disabled takes one too), and a new route-metric moving them on reapply and on up. The same
 * lines through NetworkManager 1.42's nmcli and through {@code bondctl nmcli} on the system's
 * profiles: the routes of the bond and its VLANs (destination, device, metric) after each
 * must be the same.
 */
@Tag("kernel")
@Tag("nm")
class NmcliRouteMetricsVsNmKernelTest {
    static final List<String> IDS = List.of("v70", "v60", "v50", "v30", "v20", "v10", "p1", "bond0");
    static final List<String> DEVICES = List.of("bond0", "bond0.10", "bond0.20", "bond0.30", "bond0.50", "bond0.60", "bond0.70");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond0.70", "bond0.60", "bond0.50", "bond0.30", "bond0.20", "bond0.10", "bond0");

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        SideBySide.compareOnSystem("nmcli-route-metrics-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            side.run(List.of("connection", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0", "bond.options",
                    "mode=active-backup,miimon=100", "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24,192.0.2.11/24",
                    "ipv4.gateway", "192.0.2.1", "ipv6.method", "manual", "ipv6.addresses", "2001:db8:1::10/64"));
            side.run(List.of("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "p1", "ifname", "ens192",
                    "master", "bond0"));
            side.settle();
            side.run(List.of("connection", "add", "type", "vlan", "con-name", "v10", "dev", "bond0", "id", "10",
                    "ipv4.method", "disabled", "ipv6.method", "disabled"));
            side.settle();
            side.run(List.of("connection", "add", "type", "vlan", "con-name", "v20", "dev", "bond0", "id", "20",
                    "ipv4.method", "manual", "ipv4.addresses", "198.51.100.20/28", "ipv6.method", "disabled",
                    // metric 0 given is metric 0 (not the VLAN's 401); "0.0.0.0" no next hop; a gateway
                    // on no subnet of the VLAN gets a route to itself (.99 is off 198.51.100.16/28)
                    "ipv4.routes", "203.0.113.0/24 0.0.0.0 0, 203.0.114.0/24 198.51.100.17, 203.0.115.0/24 198.51.100.99 33"));
            side.settle();
            side.run(List.of("connection", "add", "type", "vlan", "con-name", "v30", "dev", "bond0", "id", "30",
                    "ipv4.method", "disabled", "ipv6.method", "manual", "ipv6.addresses", "2001:db8:30::1/64",
                    "ipv6.gateway", "2001:db8:31::1")); // off the VLAN's subnet too
            routes(side, record, "added one by one");
            // (not IP4.ROUTE: NM lists a route per address, the secondary's too, in an order of its own)
            side.run(List.of("connection", "modify", "bond0", "ipv4.route-metric", "77", "ipv6.route-metric", "66"));
            side.run(List.of("device", "reapply", "bond0"));
            routes(side, record, "route-metric 77/66, reapplied");
            side.run(List.of("connection", "modify", "bond0", "ipv4.route-metric", "-1", "ipv6.route-metric", "-1",
                    "ipv4.addresses", "192.0.2.10/24"));
            side.run(List.of("connection", "up", "bond0"));
            routes(side, record, "route-metric back to the default, up");
            side.run(List.of("connection", "add", "type", "vlan", "con-name", "v50", "dev", "bond0", "id", "50",
                    "ipv4.method", "manual", "ipv4.addresses", "198.51.100.50/28", "ipv4.route-metric", "45",
                    "ipv6.method", "disabled"));
            routes(side, record, "a VLAN with its own metric");
            // one with its own metric in both families reserves none: the next VLAN gets the next free one
            side.run(List.of("connection", "add", "type", "vlan", "con-name", "v60", "dev", "bond0", "id", "60",
                    "ipv4.method", "manual", "ipv4.addresses", "198.51.100.60/28", "ipv4.route-metric", "46",
                    "ipv6.method", "manual", "ipv6.addresses", "2001:db8:60::1/64", "ipv6.route-metric", "47"));
            side.settle();
            side.run(List.of("connection", "add", "type", "vlan", "con-name", "v70", "dev", "bond0", "id", "70",
                    "ipv4.method", "manual", "ipv4.addresses", "198.51.100.70/28", "ipv6.method", "disabled"));
            routes(side, record, "VLANs with both metrics given, then none");
        });
    }

    private static void routes(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        side.settle();
        List<Link> links = GUEST.rtnl().links();
        TreeSet<String> out = new TreeSet<>();
        for (Route r : GUEST.rtnl().routes()) {
            String dev = links.stream().filter(l -> l.index() == r.oif()).map(Link::name).findFirst().orElse("");
            if (DEVICES.contains(dev) && !(r.destination() != null && r.destination().isLinkLocalAddress())) {
                out.add(r.destinationText() + (r.gateway() == null ? "" : " via " + org.bondctl.rtnl.Address.text(r.gateway()))
                        + " dev " + dev + " metric " + r.effectiveMetric());
            }
        }
        record.put(what, String.join("\n", new ArrayList<>(out)) + "\n");
    }
}
