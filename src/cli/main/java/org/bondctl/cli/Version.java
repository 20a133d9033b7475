package org.bondctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code bondctl --version}: the release and the git commit it was built from, written into
 * the jar at build time (src/build/version-properties.sh), then the Java runtime that runs it
 * (the packages bring their own; bin/bondctl runs JAVA_HOME's or the one on PATH).
 */
final class Version implements IVersionProvider {
    static final String RESOURCE = "/org/bondctl/version.properties";

    @Override
    public String[] getVersion() {
        Properties p = build();
        return new String[] {
            "bondctl " + p.getProperty("version", "unknown") + " (commit " + p.getProperty("commit", "unknown") + ")",
            "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ") at "
                + System.getProperty("java.home")};
    }

    /** The build's version and commit; empty when the classes were not built by Maven. */
    static Properties build() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
