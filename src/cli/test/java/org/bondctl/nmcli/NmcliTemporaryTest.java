package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.bondctl.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nmcli's in-memory profiles, on a profile root: {@code connection modify --temporary},
 * {@code connection clone --temporary} and {@code connection add save no} write a keyfile in
 * run/NetworkManager/system-connections, which is the profile until a persistent modify or a
 * delete, and nmcli's words for the flag anywhere else (seen in NM 1.42; the side-by-side test
 * is {@link NmcliTemporaryVsNmKernelTest}).
 */
class NmcliTemporaryTest {
    @TempDir
    Path root;

    private Path etc() {
        return root.resolve("etc/NetworkManager/system-connections");
    }

    private Path run() {
        return root.resolve("run/NetworkManager/system-connections");
    }

    /** "etc/NAME" and "run/NAME" of every file in both directories. */
    private String files() throws IOException {
        TreeSet<String> out = new TreeSet<>();
        for (Path d : List.of(etc(), run())) {
            if (Files.isDirectory(d)) {
                try (var s = Files.list(d)) {
                    s.forEach(f -> out.add(d.getParent().getParent().getFileName() + "/" + f.getFileName()));
                }
            }
        }
        return String.join(" ", out);
    }

    @Test
    void aTemporaryModifyShadowsTheProfileUntilAPersistentOne() throws IOException {
        NmcliRoot n = new NmcliRoot(root);
        n.ok("connection", "add", "type", "ethernet", "con-name", "e1", "ifname", "ens192", "autoconnect", "no",
                "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24");
        String persistent = Files.readString(etc().resolve("e1.nmconnection"));
        n.ok("connection", "modify", "--temporary", "e1", "ipv4.addresses", "192.0.2.20/24", "ipv4.dns", "192.0.2.53");
        assertEquals("etc/e1.nmconnection run/e1.nmconnection", files());
        assertEquals(persistent, Files.readString(etc().resolve("e1.nmconnection")));
        assertTrue(Files.readString(run().resolve("e1.nmconnection")).endsWith("\n[.nmmeta]\n"
                + "shadowed-storage=/etc/NetworkManager/system-connections/e1.nmconnection\nshadowed-owned=true\n"));
        assertEquals("192.0.2.20/24\n192.0.2.53\n", n.ok("-g", "ipv4.addresses,ipv4.dns", "connection", "show", "e1").out());
        assertEquals("e1:" + run().resolve("e1.nmconnection") + "\n",
                n.ok("-t", "-f", "NAME,FILENAME", "connection", "show").out().replace("\\:", ":"));

        // nmcli takes the flag only before the name: after it, it is a property '-temporary'
        Cli.Result r = n.nmcli("connection", "modify", "e1", "--temporary", "ipv4.dns", "192.0.2.54");
        assertEquals(2, r.exit(), r::toString);
        assertEquals("Error: invalid <setting>.<property> '-temporary'.\n", r.err());
        assertEquals("192.0.2.53\n", n.ok("-g", "ipv4.dns", "connection", "show", "e1").out());

        n.ok("connection", "modify", "e1", "ipv4.gateway", "192.0.2.1");
        assertEquals("etc/e1.nmconnection", files());
        String now = Files.readString(etc().resolve("e1.nmconnection"));
        assertTrue(now.contains("address1=192.0.2.20/24,192.0.2.1\n") && now.contains("dns=192.0.2.53;"), now);
        assertFalse(now.contains("nmmeta"), now);

        n.ok("connection", "modify", "--temporary", "e1", "ipv4.dns", "192.0.2.55");
        n.ok("connection", "delete", "e1");
        assertEquals("", files(), "a delete takes the in-memory profile and the file it owns");
    }

    @Test
    void addSaveNoAndCloneTemporaryKeepTheProfileInMemory() throws IOException {
        NmcliRoot n = new NmcliRoot(root);
        n.ok("connection", "add", "type", "ethernet", "save", "no", "con-name", "e2", "ifname", "ens224", "autoconnect", "no");
        n.ok("connection", "add", "save", "yes", "type", "ethernet", "con-name", "e3", "ifname", "ens224", "autoconnect", "no");
        n.ok("connection", "clone", "--temporary", "e3", "e4");
        assertEquals("etc/e3.nmconnection run/e2.nmconnection run/e4.nmconnection", files());
        assertFalse(Files.readString(run().resolve("e4.nmconnection")).contains("nmmeta"), "a clone shadows nothing");

        Cli.Result r = n.nmcli("connection", "add", "save", "maybe", "type", "ethernet", "con-name", "e5", "ifname", "ens224");
        assertEquals(2, r.exit(), r::toString);
        assertEquals("Error: 'save': 'maybe' is not valid; use [true, yes, on] or [false, no, off].\n", r.err());
        r = n.nmcli("connection", "add", "type", "ethernet", "con-name", "e5", "ifname", "ens224", "save");
        assertEquals("2 Error: value for 'save' argument is required.\n", r.exit() + " " + r.err());
        r = n.nmcli("connection", "clone", "e3", "--temporary", "e5");
        assertEquals("2 Error: unknown extra argument: 'e5'.\n", r.exit() + " " + r.err());
        r = n.nmcli("connection", "add", "--temporary", "type", "ethernet", "con-name", "e5", "ifname", "ens224");
        assertEquals("2 Error: invalid <setting>.<property> '-temporary'.\n", r.exit() + " " + r.err());
        assertEquals("etc/e3.nmconnection run/e2.nmconnection run/e4.nmconnection", files(), "nothing written");

        // a persistent modify of a profile only in memory writes it to disk, in a new file
        n.ok("connection", "modify", "e2", "ipv6.method", "ignore");
        assertEquals("etc/e2.nmconnection etc/e3.nmconnection run/e4.nmconnection", files());
        n.ok("connection", "delete", "e4");
        assertEquals("etc/e2.nmconnection etc/e3.nmconnection", files());
    }
}
