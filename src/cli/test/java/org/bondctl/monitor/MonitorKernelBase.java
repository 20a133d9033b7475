package org.bondctl.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.bondctl.bond.BondState;
import org.bondctl.bond.MiiStatus;
import org.bondctl.bond.ProcView;
import org.bondctl.cli.Cli;
import org.bondctl.plan.Bonds;
import org.bondctl.rtnl.SeedNetwork;
import org.bondctl.cli.WithSeedCli;
import org.junit.jupiter.api.AfterEach;

/**
 * What the monitor's kernel tests share: the seed's NICs in a fresh namespace (SeedNetwork),
 * the CLI in it, a recorder of events, and bond0 built and waited on.
 */
@WithSeedCli
abstract class MonitorKernelBase {
    SeedNetwork net;
    Cli cli;
    Bonds bonds;
    Monitor monitor;
    final Recorder rec = new Recorder();

    @AfterEach
    void tearDownNetwork() {
        if (monitor != null) {
            monitor.close();
        }
    }

    void ok(String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + " -> " + r);
    }

    /** bond0 with {@code options}, ens192 and ens224 enslaved, up. */
    void bond(String... options) {
        List<String> add = new ArrayList<>(List.of("add", "bond0"));
        add.addAll(List.of(options));
        ok(add.toArray(String[]::new));
        ok("enslave", "bond0", "ens192", "ens224");
        ok("up", "bond0");
    }

    /** A monitor of the namespace, recording. */
    Monitor start(boolean accelerate, Set<String> names) {
        monitor = Monitor.open(Monitor.Options.of(net.name(), names, accelerate)).addListener(rec).start();
        return monitor;
    }

    BondState waitFor(String what, long timeoutMs, Predicate<BondState> done) throws InterruptedException {
        BondState s = bonds.await("bond0", timeoutMs, done);
        assertTrue(done.test(s), () -> "timed out waiting for " + what + "; last state:\n" + ProcView.render(s, null));
        return s;
    }

    /** {@code port} active, and every port with carrier MII up. */
    BondState active(String port, long timeoutMs) throws InterruptedException {
        return waitFor(port + " active", timeoutMs, b -> port.equals(b.activePort())
                && b.ports().stream().allMatch(p -> p.miiStatus() == MiiStatus.UP || !p.link().carrier()));
    }
}
