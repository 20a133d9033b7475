package org.bondctl.monitor;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import org.bondctl.bond.PortState;
import org.bondctl.error.BondctlException;

/**
 * Prometheus text exposition (format 0.0.4) of what the monitor saw, on {@code /metrics}, with
 * the JDK's HTTP server on its own thread. Listens on loopback unless told an address. Names
 * follow node_exporter's bonding collector where they overlap ({@code node_bonding_slaves},
 * {@code node_bonding_active}, label {@code master}); the rest are {@code bondctl_*}.
 */
public final class MetricsServer implements MonitorListener, AutoCloseable {
    /** Histogram buckets in seconds: 10 us to 2.5 s. */
    static final double[] BUCKETS = {10e-6, 25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3,
        25e-3, 50e-3, 100e-3, 250e-3, 500e-3, 1.0, 2.5};

    private static final class Port {
        int mii = -1;
        long failures;
    }

    private static final class Bond {
        String active;
        final Map<String, Port> ports = new TreeMap<>();
        long kernelFailovers;
        long acceleratedFailovers;
    }

    static final class Histogram {
        final long[] counts = new long[BUCKETS.length];
        long count;
        double sum;

        void observe(long ns) {
            double s = ns / 1e9;
            for (int i = 0; i < BUCKETS.length; i++) {
                if (s <= BUCKETS[i]) {
                    counts[i]++;
                }
            }
            count++;
            sum += s;
        }
    }

    private final Map<String, Bond> bonds = new TreeMap<>();
    private final Histogram reaction = new Histogram();
    private final Histogram failover = new Histogram();
    private final Monitor monitor;
    private HttpServer server;

    /** A metrics model fed as a listener of {@code monitor} (whose counters it also exports). */
    public MetricsServer(Monitor monitor) {
        this.monitor = monitor;
    }

    /** "PORT" (loopback), "ADDR:PORT" or "[IPv6]:PORT". */
    public static InetSocketAddress parseAddress(String spec) {
        try {
            int colon = spec.lastIndexOf(':');
            if (colon < 0) {
                return new InetSocketAddress(InetAddress.getLoopbackAddress(), port(spec));
            }
            String host = spec.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            InetAddress a = host.isEmpty() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host);
            return new InetSocketAddress(a, port(spec.substring(colon + 1)));
        } catch (IOException | NumberFormatException e) {
            throw BondctlException.invalid("--metrics " + spec + ": expected PORT or ADDRESS:PORT (numeric address)");
        }
    }

    private static int port(String s) {
        int p = Integer.parseInt(s);
        if (p < 0 || p > 65535) {
            throw new NumberFormatException();
        }
        return p;
    }

    /** Starts serving; returns the bound address (port 0 picks one). */
    public InetSocketAddress start(InetSocketAddress addr) {
        try {
            server = HttpServer.create(addr, 8);
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.UNAVAILABLE, "metrics on " + addr + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", x -> {
            byte[] body = render().getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            x.sendResponseHeaders(200, body.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(body);
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bondctl-metrics");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return server.getAddress();
    }

    @Override
    public synchronized void onEvent(MonitorEvent e) {
        switch (e.kind()) {
            case BOND, BOND_CREATED -> bond(e.bond()).active = e.to();
            case BOND_DELETED -> bonds.remove(e.bond());
            case PORT, PORT_ADDED, MII_STATUS -> {
                Port p = bond(e.bond()).ports.computeIfAbsent(e.port(), k -> new Port());
                p.mii = e.miiStatus();
                if (e.linkFailures() >= 0) {
                    p.failures = e.linkFailures();
                }
            }
            case PORT_REMOVED -> bond(e.bond()).ports.remove(e.port());
            case FAILOVER -> {
                Bond b = bond(e.bond());
                b.active = e.to();
                if (e.accelerated()) {
                    b.acceleratedFailovers++;
                    reaction.observe(e.reaction());
                } else {
                    b.kernelFailovers++;
                }
                if (e.sinceCarrierLoss() >= 0) {
                    failover.observe(e.sinceCarrierLoss());
                }
            }
            default -> { }
        }
    }

    private Bond bond(String name) {
        return bonds.computeIfAbsent(name, k -> new Bond());
    }

    /** The exposition text. */
    public synchronized String render() {
        StringBuilder sb = new StringBuilder(2048);
        head(sb, "node_bonding_slaves", "gauge", "Number of configured slaves per bonding interface.");
        bonds.forEach((n, b) -> line(sb, "node_bonding_slaves", "master=\"" + n + "\"", b.ports.size()));
        head(sb, "node_bonding_active", "gauge", "Number of active slaves per bonding interface.");
        bonds.forEach((n, b) -> line(sb, "node_bonding_active", "master=\"" + n + "\"",
                b.ports.values().stream().filter(p -> p.mii == 0).count()));
        head(sb, "bondctl_bond_active_port", "gauge", "The bond's active port (1 for the port that is active).");
        bonds.forEach((n, b) -> {
            if (b.active != null) {
                line(sb, "bondctl_bond_active_port", "master=\"" + n + "\",port=\"" + b.active + "\"", 1);
            }
        });
        head(sb, "bondctl_port_mii_status", "gauge", "MII status of each bond port (1 for the current status).");
        bonds.forEach((n, b) -> b.ports.forEach((pn, p) -> {
            for (int i = 0; i < PortState.MII_STATUSES.length; i++) {
                line(sb, "bondctl_port_mii_status", "master=\"" + n + "\",port=\"" + pn + "\",status=\""
                        + PortState.MII_STATUSES[i] + "\"", p.mii == i ? 1 : 0);
            }
        }));
        head(sb, "bondctl_port_link_failures_total", "counter", "Link failure count of each bond port (kernel's).");
        bonds.forEach((n, b) -> b.ports.forEach((pn, p) ->
                line(sb, "bondctl_port_link_failures_total", "master=\"" + n + "\",port=\"" + pn + "\"", p.failures)));
        head(sb, "bondctl_failovers_total", "counter", "Active port changes seen, by who asked for them.");
        bonds.forEach((n, b) -> {
            line(sb, "bondctl_failovers_total", "master=\"" + n + "\",accelerated=\"false\"", b.kernelFailovers);
            line(sb, "bondctl_failovers_total", "master=\"" + n + "\",accelerated=\"true\"", b.acceleratedFailovers);
        });
        histogram(sb, "bondctl_event_to_action_seconds",
                "Accelerator reaction: carrier loss message received to switch request sent.", reaction);
        histogram(sb, "bondctl_carrier_loss_to_failover_seconds",
                "Carrier loss message received to the bond's new active port reported.", failover);
        head(sb, "bondctl_monitor_messages_total", "counter", "Link messages decoded.");
        line(sb, "bondctl_monitor_messages_total", null, monitor.messages());
        head(sb, "bondctl_monitor_foreign_messages_total", "counter", "Messages dropped: not sent by the kernel.");
        line(sb, "bondctl_monitor_foreign_messages_total", null, monitor.foreignDropped());
        head(sb, "bondctl_monitor_resyncs_total", "counter", "State re-read after lost messages (ENOBUFS).");
        line(sb, "bondctl_monitor_resyncs_total", null, monitor.resyncs());
        return sb.toString();
    }

    private static void head(StringBuilder sb, String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void line(StringBuilder sb, String name, String labels, long v) {
        sb.append(name);
        if (labels != null) {
            sb.append('{').append(labels).append('}');
        }
        sb.append(' ').append(v).append('\n');
    }

    private static void histogram(StringBuilder sb, String name, String help, Histogram h) {
        head(sb, name, "histogram", help);
        for (int i = 0; i < BUCKETS.length; i++) {
            sb.append(name).append("_bucket{le=\"").append(BUCKETS[i]).append("\"} ").append(h.counts[i]).append('\n');
        }
        sb.append(name).append("_bucket{le=\"+Inf\"} ").append(h.count).append('\n');
        sb.append(name).append("_sum ").append(String.format(Locale.ROOT, "%.9f", h.sum)).append('\n');
        sb.append(name).append("_count ").append(h.count).append('\n');
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
