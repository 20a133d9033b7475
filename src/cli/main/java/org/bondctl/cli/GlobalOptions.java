package org.bondctl.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes, before or after the command name. */
public final class GlobalOptions {
    @Option(names = "--netns", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Work inside the named network namespace (/run/netns/NAME, or a path).")
    String netns;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Machine-readable output.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = {"Stack traces on errors, and diagnostics: the monitor prints what it otherwise only counts",
            "(a listener that threw, a message from another process), show where its /proc facts came from."})
    boolean verbose;
}
