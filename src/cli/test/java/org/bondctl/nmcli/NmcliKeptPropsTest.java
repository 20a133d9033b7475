package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bondctl.cli.Cli;
import org.bondctl.profile.Profile;
import org.bondctl.profile.ProfileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nmcli properties bondctl keeps but does not apply (connection.zone, ipv4.may-fail,
 * ipv6.addr-gen-mode ...): written as NetworkManager 1.42 writes them (the test bed compares the
 * two: NmcliKeptVsNmKernelTest), shown as nmcli shows them, refused in nmcli's words, a default
 * removing the key; reported as not applied when the profile is read; in an ifcfg-rh profile,
 * NetworkManager's variables for them.
 */
class NmcliKeptPropsTest {
    @TempDir
    Path root;

    private Path file(String id) {
        return root.resolve("etc/NetworkManager/system-connections/" + id + ".nmconnection");
    }

    @Test
    void keptWrittenShownAndReported() throws IOException {
        NmcliRoot n = new NmcliRoot(root);
        n.ok("connection", "add", "type", "bond", "con-name", "b", "ifname", "b", "mode", "active-backup", "ipv4.method",
                "manual", "ipv4.addresses", "192.0.2.10/24", "ipv4.may-fail", "no", "connection.zone", "trusted",
                "ipv6.addr-gen-mode", "eui64", "connection.autoconnect-priority", "-5", "ipv4.dns-priority", "50");
        String f = Files.readString(file("b"));
        assertTrue(f.contains("zone=trusted\n") && f.contains("autoconnect-priority=-5\n"), f);
        assertTrue(f.contains("[ipv4]\naddress1=192.0.2.10/24\ndns-priority=50\nmay-fail=false\nmethod=manual\n"), f);
        assertTrue(f.contains("[ipv6]\naddr-gen-mode=eui64\nmethod=auto\n"), f);
        assertEquals("no\ntrusted\neui64\n-5\n50\n-1\nyes\n", n.ok("-g", "ipv4.may-fail,connection.zone,ipv6.addr-gen-mode,"
                + "connection.autoconnect-priority,ipv4.dns-priority,connection.autoconnect-retries,ipv6.may-fail",
                "connection", "show", "b").out());
        String show = n.ok("connection", "show", "b").out();
        assertTrue(show.contains("\nconnection.autoconnect-retries:         -1 (default)\n"), show);
        assertTrue(show.contains("\nipv4.may-fail:                          no\n"), show);

        Profile p = ProfileStore.load(List.of(file("b"))).get(0);
        for (String key : List.of("connection.zone=trusted (a firewalld zone: bondctl sets no firewall)",
                "ipv4.may-fail=false (NetworkManager's activation rule", "ipv6.addr-gen-mode=eui64 (the kernel makes")) {
            assertTrue(p.unapplied().stream().anyMatch(l -> l.contains("key not applied by bondctl: " + key)),
                    () -> key + " in " + p.unapplied());
        }

        // defaults remove the keys, as NM does; a number for the generation mode is NM's
        n.ok("connection", "modify", "b", "ipv4.may-fail", "yes", "connection.zone", "", "ipv6.addr-gen-mode", "2",
                "connection.autoconnect-priority", "0", "ipv4.dns-priority", "");
        String g = Files.readString(file("b"));
        for (String key : List.of("may-fail", "zone", "addr-gen-mode", "autoconnect-priority", "dns-priority")) {
            assertFalse(g.contains(key + "="), g);
        }
        assertEquals("default-or-eui64\n--\n", n.ok("-g", "ipv6.addr-gen-mode,connection.zone", "connection", "show", "b").out()
                .replace("\n\n", "\n--\n"));
    }

    @Test
    void badValuesInNmclisWordsChangeNothing() throws IOException {
        NmcliRoot n = new NmcliRoot(root);
        n.ok("connection", "add", "type", "bond", "con-name", "b", "ifname", "b", "mode", "active-backup");
        String before = Files.readString(file("b"));
        for (String[] bad : new String[][] {
            {"connection.autoconnect-priority", "1000", "'1000' is out of range [-999, 999]"},
            {"ipv6.addr-gen-mode", "foo", "invalid option 'foo', use one of [eui64,stable-privacy,default-or-eui64,default]"},
            {"ipv4.may-fail", "maybe", "'maybe' is not valid; use [true, yes, on] or [false, no, off]"},
            {"connection.autoconnect-retries", "-2", "'-2' is out of range [-1, 2147483647]"}}) {
            Cli.Result r = n.nmcli("connection", "modify", "b", bad[0], bad[1]);
            assertEquals(2, r.exit(), r::toString);
            assertEquals("Error: failed to modify " + bad[0] + ": " + bad[2] + ".\n", r.err());
        }
        assertEquals(before, Files.readString(file("b")));
    }

    /**
     * An ifcfg-rh profile keeps them in NetworkManager's own variables (nms-ifcfg-rh-writer.c):
     * may-fail inverted and always written, PEERDNS/PEERROUTES/…SEND_HOSTNAME only when not the
     * default, no IPV6_ADDR_GEN_MODE for eui64 (its absence is eui64 to NM's reader).
     */
    @Test
    void anIfcfgProfileKeepsThemInNmsVariables() throws IOException {
        Path scripts = Files.createDirectories(root.resolve("etc/sysconfig/network-scripts"));
        Files.writeString(scripts.resolve("ifcfg-ens192"), NmcliRecipe.ifcfg("ens192", NmcliRecipe.UUID_192)); // RHEL 8's
        NmcliRoot n = new NmcliRoot(root);
        n.ok("connection", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0", "mode", "active-backup",
                "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24");
        Path bond = scripts.resolve("ifcfg-bond0");
        String fresh = Files.readString(bond);
        assertTrue(fresh.contains("IPV4_FAILURE_FATAL=no\n") && fresh.contains("IPV6_ADDR_GEN_MODE=default\n"), fresh);
        String fields = "connection.zone,connection.autoconnect-priority,connection.autoconnect-retries,ipv4.may-fail,"
                + "ipv6.may-fail,ipv4.ignore-auto-dns,ipv6.ignore-auto-routes,ipv4.dhcp-send-hostname,"
                + "ipv6.dhcp-send-hostname,ipv4.dns-priority,ipv6.dns-priority,ipv6.addr-gen-mode";
        n.ok("connection", "modify", "bond0", "connection.zone", "trusted", "connection.autoconnect-priority", "-5",
                "connection.autoconnect-retries", "3", "ipv4.may-fail", "no", "ipv6.may-fail", "no",
                "ipv4.ignore-auto-dns", "yes", "ipv6.ignore-auto-routes", "yes", "ipv4.dhcp-send-hostname", "no",
                "ipv6.dhcp-send-hostname", "no", "ipv4.dns-priority", "50", "ipv6.dns-priority", "-10",
                "ipv6.addr-gen-mode", "eui64");
        String f = Files.readString(bond);
        for (String line : List.of("ZONE=trusted", "AUTOCONNECT_PRIORITY=-5", "AUTOCONNECT_RETRIES=3",
                "IPV4_FAILURE_FATAL=yes", "IPV6_FAILURE_FATAL=yes", "PEERDNS=no", "IPV6_PEERROUTES=no",
                "DHCP_SEND_HOSTNAME=no", "DHCPV6_SEND_HOSTNAME=no", "IPV4_DNS_PRIORITY=50", "IPV6_DNS_PRIORITY=-10")) {
            assertTrue(f.contains("\n" + line + "\n"), () -> line + " in\n" + f);
        }
        assertFalse(f.contains("IPV6_ADDR_GEN_MODE") || f.contains("IPV6_PEERDNS") || f.contains("\nPEERROUTES"), f);
        assertEquals("trusted\n-5\n3\nno\nno\nyes\nyes\nno\nno\n50\n-10\neui64\n",
                n.ok("-g", fields, "connection", "show", "bond0").out());
        Profile p = ProfileStore.load(List.of(bond)).get(0);
        for (String key : List.of("ZONE=trusted (connection.zone: a firewalld zone", "IPV4_FAILURE_FATAL=yes (ipv4.may-fail:",
                "PEERDNS=no (ipv4.ignore-auto-dns: for DHCP/RA servers")) {
            assertTrue(p.unapplied().stream().anyMatch(l -> l.contains("key not applied by bondctl: " + key)),
                    () -> key + " in " + p.unapplied());
        }

        // defaults: the variables NM writes only otherwise go, may-fail and the generation mode are written out
        n.ok("connection", "modify", "bond0", "connection.zone", "", "connection.autoconnect-priority", "0",
                "connection.autoconnect-retries", "-1", "ipv4.may-fail", "yes", "ipv6.may-fail", "yes",
                "ipv4.ignore-auto-dns", "no", "ipv6.ignore-auto-routes", "no", "ipv4.dhcp-send-hostname", "yes",
                "ipv6.dhcp-send-hostname", "yes", "ipv4.dns-priority", "0", "ipv6.dns-priority", "",
                "ipv6.addr-gen-mode", "default-or-eui64");
        String g = Files.readString(bond);
        assertTrue(g.contains("IPV4_FAILURE_FATAL=no\n") && g.contains("IPV6_FAILURE_FATAL=no\n")
                && g.contains("IPV6_ADDR_GEN_MODE=default-or-eui64\n"), g);
        for (String var : List.of("ZONE", "AUTOCONNECT_PRIORITY", "AUTOCONNECT_RETRIES", "PEERDNS", "PEERROUTES",
                "SEND_HOSTNAME", "DNS_PRIORITY")) {
            assertFalse(g.contains(var + "="), () -> var + " in\n" + g);
        }
        assertEquals("\n0\n-1\nyes\nyes\nno\nno\nyes\nyes\n0\n0\ndefault-or-eui64\n",
                n.ok("-g", fields, "connection", "show", "bond0").out());
        assertTrue(ProfileStore.load(List.of(bond)).get(0).unapplied().stream().noneMatch(l -> l.contains("GEN_MODE")
                || l.contains("FATAL")), g);

        // a port keeps the connection's own (NM writes ZONE in any profile); a hand-written file without
        // IPV6_ADDR_GEN_MODE is eui64 to NetworkManager
        n.ok("connection", "modify", "ens192", "connection.zone", "internal");
        assertTrue(Files.readString(scripts.resolve("ifcfg-ens192")).contains("\nZONE=internal\n"));
        Files.writeString(scripts.resolve("ifcfg-bond1"), "TYPE=Bond\nBONDING_MASTER=yes\nNAME=bond1\nDEVICE=bond1\n"
                + "BOOTPROTO=none\nIPADDR=198.51.100.2\nPREFIX=24\nIPV6INIT=no\nPEERDNS=n\n");
        assertEquals("eui64\nyes\nyes\n", n.ok("-g", "ipv6.addr-gen-mode,ipv4.ignore-auto-dns,ipv4.may-fail", "connection",
                "show", "bond1").out());
    }

    /**
     * ipv4/ipv6.dns-options as nmcli 1.42 took them in the test bed: items by ',' or blanks, one of
     * a name replacing an earlier one at the end, a bad number dropped, '+' and '-' (by value or
     * index), "" removing the key; a keyfile list, RES_OPTIONS in an ifcfg-rh file; applied, so
     * not reported.
     */
    @Test
    void dnsOptionsAsNmcliKeepsThem() throws IOException {
        NmcliRoot n = new NmcliRoot(root);
        n.ok("connection", "add", "type", "bond", "con-name", "b", "ifname", "b", "mode", "active-backup", "ipv4.method",
                "manual", "ipv4.addresses", "192.0.2.10/24", "ipv4.dns", "192.0.2.53", "ipv4.dns-options", "rotate,timeout:1");
        assertTrue(Files.readString(file("b")).contains("\ndns-options=rotate;timeout:1;\n"), Files.readString(file("b")));
        assertEquals("rotate,timeout\\:1\n\n", n.ok("-g", "ipv4.dns-options,ipv6.dns-options", "connection", "show", "b").out());
        String show = n.ok("connection", "show", "b").out();
        assertTrue(show.contains("\nipv4.dns-options:                       rotate,timeout:1\n")
                && show.contains("\nipv6.dns-options:                       --\n"), show);
        n.ok("connection", "modify", "b", "+ipv4.dns-options", "attempts:2");
        n.ok("connection", "modify", "b", "+ipv4.dns-options", "timeout:3");
        assertEquals("rotate,attempts:2,timeout:3\n", n.ok("-g", "ipv4.dns-options", "--escape", "no", "connection", "show", "b").out());
        n.ok("connection", "modify", "b", "-ipv4.dns-options", "rotate");
        n.ok("connection", "modify", "b", "-ipv4.dns-options", "0");
        assertEquals("timeout:3\n", n.ok("-g", "ipv4.dns-options", "--escape", "no", "connection", "show", "b").out());
        n.ok("connection", "modify", "b", "ipv4.dns-options", "ndots:2 edns0 ndots:x");
        assertTrue(Files.readString(file("b")).contains("\ndns-options=ndots:2;edns0;\n"), Files.readString(file("b")));
        assertTrue(ProfileStore.load(List.of(file("b"))).get(0).unapplied().stream().noneMatch(l -> l.contains("dns-options")));
        n.ok("connection", "modify", "b", "ipv4.dns-options", "");
        assertFalse(Files.readString(file("b")).contains("dns-options"), Files.readString(file("b")));

        Path scripts = Files.createDirectories(root.resolve("etc/sysconfig/network-scripts"));
        Path bond = scripts.resolve("ifcfg-bond9");
        Files.writeString(bond, "TYPE=Bond\nBONDING_MASTER=yes\nBONDING_OPTS=mode=active-backup\nNAME=bond9\nDEVICE=bond9\nONBOOT=no\nBOOTPROTO=none\n"
                + "IPADDR=192.0.2.9\nPREFIX=24\nDNS1=192.0.2.53\nRES_OPTIONS=\"rotate timeout:2\"\n");
        Files.setPosixFilePermissions(bond, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertEquals("rotate,timeout:2\n", n.ok("-g", "ipv4.dns-options", "--escape", "no", "connection", "show", "bond9").out());
        n.ok("connection", "modify", "bond9", "+ipv4.dns-options", "edns0");
        assertTrue(Files.readString(bond).contains("\nRES_OPTIONS=\"rotate timeout:2 edns0\"\n"), Files.readString(bond));
        assertTrue(ProfileStore.load(List.of(bond)).get(0).unapplied().stream().noneMatch(l -> l.contains("RES_OPTIONS")));
    }
}
