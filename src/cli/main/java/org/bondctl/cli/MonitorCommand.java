package org.bondctl.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bondctl.error.BondctlException;
import org.bondctl.monitor.EventPrinter;
import org.bondctl.monitor.ExecHook;
import org.bondctl.monitor.MetricsServer;
import org.bondctl.monitor.Monitor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "monitor", description = {
    "Follow bonds as the kernel reports them: the current state, then one line per event.",
    "Events: carrier lost/restored, MII status, failover, options, ports added/removed, bonds created/deleted; "
        + "each with its CLOCK_MONOTONIC time in seconds (JSON adds the wall-clock time). "
        + "No privileges needed, except for --accelerate.",
    "Equivalent to: ip -ts monitor link (filtered to bonds, decoded, with failover latency)."})
final class MonitorCommand extends BaseCommand {
    /** Longest --timeout and --exec-timeout: a year, in seconds (a larger number is a typo). */
    private static final double MAX_SECONDS = 366 * 86400.0;

    @Parameters(arity = "0..*", paramLabel = "BOND", description = "Bonds to follow (default: all); each must exist.")
    List<String> bondNames = new ArrayList<>();

    @Option(names = "--accelerate", description = "When the active port of an active-backup/tlb/alb bond loses carrier, "
            + "make the best other port active at once instead of at the next MII poll (honours primary; never "
            + "overrides the kernel). Needs CAP_NET_ADMIN.")
    boolean accelerate;

    @Option(names = "--exec", paramLabel = "CMD", description = "Run CMD (sh -c) on each failover, off the event "
            + "thread, in a process group of its own and without capabilities, with BONDCTL_EVENT, BONDCTL_BOND, "
            + "BONDCTL_FROM, BONDCTL_TO, BONDCTL_ACCELERATED, BONDCTL_TIME, BONDCTL_WALL_TIME, "
            + "BONDCTL_AFTER_CARRIER_LOSS_MS and BONDCTL_JSON in its environment.")
    String exec;

    @Option(names = "--exec-timeout", paramLabel = "SECONDS", description = "Kill a hook (its whole process group) "
            + "still running after SECONDS (default: 10).")
    double execTimeout = 10;

    @Option(names = "--exec-keep-caps", description = "Run hooks with the monitor's capabilities (CAP_NET_ADMIN with "
            + "--accelerate); by default they have none.")
    boolean execKeepCaps;

    @Option(names = "--metrics", paramLabel = "[ADDR:]PORT", description = {
        "Serve Prometheus metrics on http://ADDR:PORT/metrics (ADDR defaults to loopback)."})
    String metrics;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Stop after SECONDS (default: run until stopped).")
    Double timeout;

    @Override
    public Integer call() throws Exception {
        long runMs = timeout == null ? 0 : millis("--timeout", timeout);
        long hookMs = millis("--exec-timeout", execTimeout);
        InetSocketAddress metricsAddr = metrics == null ? null : MetricsServer.parseAddress(metrics);
        if (accelerate) {
            requireNetAdmin("monitor --accelerate");
        }
        PrintWriter out = out();
        PrintWriter err = err();
        Monitor m = Monitor.open(Monitor.Options.of(global().netns, new LinkedHashSet<>(bondNames), accelerate));
        EventPrinter printer = new EventPrinter(out, err, global().json, EventPrinter.DEFAULT_QUEUE);
        MetricsServer ms = null;
        ExecHook hook = null;
        Thread onSignal = null;
        AtomicBoolean cleaned = new AtomicBoolean();
        try {
            m.addListener(printer);
            if (global().verbose) {
                m.onNotice(n -> printer.notice("bondctl: monitor: " + n));
            }
            if (metricsAddr != null) {
                ms = new MetricsServer(m);
                ms.metrics().outputs(printer);
                m.addListener(ms.metrics());
                InetSocketAddress bound = ms.start(metricsAddr);
                err.println("bondctl: note: metrics on http://" + bound.getAddress().getHostAddress() + ":"
                        + bound.getPort() + "/metrics");
            }
            if (exec != null) {
                hook = new ExecHook(exec, new ExecHook.Settings(ExecHook.Settings.DEFAULT.queue(), hookMs, execKeepCaps),
                        n -> printer.notice("bondctl: monitor " + n));
                m.addListener(hook);
                if (ms != null) {
                    ms.metrics().hooks(hook);
                }
            }
            // SIGTERM/SIGINT: the JVM runs this and exits 143/130 (the units take 143 as success).
            Runnable cleanup = cleanup(cleaned, m, hook, printer, ms, err);
            onSignal = new Thread(cleanup, "bondctl-monitor-stop");
            Runtime.getRuntime().addShutdownHook(onSignal);
            m.start();
            if (runMs > 0) {
                m.await(runMs);
                m.stop();
            }
            m.await();
        } finally {
            if (onSignal != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onSignal);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it cleans up
                }
            }
            cleanup(cleaned, m, hook, printer, ms, err).run();
        }
        if (m.failure() != null) {
            throw m.failure();
        }
        return 0;
    }

    private static long millis(String option, double seconds) {
        if (!(seconds > 0) || seconds > MAX_SECONDS) { // also NaN
            throw BondctlException.invalid(option + " " + seconds + ": expected seconds greater than 0, at most "
                    + (long) MAX_SECONDS);
        }
        return Math.max(1, (long) Math.ceil(seconds * 1000));
    }

    /** Stops everything once: the monitor, the hooks (their process groups killed), the output, metrics. */
    private static Runnable cleanup(AtomicBoolean done, Monitor m, ExecHook hook, EventPrinter printer, MetricsServer ms,
            PrintWriter err) {
        return () -> {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            m.close();
            if (hook != null) {
                hook.close();
            }
            printer.close();
            if (ms != null) {
                ms.close();
            }
            if (printer.dropped() > 0) {
                err.println("bondctl: monitor: " + printer.dropped() + " events were not printed: the output was blocked");
            }
            if (hook != null && hook.dropped() > 0) {
                err.println("bondctl: monitor --exec: " + hook.dropped() + " hook runs dropped (too many failovers waiting)");
            }
            err.flush();
        };
    }
}
