package org.bondctl.monitor;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.bondctl.error.BondctlException;

/**
 * Prometheus metrics of a monitor on {@code http://ADDR:PORT/metrics}: the Prometheus Java
 * client's registry and exposition (the 0.0.4 text format, or OpenMetrics when the scraper
 * asks for it) on the JDK's HTTP server. Listens on loopback unless told an address. What is
 * exported: {@link MonitorMetrics}.
 *
 * <p>No client can stall it: requests are served by {@value #THREADS} threads, a connection
 * that has not sent its whole request within {@value #REQUEST_SECONDS} s is closed, at most
 * {@value #MAX_CONNECTIONS} connections are open at once (more are closed at accept). The
 * limits are the JDK server's own (jdk.httpserver.maxConnections, sun.net.httpserver.maxReqTime,
 * sun.net.httpserver.maxRspTime, sun.net.httpserver.clockTick: system properties, read when the JDK's server is first used;
 * set here unless already set).
 */
public final class MetricsServer implements AutoCloseable {
    /** Connections open at once. */
    public static final int MAX_CONNECTIONS = 16;
    /** Seconds a client has to send its request (and to take the response). */
    public static final int REQUEST_SECONDS = 5;
    /** Threads serving requests: one slow client holds one for at most REQUEST_SECONDS. */
    public static final int THREADS = 4;

    static {
        setDefault("jdk.httpserver.maxConnections", String.valueOf(MAX_CONNECTIONS));
        setDefault("sun.net.httpserver.maxReqTime", String.valueOf(REQUEST_SECONDS));
        setDefault("sun.net.httpserver.maxRspTime", String.valueOf(2 * REQUEST_SECONDS));
        // idle connections (none sent a request) are closed by a timer that runs every 10 s by default
        setDefault("sun.net.httpserver.clockTick", "1000");
    }

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final MonitorMetrics metrics;
    private HTTPServer server;

    /** The metrics of {@code monitor}: add {@link #metrics()} as one of its listeners. */
    public MetricsServer(Monitor monitor) {
        metrics = new MonitorMetrics(monitor, registry);
        ProcessMetrics.builder().register(registry);
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** The listener that counts failovers and refusals (and where the other sources are added). */
    public MonitorMetrics metrics() {
        return metrics;
    }

    /** The registry, for scraping in-process (tests) or adding metrics. */
    public PrometheusRegistry registry() {
        return registry;
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
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_CONNECTIONS), r -> {
                    Thread t = new Thread(r, "bondctl-metrics");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        try {
            server = HTTPServer.builder().inetAddress(addr.getAddress()).port(addr.getPort()).registry(registry)
                    .executorService(pool).buildAndStart();
        } catch (IOException e) {
            pool.shutdownNow();
            throw new BondctlException(BondctlException.Kind.UNAVAILABLE, "metrics on " + addr + ": " + e.getMessage(), e);
        }
        return new InetSocketAddress(addr.getAddress(), server.getPort());
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
