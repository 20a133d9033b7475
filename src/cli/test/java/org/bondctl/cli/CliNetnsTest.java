package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.SeedNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generic commands (up, down, addr, route, dns, show) and the error contract, on the host
 * kernel inside a fresh namespace. The host kernel has no bonding: that case is tested too.
 */
@WithSeedCli
class CliNetnsTest {
    private SeedNetwork net;
    private Cli cli;

    @TempDir
    Path tmp;

    @Test
    void upDownAddrRoute() {
        assertEquals(0, cli.run("up", "ens192").exit());
        assertTrue(net.rtnl.require("ens192").isUp());
        assertEquals(0, cli.run("addr", "add", "ens192", "192.0.2.10/24").exit());
        Cli.Result show = cli.run("addr", "show", "ens192");
        assertTrue(show.out().contains("ens192 192.0.2.10/24"), show::toString);
        assertEquals(0, cli.run("route", "add", "default", "via", "192.0.2.1", "dev", "ens192", "metric", "300").exit());
        Cli.Result routes = cli.run("route", "show");
        assertTrue(routes.out().contains("default via 192.0.2.1 dev ens192 proto static metric 300\n"), routes::toString);
        assertTrue(routes.out().contains("192.0.2.0/24 dev ens192 proto kernel src 192.0.2.10\n"), routes::toString);
        assertTrue(net.rtnl.routes().stream().anyMatch(r -> r.isDefault() && r.metric() == 300 && r.family() == Rtnl.AF_INET));
        // ip(8)'s route attributes: held by the kernel as given, shown in its words, refused in NetworkManager's
        assertEquals(0, cli.run("route", "add", "198.51.100.0/24", "via", "192.0.2.254", "dev", "ens192", "src", "192.0.2.10",
                "mtu", "lock", "1400", "onlink").exit());
        Cli.Result attrs = cli.run("route", "show", "ens192");
        assertTrue(attrs.out().contains("198.51.100.0/24 via 192.0.2.254 dev ens192 proto static mtu lock 1400 onlink"
                + " src 192.0.2.10\n"), attrs::toString);
        assertTrue(net.rtnl.routes().stream().anyMatch(r -> r.attrs().kernelKey(Rtnl.AF_INET)
                .equals("lock-mtu=true mtu=1400 onlink=true src=192.0.2.10")), () -> net.rtnl.routes().toString());
        Cli.Result bad = cli.run("route", "add", "198.51.99.0/24", "via", "192.0.2.254", "mtu", "abc");
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().contains("route add: invalid option 'mtu=abc': invalid uint32 value 'abc' for attribute 'mtu'"),
                bad::toString);
        assertEquals(0, cli.run("route", "del", "default", "via", "192.0.2.1", "dev", "ens192", "metric", "300").exit());
        assertFalse(cli.run("route", "show").out().contains("default"));
        assertEquals(0, cli.run("addr", "del", "ens192", "192.0.2.10/24").exit());
        assertFalse(net.rtnl.addresses(net.rtnl.require("ens192").index()).contains(Address.parse("192.0.2.10/24")));
        assertEquals(0, cli.run("down", "ens192").exit());
        assertFalse(net.rtnl.require("ens192").isUp());
    }

    /** rule show: every rule of both families in the kernel's order, in NetworkManager's words, with who made it; --json by field. */
    @Test
    void ruleShow() throws Exception {
        net.rtnl.addRule(org.bondctl.rtnl.RoutingRule.parse("priority 60 from 192.0.2.0/24 table 200", Rtnl.AF_INET), "test");
        net.rtnl.addRule(org.bondctl.rtnl.RoutingRule.parse("priority 61 not fwmark 0x10/0xff iif lo dport 22 type unreachable",
                Rtnl.AF_INET).withProtocol(0), "test");
        net.rtnl.addRule(org.bondctl.rtnl.RoutingRule.parse("priority 62 to 2001:db8::/64 table 100000", Rtnl.AF_INET6), "test");
        net.rtnl.addRule(org.bondctl.rtnl.RoutingRule.parse("priority 63 sport 1000-2000 suppress_prefixlength 8 table 5",
                Rtnl.AF_INET), "test");
        Cli.Result r = cli.run("rule", "show");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("ipv4 priority 0 from 0.0.0.0/0 table 255 proto kernel\n"
                + "ipv4 priority 60 from 192.0.2.0/24 table 200 proto static\n"
                + "ipv4 priority 61 not from 0.0.0.0/0 fwmark 0x10/0xff dport 22 iif lo type unreachable proto unspec\n"
                + "ipv4 priority 63 from 0.0.0.0/0 sport 1000-2000 suppress_prefixlength 8 table 5 proto static\n"
                + "ipv4 priority 32766 from 0.0.0.0/0 table 254 proto kernel\n"
                + "ipv4 priority 32767 from 0.0.0.0/0 table 253 proto kernel\n"
                + "ipv6 priority 0 from ::/0 table 255 proto kernel\n"
                + "ipv6 priority 62 to 2001:db8::/64 table 100000 proto static\n"
                + "ipv6 priority 32766 from ::/0 table 254 proto kernel\n", r.out());
        Cli.Result j = cli.run("--json", "rule", "show");
        assertEquals(0, j.exit(), j::toString);
        assertTrue(j.out().contains("{\"family\":\"inet\",\"priority\":60,\"src\":\"192.0.2.0\",\"srclen\":24,\"table\":\"200\","
                + "\"action\":\"lookup\",\"protocol\":\"static\",\"text\":\"priority 60 from 192.0.2.0/24 table 200\"}"), j::toString);
        assertTrue(j.out().contains("\"not\":true,\"fwmark\":\"0x10\",\"fwmask\":\"0xff\",\"dport\":22,\"iif\":\"lo\","
                + "\"action\":\"unreachable\",\"protocol\":\"unspec\""), j::toString);
        assertTrue(j.out().contains("\"sport_start\":1000,\"sport_end\":2000,\"suppress_prefixlen\":8,\"table\":\"5\""), j::toString);
    }

    @Test
    void kernelRefusalCarriesExtendedAckAndExit1() {
        // the address is there, but with the link down its network is not: the kernel refuses
        assertEquals(0, cli.run("addr", "add", "ens192", "192.0.2.10/24").exit());
        Cli.Result r = cli.run("route", "add", "default", "via", "192.0.2.1", "dev", "ens192");
        assertEquals(1, r.exit(), r::toString);
        assertEquals("bondctl: add default route via 192.0.2.1 dev ens192 (ens192 is down: bring it up first, 'bondctl up"
                + " ens192'): Network is unreachable (ENETUNREACH); kernel: Nexthop has invalid gateway\n", r.err());
    }

    @Test
    void aGatewayOnNoNetworkIsRefusedBeforeTheKernelSeesIt() {
        cli.run("up", "ens192");
        Cli.Result r = cli.run("route", "add", "default", "via", "198.51.100.1", "dev", "ens192");
        assertEquals(2, r.exit(), r::toString);
        assertEquals("bondctl: route add default via 198.51.100.1 dev ens192: the gateway is on no network of ens192;"
                + " the kernel would refuse it (ENETUNREACH)\n", r.err());
    }

    @Test
    void errorsHaveDocumentedExitCodesAndOneLine() {
        Cli.Result missing = cli.run("up", "ens999");
        assertEquals(3, missing.exit());
        assertEquals("bondctl: interface ens999: no such interface in network namespace " + net.name() + "\n", missing.err());

        Cli.Result badCidr = cli.run("addr", "add", "ens192", "192.0.2.300/24");
        assertEquals(2, badCidr.exit());
        assertEquals("bondctl: address 192.0.2.300/24: '192.0.2.300' is not an IP address\n", badCidr.err());

        Cli.Result usage = cli.run("enslave", "bond0");
        assertEquals(2, usage.exit());
        assertTrue(usage.err().startsWith("bondctl: Missing required parameter"), usage::toString);

        Cli.Result dup = cli.run("addr", "add", "ens192", "192.0.2.10/24");
        assertEquals(0, dup.exit());
        Cli.Result again = cli.run("addr", "add", "ens192", "192.0.2.10/24");
        assertEquals(4, again.exit(), again::toString);
        assertEquals("bondctl: addr add 192.0.2.10/24 dev ens192: ens192 has that address already\n", again.err());

        Cli.Result notBond = cli.run("show", "ens192");
        assertEquals(2, notBond.exit());
        assertEquals("bondctl: ens192 is not a bond (kind veth)\n", notBond.err());
    }

    @Test
    void bondingUnavailableIsExplained() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("/sys/module/bonding")),
                "this kernel has bonding: the unavailable case cannot be produced here");
        Cli.Result r = cli.run("add", "bond0", "mode=active-backup");
        assertEquals(6, r.exit(), r::toString);
        assertTrue(r.err().contains("the bonding driver is not available"), r::toString);
        assertTrue(net.rtnl.link("bond0").isEmpty());
    }

    @Test
    void showWithNoBondsAndDnsRoundTrip() throws Exception {
        Cli.Result show = cli.run("show");
        assertEquals(0, show.exit());
        assertEquals("", show.out());
        assertEquals("[]\n", cli.run("--json", "show").out());

        Path conf = tmp.resolve("resolv.conf");
        Files.writeString(conf, "nameserver 198.51.100.53\n");
        Cli.Result set = cli.run("dns", "set", "ens192", "--server", "192.0.2.53", "--server", "192.0.2.54",
                "--search", "k.local.lab", "--resolv-conf", conf.toString());
        assertEquals(0, set.exit(), set::toString);
        assertEquals("# Generated by bondctl\n# bondctl: interface=ens192\nsearch k.local.lab\n"
                + "nameserver 192.0.2.53\nnameserver 192.0.2.54\n", Files.readString(conf));
        assertEquals("nameserver 198.51.100.53\n", Files.readString(conf.resolveSibling("resolv.conf.bondctl-backup")));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)),
                "readable by every resolver user, whatever the umask");
        assertEquals("{\"interface\":\"ens192\",\"servers\":[\"192.0.2.53\",\"192.0.2.54\"],\"search\":[\"k.local.lab\"],"
                + "\"file\":\"" + conf + "\",\"resolver\":\"file\"}\n",
                cli.run("--json", "dns", "show", "--resolv-conf", conf.toString()).out());
        try (var files = Files.list(tmp)) {
            assertEquals(2, files.count(), "no temporary file left behind");
        }

        Cli.Result four = cli.run("dns", "set", "--server", "192.0.2.1", "--server", "192.0.2.2", "--server", "192.0.2.3",
                "--server", "192.0.2.4", "--resolv-conf", conf.toString());
        assertEquals(2, four.exit());
        assertTrue(Files.readString(conf).contains("192.0.2.53"), "unchanged after a refused write");

        Cli.Result badIf = cli.run("dns", "set", "ens999", "--server", "192.0.2.1", "--resolv-conf", conf.toString());
        assertEquals(3, badIf.exit());
    }
}
