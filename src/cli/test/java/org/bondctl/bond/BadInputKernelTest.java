package org.bondctl.bond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bondctl.cli.Cli;
import org.bondctl.plan.Bonds;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.SeedNetwork;
import org.bondctl.cli.WithSeedCli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Each class of bad input gets one clear line, its documented exit code, and leaves the kernel
 * state exactly as it was (compared through the full JSON view).
 */
@Tag("kernel")
@WithSeedCli
class BadInputKernelTest {
    private SeedNetwork net;
    private Cli cli;

    @BeforeEach
    void setUp() {
        ok("add", "bond0", "mode=active-backup", "miimon=100");
        ok("enslave", "bond0", "ens192", "ens224");
    }

    private void ok(String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(0, r.exit(), r::toString);
    }

    private String state() {
        // operstate left out: linkwatch sets a new port's (UNKNOWN, then UP) on its own, later
        return cli.run("--json", "show").out().replaceAll("\"operstate\":\"[A-Z]+\",", "") + net.rtnl.links().stream().map(l -> l.name() + ":" + l.isUp() + ":" + l.master())
                .toList();
    }

    /** Runs a bad command: asserts exit code, a single stderr line containing each fragment, no change. */
    private void refused(int exit, List<String> fragments, String... args) {
        String before = state();
        Cli.Result r = cli.run(args);
        assertEquals(exit, r.exit(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        for (String f : fragments) {
            assertTrue(r.err().contains(f), () -> "'" + f + "' missing in: " + r.err());
        }
        assertEquals(before, state(), "state changed by: " + String.join(" ", args));
    }

    @Test
    void validationErrorsAreCaughtBeforeAnythingIsSent() {
        refused(2, List.of("unknown bond option 'miimonn'", "miimon"), "set", "bond0", "miimonn=100");
        refused(2, List.of("option miimon", "'fast' is not a number"), "set", "bond0", "miimon=fast");
        refused(2, List.of("option num_peer_notif", "out of range"), "set", "bond0", "num_peer_notif=300");
        refused(2, List.of("option mode", "'active-passive'"), "add", "bond1", "mode=active-passive");
        refused(2, List.of("option packets_per_slave", "not valid in mode active-backup"), "set", "bond0",
                "packets_per_slave=3");
        refused(2, List.of("option updelay", "not a multiple of miimon=100", "round it down to 100"), "set", "bond0",
                "updelay=150");
        refused(2, List.of("option primary", "ens999", "not a port"), "set", "bond0", "primary=ens999");
        // A new bond has no MII monitor unless asked (kernel default miimon=0 outside 802.3ad/tlb/alb).
        refused(2, List.of("option updelay", "miimon is 0"), "add", "bond1", "mode=active-backup", "updelay=200");
        refused(2, List.of("option lacp_rate", "not valid in mode active-backup"), "set", "bond0", "-o", "lacp_rate=fast");
        refused(2, List.of("unknown bond option 'prio'", "prio is a port option: bondctl port set IFNAME prio=VALUE"), "add", "bond1",
                "mode=balance-rr", "prio=1");
        refused(2, List.of("option actor_port_prio", "not valid in mode active-backup"), "port", "set", "ens192",
                "actor_port_prio=100");
    }

    @Test
    void newBondDefaultsFollowTheKernel() {
        ok("add", "bond1", "mode=802.3ad", "updelay=200");
        Cli.Result r = cli.run("--json", "show", "bond1");
        assertTrue(r.out().contains("\"miimon\":100,") && r.out().contains("\"updelay\":200,"), r::toString);
        ok("add", "bond2", "mode=active-backup");
        assertTrue(cli.run("--json", "show", "bond2").out().contains("\"miimon\":0,"));
    }

    @Test
    void notFoundAndConflicts() {
        refused(3, List.of("bond9", "no such interface"), "set", "bond9", "miimon=100");
        refused(3, List.of("ens999", "no such interface"), "enslave", "bond0", "ens999");
        refused(4, List.of("bond0", "already exists"), "add", "bond0");
        refused(2, List.of("ens192 is not a bond"), "del", "ens192");
        refused(4, List.of("option mode", "no ports"), "set", "bond0", "mode=balance-rr");
        refused(2, List.of("p192", "not a port of bond0"), "release", "bond0", "p192");
    }

    @Test
    void enslaveIsAllOrNothing() {
        ok("add", "bond1", "mode=active-backup");
        net.rtnl.createVeth("ens256", "p256");
        net.rtnl.setUp(net.rtnl.require("ens256"), true);
        // ens224 belongs to bond0: nothing of this call may stay done, ens256 keeps its up state.
        refused(4, List.of("ens224", "already has a master (bond0)"), "enslave", "bond1", "ens256", "ens224");
        Link l = net.rtnl.require("ens256");
        assertEquals(0, l.master());
        assertTrue(l.isUp());
    }

    @Test
    void enslaveRefusedByTheKernelHalfWayIsUndone() {
        ok("add", "bond1", "mode=active-backup");
        net.rtnl.createVeth("ens256", "p256");
        net.rtnl.setUp(net.rtnl.require("ens256"), true);
        net.rtnl.setUp(net.rtnl.require("lo"), true); // a new namespace's lo starts down
        // ens256 is enslaved first; then the kernel refuses the loopback device.
        Cli.Result r = cli.run("enslave", "bond1", "ens256", "lo");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().startsWith("bondctl: enslave lo to bond1: ") && r.err().contains("; kernel: Device type is different"),
                r::toString);
        assertEquals(0, net.rtnl.require("ens256").master(), "ens256 released again");
        assertTrue(net.rtnl.require("ens256").isUp(), "and up again, as it was");
        assertTrue(net.rtnl.require("lo").isUp(), "lo up again, as it was");
        assertTrue(new Bonds(net.rtnl).show("bond1").ports().isEmpty());
    }

    @Test
    void kernelRefusalIsUndoneAndCarriesKernelText() throws InterruptedException {
        // active_slave to a port without carrier: validation cannot know, the kernel refuses.
        net.cable("ens224", false);
        new Bonds(net.rtnl).await("bond0", 3000, b -> b.port("ens224").map(p -> p.miiStatus() == 2).orElse(false));
        String before = state();
        Cli.Result r = cli.run("set", "bond0", "miimon=200", "active_slave=ens224");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().startsWith("bondctl: set bond0 active_slave=ens224: Invalid argument (EINVAL)"), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertEquals(before, state(), "miimon was put back after the refusal");
    }

    @Test
    void deleteAndReleaseWork() {
        ok("release", "bond0", "ens224");
        assertEquals(0, net.rtnl.require("ens224").master());
        ok("del", "bond0");
        assertTrue(net.rtnl.link("bond0").isEmpty());
    }

}
