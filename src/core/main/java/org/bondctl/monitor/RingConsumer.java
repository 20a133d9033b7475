package org.bondctl.monitor;

/**
 * A listener that hands events to a thread of its own through an {@link EventRing}: the event
 * thread copies the event and goes on (no allocation, no waiting); the consumer thread takes
 * them in order. Subclasses say which events they take and what to do with each.
 */
abstract class RingConsumer implements MonitorListener, AutoCloseable {
    private static final long IDLE_NS = 250_000_000L;

    final EventRing ring;
    private final Thread thread;
    private volatile boolean closing;

    /** Call {@link #start} at the end of the subclass's constructor. */
    RingConsumer(String threadName, int capacity) {
        ring = new EventRing(capacity);
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    final void start() {
        thread.start();
    }

    /** Event thread: whether the event is one to take. */
    abstract boolean wants(MonitorEvent e);

    /** Consumer thread, once before the first event. */
    void prepare() { }

    /** Consumer thread: one event, valid until this returns. False ends the thread. */
    abstract boolean handle(MonitorEvent e);

    /** Consumer thread: nothing came for a while, or the ring was just emptied. False ends the thread. */
    boolean idle() {
        return true;
    }

    @Override
    public final void onEvent(MonitorEvent e) {
        if (wants(e)) {
            ring.offer(e);
        }
    }

    /** Events dropped because every slot was taken. */
    public long dropped() {
        return ring.dropped();
    }

    private void run() {
        prepare();
        while (true) {
            MonitorEvent e = ring.peek(IDLE_NS);
            if (e == null) {
                if (!idle() || closing && ring.isEmpty()) {
                    return;
                }
                continue;
            }
            boolean go = handle(e);
            ring.release();
            if (!go || ring.isEmpty() && !idle()) {
                return;
            }
        }
    }

    /** Wakes the consumer (there is something else for it to do). */
    void wake() {
        ring.wake();
    }

    /** Lets the consumer finish what waits, for at most {@code timeoutMs}; true when it has. */
    boolean finish(long timeoutMs) {
        closing = true;
        ring.wake();
        try {
            thread.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
