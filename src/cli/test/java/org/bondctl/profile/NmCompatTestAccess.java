package org.bondctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;

/** Starts and stops the test bed's NetworkManager for tests outside this package. */
public final class NmCompatTestAccess {
    private NmCompatTestAccess() {}

    /** Starts NM (testbed/guest-start-nm) and returns its pid. */
    public static String startNm() throws Exception {
        NmCompatKernelTest.Run r = NmCompatKernelTest.run(60, System.getenv("TESTBED_DIR") + "/guest-start-nm");
        assertEquals(0, r.exit(), r::toString);
        return r.out().strip();
    }

    public static void stopNm(String pid) {
        if (pid != null) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(h -> {
                h.destroy();
                h.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            });
        }
    }
}
