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
 * removing the key; reported as not applied when the profile is read; refused for an ifcfg-rh
 * profile, which bondctl writes only the keys it applies to.
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

    @Test
    void anIfcfgProfileRefusesThem() throws IOException {
        Path scripts = Files.createDirectories(root.resolve("etc/sysconfig/network-scripts"));
        Files.writeString(scripts.resolve("ifcfg-ens192"), NmcliRecipe.ifcfg("ens192", NmcliRecipe.UUID_192)); // RHEL 8's
        NmcliRoot n = new NmcliRoot(root);
        n.ok("connection", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0", "mode", "active-backup");
        String before = Files.readString(scripts.resolve("ifcfg-bond0"));
        Cli.Result r = n.nmcli("connection", "modify", "bond0", "connection.zone", "trusted");
        assertEquals(2, r.exit(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("Error: ") && r.err().contains("connection.zone: bondctl keeps it in keyfile profiles"
                + " only, and bond0 is an ifcfg-rh profile"), r::toString);
        assertEquals(before, Files.readString(scripts.resolve("ifcfg-bond0")));
    }
}
