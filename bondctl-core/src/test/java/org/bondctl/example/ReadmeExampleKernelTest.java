package org.bondctl.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
        String to = SeedBondExample.run(net.name(), () -> net.cable("ens192", false));
        assertEquals("ens224", to, "the failover the monitor reported");
        assertFalse(net.rtnl.link("bond0").isPresent(), "bond0 deleted");
        assertEquals(0, net.rtnl.require("ens192").master(), "ens192 released with it");
    }
}
