package org.bondctl.monitor;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded hand-over of events from the event thread to one consumer thread (output, hooks):
 * each event is copied into a preallocated slot, so the event thread neither allocates nor
 * waits; when every slot is taken the event is dropped and counted. Single producer, single
 * consumer.
 */
final class EventRing {
    private final MonitorEvent[] slots;
    private final int mask;
    /** Next slot to fill (written by the producer only). */
    private final AtomicLong tail = new AtomicLong();
    /** Next slot to read (written by the consumer only). */
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** The consumer while it waits for an event, else null. */
    private volatile Thread sleeper;

    /** {@code capacity} is rounded up to a power of two. */
    EventRing(int capacity) {
        int n = capacity <= 2 ? 2 : Integer.highestOneBit(capacity - 1) << 1;
        slots = new MonitorEvent[n];
        for (int i = 0; i < n; i++) {
            slots[i] = new MonitorEvent();
        }
        mask = n - 1;
    }

    int capacity() {
        return slots.length;
    }

    /** Producer: copies {@code e} in; false (and counted) when full. */
    boolean offer(MonitorEvent e) {
        long t = tail.get();
        if (t - head.get() >= slots.length) {
            dropped.incrementAndGet();
            return false;
        }
        e.copyInto(slots[(int) t & mask]);
        tail.set(t + 1);
        Thread s = sleeper;
        if (s != null) {
            LockSupport.unpark(s);
        }
        return true;
    }

    /**
     * Consumer: the oldest event, valid until {@link #release}; null when none came within
     * {@code timeoutNanos}.
     */
    MonitorEvent peek(long timeoutNanos) {
        long h = head.get();
        if (h == tail.get()) {
            sleeper = Thread.currentThread();
            if (h == tail.get()) {
                LockSupport.parkNanos(this, timeoutNanos);
            }
            sleeper = null;
            if (h == tail.get()) {
                return null;
            }
        }
        return slots[(int) h & mask];
    }

    /** Consumer: done with the event {@link #peek} returned. */
    void release() {
        head.set(head.get() + 1);
    }

    /** Consumer: wakes it from {@link #peek} (to close). */
    void wake() {
        Thread s = sleeper;
        if (s != null) {
            LockSupport.unpark(s);
        }
    }

    boolean isEmpty() {
        return head.get() == tail.get();
    }

    /** Events dropped because every slot was taken. */
    long dropped() {
        return dropped.get();
    }
}
