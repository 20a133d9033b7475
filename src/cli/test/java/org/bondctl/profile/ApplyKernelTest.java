package org.bondctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.bondctl.bond.BondState;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.PortOption;
import org.bondctl.cli.Cli;
import org.bondctl.plan.Bonds;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.SeedNetwork;
import org.bondctl.cli.WithSeedCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apply, diff, idempotence, in-place changes, rollback and confirm-timeout on the real bonding driver. */
@Tag("kernel")
@WithSeedCli
class ApplyKernelTest {
    private SeedNetwork net;
    private Cli cli;
    private Bonds bonds;

    @TempDir
    Path tmp;
    Path dir;
    Path resolv;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createDirectories(tmp.resolve("profiles"));
        System.setProperty("bondctl.state-dir", tmp.resolve("state").toString());
        resolv = tmp.resolve("resolv.conf");
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("bondctl.state-dir");
    }

    static String log(Path state) {
        try {
            return Files.readString(state.resolve("rollback.log"));
        } catch (IOException e) {
            return "";
        }
    }

    static void write(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }

    /** The reference keyfiles NM 1.42.4 wrote for the seed. */
    void seedProfiles() throws IOException {
        for (String n : List.of("bond0", "ens192", "ens224")) {
            write(dir, n + ".nmconnection", KeyfileFormatTest.ref(n + ".nmconnection"));
        }
    }

    Cli.Result ok(String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + " -> " + r);
        return r;
    }

    Cli.Result apply(String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("apply", "--resolv-conf", resolv.toString()));
        a.addAll(List.of(extra));
        a.add(dir.toString());
        return cli.run(a.toArray(String[]::new));
    }

    Cli.Result diff() {
        return ok("diff", "--resolv-conf", resolv.toString(), dir.toString());
    }

    void assertSeedState() throws IOException {
        BondState s = bonds.show("bond0");
        assertEquals("active-backup", s.text(BondOption.MODE));
        assertEquals("1000", s.text(BondOption.MIIMON));
        assertEquals("10000", s.text(BondOption.UPDELAY));
        assertEquals("ens192", s.text(BondOption.PRIMARY));
        assertEquals("always", s.text(BondOption.PRIMARY_RESELECT));
        assertEquals(List.of("ens192", "ens224"), s.portNames());
        assertTrue(s.link().isUp());
        Link bond = s.link();
        assertEquals(List.of(Address.parse("192.0.2.10/24")),
                net.rtnl.addresses(bond.index()).stream().filter(a -> a.family() == Rtnl.AF_INET).toList());
        Route def = net.rtnl.routes().stream().filter(r -> r.family() == Rtnl.AF_INET && r.isDefault()).findFirst().orElseThrow();
        assertEquals("192.0.2.1", def.gateway().getHostAddress());
        assertEquals(bond.index(), def.oif());
        assertEquals(Applier.BOND_ROUTE_METRIC, def.metric());
        // the address's prefix route at the same metric, as NM has it
        assertTrue(net.rtnl.routes().stream().anyMatch(r -> r.oif() == bond.index() && r.gateway() == null
                && r.prefix() == 24 && r.metric() == Applier.BOND_ROUTE_METRIC), () -> net.rtnl.routes().toString());
        String conf = Files.readString(resolv);
        assertTrue(conf.contains("nameserver 192.0.2.53\n") && conf.contains("search k.local.lab\n"), conf);
    }

    @Test
    void seedFromNmKeyfilesIsAppliedOnceAndThenIdempotent() throws IOException {
        seedProfiles();
        Cli.Result d = diff();
        assertTrue(d.out().startsWith("bond0: create bond (none) -> mode=active-backup miimon=1000 updelay=10000 primary=ens192"), d::toString);
        assertTrue(d.out().contains("bond0: enslave ens192\n") && d.out().contains("bond0: add address 192.0.2.10/24 metric 300\n")
                && d.out().contains("bond0: add default route via 192.0.2.1"), d::toString);
        Cli.Result r = apply();
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("applied "), r::toString);
        assertSeedState();

        Cli.Result again = apply();
        assertEquals(0, again.exit(), again::toString);
        assertEquals("nothing to change: the kernel matches the profiles\n", again.out());
        assertEquals("no differences: the kernel matches the profiles\n", diff().out());
    }

    /**
     * The seed with routes carrying NetworkManager's attributes, as NM writes them in keyfiles:
     * applied as given (source, TOS, on-link, locked metrics, a table and scope, IPv6's source
     * prefix), then nothing to change; a changed attribute replaces that route only.
     */
    @Test
    void routeAttributesAreAppliedOnceAndThenIdempotent() throws IOException {
        seedProfiles();
        String bond = KeyfileFormatTest.ref("bond0.nmconnection");
        write(dir, "bond0.nmconnection", bond.replace("[ipv4]\n", "[ipv4]\n"
                + "route1=198.51.100.0/24,192.0.2.254,50\n"
                + "route1_options=initcwnd=20,lock-mtu=true,mtu=1400,quickack=true,rto_min=100,src=192.0.2.10,tos=16\n"
                + "route2=198.51.98.0/24,10.99.0.1\nroute2_options=cwnd=10,lock-cwnd=true,onlink=true\n"
                + "route3=198.19.0.0/16\nroute3_options=scope=253,table=100\n"));
        Cli.Result r = apply();
        assertEquals(0, r.exit(), r::toString);
        int idx = net.rtnl.require("bond0").index();
        java.util.function.Supplier<List<String>> routes = () -> net.rtnl.routes().stream()
                .filter(x -> x.oif() == idx && x.protocol() == org.bondctl.rtnl.Rtnl.RTPROT_STATIC && !x.isDefault())
                .map(x -> x.destinationText() + " table " + x.table() + " scope " + x.scope() + " "
                        + x.attrs().kernelKey(x.family())).sorted().toList();
        assertEquals(List.of("198.19.0.0/16 table 100 scope 253 ",
                "198.51.100.0/24 table 254 scope 0 initcwnd=20 lock-mtu=true mtu=1400 quickack=true rto_min=100 src=192.0.2.10 tos=16",
                "198.51.98.0/24 table 254 scope 0 cwnd=10 lock-cwnd=true onlink=true"), routes.get());
        assertEquals("nothing to change: the kernel matches the profiles\n", apply().out());
        write(dir, "bond0.nmconnection", Files.readString(dir.resolve("bond0.nmconnection")).replace("mtu=1400", "mtu=1500"));
        // a fault before each step of the change: the route comes back with its old attributes every time
        List<String> before = org.bondctl.plan.NetState.of(net.rtnl);
        assertTrue(before.stream().anyMatch(l -> l.startsWith("route 198.51.100.0/24 via 192.0.2.254 dev bond0")
                && l.contains("mtu=1400")), before::toString);
        org.bondctl.plan.WholeNetworkKernelTest.applyFailingBeforeEachStep(cli, net, dir, resolv, before);
        write(dir, "bond0.nmconnection", Files.readString(dir.resolve("bond0.nmconnection")).replace("mtu=1500", "mtu=1400"));
        assertEquals(0, apply().exit());
        assertEquals("nothing to change: the kernel matches the profiles\n", apply().out());
        write(dir, "bond0.nmconnection", Files.readString(dir.resolve("bond0.nmconnection")).replace("mtu=1400", "mtu=1500"));
        Cli.Result d = diff();
        assertTrue(d.out().contains("bond0: delete route 198.51.100.0/24 via 192.0.2.254") && d.out().contains("mtu lock 1400")
                && d.out().contains("bond0: add route 198.51.100.0/24 via 192.0.2.254") && d.out().contains("mtu lock 1500")
                && !d.out().contains("198.51.98.0"), d::toString);
        assertEquals(0, apply().exit());
        assertTrue(routes.get().get(1).contains("mtu=1500"), () -> routes.get().toString());
    }

    /**
     * Policy routing rules of both families in the seed's bond profile, as NM 1.42 writes them:
     * added proto static as given, then nothing to change. A rule taken out of the profile is
     * deleted (a fault before each step of that change puts everything back), and a rule someone
     * else made, proto static too, stays: bondctl removes only the rules it added, as
     * NetworkManager does.
     */
    @Test
    void routingRulesAreAppliedOnceAndOnlyBondctlsOwnAreRemoved() throws IOException {
        seedProfiles();
        String bond = KeyfileFormatTest.ref("bond0.nmconnection");
        write(dir, "bond0.nmconnection", bond.replace("method=manual\n", "method=manual\n"
                + "routing-rule1=priority 60 from 192.0.2.0/24 table 200\n"
                + "routing-rule2=priority 61 from 0.0.0.0/0 ipproto 6 fwmark 0x10/0xff dport 22 iif lo table 5\n"
                + "routing-rule3=priority 62 not to 198.51.100.0/24 type unreachable\n")
                .replace("method=auto\n", "method=auto\nrouting-rule1=priority 60 from 2001:db8::/64 table 200\n"));
        Cli.Result r = apply();
        assertEquals(0, r.exit(), r::toString);
        java.util.function.Supplier<List<String>> rules = () -> net.rtnl.rules().stream()
                .filter(x -> x.protocol() == org.bondctl.rtnl.Rtnl.RTPROT_STATIC).map(x -> x.family() + " " + x).sorted().toList();
        assertEquals(List.of("10 priority 60 from 2001:db8::/64 table 200", "2 priority 60 from 192.0.2.0/24 table 200",
                "2 priority 61 from 0.0.0.0/0 ipproto 6 fwmark 0x10/0xff dport 22 iif lo table 5",
                "2 priority 62 not to 198.51.100.0/24 type unreachable"), rules.get());
        assertEquals("nothing to change: the kernel matches the profiles\n", apply().out());
        // someone else's rule, proto static as NetworkManager makes them: not bondctl's to remove
        org.bondctl.rtnl.RoutingRule theirs = org.bondctl.rtnl.RoutingRule.parse("priority 70 from 192.0.2.99 table 9",
                org.bondctl.rtnl.Rtnl.AF_INET);
        net.rtnl.addRule(theirs, "test: their rule");
        assertEquals("nothing to change: the kernel matches the profiles\n", apply().out());
        write(dir, "bond0.nmconnection", Files.readString(dir.resolve("bond0.nmconnection"))
                .replaceAll("routing-rule2=[^\n]*\n", "").replace("routing-rule3=", "routing-rule2="));
        Cli.Result d = diff();
        // and bondctl's record of the rules it added, its last step
        assertEquals("ipv4: delete rule priority 61 from 0.0.0.0/0 ipproto 6 fwmark 0x10/0xff dport 22 iif lo table 5\n"
                + tmp.resolve("state").resolve("routing-rules@" + net.name()) + ": write\n", d.out(), d::toString);
        List<String> before = org.bondctl.plan.NetState.of(net.rtnl);
        assertTrue(before.contains("rule 4 priority 61 from 0.0.0.0/0 ipproto 6 fwmark 0x10/0xff dport 22 iif lo table 5 proto 4"),
                before::toString);
        org.bondctl.plan.WholeNetworkKernelTest.applyFailingBeforeEachStep(cli, net, dir, resolv, before);
        assertEquals(List.of("10 priority 60 from 2001:db8::/64 table 200", "2 priority 60 from 192.0.2.0/24 table 200",
                "2 priority 62 not to 198.51.100.0/24 type unreachable", "2 priority 70 from 192.0.2.99 table 9"), rules.get());
        // every rule out of the profile: bondctl's go, theirs stays
        write(dir, "bond0.nmconnection", Files.readString(dir.resolve("bond0.nmconnection")).replaceAll("routing-rule[0-9]+=[^\n]*\n", ""));
        assertEquals(0, apply().exit());
        assertEquals(List.of("2 priority 70 from 192.0.2.99 table 9"), rules.get());
        assertEquals("nothing to change: the kernel matches the profiles\n", apply().out());
    }

    @Test
    void typedRoutesAreAppliedOnceAndOnlyBondctlsOwnAreRemoved() throws IOException {
        seedProfiles();
        String bond = KeyfileFormatTest.ref("bond0.nmconnection");
        // NM 1.42's keyfile words for them (seen): a table and the type among the options
        write(dir, "bond0.nmconnection", bond.replace("method=manual\n", "method=manual\n"
                + "route1=198.51.100.0/24\nroute1_options=type=blackhole\n"
                + "route2=198.51.101.0/24,0.0.0.0,50\nroute2_options=mtu=1300,type=unreachable\n"
                + "route3=198.51.102.0/24\nroute3_options=table=100,type=prohibit\n"
                + "route4=192.0.2.77/32\nroute4_options=type=local\n")
                .replace("method=auto\n", "method=manual\naddress1=2001:db8::10/64\nroute1=2001:db8:9::/48\nroute1_options=type=blackhole\n"));
        Cli.Result r = apply();
        assertEquals(0, r.exit(), r::toString);
        java.util.function.Supplier<List<String>> typed = () -> org.bondctl.plan.NetState.of(net.rtnl).stream()
                .filter(x -> x.matches("(blackhole|unreachable|prohibit|throw|local) .*")).sorted().toList();
        // as NetworkManager adds them: no interface (IPv6: lo), the bond's metric, scope link; local: dev, table local, scope host
        List<String> all = List.of("blackhole 198.51.100.0/24 metric 300 table 254 scope 253 proto 4",
                "blackhole 2001:db8:9::/48 metric 300 table 254 scope 0 proto 4",
                "local 192.0.2.77/32 dev bond0 metric 300 table 255 scope 254 proto 4",
                "prohibit 198.51.102.0/24 metric 300 table 100 scope 253 proto 4",
                "unreachable 198.51.101.0/24 metric 50 table 254 scope 253 proto 4 mtu=1300");
        assertEquals(all, typed.get());
        assertEquals("nothing to change: the kernel matches the profiles\n", apply().out());
        // someone else's, proto static as NetworkManager makes them: not bondctl's to remove
        net.rtnl.addRoute(org.bondctl.rtnl.Route.of(org.bondctl.rtnl.Address.parse("203.0.113.0/24"), null, 0, 0,
                org.bondctl.rtnl.Rtnl.RT_TABLE_MAIN, org.bondctl.rtnl.RouteAttrs.parse(List.of("type=blackhole"),
                        org.bondctl.rtnl.Rtnl.AF_INET)), false, "test: their route");
        assertEquals("nothing to change: the kernel matches the profiles\n", apply().out());
        write(dir, "bond0.nmconnection", Files.readString(dir.resolve("bond0.nmconnection"))
                .replace("route2_options=mtu=1300,", "route2_options=mtu=1400,").replaceAll("route4[^\n]*\n", ""));
        Cli.Result d = diff();
        assertEquals("ipv4: delete unreachable route 198.51.101.0/24 (metric 50, mtu 1300)\n"
                + "bond0: delete local route 192.0.2.77/32 (metric 300, table 255)\n"
                + "ipv4: add unreachable route 198.51.101.0/24 (metric 50, mtu 1400)\n"
                + tmp.resolve("state").resolve("typed-routes@" + net.name()) + ": write\n", d.out(), d::toString);
        List<String> before = org.bondctl.plan.NetState.of(net.rtnl);
        org.bondctl.plan.WholeNetworkKernelTest.applyFailingBeforeEachStep(cli, net, dir, resolv, before);
        assertEquals(List.of("blackhole 198.51.100.0/24 metric 300 table 254 scope 253 proto 4",
                "blackhole 2001:db8:9::/48 metric 300 table 254 scope 0 proto 4",
                "blackhole 203.0.113.0/24 metric 0 table 254 scope 253 proto 4",
                "prohibit 198.51.102.0/24 metric 300 table 100 scope 253 proto 4",
                "unreachable 198.51.101.0/24 metric 50 table 254 scope 253 proto 4 mtu=1400"), typed.get());
        // every typed route out of the profile: bondctl's go, theirs stays
        write(dir, "bond0.nmconnection", Files.readString(dir.resolve("bond0.nmconnection")).replaceAll("route[0-9]+(_options)?=[^\n]*\n", ""));
        assertEquals(0, apply().exit());
        assertEquals(List.of("blackhole 203.0.113.0/24 metric 0 table 254 scope 253 proto 4"), typed.get());
        assertEquals("nothing to change: the kernel matches the profiles\n", apply().out());
    }

    /**
     * ipv4/ipv6.route-table as NetworkManager 1.42 applies it (seen): the gateway, the routes that
     * name no table and the addresses' prefix routes in the profile's table, the addresses
     * noprefixroute; back to the main table, the addresses stay and their prefix routes move.
     */
    @Test
    void aRouteTableTakesTheGatewayTheRoutesAndThePrefixRoutes() throws IOException {
        seedProfiles();
        String bond = KeyfileFormatTest.ref("bond0.nmconnection");
        write(dir, "bond0.nmconnection", bond.replace("method=manual\n", "method=manual\nroute-table=5000\n"
                + "route1=198.51.100.0/24,192.0.2.254\nroute2=198.51.101.0/24,192.0.2.254\nroute2_options=table=200\n")
                .replace("method=auto\n", "method=manual\naddress1=2001:db8::10/64\nroute-table=5001\n"));
        Cli.Result r = apply();
        assertEquals(0, r.exit(), r::toString);
        java.util.function.Supplier<List<String>> bond0 = () -> {
            int index = net.rtnl.require("bond0").index();
            List<String> out = new java.util.ArrayList<>();
            for (org.bondctl.rtnl.Route x : net.rtnl.routes()) {
                if (x.oif() == index && (x.destination() == null || !x.destination().isLinkLocalAddress())
                        && !(x.destination() != null && x.destination().isMulticastAddress())) {
                    out.add(x.destinationText() + (x.gateway() == null ? "" : " via " + org.bondctl.rtnl.Address.text(x.gateway()))
                            + " table " + x.table() + " metric " + x.effectiveMetric() + " proto " + x.protocol()
                            + (x.attrs().isEmpty() ? "" : " " + x.attrs().kernelKey(x.family())));
                }
            }
            net.rtnl.addressEntries().stream().filter(e -> e.index() == index && !e.address().isLinkLocal())
                    .forEach(e -> out.add("address " + e.address() + (e.prefixMetric() < 0 ? " noprefixroute" : "")));
            return out.stream().sorted().toList();
        };
        // the route in table 200 reaches its gateway through a route to it there, as NM adds one
        assertEquals(List.of("192.0.2.0/24 table 5000 metric 300 proto 2 src=192.0.2.10",
                "192.0.2.254/32 table 200 metric 300 proto 4",
                "198.51.100.0/24 via 192.0.2.254 table 5000 metric 300 proto 4",
                "198.51.101.0/24 via 192.0.2.254 table 200 metric 300 proto 4",
                "2001:db8::/64 table 5001 metric 300 proto 2", "address 192.0.2.10/24 noprefixroute",
                "address 2001:db8::10/64 noprefixroute", "default via 192.0.2.1 table 5000 metric 300 proto 4"), bond0.get());
        assertEquals("nothing to change: the kernel matches the profiles\n", apply().out());
        // back to the main table: the addresses stay as they are, their prefix routes move with the others
        write(dir, "bond0.nmconnection", Files.readString(dir.resolve("bond0.nmconnection")).replace("route-table=5000\n", ""));
        Cli.Result d = diff();
        assertFalse(d.out().contains("address"), d::toString);
        List<String> before = org.bondctl.plan.NetState.of(net.rtnl);
        org.bondctl.plan.WholeNetworkKernelTest.applyFailingBeforeEachStep(cli, net, dir, resolv, before);
        assertEquals(List.of("192.0.2.0/24 table 254 metric 300 proto 2 src=192.0.2.10",
                "198.51.100.0/24 via 192.0.2.254 table 254 metric 300 proto 4",
                "198.51.101.0/24 via 192.0.2.254 table 200 metric 300 proto 4",
                "2001:db8::/64 table 5001 metric 300 proto 2", "address 192.0.2.10/24 noprefixroute",
                "address 2001:db8::10/64 noprefixroute", "default via 192.0.2.1 table 254 metric 300 proto 4"), bond0.get());
        assertEquals("nothing to change: the kernel matches the profiles\n", apply().out());
    }

    /**
     * Addresses NetworkManager added noprefixroute, with a prefix route of its own (proto kernel,
     * at NM's metric): kept as they are, the prefix route made the profile's, and undone as it
     * was.
     */
    @Test
    void anAddressNetworkManagerAddedKeepsItsFlagAndGetsTheProfilesPrefixRoute() throws Exception {
        seedProfiles();
        write(dir, "bond0.nmconnection", KeyfileFormatTest.ref("bond0.nmconnection")
                .replace("address1=192.0.2.10/24,192.0.2.1\n", "address1=192.0.2.10/24,192.0.2.1\naddress2=192.0.2.11/24\n"));
        assertEquals(0, apply().exit());
        org.bondctl.rtnl.Link bond = net.rtnl.require("bond0");
        // as NM leaves them: the addresses noprefixroute, a prefix route of its own per address, at its metric
        for (String a : List.of("192.0.2.11/24", "192.0.2.10/24")) {
            net.rtnl.deleteAddress(bond, org.bondctl.rtnl.Address.parse(a));
        }
        for (String a : List.of("192.0.2.10", "192.0.2.11")) {
            net.rtnl.addAddress(bond, org.bondctl.rtnl.Address.parse(a + "/24"), -1);
        }
        for (String a : List.of("192.0.2.10")) { // NM appends one per address (NLM_F_APPEND), which bondctl's API does not
            net.rtnl.addRoute(new org.bondctl.rtnl.Route(org.bondctl.rtnl.Rtnl.AF_INET,
                    java.net.InetAddress.getByName("192.0.2.0"), 24, null, bond.index(), org.bondctl.rtnl.Rtnl.RTPROT_KERNEL, 301,
                    org.bondctl.rtnl.Rtnl.RT_TABLE_MAIN, org.bondctl.rtnl.Rtnl.RT_SCOPE_LINK, org.bondctl.rtnl.Rtnl.RTN_UNICAST,
                    org.bondctl.rtnl.RouteAttrs.parse(List.of("src=" + a), org.bondctl.rtnl.Rtnl.AF_INET)), false, "test: NM's");
        }
        net.rtnl.addRoute(org.bondctl.rtnl.Route.of(null, java.net.InetAddress.getByName("192.0.2.1"), bond.index(), 300,
                org.bondctl.rtnl.Rtnl.RT_TABLE_MAIN), true, "test: the default route back");
        java.util.function.Supplier<List<String>> state = () -> {
            List<String> out = new java.util.ArrayList<>();
            net.rtnl.routes().stream().filter(x -> x.oif() == bond.index() && x.family() == org.bondctl.rtnl.Rtnl.AF_INET)
                    .forEach(x -> out.add(x.destinationText() + " metric " + x.metric() + " proto " + x.protocol() + " "
                            + x.attrs().kernelKey(x.family())));
            net.rtnl.addressEntries().stream().filter(e -> e.index() == bond.index() && e.address().family() == 2)
                    .forEach(e -> out.add("address " + e.address() + (e.prefixMetric() < 0 ? " noprefixroute" : "")));
            return out.stream().sorted().toList();
        };
        List<String> before = org.bondctl.plan.NetState.of(net.rtnl);
        List<String> nm = state.get();
        org.bondctl.plan.WholeNetworkKernelTest.applyFailingBeforeEachStep(cli, net, dir, resolv, before);
        assertEquals(List.of("192.0.2.0/24 metric 300 proto 2 src=192.0.2.10", "address 192.0.2.10/24 noprefixroute",
                "address 192.0.2.11/24 noprefixroute", "default metric 300 proto 4 "), state.get(), () -> "from " + nm);
        assertEquals("nothing to change: the kernel matches the profiles\n", apply().out());
    }

    /**
     * ipv4/ipv6.method auto beside static addresses: bondctl runs no DHCP or RA client, but the
     * profile's addresses, gateway and routes are applied as NetworkManager adds them beside a
     * lease; what a client leased (addresses with a lifetime, routes proto dhcp) stays, and one
     * added by hand (permanent, proto static) goes. Manual then takes the leases too, as NM's
     * re-activation flushes them; IPv6 link-local leaves no global address.
     */
    @Test
    void aLeasingMethodGetsItsStaticPartAndWhatTheClientLeasedStays() throws Exception {
        seedProfiles();
        String bond = KeyfileFormatTest.ref("bond0.nmconnection");
        String auto = bond.replace("method=manual\n", "method=auto\n")
                .replace("[ipv6]\n", "[ipv6]\naddress1=2001:db8::10/64,2001:db8::1\n");
        write(dir, "bond0.nmconnection", auto);
        Cli.Result r = apply();
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("ipv4.method=auto (bondctl runs no DHCP client: the static addresses and routes are applied"),
                r::toString);
        java.util.function.Supplier<List<String>> state = () -> org.bondctl.plan.NetState.of(net.rtnl).stream()
                .filter(l -> l.contains(" bond0") && (l.startsWith("addr ") || l.startsWith("route "))).toList();
        for (String want : List.of("addr bond0 192.0.2.10/24", "addr bond0 2001:db8::10/64",
                "route default via 192.0.2.1 dev bond0 metric 300 table 254",
                "route default via 2001:db8::1 dev bond0 metric 300 table 254")) {
            assertTrue(state.get().contains(want), () -> want + " missing from " + state.get());
        }
        // a DHCP client's lease and route, an RA's address; an address and a route by hand
        ip("addr", "add", "192.0.2.77/24", "dev", "bond0", "valid_lft", "3600", "preferred_lft", "3600");
        ip("addr", "add", "198.51.100.77/24", "dev", "bond0", "valid_lft", "3600", "preferred_lft", "3600");
        ip("route", "add", "203.0.113.0/24", "via", "198.51.100.1", "dev", "bond0", "proto", "dhcp");
        ip("-6", "addr", "add", "2001:db8:5::77/64", "dev", "bond0", "valid_lft", "3600", "preferred_lft", "3600");
        ip("addr", "add", "192.0.2.99/24", "dev", "bond0");
        ip("route", "add", "203.0.113.128/25", "via", "192.0.2.1", "dev", "bond0", "proto", "static");
        List<String> leased = List.of("addr bond0 192.0.2.77/24", "addr bond0 198.51.100.77/24",
                "addr bond0 2001:db8:5::77/64", "route 203.0.113.0/24 via 198.51.100.1 dev bond0 metric 0 table 254");
        for (String want : leased) {
            assertTrue(state.get().contains(want), () -> "test setup: " + want + " missing from " + state.get());
        }
        Cli.Result d = diff();
        assertTrue(d.out().contains("delete address 192.0.2.99/24") && d.out().contains("203.0.113.128/25"), d::toString);
        assertEquals(0, apply().exit());
        for (String want : leased) {
            assertTrue(state.get().contains(want), () -> want + " missing from " + state.get());
        }
        assertTrue(state.get().stream().noneMatch(l -> l.contains("192.0.2.99") || l.contains("203.0.113.128")), state.get()::toString);
        assertEquals("nothing to change: the kernel matches the profiles\n", apply().out());

        // manual: the family is the profile's alone; link-local: no global address
        write(dir, "bond0.nmconnection", auto.replace("[ipv4]\naddress1=192.0.2.10/24,192.0.2.1\ndns=192.0.2.53;\n"
                + "dns-search=k.local.lab;\nmethod=auto\n", "[ipv4]\naddress1=192.0.2.10/24,192.0.2.1\ndns=192.0.2.53;\n"
                + "dns-search=k.local.lab;\nmethod=manual\n").replace("[ipv6]\naddress1=2001:db8::10/64,2001:db8::1\n"
                + "addr-gen-mode=default\nmethod=auto\n", "[ipv6]\naddr-gen-mode=default\nmethod=link-local\n"));
        assertEquals(0, apply().exit());
        List<String> after = state.get();
        assertTrue(after.contains("addr bond0 192.0.2.10/24"), after::toString);
        assertTrue(after.stream().noneMatch(l -> l.contains(".77") || l.contains("::77") || l.contains("2001:db8::")
                || l.contains("203.0.113.")), after::toString);
        assertTrue(net.rtnl.addresses(net.rtnl.require("bond0").index()).stream().anyMatch(Address::isLinkLocal),
                () -> "the kernel's link-local address stays: " + net.rtnl.addresses(net.rtnl.require("bond0").index()));
        assertEquals("nothing to change: the kernel matches the profiles\n", apply().out());
    }

    /** iproute2 in the test's namespace, for what a DHCP client or an administrator would add. */
    private void ip(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip", "-n", net.name()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), () -> String.join(" ", cmd) + ": " + out);
    }

    /**
     * NetworkManager's own rules for bond options in a profile it loads: one its mode does not
     * use is left out (told), one it refuses together with the mode stops the apply.
     */
    @Test
    void bondOptionsAreTakenAsNetworkManagerTakesThem() throws IOException {
        seedProfiles();
        String bond = KeyfileFormatTest.ref("bond0.nmconnection").replace("primary=ens192\n", "")
                .replace("primary_reselect=always\n", "").replace("mode=active-backup", "mode=802.3ad\narp_interval=100\n"
                        + "arp_ip_target=192.0.2.1\nad_actor_sys_prio=100");
        write(dir, "bond0.nmconnection", bond);
        Cli.Result r = apply();
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("arp_interval is not used in mode 802.3ad: left out, as NetworkManager leaves it out"), r::toString);
        BondState s = bonds.show("bond0");
        assertEquals(BondMode.IEEE_802_3AD, s.mode());
        assertEquals("0", s.text(BondOption.ARP_INTERVAL));
        assertEquals("100", s.text(BondOption.AD_ACTOR_SYS_PRIO));
        assertEquals("1000", s.text(BondOption.MIIMON));
        List<String> before = org.bondctl.plan.NetState.of(net.rtnl);
        write(dir, "bond0.nmconnection", KeyfileFormatTest.ref("bond0.nmconnection").replace("mode=active-backup", "mode=balance-rr"));
        r = apply();
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("bond.options: 'primary' option is only valid for 'mode=active-backup' (NetworkManager refuses"
                + " the profile)"), r::toString);
        assertEquals(before, org.bondctl.plan.NetState.of(net.rtnl));
    }

    /**
     * A gateway on no subnet of its interface (a /32 host's, a provider's) is reached as NM
     * reaches it: a route to the gateway itself, on the link, in the route's table with its
     * metric, before the route via it; both families. It goes with the route.
     */
    @Test
    void aGatewayOnNoSubnetOfItsInterfaceGetsARouteToItself() throws IOException {
        seedProfiles();
        String bond = KeyfileFormatTest.ref("bond0.nmconnection");
        write(dir, "bond0.nmconnection", bond.replace("address1=192.0.2.10/24,192.0.2.1\n", "address1=192.0.2.10/24,198.51.100.1\n"
                + "route1=203.0.114.0/24,198.51.100.3,60\nroute1_options=table=100\n")
                .replace("method=auto\n", "method=manual\naddress1=2001:db8::10/64,2001:db8:ffff::1\n"));
        Cli.Result r = apply();
        assertEquals(0, r.exit(), r::toString);
        List<String> routes = org.bondctl.plan.NetState.of(net.rtnl).stream().filter(l -> l.startsWith("route ")).toList();
        for (String want : List.of("route 198.51.100.1/32 dev bond0 metric 300 table 254", "route default via 198.51.100.1 dev bond0 metric 300 table 254",
                "route 198.51.100.3/32 dev bond0 metric 60 table 100", "route 203.0.114.0/24 via 198.51.100.3 dev bond0 metric 60 table 100",
                "route 2001:db8:ffff::1/128 dev bond0 metric 300 table 254", "route default via 2001:db8:ffff::1 dev bond0 metric 300 table 254")) {
            assertTrue(routes.contains(want), () -> want + " missing from " + routes);
        }
        assertEquals("nothing to change: the kernel matches the profiles\n", apply().out());
        // the gateways back on the subnet: their routes to themselves go
        write(dir, "bond0.nmconnection", bond.replace("method=auto\n", "method=manual\naddress1=2001:db8::10/64,2001:db8::1\n"));
        assertEquals(0, apply().exit());
        List<String> after = org.bondctl.plan.NetState.of(net.rtnl).stream().filter(l -> l.startsWith("route ")).toList();
        assertTrue(after.stream().noneMatch(l -> l.contains("/32 ") || l.contains("/128 ") || l.contains("table 100")), after::toString);
        assertTrue(after.contains("route default via 192.0.2.1 dev bond0 metric 300 table 254"), after::toString);
    }

    @Test
    void liveChangesAreMadeInPlaceAndModeChangesAnnounceTheOutage() throws Exception {
        seedProfiles();
        assertEquals(0, apply().exit());
        waitFor(() -> net.rtnl.require("bond0").carrier(), 5000, () -> "no carrier");
        Link before = net.rtnl.require("bond0");
        String bond0 = KeyfileFormatTest.ref("bond0.nmconnection");
        write(dir, "bond0.nmconnection", bond0.replace("miimon=1000", "miimon=500").replace("updelay=10000", "updelay=1250"));
        Cli.Result d = diff();
        // 1250 is not a multiple of 500: compared as the kernel will store it, 1000
        assertEquals("bond0: miimon 1000 -> 500\nbond0: updelay 10000 -> 1000\n", d.out(), d::toString);
        assertTrue(d.err().contains("updelay=1250 is not a multiple of miimon=500; the kernel rounds it down to 1000"), d::toString);
        Cli.Result r = apply();
        assertEquals(0, r.exit(), r::toString);
        Link after = net.rtnl.require("bond0");
        assertEquals(before.index(), after.index(), "same bond");
        assertEquals(before.carrierChanges(), after.carrierChanges(), "no carrier loss for miimon/updelay");
        assertEquals("500", bonds.show("bond0").text(BondOption.MIIMON));
        assertEquals("1000", bonds.show("bond0").text(BondOption.UPDELAY));
        assertEquals("nothing to change: the kernel matches the profiles\n", apply().out());

        // mode: only without ports -> released, changed, enslaved again, announced
        write(dir, "bond0.nmconnection", bond0.replace("mode=active-backup", "mode=balance-xor").replace("updelay=10000\n", "")
                .replace("primary=ens192\n", "").replace("primary_reselect=always\n", "xmit_hash_policy=layer3+4\n"));
        Cli.Result m = apply();
        assertEquals(0, m.exit(), m::toString);
        assertTrue(m.out().contains("bond0: mode active-backup -> balance-xor (ports released and enslaved again: outage)"), m::toString);
        assertTrue(m.err().contains("releasing ports ens192, ens224 to change mode=balance-xor"), m::toString);
        BondState s = bonds.show("bond0");
        assertEquals(BondMode.BALANCE_XOR, s.mode());
        assertEquals("layer3+4", s.text(BondOption.XMIT_HASH_POLICY));
        assertEquals(List.of("ens192", "ens224"), s.portNames());
        assertEquals("nothing to change: the kernel matches the profiles\n", apply().out());

        // back to active-backup, and updelay from 0 to 10000: set before the ports come back, as NM sets
        // a bond's options before its ports when it activates it, so a port enslaved is "going back" for
        // 10 s (the first one is up at once: the kernel skips updelay while no port is up)
        write(dir, "bond0.nmconnection", bond0);
        assertEquals(0, apply().exit());
        BondState back = bonds.show("bond0");
        assertEquals("going back", back.port("ens224").orElseThrow().miiStatusName(), back::toString);
    }

    @Test
    void aFailedStepRestoresTheSnapshot() throws IOException {
        seedProfiles();
        assertEquals(0, apply().exit());
        String bond0 = KeyfileFormatTest.ref("bond0.nmconnection");
        write(dir, "bond0.nmconnection", bond0.replace("miimon=1000", "miimon=500").replace("updelay=10000", "updelay=5000")
                .replace("192.0.2.10/24", "192.0.2.20/24"));
        write(dir, "ens192.nmconnection", KeyfileFormatTest.ref("ens192.nmconnection").replace("[bond-port]", "[bond-port]\nqueue-id=2"));
        // the plan: bond options, a port option, the gateway route and address out, address and route in;
        // fail at the third step, after two took effect
        assertTrue(diff().out().split("\n").length >= 4);
        Cli.Result r;
        System.setProperty("bondctl.fault", "fail-before-step:3");
        try {
            r = apply();
        } finally {
            System.clearProperty("bondctl.fault");
        }
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains("apply: ") && r.err().contains("the previous state was restored"), r::toString);
        assertSeedState();
        for (var p : bonds.show("bond0").ports()) {
            assertEquals(0, p.queueId(), p.name());
        }
        // two ports with one queue id: the kernel would refuse the second (bond_option_queue_id_set(),
        // EPERM), so the plan is refused before any change
        write(dir, "ens224.nmconnection", KeyfileFormatTest.ref("ens224.nmconnection").replace("[bond-port]", "[bond-port]\nqueue-id=2"));
        r = apply();
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("ports ens192 and ens224 of bond0 both have queue-id 2"), r::toString);
        assertSeedState();
    }

    @Test
    void everyCheckRunsBeforeTheFirstChange() throws IOException {
        seedProfiles();
        assertEquals(0, apply().exit());
        String conf = Files.readString(resolv);
        // changes the kernel would take (miimon, updelay, a port option), then a search domain
        // that is not a domain name: refused by diff and apply before anything is sent
        write(dir, "bond0.nmconnection", KeyfileFormatTest.ref("bond0.nmconnection").replace("miimon=1000", "miimon=500")
                .replace("updelay=10000", "updelay=5000").replace("dns-search=k.local.lab;", "dns-search=bad$domain;"));
        write(dir, "ens192.nmconnection", KeyfileFormatTest.ref("ens192.nmconnection").replace("[bond-port]", "[bond-port]\nqueue-id=3"));
        for (String cmd : List.of("diff", "apply")) {
            Cli.Result r = cli.run(cmd, "--resolv-conf", resolv.toString(), dir.toString());
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().contains("search domain 'bad$domain' is not a valid domain name"), r::toString);
            assertFalse(r.out().contains("miimon"), r::toString);
        }
        assertSeedState();
        assertEquals(conf, Files.readString(resolv));
        for (var p : bonds.show("bond0").ports()) {
            assertEquals(0, p.queueId(), p.name());
        }
    }

    @Test
    void persistThatCannotWriteChangesNothingLive() throws IOException {
        // the profile directory cannot be made (a file is where it would go): exit 7, no bond
        Path root = tmp.resolve("blocked");
        Files.createDirectories(root.resolve("etc/NetworkManager"));
        Files.writeString(root.resolve("etc/NetworkManager/system-connections"), "not a directory\n");
        Cli.Result r = cli.run("add", "bond0", "mode=active-backup", "miimon=100", "--persist", "--root", root.toString(),
                "--format", "keyfile");
        assertEquals(7, r.exit(), r::toString);
        assertTrue(r.err().startsWith("bondctl: ") && r.err().contains("system-connections") && r.err().split("\n").length == 1,
                r::toString);
        assertTrue(net.rtnl.link("bond0").isEmpty(), "no live change");
        // and the same for a change to an existing bond
        ok("add", "bond0", "mode=active-backup", "miimon=100");
        r = cli.run("set", "bond0", "miimon=200", "--persist", "--root", root.toString(), "--format", "keyfile");
        assertEquals(7, r.exit(), r::toString);
        assertEquals("100", bonds.show("bond0").text(BondOption.MIIMON));
    }

    @Test
    void optionsLeftOutGoBackToTheirDefaultsAndABondWithAutoconnectOffIsLeftAlone() throws IOException {
        seedProfiles();
        assertEquals(0, apply().exit());
        // changed live, and not named by the profile: NetworkManager would set it back, so does apply
        ok("set", "bond0", "downdelay=2000", "arp_all_targets=all");
        write(dir, "bond1.nmconnection", "[connection]\nid=bond1\ntype=bond\ninterface-name=bond1\nautoconnect=false\n"
                + "[bond]\nmode=802.3ad\n[ipv4]\nmethod=disabled\n[ipv6]\nmethod=ignore\n");
        Cli.Result d = cli.run("diff", "--resolv-conf", resolv.toString(), dir.toString());
        assertEquals(0, d.exit(), d::toString);
        assertTrue(d.out().contains("bond0: downdelay 2000 -> 0\n"), d::toString);
        assertTrue(d.err().contains("bond0.nmconnection:5: bond0: downdelay=0, arp_all_targets=any: the profile leaves these"
                + " options out, so back to the kernel's default (as NetworkManager does)"), d::toString);
        assertTrue(d.err().contains("bond1.nmconnection: bond1 has autoconnect off (ONBOOT=no): not applied"), d::toString);
        assertFalse(d.out().contains("bond1"), d::toString);
        Cli.Result r = apply();
        assertEquals(0, r.exit(), r::toString);
        assertEquals("0", bonds.show("bond0").text(BondOption.DOWNDELAY));
        assertTrue(net.rtnl.link("bond1").isEmpty(), "autoconnect=false: not created");
        assertEquals("nothing to change: the kernel matches the profiles\n", apply().out());
    }

    @Test
    void badProfilesApplyNothing() throws IOException {
        seedProfiles();
        write(dir, "ens224.nmconnection", KeyfileFormatTest.ref("ens224.nmconnection").replace("master=bond0", "master=bond7"));
        Cli.Result r = apply();
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("ens224.nmconnection:6: port ens224 names controller bond7"), r::toString);
        assertTrue(net.rtnl.link("bond0").isEmpty(), "nothing applied");
        Files.setPosixFilePermissions(dir.resolve("bond0.nmconnection"), PosixFilePermissions.fromString("rw-r--r--"));
        r = apply();
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("bond0.nmconnection: permissions rw-r--r-- are insecure"), r::toString);
    }

    @Test
    void confirmTimeoutRollsBackUnlessConfirmed() throws Exception {
        seedProfiles();
        assertEquals(0, apply().exit());
        String bond0 = KeyfileFormatTest.ref("bond0.nmconnection");
        write(dir, "bond0.nmconnection", bond0.replace("miimon=1000", "miimon=200").replace("updelay=10000", "updelay=400"));
        Path state = tmp.resolve("state");

        Cli.Result r = apply("--confirm-timeout", "2");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("run 'bondctl confirm' within 2 s"), r::toString);
        assertEquals("200", bonds.show("bond0").text(BondOption.MIIMON));
        assertEquals(4, cli.run("apply", "--confirm-timeout", "5", dir.toString()).exit(),
                "a second pending change is refused");
        waitFor(() -> "1000".equals(bonds.show("bond0").text(BondOption.MIIMON)), 30_000, () ->
                "no rollback; log:\n" + log(state));
        assertEquals("10000", bonds.show("bond0").text(BondOption.UPDELAY));
        waitFor(() -> log(state).contains(" rolled back"), 10_000, () -> "log");
        assertEquals(3, cli.run("confirm").exit(), "nothing left to confirm");

        r = apply("--confirm-timeout", "60");
        assertEquals(0, r.exit(), r::toString);
        Cli.Result c = ok("confirm");
        assertEquals("confirmed: the applied change stays\n", c.out());
        waitFor(() -> log(state).contains("confirmed: nothing rolled back"), 20_000, () -> log(state));
        assertEquals("200", bonds.show("bond0").text(BondOption.MIIMON));
    }

    @Test
    void persistWritesWhatNmWroteAndApplyReproducesIt() throws IOException {
        Path root = tmp.resolve("root");
        String[] p = {"--persist", "--root", root.toString(), "--format", "keyfile"};
        ok(cat(new String[] {"add", "bond0", "mode=active-backup"}, p));
        ok(cat(new String[] {"enslave", "bond0", "ens192", "ens224"}, p));
        ok(cat(new String[] {"addr", "add", "bond0", "192.0.2.10/24"}, p));
        ok("up", "bond0");
        ok(cat(new String[] {"route", "add", "default", "via", "192.0.2.1", "dev", "bond0"}, p));
        ok(cat(new String[] {"dns", "set", "bond0", "--server", "192.0.2.53", "--search", "k.local.lab", "--resolv-conf", resolv.toString()}, p));
        ok(cat(new String[] {"set", "bond0", "miimon=1000", "primary=ens192", "primary_reselect=always", "updelay=10000"}, p));
        Path sc = root.resolve("etc/NetworkManager/system-connections");
        for (String n : List.of("bond0", "ens192", "ens224")) {
            Path f = sc.resolve(n + ".nmconnection");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
            assertEquals(KeyfileFormatTest.semantic(KeyfileFormatTest.ref(n + ".nmconnection")),
                    KeyfileFormatTest.semantic(Files.readString(f)), n);
        }
        // the profiles bring a clean namespace to the same state
        ok("del", "bond0");
        Files.delete(resolv);
        Cli.Result r = cli.run("apply", "--root", root.toString(), "--resolv-conf", resolv.toString());
        assertEquals(0, r.exit(), r::toString);
        assertSeedState();

        // ifcfg-rh: profile save of the live bond, then apply from those files
        Path root2 = tmp.resolve("root2");
        ok("profile", "save", "bond0", "--root", root2.toString(), "--format", "ifcfg", "--resolv-conf", resolv.toString());
        Path ns = root2.resolve("etc/sysconfig/network-scripts");
        String ifcfg = Files.readString(ns.resolve("ifcfg-bond0"));
        assertTrue(ifcfg.contains("BONDING_OPTS=\"miimon=1000 mode=active-backup primary=ens192 updelay=10000\""), ifcfg);
        assertTrue(ifcfg.contains("IPADDR=192.0.2.10\nPREFIX=24\nGATEWAY=192.0.2.1\nDNS1=192.0.2.53\nDOMAIN=k.local.lab\n"), ifcfg);
        assertTrue(Files.readString(ns.resolve("ifcfg-ens224")).contains("MASTER=bond0\nSLAVE=yes\n"));
        ok("del", "bond0");
        r = cli.run("apply", "--root", root2.toString(), "--resolv-conf", resolv.toString());
        assertEquals(0, r.exit(), r::toString);
        assertSeedState();
        assertEquals("nothing to change: the kernel matches the profiles\n",
                ok("apply", "--root", root2.toString(), "--resolv-conf", resolv.toString()).out());

        // release --persist deletes the port profile, and apply then leaves the port out
        ok(cat(new String[] {"release", "bond0", "ens224"}, p));
        assertFalse(Files.exists(sc.resolve("ens224.nmconnection")));
        assertEquals(List.of("ens192"), bonds.show("bond0").portNames());
        assertEquals("nothing to change: the kernel matches the profiles\n",
                ok("apply", "--root", root.toString(), "--resolv-conf", resolv.toString()).out());
        assertEquals(List.of("ens192"), bonds.show("bond0").portNames(), "apply did not enslave ens224 again");
    }

    @Test
    void portOptionsAndEveryModeApply() throws IOException {
        for (BondMode m : BondMode.values()) {
            String port = "[connection]\nid=%s\ntype=ethernet\ninterface-name=%s\nmaster=bond0\nslave-type=bond\n[bond-port]\nqueue-id=%d\n";
            write(dir, "bond0.nmconnection", "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n[bond]\nmode="
                    + m.kernelName() + "\nmiimon=100\n[ipv4]\naddress1=192.0.2.10/24\nmethod=manual\n");
            write(dir, "ens192.nmconnection", port.formatted("ens192", "ens192", 1));
            write(dir, "ens224.nmconnection", port.formatted("ens224", "ens224", 2));
            Cli.Result r = apply();
            assertEquals(0, r.exit(), r::toString);
            BondState s = bonds.show("bond0");
            assertEquals(m, s.mode());
            assertEquals(List.of("ens192", "ens224"), s.portNames());
            assertEquals(1, ((Number) s.ports().get(0).options().get(PortOption.QUEUE_ID)).intValue());
            assertEquals(2, ((Number) s.ports().get(1).options().get(PortOption.QUEUE_ID)).intValue());
            assertEquals("nothing to change: the kernel matches the profiles\n", apply().out(), m.kernelName());
        }
    }

    static String[] cat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check c, long ms, java.util.function.Supplier<String> why) throws Exception {
        long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end) {
            if (c.ok()) {
                return;
            }
            Thread.sleep(50);
        }
        fail(why.get());
    }
}
