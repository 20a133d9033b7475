package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bondctl.plan.NetState;
import org.bondctl.rtnl.SeedNetwork;
import org.junit.jupiter.api.Test;

/**
 * Input that ip(8) refuses is refused here too, before anything is sent: one line naming the
 * argument and the reason, exit 2 (or 3 for a missing directory), the namespace unchanged.
 * These are the leniencies a fuzzing session found (issue 12, finding 12).
 */
@WithSeedCli
class StrictInputTest {
    private SeedNetwork net;
    private Cli cli;

    private void refused(int exit, String message, String... args) {
        List<String> before = NetState.of(net.rtnl);
        Cli.Result r = cli.run(args);
        assertEquals(exit, r.exit(), r::toString);
        assertEquals("bondctl: " + message + "\n", r.err(), r::toString);
        assertEquals(before, NetState.of(net.rtnl), () -> String.join(" ", args) + " changed the namespace");
    }

    @Test
    void numbersAreAsciiDigitsWithoutLeadingZeros() {
        refused(2, "option mode: '\u0661' is not one of balance-rr, active-backup, balance-xor, broadcast, 802.3ad,"
                + " balance-tlb, balance-alb", "add", "bond0", "mode=\u0661");
        refused(2, "option miimon: '\u0661\u0660\u0660' is not a number", "add", "bond0", "miimon=\u0661\u0660\u0660");
        refused(2, "address 192.0.2.011/24: '192.0.2.011' is not an IP address", "addr", "add", "ens192", "192.0.2.011/24");
        refused(2, "route add: metric '-1' is not a number 0-4294967295",
                "route", "add", "192.0.2.0/24", "dev", "ens192", "metric", "-1");
    }

    @Test
    void noEmptyItems() {
        refused(2, "'mode=1,,miimon=100' has an empty item (two commas, or a comma at an end)",
                "add", "bond0", "mode=1,,miimon=100");
        refused(2, "'mode=1,' has an empty item (two commas, or a comma at an end)", "add", "bond0", "mode=1,");
        refused(2, "an option argument is empty", "add", "bond0", "");
        refused(2, "address /+24: '' is not an IP address", "addr", "add", "ens192", "/+24");
    }

    @Test
    void namesAreOneLineAndNeverTemplates() {
        // the kernel would make "bond%d" into bond0, bond1...: a name bondctl did not ask for
        refused(2, "interface name 'bond%d': must be 1-15 printable characters without '/', ':', '%' or spaces",
                "add", "bond%d", "mode=1");
        // a newline in a name is shown as '?': every error stays one line
        refused(2, "interface name 'bo?nd': must be 1-15 printable characters without '/', ':', '%' or spaces",
                "add", "bo\nnd", "mode=1");
    }

    @Test
    void emptyNamespaceAndMissingRoot() {
        Cli.Result r = new Cli("").run("show");
        assertEquals(2, r.exit(), r::toString);
        assertEquals("bondctl: network namespace '': not a name (see ip netns list) or a path\n", r.err());
        // a root that does not exist is an error, not "nothing to change"
        refused(3, "--root /nonexistent-bondctl-root: no such directory", "apply", "--root", "/nonexistent-bondctl-root");
        Cli.Result diff = cli.run("diff", "--root", "/nonexistent-bondctl-root");
        assertEquals(3, diff.exit(), diff::toString);
        assertFalse(diff.out().contains("nothing to change"));
        assertTrue(diff.err().contains("no such directory"), diff::toString);
    }
}
