package org.bondctl.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.bondctl.error.BondctlException;
import org.bondctl.monitor.EventFormat;
import org.bondctl.monitor.ExecHook;
import org.bondctl.monitor.MetricsServer;
import org.bondctl.monitor.Monitor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "monitor", description = {
    "Follow bonds as the kernel reports them: the current state, then one line per event.",
    "Events: carrier lost/restored, MII status, failover, options, ports added/removed, bonds created/deleted; "
        + "each with its CLOCK_MONOTONIC time in seconds. No privileges needed, except for --accelerate.",
    "Equivalent to: ip -ts monitor link (filtered to bonds, decoded, with failover latency)."})
final class MonitorCommand extends BaseCommand {
    @Parameters(arity = "0..*", paramLabel = "BOND", description = "Bonds to follow (default: all).")
    List<String> bondNames = new ArrayList<>();

    @Option(names = "--accelerate", description = "When the active port of an active-backup/tlb/alb bond loses carrier, "
            + "make the best other port active at once instead of at the next MII poll (honours primary; never "
            + "overrides the kernel). Needs CAP_NET_ADMIN.")
    boolean accelerate;

    @Option(names = "--exec", paramLabel = "CMD", description = "Run CMD (sh -c) on each failover, off the event "
            + "thread, with BONDCTL_EVENT, BONDCTL_BOND, BONDCTL_FROM, BONDCTL_TO, BONDCTL_ACCELERATED, BONDCTL_TIME, "
            + "BONDCTL_AFTER_CARRIER_LOSS_MS and BONDCTL_JSON in its environment.")
    String exec;

    @Option(names = "--metrics", paramLabel = "[ADDR:]PORT", description = {
        "Serve Prometheus metrics on http://ADDR:PORT/metrics (ADDR defaults to loopback)."})
    String metrics;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Stop after SECONDS (default: run until stopped).")
    double timeout;

    @Override
    public Integer call() throws Exception {
        InetSocketAddress metricsAddr = metrics == null ? null : MetricsServer.parseAddress(metrics);
        if (accelerate) {
            requireNetAdmin("monitor --accelerate");
        }
        boolean json = global().json;
        PrintWriter out = out();
        Monitor m = Monitor.open(Monitor.Options.of(global().netns, new LinkedHashSet<>(bondNames), accelerate));
        MetricsServer ms = null;
        ExecHook hook = null;
        Thread onSignal = null;
        try {
            m.addListener(e -> {
                out.println(json ? EventFormat.json(e) : EventFormat.text(e));
                out.flush();
            });
            if (metricsAddr != null) {
                ms = new MetricsServer(m);
                m.addListener(ms);
                InetSocketAddress bound = ms.start(metricsAddr);
                err().println("bondctl: note: metrics on http://" + bound.getAddress().getHostAddress() + ":"
                        + bound.getPort() + "/metrics");
            }
            if (exec != null) {
                hook = new ExecHook(exec);
                m.addListener(hook);
            }
            onSignal = new Thread(m::stop, "bondctl-monitor-stop");
            Runtime.getRuntime().addShutdownHook(onSignal);
            m.start();
            if (timeout > 0) {
                Thread.sleep((long) (timeout * 1000));
                m.stop();
            }
            m.await();
        } finally {
            if (onSignal != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onSignal);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it stops the monitor
                }
            }
            m.close();
            if (hook != null) {
                hook.close();
            }
            if (ms != null) {
                ms.close();
            }
            out.flush();
        }
        if (m.failure() != null) {
            boolean gone = m.failure().startsWith("network namespace");
            throw new BondctlException(gone ? BondctlException.Kind.NOT_FOUND : BondctlException.Kind.UNAVAILABLE,
                    "monitor: " + m.failure());
        }
        return 0;
    }
}
