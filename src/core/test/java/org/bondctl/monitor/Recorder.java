package org.bondctl.monitor;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A listener that keeps copies of every event, lets a test wait for one, and can hold the event thread. */
final class Recorder implements MonitorListener {
    private final BlockingQueue<MonitorEvent> queue = new LinkedBlockingQueue<>();
    private final List<MonitorEvent> all = new ArrayList<>();
    private volatile boolean hold;
    private final Semaphore release = new Semaphore(0);

    @Override
    public void onEvent(MonitorEvent e) {
        MonitorEvent c = e.copy();
        synchronized (all) {
            all.add(c);
        }
        queue.add(c);
        if (hold) {
            hold = false;
            release.acquireUninterruptibly();
        }
    }

    /** The next event blocks the event thread until {@link #release()}. */
    void holdNext() {
        hold = true;
    }

    void release() {
        release.release();
    }

    /** Waits for the next event matching p (skipping others); fails with everything seen. */
    MonitorEvent await(String what, long timeoutMs, Predicate<MonitorEvent> p) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            long left = deadline - System.nanoTime();
            MonitorEvent e = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                fail("no " + what + " within " + timeoutMs + " ms; events:\n" + dump());
            }
            if (p.test(e)) {
                return e;
            }
        }
    }

    MonitorEvent await(MonitorEvent.Kind kind, String bond, String port, long timeoutMs) throws InterruptedException {
        return await(kind.wireName() + " " + bond + " " + port, timeoutMs, is(kind, bond, port));
    }

    static Predicate<MonitorEvent> is(MonitorEvent.Kind kind, String bond, String port) {
        return e -> e.kind() == kind && (bond == null || bond.equals(e.bond())) && (port == null || port.equals(e.port()));
    }

    /**
     * Waits until each predicate has matched an event, in whichever order they come (a timer of
     * the kernel may fire between two steps: the MII tick can land between a cable pull and the
     * accelerator's switch); returns the matches in the predicates' order.
     */
    @SafeVarargs
    final List<MonitorEvent> awaitEach(long timeoutMs, Predicate<MonitorEvent>... ps) throws InterruptedException {
        MonitorEvent[] got = new MonitorEvent[ps.length];
        int left = ps.length;
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (left > 0) {
            long wait = deadline - System.nanoTime();
            MonitorEvent e = wait <= 0 ? null : queue.poll(wait, TimeUnit.NANOSECONDS);
            if (e == null) {
                fail(left + " of " + ps.length + " events missing after " + timeoutMs + " ms; events:\n" + dump());
            }
            for (int i = 0; i < ps.length; i++) {
                if (got[i] == null && ps[i].test(e)) {
                    got[i] = e;
                    left--;
                    break;
                }
            }
        }
        return List.of(got);
    }

    /** Events that arrive within ms, without waiting for more. */
    List<MonitorEvent> drain(long ms) throws InterruptedException {
        Thread.sleep(ms);
        List<MonitorEvent> out = new ArrayList<>();
        queue.drainTo(out);
        return out;
    }

    String dump() {
        StringBuilder sb = new StringBuilder();
        synchronized (all) {
            all.forEach(e -> sb.append(EventFormat.text(e)).append('\n'));
        }
        return sb.toString();
    }
}
