package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.PortOption;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Help and usage errors: no kernel involved. */
class CliHelpTest {
    private final Cli cli = new Cli(null);

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[] {"add", "set", "enslave", "release", "del", "up", "down", "show", "options", "lab"}) {
            Cli.Result r = cli.run(cmd, "--help");
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.out().startsWith("Usage: bondctl " + cmd), r::toString);
            assertTrue(r.out().contains("Exit codes:"), r::toString);
        }
        Cli.Result top = cli.run("--help");
        assertEquals(0, top.exit());
        assertTrue(top.out().contains("enslave  Add ports to a bond; all or nothing."), top::toString);
    }

    @Test
    void verboseSaysItTurnsOnTheMonitorsDiagnostics() {
        String help = cli.run("monitor", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("-v, --verbose Stack traces on errors, and diagnostics: the monitor prints what it"
                + " otherwise only counts"), help);
    }

    @Test
    void theRegistryKeysAreTheCommandNamesAndHelpListsThemAll() {
        String top = cli.run("--help").out();
        for (Map.Entry<String, java.util.function.Supplier<Object>> e : Main.COMMANDS.entrySet()) {
            Command c = e.getValue().get().getClass().getAnnotation(Command.class);
            assertEquals(e.getKey(), c.name());
            assertTrue(c.hidden() || top.contains("\n  " + e.getKey() + " "), e.getKey() + " missing in\n" + top);
        }
    }

    @Test
    void aCommandLineBuildsTheModelOfTheCommandItNamesOnly() {
        assertEquals("show", Main.commandName("show"));
        assertEquals("show", Main.commandName("--netns", "x", "--json", "-v", "show", "bond0"));
        assertEquals("set", Main.commandName("--netns=x", "--verbose", "set", "--help"));
        // help, version, typos and anything unusual get every command (help lists, suggestions)
        for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"-h", "show"},
                new String[] {"-V"}, new String[] {"shw"}, new String[] {"--", "show"}, new String[] {"@args"},
                new String[] {"--netns"}, new String[] {"-vh", "show"})) {
            assertEquals(null, Main.commandName(args), String.join(" ", args));
        }
        PrintWriter w = new PrintWriter(new StringWriter());
        CommandLine one = Main.commandLine(w, w, List.of("show"));
        assertEquals(List.of("show"), List.copyOf(one.getSubcommands().keySet()));
        assertEquals(List.copyOf(Main.COMMANDS.keySet()), List.copyOf(Main.commandLine(w, w, List.of()).getSubcommands().keySet()));
        // settings reach a lazily added command: a usage error there exits 2 with the hint
        Cli.Result bad = cli.run("--json", "show", "--bogus");
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().contains("Try 'bondctl show --help'"), bad::toString);
        Cli.Result typo = cli.run("shw");
        assertEquals(2, typo.exit(), typo::toString);
        assertTrue(typo.err().startsWith("bondctl: Unmatched argument at index 0: 'shw'"), typo::toString);
    }

    @Test
    void optionsListsTheWholeTable() {
        String out = cli.run("options").out();
        for (BondOption o : BondOption.values()) {
            assertTrue(out.contains("\n  " + o.kernelName() + " "), o.kernelName());
        }
        for (PortOption o : PortOption.values()) {
            assertTrue(out.contains("\n  " + o.kernelName() + " "), o.kernelName());
        }
        assertTrue(cli.run("--json", "options").out().startsWith("[{\"name\":\"mode\",\"kind\":\"bond\",\"json_key\":\"mode\",\"id\":1,"));
    }

    @Test
    void usageErrorsExitTwoWithAHint() {
        Cli.Result none = cli.run();
        assertEquals(2, none.exit());
        assertTrue(none.err().startsWith("bondctl: a command is needed"), none::toString);
        Cli.Result unknown = cli.run("frobnicate");
        assertEquals(2, unknown.exit());
        Cli.Result badOpt = cli.run("add", "bond0", "mode=active-backup", "miimon=abc");
        assertEquals(2, badOpt.exit());
        assertEquals("bondctl: option miimon: 'abc' is not a number\n", badOpt.err());
        Cli.Result badName = cli.run("add", "bond0/x");
        assertEquals(2, badName.exit());
        assertTrue(badName.err().contains("interface name 'bond0/x'"), badName::toString);
    }
}
