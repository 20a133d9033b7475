package org.bondctl.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bondctl.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units in contrib/: systemd-analyze verify finds nothing to say about them (with
 * the accelerate drop-in in place), and the monitor's unit takes the exit status the monitor
 * really ends with on SIGTERM as success. systemd-analyze comes with Debian's systemd package
 * (scripts/install-deps.sh): without it the test fails, it is not skipped.
 */
class ServiceUnitsTest {
    private static final Path CONTRIB = Path.of("contrib");
    private static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");

    @Test
    void systemdAnalyzeVerifiesBothUnits(@TempDir Path root) throws Exception {
        assertTrue(Files.isExecutable(ANALYZE), ANALYZE + " is missing: run scripts/install-deps.sh");
        // An alternate root: the units as installed, the distribution's own units they name
        // (sysinit.target...), and a /usr/bin/bondctl for ExecStart to point at.
        Path system = Files.createDirectories(root.resolve("etc/systemd/system"));
        Files.copy(CONTRIB.resolve("bondctl-monitor.service"), system.resolve("bondctl-monitor.service"));
        Files.copy(CONTRIB.resolve("bondctl-apply.service"), system.resolve("bondctl-apply.service"));
        Path dropIn = Files.createDirectories(system.resolve("bondctl-monitor.service.d"));
        Files.copy(CONTRIB.resolve("bondctl-monitor-accelerate.conf"), dropIn.resolve("accelerate.conf"));
        Path lib = Files.createDirectories(root.resolve("usr/lib/systemd/system"));
        try (Stream<Path> units = Files.list(Path.of("/usr/lib/systemd/system"))) {
            for (Path u : (Iterable<Path>) units::iterator) {
                if (Files.isRegularFile(u)) {
                    Files.copy(u, lib.resolve(u.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Path bin = Files.createDirectories(root.resolve("usr/bin")).resolve("bondctl");
        Files.writeString(bin, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process p = new ProcessBuilder(ANALYZE.toString(), "verify", "--man=no", "--root=" + root,
                "bondctl-monitor.service", "bondctl-apply.service").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals("", out, "systemd-analyze verify has remarks");
    }

    /** On SIGTERM the JVM ends with 143 (128 + 15) after its shutdown hooks: the unit must call that success. */
    @Test
    void theMonitorUnitTakesTheMonitorsExitOnSigtermAsSuccess() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "monitor")
                .redirectErrorStream(true).start();
        Thread.sleep(2000); // started and following (no bond on this host: nothing to print)
        assertTrue(p.isAlive(), () -> "the monitor ended early: " + read(p));
        p.destroy(); // SIGTERM
        int rc = p.waitFor();
        String unit = Files.readString(CONTRIB.resolve("bondctl-monitor.service"));
        List<String> success = unit.lines().filter(l -> l.startsWith("SuccessExitStatus="))
                .flatMap(l -> Stream.of(l.substring(l.indexOf('=') + 1).split("\\s+"))).toList();
        assertTrue(rc == 0 || success.contains(String.valueOf(rc)),
                "exit " + rc + " on SIGTERM is a failure for systemd (SuccessExitStatus=" + success + "): " + read(p));
        assertTrue(Set.of(0, 143).contains(rc), "exit " + rc);
    }

    private static String read(Process p) {
        try {
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
