package org.bondctl.cli;

import java.util.Collection;
import picocli.CommandLine;

/**
 * Where the picocli model of the commands comes from. The annotations on the command classes
 * are the model's only source; reading them at run time costs a short command a third of its
 * start (the JDK makes each annotation instance a dynamic proxy and spins its class, which no
 * class-data archive holds). So the build generates {@code CompiledCommandModels}
 * (build/java/org/bondctl/cli/BuildModels.java) from the annotated model: the same specs, made
 * with picocli's API and bound to the fields without reflection. CommandModelsTest holds the
 * two equal. A build without that step, or {@code -Dbondctl.cli.model=annotations}, reads the
 * annotations.
 */
abstract class CommandModels {
    static final String COMPILED = "org.bondctl.cli.CompiledCommandModels";

    /** The annotated model. */
    static final CommandModels ANNOTATED = new CommandModels() {
        @Override
        Object root() {
            return new BondctlCommand();
        }

        @Override
        Object command(String name) {
            return Main.COMMANDS.get(name).get();
        }
    };

    /** The root command: an annotated object or a CommandSpec, for {@code new CommandLine}. */
    abstract Object root();

    /** The named subcommand of Main.COMMANDS, as {@link #root()}. */
    abstract Object command(String name);

    /** The root command with the named subcommands of Main.COMMANDS (all of them when names is empty). */
    CommandLine commandLine(Collection<String> names) {
        CommandLine cl = new CommandLine(root());
        for (String name : names.isEmpty() ? Main.COMMANDS.keySet() : names) {
            cl.addSubcommand(name, command(name));
        }
        return cl;
    }

    static CommandModels get() {
        if (!"annotations".equals(System.getProperty("bondctl.cli.model"))) {
            try {
                return (CommandModels) Class.forName(COMPILED).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                // not generated (an IDE build): the annotations
            }
        }
        return ANNOTATED;
    }
}
