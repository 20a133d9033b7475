package org.bondctl.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bondctl.error.BondctlException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics endpoint, fed by replayed kernel messages (no privileges): both exposition
 * formats parsed by the Prometheus project's parsers, label escaping, and clients that must
 * not stall it (a slow one, too many).
 */
class MetricsTest {
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private final LinkMessages msgs = new LinkMessages();
    private Monitor monitor;
    private MetricsServer server;
    private InetSocketAddress at;

    @BeforeEach
    void setUp() {
        monitor = Monitor.offline(Monitor.Options.of(null, Set.of(), false));
        server = new MetricsServer(monitor);
        monitor.addListener(server.metrics());
        at = server.start(MetricsServer.parseAddress("0"));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private static void feed(Monitor m, ByteBuffer b, long t) {
        m.process(b, b.capacity(), t);
    }

    /** Bond {@code name} (index 10) fails over from ens192 to ens224 by the kernel, 41 ms after carrier loss. */
    private void failover(String name) {
        feed(monitor, msgs.bond(10, name, true, 1, 0, 100, 0), 1_000_000_000L);
        feed(monitor, msgs.port(3, "ens192", 10, true, 0, 0, 0), 1_000_000_000L);
        feed(monitor, msgs.port(5, "ens224", 10, true, 0, 1, 0), 1_000_000_000L);
        feed(monitor, msgs.bond(10, name, true, 1, 3, 100, 0), 1_000_000_000L);
        feed(monitor, msgs.port(3, "ens192", 10, false, 0, 0, 0), 2_000_000_000L);
        feed(monitor, msgs.port(3, "ens192", 10, false, 2, 1, 1), 2_040_000_000L);
        feed(monitor, msgs.bond(10, name, true, 1, 5, 100, 0), 2_041_000_000L);
    }

    private HttpResponse<String> scrape(String accept, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + "/metrics"))
                .timeout(timeout);
        if (accept != null) {
            r.header("Accept", accept);
        }
        return HttpClient.newBuilder().connectTimeout(timeout).build().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bothFormatsParseAndSayWhatHappened() throws Exception {
        assertTrue(at.getAddress().isLoopbackAddress(), "loopback by default");
        failover("b\"x\\y"); // a legal interface name that needs escaping in a label
        MonitorEvent acc = new MonitorEvent().reset(MonitorEvent.Kind.FAILOVER, 3_000_000_000L);
        acc.bond = "b\"x\\y";
        acc.from = "ens224";
        acc.to = "ens192";
        acc.accelerated = true;
        acc.reaction = 26_100;
        acc.sinceCarrierLoss = 510_000;
        server.metrics().onEvent(acc);

        HttpResponse<String> text = scrape(null, Duration.ofSeconds(5));
        assertEquals(200, text.statusCode());
        assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        HttpResponse<String> om = scrape(OPENMETRICS, Duration.ofSeconds(5));
        assertTrue(om.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(om.body().endsWith("# EOF\n"), om.body());
        for (String format : List.of("text", "openmetrics")) {
            List<String> s = PrometheusParser.parse(format.equals("text") ? text.body() : om.body(), format);
            String bond = "bond=\"b\\\"x\\\\y\"";
            for (String line : List.of(
                    "bondctl_failovers_total|accelerated=\"false\"," + bond + "|2.0",
                    "bondctl_failovers_total|accelerated=\"true\"," + bond + "|1.0",
                    "bondctl_accelerate_refused_total|" + bond + "|0.0",
                    "bondctl_event_to_action_seconds_bucket|le=\"2.5E-5\"|0.0",
                    "bondctl_event_to_action_seconds_bucket|le=\"5.0E-5\"|1.0",
                    "bondctl_event_to_action_seconds_count||1.0",
                    "bondctl_event_to_action_seconds_sum||2.61e-05",
                    "bondctl_carrier_loss_to_failover_seconds_bucket|le=\"0.05\"|2.0",
                    "bondctl_carrier_loss_to_failover_seconds_bucket|le=\"0.001\"|1.0",
                    "bondctl_carrier_loss_to_failover_seconds_count||2.0",
                    "bondctl_monitor_messages_total||7.0",
                    "bondctl_monitor_malformed_messages_total||0.0",
                    "bondctl_monitor_foreign_messages_total||0.0",
                    "bondctl_monitor_resyncs_total||0.0",
                    "bondctl_monitor_listener_errors_total||0.0")) {
                assertTrue(s.contains(line), () -> format + ": missing " + line + " in\n" + String.join("\n", s));
            }
            assertTrue(s.stream().anyMatch(l -> l.startsWith("process_cpu_seconds_total||")), format + ": process metrics");
            assertTrue(s.stream().anyMatch(l -> l.startsWith("process_resident_memory_bytes||")), format);
            assertFalse(s.stream().anyMatch(l -> l.startsWith("node_")), format + ": node_exporter's names are its own");
        }
        assertEquals(new InetSocketAddress("::1", 9464), MetricsServer.parseAddress("[::1]:9464"));
        assertThrows(BondctlException.class, () -> MetricsServer.parseAddress("localhost:x"));
    }

    /** A client that sends half a request and waits holds no one else up, and is cut off. */
    @Test
    void aSlowClientStallsNobody() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", at.getPort())) {
            slow.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            Thread.sleep(200); // the server is reading its request now
            long t0 = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                assertEquals(200, scrape(null, Duration.ofSeconds(2)).statusCode());
            }
            assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "scrapes wait for the slow client");
            assertTrue(closedWithin(slow, (MetricsServer.REQUEST_SECONDS + 3) * 1000L),
                    "the slow client is cut off after " + MetricsServer.REQUEST_SECONDS + " s");
        }
    }

    /** Connections beyond the limit are closed at once; idle ones go after the request time. */
    @Test
    void connectionsAreLimited() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < MetricsServer.MAX_CONNECTIONS + 8; i++) {
                idle.add(new Socket("127.0.0.1", at.getPort()));
            }
            int refused = 0;
            for (Socket s : idle.subList(MetricsServer.MAX_CONNECTIONS, idle.size())) {
                refused += closedWithin(s, 2000) ? 1 : 0;
            }
            assertEquals(8, refused, "connections over the limit");
            Thread.sleep((MetricsServer.REQUEST_SECONDS + 2) * 1000L); // idle ones are closed by then
            assertEquals(200, scrape(null, Duration.ofSeconds(2)).statusCode());
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    private static boolean closedWithin(Socket s, long ms) throws IOException {
        s.setSoTimeout((int) ms);
        try {
            InputStream in = s.getInputStream();
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }
}
