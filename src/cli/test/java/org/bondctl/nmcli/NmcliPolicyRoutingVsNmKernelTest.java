package org.bondctl.nmcli;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RHEL 8's procedure "Routing traffic from a specific subnet to a different default gateway by
 * using nmcli", its nmcli lines as written (four NICs: two providers, one with its default route
 * in table 5000; the workstations' subnet routed there by a rule), then a rule added and
 * reapplied, the workstations' profile deleted and a provider taken down. The same lines through
 * NetworkManager 1.42 and through {@code bondctl nmcli}: the kernel's rules and routes of every
 * table (metrics aside: NM's follow its history of the devices) and resolv.conf after each.
 */
@Tag("kernel")
@Tag("nm")
class NmcliPolicyRoutingVsNmKernelTest {
    static final List<String> NICS = List.of("ens7s0", "ens1s0", "ens8s0", "ens9s0");
    static final List<String> IDS = List.of("Provider-A", "Provider-B", "Servers");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks(NICS.toArray(String[]::new));

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        SideBySide.compareOnSystem("nmcli-policy-routing-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade(); // its links, and the rules NM left
            for (String nic : NICS) {
                GUEST.rtnl().createVeth(nic, "p" + nic);
                GUEST.rtnl().setUp(GUEST.rtnl().require("p" + nic), true);
            }
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "Provider-A", "ifname", "ens7s0",
                    "ipv4.method", "manual", "ipv4.addresses", "198.51.100.1/30", "ipv4.gateway", "198.51.100.2",
                    "ipv4.dns", "198.51.100.200", "connection.zone", "external", "ipv6.method", "disabled"));
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "Provider-B", "ifname", "ens1s0",
                    "ipv4.method", "manual", "ipv4.addresses", "192.0.2.1/30", "ipv4.routes", "0.0.0.0/0 192.0.2.2 table=5000",
                    "connection.zone", "external", "ipv6.method", "disabled"));
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "Internal-Workstations", "ifname", "ens8s0",
                    "ipv4.method", "manual", "ipv4.addresses", "10.0.0.1/24", "ipv4.routes", "10.0.0.0/24 table=5000",
                    "ipv4.routing-rules", "priority 5 from 10.0.0.0/24 table 5000", "connection.zone", "trusted",
                    "ipv6.method", "disabled"));
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "Servers", "ifname", "ens9s0",
                    "ipv4.method", "manual", "ipv4.addresses", "203.0.113.1/24", "connection.zone", "trusted",
                    "ipv6.method", "disabled"));
            state(side, record, "the procedure");
            side.run(List.of("connection", "modify", "Internal-Workstations", "+ipv4.routing-rules",
                    "priority 6 from 10.0.0.0/24 iif ens8s0 table main"));
            side.run(List.of("device", "reapply", "ens8s0"));
            state(side, record, "a rule added, reapplied");
            side.run(List.of("connection", "delete", "Internal-Workstations"));
            state(side, record, "workstations deleted");
            side.run(List.of("connection", "down", "Provider-B"));
            state(side, record, "provider B down");
        });
    }

    /** The rules but the kernel's own, the routes of every table but local (no metric, no link-local), resolv.conf. */
    private static void state(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        side.settle();
        TreeSet<String> rules = new TreeSet<>();
        GUEST.rtnl().rules().stream().filter(r -> r.protocol() != Rtnl.RTPROT_KERNEL)
                .forEach(r -> rules.add((r.family() == Rtnl.AF_INET6 ? "ipv6 " : "ipv4 ") + r + " proto " + r.protocol()));
        record.put(what + ": rules", String.join("\n", rules) + "\n");
        List<Link> links = GUEST.rtnl().links();
        TreeSet<String> routes = new TreeSet<>();
        for (Route r : GUEST.rtnl().routes()) {
            String dev = links.stream().filter(l -> l.index() == r.oif()).map(Link::name).findFirst().orElse("");
            if (NICS.contains(dev) && r.family() == Rtnl.AF_INET) {
                routes.add(r.destinationText() + (r.gateway() == null ? "" : " via " + Address.text(r.gateway())) + " dev " + dev
                        + " table " + r.table() + " proto " + Route.protocolName(r.protocol()));
            }
        }
        record.put(what + ": routes", String.join("\n", routes) + "\n");
        record.put(what + ": resolv.conf", SideBySide.resolvConf());
    }
}
