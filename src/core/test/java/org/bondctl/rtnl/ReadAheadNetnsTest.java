package org.bondctl.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.bondctl.wire.NetlinkSocket;
import org.bondctl.wire.NlMessage;
import org.junit.jupiter.api.Test;

/**
 * NetlinkSocket.readAhead, the monitor's event socket, against the running kernel in a fresh
 * network namespace (needs root; the host kernel is enough): a datagram that waits behind the
 * one received comes in the same call and is returned next, in order; and after a receive that
 * took everything that waited, hasPending answers without asking the kernel.
 */
@NeedsRoot
class ReadAheadNetnsTest {
    @Test
    void theDatagramBehindComesWithTheFirstAndADrainedQueueNeedsNoPoll() {
        try (NetnsFixture ns = new NetnsFixture(); Rtnetlink rtnl = ns.rtnl();
                NetlinkSocket ev = NetlinkSocket.open(ns.name, NetlinkSocket.DEFAULT_RCVBUF)) {
            rtnl.createVeth("ens192", "p192"); // down: MTU changes make one RTM_NEWLINK each, at once
            ev.join(Rtnl.RTNLGRP_LINK);
            ev.readAhead();
            Link a = rtnl.require("ens192");
            for (int mtu = 1400; mtu <= 1402; mtu++) {
                rtnl.setMtu(a, mtu, "mtu ens192");
            }

            assertEquals(List.of(1400), mtus(ev, ev.receive(1000)));
            assertTrue(ev.hasPending(), "the second datagram was taken with the first");
            assertEquals(List.of(1401), mtus(ev, ev.receive(0)));
            assertTrue(ev.hasPending(), "the third still waits in the socket (a poll finds it)");
            assertEquals(List.of(1402), mtus(ev, ev.receive(0)));
            assertFalse(ev.hasPending());

            // That last receive took all that waited: hasPending says so without a poll, so a
            // message that comes after it waits for the next receive.
            rtnl.setMtu(a, 1403, "mtu ens192");
            assertFalse(ev.hasPending(), "no poll after a receive that drained the socket");
            assertEquals(List.of(1403), mtus(ev, ev.receive(1000)));
        }
    }

    /** The MTUs of the ens192 messages in the datagram just received ({@code n} bytes). */
    private static List<Integer> mtus(NetlinkSocket ev, int n) {
        assertTrue(n > 0, "a datagram, not " + n);
        List<Integer> out = new ArrayList<>();
        NlMessage m = new NlMessage().reset(ev.rxBuffer(), n);
        LinkDecoder links = new LinkDecoder();
        while (m.next()) {
            if (m.type() == Rtnl.RTM_NEWLINK) {
                Link l = links.decode(m);
                if ("ens192".equals(l.name())) {
                    out.add(l.mtu());
                }
            }
        }
        return out;
    }
}
