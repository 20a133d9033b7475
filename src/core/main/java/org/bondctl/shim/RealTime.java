package org.bondctl.shim;

/**
 * The monitor's real-time calls (native/bondctl_shim.c). Both return 0 or -errno, like the rest
 * of the binding.
 */
public final class RealTime {
    /** Highest SCHED_FIFO priority (sched_get_priority_max(SCHED_FIFO) on Linux). */
    public static final int MAX_PRIORITY = 99;

    private RealTime() {}

    /**
     * Puts the calling thread, and only it, under SCHED_FIFO at {@code priority} (1-99); processes
     * it starts do not inherit it. EPERM without CAP_SYS_NICE unless RLIMIT_RTPRIO allows it.
     */
    public static int fifo(int priority) {
        return Shim.bc_sched_fifo(priority);
    }

    /**
     * Locks every page of the process in memory, those mapped now and those mapped later
     * (mlockall MCL_CURRENT | MCL_FUTURE): no page of it is ever paged out or faulted in again
     * from a file. ENOMEM or EPERM without CAP_IPC_LOCK beyond RLIMIT_MEMLOCK; nothing is locked then.
     */
    public static int lockMemory() {
        return Shim.bc_mlockall();
    }
}
