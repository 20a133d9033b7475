package org.bondctl.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bondctl.cli.Cli;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.SeedNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An enslave is one datagram (down, master, up). When the kernel refuses the master, it still
 * runs the "up" behind it: the refusal must be reported as the enslave's, and the undo must put
 * the port's admin state back exactly (down if it was down), with no journal left behind.
 */
@Tag("kernel")
class EnslaveDatagramKernelTest {
    private SeedNetwork net;
    private Cli cli;

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
        net = new SeedNetwork();
        cli = new Cli(net.name());
        System.setProperty("bondctl.state-dir", tmp.resolve("state").toString());
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("bondctl.state-dir");
        net.close();
    }

    @Test
    void aRefusedMasterLeavesThePortsAsTheyWere() throws Exception {
        for (String[] line : List.of(new String[] {"add", "bond0", "mode=active-backup"},
                new String[] {"up", "bond0"}, new String[] {"vlan", "add", "bond0", "5"}, new String[] {"down", "bond0.5"})) {
            Cli.Result r = cli.run(line);
            assertEquals(0, r.exit(), r::toString);
        }
        net.rtnl.setUp(net.rtnl.require("ens224"), true);
        // ens192 (down) is enslaved; bond0.5 is refused by the kernel (a device above the bond
        // cannot go below it); ens224 (up) is never reached.
        Cli.Result r = cli.run("enslave", "bond0", "ens192", "bond0.5", "ens224");
        assertNotEquals(0, r.exit(), r::toString);
        assertTrue(r.err().startsWith("bondctl: enslave bond0.5 to bond0: "), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        Link vlan = net.rtnl.require("bond0.5");
        assertFalse(vlan.isUp(), "bond0.5 was down and is down again, though the kernel ran the 'up' behind the refusal");
        assertEquals(0, vlan.master());
        Link ens192 = net.rtnl.require("ens192");
        assertEquals(0, ens192.master(), "the port enslaved before the refusal is released");
        assertFalse(ens192.isUp(), "and down, as it was");
        Link ens224 = net.rtnl.require("ens224");
        assertEquals(0, ens224.master());
        assertTrue(ens224.isUp());
        try (var files = Files.list(tmp.resolve("state"))) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("change-")).toList(),
                    "no journal left: the change was undone in-process");
        }
    }
}
