package org.bondctl.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Command lines that run a JVM of bondctl's classes as nobody (uid 65534) through setpriv,
 * with the capabilities a test grants: on a world-readable copy of the class path (the tests'
 * own may sit in a directory only root can read), with JNA's scratch directory open to it.
 */
final class UnprivilegedJava {
    private final List<String> classpath = new ArrayList<>();
    private final Path jnaTmp;

    /**
     * Copies bondctl's classes and tests (both modules' target/, from the project directory,
     * where the tests run), JNA and the Prometheus client (from bondctl-cli's test class path)
     * into {@code tmp}.
     */
    UnprivilegedJava(Path tmp) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("cp"));
        List<Path> from = new ArrayList<>();
        for (String module : List.of("core", "cli")) {
            from.add(Path.of("target", module, "classes"));
            from.add(Path.of("target", module, "test-classes"));
        }
        for (String jar : Files.readString(Path.of("target/cli/test-classpath.txt")).strip().split(":")) {
            String name = Path.of(jar).getFileName().toString();
            if (name.startsWith("jna-") || name.startsWith("prometheus-")) {
                from.add(Path.of(jar));
            }
        }
        for (Path p : from) {
            Path copy = dir.resolve(classpath.size() + "-" + p.getFileName());
            copyTree(p, copy);
            classpath.add(copy.toString());
        }
        jnaTmp = Files.createDirectory(dir.resolve("jna"));
        openUp(tmp);
        Files.setPosixFilePermissions(jnaTmp, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    /** setpriv (as nobody, with {@code privileges}) java -cp COPY {@code main} {@code args}. */
    List<String> command(List<String> privileges, String main, String... args) {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        cmd.addAll(privileges);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-Djna.tmpdir=" + jnaTmp, "-cp", String.join(":", classpath), main));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.createDirectories(t.getParent());
                    Files.copy(f, t);
                }
            }
        }
    }

    private static void openUp(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
