package org.bondctl.monitor;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.bondctl.error.BondctlException;
import org.bondctl.error.Errno;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.shim.RealTime;
import org.bondctl.wire.NetlinkSocket;
import org.bondctl.wire.NlMessage;

/**
 * Follows the bonds of one network namespace through rtnetlink link notifications and turns
 * them into {@link MonitorEvent}s: carrier, MII status, failover, options, ports, bonds. With
 * {@link Options#accelerate()} it also fails over itself the moment the active port loses
 * carrier, instead of waiting for bonding's next MII poll ({@link Accelerator}).
 *
 * <p>One dedicated thread blocks in receive on a socket joined to RTNLGRP_LINK, decodes each
 * datagram in place (reused buffer, flyweight views, no allocation for steady-state events:
 * {@link LinkTracker}) and calls the listeners. A second socket carries dumps, MII probes
 * ({@link MiiProber}) and switch requests. Needs no privileges unless accelerating
 * (CAP_NET_ADMIN). Datagrams not sent by the kernel are dropped and counted by the socket. On
 * ENOBUFS (messages lost) the state is read again and a RESYNC event follows. When the
 * monitor stops by itself, {@link #failure()} says why, as a typed exception.
 *
 * <p>Thread safety: {@link #addListener} and {@link #onNotice} before {@link #start}; the
 * counters and {@link #stop} from any thread.
 */
public final class Monitor implements AutoCloseable {
    /**
     * What to follow. {@code bonds} empty means every bond (named bonds must exist when the
     * monitor starts); {@code receiveBuffer} is SO_RCVBUF of the event socket (0: the default).
     * {@code rtPriority} 1-99 runs the event thread, and only it, under SCHED_FIFO at that
     * priority (needs CAP_SYS_NICE; 0: the normal policy); {@code lockMemory} locks every page
     * of the process, the embedding application's included, now and later (mlockall; needs
     * CAP_IPC_LOCK). See {@link RealTimeSetup}.
     */
    public record Options(String netns, Set<String> bonds, boolean accelerate, int receiveBuffer, int rtPriority,
            boolean lockMemory) {
        /** Highest {@link #rtPriority}. */
        public static final int MAX_RT_PRIORITY = RealTime.MAX_PRIORITY;

        /** Checks the values; a null bond set means every bond. */
        public Options {
            bonds = Set.copyOf(bonds);
            RealTimeSetup.validPriority(rtPriority);
        }

        /** Options with the normal scheduling policy and memory not locked. */
        public Options(String netns, Set<String> bonds, boolean accelerate, int receiveBuffer) {
            this(netns, bonds, accelerate, receiveBuffer, 0, false);
        }

        /** Options with the default receive buffer. */
        public static Options of(String netns, Set<String> bonds, boolean accelerate) {
            return new Options(netns, bonds, accelerate, 0);
        }

        /** These options with the event thread's real-time priority (0: none) and memory locking. */
        public Options realTime(int priority, boolean lock) {
            return new Options(netns, bonds, accelerate, receiveBuffer, priority, lock);
        }
    }

    /** SO_RCVBUF of the event socket: a burst of several hundred link messages. */
    public static final int DEFAULT_RCVBUF = 4 << 20;
    private static final int POLL_MS = 250;
    /** Datagrams read before an accelerator decision in a flood: the decision is not put off for ever. */
    private static final int SETTLE_MAX = 1024;

    private final Options opts;
    private final NetlinkSocket events;
    private final NetlinkSocket requests;
    private final EventSink sink = new EventSink();
    private final LinkTracker tracker;
    private final Accelerator accelerator;
    private final MiiProber prober;
    private final StateReader states;
    private final NlMessage msg = new NlMessage();
    private Thread thread;
    /** Released once the event thread has read the state it reports changes against, or is ending. */
    private final CountDownLatch stateRead = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile BondctlException failure;

    private Monitor(Options opts, NetlinkSocket events, NetlinkSocket requests) {
        this.opts = opts;
        this.events = events;
        this.requests = requests;
        tracker = new LinkTracker(opts.bonds(), sink);
        accelerator = new Accelerator(tracker.links, sink, requests,
                events == null ? () -> false : events::hasPending, opts.accelerate());
        prober = new MiiProber(tracker.links, requests, m -> tracker.link(m, System.nanoTime(), LinkTracker.PROBE));
        tracker.wire(accelerator, prober);
        states = new StateReader(requests, tracker, accelerator, sink);
    }

    /**
     * Locks the process's memory if asked, opens the sockets and joins the link group. Throws
     * BondctlException (netns missing, no netlink, no CAP_IPC_LOCK for {@link Options#lockMemory}).
     */
    public static Monitor open(Options opts) {
        if (opts.lockMemory()) {
            RealTimeSetup.lockMemory(); // first: a refusal leaves nothing open
        }
        int rcvbuf = opts.receiveBuffer() > 0 ? opts.receiveBuffer() : DEFAULT_RCVBUF;
        NetlinkSocket ev = NetlinkSocket.open(opts.netns(), rcvbuf);
        NetlinkSocket req = null;
        try {
            req = NetlinkSocket.open(opts.netns(), NetlinkSocket.DEFAULT_RCVBUF);
            ev.join(Rtnl.RTNLGRP_LINK);
            return new Monitor(opts, receivesEvents(ev), req);
        } catch (RuntimeException e) {
            ev.close();
            if (req != null) {
                req.close();
            }
            throw e;
        }
    }

    /** Sets up a socket to receive as the event socket does (the warm-up's twin and its test use it too). */
    static NetlinkSocket receivesEvents(NetlinkSocket s) {
        s.timestampReceives(); // events carry their receive time (latency reports)
        s.receiveTimeout(POLL_MS); // the event thread sleeps in recvmsg, and looks up every POLL_MS
        s.readAhead(); // the accelerator's "does a newer message wait?" answered by the receive itself
        return s;
    }

    /**
     * A monitor without sockets, fed by {@link #process}: for replaying captured datagrams in
     * tests and benchmarks. The accelerator is off.
     */
    public static Monitor offline(Options opts) {
        return new Monitor(opts, null, null);
    }

    /** Adds a listener; before {@link #start} (or on the event thread). */
    public Monitor addListener(MonitorListener l) {
        sink.add(l);
        return this;
    }

    /**
     * Where diagnostic lines go (a listener failed, a message from another process was
     * dropped); called on the event thread, rarely. The CLI prints them with --verbose.
     */
    public Monitor onNotice(Consumer<String> notices) {
        sink.onNotice(notices);
        return this;
    }

    /**
     * Starts the event thread: current state first (BOND and PORT events), then changes. It
     * returns once the thread has warmed up ({@link WarmUp}, when accelerating), runs under its
     * policy and has read the current state: every change after start() returns is reported
     * (one made before the state was read would be part of it, and a failover right after
     * start() would go unreported). With {@link Options#rtPriority} it throws (the thread
     * ended, nothing followed) when SCHED_FIFO is refused.
     */
    public synchronized Monitor start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        if (events == null) {
            throw new IllegalStateException("offline monitor");
        }
        try {
            thread = RealTimeSetup.startThread("bondctl-monitor", opts.accelerate() ? this::warmUp : null, opts.rtPriority(), this::run);
        } catch (BondctlException refused) {
            failure = refused;
            throw refused;
        }
        try {
            stateRead.await(); // run() releases it, by its finally at the latest (see failure())
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    /** Asks the event thread to stop (it notices within 250 ms) and waits for it. */
    public void stop() {
        stopping = true;
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            events.shutdown();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until the event thread ends (stop(), namespace deleted, fatal error). */
    public void await() throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join();
        }
    }

    /** Waits at most {@code timeoutMs} for the event thread to end; true when it has. */
    public boolean await(long timeoutMs) throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join(timeoutMs);
        }
        return !isRunning();
    }

    /** Whether the event thread runs. */
    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /**
     * Why the monitor stopped by itself, or null: {@link NetnsGoneException}, NOT_FOUND for
     * named bonds that do not exist, or the error that ended the event thread.
     */
    public BondctlException failure() {
        return failure;
    }

    @Override
    public void close() {
        stop();
        if (events != null) {
            events.close();
            requests.close();
        }
    }

    /** What it follows. */
    public Options options() {
        return opts;
    }

    /** A monitor made by {@link #offline}: no sockets, fed by {@link #process}. */
    public boolean isOffline() {
        return events == null;
    }

    /** Port id of the event socket (where the kernel multicasts to). */
    public int port() {
        return events == null ? 0 : events.port();
    }

    /** Datagrams dropped because their sender was not the kernel. */
    public long foreignDropped() {
        return events == null ? 0 : events.foreignDropped();
    }

    /** Link messages decoded. */
    public long messages() {
        return tracker.messages();
    }

    /** Messages that could not be decoded (skipped). */
    public long malformed() {
        return tracker.malformed();
    }

    /** Times the state was read again after lost messages. */
    public long resyncs() {
        return states.resyncs();
    }

    /** Exceptions thrown by listeners (caught, counted, reported through {@link #onNotice}). */
    public long listenerErrors() {
        return sink.listenerErrors();
    }

    /**
     * Decodes one received datagram and dispatches its link messages. Public for replaying
     * captured datagrams (tests, benchmarks); the event thread calls it for every datagram.
     */
    public void process(ByteBuffer buf, int length, long receivedNanos) {
        tracker.datagram(msg.reset(buf, length), receivedNanos);
    }

    // ------------------------------------------------------------------ event thread

    /**
     * Compiles the event path before the first event ({@link WarmUp}): the replay, then round
     * trips through the request socket and through one configured as the event socket (its
     * receive is another native call) but not joined to any group, so that no event is taken
     * from the monitor. A failure costs speed at the first events only: reported, not fatal.
     */
    private void warmUp() {
        WarmUp.run();
        try (NetlinkSocket like = receivesEvents(NetlinkSocket.open(opts.netns(), NetlinkSocket.DEFAULT_RCVBUF))) {
            WarmUp.roundTrips(like, WarmUp.ROUND_TRIPS);
            for (int i = 0; i < WarmUp.ROUND_TRIPS; i++) {
                like.hasPending(); // the accelerator asks the event socket before deciding
            }
            WarmUp.roundTrips(requests, WarmUp.ROUND_TRIPS);
        } catch (BondctlException e) {
            sink.notice("warm-up: " + e.getMessage());
        }
    }

    private void run() {
        try {
            states.read(LinkTracker.INITIAL);
            stateRead.countDown(); // start() returns: what changes from here on is an event
            if (requireNamedBonds()) {
                return;
            }
            tracker.emitState();
            long nextCheck = System.nanoTime() + 1_000_000_000L;
            while (!stopping) {
                int n = events.receive(prober.active() ? prober.waitMs(POLL_MS) : -1);
                if (!received(n)) {
                    return;
                }
                if (accelerator.pending()) {
                    settle();
                }
                // the receive time of what was just read, rather than another clock read: on a
                // kernel without a vDSO (User-Mode Linux) each is a system call before the next receive
                long now = n > 0 ? events.lastReceiveNanos() : System.nanoTime();
                if (prober.active()) {
                    prober.probe(now);
                }
                if (now - nextCheck >= 0) {
                    nextCheck = now + 1_000_000_000L;
                    if (netnsGone()) {
                        return;
                    }
                }
            }
        } catch (RuntimeException e) {
            if (!stopping) {
                BondctlException be = e instanceof BondctlException b ? b : null;
                fail(new BondctlException(be == null ? BondctlException.Kind.INTERNAL : be.kind(),
                        "monitor: " + (e.getMessage() == null ? e.toString() : e.getMessage()), e));
            }
        } finally {
            stateRead.countDown(); // ended before reading it: start() need not wait
        }
    }

    /** Handles what receive returned; false when the event thread must end. */
    private boolean received(int n) {
        if (n > 0) {
            process(events.rxBuffer(), n, events.lastReceiveNanos());
        } else if (n == 0) {
            if (events.lastSenderPort() != 0) {
                sink.notice("dropped a message from netlink port " + Integer.toUnsignedString(events.lastSenderPort())
                        + " (not the kernel): " + events.foreignDropped() + " so far");
            }
        } else if (n == -Errno.ENOBUFS) {
            states.resync("receive buffer overflow (ENOBUFS): messages were lost, state read again");
        } else if (n != -Errno.EAGAIN && n != -Errno.EINTR) {
            if (!stopping) {
                fail(new BondctlException(BondctlException.Kind.UNAVAILABLE, "monitor: receive: " + Errno.describe(-n)));
            }
            return false;
        }
        return true;
    }

    /**
     * An accelerator decision waits because newer messages did: read every message already
     * waiting, so that it is taken on the current state, not on the one the first described.
     */
    private void settle() {
        for (int i = 0; i < SETTLE_MAX; i++) {
            int n = events.receive(0);
            if (n == -Errno.EAGAIN || (n < 0 && n != -Errno.ENOBUFS) || !received(n)) {
                break;
            }
        }
        accelerator.decide();
    }

    private void fail(BondctlException why) {
        failure = why;
        sink.start(MonitorEvent.Kind.ERROR, System.nanoTime()).detail = why.getMessage();
        sink.emit();
    }

    /** Named bonds must exist at start: a typo must not wait for ever. True when failed. */
    private boolean requireNamedBonds() {
        // no ERROR event: nothing was followed; the caller reports failure()
        failure = tracker.missingBond(opts.bonds(), opts.netns());
        return failure != null;
    }

    /** The named namespace's bind mount is gone (ip netns del): our sockets alone keep it alive. */
    private boolean netnsGone() {
        if (opts.netns() == null || Files.exists(Path.of(NetlinkSocket.netnsPath(opts.netns())))) {
            return false;
        }
        NetnsGoneException gone = new NetnsGoneException(opts.netns());
        failure = gone;
        sink.start(MonitorEvent.Kind.NETNS_GONE, System.nanoTime()).detail = gone.getMessage();
        sink.emit();
        return true;
    }
}
