package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.bondctl.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code general hostname NAME} on a tree of its own (--bondctl-root): /etc/hostname below it
 * is written as NetworkManager 1.42 writes it (NAME and a newline, mode 0644, a symbolic link
 * followed inside the tree; "" empties it), a name NM refuses is refused in NM's words and
 * changes nothing, {@code general hostname} prints the static name (an empty line for none),
 * and the kernel's host name (the host's own here) is never touched for a tree. Each outcome
 * as seen from NM 1.42 in the test bed (/tmp/rt/rb17, stop 42).
 */
class NmcliHostnameTest {
    @TempDir
    Path root;

    private static String kernel() throws Exception {
        return Files.readString(Path.of("/proc/sys/kernel/hostname"));
    }

    @Test
    void theTreesHostnameFileIsWrittenAndTheKernelsNameIsLeftAlone() throws Exception {
        NmcliRoot n = new NmcliRoot(root);
        String kernel = kernel();
        Path file = root.resolve("etc/hostname");
        assertEquals("\n", n.ok("general", "hostname").out(), "no static name: an empty line, as NM prints it");
        n.ok("general", "hostname", "server1.example.com");
        assertEquals("server1.example.com\n", Files.readString(file));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("server1.example.com\n", n.ok("general", "hostname").out());
        assertEquals(kernel, kernel(), "a tree's name is not the running kernel's");
        // whatever mode the file had, NM leaves 0644
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
        n.ok("g", "h", "db_2");
        assertEquals("db_2\n", Files.readString(file));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        // extra words: a warning, the first taken
        Cli.Result r = n.ok("general", "hostname", "one", "two");
        assertEquals("Warning: ignoring extra garbage after 'one' hostname\n", r.err());
        assertEquals("one\n", Files.readString(file));
        // "" clears the static name: an empty file
        n.ok("general", "hostname", "");
        assertEquals("", Files.readString(file));
        assertEquals("\n", n.ok("general", "hostname").out());
    }

    @Test
    void namesNetworkManagerRefusesChangeNothing() throws Exception {
        NmcliRoot n = new NmcliRoot(root);
        n.ok("general", "hostname", "keep");
        for (String bad : new String[] {"a..b", ".a", "a.", "a b", "\u00dcn\u00ef", "a/b", "x".repeat(65)}) {
            Cli.Result r = n.nmcli("general", "hostname", bad);
            assertEquals(1, r.exit(), () -> "'" + bad + "' -> " + r);
            assertEquals("Error: failed to set hostname: The hostname was too long or contained invalid characters\n", r.err());
            assertEquals("keep\n", Files.readString(root.resolve("etc/hostname")));
        }
        for (String good : new String[] {"x".repeat(64), "-x", "x-", "x_y", "123", "UPPER.Example"}) {
            n.ok("general", "hostname", good);
            assertEquals(good + "\n", Files.readString(root.resolve("etc/hostname")));
        }
    }

    @Test
    void theKernelGetsOnlyTheNamesSystemdTakes() {
        for (String good : new String[] {"server1.example.com", "a-b", "123", "UPPER.Example", "x".repeat(64)}) {
            assertTrue(Hostname.kernelValid(good), good);
        }
        for (String bad : new String[] {"x_y", "-x", "x-", "a.-b", "a-.b", ""}) {
            assertFalse(Hostname.kernelValid(bad), bad);
        }
    }

    @Test
    void aSymbolicLinkIsFollowedInsideTheTree() throws Exception {
        NmcliRoot n = new NmcliRoot(root);
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("hostname.real"), "old\n");
        Files.createSymbolicLink(etc.resolve("hostname"), Path.of("/etc/hostname.real"));
        n.ok("general", "hostname", "vialink");
        assertTrue(Files.isSymbolicLink(etc.resolve("hostname")), "the link stays");
        assertEquals("vialink\n", Files.readString(etc.resolve("hostname.real")));
        assertFalse(Files.exists(Path.of("/etc/hostname.real")), "nothing written outside the tree");
    }
}
