package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bondctl.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nmcli's list edits and its words, as NetworkManager 1.42's nmcli says them (each expected
 * text and outcome seen in the test bed, /tmp/s26 runs of stop 26): '-' with a number removes
 * by index of the list as it was, a number past the end or a value not in the list removes
 * nothing; {@code connection delete} deletes the profiles it knows and then says which it did
 * not (exit 10); an unknown name to {@code up} or {@code down}; a bond option or mode NM does
 * not know, an invalid address, gateway or route; a DNS server that is no address, which NM
 * refuses to save (exit 1 from modify, 4 from add, nothing written).
 */
class NmcliListEditsTest {
    @TempDir
    Path root;

    private NmcliRoot b1() {
        NmcliRoot n = new NmcliRoot(root);
        n.ok("con", "add", "type", "bond", "con-name", "b1", "ifname", "b1", "autoconnect", "no", "bond.options",
                "mode=active-backup", "ipv4.method", "manual", "ipv4.addresses", "192.0.2.1/24,192.0.2.2/24,192.0.2.3/24",
                "ipv4.dns", "192.0.2.53,192.0.2.54,192.0.2.55", "ipv4.dns-search", "a.example,b.example,c.example",
                "ipv4.routes", "203.0.113.0/24 192.0.2.254 100, 198.51.100.0/24 192.0.2.254", "ipv6.method", "disabled");
        return n;
    }

    private static String g(NmcliRoot n, String field) {
        return n.ok("-g", field, "con", "show", "b1").out();
    }

    @Test
    void removingByIndexOrValue() {
        NmcliRoot n = b1();
        n.ok("con", "mod", "b1", "-ipv4.dns", "5");
        assertEquals("192.0.2.53,192.0.2.54,192.0.2.55\n", g(n, "ipv4.dns"));
        n.ok("con", "mod", "b1", "-ipv4.dns", "0,1");
        assertEquals("192.0.2.55\n", g(n, "ipv4.dns"));
        n.ok("con", "mod", "b1", "-ipv4.addresses", "1");
        assertEquals("192.0.2.1/24, 192.0.2.3/24\n", g(n, "ipv4.addresses"));
        n.ok("con", "mod", "b1", "-ipv4.dns-search", "0");
        assertEquals("b.example,c.example\n", g(n, "ipv4.dns-search"));
        n.ok("con", "mod", "b1", "-ipv4.dns-search", "1x");
        n.ok("con", "mod", "b1", "-ipv4.addresses", "192.0.2.77/24");
        assertEquals("192.0.2.1/24, 192.0.2.3/24\n", g(n, "ipv4.addresses"));
        n.ok("con", "mod", "b1", "-ipv4.routes", "0");
        assertEquals("198.51.100.0/24 192.0.2.254\n", g(n, "ipv4.routes"));
        n.ok("con", "mod", "b1", "-ipv4.dns", "192.0.2.300");
        assertEquals("192.0.2.55\n", g(n, "ipv4.dns"));
        Cli.Result r = n.nmcli("con", "mod", "b1", "-bond.options", "0");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().startsWith("Error: failed to remove a value from bond.options: '0' not among [mode, miimon,"
                + " downdelay, updelay, arp_interval, arp_ip_target, arp_validate, balance-slb, primary,"), r::toString);
        // the mode taken away: nmcli's own words, without the period of the daemon's (seen in 1.42), the file as it was
        String before = g(n, "bond.options");
        r = n.nmcli("con", "mod", "b1", "-bond.options", "mode");
        assertEquals(1, r.exit(), r::toString);
        assertEquals("Error: Failed to modify connection 'b1': bond.options: mandatory option 'mode' is missing\n", r.err());
        assertEquals(before, g(n, "bond.options"));
        n.ok("con", "mod", "b1", "-bond.options", "miimon");
        assertTrue(g(n, "bond.options").startsWith("mode="), () -> g(n, "bond.options"));
    }

    /**
     * vlan.flags and the priority maps, in NM 1.42's words (seen side by side): set, added to,
     * taken from, shown with -g (':' escaped) and in the table, written as NM's keyfile has them,
     * and bad values refused with nmcli's message (exit 2, the file unchanged).
     */
    @Test
    void vlanFlagsAndPriorityMaps() throws IOException {
        NmcliRoot n = b1();
        n.ok("con", "add", "type", "vlan", "con-name", "v10", "ifname", "b1.10", "dev", "b1", "id", "10", "autoconnect", "no",
                "ipv4.method", "disabled", "ipv6.method", "disabled", "vlan.egress-priority-map", "0:3,5:7",
                "vlan.ingress-priority-map", "1:2", "vlan.flags", "3");
        Path file = root.resolve("etc/NetworkManager/system-connections/v10.nmconnection");
        assertTrue(Files.readString(file).contains("[vlan]\negress-priority-map=0:3;5:7;\nflags=3\nid=10\n"
                + "ingress-priority-map=1:2;\nparent=b1\n"), () -> file + ":\n" + n.ok("con", "show", "v10"));
        assertEquals("3\n0\\:3 5\\:7\n1\\:2\n",
                n.ok("-g", "vlan.flags,vlan.egress-priority-map,vlan.ingress-priority-map", "con", "show", "v10").out());
        String table = n.ok("con", "show", "v10").out();
        assertTrue(table.contains("vlan.flags:                             3 (REORDER_HEADERS, GVRP)\n"
                + "vlan.protocol:                          --\n"
                + "vlan.ingress-priority-map:              1:2\n"
                + "vlan.egress-priority-map:               0:3 5:7\n"), table);
        n.ok("con", "mod", "v10", "vlan.flags", "5", "+vlan.egress-priority-map", "9:1");
        n.ok("con", "mod", "v10", "-vlan.egress-priority-map", "0:3", "+vlan.egress-priority-map", "5:6",
                "+vlan.ingress-priority-map", "1:9");
        assertEquals("5\n5\\:6 9\\:1\n1\\:9\n",
                n.ok("-g", "vlan.flags,vlan.egress-priority-map,vlan.ingress-priority-map", "con", "show", "v10").out());
        String before = Files.readString(file);
        String[][] bad = {
            {"vlan.flags", "gvrp,loose-binding", "failed to modify vlan.flags: 'gvrp,loose-binding' is not a valid number (or out of range)."},
            {"vlan.flags", "16", "failed to modify vlan.flags: '16' flags are not valid; use combination of 1, 2, 4, 8."},
            {"+vlan.ingress-priority-map", "8:1", "failed to modify vlan.ingress-priority-map: invalid priority map '8:1'."},
            {"+vlan.egress-priority-map", "1:8", "failed to modify vlan.egress-priority-map: invalid priority map '1:8'."},
            {"vlan.egress-priority-map", "2-3", "failed to modify vlan.egress-priority-map: invalid priority map '2-3'."},
        };
        for (String[] b : bad) {
            Cli.Result r = n.nmcli("con", "mod", "v10", b[0], b[1]);
            assertEquals(2, r.exit(), r::toString);
            assertEquals("Error: " + b[2] + "\n", r.err());
        }
        assertEquals(before, Files.readString(file));
        n.ok("con", "mod", "v10", "vlan.egress-priority-map", "", "vlan.ingress-priority-map", "");
        assertTrue(Files.readString(file).contains("[vlan]\nflags=5\nid=10\nparent=b1\n"), () -> file + " after clearing the maps");
    }

    /** The same in an ifcfg-rh profile (RHEL 8's format): NM's variables, read back as set. */
    @Test
    void vlanFlagsAndPriorityMapsInIfcfg() throws IOException {
        Path scripts = Files.createDirectories(root.resolve("etc/sysconfig/network-scripts"));
        Files.writeString(scripts.resolve("ifcfg-ens192"), NmcliRecipe.ifcfg("ens192", NmcliRecipe.UUID_192));
        NmcliRoot n = new NmcliRoot(root);
        n.ok("con", "add", "type", "vlan", "con-name", "v10", "ifname", "b1.10", "dev", "b1", "id", "10", "autoconnect", "no",
                "ipv4.method", "disabled", "ipv6.method", "disabled", "vlan.egress-priority-map", "0:3,5:7",
                "vlan.ingress-priority-map", "1:2", "vlan.flags", "14");
        String f = Files.readString(scripts.resolve("ifcfg-v10"));
        for (String line : List.of("VLAN_FLAGS=LOOSE_BINDING,NO_REORDER_HDR\n", "GVRP=yes\n", "MVRP=yes\n",
                "VLAN_INGRESS_PRIORITY_MAP=1:2\n", "VLAN_EGRESS_PRIORITY_MAP=0:3,5:7\n")) {
            assertTrue(f.contains(line), () -> line + " missing in\n" + f);
        }
        assertEquals("14\n0\\:3 5\\:7\n1\\:2\n",
                n.ok("-g", "vlan.flags,vlan.egress-priority-map,vlan.ingress-priority-map", "con", "show", "v10").out());
        n.ok("con", "mod", "v10", "vlan.flags", "1", "vlan.egress-priority-map", "");
        String g = Files.readString(scripts.resolve("ifcfg-v10"));
        assertTrue(g.contains("VLAN_FLAGS=REORDER_HDR\n") && g.contains("GVRP=no\n") && !g.contains("EGRESS"), g);
        assertEquals("1\n\n1\\:2\n",
                n.ok("-g", "vlan.flags,vlan.egress-priority-map,vlan.ingress-priority-map", "con", "show", "v10").out());
    }

    @Test
    void deleteTakesTheKnownAndNamesTheRest() {
        NmcliRoot n = b1();
        Cli.Result r = n.nmcli("con", "del", "nosuch1", "nosuch2");
        assertEquals(10, r.exit(), r::toString);
        assertEquals("Error: unknown connection 'nosuch1'.\nError: unknown connection 'nosuch2'.\n"
                + "Error: cannot delete unknown connection(s): 'nosuch1', 'nosuch2'.\n", r.err());
        r = n.nmcli("con", "del", "b1", "nosuch1");
        assertEquals(10, r.exit(), r::toString);
        assertTrue(r.out().matches("Connection 'b1' \\([-0-9a-f]{36}\\) successfully deleted.\n"), r::toString);
        assertEquals("Error: unknown connection 'nosuch1'.\nError: cannot delete unknown connection(s): 'nosuch1'.\n",
                r.err());
        assertFalse(Files.exists(root.resolve("etc/NetworkManager/system-connections/b1.nmconnection")));
        r = n.nmcli("con", "up", "nosuch1");
        assertEquals(10, r.exit(), r::toString);
        assertEquals("Error: unknown connection 'nosuch1'.\n", r.err());
        r = n.nmcli("con", "down", "nosuch1");
        assertEquals(10, r.exit(), r::toString);
        assertEquals("Error: 'nosuch1' is not an active connection.\nError: no active connection provided.\n", r.err());
        // as NM 1.42 words them (seen side by side); show's differ
        for (String[] c : new String[][] {{"con", "mod", "nosuch1", "mtu", "1400"}, {"con", "clone", "nosuch1", "copy"}}) {
            r = n.nmcli(c);
            assertEquals(10, r.exit(), r::toString);
            assertEquals("Error: unknown connection 'nosuch1'.\n", r.err());
        }
        r = n.nmcli("con", "show", "nosuch1");
        assertEquals("Error: nosuch1 - no such connection profile.\n", r.err());
    }

    @Test
    void badValuesInNmclisWords() throws IOException {
        NmcliRoot n = b1();
        Path file = root.resolve("etc/NetworkManager/system-connections/b1.nmconnection");
        String before = Files.readString(file);
        String[][] cases = {
            {"ipv6.addresses", "2001:db8::zz/64", "2", "failed to modify ipv6.addresses: invalid IP address: Invalid IPv6"
                    + " address '2001:db8::zz'."},
            {"bond.options", "mode=foo", "2", "failed to modify bond.options: 'foo' not among [balance-rr, active-backup,"
                    + " balance-xor, broadcast, 802.3ad, balance-tlb, balance-alb]."},
            {"ipv4.gateway", "192.0.2.300", "2", "failed to modify ipv4.gateway: invalid gateway address '192.0.2.300'."},
            {"ipv4.dns", "192.0.2.300", "1", "Failed to modify connection 'b1': ipv4.dns: 1. DNS server address is invalid"},
            {"+ipv4.dns", "2001:db8::53", "1", "Failed to modify connection 'b1': ipv4.dns: 4. DNS server address is invalid"},
            {"ipv4.routes", "192.0.2.300/24", "2", "failed to modify ipv4.routes: invalid route: Invalid IPv4 address"
                    + " '192.0.2.300'. The valid syntax is: 'ip[/prefix] [next-hop] [metric] [attribute=val]..."
                    + " [,ip[/prefix] ...]'."}};
        for (String[] c : cases) {
            Cli.Result r = n.nmcli("con", "mod", "b1", c[0], c[1]);
            assertEquals(Integer.parseInt(c[2]), r.exit(), r::toString);
            assertEquals("Error: " + c[3] + "\n", r.err());
        }
        Cli.Result r = n.nmcli("con", "mod", "b1", "bond.options", "mode=active-backup,nosuchopt=1");
        assertTrue(r.err().startsWith("Error: failed to modify bond.options: 'nosuchopt' not among [mode, miimon,"), r::toString);
        assertEquals(before, Files.readString(file));
        r = n.nmcli("con", "add", "type", "bond", "ifname", "b2", "ipv4.dns", "1.2.3");
        assertEquals(4, r.exit(), r::toString);
        assertEquals("Error: Failed to add 'bond-b2' connection: ipv4.dns: 1. DNS server address is invalid\n", r.err());
        assertFalse(Files.exists(root.resolve("etc/NetworkManager/system-connections/bond-b2.nmconnection")));
    }

    @Test
    void manualWithoutAnAddressIsNotSaved() throws IOException {
        NmcliRoot n = new NmcliRoot(root);
        Cli.Result r = n.nmcli("con", "add", "type", "bond", "con-name", "bondM", "ifname", "bondM", "autoconnect", "no",
                "ipv4.method", "manual");
        assertEquals(4, r.exit(), r::toString);
        assertEquals("Error: Failed to add 'bondM' connection: ipv4.addresses: this property cannot be empty for"
                + " 'method=manual'\n", r.err());
        n.ok("con", "add", "type", "bond", "con-name", "bondM", "ifname", "bondM", "autoconnect", "no", "ipv4.method",
                "manual", "ipv4.addresses", "192.0.2.1/24");
        Path file = root.resolve("etc/NetworkManager/system-connections/bondM.nmconnection");
        String before = Files.readString(file);
        r = n.nmcli("con", "mod", "bondM", "-ipv4.addresses", "0");
        assertEquals(1, r.exit(), r::toString);
        assertEquals("Error: Failed to modify connection 'bondM': ipv4.addresses: this property cannot be empty for"
                + " 'method=manual'\n", r.err());
        assertEquals(before, Files.readString(file));
    }

    @Test
    void hostnameAndNetworkingState() throws IOException {
        NmcliRoot n = new NmcliRoot(root);
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hostname"), "# set by the installer\nimg.example\n");
        assertEquals("img.example\n", n.ok("general", "hostname").out());
        assertEquals("enabled\n", n.ok("networking").out());
        // (networking off and on: NmcliNetworkingImageTest, in a namespace of its own)
    }

    /** general permissions as NM 1.42 prints it for root (seen in the test bed, rb22): 17 of NM's, each "yes". */
    @Test
    void permissionsAsRootAreAllYes() {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.bondctl.fs.Privilege.euid() == 0, "the tests run as root");
        List<String> lines = new NmcliRoot(root).ok("general", "permissions").out().lines().toList();
        assertEquals(18, lines.size());
        assertEquals("PERMISSION                                                        VALUE ", lines.get(0));
        assertEquals("org.freedesktop.NetworkManager.checkpoint-rollback                yes   ", lines.get(1));
        assertEquals("org.freedesktop.NetworkManager.wifi.share.protected               yes   ", lines.get(17));
        assertEquals("org.freedesktop.NetworkManager.settings.modify.system:yes\n",
                new NmcliRoot(root).ok("-t", "general", "permissions").out().lines().filter(l -> l.contains("system"))
                        .findFirst().orElse("") + "\n");
    }

    /** nmcli -p connection show NAME, as NetworkManager 1.42 prints it (seen in the test bed). */
    @Test
    void prettyProfileDetails() {
        NmcliRoot n = b1();
        List<String> lines = n.ok("-p", "-f", "connection.id,bond.options", "connection", "show", "b1").out().lines().toList();
        String rule = "=".repeat(79);
        String dash = "-".repeat(79);
        assertEquals(List.of(rule, " ".repeat(24) + "Connection profile details (b1)", rule,
                "connection.id:                          b1", dash,
                "bond.options:                           mode=active-backup", dash), lines);
        String all = n.ok("-p", "connection", "show", "b1").out();
        assertTrue(all.contains("connection.wait-activation-delay:       -1\n" + dash + "\nipv4.method:"), all);
        assertTrue(all.endsWith("proxy.pac-script:                       --\n" + dash + "\n"), all);
    }

    /**
     * ipv4.routing-rules and ipv6.routing-rules as nmcli 1.42 edits and shows them (seen in the
     * test bed, 2026-12-06): normalized, '+' appends, '-' by index, IPv6's colons escaped by -g,
     * the keyfile's routing-ruleN keys, and NM's refusals (exit 2, nothing saved).
     */
    @Test
    void routingRules() throws IOException {
        NmcliRoot n = b1();
        n.ok("con", "mod", "b1", "ipv4.routing-rules", "priority 100 from 192.0.2.0/24 table 200, priority 101 to 198.51.100.0/24"
                + " table 201", "ipv6.routing-rules", "priority 10 from 2001:db8::/64 table 10");
        n.ok("con", "mod", "b1", "+ipv4.routing-rules", "priority 301 oif ens192 type prohibit");
        n.ok("con", "mod", "b1", "+ipv4.routing-rules", "priority 9 from all table main");
        assertEquals("priority 100 from 192.0.2.0/24 table 200, priority 101 to 198.51.100.0/24 table 201, priority 301 from"
                + " 0.0.0.0/0 oif ens192 type prohibit, priority 9 from 0.0.0.0/0 table 254\n", g(n, "ipv4.routing-rules"));
        assertEquals("priority 10 from 2001\\:db8\\:\\:/64 table 10\n", g(n, "ipv6.routing-rules"));
        assertTrue(n.ok("con", "show", "b1").out().contains("ipv6.routing-rules:                     priority 10 from"
                + " 2001:db8::/64 table 10\n"), () -> n.ok("con", "show", "b1").out());
        String file = Files.readString(root.resolve("etc/NetworkManager/system-connections/b1.nmconnection"));
        assertTrue(file.contains("routing-rule1=priority 100 from 192.0.2.0/24 table 200\nrouting-rule2=priority 101 to"
                + " 198.51.100.0/24 table 201\nrouting-rule3=priority 301 from 0.0.0.0/0 oif ens192 type prohibit\n"
                + "routing-rule4=priority 9 from 0.0.0.0/0 table 254\n"), file);
        n.ok("con", "mod", "b1", "-ipv4.routing-rules", "1,3");
        assertEquals("priority 100 from 192.0.2.0/24 table 200, priority 301 from 0.0.0.0/0 oif ens192 type prohibit\n",
                g(n, "ipv4.routing-rules"));
        Cli.Result r = n.nmcli("con", "mod", "b1", "+ipv4.routing-rules", "priority 9 ipproto tcp table 5");
        assertEquals(2, r.exit(), r::toString);
        assertEquals("Error: failed to modify ipv4.routing-rules: invalid value for \"ipproto\".\n", r.err());
        r = n.nmcli("con", "mod", "b1", "ipv4.routing-rules", "from 192.0.2.1 table 5");
        assertEquals("Error: failed to modify ipv4.routing-rules: rule is invalid: missing priority.\n", r.err());
        r = n.nmcli("con", "mod", "b1", "+ipv4.routing-rules", "priority 6 from 2001:db8::/64 table 5");
        assertEquals("Error: failed to modify ipv4.routing-rules: invalid \"from\" part.\n", r.err());
        assertEquals("priority 100 from 192.0.2.0/24 table 200, priority 301 from 0.0.0.0/0 oif ens192 type prohibit\n",
                g(n, "ipv4.routing-rules"), "nothing saved");
        // a route's words in nmcli's order: next hop, metric, attributes
        r = n.nmcli("con", "mod", "b1", "+ipv4.routes", "198.51.106.0/24 mtu=1400 192.0.2.1");
        assertEquals("Error: failed to modify ipv4.routes: the next hop ('192.0.2.1') must be first.\n", r.err());
        r = n.nmcli("con", "mod", "b1", "+ipv4.routes", "198.51.106.0/24 192.0.2.1 mtu=1400 60");
        assertEquals("Error: failed to modify ipv4.routes: the metric ('60') must be before attributes.\n", r.err());
        r = n.nmcli("con", "mod", "b1", "+ipv4.routes", "198.51.106.0/24 60 192.0.2.1");
        assertEquals("Error: failed to modify ipv4.routes: the next hop ('192.0.2.1') must be first.\n", r.err());
        n.ok("con", "mod", "b1", "ipv4.routing-rules", "");
        assertEquals("\n", g(n, "ipv4.routing-rules"));
        assertFalse(Files.readString(root.resolve("etc/NetworkManager/system-connections/b1.nmconnection")).contains("[ipv4]\n"
                + "routing-rule"));
    }
}
