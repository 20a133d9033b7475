package org.bondctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bondctl.cli.Cli;
import org.bondctl.cli.WithSeedCli;
import org.bondctl.plan.NetState;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.RouteAttrs;
import org.bondctl.rtnl.RoutingRule;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.SeedNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code profile save} on the real drivers: the policy routing rules that belong to the bond,
 * its typed routes and its route table go into its profile with its addresses and routes, so
 * that an apply of what was saved gives the same kernel state; rules and routes of no tie to
 * the bond stay out; a profile saved again keeps what it had asked for.
 */
@Tag("kernel")
@WithSeedCli
class ProfileSaveKernelTest {
    private SeedNetwork net;
    private Cli cli;

    @TempDir
    Path tmp;
    Path root;
    Path sc;
    Path resolv;

    @BeforeEach
    void setUp() {
        System.setProperty("bondctl.state-dir", tmp.resolve("state").toString());
        root = tmp.resolve("root");
        sc = root.resolve("etc/NetworkManager/system-connections");
        resolv = tmp.resolve("resolv.conf");
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("bondctl.state-dir");
    }

    private Cli.Result ok(String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + " -> " + r);
        return r;
    }

    private static RoutingRule rule(String text, int family) {
        return RoutingRule.parse(text, family);
    }

    private static Route typed(String dst, String type, int oif, int table) {
        return Route.of(Address.parse(dst), null, oif, 0, table, RouteAttrs.parse(List.of("type=" + type), Rtnl.AF_INET));
    }

    @Test
    void aBondSetUpByHandIsSavedWithItsRulesTypedRoutesAndTables() throws IOException {
        ok("add", "bond0", "mode=active-backup", "miimon=100");
        ok("enslave", "bond0", "ens192", "ens224");
        ok("addr", "add", "bond0", "192.0.2.10/24", "metric", "300");
        ok("addr", "add", "bond0", "2001:db8::10/64", "metric", "300");
        ok("up", "bond0");
        ok("route", "add", "default", "via", "192.0.2.1", "dev", "bond0", "metric", "300", "table", "100");
        ok("route", "add", "198.51.100.0/25", "via", "192.0.2.1", "dev", "bond0", "metric", "300", "table", "100");
        int bond = net.rtnl.require("bond0").index();
        // the bond's: by its source address, by its name, by the table only it has routes in
        List<RoutingRule> its = List.of(rule("priority 100 from 192.0.2.10 table 100", Rtnl.AF_INET),
                rule("priority 101 iif bond0 table 100", Rtnl.AF_INET),
                rule("priority 102 to 203.0.113.0/24 table 100", Rtnl.AF_INET),
                rule("priority 100 from 2001:db8::10/128 table 100", Rtnl.AF_INET6));
        its.forEach(r -> net.rtnl.addRule(r, "test: rule"));
        // and none of its: a mark's rule to a table it has nothing in
        net.rtnl.addRule(rule("priority 103 fwmark 0x1 table 300", Rtnl.AF_INET), "test: rule");
        // metric 0 as ip(8) gives them: saved as metric 0, which NetworkManager keeps (seen)
        Route blackhole = typed("203.0.113.0/24", "blackhole", 0, 100); // in its table: its
        net.rtnl.addRoute(blackhole, false, "test: route");
        net.rtnl.addRoute(typed("198.51.100.200/29", "unreachable", 0, Rtnl.RT_TABLE_MAIN), false, "test: route"); // not its
        net.rtnl.addRoute(typed("192.0.2.77/32", "local", bond, Rtnl.RT_TABLE_LOCAL), false, "test: route");
        List<String> live = NetState.of(net.rtnl);
        assertTrue(live.contains("rule 4 priority 101 from 0.0.0.0/0 iif bond0 table 100 proto 4"), live::toString);

        ok("profile", "save", "bond0", "--root", root.toString(), "--format", "keyfile", "--resolv-conf", resolv.toString());
        String b0 = Files.readString(sc.resolve("bond0.nmconnection"));
        for (String s : List.of("routing-rule1=priority 100 from 192.0.2.10 table 100\n",
                "routing-rule2=priority 101 from 0.0.0.0/0 iif bond0 table 100\n",
                "routing-rule3=priority 102 to 203.0.113.0/24 table 100\n",
                "routing-rule1=priority 100 from 2001:db8::10 table 100\n",
                "route1=0.0.0.0/0,192.0.2.1\nroute1_options=table=100\n",
                "route2=198.51.100.0/25,192.0.2.1\nroute2_options=table=100\n",
                "route3=203.0.113.0/24,0.0.0.0,0\nroute3_options=table=100,type=blackhole\n",
                "route4=192.0.2.77/32,0.0.0.0,0\nroute4_options=type=local\n")) {
            assertTrue(b0.contains(s), () -> "bond0.nmconnection lacks " + s + ":\n" + b0);
        }
        assertFalse(b0.contains("fwmark") || b0.contains("198.51.100.200") || b0.contains("route-table"), b0);

        // from nothing (the bond, its rules and its blackhole gone), what was saved gives the same state
        ok("del", "bond0", "--force");
        its.forEach(r -> net.rtnl.deleteRule(r, "test: rule"));
        net.rtnl.deleteRoute(blackhole, "test: route");
        assertFalse(NetState.of(net.rtnl).stream().anyMatch(s -> s.contains("table 100")));
        ok("apply", "--root", root.toString(), "--resolv-conf", resolv.toString());
        assertEquals(live, NetState.of(net.rtnl), () -> "apply of the saved profiles" + NetState.diff(live, NetState.of(net.rtnl)));
        assertEquals("nothing to change: the kernel matches the profiles\n",
                ok("apply", "--root", root.toString(), "--resolv-conf", resolv.toString()).out());
    }

    @Test
    void anAppliedProfileSavedAgainKeepsItsRouteTableRulesAndTypedRoutes() throws IOException {
        Files.createDirectories(sc);
        String bond = KeyfileFormatTest.ref("bond0.nmconnection").replace("method=manual\n", "method=manual\n"
                + "route-table=100\n"
                + "route1=203.0.113.0/24\nroute1_options=type=blackhole,table=254\n"
                + "route2=203.0.115.0/24,198.51.100.99,40\n" // a gateway off the subnet: apply adds a route to it
                + "routing-rule1=priority 110 fwmark 0x10 table 300\n"
                + "routing-rule2=priority 111 from 192.0.2.0/24 table 100\n");
        for (var e : java.util.Map.of("bond0", bond, "ens192", KeyfileFormatTest.ref("ens192.nmconnection"),
                "ens224", KeyfileFormatTest.ref("ens224.nmconnection")).entrySet()) {
            Path f = sc.resolve(e.getKey() + ".nmconnection");
            Files.writeString(f, e.getValue());
            Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        ok("apply", "--root", root.toString(), "--resolv-conf", resolv.toString());
        List<String> live = NetState.of(net.rtnl);
        assertTrue(live.contains("route default via 192.0.2.1 dev bond0 metric 300 table 100"), live::toString);

        ok("profile", "save", "bond0", "--root", root.toString(), "--resolv-conf", resolv.toString());
        String b0 = Files.readString(sc.resolve("bond0.nmconnection"));
        for (String s : List.of("route-table=100\n", "address1=192.0.2.10/24,192.0.2.1\n",
                "routing-rule1=priority 110 from 0.0.0.0/0 fwmark 0x10 table 300\n", "routing-rule2=priority 111 from 192.0.2.0/24 table 100\n",
                "route1=203.0.115.0/24,198.51.100.99,40\n", "route2=203.0.113.0/24\nroute2_options=table=254,type=blackhole\n")) {
            assertTrue(b0.contains(s), () -> "bond0.nmconnection lacks " + s + ":\n" + b0);
        }
        assertFalse(b0.contains("198.51.100.99/32") || b0.contains("route3"), () -> "the route to the gateway is apply's:\n" + b0);
        Cli.Result d = cli.run("diff", "--root", root.toString(), "--resolv-conf", resolv.toString(), "--exit-code");
        assertEquals(0, d.exit(), d::toString);
        assertEquals(live, NetState.of(net.rtnl));
    }
}
