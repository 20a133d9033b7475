package org.bondctl.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bondctl.bond.BondState;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.plan.Bonds;
import org.bondctl.rtnl.SeedNetwork;
import org.bondctl.rtnl.WithSeedNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A change made right after {@link Monitor#start} returns is reported: the event thread has
 * read the state it compares with by then. (It used to read it later, and a failover that came
 * first became part of that state: the README example waited for a failover it never got.)
 */
@Tag("kernel")
@WithSeedNetwork
class MonitorStartKernelTest {
    private SeedNetwork net;

    @Test
    void aFailoverRightAfterStartIsReported() throws Exception {
        try (Bonds bonds = Bonds.open(net.name())) {
            bonds.create("bond0", BondSettings.parse(List.of("mode=active-backup", "miimon=100")));
            bonds.enslave("bond0", List.of("ens192", "ens224"));
            bonds.interfaces().setUp("bond0", true);
            BondState s = bonds.await("bond0", 10_000, b -> b.activePort() != null);
            String active = s.activePort();
            assertNotNull(active, "bond0 has an active port");
            for (int round = 1; round <= 5; round++) {
                String other = active.equals("ens192") ? "ens224" : "ens192";
                LinkedBlockingQueue<String> failovers = new LinkedBlockingQueue<>(); // the new active ports
                try (Monitor monitor = Monitor.open(Monitor.Options.of(net.name(), Set.of("bond0"), false))) {
                    monitor.addListener(e -> {
                        if (e.kind() == MonitorEvent.Kind.FAILOVER) {
                            failovers.add(e.to()); // the event object is reused: keep what it said
                        }
                    }).start();
                    bonds.set("bond0", BondSettings.parse(List.of("active_slave=" + other)));
                    String to = failovers.poll(5, TimeUnit.SECONDS);
                    assertNotNull(to, "round " + round + ": no failover reported for the switch " + active + " -> " + other
                            + " made right after start()");
                    assertEquals(other, to, "round " + round);
                }
                active = other;
            }
        }
    }
}
