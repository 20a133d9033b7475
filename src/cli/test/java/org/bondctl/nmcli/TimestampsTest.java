package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bondctl.plan.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NetworkManager's timestamps file as bondctl nmcli reads and writes it: the [timestamps]
 * group's UUID=seconds keys (another group, a comment or a value that is no number not taken),
 * entries set in place, a new one last, the others kept (a deleted profile's too, as NM keeps
 * them); no write that changes nothing.
 */
class TimestampsTest {
    @TempDir
    Path root;

    @Test
    void entriesAreReadSetAndRemovedInPlace() throws Exception {
        Path f = root.resolve(Timestamps.FILE);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "[other]\nx=1\n[timestamps]\n# note\naaaa=1700000000\nbbbb=soon\ncccc = 1700000100\n");
        assertEquals(Map.of("aaaa", 1700000000L, "cccc", 1700000100L), Timestamps.read(root));

        Step.WriteFile w = Timestamps.write(root, List.of("dddd", "aaaa"), 1800000000L);
        assertEquals("[timestamps]\naaaa=1800000000\ncccc=1700000100\ndddd=1800000000\n", new String(w.content()));
        assertEquals(Files.readString(f), new String(w.previous()));
        Files.write(f, w.content());
        assertNull(Timestamps.write(root, List.of("dddd"), 1800000000L), "nothing changes");
    }

    @Test
    void noFileAndNothingToRecordWritesNothing() {
        assertNull(Timestamps.write(root, List.of(), 1L));
        assertEquals(Map.of(), Timestamps.read(root));
    }

    @Test
    void theRealTimeIsStrftimesInTheCLocale() {
        java.util.TimeZone was = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
            assertEquals("Mon Dec  7 18:04:42 2026", Timestamps.real(1796666682L));
            assertEquals("Tue Nov 14 22:13:20 2023", Timestamps.real(1700000000L));
        } finally {
            java.util.TimeZone.setDefault(was);
        }
    }
}
