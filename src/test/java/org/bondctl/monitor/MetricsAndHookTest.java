package org.bondctl.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.bondctl.error.BondctlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metrics exposition and the exec hook, fed by replayed kernel messages (no privileges). */
class MetricsAndHookTest {
    private final LinkMessages msgs = new LinkMessages();

    private static void feed(Monitor m, ByteBuffer b, long t) {
        m.process(b, b.capacity(), t);
    }

    private void failover(Monitor m) {
        feed(m, msgs.bond(10, "bond0", true, 1, 0, 100, 0), 1_000_000_000L);
        feed(m, msgs.port(3, "ens192", 10, true, 0, 0, 0), 1_000_000_000L);
        feed(m, msgs.port(5, "ens224", 10, true, 0, 1, 0), 1_000_000_000L);
        feed(m, msgs.bond(10, "bond0", true, 1, 3, 100, 0), 1_000_000_000L);
        feed(m, msgs.port(3, "ens192", 10, false, 0, 0, 0), 2_000_000_000L);
        feed(m, msgs.port(3, "ens192", 10, false, 2, 1, 1), 2_040_000_000L);
        feed(m, msgs.bond(10, "bond0", true, 1, 5, 100, 0), 2_041_000_000L);
    }

    @Test
    void prometheusTextOverHttp() throws Exception {
        Monitor m = Monitor.offline(Monitor.Options.of(null, Set.of(), false));
        MetricsServer ms = new MetricsServer(m);
        m.addListener(ms);
        failover(m);
        InetSocketAddress at = ms.start(MetricsServer.parseAddress("0"));
        try {
            assertTrue(at.getAddress().isLoopbackAddress(), "loopback by default");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + at.getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            String body = r.body();
            for (String line : new String[] {
                "# TYPE node_bonding_slaves gauge", "node_bonding_slaves{master=\"bond0\"} 2",
                "node_bonding_active{master=\"bond0\"} 1",
                "bondctl_bond_active_port{master=\"bond0\",port=\"ens224\"} 1",
                "bondctl_port_mii_status{master=\"bond0\",port=\"ens192\",status=\"down\"} 1",
                "bondctl_port_mii_status{master=\"bond0\",port=\"ens192\",status=\"up\"} 0",
                "bondctl_port_link_failures_total{master=\"bond0\",port=\"ens192\"} 1",
                "bondctl_failovers_total{master=\"bond0\",accelerated=\"false\"} 2",
                "bondctl_carrier_loss_to_failover_seconds_bucket{le=\"0.05\"} 1",
                "bondctl_carrier_loss_to_failover_seconds_count 1",
                "bondctl_event_to_action_seconds_count 0",
                "bondctl_monitor_messages_total 7",
            }) {
                assertTrue(body.contains(line + "\n"), () -> "missing " + line + " in\n" + body);
            }
        } finally {
            ms.close();
        }
        assertEquals(new InetSocketAddress("::1", 9464), MetricsServer.parseAddress("[::1]:9464"));
        assertThrows(BondctlException.class, () -> MetricsServer.parseAddress("localhost:x"));
    }

    @Test
    void execHookGetsTheFailoverInItsEnvironment(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("hook.out");
        Monitor m = Monitor.offline(Monitor.Options.of(null, Set.of(), false));
        try (ExecHook hook = new ExecHook("echo \"$BONDCTL_EVENT $BONDCTL_BOND $BONDCTL_FROM>$BONDCTL_TO "
                + "$BONDCTL_ACCELERATED $BONDCTL_AFTER_CARRIER_LOSS_MS\" >> " + out)) {
            m.addListener(hook);
            long t = System.nanoTime();
            failover(m);
            assertTrue(System.nanoTime() - t < 500_000_000L, "the event thread does not wait for hooks");
        }
        assertEquals("failover bond0 >ens192 0 \nfailover bond0 ens192>ens224 0 41.000\n", Files.readString(out));
    }
}
