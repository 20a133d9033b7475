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
 * ipv4.never-default and ipv6.never-default in profiles only (no kernel), as NetworkManager
 * 1.42's nmcli handles them (seen in the test bed; NmcliNeverDefaultVsNmKernelTest compares the
 * two there): yes drops the gateway, setting a gateway clears never-default, an empty value is
 * no, and nmcli's booleans (any start of true/yes/on/false/no/off, any case).
 */
class NmcliNeverDefaultTest {
    @TempDir
    Path root;

    private Cli.Result nmcli(String... words) {
        return new NmcliRoot(root).nmcli(words);
    }

    private String ok(String... words) {
        return new NmcliRoot(root).ok(words).out();
    }

    private String file(String id) throws IOException {
        return Files.readString(root.resolve("etc/NetworkManager/system-connections/" + id + ".nmconnection"));
    }

    private String gatewayAndNever(String id) {
        return ok("-g", "ipv4.gateway,ipv4.never-default,ipv6.gateway,ipv6.never-default", "connection", "show", id);
    }

    @Test
    void neverDefaultDropsTheGatewayAndIsWritten() throws IOException {
        ok("connection", "add", "type", "bond", "con-name", "b", "ifname", "b", "mode", "active-backup", "ipv4.method", "manual",
                "ipv4.addresses", "192.0.2.10/24", "ipv4.gateway", "192.0.2.1", "ipv4.never-default", "yes", "ipv6.method",
                "manual", "ipv6.addresses", "2001:db8:1::10/64", "ipv6.gateway", "2001:db8:1::1", "ipv6.never-default", "yes");
        assertEquals("\nyes\n\nyes\n", gatewayAndNever("b"));
        String f = file("b");
        assertTrue(f.contains("[ipv4]\naddress1=192.0.2.10/24\nmethod=manual\nnever-default=true\n"), f);
        assertTrue(f.contains("[ipv6]\naddr-gen-mode=default\naddress1=2001:db8:1::10/64\nmethod=manual\nnever-default=true\n"), f);
        String show = ok("connection", "show", "b");
        assertTrue(show.contains("\nipv4.gateway:                           --\n"), show);
        assertTrue(show.contains("\nipv4.never-default:                     yes\n"), show);
    }

    @Test
    void aGatewayClearsNeverDefaultAndNoKeepsNoGateway() throws IOException {
        ok("connection", "add", "type", "bond", "con-name", "b", "ifname", "b", "mode", "active-backup", "ipv4.method", "manual",
                "ipv4.addresses", "198.51.100.10/24", "ipv4.gateway", "198.51.100.1");
        ok("connection", "modify", "b", "ipv4.never-default", "yes");
        assertEquals("\nyes\n\nno\n", gatewayAndNever("b"));
        ok("connection", "modify", "b", "ipv4.never-default", "no");
        assertEquals("\nno\n\nno\n", gatewayAndNever("b"), "the gateway stays gone");
        ok("connection", "modify", "b", "ipv4.never-default", "yes");
        ok("connection", "modify", "b", "ipv4.gateway", "198.51.100.1");
        assertEquals("198.51.100.1\nno\n\nno\n", gatewayAndNever("b"));
        assertFalse(file("b").contains("never-default"), file("b"));
        // in one command, in order: the gateway given after never-default wins, before it it goes
        ok("connection", "modify", "b", "ipv4.never-default", "yes", "ipv4.gateway", "198.51.100.2");
        assertEquals("198.51.100.2\nno\n\nno\n", gatewayAndNever("b"));
        ok("connection", "modify", "b", "ipv4.gateway", "198.51.100.3", "ipv4.never-default", "yes");
        assertEquals("\nyes\n\nno\n", gatewayAndNever("b"));
    }

    @Test
    void nmclisBooleans() {
        ok("connection", "add", "type", "bond", "con-name", "b", "ifname", "b", "mode", "active-backup");
        for (String[] v : new String[][] {{"YES", "yes"}, {"y", "yes"}, {"off", "no"}, {"t", "yes"}, {"0", "no"}, {"On", "yes"},
            {"", "no"}, {"tr", "yes"}, {"fa", "no"}}) {
            ok("connection", "modify", "b", "ipv4.never-default", v[0]);
            assertEquals(v[1] + "\n", ok("-g", "ipv4.never-default", "connection", "show", "b"), v[0]);
        }
        String before = ok("connection", "show", "b");
        for (String bad : List.of("maybe", "o", "yess")) {
            Cli.Result r = nmcli("connection", "modify", "b", "ipv4.never-default", bad);
            assertEquals(2, r.exit(), r::toString);
            assertEquals("Error: failed to modify ipv4.never-default: '" + bad + "' is not valid; use [true, yes, on] or"
                    + " [false, no, off].\n", r.err());
        }
        assertEquals(before, ok("connection", "show", "b"), "a refused value changes nothing");
    }
}
