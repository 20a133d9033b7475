package org.bondctl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level command: global options. Its subcommands are added by {@link Main}. */
@Command(name = "bondctl",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Configure and inspect Linux bonding over rtnetlink (no ip, nmcli or sysfs).",
        footer = {"", "Exit codes: 0 ok, 1 kernel refused, 2 invalid input, 3 not found,",
            "  4 exists/conflict, 5 needs CAP_NET_ADMIN, 6 unavailable, 70 internal error."})
public final class BondctlCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Inherited by every subcommand: --netns, --json, --verbose before or after the command. */
    @Mixin
    GlobalOptions global;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed");
    }
}
