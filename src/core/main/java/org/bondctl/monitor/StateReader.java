package org.bondctl.monitor;

import java.util.ArrayList;
import java.util.List;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.wire.ConsistentDump;
import org.bondctl.wire.MessageBuilder;
import org.bondctl.wire.Netlink;
import org.bondctl.wire.NetlinkSocket;

/**
 * Reads every link from the kernel into the tracker: once at start, and again when messages
 * were lost (ENOBUFS), after which what the dump no longer lists is reported gone and a RESYNC
 * event says why. Runs on the event thread only.
 */
final class StateReader {
    private final NetlinkSocket requests;
    private final LinkTracker tracker;
    private final Accelerator accelerator;
    private final EventSink sink;
    private final MessageBuilder dumpReq = new MessageBuilder(64);
    private volatile long resyncs;

    StateReader(NetlinkSocket requests, LinkTracker tracker, Accelerator accelerator, EventSink sink) {
        this.requests = requests;
        this.tracker = tracker;
        this.accelerator = accelerator;
        this.sink = sink;
    }

    /** Times the state was read again after lost messages (any thread). */
    long resyncs() {
        return resyncs;
    }

    /** One dump of every link, each message handled in {@code mode} ({@link LinkTracker#INITIAL} or EVENT). */
    void read(int mode) {
        long[] now = new long[1]; // the time of the attempt the messages belong to
        ConsistentDump.request(requests, dumpReq, () -> {
            Rtnl.beginGetLink(dumpReq, Netlink.NLM_F_DUMP, 0);
            now[0] = System.nanoTime();
        }, "list interfaces", m -> tracker.link(m, now[0], mode));
    }

    /** Reads the state again after lost messages, the accelerator paused meanwhile. */
    void resync(String why) {
        resyncs++;
        boolean acc = accelerator.pause();
        try {
            for (int i = 0; i < tracker.links.size(); i++) {
                tracker.links.at(i).seen = false;
            }
            read(LinkTracker.EVENT);
            long now = System.nanoTime();
            List<LinkState> gone = new ArrayList<>();
            for (int i = 0; i < tracker.links.size(); i++) {
                if (!tracker.links.at(i).seen) {
                    gone.add(tracker.links.at(i));
                }
            }
            for (LinkState s : gone) {
                if (tracker.links.get(s.index) != null) {
                    tracker.deleted(s, now);
                }
            }
            sink.start(MonitorEvent.Kind.RESYNC, now).detail = why;
            sink.emit();
            tracker.emitState();
        } finally {
            accelerator.resume(acc);
        }
    }
}
