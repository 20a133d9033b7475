package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bondctl.plan.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NetworkManager's state file as bondctl nmcli reads and writes it (the file NM 1.42 wrote in
 * the test bed: [main], NetworkingEnabled, WirelessEnabled, WWANEnabled): enabled unless the
 * key says false; a write changes the key alone, adds it where it is missing, and makes NM's
 * file where there is none.
 */
class NetworkingTest {
    @TempDir
    Path root;

    private String written(boolean enabled) throws Exception {
        Step.WriteFile w = Networking.write(root, enabled);
        Path f = root.resolve(Networking.FILE);
        Files.createDirectories(f.getParent());
        Files.write(f, w.content());
        return new String(w.content());
    }

    @Test
    void theKeyIsReadAndWrittenInNetworkManagersFile() throws Exception {
        assertTrue(Networking.enabled(root), "no file: enabled");
        assertEquals("[main]\nNetworkingEnabled=false\nWirelessEnabled=true\nWWANEnabled=true\n", written(false));
        assertFalse(Networking.enabled(root));
        assertNull(Networking.write(root, false), "so already");
        assertEquals("[main]\nNetworkingEnabled=true\nWirelessEnabled=true\nWWANEnabled=true\n", written(true));
        assertTrue(Networking.enabled(root));

        Path f = root.resolve(Networking.FILE);
        Files.writeString(f, "[main]\nWirelessEnabled=false\n\n[other]\nNetworkingEnabled=false\n");
        assertTrue(Networking.enabled(root), "another group's key");
        assertEquals("[main]\nWirelessEnabled=false\nNetworkingEnabled=false\n\n[other]\nNetworkingEnabled=false\n",
                written(false));
        assertFalse(Networking.enabled(root));
        Files.writeString(f, "[other]\nx=1\n");
        assertEquals("[other]\nx=1\n[main]\nNetworkingEnabled=false\n", written(false));
    }
}
