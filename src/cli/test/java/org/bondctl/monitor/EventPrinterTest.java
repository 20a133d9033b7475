package org.bondctl.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The output queue: a reader that does not read never holds the event thread; gaps are announced. */
class EventPrinterTest {
    /** A writer that blocks (like a full pipe) until released, then keeps what it gets. */
    static final class StalledWriter extends Writer {
        final CountDownLatch release = new CountDownLatch(1);
        final StringWriter got = new StringWriter();

        @Override
        public void write(char[] c, int off, int len) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (got) {
                got.write(c, off, len);
            }
        }

        @Override
        public void flush() { }

        @Override
        public void close() { }

        String text() {
            synchronized (got) {
                return got.toString();
            }
        }
    }

    private static MonitorEvent carrier(int i) {
        MonitorEvent e = new MonitorEvent().reset(i % 2 == 0 ? MonitorEvent.Kind.CARRIER_LOST : MonitorEvent.Kind.CARRIER_RESTORED,
                1_000_000_000L + i);
        e.bond = "bond0";
        e.port = "ens192";
        e.carrier = i % 2;
        return e;
    }

    @Test
    void aBlockedOutputDropsAndSaysSo() throws Exception {
        StalledWriter out = new StalledWriter();
        StringWriter err = new StringWriter();
        EventPrinter p = new EventPrinter(out, err, false, 16);
        long t0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            p.onEvent(carrier(i));
        }
        assertTrue(System.nanoTime() - t0 < 500_000_000L, "the event thread was held by the output");
        assertTrue(p.dropped() >= 1000 - 16 - 1, "dropped " + p.dropped());
        out.release.countDown();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (out.text().lines().count() < 16 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(100);
        p.onEvent(carrier(2000)); // the output flows again: printed
        p.close(5000);
        assertTrue(p.drained());
        List<String> lines = out.text().lines().toList();
        long announced = lines.stream().filter(l -> l.matches(" *[0-9.]+ - dropped \\d+ events: the output was blocked"))
                .mapToLong(l -> Long.parseLong(l.replaceAll(".* dropped (\\d+) events.*", "$1"))).sum();
        assertEquals(p.dropped(), announced, out.text());
        assertTrue(lines.get(lines.size() - 1).endsWith(" bond0 ens192 carrier lost"), lines.toString());
        assertTrue(lines.size() <= 16 + 1 + 1 + 1, "at most the queue, the line being written, the gap, the last: " + lines.size());
    }

    @Test
    void jsonLinesAndNotices() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        EventPrinter p = new EventPrinter(out, err, true, 16);
        p.onEvent(carrier(0));
        p.notice("bondctl: monitor: a notice");
        p.close(5000);
        assertTrue(out.toString().matches("\\{\"time\":1\\.000000,\"wall_time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z\","
                + "\"event\":\"carrier-lost\",\"bond\":\"bond0\",\"port\":\"ens192\",\"carrier\":false}\n"), out.toString());
        assertEquals("bondctl: monitor: a notice\n", err.toString());
    }

    /** Every kind of event, and the gap line, as --json prints them: valid against docs/monitor.schema.json. */
    @Test
    void everyJsonLineFollowsTheSchema() throws Exception {
        StalledWriter out = new StalledWriter();
        EventPrinter p = new EventPrinter(out, new StringWriter(), true, 4);
        for (MonitorEvent.Kind k : MonitorEvent.Kind.values()) {
            MonitorEvent e = new MonitorEvent().reset(k, 2_000_000_000L);
            e.bond = "bond0";
            e.port = k == MonitorEvent.Kind.BOND || k == MonitorEvent.Kind.FAILOVER ? null : "ens192";
            e.from = k == MonitorEvent.Kind.FAILOVER ? "ens192" : k == MonitorEvent.Kind.MII_STATUS ? "up" : null;
            e.to = k == MonitorEvent.Kind.FAILOVER ? "ens224" : k == MonitorEvent.Kind.MII_STATUS ? "going down" : null;
            e.carrier = k == MonitorEvent.Kind.CARRIER_LOST ? 0 : 1;
            e.mii = k == MonitorEvent.Kind.PORT ? org.bondctl.bond.MiiStatus.GOING_BACK : -1;
            e.portState = k == MonitorEvent.Kind.PORT ? 1 : -1;
            e.linkFailures = k == MonitorEvent.Kind.PORT ? 3 : -1;
            e.accelerated = true;
            e.sinceCarrierLoss = k == MonitorEvent.Kind.FAILOVER ? 410_000 : -1;
            e.reaction = k == MonitorEvent.Kind.FAILOVER ? 34_600 : -1;
            e.detail = "a \"detail\"\twith\ncontrol characters";
            for (int i = 0; i < 3; i++) {
                p.onEvent(e); // more than the queue holds: a gap line follows
            }
        }
        out.release.countDown();
        Thread.sleep(200);
        p.onEvent(carrier(0));
        p.close(5000);
        List<String> lines = out.text().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"dropped\"")), out.text());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"port\"")), out.text());
        for (String l : lines) {
            assertEquals(List.of(), org.bondctl.cli.JsonCheck.monitorSchemaErrors(l), l);
        }
    }
}
