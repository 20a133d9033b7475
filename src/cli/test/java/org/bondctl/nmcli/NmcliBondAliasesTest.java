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
 * The bond options nmcli takes by their own names ("connection add type bond ... mode
 * active-backup miimon 100", the form of countless runbooks), in profiles only: no kernel.
 * What NetworkManager 1.42's nmcli writes for the same lines is compared in the test bed by
 * NmcliAliasesVsNmKernelTest; here, the profile's [bond] section and the errors.
 */
class NmcliBondAliasesTest {
    @TempDir
    Path root;

    private Cli.Result nmcli(String... words) {
        return new NmcliRoot(root).nmcli(words);
    }

    private Cli.Result ok(String... words) {
        return new NmcliRoot(root).ok(words);
    }

    /** The [bond] section of a profile, as written. */
    private String bondSection(String id) throws IOException {
        String text = Files.readString(root.resolve("etc/NetworkManager/system-connections/" + id + ".nmconnection"));
        int at = text.indexOf("[bond]\n");
        assertTrue(at >= 0, text);
        int end = text.indexOf("\n\n", at);
        return text.substring(at + "[bond]\n".length(), end < 0 ? text.length() : end + 1);
    }

    @Test
    void addTakesTheBondOptionsByName() throws IOException {
        ok("connection", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0", "mode", "active-backup", "miimon", "100",
                "primary", "ens192", "updelay", "200", "downdelay", "300");
        assertEquals("downdelay=300\nmiimon=100\nmode=active-backup\nprimary=ens192\nupdelay=200\n", bondSection("bond0"));
        assertEquals("mode=active-backup,downdelay=300,miimon=100,primary=ens192,updelay=200\n",
                ok("-g", "bond.options", "connection", "show", "bond0").out());
    }

    @Test
    void aModeByItsNumberIsWrittenByName() throws IOException {
        ok("connection", "add", "type", "bond", "con-name", "b4", "ifname", "b4", "mode", "4", "lacp-rate", "fast", "miimon", "100");
        assertEquals("lacp_rate=fast\nmiimon=100\nmode=802.3ad\n", bondSection("b4"));
    }

    @Test
    void arpTargetsAreACommaListInTheFileAndBlankSeparatedInShow() throws IOException {
        ok("c", "add", "type", "bond", "con-name", "bx", "ifname", "bx", "mode", "balance-xor", "arp-interval", "500",
                "arp-ip-target", "192.0.2.1,192.0.2.2");
        assertEquals("arp_interval=500\narp_ip_target=192.0.2.1,192.0.2.2\nmode=balance-xor\n", bondSection("bx"));
        assertEquals("mode=balance-xor,arp_interval=500,arp_ip_target=192.0.2.1 192.0.2.2\n",
                ok("-g", "bond.options", "c", "s", "bx").out());
        // what show prints is taken back as it is
        ok("c", "modify", "bx", "bond.options", "mode=balance-xor,arp_interval=500,arp_ip_target=192.0.2.1 192.0.2.3");
        assertEquals("arp_interval=500\narp_ip_target=192.0.2.1,192.0.2.3\nmode=balance-xor\n", bondSection("bx"));
    }

    @Test
    void theyMergeInTheOrderGivenAndBondOptionsReplacesThem() throws IOException {
        ok("connection", "add", "type", "bond", "con-name", "b1", "ifname", "b1", "mode", "active-backup", "mode", "balance-rr");
        assertEquals("mode=balance-rr\n", bondSection("b1"));
        ok("connection", "add", "type", "bond", "con-name", "b2", "ifname", "b2", "bond.options", "miimon=300", "mode",
                "active-backup");
        assertEquals("miimon=300\nmode=active-backup\n", bondSection("b2"));
        ok("connection", "modify", "b2", "miimon", "200", "updelay", "400");
        assertEquals("miimon=200\nmode=active-backup\nupdelay=400\n", bondSection("b2"));
        ok("connection", "modify", "b2", "-updelay", "");
        assertEquals("miimon=200\nmode=active-backup\n", bondSection("b2"));
        ok("connection", "modify", "b2", "bond.options", "mode=802.3ad");
        assertEquals("mode=802.3ad\n", bondSection("b2"));
    }

    @Test
    void aBondPortTakesQueueIdByName() throws IOException {
        ok("connection", "add", "type", "bond-slave", "con-name", "p1", "ifname", "ens224", "master", "bond0", "queue-id", "3");
        String text = Files.readString(root.resolve("etc/NetworkManager/system-connections/p1.nmconnection"));
        assertTrue(text.contains("[bond-port]\nqueue-id=3\n"), text);
    }

    @Test
    void aBadValueIsOneLineNamingTheOptionAndWritesNothing() throws IOException {
        ok("connection", "add", "type", "bond", "con-name", "b0", "ifname", "b0", "mode", "active-backup");
        String before = bondSection("b0");
        for (String[] line : new String[][] {
            {"connection", "add", "type", "bond", "con-name", "bF", "ifname", "bF", "mode", "foo"},
            {"connection", "add", "type", "bond", "con-name", "bK", "ifname", "bK", "mode", "7"},
            {"connection", "add", "type", "bond", "con-name", "bG", "ifname", "bG", "miimon", "abc"},
            {"connection", "modify", "b0", "arp-ip-target", "192.0.2.300"},
        }) {
            Cli.Result r = nmcli(line);
            assertEquals(2, r.exit(), () -> String.join(" ", line) + " -> " + r);
            assertEquals(1, r.err().lines().count(), r::toString);
            String option = line[line.length - 2].replace('-', '_');
            assertTrue(r.err().startsWith("Error: failed to set bond option \"" + option + "\": "), r::toString);
        }
        assertEquals("Error: failed to set bond option \"mode\": 'foo' is not one of balance-rr, active-backup,"
                + " balance-xor, broadcast, 802.3ad, balance-tlb, balance-alb.\n",
                nmcli("connection", "add", "type", "bond", "con-name", "bF", "ifname", "bF", "mode", "foo").err());
        assertEquals(before, bondSection("b0"));
        try (var files = Files.list(root.resolve("etc/NetworkManager/system-connections"))) {
            assertEquals(List.of("b0.nmconnection"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    /** "autoconnect no" reaches the file (it did not before: add and modify dropped it), and "yes" undoes it. */
    @Test
    void autoconnectNoIsKept() throws IOException {
        ok("connection", "add", "type", "bond", "con-name", "ba", "ifname", "ba", "autoconnect", "no", "mode", "active-backup");
        Path f = root.resolve("etc/NetworkManager/system-connections/ba.nmconnection");
        assertTrue(Files.readString(f).contains("\nautoconnect=false\n"), Files.readString(f));
        assertEquals("no\n", ok("-g", "connection.autoconnect", "connection", "show", "ba").out());
        ok("connection", "modify", "ba", "connection.autoconnect", "yes");
        assertFalse(Files.readString(f).contains("autoconnect"), Files.readString(f));
        assertEquals("yes\n", ok("-g", "connection.autoconnect", "connection", "show", "ba").out());
        // RHEL's bonding procedure: connection.autoconnect-slaves 1
        ok("connection", "modify", "ba", "connection.autoconnect-slaves", "1");
        assertTrue(Files.readString(f).contains("\nautoconnect-slaves=1\n"), Files.readString(f));
        assertTrue(ok("connection", "show", "ba").out().contains("\nconnection.autoconnect-slaves:          1 (yes)\n"));
        ok("connection", "modify", "ba", "connection.autoconnect-slaves", "default");
        assertFalse(Files.readString(f).contains("autoconnect-slaves"), Files.readString(f));
        assertEquals(2, nmcli("connection", "modify", "ba", "connection.autoconnect-slaves", "maybe").exit());
    }

    /**
     * The options NetworkManager 1.42 refuses together are refused at add and modify in its
     * words and exit codes, and nothing is written (all seen in the test bed).
     */
    @Test
    void optionsNetworkManagerRefusesTogetherAreRefused() throws IOException {
        Cli.Result r = nmcli("connection", "add", "type", "bond", "con-name", "bH", "ifname", "bH", "lacp-rate", "fast");
        assertEquals(4, r.exit(), r::toString); // nmcli's code for a connection NM refuses to add
        assertEquals("Error: Failed to add 'bH' connection: bond.options: 'lacp_rate' option is only valid with mode '802.3ad'\n",
                r.err());
        assertFalse(Files.exists(root.resolve("etc/NetworkManager/system-connections/bH.nmconnection")));
        r = nmcli("connection", "add", "type", "bond", "con-name", "bT", "ifname", "bT", "bond.options",
                "mode=balance-tlb,arp_interval=100,arp_ip_target=192.0.2.1");
        assertEquals(4, r.exit(), r::toString);
        assertEquals("Error: Failed to add 'bT' connection: bond.options: 'mode=balance-tlb' is incompatible with"
                + " 'arp_interval > 0'\n", r.err());
        ok("connection", "add", "type", "bond", "con-name", "bP", "ifname", "bP", "mode", "active-backup", "primary", "ens192");
        String before = bondSection("bP");
        r = nmcli("connection", "modify", "bP", "mode", "balance-rr");
        assertEquals(1, r.exit(), r::toString); // and for one it refuses to save
        assertEquals("Error: Failed to modify connection 'bP': bond.options: 'primary' option is only valid for"
                + " 'mode=active-backup'\n", r.err());
        assertEquals(before, bondSection("bP"));
        ok("connection", "modify", "bP", "mode", "balance-alb"); // the kernel takes primary there (NM does not)
    }

    /**
     * The options a mode does not use are dropped from the profile, as NetworkManager 1.42's
     * normalization drops them (its table, not the kernel's; exit 0; seen): packets_per_slave,
     * tlb_dynamic_lb, lacp_rate and the 802.3ad actor options outside their modes, ARP
     * monitoring in 802.3ad, active_slave outside active-backup, balance-tlb and balance-alb.
     */
    @Test
    void optionsTheModeDoesNotUseAreDroppedAsNetworkManagerDropsThem() throws IOException {
        ok("connection", "add", "type", "bond", "con-name", "bA", "ifname", "bA", "bond.options", "mode=active-backup,"
                + "packets_per_slave=3,tlb_dynamic_lb=0,lacp_rate=slow,ad_actor_sys_prio=100,arp_validate=all,arp_interval=100,"
                + "arp_ip_target=192.0.2.1,miimon=0");
        assertEquals("mode=active-backup,arp_interval=100,arp_ip_target=192.0.2.1,arp_validate=all,miimon=0\n",
                ok("-g", "bond.options", "connection", "show", "bA").out());
        ok("connection", "modify", "bA", "bond.options",
                "mode=802.3ad,arp_interval=100,arp_ip_target=192.0.2.1,ad_actor_sys_prio=100,active_slave=ens192");
        assertEquals("mode=802.3ad,ad_actor_sys_prio=100\n", ok("-g", "bond.options", "connection", "show", "bA").out());
        assertEquals("ad_actor_sys_prio=100\nmode=802.3ad\n", bondSection("bA"));
    }

    /**
     * A port's kind comes from the profile its master names when slave-type is not given, as
     * nmcli takes it (seen): a bridge's makes a bridge port; a master naming no profile is
     * warned about, and refused without slave-type; one naming a profile of another type is
     * refused in nmcli's words.
     */
    @Test
    void aPortsKindComesFromTheProfileItsMasterNames() throws IOException {
        ok("connection", "add", "type", "bridge", "con-name", "br0", "ifname", "br0", "ipv4.method", "disabled", "ipv6.method",
                "disabled");
        ok("connection", "add", "type", "ethernet", "ifname", "ens224", "master", "br0", "con-name", "brport");
        assertEquals("bridge\nbr0\n", ok("-g", "connection.slave-type,connection.master", "connection", "show", "brport").out());
        Cli.Result r = nmcli("connection", "add", "type", "ethernet", "ifname", "ens192", "master", "nosuchbond", "con-name", "x1");
        assertEquals(4, r.exit(), r::toString);
        assertEquals("Warning: master='nosuchbond' doesn't refer to any existing profile.\n"
                + "Error: Failed to add 'x1' connection: connection.slave-type: Cannot set 'master' without 'slave-type'\n", r.err());
        assertFalse(Files.exists(root.resolve("etc/NetworkManager/system-connections/x1.nmconnection")));
        r = ok("connection", "add", "type", "ethernet", "ifname", "ens192", "master", "nosuchbond", "slave-type", "bond",
                "con-name", "x3");
        assertTrue(r.err().startsWith("Warning: master='nosuchbond' doesn't refer to any existing profile.\n"), r::toString);
        r = nmcli("connection", "add", "type", "ethernet", "ifname", "ens192", "master", "brport", "con-name", "x4");
        assertEquals(2, r.exit(), r::toString);
        assertEquals("Error: failed to modify connection.slave-type: '802-3-ethernet' not among [bond, bridge, ovs-bridge,"
                + " ovs-port, team, vrf].\n", r.err());
    }

    /**
     * A bond.options value replaces all options, the mode too: without one, the bond is refused
     * as NetworkManager refuses it ("mandatory option 'mode' is missing"), where saving it would
     * turn an active-backup bond into balance-rr at the next up. Option names alone keep nmcli's
     * starting mode, balance-rr.
     */
    @Test
    void aBondWithoutAModeIsRefused() throws IOException {
        Cli.Result r = nmcli("connection", "add", "type", "bond", "con-name", "bE", "ifname", "bE", "mode", "active-backup",
                "bond.options", "miimon=300,updelay=600");
        assertEquals(4, r.exit(), r::toString);
        assertEquals("Error: Failed to add 'bE' connection: bond.options: mandatory option 'mode' is missing.\n", r.err());
        assertFalse(Files.exists(root.resolve("etc/NetworkManager/system-connections/bE.nmconnection")));
        ok("connection", "add", "type", "bond", "con-name", "b0", "ifname", "b0", "mode", "active-backup", "miimon", "100");
        String before = bondSection("b0");
        r = nmcli("connection", "modify", "b0", "bond.options", "miimon=200");
        assertEquals(1, r.exit(), r::toString);
        assertEquals("Error: Failed to modify connection 'b0': bond.options: mandatory option 'mode' is missing.\n", r.err());
        assertEquals(before, bondSection("b0"));
        ok("connection", "add", "type", "bond", "con-name", "bJ", "ifname", "bJ", "arp-ip-target", "192.0.2.1", "arp-interval",
                "100");
        assertEquals("arp_interval=100\narp_ip_target=192.0.2.1\nmode=balance-rr\n", bondSection("bJ"));
        ok("connection", "add", "type", "bond", "con-name", "bN", "ifname", "bN");
        assertEquals("mode=balance-rr\n", bondSection("bN"));
    }

    @Test
    void anEthernetProfileHasNoMode() {
        Cli.Result r = nmcli("connection", "add", "type", "ethernet", "con-name", "e1", "ifname", "e1", "mode", "active-backup");
        assertEquals(2, r.exit(), r::toString);
        assertEquals("Error: invalid <setting>.<property> 'mode'.\n", r.err());
        assertFalse(Files.exists(root.resolve("etc/NetworkManager/system-connections/e1.nmconnection")));
    }
}
