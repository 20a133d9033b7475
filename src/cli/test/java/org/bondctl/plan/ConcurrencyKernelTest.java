package org.bondctl.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bondctl.cli.Cli;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.SeedNetwork;
import org.bondctl.cli.WithSeedCli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two bondctl processes racing for one port: the kernel moves a port between bonds without a
 * word, so the "already has a master" check must not be overtaken by the other command. Changes
 * hold the state directory's lock from their first read to their last request: one enslaves,
 * the other sees the master and refuses (exit 4), every time.
 */
@Tag("kernel")
@WithSeedCli
class ConcurrencyKernelTest {
    private SeedNetwork net;
    private Cli cli;

    @TempDir
    Path state;

    @BeforeEach
    void setUp() {
        for (String b : List.of("bond1", "bond2")) {
            assertEquals(0, cli.run("add", b, "mode=active-backup", "miimon=100").exit());
        }
    }

    private Process start(String bond) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bin/bondctl", "--netns", net.name(), "enslave", bond, "ens192")
                .redirectErrorStream(true);
        // each waits between its checks and its request: without the lock, both would pass the checks
        pb.environment().put("BONDCTL_JAVA_OPTS", "-Dbondctl.state-dir=" + state + " -Dbondctl.fault=pause-before-step:1");
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    @Test
    void twoEnslavesOfOnePortOneWinsTheOtherIsRefused() throws Exception {
        for (int round = 0; round < 3; round++) {
            List<Process> ps = new ArrayList<>(List.of(start("bond1"), start("bond2")));
            List<String> outs = new ArrayList<>();
            List<Integer> exits = new ArrayList<>();
            for (Process p : ps) {
                outs.add(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail("enslave timed out");
                }
                exits.add(p.exitValue());
            }
            String seen = "round " + round + ": " + exits + " " + outs;
            assertTrue(exits.contains(0) && exits.contains(4), seen);
            int winner = exits.indexOf(0);
            String loser = outs.get(1 - winner);
            assertTrue(loser.contains("enslave ens192 to bond" + (2 - winner) + ": it already has a master (bond" + (winner + 1)),
                    seen);
            Link port = net.rtnl.require("ens192");
            assertEquals(net.rtnl.require("bond" + (winner + 1)).index(), port.master(), seen);
            assertEquals(0, cli.run("release", "bond" + (winner + 1), "ens192").exit());
        }
    }
}
