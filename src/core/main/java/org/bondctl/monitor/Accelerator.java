package org.bondctl.monitor;

import java.util.function.BooleanSupplier;
import org.bondctl.bond.ActivePortSwitch;
import org.bondctl.bond.MiiStatus;
import org.bondctl.error.BondctlException;
import org.bondctl.wire.NetlinkSocket;

/**
 * Fails over the moment the active port of an active-backup, balance-tlb or balance-alb bond
 * loses carrier, instead of at bonding's next MII poll; owns the switch request.
 *
 * <p>The kernel's own choice is copied (bond_find_best_slave, drivers/net/bonding/bond_main.c):
 * when the active port fails, the primary if it is usable, whatever primary_reselect says,
 * else the first usable port (lowest ifindex here). Usable means what
 * bond_option_active_slave_set() demands: up, carrier, MII status up. It never fights the
 * kernel: nothing is done when the kernel already switched, when downdelay asks to wait, or in
 * other modes; a refusal is reported (ACCELERATE_REFUSED) and the MII monitor does the
 * failover as it would have.
 *
 * <p>It decides on current state only. A carrier change marks the bond ({@link #carrierChanged});
 * the decision ({@link #decide}) comes once no newer message waits in the socket, on the state
 * the monitor then holds: at once when none waits (one poll, before the event's listeners run),
 * else after Monitor has read what waits. So messages that queued up while the event thread was
 * held (a slow listener, a descheduled thread) are never acted on one by one: a carrier loss
 * followed by its return is no reason to switch. Event thread only.
 */
final class Accelerator {
    /** LinkState.decide: the active port lost carrier. */
    static final int LOST = 1;
    /** LinkState.decide: the primary's carrier came back. */
    static final int PRIMARY_BACK = 2;
    /** BOND_PRI_RESELECT_ALWAYS (include/net/bond_options.h). */
    private static final int PRIMARY_RESELECT_ALWAYS = 0;
    /** A switch request whose failover notification has not come within this is forgotten. */
    static final long PENDING_NS = 10_000_000_000L;

    private final LinkTable links;
    private final EventSink sink;
    private final Switch switcher;
    private final BooleanSupplier backlog;
    private boolean enabled;
    private int marked;

    /** Makes a port the bond's active one, or throws BondctlException with the kernel's refusal. */
    @FunctionalInterface
    interface Switch {
        void to(int bondIndex, int portIndex);
    }

    /**
     * {@code requests} null: never switches (offline monitor). {@code backlog}: whether newer
     * messages wait in the event socket.
     */
    Accelerator(LinkTable links, EventSink sink, NetlinkSocket requests, BooleanSupplier backlog, boolean enabled) {
        this(links, sink, requests == null ? null : kernelSwitch(requests), backlog, enabled);
    }

    /** With the switch given: {@link WarmUp} decides for real and switches nothing. */
    Accelerator(LinkTable links, EventSink sink, Switch switcher, BooleanSupplier backlog, boolean enabled) {
        this.links = links;
        this.sink = sink;
        this.switcher = switcher;
        this.backlog = backlog;
        this.enabled = enabled && switcher != null;
    }

    private static Switch kernelSwitch(NetlinkSocket requests) {
        ActivePortSwitch request = new ActivePortSwitch();
        return (bond, port) -> request.switchTo(requests, bond, port);
    }

    /** Off while the state is being read again (resync): the dump is not a sequence of events. */
    boolean pause() {
        boolean was = enabled;
        enabled = false;
        return was;
    }

    void resume(boolean was) {
        enabled = was;
    }

    /** A port of {@code bond} gained or lost carrier: a decision may be due once the socket is drained. */
    void carrierChanged(LinkState bond, LinkState port, boolean carrier, long rx) {
        if (!enabled || !bond.mode.usesPrimary()) {
            return;
        }
        int why = carrier ? (port.index == bond.primary ? PRIMARY_BACK : 0) : (port.index == bond.active ? LOST : 0);
        if (why == 0) {
            return;
        }
        if (bond.decide == 0) {
            marked++;
            bond.decideRx = rx;
        }
        bond.decide |= why;
        if (!backlog.getAsBoolean()) {
            decide(); // this message is the latest word: the state is current
        }
    }

    /** Whether a decision waits for the backlog: the event thread reads it, then calls {@link #decide}. */
    boolean pending() {
        return marked > 0;
    }

    /** Decides for every marked bond on the state as it is now. */
    void decide() {
        for (int i = 0; i < links.size() && marked > 0; i++) {
            LinkState b = links.at(i);
            if (b.decide != 0) {
                int why = b.decide;
                b.decide = 0;
                marked--;
                if (b.isBond && b.mode.usesPrimary()) {
                    decide(b, why, b.decideRx);
                }
            }
        }
        marked = 0; // marks of links deleted meanwhile
    }

    /** A bond deleted with a decision pending. */
    void forget(LinkState s) {
        if (s.decide != 0) {
            s.decide = 0;
            marked--;
        }
    }

    private void decide(LinkState bond, int why, long rx) {
        LinkState active = bond.active == 0 ? null : links.get(bond.active);
        if ((why & LOST) != 0 && active != null && !active.carrier) {
            if (switchInFlight(bond, rx)) {
                return;
            }
            if (bond.downdelay > 0) {
                refused(bond, active, null, rx, "downdelay " + bond.downdelay + " ms asks the kernel to wait");
                return;
            }
            LinkState target = choose(bond, active);
            if (target == null) {
                refused(bond, active, null, rx, "no other port is up with carrier and MII status up");
                return;
            }
            requestSwitch(bond, active, target, rx);
        } else if ((why & PRIMARY_BACK) != 0) {
            returnToPrimary(bond, rx);
        }
        // else: the carrier came back before the decision; the current state needs nothing
    }

    /**
     * The primary's carrier came back before the MII monitor noticed it had gone (a blip shorter
     * than miimon): the kernel never took it down, so it will not return to it either, though
     * with primary_reselect=always it would never have left it. Give it back, once its link is
     * still up in the kernel's eyes; when the MII monitor did see it down, the kernel returns
     * to it by itself (after updelay) and nothing is done here.
     */
    private void returnToPrimary(LinkState bond, long rx) {
        LinkState primary = bond.primary == 0 ? null : links.get(bond.primary);
        if (primary == null || bond.active == primary.index || bond.active == 0
                || bond.primaryReselect != PRIMARY_RESELECT_ALWAYS || !usable(primary, bond)
                || switchInFlight(bond, rx)) {
            return;
        }
        requestSwitch(bond, primary, primary, rx);
    }

    private static boolean switchInFlight(LinkState bond, long rx) {
        return bond.pendingTarget != 0 && rx - bond.pendingAt < PENDING_NS;
    }

    /**
     * Asks the kernel to make {@code target} active, noting the times for the failover event.
     * The clock is read once the kernel has answered, not before the request: without a vDSO
     * (User-Mode Linux) a clock read is a system call, and the switch would wait for it.
     */
    private void requestSwitch(LinkState bond, LinkState port, LinkState target, long rx) {
        try {
            switcher.to(bond.index, target.index);
            long done = System.nanoTime();
            bond.pendingTarget = target.index;
            bond.pendingAt = done;
            bond.pendingReaction = done - rx;
            bond.pendingDone = done;
        } catch (BondctlException e) {
            refused(bond, port, target, rx, "kernel refused: " + e.getMessage());
        }
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
        return q.isPort && q.master == bond.index && q.carrier && q.isUp() && q.mii == MiiStatus.UP;
    }

    private void refused(LinkState bond, LinkState port, LinkState target, long rx, String why) {
        MonitorEvent ev = sink.start(MonitorEvent.Kind.ACCELERATE_REFUSED, rx);
        ev.bond = bond.name;
        ev.port = port.name;
        ev.from = port.name;
        ev.to = target == null ? null : target.name;
        ev.detail = why;
        sink.emit();
    }
}
