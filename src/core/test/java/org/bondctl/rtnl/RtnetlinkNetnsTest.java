package org.bondctl.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.bondctl.error.BondctlException;
import org.bondctl.wire.NetlinkException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Generic link, address and route operations against the running kernel, inside a fresh
 * network namespace (needs root; the host kernel is enough: veth, no bonding).
 */
@NeedsRoot
class RtnetlinkNetnsTest {
    private NetnsFixture ns;
    private Rtnetlink rtnl;

    @BeforeEach
    void setUp() {
        ns = new NetnsFixture();
        rtnl = ns.rtnl();
    }

    @AfterEach
    void tearDown() {
        rtnl.close();
        ns.close();
        assertFalse(Netns.exists(ns.name));
    }

    /** ens192 with its peer p192, both up. */
    private Link upVeth() {
        rtnl.createVeth("ens192", "p192");
        Link dev = rtnl.require("ens192");
        rtnl.setUp(dev, true);
        rtnl.setUp(rtnl.require("p192"), true);
        return dev;
    }

    @Test
    void freshNamespaceHasOnlyLoopback() {
        List<Link> links = rtnl.links();
        assertEquals(1, links.size());
        assertEquals("lo", links.get(0).name());
    }

    @Test
    void vethPairIsCreatedUpDownAndDeleted() {
        rtnl.createVeth("ens192", "p192");
        Link a = rtnl.require("ens192");
        Link b = rtnl.require("p192");
        assertEquals("veth", a.kind());
        assertFalse(a.isUp());
        assertEquals(6, a.address().length());

        rtnl.setUp(a, true);
        rtnl.setUp(b, true);
        a = rtnl.require("ens192");
        assertTrue(a.isUp());
        assertTrue(rtnl.require("ens192").carrier() || waitCarrier("ens192"));

        rtnl.setUp(rtnl.require("p192"), false);
        assertTrue(waitNoCarrier("ens192"), "pulling the peer drops carrier");

        rtnl.deleteLink(rtnl.require("ens192"));
        assertTrue(rtnl.link("ens192").isEmpty());
        assertTrue(rtnl.link("p192").isEmpty(), "deleting one end deletes the pair");
    }

    @Test
    void routeAttributesAreHeldAsGivenAndDeletedWithThem() throws Exception {
        Link dev = upVeth();
        rtnl.addAddress(dev, Address.parse("192.0.2.10/24"));
        Address dst = Address.parse("198.51.100.0/24");
        InetAddress gw = InetAddress.getByName("192.0.2.254");
        Route full = Route.of(dst, gw, 0, 50, Rtnl.RT_TABLE_MAIN, RouteAttrs.parse(List.of("src=192.0.2.10", "mtu=1400",
                "lock-mtu=true", "window=1000", "initcwnd=20", "initrwnd=30", "advmss=1300", "quickack=true", "rto_min=100",
                "cwnd=10", "lock-cwnd=true"), Rtnl.AF_INET));
        Route tos = Route.of(dst, gw, 0, 50, Rtnl.RT_TABLE_MAIN, RouteAttrs.parse(List.of("tos=16"), Rtnl.AF_INET));
        Route onlink = Route.of(Address.parse("198.51.98.0/24"), InetAddress.getByName("10.99.0.1"), dev.index(), 0,
                Rtnl.RT_TABLE_MAIN, RouteAttrs.parse(List.of("onlink=true"), Rtnl.AF_INET));
        Route v6 = Route.of(Address.parse("2001:db8:9::/48"), InetAddress.getByName("2001:db8:1::fe"), dev.index(), 100,
                Rtnl.RT_TABLE_MAIN, RouteAttrs.parse(List.of("from=2001:db8:1::/64", "mtu=1300", "onlink=true"), Rtnl.AF_INET6));
        for (Route r : List.of(full, tos, onlink, v6)) {
            rtnl.addRoute(r, false, "add route " + r.destinationText());
        }
        List<Route> have = rtnl.routes();
        for (Route r : List.of(full, tos, onlink, v6)) {
            Route want = r.withOif(dev.index());
            List<Route> same = have.stream().filter(want::sameAs).toList();
            assertEquals(1, same.size(), () -> want + " among " + have);
            assertTrue(want.sameState(same.get(0)), () -> want + " read back as " + same.get(0));
            assertEquals(r.attrs().kernelKey(r.family()), same.get(0).attrs().kernelKey(r.family()));
        }
        assertFalse(full.withOif(dev.index()).sameAs(tos.withOif(dev.index())), "the TOS is part of the route's identity");
        NetlinkException zeroCwnd = assertThrows(NetlinkException.class, () -> rtnl.addRoute(Route.of(Address.parse(
                "198.51.97.0/24"), gw, 0, 0, Rtnl.RT_TABLE_MAIN, RouteAttrs.parse(List.of("lock-cwnd=true"), Rtnl.AF_INET)),
                false, "add route 198.51.97.0/24"));
        assertEquals(22, zeroCwnd.errno(), "a locked cwnd of 0 is refused (EINVAL): " + zeroCwnd.getMessage());
        Route other = Route.of(dst, gw, dev.index(), 50, Rtnl.RT_TABLE_MAIN, RouteAttrs.parse(List.of("mtu=1500"), Rtnl.AF_INET));
        assertFalse(other.sameState(have.stream().filter(other::sameAs).findFirst().orElseThrow()), "another MTU is a change");
        for (Route r : List.of(full, tos, onlink, v6)) {
            rtnl.deleteRoute(r, "delete route " + r.destinationText());
        }
        assertTrue(rtnl.routes().stream().noneMatch(r -> r.protocol() == Rtnl.RTPROT_STATIC), () -> rtnl.routes().toString());
    }

    @Test
    void routingRulesAreHeldAsGivenAndDeletedByWhatTheyAre() {
        upVeth();
        List<RoutingRule> rules = List.of(
                RoutingRule.parse("priority 60 from 192.0.2.0/24 table 200", Rtnl.AF_INET),
                RoutingRule.parse("priority 61 fwmark 0x10/0xff iif lo oif ens192 ipproto 6 sport 1000-2000 dport 22 tos 0x10"
                        + " uidrange 10-20 suppress_prefixlength 8 table 5", Rtnl.AF_INET),
                RoutingRule.parse("priority 62 not to 198.51.100.0/24 type unreachable", Rtnl.AF_INET),
                RoutingRule.parse("priority 63 fwmark 16 type blackhole", Rtnl.AF_INET),
                RoutingRule.parse("priority 64 to 2001:db8:1::/48 ipproto 17 dport 53 table 100000", Rtnl.AF_INET6),
                RoutingRule.parse("priority 65 from 2001:db8::/64 type prohibit", Rtnl.AF_INET6));
        List<RoutingRule> before = rtnl.rules();
        assertTrue(before.stream().noneMatch(r -> r.protocol() == Rtnl.RTPROT_STATIC), before::toString);
        for (RoutingRule r : rules) {
            rtnl.addRule(r, "add rule " + r);
        }
        List<RoutingRule> have = rtnl.rules();
        for (RoutingRule r : rules) {
            List<RoutingRule> same = have.stream().filter(r::sameAs).toList();
            assertEquals(1, same.size(), () -> r + " among " + have);
            assertEquals(r, same.get(0), "read back field for field, proto static");
        }
        NetlinkException again = assertThrows(NetlinkException.class, () -> rtnl.addRule(rules.get(0), "add rule again"));
        assertEquals(17, again.errno(), "the same rule twice is refused (EEXIST): " + again.getMessage());
        // a rule of the same priority made by someone else (ip rule, no protocol) is not ours to delete
        RoutingRule theirs = RoutingRule.parse("priority 60 from 192.0.2.0/24 table 201", Rtnl.AF_INET).withProtocol(0);
        rtnl.addRule(theirs, "add their rule");
        for (RoutingRule r : rules) {
            rtnl.deleteRule(r, "delete rule " + r);
        }
        List<RoutingRule> after = rtnl.rules();
        assertTrue(after.stream().noneMatch(r -> r.protocol() == Rtnl.RTPROT_STATIC), after::toString);
        assertTrue(after.stream().anyMatch(theirs::equals), after::toString);
        assertEquals(before.size() + 1, after.size());
    }

    @Test
    void anIpv4AddressHasTheBroadcastAddressNetworkManagerGivesIt() {
        Link dev = upVeth();
        rtnl.addAddress(dev, Address.parse("192.0.2.10/24"));
        rtnl.addAddress(dev, Address.parse("198.51.100.5/30"));
        rtnl.addAddress(dev, Address.parse("192.0.2.20/31"));
        rtnl.addAddress(dev, Address.parse("2001:db8::10/64"));
        // "brd 192.0.2.255" in ip addr, as NM adds it; none for /31 (no broadcast address) nor for IPv6
        java.util.Map<String, String> brd = new java.util.TreeMap<>();
        rtnl.addressEntries().stream().filter(e -> e.index() == dev.index() && !e.address().isLinkLocal())
                .forEach(e -> brd.put(e.address().toString(), String.valueOf(e.broadcast())));
        assertEquals("{192.0.2.10/24=/192.0.2.255, 192.0.2.20/31=null, 198.51.100.5/30=/198.51.100.7, 2001:db8::10/64=null}",
                brd.toString());
    }

    @Test
    void typedRoutesAreListedApartFromUnicastOnesAndDeletedWithoutAnInterface() {
        Link dev = upVeth();
        rtnl.addAddress(dev, Address.parse("192.0.2.10/24"));
        rtnl.addAddress(dev, Address.parse("2001:db8::10/64"));
        Route blackhole = typed("198.51.100.0/24", 0, 100, Rtnl.RT_TABLE_MAIN, "type=blackhole", "mtu=1300", "src=192.0.2.10");
        Route unreachable = typed("198.51.101.0/24", 0, 50, Rtnl.RT_TABLE_MAIN, "type=unreachable");
        Route throwIt = typed("198.51.102.0/24", 0, 100, 100, "type=throw", "tos=16");
        Route prohibit6 = typed("2001:db8:a::/48", 0, 100, 100, "type=prohibit");
        Route blackhole6 = typed("2001:db8:c::/48", 0, 100, Rtnl.RT_TABLE_MAIN, "type=blackhole", "from=2001:db8::/64");
        Route local = typed("192.0.2.77/32", dev.index(), 100, Rtnl.RT_TABLE_LOCAL, "type=local");
        Route local6 = typed("2001:db8::77/128", dev.index(), 100, Rtnl.RT_TABLE_LOCAL, "type=local");
        List<Route> all = List.of(blackhole, unreachable, throwIt, prohibit6, blackhole6, local, local6);
        assertEquals(Rtnl.RT_SCOPE_HOST, local.scope(), "a local IPv4 route is scope host, as NM adds it");
        assertEquals(Rtnl.RT_SCOPE_LINK, blackhole.scope(), "one without gateway scope link, as NM adds it");
        for (Route r : all) {
            rtnl.addRoute(r, false, "add " + Route.typeName(r.type()) + " route " + r.destinationText());
        }
        List<Route> have = rtnl.typedRoutes();
        assertEquals(all.size(), have.size(), () -> "only the routes added, not the kernel's own local ones: " + have);
        for (Route r : all) {
            // the kernel shows an IPv6 route that sends nowhere on lo: the planner compares them without interface
            List<Route> same = have.stream().map(h -> Route.isNowhere(h.type()) ? h.withOif(0) : h)
                    .filter(h -> h.type() == r.type() && r.sameState(h)).toList();
            assertEquals(1, same.size(), () -> r + " among " + have);
            assertEquals(Rtnl.RTPROT_STATIC, same.get(0).protocol());
        }
        assertTrue(rtnl.routes().stream().noneMatch(r -> r.protocol() == Rtnl.RTPROT_STATIC), "none among the unicast routes");
        // the largest table NetworkManager's route-table takes, 4294967295, held in an int as unsigned
        Route last = Route.of(Address.parse("198.51.99.0/24"), null, dev.index(), 0, (int) 4294967295L);
        rtnl.addRoute(last, false, "add route in table 4294967295");
        assertTrue(rtnl.routes().stream().anyMatch(last::sameState), () -> rtnl.routes().toString());
        rtnl.deleteRoute(last, "delete route in table 4294967295");
        for (Route r : all) {
            rtnl.deleteRoute(r, "delete route " + r.destinationText());
        }
        assertEquals(List.of(), rtnl.typedRoutes());
    }

    private static Route typed(String dst, int oif, int metric, int table, String... attrs) {
        Address a = Address.parse(dst);
        return Route.of(a, null, oif, metric, table, RouteAttrs.parse(List.of(attrs), a.family()));
    }

    @Test
    void duplicateCreateIsRefusedWithKernelText() {
        rtnl.createVeth("ens192", "p192");
        NetlinkException e = assertThrows(NetlinkException.class, () -> rtnl.createVeth("ens192", "p999"));
        assertEquals(17, e.errno());
        assertEquals(BondctlException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().startsWith("create veth pair ens192/p999: File exists (EEXIST)"), e.getMessage());
        assertTrue(rtnl.link("p999").isEmpty(), "nothing half-created");
    }

    @Test
    void addressesAndDefaultRoute() throws Exception {
        Link dev = upVeth();
        Address a = Address.parse("192.0.2.10/24");
        rtnl.addAddress(dev, a);
        assertEquals(List.of(a), rtnl.addresses(dev.index()).stream().filter(x -> x.family() == Rtnl.AF_INET).toList());

        NetlinkException dup = assertThrows(NetlinkException.class, () -> rtnl.addAddress(dev, a));
        assertEquals(17, dup.errno());

        InetAddress gw = InetAddress.getByName("192.0.2.1");
        rtnl.addRoute(Route.of(null, gw, 0, 0, Rtnl.RT_TABLE_MAIN), false, "add default route");
        Route def = rtnl.routes().stream().filter(r -> r.family() == Rtnl.AF_INET && r.isDefault())
                .findFirst().orElseThrow();
        assertEquals(gw, def.gateway());
        assertEquals(dev.index(), def.oif(), "kernel resolved the device from the connected subnet");

        NetlinkException unreachable = assertThrows(NetlinkException.class,
                () -> rtnl.addRoute(Route.of(null, InetAddress.getByName("198.51.100.1"), dev.index(), 0, Rtnl.RT_TABLE_MAIN),
                        true, "add default route"));
        assertTrue(unreachable.getMessage().contains("kernel: Nexthop has invalid gateway"), unreachable.getMessage());

        rtnl.deleteRoute(def.withOif(0), "delete default route");
        assertTrue(rtnl.routes().stream().noneMatch(r -> r.family() == Rtnl.AF_INET && r.isDefault()));
        rtnl.deleteAddress(dev, a);
        assertTrue(rtnl.addresses(dev.index()).stream().noneMatch(x -> x.equals(a)));
    }

    @Test
    void missingInterfaceIsNotFound() {
        assertTrue(rtnl.link("nosuch0").isEmpty());
        BondctlException e = assertThrows(BondctlException.class, () -> rtnl.require("nosuch0"));
        assertEquals(BondctlException.Kind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("nosuch0"));
    }

    @Test
    void missingNamespaceIsNotFound() {
        BondctlException e = assertThrows(BondctlException.class, () -> Rtnetlink.open("bondctl-no-such-ns"));
        assertEquals(BondctlException.Kind.NOT_FOUND, e.kind());
    }

    private boolean waitCarrier(String name) {
        return waitFor(name, true);
    }

    private boolean waitNoCarrier(String name) {
        return waitFor(name, false);
    }

    private boolean waitFor(String name, boolean carrier) {
        for (int i = 0; i < 200; i++) {
            if (rtnl.require(name).carrier() == carrier) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
