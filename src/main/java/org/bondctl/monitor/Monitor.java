package org.bondctl.monitor;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bondctl.bond.ActivePortSwitch;
import org.bondctl.bond.BondState;
import org.bondctl.bond.BondView;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.error.BondctlException;
import org.bondctl.error.Errno;
import org.bondctl.rtnl.LinkDecoder;
import org.bondctl.rtnl.LinkView;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.wire.MessageBuilder;
import org.bondctl.wire.Netlink;
import org.bondctl.wire.NetlinkParseException;
import org.bondctl.wire.NetlinkSocket;
import org.bondctl.wire.NlMessage;

/**
 * Follows the bonds of one network namespace through rtnetlink link notifications and turns
 * them into {@link MonitorEvent}s: carrier, MII status, failover, options, ports, bonds. With
 * {@link Options#accelerate()} it also fails over itself the moment the active port loses
 * carrier, instead of waiting for bonding's next MII poll (see {@link #accelerate}).
 *
 * <p>One dedicated thread blocks in receive on a socket joined to RTNLGRP_LINK, decodes each
 * datagram in place (reused buffer, flyweight views, no allocation for steady-state events) and
 * calls the listeners. A second socket carries dumps and switch requests. Needs no privileges
 * unless accelerating (CAP_NET_ADMIN). Datagrams not sent by the kernel are dropped and counted
 * by the socket. On ENOBUFS (messages lost) the state is read again and a RESYNC event follows.
 */
public final class Monitor implements AutoCloseable {
    /**
     * What to follow. {@code bonds} empty means every bond; {@code receiveBuffer} is SO_RCVBUF of
     * the event socket (0: the default).
     */
    public record Options(String netns, Set<String> bonds, boolean accelerate, int receiveBuffer) {
        public Options {
            bonds = Set.copyOf(bonds);
        }

        public static Options of(String netns, Set<String> bonds, boolean accelerate) {
            return new Options(netns, bonds, accelerate, 0);
        }
    }

    /** SO_RCVBUF of the event socket: a burst of several hundred link messages. */
    public static final int DEFAULT_RCVBUF = 4 << 20;
    private static final int POLL_MS = 250;
    private static final int DUMP_RETRIES = 5;
    /** BOND_PRI_RESELECT_ALWAYS (include/net/bond_options.h). */
    private static final int PRIMARY_RESELECT_ALWAYS = 0;
    private static final long PENDING_NS = 10_000_000_000L;
    private static final long CARRIER_LOSS_RELEVANT_NS = 120_000_000_000L;

    private final Options opts;
    private final NetlinkSocket events;
    private final NetlinkSocket requests;
    private final LinkTable links = new LinkTable();
    private final NlMessage msg = new NlMessage();
    private final LinkView view = new LinkView();
    private final BondView bview = new BondView();
    private final MonitorEvent ev = new MonitorEvent();
    private final ActivePortSwitch switcher = new ActivePortSwitch();
    private final MessageBuilder dumpReq = new MessageBuilder(64);
    private final MessageBuilder probeReq = new MessageBuilder(64);
    private int probing;
    private static final int EVENT = 0;
    private static final int INITIAL = 1;
    private static final int PROBE = 2;
    private final LinkDecoder coldDecoder = new LinkDecoder();
    private MonitorListener[] listeners = {};
    private boolean accelerating;
    private Thread thread;
    private volatile boolean stopping;
    private volatile String failure;
    private volatile long messages;
    private volatile long malformed;
    private volatile long resyncs;
    private volatile long listenerErrors;

    private Monitor(Options opts, NetlinkSocket events, NetlinkSocket requests) {
        this.opts = opts;
        this.events = events;
        this.requests = requests;
        this.accelerating = opts.accelerate();
    }

    /** Opens the sockets and joins the link group. Throws BondctlException (netns missing, no netlink). */
    public static Monitor open(Options opts) {
        int rcvbuf = opts.receiveBuffer() > 0 ? opts.receiveBuffer() : DEFAULT_RCVBUF;
        NetlinkSocket ev = NetlinkSocket.open(opts.netns(), rcvbuf);
        NetlinkSocket req = null;
        try {
            req = NetlinkSocket.open(opts.netns(), NetlinkSocket.DEFAULT_RCVBUF);
            ev.join(Rtnl.RTNLGRP_LINK);
            ev.timestampReceives(); // events carry their receive time (latency reports)
            return new Monitor(opts, ev, req);
        } catch (RuntimeException e) {
            ev.close();
            if (req != null) {
                req.close();
            }
            throw e;
        }
    }

    /**
     * A monitor without sockets, fed by {@link #process}: for replaying captured datagrams in
     * tests and benchmarks. The accelerator is off.
     */
    public static Monitor offline(Options opts) {
        Monitor m = new Monitor(opts, null, null);
        m.accelerating = false;
        return m;
    }

    /** Adds a listener; before {@link #start} (or on the event thread). */
    public Monitor addListener(MonitorListener l) {
        MonitorListener[] n = Arrays.copyOf(listeners, listeners.length + 1);
        n[listeners.length] = Objects.requireNonNull(l);
        listeners = n;
        return this;
    }

    /** Starts the event thread: current state first (BOND and PORT events), then changes. */
    public synchronized Monitor start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        if (events == null) {
            throw new IllegalStateException("offline monitor");
        }
        thread = new Thread(this::run, "bondctl-monitor");
        thread.setDaemon(true);
        thread.start();
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

    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Why the monitor stopped by itself (namespace gone, error), or null. */
    public String failure() {
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
        return messages;
    }

    /** Messages that could not be decoded (skipped). */
    public long malformed() {
        return malformed;
    }

    /** Times the state was read again after lost messages. */
    public long resyncs() {
        return resyncs;
    }

    /** Exceptions thrown by listeners (caught, counted). */
    public long listenerErrors() {
        return listenerErrors;
    }

    // ------------------------------------------------------------------ event thread

    private void run() {
        try {
            dump(true);
            emitState();
            long nextCheck = System.nanoTime() + 1_000_000_000L;
            while (!stopping) {
                int n = events.receive(probing == 0 ? POLL_MS : probeWait());
                if (n > 0) {
                    process(events.rxBuffer(), n, events.lastReceiveNanos());
                } else if (n == -Errno.ENOBUFS) {
                    resync("receive buffer overflow (ENOBUFS): messages were lost, state read again");
                } else if (n < 0 && n != -Errno.EAGAIN && n != -Errno.EINTR) {
                    if (!stopping) {
                        fail(Errno.describe(-n), "receive");
                    }
                    return;
                }
                long now = System.nanoTime();
                if (probing > 0) {
                    probe(now);
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
                fail(e.getMessage() == null ? e.toString() : e.getMessage(), "monitor");
            }
        }
    }

    // ------------------------------------------------------------------ MII transitions

    /*
     * The kernel announces a port's MII status "down" and "up" at once, but "going down" (during
     * downdelay) and "going back" (during updelay) only now and then: bond_commit_link_state()
     * defers those notifications and two deferred changes cancel out (should_notify_link). So
     * while a port waits out a delay after its carrier changed, the monitor re-reads it every
     * miimon/2 until the MII status settles (and at most delay + 3 miimon).
     */
    private void startProbe(LinkState bond, LinkState port, long rx, boolean lost) {
        int delay = lost ? bond.downdelay : bond.updelay;
        if (delay <= 0 || bond.miimon <= 0) {
            return;
        }
        if (port.probeUntil == 0) {
            probing++;
        }
        port.probeUntil = rx + (delay + 3L * bond.miimon) * 1_000_000L;
        port.nextProbe = rx + probeInterval(bond);
    }

    private static long probeInterval(LinkState bond) {
        return Math.max(5, bond.miimon / 2) * 1_000_000L;
    }

    private void stopProbe(LinkState port) {
        if (port.probeUntil != 0) {
            port.probeUntil = 0;
            probing--;
        }
    }

    private int probeWait() {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < links.size(); i++) {
            LinkState s = links.at(i);
            if (s.probeUntil != 0 && s.nextProbe < next) {
                next = s.nextProbe;
            }
        }
        long ms = (next - System.nanoTime()) / 1_000_000L;
        return (int) Math.max(1, Math.min(POLL_MS, ms));
    }

    private void probe(long now) {
        for (int i = 0; i < links.size(); i++) {
            LinkState s = links.at(i);
            if (s.probeUntil == 0 || now - s.nextProbe < 0) {
                continue;
            }
            LinkState bond = links.get(s.master);
            if (!s.isPort || bond == null || now - s.probeUntil >= 0) {
                stopProbe(s);
                continue;
            }
            s.nextProbe = now + probeInterval(bond);
            Rtnl.beginGetLink(probeReq, 0, s.index);
            try {
                requests.query(probeReq, "read port", m -> link(m, System.nanoTime(), PROBE));
            } catch (BondctlException e) {
                stopProbe(s); // gone meanwhile: its RTM_DELLINK follows
            }
        }
    }

    private void fail(String why, String what) {
        failure = what + ": " + why;
        ev.reset(MonitorEvent.Kind.ERROR, System.nanoTime());
        ev.detail = failure;
        emit();
    }

    /** The named namespace's bind mount is gone (ip netns del): our sockets alone keep it alive. */
    private boolean netnsGone() {
        if (opts.netns() == null || Files.exists(Path.of(NetlinkSocket.netnsPath(opts.netns())))) {
            return false;
        }
        failure = "network namespace " + opts.netns() + " was deleted";
        ev.reset(MonitorEvent.Kind.NETNS_GONE, System.nanoTime());
        ev.detail = failure;
        emit();
        return true;
    }

    private void dump(boolean initial) {
        for (int attempt = 1; ; attempt++) {
            Rtnl.beginGetLink(dumpReq, Netlink.NLM_F_DUMP, 0);
            long now = System.nanoTime();
            try {
                requests.request(dumpReq, "list interfaces", m -> link(m, now, initial ? INITIAL : EVENT));
                return;
            } catch (NetlinkSocket.DumpInterruptedException e) {
                if (attempt == DUMP_RETRIES) {
                    throw e;
                }
            }
        }
    }

    private void resync(String why) {
        resyncs++;
        boolean acc = accelerating;
        accelerating = false;
        try {
            for (int i = 0; i < links.size(); i++) {
                links.at(i).seen = false;
            }
            dump(false);
            List<LinkState> gone = new ArrayList<>();
            for (int i = 0; i < links.size(); i++) {
                if (!links.at(i).seen) {
                    gone.add(links.at(i));
                }
            }
            long now = System.nanoTime();
            for (LinkState s : gone) {
                if (links.get(s.index) != null) {
                    deleted(s, now);
                }
            }
            ev.reset(MonitorEvent.Kind.RESYNC, now);
            ev.detail = why;
            emit();
            emitState();
        } finally {
            accelerating = acc;
        }
    }

    /**
     * Decodes one received datagram and dispatches its link messages. Public for replaying
     * captured datagrams (tests, benchmarks); the event thread calls it for every datagram.
     */
    public void process(ByteBuffer buf, int length, long receivedNanos) {
        msg.reset(buf, length);
        try {
            while (msg.next()) {
                link(msg, receivedNanos, EVENT);
            }
        } catch (NetlinkParseException e) {
            malformed++;
        }
    }

    private void link(NlMessage m, long rx, int mode) {
        int type = m.type();
        if (type != Rtnl.RTM_NEWLINK && type != Rtnl.RTM_DELLINK) {
            return;
        }
        messages++;
        try {
            view.wrap(m);
        } catch (NetlinkParseException e) {
            malformed++;
            return;
        }
        if (view.family() != Rtnl.AF_UNSPEC) {
            return; // per-family views (AF_BRIDGE...), not the link itself
        }
        LinkState s = links.get(view.index());
        if (type == Rtnl.RTM_DELLINK) {
            if (s != null) {
                deleted(s, rx);
            }
            return;
        }
        bview.wrap(view);
        if (s == null) {
            s = links.add(view.index());
            s.rename(view.name());
            s.seen = true;
            fresh(s, m, rx, mode == INITIAL);
            return;
        }
        s.seen = true;
        if (mode == PROBE) {
            // only the MII status: carrier and bond changes come (and are acted on) as events
            if (s.isPort && view.isBondPort() && view.master() == s.master) {
                miiStatus(s, rx);
            }
            return;
        }
        if (!view.nameEquals(s.nameBytes)) {
            s.rename(view.name());
        }
        s.flags = view.flags();
        int master = view.master();
        boolean isPort = view.isBondPort() && master != 0;
        if (s.isPort && (!isPort || master != s.master)) {
            LinkState bond = links.get(s.master);
            s.isPort = false;
            s.master = master;
            if (bond != null && watched(bond)) {
                portEvent(MonitorEvent.Kind.PORT_REMOVED, rx, bond, s);
            }
        }
        s.master = master;
        if (isPort && !s.isPort) {
            s.isPort = true;
            s.carrier = view.carrier();
            portFields(s);
            LinkState bond = links.get(master);
            if (bond != null && watched(bond)) {
                portEvent(MonitorEvent.Kind.PORT_ADDED, rx, bond, s);
            }
            return;
        }
        boolean carrier = view.carrier();
        if (carrier != s.carrier) {
            s.carrier = carrier;
            if (!carrier) {
                s.carrierLostAt = rx;
            }
            LinkState bond = s.isPort ? links.get(s.master) : s.isBond ? s : null;
            if (bond != null && watched(bond)) {
                if (s.isPort && accelerating) {
                    if (carrier) {
                        returnToPrimary(bond, s, rx);
                    } else {
                        accelerate(bond, s, rx);
                    }
                }
                if (s.isPort) {
                    startProbe(bond, s, rx, !carrier);
                }
                ev.reset(carrier ? MonitorEvent.Kind.CARRIER_RESTORED : MonitorEvent.Kind.CARRIER_LOST, rx);
                ev.bond = bond.name;
                ev.port = s.isPort ? s.name : null;
                ev.carrier = carrier ? 1 : 0;
                emit();
            }
        }
        if (s.isPort) {
            miiStatus(s, rx);
        }
        if (s.isBond && bview.hasBondData()) {
            bondFields(s, m, rx, false);
        }
    }

    private void miiStatus(LinkState s, long rx) {
        int mii = bview.miiStatus();
        int old = s.mii;
        portFields(s);
        if ((mii == BondView.LINK_DOWN && !s.carrier) || (mii == BondView.LINK_UP && s.carrier)) {
            stopProbe(s);
        }
        LinkState bond = links.get(s.master);
        if (mii != old && bond != null && watched(bond)) {
            portEvent(MonitorEvent.Kind.MII_STATUS, rx, bond, s);
            ev.from = miiName(old);
            ev.to = miiName(mii);
            emit();
        }
    }

    /** A link seen the first time: remember it; announce bonds and ports unless reading the initial state. */
    private void fresh(LinkState s, NlMessage m, long rx, boolean initial) {
        s.flags = view.flags();
        s.carrier = view.carrier();
        s.master = view.master();
        s.isBond = view.isBond();
        s.isPort = view.isBondPort() && s.master != 0;
        if (s.isPort) {
            portFields(s);
        }
        if (s.isBond) {
            bondFields(s, m, rx, true);
        }
        if (initial) {
            return;
        }
        if (s.isBond && watched(s)) {
            ev.reset(MonitorEvent.Kind.BOND_CREATED, rx);
            ev.bond = s.name;
            ev.carrier = s.carrier ? 1 : 0;
            ev.detail = "mode " + BondMode.of(s.mode).kernelName();
            emit();
        }
        if (s.isPort) {
            LinkState bond = links.get(s.master);
            if (bond != null && watched(bond)) {
                portEvent(MonitorEvent.Kind.PORT_ADDED, rx, bond, s);
            }
        }
    }

    private void portFields(LinkState s) {
        s.mii = bview.miiStatus();
        s.portState = bview.portState();
        s.linkFailures = bview.linkFailureCount();
    }

    /** Fills ev for a port event and emits it, except MII_STATUS (the caller adds from/to). */
    private void portEvent(MonitorEvent.Kind kind, long rx, LinkState bond, LinkState port) {
        ev.reset(kind, rx);
        ev.bond = bond.name;
        ev.port = port.name;
        ev.carrier = port.carrier ? 1 : 0;
        ev.mii = port.mii;
        ev.portState = port.portState;
        ev.linkFailures = port.linkFailures;
        if (kind != MonitorEvent.Kind.MII_STATUS) {
            emit();
        }
    }

    private void bondFields(LinkState b, NlMessage m, long rx, boolean first) {
        b.mode = bview.mode();
        b.primary = bview.primary();
        b.primaryReselect = bview.primaryReselect();
        b.downdelay = bview.downdelay();
        b.updelay = bview.updelay();
        b.miimon = bview.miimon();
        if (first || !bview.settingsEqual(b.settings, b.settingsLen)) {
            settingsChanged(b, m, rx, first);
        }
        int active = bview.activePort();
        if (first) {
            b.active = active;
        } else if (active != b.active) {
            int old = b.active;
            b.active = active;
            failover(b, old, active, rx);
        }
    }

    /** Cold path: decode every option, report the differences, keep a copy of the settings. */
    private void settingsChanged(LinkState b, NlMessage m, long rx, boolean first) {
        Map<BondOption, Object> now = BondState.of(coldDecoder.decode(m), List.of(), links).options();
        if (!first && b.options != null && watched(b)) {
            StringBuilder d = new StringBuilder();
            for (BondOption o : BondOption.values()) {
                if (o == BondOption.ACTIVE_SLAVE) {
                    continue;
                }
                String was = format(o, b.options.get(o));
                String is = format(o, now.get(o));
                if (!was.equals(is)) {
                    d.append(d.length() == 0 ? "" : ", ").append(o.kernelName()).append(' ').append(was).append(" -> ").append(is);
                }
            }
            if (d.length() > 0) {
                ev.reset(MonitorEvent.Kind.OPTIONS, rx);
                ev.bond = b.name;
                ev.detail = d.toString();
                emit();
            }
        }
        b.options = now;
        int n = bview.copySettings(b.settings);
        if (n < 0) {
            b.settings = new byte[-n * 2];
            n = bview.copySettings(b.settings);
        }
        b.settingsLen = n;
    }

    private static String format(BondOption o, Object v) {
        return v == null ? "(none)" : o.format(v);
    }

    private void failover(LinkState b, int old, int now, long rx) {
        boolean accelerated = b.pendingTarget != 0 && b.pendingTarget == now && rx - b.pendingAt < PENDING_NS;
        long reaction = b.pendingReaction;
        long done = b.pendingDone;
        b.pendingTarget = 0;
        if (!watched(b)) {
            return;
        }
        ev.reset(MonitorEvent.Kind.FAILOVER, rx);
        ev.bond = b.name;
        ev.from = links.ifname(old);
        ev.to = links.ifname(now);
        ev.accelerated = accelerated;
        if (accelerated) {
            ev.reaction = reaction;
            ev.switched = done;
        }
        LinkState op = old == 0 ? null : links.get(old);
        if (op != null && !op.carrier && op.carrierLostAt != 0 && rx - op.carrierLostAt < CARRIER_LOSS_RELEVANT_NS) {
            ev.sinceCarrierLoss = rx - op.carrierLostAt;
        }
        emit();
    }

    private void deleted(LinkState s, long rx) {
        if (s.isPort) {
            LinkState bond = links.get(s.master);
            if (bond != null && watched(bond)) {
                portEvent(MonitorEvent.Kind.PORT_REMOVED, rx, bond, s);
            }
        }
        if (s.isBond) {
            for (int i = 0; i < links.size(); i++) {
                LinkState p = links.at(i);
                if (p.isPort && p.master == s.index) {
                    if (watched(s)) {
                        portEvent(MonitorEvent.Kind.PORT_REMOVED, rx, s, p);
                    }
                    p.isPort = false;
                    p.master = 0;
                }
            }
            if (watched(s)) {
                ev.reset(MonitorEvent.Kind.BOND_DELETED, rx);
                ev.bond = s.name;
                emit();
            }
        }
        stopProbe(s);
        links.remove(s.index);
    }

    // ------------------------------------------------------------------ accelerator

    /**
     * The active port of an active-backup/tlb/alb bond lost carrier: make the best other port
     * active now rather than at the next MII poll. The kernel's own choice is copied
     * (bond_find_best_slave, bond_main.c): when the active port fails, the primary if it is
     * usable, whatever primary_reselect says, else the first usable port (lowest ifindex here).
     * Usable means what bond_option_active_slave_set() demands: up, carrier, MII status up.
     * Never fights the kernel: nothing is done when it already switched, when downdelay asks to
     * wait, or in other modes; a refusal is reported (ACCELERATE_REFUSED) and the MII monitor
     * does the failover as it would have.
     */
    private void accelerate(LinkState bond, LinkState port, long rx) {
        int mode = bond.mode;
        if (mode != BondMode.ACTIVE_BACKUP.value() && mode != BondMode.BALANCE_TLB.value()
                && mode != BondMode.BALANCE_ALB.value()) {
            return;
        }
        if (bond.active != port.index) {
            return;
        }
        if (bond.downdelay > 0) {
            refused(bond, port, null, rx, "downdelay " + bond.downdelay + " ms asks the kernel to wait");
            return;
        }
        LinkState target = choose(bond, port);
        if (target == null) {
            refused(bond, port, null, rx, "no other port is up with carrier and MII status up");
            return;
        }
        requestSwitch(bond, port, target, rx);
    }

    /** Asks the kernel to make {@code target} active, noting the times for the failover event. */
    private void requestSwitch(LinkState bond, LinkState port, LinkState target, long rx) {
        long sent = System.nanoTime();
        try {
            switcher.switchTo(requests, bond.index, target.index);
            bond.pendingTarget = target.index;
            bond.pendingAt = sent;
            bond.pendingReaction = sent - rx;
            bond.pendingDone = System.nanoTime();
        } catch (BondctlException e) {
            refused(bond, port, target, rx, "kernel refused: " + e.getMessage());
        }
    }

    /**
     * The primary's carrier came back before the MII monitor noticed it had gone (a blip shorter
     * than miimon): the kernel never took it down, so it will not return to it either, though
     * with primary_reselect=always it would never have left it. Give it back, once its link is
     * still up in the kernel's eyes; when the MII monitor did see it down, the kernel returns
     * to it by itself (after updelay) and nothing is done here.
     */
    private void returnToPrimary(LinkState bond, LinkState port, long rx) {
        if (bond.primary != port.index || bond.active == port.index || bond.active == 0
                || bond.primaryReselect != PRIMARY_RESELECT_ALWAYS || !usable(port, bond)) {
            return;
        }
        requestSwitch(bond, port, port, rx);
    }

    private LinkState choose(LinkState bond, LinkState failed) {
        if (bond.primary != 0 && bond.primary != failed.index) {
            LinkState p = links.get(bond.primary);
            if (p != null && usable(p, bond)) {
                return p;
            }
        }
        LinkState best = null;
        for (int i = 0; i < links.size(); i++) {
            LinkState q = links.at(i);
            if (q != failed && usable(q, bond) && (best == null || q.index < best.index)) {
                best = q;
            }
        }
        return best;
    }

    private static boolean usable(LinkState q, LinkState bond) {
        return q.isPort && q.master == bond.index && q.carrier && q.isUp() && q.mii == BondView.LINK_UP;
    }

    private void refused(LinkState bond, LinkState port, LinkState target, long rx, String why) {
        ev.reset(MonitorEvent.Kind.ACCELERATE_REFUSED, rx);
        ev.bond = bond.name;
        ev.port = port.name;
        ev.from = port.name;
        ev.to = target == null ? null : target.name;
        ev.detail = why;
        emit();
    }

    // ------------------------------------------------------------------ state and dispatch

    private boolean watched(LinkState bond) {
        return bond.isBond && (opts.bonds().isEmpty() || opts.bonds().contains(bond.name));
    }

    private void emitState() {
        long now = System.nanoTime();
        for (int i = 0; i < links.size(); i++) {
            LinkState b = links.at(i);
            if (!watched(b)) {
                continue;
            }
            List<LinkState> ports = new ArrayList<>();
            for (int j = 0; j < links.size(); j++) {
                LinkState p = links.at(j);
                if (p.isPort && p.master == b.index) {
                    ports.add(p);
                }
            }
            ports.sort((x, y) -> Integer.compare(x.index, y.index));
            StringBuilder d = new StringBuilder("mode ").append(BondMode.of(b.mode).kernelName());
            d.append(", carrier ").append(b.carrier ? "up" : "down");
            d.append(", active ").append(b.active == 0 ? "(none)" : links.ifname(b.active));
            if (b.primary != 0) {
                d.append(", primary ").append(links.ifname(b.primary));
            }
            d.append(", miimon ").append(b.miimon).append(", ports");
            if (ports.isEmpty()) {
                d.append(" (none)");
            }
            ports.forEach(p -> d.append(' ').append(p.name));
            ev.reset(MonitorEvent.Kind.BOND, now);
            ev.bond = b.name;
            ev.to = links.ifname(b.active);
            ev.carrier = b.carrier ? 1 : 0;
            ev.detail = d.toString();
            emit();
            for (LinkState p : ports) {
                portEvent(MonitorEvent.Kind.PORT, now, b, p);
            }
        }
    }

    private static String miiName(int mii) {
        return mii < 0 ? null : mii < org.bondctl.bond.PortState.MII_STATUSES.length
                ? org.bondctl.bond.PortState.MII_STATUSES[mii] : "unknown";
    }

    private void emit() {
        MonitorListener[] ls = listeners;
        for (int i = 0; i < ls.length; i++) {
            try {
                ls[i].onEvent(ev);
            } catch (RuntimeException e) {
                listenerErrors++;
            }
        }
    }
}
