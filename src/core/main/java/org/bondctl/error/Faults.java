package org.bondctl.error;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for the tests that prove every change ends in the old state or the new one:
 * the system property {@code bondctl.fault} = {@code fail-before-step:N} makes the N-th step
 * of a plan fail as a kernel refusal would; {@code kill-before-step:N} ends the process there
 * as {@code kill -9} would (no shutdown hook, no finally); {@code kill-at-write:N} ends it at
 * the N-th file write of the process (journal, profile, resolv.conf), after the data and before
 * it is made durable or renamed into place, and {@code fail-at-write:N} fails it there as a
 * full disk would; {@code pause-before-step:N} waits two seconds there
 * (the window in which a concurrent command could slip between the checks and the change).
 * Unset, it costs one property read.
 */
public final class Faults {
    private static final AtomicInteger WRITES = new AtomicInteger();
    private final String spec = System.getProperty("bondctl.fault");

    public void beforeStep(int n) {
        if (spec == null) {
            return;
        }
        if (spec.equals("fail-before-step:" + n)) {
            throw new BondctlException(BondctlException.Kind.KERNEL, "injected fault before step " + n);
        }
        if (spec.equals("kill-before-step:" + n)) {
            Runtime.getRuntime().halt(137);
        }
        if (spec.equals("pause-before-step:" + n)) {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A file write is half done: the place a crash (or a full disk) hurts most. */
    public static void write() {
        String s = System.getProperty("bondctl.fault");
        if (s == null) {
            return;
        }
        int n = WRITES.incrementAndGet();
        if (s.equals("kill-at-write:" + n)) {
            Runtime.getRuntime().halt(137);
        }
        if (s.equals("fail-at-write:" + n)) {
            throw new BondctlException(BondctlException.Kind.FILE, "injected fault at write " + n + " (as a full disk would)");
        }
    }

    /** Starts counting writes again (in-process tests run many commands in one JVM). */
    public static void resetWrites() {
        WRITES.set(0);
    }
}
