package org.bondctl.monitor;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.bondctl.error.Errno;
import org.bondctl.shim.ThreadCredentials;

/**
 * Runs a command for each failover, on a thread of its own, never on the event thread.
 *
 * <ul>
 * <li>Bounded: failovers wait in a queue of {@link Settings#queue()}; more are dropped, counted
 *     ({@link #dropped}) and reported through the notice consumer once the hook thread is free.
 * <li>Timed: a run longer than {@link Settings#timeoutMs()} is killed (counted, reported), so one
 *     hung hook cannot hold all later ones.
 * <li>Contained: each run is its own session and process group ({@code setsid}, util-linux);
 *     the whole group is killed when the run ends, times out, or the monitor closes, so nothing
 *     a hook started outlives it or the monitor.
 * <li>Without capabilities: the hook thread drops all of its own (and sets no_new_privs) before
 *     the first run, and runs inherit that: a hook cannot use the CAP_NET_ADMIN an accelerating
 *     monitor holds (an ambient capability, as systemd's AmbientCapabilities= grants, would
 *     otherwise pass to every program it runs), whatever user it runs as. Unless
 *     {@link Settings#keepCapabilities()}.
 * </ul>
 *
 * The command runs with {@code sh -c}, stdin /dev/null, our stdout and stderr, and the event in
 * its environment: BONDCTL_EVENT, BONDCTL_BOND, BONDCTL_FROM, BONDCTL_TO, BONDCTL_ACCELERATED,
 * BONDCTL_TIME (monotonic seconds), BONDCTL_WALL_TIME (RFC 3339, UTC),
 * BONDCTL_AFTER_CARRIER_LOSS_MS, BONDCTL_JSON (the whole event).
 */
public final class ExecHook extends RingConsumer {
    /** Queue length, time limit of one run, and whether runs keep the monitor's capabilities. */
    public record Settings(int queue, long timeoutMs, boolean keepCapabilities) {
        public static final Settings DEFAULT = new Settings(64, 10_000, false);
    }

    private static final String SETSID = findSetsid();

    private final String command;
    private final Settings settings;
    private final Consumer<String> notices;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private volatile Process current;
    private volatile boolean abandon;
    private boolean disabled;
    private long reportedDrops;

    /** Starts the hook thread; {@code notices} gets one line per problem (drop, timeout, start failure). */
    public ExecHook(String command, Settings settings, Consumer<String> notices) {
        super("bondctl-monitor-exec", settings.queue());
        this.command = command;
        this.settings = settings;
        this.notices = notices;
        start();
    }

    /** Failovers only. */
    @Override
    boolean wants(MonitorEvent e) {
        return e.kind() == MonitorEvent.Kind.FAILOVER;
    }

    @Override
    void prepare() {
        if (!settings.keepCapabilities()) {
            int rc = ThreadCredentials.dropCapabilities();
            if (rc < 0) {
                disabled = true;
                notices.accept("--exec: hooks disabled: cannot drop capabilities for them: " + Errno.describe(-rc)
                        + " (--exec-keep-caps runs them with the monitor's)");
            }
        }
    }

    @Override
    boolean handle(MonitorEvent e) {
        if (!disabled && !abandon) {
            runOnce(e);
        }
        long drops = ring.dropped();
        if (drops != reportedDrops) {
            notices.accept("--exec: " + (drops - reportedDrops) + " hook runs dropped: " + ring.capacity()
                    + " failovers were already waiting (" + drops + " so far)");
            reportedDrops = drops;
        }
        return true;
    }

    private void runOnce(MonitorEvent e) {
        List<String> argv = new ArrayList<>();
        if (SETSID != null) {
            argv.add(SETSID);
        }
        argv.addAll(List.of("/bin/sh", "-c", command));
        ProcessBuilder pb = new ProcessBuilder(argv).inheritIO().redirectInput(new File("/dev/null"));
        Map<String, String> env = pb.environment();
        env.put("BONDCTL_EVENT", e.kind().wireName());
        env.put("BONDCTL_BOND", e.bond());
        env.put("BONDCTL_FROM", e.from() == null ? "" : e.from());
        env.put("BONDCTL_TO", e.to() == null ? "" : e.to());
        env.put("BONDCTL_ACCELERATED", e.accelerated() ? "1" : "0");
        env.put("BONDCTL_TIME", String.format(Locale.ROOT, "%.6f", e.nanos() / 1e9));
        String wall = EventFormat.wallTime(e.nanos());
        env.put("BONDCTL_WALL_TIME", wall);
        env.put("BONDCTL_AFTER_CARRIER_LOSS_MS", e.sinceCarrierLoss() < 0 ? "" : EventFormat.ms(e.sinceCarrierLoss()));
        env.put("BONDCTL_JSON", EventFormat.json(e, wall));
        Process p;
        try {
            p = pb.start();
        } catch (Exception ex) {
            failed.incrementAndGet();
            notices.accept("--exec: cannot start the hook: " + ex.getMessage());
            return;
        }
        current = p;
        runs.incrementAndGet();
        try {
            if (!p.waitFor(settings.timeoutMs(), TimeUnit.MILLISECONDS)) {
                timedOut.incrementAndGet();
                notices.accept("--exec: hook for the failover of " + e.bond() + " still running after "
                        + settings.timeoutMs() + " ms: killed (" + timedOut.get() + " so far)");
            } else if (p.exitValue() != 0) {
                failed.incrementAndGet();
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } finally {
            kill(p);
            current = null;
        }
    }

    /** Kills the run's process group: its leftovers too (a background job, a hung child). */
    private static void kill(Process p) {
        if (SETSID != null) {
            ThreadCredentials.killGroup((int) p.pid(), ThreadCredentials.SIGKILL);
        } else {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        try {
            p.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static String findSetsid() {
        for (String dir : new String[] {"/usr/bin", "/bin"}) {
            Path p = Path.of(dir, "setsid");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** Runs started. */
    public long runs() {
        return runs.get();
    }

    /** Runs that could not start or exited non-zero. */
    public long failed() {
        return failed.get();
    }

    /** Runs killed at their time limit. */
    public long timedOut() {
        return timedOut.get();
    }

    /**
     * Lets queued hooks run for up to {@code timeoutMs}, then kills the running one's process
     * group and drops the rest.
     */
    public void close(long timeoutMs) {
        finish(timeoutMs);
        abandon = true;
        Process p = current;
        if (p != null) {
            kill(p);
        }
        wake();
    }

    @Override
    public void close() {
        close(5000);
    }
}
