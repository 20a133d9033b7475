package org.bondctl.monitor;

import java.nio.ByteBuffer;
import java.util.Set;
import org.bondctl.bond.ActivePortSwitch;
import org.bondctl.rtnl.LinkDecoder;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.wire.MessageBuilder;
import org.bondctl.wire.NetlinkSocket;
import org.bondctl.wire.NlMessage;

/**
 * Runs the event path before the first event, so that the JIT has compiled it by then. A
 * monitor sees few events (a failover a month, say): left to itself, the code that decodes a
 * carrier loss and decides the switch would run interpreted at every one of them, as bin/bondctl
 * compiles a method only after thousands of calls (-XX:CompileThresholdScaling=5, for short
 * commands: C1 compiles after 200 calls times the scaling). In User-Mode Linux that made an
 * accelerated failover about 0.5 ms slower (bench/failover).
 *
 * <p>It replays {@link #CYCLES} failover cycles ({@link LinkMessages#failoverCycle}: carrier
 * lost, MII down, the accelerator's decision and its switch request, built but not sent, failover,
 * and back, for both ports) through a tracker and an accelerator of its own, on the thread that
 * calls it: every
 * method of the path is called more than {@code 1000} times (each failover path twice a cycle).
 * Nothing of it reaches the monitor's state or listeners.
 *
 * <p>The replay does not reach the sockets: the receive, the request and the reading of its
 * answer ran interpreted at each failover, whose switch request is sent once a failover (in
 * User-Mode Linux, 0.196 ms from carrier loss to the kernel's switch against 0.157 ms once that
 * path was compiled; bench/failover). {@link #roundTrips} runs it for real.
 */
final class WarmUp {
    static final int CYCLES = 600;
    /**
     * Round trips per socket of {@link #roundTrips}: more than the 200 calls after which a JVM
     * with its default thresholds compiles a method (a library user's), far more than the ~10
     * of bin/bondctl's accelerating monitor. Each costs ~145 us in User-Mode Linux: 1,200 a
     * socket added 0.35 s to the monitor's start there.
     */
    static final int ROUND_TRIPS = 300;
    /** Loopback's ifindex in every network namespace (LOOPBACK_IFINDEX, include/net/net_namespace.h). */
    private static final int LOOPBACK = 1;

    private WarmUp() {}

    /** Returns how many switches the accelerator decided on (none made): two a cycle. */
    static int run() {
        int[] switches = {0};
        LinkMessages msgs = new LinkMessages();
        EventSink sink = new EventSink();
        sink.add(e -> { }); // the listener call, as the monitor's has one
        LinkTracker tracker = new LinkTracker(Set.of(), sink);
        ActivePortSwitch request = new ActivePortSwitch(); // built as the real switch builds it, not sent
        Accelerator accelerator = new Accelerator(tracker.links, sink, (bond, port) -> {
            request.build(bond, port).finish(switches[0]++);
        }, () -> false, true);
        tracker.wire(accelerator, new MiiProber(tracker.links, null, m -> { }));
        NlMessage msg = new NlMessage();
        long now = 1;
        for (ByteBuffer b : msgs.seedBond()) {
            tracker.datagram(msg.reset(b, b.capacity()), now++);
        }
        ByteBuffer[] cycle = msgs.failoverCycle();
        for (int i = 0; i < CYCLES; i++) {
            for (ByteBuffer b : cycle) {
                tracker.datagram(msg.reset(b, b.capacity()), now++);
            }
        }
        return switches[0];
    }

    /**
     * Sends {@code n} requests through {@code socket} and reads their answers, the code every
     * switch request takes: loopback's link is read (ifindex 1 in every namespace; no change,
     * no notification, no privilege), with an ACK asked for as a change asks for one. Throws
     * BondctlException as a request does. Returns how many answers were loopback's link.
     */
    static int roundTrips(NetlinkSocket socket, int n) {
        MessageBuilder req = new MessageBuilder(64);
        int[] answered = {0};
        NetlinkSocket.Handler count = m -> {
            if (m.type() == Rtnl.RTM_NEWLINK && LinkDecoder.index(m) == LOOPBACK) {
                answered[0]++;
            }
        };
        for (int i = 0; i < n; i++) {
            socket.request(Rtnl.beginGetLink(req, 0, LOOPBACK), "monitor warm-up: read the loopback link", count);
        }
        return answered[0];
    }
}
