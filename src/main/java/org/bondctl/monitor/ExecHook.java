package org.bondctl.monitor;

import java.io.File;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a command for each failover, on its own thread, never on the event thread: the event is
 * copied and queued (at most 64 waiting; more are dropped and counted). The command runs with
 * {@code sh -c} and gets the event in its environment: BONDCTL_EVENT, BONDCTL_BOND,
 * BONDCTL_FROM, BONDCTL_TO, BONDCTL_ACCELERATED, BONDCTL_TIME (monotonic seconds),
 * BONDCTL_AFTER_CARRIER_LOSS_MS, BONDCTL_JSON (the whole event). Its output goes to ours.
 */
public final class ExecHook implements MonitorListener, AutoCloseable {
    private final String command;
    private final ThreadPoolExecutor executor;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public ExecHook(String command) {
        this.command = command;
        executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "bondctl-monitor-exec");
            t.setDaemon(true);
            return t;
        }, (r, ex) -> dropped.incrementAndGet());
    }

    @Override
    public void onEvent(MonitorEvent e) {
        if (e.kind() == MonitorEvent.Kind.FAILOVER) {
            MonitorEvent c = e.copy();
            executor.execute(() -> run(c));
        }
    }

    private void run(MonitorEvent e) {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).inheritIO().redirectInput(new File("/dev/null"));
        Map<String, String> env = pb.environment();
        env.put("BONDCTL_EVENT", e.kind().wireName());
        env.put("BONDCTL_BOND", e.bond());
        env.put("BONDCTL_FROM", e.from() == null ? "" : e.from());
        env.put("BONDCTL_TO", e.to() == null ? "" : e.to());
        env.put("BONDCTL_ACCELERATED", e.accelerated() ? "1" : "0");
        env.put("BONDCTL_TIME", String.format(java.util.Locale.ROOT, "%.6f", e.nanos() / 1e9));
        env.put("BONDCTL_AFTER_CARRIER_LOSS_MS", e.sinceCarrierLoss() < 0 ? "" : EventFormat.ms(e.sinceCarrierLoss()));
        env.put("BONDCTL_JSON", EventFormat.json(e));
        try {
            if (pb.start().waitFor() != 0) {
                failed.incrementAndGet();
            }
        } catch (Exception ex) {
            failed.incrementAndGet();
        }
    }

    /** Hooks not run because too many were waiting. */
    public long dropped() {
        return dropped.get();
    }

    /** Hooks that could not start or exited non-zero. */
    public long failed() {
        return failed.get();
    }

    /** Waits up to timeoutMs for queued hooks, then stops the thread. */
    public void close(long timeoutMs) {
        executor.shutdown();
        try {
            executor.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(5000);
    }
}
