package org.bondctl.monitor;

import java.util.concurrent.CompletableFuture;
import org.bondctl.error.BondctlException;
import org.bondctl.error.Errno;
import org.bondctl.shim.RealTime;

/**
 * The monitor's real-time options, {@link Monitor.Options#rtPriority} and
 * {@link Monitor.Options#lockMemory}, as calls that either take effect or change nothing and
 * throw one line naming the option and what it needs. Why they matter (bench/failover): on a
 * busy CPU a woken thread of the normal policy waits its turn behind whatever runs, the
 * kernel's own link work included; a SCHED_FIFO thread runs as soon as its message arrives.
 * Locked memory keeps the monitor's pages, its code included, from being evicted under memory
 * pressure and faulted back in (from disk) when the next event comes.
 */
final class RealTimeSetup {
    private RealTimeSetup() {}

    /**
     * Starts the event thread (a daemon) and returns once it runs under its policy: first it runs
     * {@code warmUp} (null: none; {@link WarmUp}) under the normal policy, so that the JIT's
     * compiler threads get the CPU beside it; then SCHED_FIFO at
     * {@code rtPriority} (0: none); then {@code body}. A refused policy ends the thread before
     * {@code body} and is thrown here.
     */
    static Thread startThread(String name, Runnable warmUp, int rtPriority, Runnable body) {
        CompletableFuture<BondctlException> policy = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            if (warmUp != null) {
                warmUp.run();
            }
            try {
                if (rtPriority > 0) {
                    fifo(rtPriority);
                }
            } catch (BondctlException e) {
                policy.complete(e);
                return;
            }
            policy.complete(null);
            body.run();
        }, name);
        t.setDaemon(true);
        t.start();
        BondctlException refused = policy.join();
        if (refused != null) {
            throw refused;
        }
        return t;
    }

    /** Checks a priority before anything is opened: 0 (off) or 1-99. */
    static int validPriority(int priority) {
        if (priority < 0 || priority > RealTime.MAX_PRIORITY) {
            throw BondctlException.invalid("monitor --rt-priority " + priority + ": expected 1-" + RealTime.MAX_PRIORITY);
        }
        return priority;
    }

    /** SCHED_FIFO at {@code priority} for the calling thread (the event thread). */
    static void fifo(int priority) {
        int rc = RealTime.fifo(priority);
        if (rc == -Errno.EPERM) {
            throw new BondctlException(BondctlException.Kind.PERMISSION, "monitor --rt-priority " + priority
                    + ": needs CAP_SYS_NICE (run as root, or grant the capability)");
        }
        if (rc < 0) {
            throw new BondctlException(BondctlException.Kind.UNAVAILABLE,
                    "monitor --rt-priority " + priority + ": sched_setscheduler: " + Errno.describe(-rc));
        }
    }

    /** Locks the whole process's memory, now and later. */
    static void lockMemory() {
        int rc = RealTime.lockMemory();
        if (rc == -Errno.EPERM || rc == -Errno.ENOMEM) {
            // ENOMEM: more than RLIMIT_MEMLOCK without the capability (mm/mlock.c, mlockall())
            throw new BondctlException(BondctlException.Kind.PERMISSION,
                    "monitor --lock-memory: needs CAP_IPC_LOCK (run as root, or grant the capability): mlockall: "
                            + Errno.describe(-rc));
        }
        if (rc < 0) {
            throw new BondctlException(BondctlException.Kind.UNAVAILABLE, "monitor --lock-memory: mlockall: " + Errno.describe(-rc));
        }
    }
}
