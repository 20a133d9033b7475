package org.bondctl.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bondctl.bond.BondState;
import org.bondctl.bond.BondView;
import org.bondctl.bond.MiiStatus;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.rtnl.LinkDecoder;
import org.bondctl.rtnl.LinkView;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.wire.NetlinkParseException;
import org.bondctl.wire.NlMessage;

/**
 * Turns link messages into state and events: what each link is (bond, port, other), its
 * carrier, MII status, master, and a bond's settings and active port. Steady-state messages
 * (carrier, MII, failover) are read in place and allocate nothing; a link seen the first time
 * and a change of settings take the cold path. Event thread only.
 */
final class LinkTracker {
    /** What a message is: a notification, part of the initial dump, or a probe's answer. */
    static final int EVENT = 0;
    static final int INITIAL = 1;
    static final int PROBE = 2;
    /** A failover is put down to a carrier loss that happened at most this long before. */
    private static final long CARRIER_LOSS_RELEVANT_NS = 120_000_000_000L;

    final LinkTable links = new LinkTable();
    private final Set<String> bonds;
    private final EventSink sink;
    private final MonitorEvent ev;
    private final LinkView view = new LinkView();
    private final BondView bview = new BondView();
    private final LinkDecoder coldDecoder = new LinkDecoder();
    private Accelerator accelerator;
    private MiiProber prober;
    private volatile long messages;
    private volatile long malformed;

    /** {@code bonds}: the bonds to report (empty: all). */
    LinkTracker(Set<String> bonds, EventSink sink) {
        this.bonds = bonds;
        this.sink = sink;
        this.ev = sink.ev;
    }

    void wire(Accelerator a, MiiProber p) {
        accelerator = a;
        prober = p;
    }

    long messages() {
        return messages;
    }

    long malformed() {
        return malformed;
    }

    /** Decodes every message of a datagram (a malformed one is counted and the rest skipped). */
    void datagram(NlMessage msg, long rx) {
        try {
            while (msg.next()) {
                link(msg, rx, EVENT);
            }
        } catch (NetlinkParseException e) {
            malformed++;
        }
    }

    void link(NlMessage m, long rx, int mode) {
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
        if (master(s, rx)) {
            return;
        }
        carrier(s, rx);
        if (s.isPort) {
            miiStatus(s, rx);
        }
        if (s.isBond && bview.hasBondData()) {
            bondFields(s, m, rx, false);
        }
    }

    /** A port joined or left a bond; true when the message is fully handled (a port added). */
    private boolean master(LinkState s, long rx) {
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
            return true;
        }
        return false;
    }

    private void carrier(LinkState s, long rx) {
        boolean carrier = view.carrier();
        if (carrier == s.carrier) {
            return;
        }
        s.carrier = carrier;
        if (!carrier) {
            s.carrierLostAt = rx;
        }
        LinkState bond = s.isPort ? links.get(s.master) : s.isBond ? s : null;
        if (bond == null || !watched(bond)) {
            return;
        }
        if (s.isPort) {
            accelerator.carrierChanged(bond, s, carrier, rx);
            prober.start(bond, s, rx, !carrier);
        }
        sink.start(carrier ? MonitorEvent.Kind.CARRIER_RESTORED : MonitorEvent.Kind.CARRIER_LOST, rx);
        ev.bond = bond.name;
        ev.port = s.isPort ? s.name : null;
        ev.carrier = carrier ? 1 : 0;
        sink.emit();
    }

    private void miiStatus(LinkState s, long rx) {
        int mii = bview.miiStatus();
        int old = s.mii;
        portFields(s);
        if ((mii == MiiStatus.DOWN && !s.carrier) || (mii == MiiStatus.UP && s.carrier)) {
            prober.stop(s);
        }
        LinkState bond = links.get(s.master);
        if (mii != old && bond != null && watched(bond)) {
            portEvent(MonitorEvent.Kind.MII_STATUS, rx, bond, s);
            ev.from = old < 0 ? null : MiiStatus.name(old);
            ev.to = mii < 0 ? null : MiiStatus.name(mii);
            sink.emit();
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
            sink.start(MonitorEvent.Kind.BOND_CREATED, rx);
            ev.bond = s.name;
            ev.carrier = s.carrier ? 1 : 0;
            ev.detail = "mode " + s.mode.kernelName();
            sink.emit();
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

    /** Fills the event for a port and emits it, except MII_STATUS (the caller adds from/to). */
    private void portEvent(MonitorEvent.Kind kind, long rx, LinkState bond, LinkState port) {
        sink.start(kind, rx);
        ev.bond = bond.name;
        ev.port = port.name;
        ev.carrier = port.carrier ? 1 : 0;
        ev.mii = port.mii;
        ev.portState = port.portState;
        ev.linkFailures = port.linkFailures;
        if (kind != MonitorEvent.Kind.MII_STATUS) {
            sink.emit();
        }
    }

    private void bondFields(LinkState b, NlMessage m, long rx, boolean first) {
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
        b.mode = BondMode.of(bview.mode());
        BondSettings now = BondState.of(coldDecoder.decode(m), List.of(), links).options();
        if (!first && b.options != null && watched(b)) {
            String changes = StateText.optionChanges(b.options, now);
            if (!changes.isEmpty()) {
                sink.start(MonitorEvent.Kind.OPTIONS, rx);
                ev.bond = b.name;
                ev.detail = changes;
                sink.emit();
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

    private void failover(LinkState b, int old, int now, long rx) {
        boolean accelerated = b.pendingTarget != 0 && b.pendingTarget == now && rx - b.pendingAt < Accelerator.PENDING_NS;
        long reaction = b.pendingReaction;
        long done = b.pendingDone;
        b.pendingTarget = 0;
        if (!watched(b)) {
            return;
        }
        sink.start(MonitorEvent.Kind.FAILOVER, rx);
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
        sink.emit();
    }

    void deleted(LinkState s, long rx) {
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
                sink.start(MonitorEvent.Kind.BOND_DELETED, rx);
                ev.bond = s.name;
                sink.emit();
            }
            accelerator.forget(s);
        }
        prober.stop(s);
        links.remove(s.index);
    }

    boolean watched(LinkState bond) {
        return bond.isBond && (bonds.isEmpty() || bonds.contains(bond.name));
    }

    /** A BOND event per watched bond and a PORT event per port: the current state (start, resync). */
    void emitState() {
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
            sink.start(MonitorEvent.Kind.BOND, now);
            ev.bond = b.name;
            ev.to = links.ifname(b.active);
            ev.carrier = b.carrier ? 1 : 0;
            ev.detail = StateText.bond(b, ports, links);
            sink.emit();
            for (LinkState p : ports) {
                portEvent(MonitorEvent.Kind.PORT, now, b, p);
            }
        }
    }
}
