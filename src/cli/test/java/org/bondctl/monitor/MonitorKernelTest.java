package org.bondctl.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bondctl.bond.BondState;
import org.bondctl.bond.MiiStatus;
import org.bondctl.cli.Cli;
import org.bondctl.monitor.MonitorEvent.Kind;
import org.bondctl.rtnl.NetnsFixture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor against the real bonding driver: every event kind from real cable pulls (the
 * veth peer going down), the accelerator in active-backup, with a primary, and out of other
 * modes, resync after ENOBUFS, a bond and a namespace deleted under it, and a forged sender.
 */
@Tag("kernel")
class MonitorKernelTest extends MonitorKernelBase {
    @Test
    void everyEventKindFromRealCablePulls() throws Exception {
        bond("mode=active-backup", "miimon=100");
        active("ens192", 3000);
        start(false, Set.of());
        MonitorEvent b = rec.await(Kind.BOND, "bond0", null, 5000);
        assertEquals("ens192", b.to());
        assertTrue(b.detail().startsWith("mode active-backup, carrier up, active ens192"), b.detail());
        assertEquals("active", rec.await(Kind.PORT, "bond0", "ens192", 1000).portStateName());
        assertEquals("backup", rec.await(Kind.PORT, "bond0", "ens224", 1000).portStateName());

        ok("set", "bond0", "updelay=200", "downdelay=200");
        assertEquals("updelay 0 -> 200", rec.await(Kind.OPTIONS, "bond0", null, 2000).detail());
        assertEquals("downdelay 0 -> 200", rec.await(Kind.OPTIONS, "bond0", null, 2000).detail());

        // Pull ens192: carrier lost at once, then the MII monitor: going down, down, failover.
        long pulled = System.nanoTime();
        net.cable("ens192", false);
        MonitorEvent lost = rec.await(Kind.CARRIER_LOST, "bond0", "ens192", 2000);
        assertEquals(0, lost.carrier());
        assertTrue(lost.nanos() >= pulled, "event time is CLOCK_MONOTONIC, after the pull");
        assertEquals("going down", rec.await(Kind.MII_STATUS, "bond0", "ens192", 2000).to());
        MonitorEvent down = rec.await(Kind.MII_STATUS, "bond0", "ens192", 2000);
        assertEquals("down", down.to());
        assertEquals(1, down.linkFailures());
        MonitorEvent f = rec.await(Kind.FAILOVER, "bond0", null, 2000);
        assertEquals("ens192", f.from());
        assertEquals("ens224", f.to());
        assertFalse(f.accelerated());
        assertTrue(f.sinceCarrierLoss() > 150_000_000L, "downdelay 200 held it: " + EventFormat.text(f));

        // Restore: carrier back, going back for updelay, up.
        net.cable("ens192", true);
        rec.await(Kind.CARRIER_RESTORED, "bond0", "ens192", 2000);
        assertEquals("going back", rec.await(Kind.MII_STATUS, "bond0", "ens192", 2000).to());
        assertEquals("up", rec.await(Kind.MII_STATUS, "bond0", "ens192", 2000).to());

        // Ports removed and added, a bond created and deleted.
        ok("release", "bond0", "ens224");
        assertEquals("ens224", rec.await(Kind.PORT_REMOVED, "bond0", null, 2000).port());
        ok("enslave", "bond0", "ens224");
        MonitorEvent added = rec.await(Kind.PORT_ADDED, "bond0", "ens224", 2000);
        assertEquals("backup", added.portStateName());
        ok("add", "bond1", "mode=balance-rr");
        assertEquals("mode balance-rr", rec.await(Kind.BOND_CREATED, "bond1", null, 2000).detail());
        ok("del", "bond1");
        rec.await(Kind.BOND_DELETED, "bond1", null, 2000);
        assertEquals(0, monitor.malformed());
        assertEquals(0, monitor.listenerErrors());
    }

    @Test
    void cliPrintsTextAndJsonLines() throws Exception {
        bond("mode=active-backup", "miimon=100");
        active("ens192", 3000);
        CompletableFuture<Cli.Result> json = CompletableFuture.supplyAsync(
                () -> cli.run("monitor", "--json", "--timeout", "3", "bond0"));
        Thread.sleep(1500);
        net.cable("ens192", false);
        Cli.Result r = json.get(20, TimeUnit.SECONDS);
        assertEquals(0, r.exit(), r::toString);
        String[] lines = r.out().split("\n");
        for (String l : lines) {
            assertEquals(List.of(), org.bondctl.cli.JsonCheck.monitorSchemaErrors(l), l);
        }
        assertTrue(lines[0].matches("\\{\"time\":[0-9.]+,\"wall_time\":\"[0-9T:.Z-]+\",\"event\":\"bond\",\"bond\":\"bond0\",\"to\":\"ens192\","
                + "\"carrier\":true,\"detail\":\"mode active-backup, carrier up, active ens192, miimon 100, ports ens192 ens224\"}"),
                r::toString);
        assertTrue(r.out().contains("\"event\":\"carrier-lost\",\"bond\":\"bond0\",\"port\":\"ens192\""), r::toString);
        assertTrue(r.out().contains("\"event\":\"failover\",\"bond\":\"bond0\",\"from\":\"ens192\",\"to\":\"ens224\","
                + "\"accelerated\":false,\"after_carrier_loss_ms\":"), r::toString);
        Cli.Result text = cli.run("monitor", "--timeout", "0.5");
        assertEquals(0, text.exit(), text::toString);
        assertTrue(text.out().contains(" bond0 state mode active-backup, carrier up, active ens224, miimon 100, ports ens192 ens224\n"),
                text::toString);
        assertTrue(text.out().contains(" bond0 ens192 state carrier down, mii down, backup, link failures 1\n"), text::toString);
    }

    @Test
    void acceleratorSwitchesAtCarrierLoss() throws Exception {
        // miimon=1000: the kernel alone would take up to a second.
        bond("mode=active-backup", "miimon=1000");
        active("ens192", 5000);
        start(true, Set.of("bond0"));
        rec.await(Kind.PORT, "bond0", "ens224", 5000);
        net.cable("ens192", false);
        // The MII monitor agrees (ens192 down, counted), mostly later, and nothing flaps.
        List<MonitorEvent> got = rec.awaitEach(3000, Recorder.is(Kind.FAILOVER, "bond0", null),
                Recorder.is(Kind.MII_STATUS, "bond0", "ens192"));
        MonitorEvent f = got.get(0);
        assertEquals("ens192", f.from());
        assertEquals("ens224", f.to());
        assertTrue(f.accelerated(), EventFormat.text(f));
        assertTrue(f.sinceCarrierLoss() >= 0 && f.sinceCarrierLoss() < 200_000_000L, EventFormat.text(f));
        assertTrue(f.reaction() >= 0 && f.reaction() < f.sinceCarrierLoss(), EventFormat.text(f));
        assertEquals("down", got.get(1).to());
        for (MonitorEvent e : rec.drain(1200)) {
            assertFalse(e.kind() == Kind.FAILOVER || e.kind() == Kind.ACCELERATE_REFUSED, rec.dump());
        }
        assertEquals("ens224", bonds.show("bond0").activePort());
    }

    @Test
    void acceleratorHonoursPrimary() throws Exception {
        net.rtnl.createVeth("ens256", "p256");
        net.rtnl.setUp(net.rtnl.require("p256"), true);
        // primary=ens192, primary_reselect=always: away at carrier loss, back by the kernel.
        bond("mode=active-backup", "miimon=100", "primary=ens192", "primary_reselect=always");
        ok("enslave", "bond0", "ens256");
        active("ens192", 3000);
        start(true, Set.of());
        rec.await(Kind.PORT, "bond0", "ens256", 5000);
        MonitorEvent away = acceleratedPull("ens192", () -> { });
        assertEquals("ens224", away.to(), "first usable port by ifindex: " + rec.dump());
        net.cable("ens192", true);
        MonitorEvent back = rec.await(Kind.FAILOVER, "bond0", null, 3000);
        assertEquals("ens192", back.to());
        assertFalse(back.accelerated(), "the kernel returns to the primary by itself");

        // A blip shorter than miimon: the kernel never saw the primary down and would not
        // return to it; the accelerator gives it back (or the kernel did, if it noticed).
        net.cable("ens192", false);
        net.cable("ens192", true);
        active("ens192", 3000);

        // primary_reselect=failure with ens256 as primary and ens192 active: at carrier loss
        // the kernel's choice is the primary, not the lower-numbered ens224.
        ok("set", "bond0", "primary_reselect=failure");
        ok("set", "bond0", "primary=ens256");
        ok("set", "bond0", "active_slave=ens192");
        active("ens192", 2000);
        MonitorEvent toPrimary = acceleratedPull("ens192", () -> ok("set", "bond0", "active_slave=ens192"));
        assertEquals("ens256", toPrimary.to(), rec.dump());
    }

    /**
     * Pulls {@code port}'s cable (the active port) and returns the failover (the port's MII
     * status went down too) once the accelerator made it. The kernel's MII tick can land first,
     * a few pulls in a hundred (bench/failover counts them): then the cable goes back in,
     * {@code reactivate} makes the port active again and the pull is repeated, five at most.
     */
    private MonitorEvent acceleratedPull(String port, ThrowingRunnable reactivate) throws Exception {
        StringBuilder byKernel = new StringBuilder();
        for (int pull = 1; pull <= 5; pull++) {
            rec.drain(100);
            net.cable(port, false);
            // the failover and the port's MII status going down, in whichever order they come
            List<MonitorEvent> got = rec.awaitEach(2000, Recorder.is(Kind.FAILOVER, "bond0", null),
                    Recorder.is(Kind.MII_STATUS, "bond0", port));
            assertEquals("down", got.get(1).to());
            if (got.get(0).accelerated()) {
                return got.get(0);
            }
            byKernel.append("\npull ").append(pull).append(": the kernel first: ").append(rec.dump());
            net.cable(port, true);
            // The kernel refuses active_slave for a port its MII monitor still sees down (EINVAL).
            waitFor(port + " MII up", 3000, b -> b.ports().stream()
                    .anyMatch(p -> p.link().name().equals(port) && p.miiStatus() == MiiStatus.UP));
            reactivate.run();
            active(port, 3000);
        }
        return fail("the accelerator never switched before the kernel in 5 pulls:" + byKernel);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void acceleratorStaysOutOfOtherModes() throws Exception {
        for (String mode : List.of("balance-rr", "802.3ad")) {
            bond("mode=" + mode, "miimon=100");
            waitFor("ports up", 3000, b -> b.ports().stream().allMatch(p -> p.miiStatus() == MiiStatus.UP));
            start(true, Set.of());
            rec.await(Kind.PORT, "bond0", "ens224", 5000);
            net.cable("ens192", false);
            rec.await(Kind.CARRIER_LOST, "bond0", "ens192", 2000);
            rec.await(Kind.MII_STATUS, "bond0", "ens192", 2000);
            for (MonitorEvent e : rec.drain(200)) {
                assertFalse(e.kind() == Kind.ACCELERATE_REFUSED || e.kind() == Kind.FAILOVER && e.accelerated(),
                        mode + ": " + rec.dump());
            }
            assertNull(bonds.show("bond0").activePort(), mode + " has no active port");
            monitor.close();
            monitor = null;
            net.cable("ens192", true);
            ok("del", "bond0");
        }
    }

    @Test
    void resyncAfterReceiveBufferOverflow() throws Exception {
        bond("mode=active-backup", "miimon=100");
        active("ens192", 3000);
        // The smallest receive buffer the kernel allows: a burst overflows it.
        monitor = Monitor.open(new Monitor.Options(net.name(), Set.of(), false, 1)).addListener(rec).start();
        rec.await(Kind.PORT, "bond0", "ens224", 5000);
        rec.holdNext();
        net.cable("ens224", false);
        for (int i = 0; i < 20; i++) {
            net.cable("ens224", i % 2 == 1);
        }
        net.cable("ens224", false); // ends pulled: the state after the resync must say so
        rec.release();
        MonitorEvent r = rec.await(Kind.RESYNC, null, null, 5000);
        assertTrue(r.detail().contains("ENOBUFS"), r.detail());
        // What the monitor says about ens224 now: the state it printed after reading it again,
        // then any carrier change that came after (the re-dump may race the kernel's link watch,
        // which then reports the last pull as an ordinary event). The cable ends pulled.
        int carrier = rec.await(Kind.PORT, "bond0", "ens224", 2000).carrier();
        for (MonitorEvent e : rec.drain(1500)) {
            if ("ens224".equals(e.port()) && (e.kind() == Kind.PORT || e.kind() == Kind.CARRIER_LOST
                    || e.kind() == Kind.CARRIER_RESTORED)) {
                carrier = e.carrier();
            }
        }
        assertEquals(0, carrier, () -> "the monitor's last word on ens224's carrier after the resync:\n" + rec.dump());
        assertTrue(monitor.resyncs() >= 1);
        assertTrue(monitor.isRunning());
    }

    @Test
    void bondDeletedUnderTheMonitorThenRecreated() throws Exception {
        bond("mode=active-backup", "miimon=100");
        start(false, Set.of("bond0"));
        rec.await(Kind.PORT, "bond0", "ens224", 5000);
        ok("del", "bond0");
        rec.await(Kind.PORT_REMOVED, "bond0", "ens192", 2000);
        rec.await(Kind.BOND_DELETED, "bond0", null, 2000);
        assertTrue(monitor.isRunning());
        ok("add", "bond0", "mode=active-backup");
        rec.await(Kind.BOND_CREATED, "bond0", null, 2000);
        ok("enslave", "bond0", "ens192");
        rec.await(Kind.PORT_ADDED, "bond0", "ens192", 2000);
    }

    @Test
    void namespaceDeletedUnderTheMonitor() throws Exception {
        NetnsFixture ns = new NetnsFixture();
        Monitor m = Monitor.open(Monitor.Options.of(ns.name, Set.of(), false)).addListener(rec).start();
        try {
            ns.close();
            MonitorEvent gone = rec.await(Kind.NETNS_GONE, null, null, 5000);
            assertTrue(gone.detail().contains(ns.name), gone.detail());
            m.await();
            assertTrue(m.failure() instanceof NetnsGoneException, String.valueOf(m.failure()));
            assertEquals(ns.name, ((NetnsGoneException) m.failure()).netns());
        } finally {
            m.close();
        }
    }

    /**
     * Messages from other sockets must change nothing and be counted. A process with
     * CAP_NET_ADMIN (a second socket of this one) can unicast to the monitor's port: dropped and
     * counted. An unprivileged process (a JVM as nobody, uid 65534, no capabilities, on a
     * world-readable copy of the classes) cannot even send: NETLINK_ROUTE lacks
     * NL_CFG_F_NONROOT_SEND, so netlink_sendmsg() answers EPERM to unicast to a port id.
     */
    @Test
    void foreignSendersAreIgnoredAndCounted(@TempDir Path tmp) throws Exception {
        List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
        monitor = Monitor.open(Monitor.Options.of(null, Set.of(), true)).addListener(rec).onNotice(notices::add).start();
        rec.drain(1500); // the current state of the guest's own namespace
        try (org.bondctl.wire.NetlinkSocket s = org.bondctl.wire.NetlinkSocket.open(null, 0)) {
            assertTrue(s.sendTo(monitor.port(), ForgeLinkMessage.forged()) > 0);
        }
        waitCount(1);
        for (int i = 0; i < 300 && notices.isEmpty(); i++) {
            Thread.sleep(10); // the count is kept by the socket; the notice follows on the event thread
        }
        assertTrue(notices.size() == 1 && notices.get(0).matches("dropped a message from netlink port \\d+ \\(not the kernel\\): 1 so far"),
                notices::toString);

        UnprivilegedJava nobody = new UnprivilegedJava(tmp);
        Process p = new ProcessBuilder(nobody.command(List.of("--inh-caps=-all", "--bounding-set=-all"),
                ForgeLinkMessage.class.getName(), Integer.toUnsignedString(monitor.port()))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(3, p.waitFor(), out);
        assertEquals("refused: Operation not permitted (EPERM)\n", out);
        waitCount(1);
        for (MonitorEvent e : rec.drain(300)) {
            fail("a forged message caused an event: " + EventFormat.text(e));
        }
    }

    private void waitCount(long n) throws InterruptedException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (monitor.foreignDropped() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, monitor.foreignDropped());
    }
}
