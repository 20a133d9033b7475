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
public final class EventPrinter extends RingConsumer {
    /** Events that may wait for the output: about 80 KB of text lines. */
    public static final int DEFAULT_QUEUE = 1024;
    private static final int MAX_NOTICES = 256;

    private final Writer out;
    private final Writer err;
    private final boolean json;
    private final Queue<String> notices = new ConcurrentLinkedQueue<>();
    private final AtomicInteger noticesWaiting = new AtomicInteger();
    private long reportedDrops;
    private boolean dirty;
    private volatile boolean drained;

    /** Starts the printing thread. */
    public EventPrinter(Writer out, Writer err, boolean json, int queue) {
        super("bondctl-monitor-output", queue);
        this.out = out;
        this.err = err;
        this.json = json;
        start();
    }

    @Override
    boolean wants(MonitorEvent e) {
        return true;
    }

    /** Queues a line for the error stream (dropped when {@value #MAX_NOTICES} already wait). */
    public void notice(String line) {
        if (noticesWaiting.incrementAndGet() > MAX_NOTICES) {
            noticesWaiting.decrementAndGet();
            return;
        }
        notices.add(line);
        wake();
    }

    @Override
    boolean handle(MonitorEvent e) {
        try {
            gap();
            out.write(json ? EventFormat.json(e) : EventFormat.text(e));
            out.write('\n');
            dirty = true;
            return true;
        } catch (IOException x) {
            return false; // the reader went away (EPIPE): nothing more to print
        }
    }

    /** Between bursts: announce a gap, print the notices, flush. */
    @Override
    boolean idle() {
        try {
            gap();
            for (String n; (n = notices.poll()) != null; ) {
                noticesWaiting.decrementAndGet();
                err.write(n);
                err.write('\n');
                dirty = true;
            }
            if (dirty) {
                out.flush();
                err.flush();
                dirty = false;
            }
            return true;
        } catch (IOException x) {
            return false;
        }
    }

    private void gap() throws IOException {
        long drops = ring.dropped();
        if (drops != reportedDrops) {
            out.write(droppedLine(drops - reportedDrops));
            reportedDrops = drops;
            dirty = true;
        }
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
        drained = finish(timeoutMs);
    }

    /** Whether everything queued was printed (false when the output stayed blocked). */
    public boolean drained() {
        return drained;
    }

    @Override
    public void close() {
        close(2000);
    }
}
