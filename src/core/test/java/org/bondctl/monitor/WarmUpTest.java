package org.bondctl.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bondctl.rtnl.NeedsRoot;
import org.bondctl.wire.NetlinkSocket;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WarmUpTest {
    /** The replay runs the accelerator's whole path, decision included, once per carrier loss of an active port. */
    @Test
    void everyCycleDecidesTwoSwitches() {
        assertEquals(2 * WarmUp.CYCLES, WarmUp.run());
    }

    /**
     * The round trips get every answer, through both receive calls (a socket as the request
     * socket, and one configured as the event socket), in network namespaces of their own.
     */
    @Nested
    @NeedsRoot
    class RoundTrips {
        @Test
        void readLoopbackThroughTheRequestAndTheEventSocketsCode() {
            try (NetlinkSocket plain = NetlinkSocket.openPrivate();
                    NetlinkSocket like = Monitor.receivesEvents(NetlinkSocket.openPrivate())) {
                assertEquals(50, WarmUp.roundTrips(plain, 50));
                assertEquals(50, WarmUp.roundTrips(like, 50));
                assertTrue(like.lastReceiveNanos() > 0, "the event socket's receive (timestamped) was used");
                assertEquals(0, plain.lastReceiveNanos());
                assertEquals(false, like.hasPending(), "every answer was read");
            }
        }
    }
}
