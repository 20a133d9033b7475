package org.bondctl.cli;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line that starts another bondctl like this one: the same java, a class path
 * made of the code sources of the CLI (with picocli), bondctl-core and JNA (also right when
 * this JVM runs from a test launcher, whose class path is its own jar), and the jna.* properties.
 */
final class SelfCommand {
    private SelfCommand() {}

    static List<String> java() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        for (String k : System.getProperties().stringPropertyNames()) {
            if ((k.startsWith("jna.") || k.startsWith("bondctl.")) && !k.equals("bondctl.fault")) {
                cmd.add("-D" + k + "=" + System.getProperty(k));
            }
        }
        Set<String> cp = new LinkedHashSet<>();
        for (Class<?> c : new Class<?>[] {SelfCommand.class, picocli.CommandLine.class,
                org.bondctl.error.BondctlException.class, com.sun.jna.Native.class}) {
            try {
                cp.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException | NullPointerException | SecurityException e) {
                // fall back to the JVM's own class path below
            }
        }
        cp.add(System.getProperty("java.class.path"));
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, cp));
        cmd.add("org.bondctl.cli.Main");
        return cmd;
    }
}
