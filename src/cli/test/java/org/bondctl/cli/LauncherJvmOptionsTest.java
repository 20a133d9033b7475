package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options bin/bondctl gives each command, read from the arguments it hands to Java,
 * with an installed layout whose runtime's java only prints them (no JVM starts). The compile
 * threshold: an accelerating monitor compiles early (0.05), a monitor keeps 5, other commands
 * take 5, or 20 with one CPU online (this machine's count, as the launcher reads it). The
 * monitor starts with a small heap.
 */
class LauncherJvmOptionsTest {
    @TempDir
    static Path prefix;

    @BeforeAll
    static void installWithAnEchoingJava() throws IOException {
        Path bin = Files.createDirectories(prefix.resolve("bin"));
        Files.copy(Path.of("bin/bondctl"), bin.resolve("bondctl"), StandardCopyOption.COPY_ATTRIBUTES);
        Path home = Files.createDirectories(prefix.resolve("lib/bondctl"));
        Files.createFile(home.resolve("bondctl.jar"));
        Path runtime = Files.createDirectories(home.resolve("runtime/bin"));
        Files.writeString(home.resolve("runtime/release"), "JAVA_VERSION=\"17.0.99\"\n");
        Path java = runtime.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a; do printf '%s\\n' \"$a\"; done\n");
        java.toFile().setExecutable(true);
    }

    /** The arguments the launcher hands to java. */
    private static List<String> javaArgs(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(prefix.resolve("bin/bondctl").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> !k.equals("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }

    private static String threshold(String... args) throws Exception {
        List<String> java = javaArgs(args);
        return java.stream().filter(l -> l.startsWith("-XX:CompileThresholdScaling=")).reduce((a, b) -> b)
                .map(l -> l.substring(l.indexOf('=') + 1)).orElse("none: " + java);
    }

    private static boolean oneCpu() throws IOException {
        return Files.readString(Path.of("/sys/devices/system/cpu/online")).trim().equals("0");
    }

    @Test
    void anAcceleratingMonitorCompilesAfterTenCalls() throws Exception {
        assertEquals("0.05", threshold("monitor", "--accelerate", "bond0"));
        assertEquals("0.05", threshold("--netns", "blue", "monitor", "--rt-priority", "50", "--lock-memory", "--accelerate"));
    }

    @Test
    void aMonitorThatDoesNotAccelerateKeepsFive() throws Exception {
        assertEquals("5", threshold("monitor", "bond0"));
        // the word is a value here (a hook command, a bond after --), not the option
        assertEquals("5", threshold("monitor", "--exec", "--accelerate", "bond0"));
        assertEquals("5", threshold("monitor", "--", "--accelerate"));
        assertEquals("5", threshold("monitor", "--timeout", "5", "bond0"));
    }

    @Test
    void otherCommandsTakeFiveOrTwentyOnOneCpu() throws Exception {
        String want = oneCpu() ? "20" : "5";
        assertEquals(want, threshold("show"));
        assertEquals(want, threshold("--netns", "monitor", "show", "--accelerate"));
        assertEquals(want, threshold("--version"));
    }

    @Test
    void theMonitorStartsWithASmallHeap() throws Exception {
        assertTrue(javaArgs("monitor", "bond0").contains("-Xms16m"));
        assertTrue(javaArgs("--netns", "blue", "monitor", "--accelerate").contains("-Xms16m"));
        assertFalse(javaArgs("show").stream().anyMatch(a -> a.startsWith("-Xms")));
    }

    @Test
    void shortCommandsHaveASmallYoungGeneration() throws Exception {
        assertTrue(javaArgs("show").contains("-Xmn1m"));
        assertTrue(javaArgs("--netns", "monitor", "batch", "f").contains("-Xmn1m"));
        assertTrue(javaArgs("--version").contains("-Xmn1m"));
        assertFalse(javaArgs("monitor", "bond0").contains("-Xmn1m"), "the monitor sizes its heap itself");
    }
}
