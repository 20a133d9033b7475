package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.bondctl.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connection.uuid}: nmcli's add takes one (lower-cased) and refuses one that is no UUID
 * or another profile's; modify never changes it (NM 1.42's words and exit codes, seen in the
 * test bed; side by side in {@link NmcliLibProfilesVsNmKernelTest}).
 */
class NmcliUuidTest {
    static final String UUID = "8c3f0c8e-1f61-4d7e-9d1a-2b8c3b1e7a19";

    @TempDir
    Path root;

    @Test
    void addTakesAUuidModifyNever() {
        NmcliRoot n = new NmcliRoot(root);
        Cli.Result r = n.nmcli("connection", "add", "type", "ethernet", "con-name", "u1", "ifname", "ens192", "connection.uuid",
                "abc");
        assertEquals("4 Error: Failed to add 'u1' connection: connection.uuid: 'abc' is not a valid UUID\n", r.exit() + " " + r.err());
        assertEquals("Connection 'u1' (" + UUID + ") successfully added.\n", n.ok("connection", "add", "type", "ethernet",
                "con-name", "u1", "ifname", "ens192", "connection.uuid", UUID.toUpperCase()).out());
        assertEquals(UUID + "\n", n.ok("-g", "connection.uuid", "connection", "show", "u1").out());
        r = n.nmcli("connection", "add", "type", "ethernet", "con-name", "u2", "ifname", "ens192", "connection.uuid", UUID);
        assertEquals("4 Error: Failed to add 'u2' connection: a connection with this UUID already exists\n", r.exit() + " " + r.err());
        r = n.nmcli("connection", "modify", "u1", "connection.uuid", "8c3f0c8e-1f61-4d7e-9d1a-2b8c3b1e7a18");
        assertEquals("2 Error: failed to modify connection.uuid: the property can't be changed.\n", r.exit() + " " + r.err());
        assertEquals(UUID + "\n", n.ok("-g", "connection.uuid", "connection", "show", "u1").out());
    }
}
