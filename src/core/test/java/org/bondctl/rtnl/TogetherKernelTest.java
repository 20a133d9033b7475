package org.bondctl.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.bondctl.wire.NetlinkException;
import org.bondctl.wire.NetlinkSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Several requests in one sendmsg and their ACKs read together (Rtnetlink.together), against
 * the real kernel: each request's outcome lands at its own position, a refusal in the middle
 * does not stop the requests behind it (the kernel runs them all), and a full datagram
 * (NetlinkSocket.MAX_BATCH requests) gets every ACK.
 */
@Tag("kernel")
class TogetherKernelTest {
    private NetnsFixture ns;
    private Rtnetlink rtnl;

    @BeforeEach
    void setUp() {
        ns = new NetnsFixture();
        rtnl = ns.rtnl();
    }

    @AfterEach
    void tearDown() {
        rtnl.close();
        ns.close();
    }

    @Test
    void aRefusalInTheMiddleIsReportedAtItsPlaceAndTheRequestsBehindItRun() {
        rtnl.createLink("d0", "dummy", null, "add d0");
        rtnl.createLink("d1", "dummy", null, "add d1");
        Link d0 = rtnl.require("d0");
        Link d1 = rtnl.require("d1");
        NetlinkException[] out = rtnl.together(() -> {
            rtnl.setUp(d0, true);
            rtnl.setMaster(d1, 0x7fff_fff0, "set d1 master #2147483632"); // no such interface
            rtnl.setMtu(d0, 1400, "set d0 mtu 1400");
        });
        assertEquals(3, out.length);
        assertNull(out[0]);
        assertNotNull(out[1], "the refused request has its error");
        assertTrue(out[1].getMessage().startsWith("set d1 master #2147483632: "), out[1].getMessage());
        assertNull(out[2]);
        assertSame(out[1], Rtnetlink.firstFailure(out));
        Link after = rtnl.require("d0");
        assertTrue(after.isUp(), "the request before the refusal ran");
        assertEquals(1400, after.mtu(), "the request after the refusal ran too");
        assertEquals(0, rtnl.require("d1").master());
    }

    @Test
    void aFullDatagramGetsEveryAck() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < NetlinkSocket.MAX_BATCH; i++) {
            names.add("t" + i);
        }
        NetlinkException[] created = rtnl.together(() -> names.forEach(n -> rtnl.createLink(n, "dummy", null, "add " + n)));
        assertEquals(NetlinkSocket.MAX_BATCH, created.length);
        assertNull(Rtnetlink.firstFailure(created));
        List<Link> links = new ArrayList<>();
        names.forEach(n -> links.add(rtnl.require(n)));
        // the same again: every one refused (EEXIST), each at its place
        NetlinkException[] again = rtnl.together(() -> names.forEach(n -> rtnl.createLink(n, "dummy", null, "add " + n)));
        for (int i = 0; i < again.length; i++) {
            assertNotNull(again[i], "request " + i);
            assertTrue(again[i].getMessage().startsWith("add t" + i + ": "), again[i].getMessage());
        }
        assertNull(Rtnetlink.firstFailure(rtnl.together(() -> links.forEach(l -> rtnl.setUp(l, true)))));
        links.forEach(l -> assertTrue(rtnl.require(l.name()).isUp(), l.name()));
        assertThrows(IllegalStateException.class, () -> rtnl.together(() -> {
            for (int i = 0; i <= NetlinkSocket.MAX_BATCH; i++) {
                rtnl.setUp(links.get(0), true);
            }
        }));
    }

    @Test
    void aLookUpCannotWaitInADatagramAndNothingIsSent() {
        rtnl.createLink("d0", "dummy", null, "add d0");
        Link d0 = rtnl.require("d0");
        assertThrows(IllegalStateException.class, () -> rtnl.together(() -> {
            rtnl.setUp(d0, true);
            rtnl.link("d0");
        }));
        assertTrue(!rtnl.require("d0").isUp(), "nothing was sent");
    }
}
