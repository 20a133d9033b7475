package org.bondctl.monitor;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints events (text or JSON lines) and notices on a thread of its own, so that a stalled
 * reader (a full pipe, a terminal on hold) never holds the event thread, nor the accelerator:
 * events wait in a bounded {@link EventRing}; when it is full they are dropped, counted, and
 * the gap is announced in the stream as soon as it flows again:
 * {@code 815.2 - dropped 120 events: the output was blocked} (JSON: {@code "event":"dropped"}).
 * Notices (diagnostics for --verbose) go to the error stream, at most {@value #MAX_NOTICES} waiting.
 */
public final class EventPrinter implements MonitorListener, AutoCloseable {
    /** Events that may wait for the output: about 80 KB of text lines. */
    public static final int DEFAULT_QUEUE = 1024;
    private static final int MAX_NOTICES = 256;
    private static final long IDLE_NS = 250_000_000L;

    private final Writer out;
    private final Writer err;
    private final boolean json;
    private final EventRing ring;
    private final Queue<String> notices = new ConcurrentLinkedQueue<>();
    private final AtomicInteger noticesWaiting = new AtomicInteger();
    private final Thread thread;
    private volatile boolean closing;
    private long reportedDrops;

    /** Starts the printing thread. */
    public EventPrinter(Writer out, Writer err, boolean json, int queue) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.ring = new EventRing(queue);
        thread = new Thread(this::run, "bondctl-monitor-output");
        thread.setDaemon(true);
        thread.start();
    }

    /** Event thread: queues the event (a copy; no allocation, no waiting). */
    @Override
    public void onEvent(MonitorEvent e) {
        ring.offer(e);
    }

    /** Queues a line for the error stream (dropped when {@value #MAX_NOTICES} already wait). */
    public void notice(String line) {
        if (noticesWaiting.incrementAndGet() > MAX_NOTICES) {
            noticesWaiting.decrementAndGet();
            return;
        }
        notices.add(line);
        ring.wake();
    }

    /** Events dropped because the output did not keep up. */
    public long dropped() {
        return ring.dropped();
    }

    private void run() {
        try {
            boolean dirty = false;
            while (true) {
                MonitorEvent e = ring.peek(IDLE_NS);
                if (e == null) {
                    dirty |= printNotices();
                    if (dirty) {
                        out.flush();
                        err.flush();
                        dirty = false;
                    }
                    if (closing && ring.isEmpty()) {
                        return;
                    }
                    continue;
                }
                long drops = ring.dropped();
                if (drops != reportedDrops) {
                    out.write(droppedLine(drops - reportedDrops));
                    reportedDrops = drops;
                }
                out.write(json ? EventFormat.json(e) : EventFormat.text(e));
                out.write('\n');
                ring.release();
                dirty = true;
                if (ring.isEmpty()) { // a burst is written out before waiting again
                    dirty |= printNotices();
                    out.flush();
                    err.flush();
                    dirty = false;
                }
            }
        } catch (IOException e) {
            // the reader went away (EPIPE): nothing more to print
        }
    }

    private boolean printNotices() throws IOException {
        boolean any = false;
        for (String n; (n = notices.poll()) != null; ) {
            noticesWaiting.decrementAndGet();
            err.write(n);
            err.write('\n');
            any = true;
        }
        return any;
    }

    private String droppedLine(long n) {
        long now = System.nanoTime();
        if (json) {
            return "{\"time\":" + String.format(Locale.ROOT, "%.6f", now / 1e9) + ",\"wall_time\":\""
                    + EventFormat.wallTime(now) + "\",\"event\":\"dropped\",\"count\":" + n
                    + ",\"detail\":\"the output was blocked\"}\n";
        }
        return String.format(Locale.ROOT, "%12.6f - dropped %d events: the output was blocked%n", now / 1e9, n);
    }

    /**
     * Prints what waits, for at most {@code timeoutMs} (a blocked output is not waited for),
     * then stops the thread.
     */
    public void close(long timeoutMs) {
        closing = true;
        ring.wake();
        try {
            thread.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether everything queued was printed (false when the output stayed blocked). */
    public boolean drained() {
        return !thread.isAlive();
    }

    @Override
    public void close() {
        close(2000);
    }
}
