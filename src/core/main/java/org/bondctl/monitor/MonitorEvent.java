package org.bondctl.monitor;

import org.bondctl.bond.BondAttrs;
import org.bondctl.bond.MiiStatus;
import org.bondctl.bond.PortState;

/**
 * One thing the monitor saw. A mutable flyweight: the monitor fills one instance per event and
 * hands it to every listener (no allocation per event); {@link #copy()} keeps one. Fields that
 * do not apply to a kind are null or -1.
 */
public final class MonitorEvent {
    /** What happened. {@link #wireName()} is the name in text and JSON output. */
    public enum Kind {
        /** Current state of a bond (at start and after a resync). */
        BOND("bond"),
        /** Current state of a port (at start and after a resync). */
        PORT("port"),
        /** A bond appeared. */
        BOND_CREATED("bond-created"),
        /** A bond went away. */
        BOND_DELETED("bond-deleted"),
        /** A port was enslaved. */
        PORT_ADDED("port-added"),
        /** A port was released. */
        PORT_REMOVED("port-removed"),
        /** The port (or the bond) lost carrier: reported at once by the driver. */
        CARRIER_LOST("carrier-lost"),
        /** A port's carrier came back. */
        CARRIER_RESTORED("carrier-restored"),
        /** The bonding MII monitor changed a port's link status: {@link #from()} to {@link #to()}. */
        MII_STATUS("mii"),
        /** The active port changed from {@link #from()} to {@link #to()} (null: none). */
        FAILOVER("failover"),
        /** Bond settings changed; {@link #detail()} lists them. */
        OPTIONS("options"),
        /** The accelerator could not switch; the MII monitor will. {@link #detail()} says why. */
        ACCELERATE_REFUSED("accelerate-refused"),
        /** Messages were lost (receive buffer overflow): the state was read again. */
        RESYNC("resync"),
        /** The monitored network namespace was deleted: the monitor stops. */
        NETNS_GONE("netns-gone"),
        /** The monitor stopped on an error it cannot recover from; {@link #detail()} says which. */
        ERROR("error");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        /** The name in the output and in --json ("carrier-lost"). */
        public String wireName() {
            return wireName;
        }
    }

    Kind kind;
    long nanos;
    String bond;
    String port;
    String from;
    String to;
    int carrier;
    int mii;
    int portState;
    long linkFailures;
    boolean accelerated;
    long sinceCarrierLoss;
    long reaction;
    long switched;
    String detail;

    MonitorEvent reset(Kind kind, long nanos) {
        this.kind = kind;
        this.nanos = nanos;
        bond = port = from = to = detail = null;
        carrier = mii = portState = -1;
        linkFailures = sinceCarrierLoss = reaction = switched = -1;
        accelerated = false;
        return this;
    }

    /** A copy that stays valid after the listener returns. */
    public MonitorEvent copy() {
        return copyInto(new MonitorEvent());
    }

    /** Copies every field into {@code c} (no allocation: the strings are shared) and returns it. */
    public MonitorEvent copyInto(MonitorEvent c) {
        c.kind = kind;
        c.nanos = nanos;
        c.bond = bond;
        c.port = port;
        c.from = from;
        c.to = to;
        c.carrier = carrier;
        c.mii = mii;
        c.portState = portState;
        c.linkFailures = linkFailures;
        c.accelerated = accelerated;
        c.sinceCarrierLoss = sinceCarrierLoss;
        c.reaction = reaction;
        c.switched = switched;
        c.detail = detail;
        return c;
    }

    /** What happened. */
    public Kind kind() {
        return kind;
    }

    /** CLOCK_MONOTONIC (ns) when the message that caused it was received (System.nanoTime's clock on Linux). */
    public long nanos() {
        return nanos;
    }

    /** The bond's name (null for namespace-wide events). */
    public String bond() {
        return bond;
    }

    /** The port's name, for port events. */
    public String port() {
        return port;
    }

    /** Previous value: old active port, old MII status. */
    public String from() {
        return from;
    }

    /** New value: new active port, new MII status. */
    public String to() {
        return to;
    }

    /** 1 carrier, 0 none, -1 not reported with this kind. */
    public int carrier() {
        return carrier;
    }

    /** Port MII status ({@link MiiStatus}), -1 when not reported. */
    public int miiStatus() {
        return mii;
    }

    /** The MII status as /proc/net/bonding words it, for a PORT or MII_STATUS event. */
    public String miiStatusName() {
        return mii < 0 ? null : MiiStatus.name(mii);
    }

    /** Port bonding state (BondAttrs.STATE_*), -1 when not reported. */
    public int portState() {
        return portState;
    }

    /** "active" or "backup", for a PORT event. */
    public String portStateName() {
        return portState < 0 ? null : portState < PortState.STATES.length ? PortState.STATES[portState] : "unknown";
    }

    /** The kernel's link failure count of the port, -1 when not reported. */
    public long linkFailures() {
        return linkFailures;
    }

    /** Failover: the accelerator asked for it (true) or the kernel's MII monitor did it alone. */
    public boolean accelerated() {
        return accelerated;
    }

    /** Failover: ns from the old port's carrier loss message to this event; -1 unknown. */
    public long sinceCarrierLoss() {
        return sinceCarrierLoss;
    }

    /**
     * Accelerated failover: ns from the carrier loss message to the kernel's acknowledgement of
     * the switch request (the switch is done by then); -1 otherwise.
     */
    public long reaction() {
        return reaction;
    }

    /**
     * Accelerated failover: CLOCK_MONOTONIC (ns) when the kernel acknowledged the switch request,
     * that is when the new port was active; -1 otherwise.
     */
    public long switchedNanos() {
        return switched;
    }

    /** Free text: option changes, refusal reason, state summary. */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return EventFormat.text(this);
    }
}
