package org.bondctl.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The monitor's decoding and state tracking from replayed kernel messages (no sockets, no privileges). */
class MonitorReplayTest {
    private static final int BOND = LinkMessages.BOND;
    private static final int P192 = LinkMessages.P192;
    private static final int P224 = LinkMessages.P224;
    private final LinkMessages msgs = new LinkMessages();
    private final List<MonitorEvent> events = new ArrayList<>();

    private Monitor monitor(Set<String> bonds) {
        return Monitor.offline(Monitor.Options.of(null, bonds, false)).addListener(e -> events.add(e.copy()));
    }

    private static void feed(Monitor m, ByteBuffer msg, long t) {
        m.process(msg, msg.capacity(), t);
    }

    private List<String> lines() {
        return events.stream().map(EventFormat::text).map(String::strip).toList();
    }

    private void setUpBond(Monitor m) {
        long[] at = {1_000_000_000L, 1_000_000_000L, 1_000_000_000L, 1_100_000_000L, 1_200_000_000L, 1_300_000_000L};
        ByteBuffer[] seed = msgs.seedBond();
        for (int i = 0; i < seed.length; i++) {
            feed(m, seed[i], at[i]);
        }
    }

    @Test
    void cablePullAndReturnInOrder() {
        Monitor m = monitor(Set.of());
        setUpBond(m);
        feed(m, msgs.port(P192, "ens192", BOND, false, 0, 0, 0), 2_000_000_000L);
        feed(m, msgs.port(P192, "ens192", BOND, false, 2, 1, 1), 2_050_000_000L);
        feed(m, msgs.port(P224, "ens224", BOND, true, 0, 0, 0), 2_050_000_000L);
        feed(m, msgs.bond(BOND, "bond0", true, 1, P224, 100, 0), 2_052_000_000L);
        feed(m, msgs.port(P192, "ens192", BOND, true, 2, 1, 1), 3_000_000_000L);
        feed(m, msgs.port(P192, "ens192", BOND, true, 3, 1, 1), 3_100_000_000L);
        feed(m, msgs.port(P192, "ens192", BOND, true, 0, 1, 1), 3_200_000_000L);
        assertEquals(List.of(
                "1.000000 bond0 created (mode active-backup)",
                "1.100000 bond0 port ens192 added (carrier up, mii up, active, link failures 0)",
                "1.200000 bond0 port ens224 added (carrier up, mii up, backup, link failures 0)",
                "1.300000 bond0 failover (none) -> ens192 (kernel)",
                "2.000000 bond0 ens192 carrier lost",
                "2.050000 bond0 ens192 mii down (was up)",
                "2.052000 bond0 failover ens192 -> ens224 (kernel, 52.000 ms after carrier loss)",
                "3.000000 bond0 ens192 carrier restored",
                "3.100000 bond0 ens192 mii going back (was down)",
                "3.200000 bond0 ens192 mii up (was going back)"), lines());
        MonitorEvent f = events.get(6);
        assertEquals("{\"time\":2.052000,\"wall_time\":\"2026-12-02T13:20:01.123456Z\",\"event\":\"failover\","
                + "\"bond\":\"bond0\",\"from\":\"ens192\",\"to\":\"ens224\",\"accelerated\":false,"
                + "\"after_carrier_loss_ms\":52.000}", EventFormat.json(f, "2026-12-02T13:20:01.123456Z"));
    }

    @Test
    void optionsPortsAndDeletion() {
        Monitor m = monitor(Set.of());
        setUpBond(m);
        events.clear();
        feed(m, msgs.bond(BOND, "bond0", true, 1, P192, 1000, P192), 5_000_000_000L);
        feed(m, msgs.port(P224, "ens224", 0, true, 0, 0, 0), 6_000_000_000L);
        feed(m, msgs.port(P192, "ens192", 0, true, 0, 0, 0), 7_000_000_000L);
        feed(m, msgs.delete(BOND, "bond0"), 7_000_000_000L);
        assertEquals(List.of(
                "5.000000 bond0 options miimon 100 -> 1000, primary (none) -> ens192",
                "6.000000 bond0 port ens224 removed",
                "7.000000 bond0 port ens192 removed",
                "7.000000 bond0 deleted"), lines());
    }

    @Test
    void aFailingListenerIsCountedReportedAndDoesNotStopTheOthers() {
        List<String> notices = new ArrayList<>();
        Monitor m = Monitor.offline(Monitor.Options.of(null, Set.of(), false)).onNotice(notices::add)
                .addListener(e -> {
                    if (e.kind() == MonitorEvent.Kind.FAILOVER) {
                        throw new IllegalStateException("boom");
                    }
                })
                .addListener(e -> events.add(e.copy()));
        setUpBond(m);
        assertEquals(1, m.listenerErrors());
        assertTrue(lines().contains("1.300000 bond0 failover (none) -> ens192 (kernel)"), lines()::toString);
        assertEquals(1, notices.size(), notices::toString);
        assertTrue(notices.get(0).startsWith("listener org.bondctl.monitor.MonitorReplayTest$$Lambda"), notices.get(0));
        assertTrue(notices.get(0).contains(" failed on a failover event (1 so far): java.lang.IllegalStateException: boom at "),
                notices.get(0));
    }

    @Test
    void onlyTheNamedBonds() {
        Monitor m = monitor(Set.of("bond1"));
        setUpBond(m);
        feed(m, msgs.port(P192, "ens192", BOND, false, 0, 0, 0), 2_000_000_000L);
        assertTrue(events.isEmpty(), lines()::toString);
    }

    @Test
    void malformedMessagesAreCountedNotFatal() {
        Monitor m = monitor(Set.of());
        ByteBuffer bad = msgs.port(P192, "ens192", 0, true, 0, 0, 0);
        bad.putShort(16 + 16, (short) 2000); // first attribute's length overruns the message
        feed(m, bad, 1);
        assertEquals(1, m.malformed());
        setUpBond(m);
        assertFalse(events.isEmpty());
    }

    /**
     * Steady state (carrier, MII, failover back and forth): no allocation per event on the
     * event thread, with the CLI's listeners attached (the output queue and the metrics).
     */
    @Test
    void steadyStateAllocatesNothing() {
        Monitor m = Monitor.offline(Monitor.Options.of(null, Set.of(), false));
        long[] seen = new long[1];
        m.addListener(e -> seen[0] += e.nanos() & 1);
        EventPrinter printer = new EventPrinter(Writer.nullWriter(), Writer.nullWriter(), true, EventPrinter.DEFAULT_QUEUE);
        m.addListener(printer);
        MetricsServer metrics = new MetricsServer(m);
        m.addListener(metrics.metrics());
        setUpBond(m);
        ByteBuffer[] cycle = msgs.failoverCycle();
        for (int i = 0; i < 20_000; i++) {
            ByteBuffer b = cycle[i % cycle.length];
            m.process(b, b.capacity(), i);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        int n = 120_000;
        // Best of five rounds: JIT compilation and deoptimisation in a busy JVM can allocate a
        // few transient bytes once; an allocation per event would show as >= 120000 bytes.
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5 && best > 0; round++) {
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < n; i++) {
                ByteBuffer b = cycle[i % cycle.length];
                m.process(b, b.capacity(), i);
            }
            best = Math.min(best, mx.getThreadAllocatedBytes(tid) - before);
        }
        assertTrue(best < 1024, best + " bytes allocated for " + n + " messages");
        assertTrue(m.messages() >= n + 20_000 + 6);
        printer.close();
    }

    @Test
    void wallClockTimeIsRfc3339Utc() {
        long now = System.nanoTime();
        Instant a = Instant.parse(EventFormat.wallTime(now - 2_000_000_000L));
        Instant b = Instant.now();
        long ms = java.time.Duration.between(a, b).toMillis();
        assertTrue(ms >= 1_990 && ms < 3_000, "2 s ago: " + a + " vs " + b);
        assertTrue(EventFormat.wallTime(now).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"));
    }
}
