package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** `monitor` refuses bad numbers before it follows anything (no privileges, no namespace). */
class MonitorCommandTest {
    @Test
    void badTimeoutsAreInvalidInput() {
        Cli cli = new Cli(null);
        for (String t : new String[] {"-1", "0", "NaN", "Infinity", "9223372036854775807"}) {
            Cli.Result r = cli.run("monitor", "--timeout", t);
            assertEquals(2, r.exit(), r::toString);
            assertEquals("bondctl: --timeout " + Double.parseDouble(t) + ": expected seconds greater than 0, at most 31622400\n",
                    r.err());
        }
        Cli.Result r = cli.run("monitor", "--exec", "true", "--exec-timeout", "0");
        assertEquals(2, r.exit(), r::toString);
    }
}
