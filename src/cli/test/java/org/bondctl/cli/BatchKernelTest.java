package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bondctl.bond.BondState;
import org.bondctl.bond.options.BondOption;
import org.bondctl.plan.Bonds;
import org.bondctl.rtnl.SeedNetwork;
import org.bondctl.rtnl.WithSeedNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed scenario as one bondctl batch (one process), against the real bonding driver. */
@Tag("kernel")
@WithSeedNetwork
class BatchKernelTest {
    private SeedNetwork net;

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
    }


    @Test
    void seedScenarioInOneBatch() throws Exception {
        Path f = tmp.resolve("seed.bondctl");
        Files.writeString(f, "add bond0 mode=active-backup miimon=1000 primary=ens192 primary_reselect=always updelay=10000\n"
                + "enslave bond0 ens192 ens224\n"
                + "addr add bond0 192.0.2.10/24\n"
                + "up bond0\n"
                + "route add default via 192.0.2.1 dev bond0\n"
                + "dns set bond0 --server 192.0.2.53 --search k.local.lab --resolv-conf " + tmp.resolve("resolv.conf") + "\n"
                + "add bond0 mode=active-backup\n"
                + "up bond0\n");
        Cli.Result r = new Cli(net.name()).run("batch", f.toString());
        assertEquals(4, r.exit(), r::toString);
        assertTrue(r.err().endsWith("stopped at line 7 (add bond0 mode=active-backup), exit 4\n"), r::toString);
        BondState s = new Bonds(net.rtnl).show("bond0");
        assertEquals(List.of("ens192", "ens224"), s.portNames());
        assertEquals(10000, s.number(BondOption.UPDELAY));
        assertEquals("ens192", s.text(BondOption.PRIMARY));
        assertTrue(s.link().isUp());
    }
}
