package org.bondctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bondctl.rtnl.Rtnetlink;
import org.junit.jupiter.api.Assumptions;

/** Starts and stops the test bed's NetworkManager for tests outside this package. */
public final class NmCompatTestAccess {
    private NmCompatTestAccess() {}

    /**
     * In the test bed guest booted with NetworkManager (else the test class is skipped, with the
     * reason): a socket in the guest's own namespace, NM's, holding fresh veth pairs ens192/p192
     * and ens224/p224 (left-overs of an earlier class deleted first), the peers up.
     */
    public static Rtnetlink nmGuestWithNics() {
        Assumptions.assumeTrue("1".equals(System.getenv("TESTBED_GUEST")) && Files.exists(Path.of("/run/dbus/system_bus_socket")),
                "needs the UML guest booted with --nm (testbed/kernel-tests --nm)");
        Rtnetlink rtnl = Rtnetlink.open(null);
        for (String n : List.of("192", "224")) {
            rtnl.link("ens" + n).ifPresent(rtnl::deleteLink);
            rtnl.createVeth("ens" + n, "p" + n);
            rtnl.setUp(rtnl.require("p" + n), true);
        }
        return rtnl;
    }

    /** Starts NM (testbed/guest-start-nm) and returns its pid. */
    public static String startNm() throws Exception {
        NmCompatKernelTest.Run r = NmCompatKernelTest.run(60, System.getenv("TESTBED_DIR") + "/guest-start-nm");
        assertEquals(0, r.exit(), r::toString);
        return r.out().strip();
    }

    /** Stops the NM started by {@link #startNm} and waits for it (nothing when {@code pid} is null). */
    public static void stopNm(String pid) {
        if (pid != null) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(h -> {
                h.destroy();
                h.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            });
        }
    }
}
