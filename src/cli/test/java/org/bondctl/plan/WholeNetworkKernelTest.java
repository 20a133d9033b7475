package org.bondctl.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bondctl.cli.Cli;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.SeedNetwork;
import org.bondctl.cli.WithSeedCli;
import org.bondctl.rtnl.VlanInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole server's bond network on the real bonding and 8021q drivers: jumbo frames, two
 * VLANs, IPv4 and IPv6, static routes with metrics and tables, IPv6 DNS. Live, through
 * --persist, profile save and apply (keyfile and ifcfg-rh); apply twice is a no-op; a refusal
 * half-way puts back the state before it; bad input changes nothing.
 */
@Tag("kernel")
@WithSeedCli
public class WholeNetworkKernelTest {
    private SeedNetwork net;
    private Cli cli;

    @TempDir
    Path tmp;

    private Cli.Result ok(String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + " -> " + r);
        return r;
    }

    private static String[] cat(String[] a, String... b) {
        List<String> l = new ArrayList<>(List.of(a));
        l.addAll(List.of(b));
        return l.toArray(String[]::new);
    }

    /** The server, live, each step with {@code extra} (e.g. --persist). */
    private void buildLive(Path resolv, String... extra) {
        ok(cat(new String[] {"add", "bond0", "mode=active-backup", "miimon=100", "primary=ens192"}, extra));
        ok(cat(new String[] {"enslave", "bond0", "ens192", "ens224"}, extra));
        ok(cat(new String[] {"set", "bond0", "mtu=9000"}, extra));
        // NetworkManager's metric for a bond's routes (300) and a VLAN's (400, the next 401), prefix
        // routes included, so that the profiles' routes are the same routes
        ok(cat(new String[] {"addr", "add", "bond0", "192.0.2.10/24", "metric", "300"}, extra));
        ok(cat(new String[] {"addr", "add", "bond0", "2001:db8::10/64", "metric", "300"}, extra));
        ok("up", "bond0");
        ok(cat(new String[] {"route", "add", "default", "via", "192.0.2.1", "dev", "bond0", "metric", "300"}, extra));
        ok(cat(new String[] {"route", "add", "198.51.100.0/25", "via", "192.0.2.1", "dev", "bond0", "metric", "50", "table", "100"}, extra));
        ok(cat(new String[] {"route", "add", "-6", "default", "via", "2001:db8::1", "dev", "bond0", "metric", "300"}, extra));
        ok(cat(new String[] {"route", "add", "2001:db8:1::/48", "via", "2001:db8::1", "dev", "bond0", "metric", "20"}, extra));
        ok(cat(new String[] {"vlan", "add", "bond0", "100"}, extra));
        ok(cat(new String[] {"vlan", "add", "bond0", "200", "storage", "--mtu", "9000"}, extra));
        ok(cat(new String[] {"addr", "add", "bond0.100", "198.51.100.130/26", "metric", "400"}, extra));
        ok(cat(new String[] {"addr", "add", "storage", "2001:db8:200::5/64", "metric", "401"}, extra)); // the second VLAN
        ok(cat(new String[] {"dns", "set", "bond0", "--server", "192.0.2.53", "--server", "2001:db8::53", "--search",
            "k.local.lab", "--resolv-conf", resolv.toString()}, extra));
    }

    @Test
    void theServerLiveThenFromItsProfilesAgain() throws IOException {
        Path resolv = tmp.resolve("resolv.conf");
        Path root = tmp.resolve("root");
        buildLive(resolv, "--persist", "--root", root.toString(), "--format", "keyfile");
        List<String> live = NetState.of(net.rtnl);
        // what the kernel holds
        Link bond = net.rtnl.require("bond0");
        assertEquals(9000, bond.mtu());
        assertEquals(9000, net.rtnl.require("ens192").mtu(), "the bond's MTU goes to its ports");
        Link v100 = net.rtnl.require("bond0.100");
        assertEquals(new VlanInfo(100, Rtnl.ETH_P_8021Q), VlanInfo.of(v100));
        assertEquals(bond.index(), v100.parent());
        assertTrue(v100.isUp());
        assertEquals(9000, net.rtnl.require("storage").mtu());
        assertTrue(live.contains("route 198.51.100.0/25 via 192.0.2.1 dev bond0 metric 50 table 100"), live::toString);
        assertTrue(live.contains("route 2001:db8:1::/48 via 2001:db8::1 dev bond0 metric 20 table 254"), live::toString);
        assertTrue(live.contains("route default via 2001:db8::1 dev bond0 metric 300 table 254"), live::toString);
        assertTrue(ok("addr", "show", "bond0").out().contains("bond0 2001:db8::10/64\n"), "RFC 5952 form");
        assertTrue(Files.readString(resolv).contains("nameserver 2001:db8::53\n"));
        assertTrue(ok("--json", "route", "show", "bond0").out().contains(
                "{\"family\":\"inet6\",\"dst\":\"2001:db8:1::/48\",\"gateway\":\"2001:db8::1\",\"dev\":\"bond0\",\"protocol\":\"static\",\"metric\":20,\"table\":\"main\"}"));

        // the profiles --persist wrote
        Path sc = root.resolve("etc/NetworkManager/system-connections");
        String b0 = Files.readString(sc.resolve("bond0.nmconnection"));
        for (String s : List.of("[ethernet]\nmtu=9000\n", "address1=2001:db8::10/64,2001:db8::1\n", "dns=2001:db8::53;\n",
                "route1=198.51.100.0/25,192.0.2.1,50\nroute1_options=table=100\n", "route1=2001:db8:1::/48,2001:db8::1,20\n",
                "address1=192.0.2.10/24,192.0.2.1\n", "dns=192.0.2.53;\n")) {
            assertTrue(b0.contains(s), () -> "bond0.nmconnection lacks " + s + ":\n" + b0);
        }
        String v = Files.readString(sc.resolve("bond0.100.nmconnection"));
        assertTrue(v.contains("type=vlan\n") && v.contains("[vlan]\nflags=1\nid=100\nparent=bond0\n")
                && v.contains("address1=198.51.100.130/26\n"), v);
        assertTrue(Files.readString(sc.resolve("storage.nmconnection")).contains("[ethernet]\nmtu=9000\n"));

        // a bond with VLANs is not deleted by mistake
        Cli.Result refused = cli.run("del", "bond0");
        assertEquals(4, refused.exit(), refused::toString);
        assertTrue(refused.err().contains("VLANs bond0.100, storage are on it"), refused::toString);

        // from nothing, the profiles give the same kernel state; twice changes nothing
        ok("del", "bond0", "--force");
        assertTrue(net.rtnl.link("storage").isEmpty());
        Files.delete(resolv);
        Cli.Result d = cli.run("diff", "--root", root.toString(), "--resolv-conf", resolv.toString(), "--exit-code");
        assertEquals(1, d.exit(), d::toString);
        Cli.Result a = ok("apply", "--root", root.toString(), "--resolv-conf", resolv.toString());
        assertTrue(a.out().contains("bond0.100: create vlan (none) -> link bond0 id 100 protocol 802.1Q\n"), a::toString);
        assertEquals(live, NetState.of(net.rtnl), () -> "apply of the --persist profiles" + NetState.diff(live, NetState.of(net.rtnl)));
        assertEquals("nothing to change: the kernel matches the profiles\n",
                ok("apply", "--root", root.toString(), "--resolv-conf", resolv.toString()).out());
        assertEquals(0, cli.run("diff", "--root", root.toString(), "--resolv-conf", resolv.toString(), "--exit-code").exit());

        // profile save in ifcfg-rh form, then apply from those files
        Path root2 = tmp.resolve("root2");
        ok("profile", "save", "bond0", "--root", root2.toString(), "--format", "ifcfg", "--resolv-conf", resolv.toString());
        Path ns = root2.resolve("etc/sysconfig/network-scripts");
        String ifcfg = Files.readString(ns.resolve("ifcfg-bond0"));
        assertTrue(ifcfg.contains("MTU=9000\n") && ifcfg.contains("IPV6ADDR=2001:db8::10/64\n")
                && ifcfg.contains("IPV6_DEFAULTGW=2001:db8::1\n") && ifcfg.contains("DNS2=2001:db8::53\n"), ifcfg);
        assertTrue(Files.readString(ns.resolve("route-bond0")).contains("ADDRESS0=198.51.100.0\nNETMASK0=255.255.255.128\n"
                + "GATEWAY0=192.0.2.1\nMETRIC0=50\nOPTIONS0=\"table 100\"\n"));
        assertEquals("2001:db8:1::/48 via 2001:db8::1 metric 20\n", Files.readString(ns.resolve("route6-bond0")));
        String vl = Files.readString(ns.resolve("ifcfg-bond0.100"));
        assertTrue(vl.contains("VLAN=yes\n") && vl.contains("PHYSDEV=bond0\n") && vl.contains("VLAN_ID=100\n"), vl);
        ok("del", "bond0", "--force");
        ok("apply", "--root", root2.toString(), "--resolv-conf", resolv.toString());
        assertEquals(live, NetState.of(net.rtnl), () -> "apply of the ifcfg profiles" + NetState.diff(live, NetState.of(net.rtnl)));
        assertEquals("nothing to change: the kernel matches the profiles\n",
                ok("apply", "--root", root2.toString(), "--resolv-conf", resolv.toString()).out());
    }

    @Test
    void aRefusalHalfWayPutsBackEveryStepBeforeIt() throws IOException {
        Path resolv = tmp.resolve("resolv.conf");
        Path root = tmp.resolve("root");
        buildLive(resolv, "--persist", "--root", root.toString(), "--format", "keyfile");
        Path sc = root.resolve("etc/NetworkManager/system-connections");
        // a plan that changes a bit of everything: options, MTU, VLAN MTU, addresses, routes, DNS
        edit(sc.resolve("bond0.nmconnection"), "miimon=100", "miimon=200", "mtu=9000", "mtu=8000",
                "address1=2001:db8::10/64", "address1=2001:db8::11/64", "route1=198.51.100.0/25,192.0.2.1,50", "route1=198.51.100.0/25,192.0.2.1,60",
                "dns=192.0.2.53;", "dns=192.0.2.54;");
        // and a VLAN id the kernel cannot change in place: the VLAN is made anew, its address put back
        edit(sc.resolve("storage.nmconnection"), "mtu=9000", "mtu=7000", "\nid=200\n", "\nid=201\n");
        // and IPv6 switched off on bond0.100 (disable_ipv6), as NetworkManager does for ipv6.method disabled
        Path v100 = sc.resolve("bond0.100.nmconnection");
        String auto = Files.readString(v100);
        String off = auto.replaceFirst("(\n\\[ipv6]\n(?:[^\\[\n][^\n]*\n)*?)method=[a-z]+\n", "$1method=disabled\n");
        assertFalse(off.equals(auto), auto);
        Files.writeString(v100, off);
        List<String> before = NetState.of(net.rtnl);
        String resolvBefore = Files.readString(resolv);
        int steps = cli.run("diff", "--root", root.toString(), "--resolv-conf", resolv.toString()).out().split("\n").length;
        assertTrue(steps >= 8, "a long plan: " + steps);
        // fail before each step in turn: every time, the state before comes back
        for (int n = 1; n <= steps; n++) {
            System.setProperty("bondctl.fault", "fail-before-step:" + n);
            try {
                Cli.Result r = cli.run("apply", "--root", root.toString(), "--resolv-conf", resolv.toString());
                if (r.exit() == 0) {
                    break; // fewer steps than lines (a step prints several)
                }
                assertTrue(r.err().contains("injected fault before step " + n) && r.err().contains("the previous state was restored"),
                        r::toString);
            } finally {
                System.clearProperty("bondctl.fault");
            }
            List<String> now = NetState.of(net.rtnl);
            final int step = n;
            assertEquals(before, now, () -> "after a fault before step " + step + NetState.diff(before, now));
            assertEquals(resolvBefore, Files.readString(resolv));
        }
        ok("apply", "--root", root.toString(), "--resolv-conf", resolv.toString());
        List<String> made = NetState.of(net.rtnl);
        assertTrue(made.contains("link storage kind=vlan up=true mtu=7000 vlan=201/802.1Q parent=bond0 flags 1")
                && made.contains("addr storage 2001:db8:200::5/64")
                && made.contains("link bond0.100 kind=vlan up=true mtu=8000 ipv6=off vlan=100/802.1Q parent=bond0 flags 1"),
                () -> String.join("\n", made));
        assertEquals("no differences: the kernel matches the profiles\n", cli.run("diff", "--root", root.toString(),
                "--resolv-conf", resolv.toString()).out());
        // an MTU below IPv6's minimum would silently drop the IPv6 addresses: refused before any change
        List<String> settled = NetState.of(net.rtnl);
        String bond0 = Files.readString(sc.resolve("bond0.nmconnection"));
        String storage = Files.readString(sc.resolve("storage.nmconnection"));
        edit(sc.resolve("bond0.nmconnection"), "mtu=8000", "mtu=1200");
        edit(sc.resolve("storage.nmconnection"), "mtu=7000", "mtu=1200");
        Cli.Result small = cli.run("apply", "--root", root.toString(), "--resolv-conf", resolv.toString());
        assertEquals(2, small.exit(), small::toString);
        assertTrue(small.err().contains(": IPv6 addresses need mtu 1280 or more (RFC 8200), and the mtu would be 1200"), small::toString);
        assertEquals(settled, NetState.of(net.rtnl));
        Files.writeString(sc.resolve("bond0.nmconnection"), bond0);
        Files.writeString(sc.resolve("storage.nmconnection"), storage);

        // IPv6 switched off by hand on bond0 is switched on again (disable_ipv6=0) by its profile, whose
        // ipv6.method is manual; bond0.100's, switched off by its profile, is switched on by an address
        sysctl("net/ipv6/conf/bond0/disable_ipv6", "1");
        assertTrue(NetState.of(net.rtnl).stream().noneMatch(l -> l.startsWith("addr bond0 2001:")));
        String v6 = Files.readString(v100).replace("method=disabled\n", "address1=2001:db8:100::5/64\nmethod=manual\n");
        Files.writeString(v100, v6);
        String plan = ok("diff", "--root", root.toString(), "--resolv-conf", resolv.toString()).out();
        assertTrue(plan.contains("bond0: disable_ipv6 1 -> 0") && plan.contains("bond0.100: disable_ipv6 1 -> 0"), plan);
        ok("apply", "--root", root.toString(), "--resolv-conf", resolv.toString());
        List<String> on = NetState.of(net.rtnl);
        assertTrue(on.contains("addr bond0 2001:db8::11/64") && on.contains("addr bond0.100 2001:db8:100::5/64")
                && on.contains("route default via 2001:db8::1 dev bond0 metric 300 table 254")
                && on.stream().noneMatch(l -> l.contains("ipv6=off")), () -> String.join("\n", on));
        // where the administrator has new links start without IPv6 (default/disable_ipv6), a VLAN made
        // anew is switched on for its address
        sysctl("net/ipv6/conf/default/disable_ipv6", "1");
        edit(sc.resolve("storage.nmconnection"), "\nid=201\n", "\nid=202\n");
        ok("apply", "--root", root.toString(), "--resolv-conf", resolv.toString());
        List<String> remade = NetState.of(net.rtnl);
        assertTrue(remade.contains("link storage kind=vlan up=true mtu=7000 vlan=202/802.1Q parent=bond0 flags 1")
                && remade.contains("addr storage 2001:db8:200::5/64"), () -> String.join("\n", remade));
    }

    /** Writes /proc/sys/{@code key} inside the test's namespace. */
    private void sysctl(String key, String value) throws IOException {
        try {
            Process p = new ProcessBuilder("nsenter", "--net=/run/netns/" + net.name(), "sh", "-c",
                    "echo " + value + " > /proc/sys/" + key).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), () -> "sysctl " + key + ": " + out);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    private static void edit(Path f, String... pairs) throws IOException {
        String s = Files.readString(f);
        for (int i = 0; i < pairs.length; i += 2) {
            String text = s;
            String want = pairs[i];
            assertTrue(text.contains(want), () -> f + " lacks " + want + ":\n" + text);
            s = s.replace(want, pairs[i + 1]);
        }
        Files.writeString(f, s);
    }

    @Test
    void badInputIsOneLineWithItsExitCodeAndChangesNothing() {
        ok("add", "bond0", "mode=active-backup", "miimon=100");
        ok("enslave", "bond0", "ens192", "ens224");
        ok("addr", "add", "bond0", "192.0.2.10/24");
        ok("up", "bond0");
        ok("vlan", "add", "bond0", "100");
        ok("route", "add", "198.51.100.0/25", "via", "192.0.2.1", "dev", "bond0");
        refused(2, "VLAN id '0' is not 1-4094", "vlan", "add", "bond0", "0");
        refused(2, "VLAN id '4095' is not 1-4094", "vlan", "add", "bond0", "4095");
        refused(3, "interface bond9: no such interface", "vlan", "add", "bond9", "7");
        refused(4, "bond0.100 is already VLAN 100 on bond0", "vlan", "add", "bond0", "100", "v100");
        refused(2, "'67x' is not an MTU", "mtu", "bond0", "67x");
        refused(2, "out of range for bond0 (68-65535)", "mtu", "bond0", "67");
        refused(2, "'70000' is not an MTU", "set", "bond0", "mtu=70000");
        refused(2, "larger than the mtu of its parent bond0 (1500)", "mtu", "bond0.100", "9000");
        refused(2, "is a port of bond0, whose mtu (1500) its ports follow", "mtu", "ens192", "9000");
        refused(2, "'129' is not a prefix length (0-128)", "addr", "add", "bond0", "2001:db8::1/129");
        refused(2, "the gateway is on no network of bond0", "route", "add", "default", "via", "198.51.100.1", "dev", "bond0");
        refused(2, "the gateway 192.0.2.1 is not an IPv6 address", "route", "add", "2001:db8:2::/48", "via", "192.0.2.1", "dev", "bond0");
        refused(4, "that route exists already", "route", "add", "198.51.100.0/25", "via", "192.0.2.1", "dev", "bond0");
        refused(2, "has host bits set", "route", "add", "198.51.100.7/25", "via", "192.0.2.1");
        refused(2, "metric '-1' is not a number", "route", "add", "198.51.100.128/25", "via", "192.0.2.1", "metric", "-1");
        refused(2, "'metric' is given twice", "route", "add", "198.51.100.128/25", "via", "192.0.2.1", "metric", "1", "metric", "2");
        refused(2, "'192.0.2.011' is not an IP address", "addr", "add", "bond0", "192.0.2.011/24");
        refused(2, "interface name 'bond%d'", "add", "bond%d", "mode=1");
        ok("add", "bond1", "mode=active-backup");
        refused(4, "vlan add bond1.5: bond1 is down, and a VLAN comes up only on an up parent (bondctl up bond1 first)",
                "vlan", "add", "bond1", "5");
        refused(2, "enslave bond1 to bond0: bond1 is a bond; bonds do not nest", "enslave", "bond0", "bond1");
        refused(2, "enslave bond0 to bond1: bond0 is a bond; bonds do not nest", "enslave", "bond1", "bond0");
        refused(3, "no such route", "route", "del", "198.51.100.128/25");
    }

    private void refused(int exit, String fragment, String... args) {
        List<String> before = NetState.of(net.rtnl);
        Cli.Result r = cli.run(args);
        assertEquals(exit, r.exit(), () -> String.join(" ", args) + " -> " + r);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().contains(fragment), () -> "'" + fragment + "' missing in: " + r.err());
        assertEquals(before, NetState.of(net.rtnl), "state changed by: " + String.join(" ", args));
    }

    @Test
    void routesInstalledByOthersAreDeletedAndReplacedExactly() throws Exception {
        ok("add", "bond0", "mode=active-backup", "miimon=100");
        ok("enslave", "bond0", "ens192", "ens224");
        ok("addr", "add", "bond0", "192.0.2.10/24");
        ok("up", "bond0");
        // ip(8)'s routes are proto boot; an apply that changes or drops them must match any protocol
        InetAddress gw = Address.parseIp("192.0.2.1", "gw");
        Link bond = net.rtnl.require("bond0");
        Route boot = new Route(Rtnl.AF_INET, null, 0, gw, bond.index(), Rtnl.RTPROT_BOOT, 0, Rtnl.RT_TABLE_MAIN,
                Rtnl.RT_SCOPE_UNIVERSE, Rtnl.RTN_UNICAST);
        net.rtnl.addRoute(boot, false, "ip route add default via 192.0.2.1");
        ok("route", "del", "default", "via", "192.0.2.1");
        assertFalse(NetState.of(net.rtnl).stream().anyMatch(l -> l.startsWith("route default")));
        net.rtnl.addRoute(boot, false, "ip route add default via 192.0.2.1");
        Path dir = Files.createDirectories(tmp.resolve("p"));
        Path f = dir.resolve("bond0.nmconnection");
        Files.writeString(f, "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n[bond]\nmode=active-backup\nmiimon=100\n"
                + "[ipv4]\nmethod=manual\naddress1=192.0.2.10/24,192.0.2.254\n[ipv6]\nmethod=ignore\n");
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Cli.Result r = ok("apply", "--resolv-conf", tmp.resolve("resolv.conf").toString(), dir.toString());
        assertTrue(r.out().contains("bond0: delete default route via 192.0.2.1\n"), r::toString);
        List<String> s = NetState.of(net.rtnl);
        assertTrue(s.contains("route default via 192.0.2.254 dev bond0 metric 300 table 254"), s::toString);
        assertFalse(s.stream().anyMatch(l -> l.startsWith("route default via 192.0.2.1 ")), s::toString);
    }

    /**
     * Several IPv4 addresses in one subnet: the kernel's first is the primary, the others its
     * secondaries, deleted with it (without promote_secondaries). A plan that drops the primary
     * (and one that remakes a VLAN holding such addresses) reaches the profile's addresses, and a
     * fault before any of its steps puts every address back.
     */
    @Test
    void secondaryAddressesGoBeforeTheirPrimary() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("sec"));
        Path resolv = tmp.resolve("resolv.conf");
        String bond = "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n[bond]\nmode=active-backup\nmiimon=100\n"
                + "[ipv4]\nmethod=manual\n%s[ipv6]\nmethod=ignore\n";
        String vlan = "[connection]\nid=v7\ntype=vlan\ninterface-name=v7\n[vlan]\nparent=bond0\nid=%d\n"
                + "[ipv4]\nmethod=manual\naddress1=198.51.100.1/24\naddress2=198.51.100.2/24\n[ipv6]\nmethod=ignore\n";
        write(dir.resolve("bond0.nmconnection"), String.format(bond,
                "address1=192.0.2.10/24\naddress2=192.0.2.11/24\naddress3=192.0.2.12/24\naddress4=203.0.113.5/24\n"));
        write(dir.resolve("v7.nmconnection"), String.format(vlan, 7));
        ok("apply", "--resolv-conf", resolv.toString(), dir.toString());
        List<String> before = NetState.of(net.rtnl);
        assertTrue(before.containsAll(List.of("addr bond0 192.0.2.10/24", "addr bond0 192.0.2.11/24", "addr bond0 192.0.2.12/24",
                "addr v7 198.51.100.1/24", "addr v7 198.51.100.2/24")), before::toString);
        // the primary .10 goes, .11 stays, .13 comes; the VLAN's id changes, so it is made anew
        write(dir.resolve("bond0.nmconnection"), String.format(bond,
                "address1=192.0.2.11/24\naddress2=192.0.2.13/24\naddress3=203.0.113.5/24\n"));
        write(dir.resolve("v7.nmconnection"), String.format(vlan, 8));
        applyFailingBeforeEachStep(dir, resolv, before);
        List<String> after = NetState.of(net.rtnl);
        List<String> addrs = after.stream().filter(l -> l.startsWith("addr ")).toList();
        assertEquals(List.of("addr bond0 192.0.2.11/24", "addr bond0 192.0.2.13/24", "addr bond0 203.0.113.5/24",
                "addr v7 198.51.100.1/24", "addr v7 198.51.100.2/24"), addrs);
        assertTrue(after.contains("link v7 kind=vlan up=true mtu=1500 vlan=8/802.1Q parent=bond0 flags 1"), after::toString);
        assertEquals("nothing to change: the kernel matches the profiles\n",
                ok("apply", "--resolv-conf", resolv.toString(), dir.toString()).out());
    }

    /**
     * NetworkManager gives an address's prefix route the profile's route metric (300 for a
     * bond, 400 for a VLAN and the next free one for each further VLAN, else
     * ipv4/ipv6.route-metric): the kernel holds it with the address (IFA_RT_PRIORITY). A new metric moves the routes of the addresses in place, and a fault
     * before any step puts the old metrics back.
     */
    @Test
    void prefixRoutesTakeTheProfilesMetric() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("metric"));
        Path resolv = tmp.resolve("resolv.conf");
        String bond = "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n[bond]\nmode=active-backup\nmiimon=100\n"
                + "[ipv4]\nmethod=manual\naddress1=192.0.2.10/24,192.0.2.1\naddress2=192.0.2.11/24\n%s"
                + "[ipv6]\nmethod=manual\naddress1=2001:db8::10/64\n%s";
        write(dir.resolve("bond0.nmconnection"), String.format(bond, "", ""));
        // a VLAN without addresses takes the VLAN default, 400, as in NM: the next one gets 401
        write(dir.resolve("v6.nmconnection"), "[connection]\nid=v6\ntype=vlan\ninterface-name=v6\n[vlan]\nparent=bond0\nid=6\n"
                + "[ipv4]\nmethod=disabled\n[ipv6]\nmethod=disabled\n");
        write(dir.resolve("v7.nmconnection"), "[connection]\nid=v7\ntype=vlan\ninterface-name=v7\n[vlan]\nparent=bond0\nid=7\n"
                + "[ipv4]\nmethod=manual\naddress1=198.51.100.1/24\n[ipv6]\nmethod=ignore\n");
        ok("apply", "--resolv-conf", resolv.toString(), dir.toString());
        List<String> before = NetState.of(net.rtnl);
        assertTrue(before.containsAll(List.of("route 192.0.2.0/24 dev bond0 metric 300 table 254",
                "route default via 192.0.2.1 dev bond0 metric 300 table 254", "route 2001:db8::/64 dev bond0 metric 300 table 254",
                "route 198.51.100.0/24 dev v7 metric 401 table 254")), before::toString);
        assertEquals("nothing to change: the kernel matches the profiles\n",
                ok("apply", "--resolv-conf", resolv.toString(), dir.toString()).out());
        // an address made by hand, at the kernel's default metric, is moved too
        ok("addr", "add", "v7", "198.51.100.9/24");
        write(dir.resolve("v7.nmconnection"), Files.readString(dir.resolve("v7.nmconnection"))
                .replace("address1=198.51.100.1/24\n", "address1=198.51.100.1/24\naddress2=198.51.100.9/24\nroute-metric=40\n"));
        write(dir.resolve("bond0.nmconnection"), String.format(bond, "route-metric=77\n", "route-metric=66\n"));
        List<String> handMade = NetState.of(net.rtnl);
        String plan = ok("diff", "--resolv-conf", resolv.toString(), dir.toString()).out();
        for (String c : List.of("bond0: metric of 192.0.2.10/24 300 -> 77", "bond0: metric of 192.0.2.11/24 300 -> 77",
                "bond0: metric of 2001:db8::10/64 300 -> 66", "v7: metric of 198.51.100.1/24 401 -> 40",
                "v7: metric of 198.51.100.9/24 0 -> 40")) {
            assertTrue(plan.contains(c + "\n"), () -> c + " missing in\n" + plan);
        }
        applyFailingBeforeEachStep(dir, resolv, handMade);
        List<String> after = NetState.of(net.rtnl);
        assertTrue(after.containsAll(List.of("route 192.0.2.0/24 dev bond0 metric 77 table 254",
                "route default via 192.0.2.1 dev bond0 metric 77 table 254", "route 2001:db8::/64 dev bond0 metric 66 table 254",
                "route 198.51.100.0/24 dev v7 metric 40 table 254")), after::toString);
        assertTrue(after.stream().noneMatch(l -> l.contains(" metric 300 ") || l.contains(" metric 401 ")
                || l.startsWith("route 198.51.100.0/24 dev v7 metric 0 ")), after::toString);
        assertEquals("nothing to change: the kernel matches the profiles\n",
                ok("apply", "--resolv-conf", resolv.toString(), dir.toString()).out());
        // a deleted address's undo gives its prefix route its metric back
        System.setProperty("bondctl.fault", "fail-before-step:3"); // both deletes done, the add not
        try {
            write(dir.resolve("v7.nmconnection"), Files.readString(dir.resolve("v7.nmconnection"))
                    .replace("address2=198.51.100.9/24\n", "").replace("address1=198.51.100.1/24\n", "address1=198.51.100.3/24\n"));
            Cli.Result r = cli.run("apply", "--resolv-conf", resolv.toString(), dir.toString());
            assertTrue(r.err().contains("injected fault before step 3"), r::toString);
        } finally {
            System.clearProperty("bondctl.fault");
        }
        assertEquals(after, NetState.of(net.rtnl), () -> NetState.diff(after, NetState.of(net.rtnl)));
    }

    /**
     * {@code addr add --persist}: the live address takes the metric its profile gives it (the
     * device's, 300 for the bond and 401 for the second VLAN), so that an apply of the profiles
     * written changes nothing; a metric other than the profile's is refused before anything is
     * changed or written (a profile has one per family).
     */
    @Test
    void addressesAddedWithPersistTakeTheProfilesMetric() throws Exception {
        Path root = tmp.resolve("root");
        Path dir = Files.createDirectories(root.resolve("etc/NetworkManager/system-connections"));
        Path resolv = tmp.resolve("resolv.conf");
        write(dir.resolve("bond0.nmconnection"), "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n"
                + "[bond]\nmode=active-backup\nmiimon=100\n[ipv4]\nmethod=manual\naddress1=192.0.2.10/24\n[ipv6]\nmethod=ignore\n");
        for (int id : new int[] {6, 7}) {
            write(dir.resolve("v" + id + ".nmconnection"), "[connection]\nid=v" + id + "\ntype=vlan\ninterface-name=v" + id
                    + "\n[vlan]\nparent=bond0\nid=" + id + "\n[ipv4]\nmethod=manual\naddress1=198.51.100." + id
                    + "/28\n[ipv6]\nmethod=ignore\n");
        }
        String[] where = {"--root", root.toString(), "--resolv-conf", resolv.toString()};
        ok(cat(new String[] {"apply"}, where));
        ok("addr", "add", "bond0", "203.0.113.10/24", "--persist", "--root", root.toString());
        ok("addr", "add", "v7", "198.51.100.200/28", "metric", "401", "--persist", "--root", root.toString());
        List<String> s = NetState.of(net.rtnl);
        assertTrue(s.containsAll(List.of("route 203.0.113.0/24 dev bond0 metric 300 table 254",
                "route 198.51.100.192/28 dev v7 metric 401 table 254")), s::toString);
        assertTrue(Files.readString(dir.resolve("v7.nmconnection")).contains("address2=198.51.100.200/28\n"));
        assertEquals(0, cli.run(cat(new String[] {"diff", "--exit-code"}, where)).exit(), "the live change is the profiles'");

        String v6 = Files.readString(dir.resolve("v6.nmconnection"));
        refused(2, "--persist: v6's profile gives its ipv4 addresses metric 400 (ipv4.route-metric: one for every address"
                + " and the gateway); change that instead (nmcli connection modify v6 ipv4.route-metric 77) or leave out"
                + " 'metric 77'", "addr", "add", "v6", "203.0.113.60/24", "metric", "77", "--persist", "--root", root.toString());
        assertEquals(v6, Files.readString(dir.resolve("v6.nmconnection")), "the refused change wrote nothing");
    }

    /**
     * vlan.flags and the priority maps reach the kernel (IFLA_VLAN_FLAGS, _INGRESS_QOS,
     * _EGRESS_QOS): on a VLAN made anew, changed in place (a mapping that goes is sent as one to
     * 0), and on a VLAN made anew for a new id, whose undo gives the old VLAN its flags and maps
     * back; a fault before any step leaves the kernel as it was.
     */
    /**
     * A VLAN whose profile leaves the MTU automatic follows its parent's up, as NetworkManager
     * raises it (the kernel lowers a VLAN with its parent, but never raises it); one with an MTU
     * of its own keeps it. Each step undone when a later one fails.
     */
    @Test
    void vlansWithoutAnMtuOfTheirOwnFollowTheirBondUp() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mtu"));
        Path resolv = tmp.resolve("resolv.conf");
        String bond = "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n[bond]\nmode=active-backup\nmiimon=100\n"
                + "[ethernet]\nmtu=%d\n[ipv4]\nmethod=disabled\n[ipv6]\nmethod=disabled\n";
        String vlan = "[connection]\nid=v%d\ntype=vlan\ninterface-name=v%1$d\n[vlan]\nid=%1$d\nparent=bond0\n%s"
                + "[ipv4]\nmethod=disabled\n[ipv6]\nmethod=disabled\n";
        write(dir.resolve("bond0.nmconnection"), String.format(bond, 1500));
        write(dir.resolve("v7.nmconnection"), String.format(vlan, 7, ""));
        write(dir.resolve("v8.nmconnection"), String.format(vlan, 8, "[ethernet]\nmtu=1500\n"));
        write(dir.resolve("ens192.nmconnection"), "[connection]\nid=ens192\ntype=ethernet\ninterface-name=ens192\n"
                + "master=bond0\nslave-type=bond\n");
        ok("apply", "--resolv-conf", resolv.toString(), dir.toString());
        assertEquals(List.of(1500, 1500, 1500), List.of(mtu("bond0"), mtu("v7"), mtu("v8")));
        write(dir.resolve("bond0.nmconnection"), String.format(bond, 9000));
        List<String> before = NetState.of(net.rtnl);
        assertEquals("bond0: mtu 1500 -> 9000\nv7: mtu 1500 -> 9000\n",
                ok("diff", "--resolv-conf", resolv.toString(), dir.toString()).out());
        applyFailingBeforeEachStep(dir, resolv, before);
        assertEquals(List.of(9000, 9000, 1500), List.of(mtu("bond0"), mtu("v7"), mtu("v8")));
        assertEquals("nothing to change: the kernel matches the profiles\n",
                ok("apply", "--resolv-conf", resolv.toString(), dir.toString()).out());
    }

    private int mtu(String link) {
        return net.rtnl.require(link).mtu();
    }

    @Test
    void vlanFlagsAndPriorityMapsReachTheKernel() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("qos"));
        Path resolv = tmp.resolve("resolv.conf");
        write(dir.resolve("bond0.nmconnection"), "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n[bond]\n"
                + "mode=active-backup\nmiimon=100\n[ipv4]\nmethod=disabled\n[ipv6]\nmethod=disabled\n");
        String v7 = "[connection]\nid=v7\ntype=vlan\ninterface-name=v7\n[vlan]\n%sflags=%d\nid=%d\n%sparent=bond0\n"
                + "[ipv4]\nmethod=manual\naddress1=198.51.100.1/24\n[ipv6]\nmethod=disabled\n";
        write(dir.resolve("v7.nmconnection"), String.format(v7, "egress-priority-map=0:3;5:7;\n", 3, 7,
                "ingress-priority-map=1:2;\n"));
        ok("apply", "--resolv-conf", resolv.toString(), dir.toString());
        org.bondctl.rtnl.VlanQos made = org.bondctl.rtnl.VlanQos.of(net.rtnl.require("v7"));
        assertEquals("flags 3 ingress 1:2 egress 0:3,5:7", made.toString());
        assertTrue(ok("vlan", "show", "bond0").out().contains("v7 link bond0 id 7 protocol 802.1Q mtu 1500 up flags REORDER_HDR,GVRP"
                + " ingress-qos-map 1:2 egress-qos-map 0:3,5:7\n"));
        // iproute2 reads the same off the kernel
        Process ip = new ProcessBuilder("ip", "-n", net.name(), "-d", "link", "show", "v7").redirectErrorStream(true).start();
        String ipOut = new String(ip.getInputStream().readAllBytes());
        assertEquals(0, ip.waitFor(), ipOut);
        for (String s : List.of("vlan protocol 802.1Q id 7 <REORDER_HDR,GVRP>", "ingress-qos-map { 1:2 }", "egress-qos-map { 0:3 5:7 }")) {
            assertTrue(ipOut.contains(s), () -> s + " missing in " + ipOut);
        }
        assertEquals("nothing to change: the kernel matches the profiles\n",
                ok("apply", "--resolv-conf", resolv.toString(), dir.toString()).out());

        // in place: GVRP off, LOOSE_BINDING and MVRP on, 1:2 -> 1:9, egress 0:3 goes, 5:7 -> 5:6, 9:1 comes
        write(dir.resolve("v7.nmconnection"), String.format(v7, "egress-priority-map=5:6;9:1;\n", 13, 7,
                "ingress-priority-map=1:9;\n"));
        List<String> before = NetState.of(net.rtnl);
        String plan = ok("diff", "--resolv-conf", resolv.toString(), dir.toString()).out();
        assertEquals("v7: vlan flags 3 ingress 1:2 egress 0:3,5:7 -> flags 13 ingress 1:9 egress 5:6,9:1\n", plan);
        int index = net.rtnl.require("v7").index();
        applyFailingBeforeEachStep(dir, resolv, before);
        assertEquals("flags 13 ingress 1:9 egress 5:6,9:1", org.bondctl.rtnl.VlanQos.of(net.rtnl.require("v7")).toString());
        assertEquals(index, net.rtnl.require("v7").index(), "changed in place, not made anew");

        // none at all: the kernel's defaults
        write(dir.resolve("v7.nmconnection"), String.format(v7, "", 1, 7, ""));
        ok("apply", "--resolv-conf", resolv.toString(), dir.toString());
        assertEquals(org.bondctl.rtnl.VlanQos.DEFAULT, org.bondctl.rtnl.VlanQos.of(net.rtnl.require("v7")));

        // a new id makes the VLAN anew, with the profile's flags and maps; undone, the old comes back with its own
        write(dir.resolve("v7.nmconnection"), String.format(v7, "egress-priority-map=2:3;\n", 0, 7, ""));
        ok("apply", "--resolv-conf", resolv.toString(), dir.toString());
        write(dir.resolve("v7.nmconnection"), String.format(v7, "", 9, 8, "ingress-priority-map=7:4294967295;\n"));
        List<String> old = NetState.of(net.rtnl);
        assertTrue(old.contains("link v7 kind=vlan up=true mtu=1500 ipv6=off vlan=7/802.1Q parent=bond0 flags 0 egress 2:3"), old::toString);
        applyFailingBeforeEachStep(dir, resolv, old);
        List<String> now = NetState.of(net.rtnl);
        assertTrue(now.contains("link v7 kind=vlan up=true mtu=1500 ipv6=off vlan=8/802.1Q parent=bond0 flags 9 ingress 7:4294967295"),
                now::toString);
    }

    /**
     * {@code vlan add} and {@code vlan set} take a VLAN's flags and priority maps in ip(8)'s
     * words; set changes them in place (mappings not named stay, FROM:0 removes one); --persist
     * writes NM's keys; bad values change nothing.
     */
    @Test
    void vlanAddAndSetTakeFlagsAndMapsInIpsWords() throws Exception {
        Path root = tmp.resolve("root");
        ok("add", "bond0", "mode=active-backup");
        ok("up", "bond0");
        ok("vlan", "add", "bond0", "100", "--gvrp", "on", "--egress-qos-map", "0:3,5:7", "--persist", "--root", root.toString());
        int index = net.rtnl.require("bond0.100").index();
        assertEquals("flags 3 egress 0:3,5:7", org.bondctl.rtnl.VlanQos.of(net.rtnl.require("bond0.100")).toString());
        Path file = root.resolve("etc/NetworkManager/system-connections/bond0.100.nmconnection");
        assertTrue(Files.readString(file).contains("[vlan]\negress-priority-map=0:3;5:7;\nflags=3\nid=100\nparent=bond0\n"),
                () -> file.toString());
        ok("vlan", "set", "bond0.100", "--reorder-hdr", "off", "--egress-qos-map", "0:0,6:1", "--ingress-qos-map", "2:9",
                "--persist", "--root", root.toString());
        assertEquals("flags 2 ingress 2:9 egress 5:7,6:1", org.bondctl.rtnl.VlanQos.of(net.rtnl.require("bond0.100")).toString());
        assertEquals(index, net.rtnl.require("bond0.100").index(), "in place");
        assertTrue(Files.readString(file).contains("egress-priority-map=5:7;6:1;\nflags=2\nid=100\ningress-priority-map=2:9;\n"),
                () -> file.toString());
        refused(2, "vlan set bond0.100: --gvrp 'maybe' is not on or off", "vlan", "set", "bond0.100", "--gvrp", "maybe");
        refused(2, "vlan set bond0.100: --egress-qos-map: invalid priority map '1:8' (TO is an 802.1p priority, 0-7)",
                "vlan", "set", "bond0.100", "--egress-qos-map", "1:8");
        refused(2, "vlan add bond0.7: --ingress-qos-map: invalid priority map '8:1' (FROM is an 802.1p priority, 0-7)",
                "vlan", "add", "bond0", "7", "--ingress-qos-map", "8:1");
        refused(2, "vlan set bond0: not a VLAN", "vlan", "set", "bond0", "--mvrp", "on");
    }

    /**
     * A NIC with addresses and a route of its own that a profile makes a port: they go first, as
     * steps (NM's port activation flushes them; the kernel would keep the IPv4 address on the
     * port and drop the IPv6 one and the route for good), and a fault before any step gives
     * every one of them back.
     */
    @Test
    void aNicMadeAPortLosesItsAddressesAsStepsAnUndoGivesBack() throws Exception {
        Link nic = net.rtnl.require("ens192");
        net.rtnl.addAddress(nic, Address.parse("198.51.100.5/24"));
        net.rtnl.addAddress(nic, Address.parse("2001:db8:5::5/64"));
        net.rtnl.setUp(nic, true);
        net.rtnl.addRoute(new Route(Rtnl.AF_INET, Address.parseIp("203.0.113.0", "dst"), 24,
                Address.parseIp("198.51.100.1", "gw"), nic.index(), Rtnl.RTPROT_BOOT, 0, Rtnl.RT_TABLE_MAIN,
                Rtnl.RT_SCOPE_UNIVERSE, Rtnl.RTN_UNICAST), false, "ip route add 203.0.113.0/24 via 198.51.100.1");
        Path dir = Files.createDirectories(tmp.resolve("flush"));
        Path resolv = tmp.resolve("resolv.conf");
        write(dir.resolve("bond0.nmconnection"), "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n[bond]\n"
                + "mode=active-backup\nmiimon=100\n[ipv4]\nmethod=manual\naddress1=192.0.2.10/24\n[ipv6]\nmethod=disabled\n");
        write(dir.resolve("ens192.nmconnection"), "[connection]\nid=ens192\ntype=ethernet\ninterface-name=ens192\n"
                + "master=bond0\nslave-type=bond\n");
        List<String> before = NetState.of(net.rtnl);
        assertTrue(before.containsAll(List.of("addr ens192 198.51.100.5/24", "addr ens192 2001:db8:5::5/64",
                "route 203.0.113.0/24 via 198.51.100.1 dev ens192 metric 0 table 254")), before::toString);
        String plan = ok("diff", "--resolv-conf", resolv.toString(), dir.toString()).out();
        assertTrue(plan.contains("ens192: delete address 198.51.100.5/24\n") && plan.contains("ens192: delete address 2001:db8:5::5/64\n"),
                plan);
        applyFailingBeforeEachStep(dir, resolv, before);
        List<String> after = NetState.of(net.rtnl);
        assertTrue(after.stream().noneMatch(l -> l.startsWith("addr ens192") || l.contains("dev ens192")), after::toString);
        assertTrue(after.contains("addr bond0 192.0.2.10/24"), after::toString);
        assertEquals(net.rtnl.require("bond0").index(), net.rtnl.require("ens192").master());
    }

    /**
     * {@code apply} of {@code dir} with a fault injected before step 1, 2, ... until it succeeds:
     * after each refusal the kernel must be as {@code before}.
     */
    private void applyFailingBeforeEachStep(Path dir, Path resolv, List<String> before) {
        applyFailingBeforeEachStep(cli, net, dir, resolv, before);
    }

    /** {@link #applyFailingBeforeEachStep(Path, Path, List)} for another test class's CLI and namespace. */
    public static void applyFailingBeforeEachStep(Cli cli, SeedNetwork net, Path dir, Path resolv, List<String> before) {
        for (int n = 1; ; n++) {
            System.setProperty("bondctl.fault", "fail-before-step:" + n);
            Cli.Result r;
            try {
                r = cli.run("apply", "--resolv-conf", resolv.toString(), dir.toString());
            } finally {
                System.clearProperty("bondctl.fault");
            }
            if (r.exit() == 0) {
                return;
            }
            final int step = n;
            assertTrue(r.err().contains("injected fault before step " + n), r::toString);
            List<String> now = NetState.of(net.rtnl);
            assertEquals(before, now, () -> "after a fault before step " + step + NetState.diff(before, now));
        }
    }

    private static void write(Path f, String text) throws IOException {
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
}
