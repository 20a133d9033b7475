package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.PortOption;
import org.junit.jupiter.api.Test;

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
    void optionsListsTheWholeTable() {
        String out = cli.run("options").out();
        for (BondOption o : BondOption.values()) {
            assertTrue(out.contains("\n  " + o.kernelName() + " "), o.kernelName());
        }
        for (PortOption o : PortOption.values()) {
            assertTrue(out.contains("\n  " + o.kernelName() + " "), o.kernelName());
        }
        assertTrue(cli.run("--json", "options").out().startsWith("[{\"name\":\"mode\",\"id\":1,"));
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
