package org.bondctl.shim;

/**
 * The two process-level calls the monitor's hooks need (native/bondctl_shim.c). Both return 0
 * or -errno, like the rest of the binding.
 */
public final class ThreadCredentials {
    /** SIGKILL (include/uapi/asm-generic/signal.h). */
    public static final int SIGKILL = 9;
    /** SIGTERM. */
    public static final int SIGTERM = 15;

    private ThreadCredentials() {}

    /**
     * Takes every capability from the calling thread for good, and sets no_new_privs on it:
     * processes it starts from then on run without capabilities, whatever their user (root
     * included) or file. Other threads keep theirs. Returns 0 or -errno.
     */
    public static int dropCapabilities() {
        return Shim.bc_drop_thread_caps();
    }

    /** Sends {@code signal} to every process of the group {@code pgid}. Returns 0 or -errno (-ESRCH: none left). */
    public static int killGroup(int pgid, int signal) {
        if (pgid <= 1) {
            throw new IllegalArgumentException("process group " + pgid);
        }
        return Shim.bc_kill(-pgid, signal);
    }
}
