package org.bondctl.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.bondctl.bond.BondState;
import org.bondctl.bond.MiiStatus;
import org.bondctl.plan.Bonds;
import org.bondctl.rtnl.SeedNetwork;
import org.bondctl.rtnl.WithSeedNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The README's Java example, run as written on the real bonding driver. */
@Tag("kernel")
@WithSeedNetwork
class ReadmeExampleKernelTest {
    private SeedNetwork net;

    @Test
    void buildsTheSeedsBondSeesTheFailoverAndClosesEverything() throws Exception {
        String to = SeedBondExample.run(net.name(), () -> {
            try { // the bond settled first: ens192 active, both ports' MII up (else there is nothing to fail over)
                BondState s = new Bonds(net.rtnl).await("bond0", 10_000, b -> "ens192".equals(b.activePort())
                        && b.ports().size() == 2 && b.ports().stream().allMatch(p -> p.miiStatus() == MiiStatus.UP));
                assertEquals("ens192", s.activePort(), "active before the cable is pulled");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            net.cable("ens192", false);
        });
        assertEquals("ens224", to, "the failover the monitor reported");
        assertFalse(net.rtnl.link("bond0").isPresent(), "bond0 deleted");
        assertEquals(0, net.rtnl.require("ens192").master(), "ens192 released with it");
    }
}
