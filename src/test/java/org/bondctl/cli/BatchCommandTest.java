package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.SeedNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bondctl batch on the host kernel, in a fresh namespace (the bond steps: BatchKernelTest). */
class BatchCommandTest {
    private SeedNetwork net;
    private Cli cli;

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
        net = new SeedNetwork();
        cli = new Cli(net.name());
    }

    @AfterEach
    void tearDown() {
        net.close();
    }

    private Path file(String text) throws Exception {
        Path f = tmp.resolve("steps");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void runsEveryLineInOrderWithCommentsAndQuotes() throws Exception {
        Path resolv = tmp.resolve("resolv.conf");
        Path f = file("# the seed's generic steps\n"
                + "up ens192\n"
                + "\n"
                + "   addr add ens192 192.0.2.10/24   # trailing comment\n"
                + "bondctl route add default via 192.0.2.1 dev ens192\n"
                + "dns set ens192 --server 192.0.2.53 --search 'k.local.lab' --resolv-conf \"" + resolv + "\"\n"
                + "route show\n");
        Cli.Result r = cli.run("batch", f.toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals("default via 192.0.2.1 dev ens192\n", r.out(), "the last line's output, with the batch's --netns");
        assertTrue(net.rtnl.require("ens192").isUp());
        assertTrue(net.rtnl.addresses(net.rtnl.require("ens192").index()).contains(Address.parse("192.0.2.10/24")));
        assertTrue(Files.readString(resolv).contains("search k.local.lab\n"));
    }

    @Test
    void stopsAtTheFirstFailureNamingTheLine() throws Exception {
        Path f = file("up ens192\n# comment\nup ens999\nup ens224\n");
        Cli.Result r = cli.run("batch", f.toString());
        assertEquals(3, r.exit(), r::toString);
        assertEquals("bondctl: interface ens999: no such interface in network namespace " + net.name() + "\n"
                + "bondctl: batch " + f + ": stopped at line 3 (up ens999), exit 3\n", r.err());
        assertTrue(net.rtnl.require("ens192").isUp(), "line 1 ran");
        assertFalse(net.rtnl.require("ens224").isUp(), "line 4 did not run");
    }

    @Test
    void syntaxErrorsStopBeforeAnythingRuns() throws Exception {
        Path f = file("up ens192\nup 'ens224\n");
        Cli.Result r = cli.run("batch", f.toString());
        assertEquals(2, r.exit(), r::toString);
        assertEquals("bondctl: batch " + f + " line 2: unterminated ' quote\n", r.err());
        assertFalse(net.rtnl.require("ens192").isUp(), "nothing ran");

        Cli.Result usage = cli.run("batch", file("up ens192\nenslave bond0\n").toString());
        assertEquals(2, usage.exit(), usage::toString);
        assertTrue(usage.err().contains("stopped at line 2 (enslave bond0), exit 2"), usage::toString);

        Cli.Result nested = cli.run("batch", file("batch other\n").toString());
        assertEquals(2, nested.exit());
        assertTrue(nested.err().contains("line 1: a batch cannot run a batch"), nested::toString);

        Cli.Result missing = cli.run("batch", tmp.resolve("nope").toString());
        assertEquals(3, missing.exit());
        assertEquals("bondctl: batch " + tmp.resolve("nope") + ": no such file\n", missing.err());
    }

    @Test
    void readsStandardInput() {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream("up ens224\n".getBytes(StandardCharsets.UTF_8)));
        try {
            Cli.Result r = cli.run("batch", "-");
            assertEquals(0, r.exit(), r::toString);
        } finally {
            System.setIn(saved);
        }
        assertTrue(net.rtnl.require("ens224").isUp());
    }

    @Test
    void wordSplitting() {
        assertEquals(List.of("a", "b c", "d\"e", ""), BatchCommand.words("a 'b c' 'd\"e' ''  # x", "f", 1));
        assertEquals(List.of("x#y"), BatchCommand.words("x#y", "f", 1));
        assertEquals(List.of(), BatchCommand.words("   ", "f", 1));
        BondctlException e = assertThrows(BondctlException.class, () -> BatchCommand.words("a \"b", "f", 7));
        assertEquals("batch f line 7: unterminated \" quote", e.getMessage());
    }
}
