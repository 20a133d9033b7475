package org.bondctl.monitor;

import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.wire.MessageBuilder;
import org.bondctl.wire.NetlinkSocket;

/**
 * Re-reads ports whose MII status is about to change without a notification.
 *
 * <p>The kernel announces a port's MII status "down" and "up" at once, but "going down"
 * (during downdelay) and "going back" (during updelay) only now and then:
 * bond_commit_link_state() defers those notifications and two deferred changes cancel out
 * (should_notify_link, drivers/net/bonding/bond_main.c). So while a port waits out a delay
 * after its carrier changed, the monitor re-reads it every miimon/2 until the MII status
 * settles (and at most delay + 3 miimon). Event thread only.
 */
final class MiiProber {
    private final LinkTable links;
    private final NetlinkSocket requests;
    private final MessageBuilder req = new MessageBuilder(64);
    private final NetlinkSocket.Handler reply;
    private int probing;

    /** {@code reply} gets each answer (an RTM_NEWLINK of the port). */
    MiiProber(LinkTable links, NetlinkSocket requests, NetlinkSocket.Handler reply) {
        this.links = links;
        this.requests = requests;
        this.reply = reply;
    }

    /** The port's carrier changed at {@code rx}: follow it while the bond's delay runs. */
    void start(LinkState bond, LinkState port, long rx, boolean lost) {
        int delay = lost ? bond.downdelay : bond.updelay;
        if (delay <= 0 || bond.miimon <= 0 || requests == null) {
            return;
        }
        if (port.probeUntil == 0) {
            probing++;
        }
        port.probeUntil = rx + (delay + 3L * bond.miimon) * 1_000_000L;
        port.nextProbe = rx + interval(bond);
    }

    /** The port's MII status settled (or it is gone): stop re-reading it. */
    void stop(LinkState port) {
        if (port.probeUntil != 0) {
            port.probeUntil = 0;
            probing--;
        }
    }

    boolean active() {
        return probing > 0;
    }

    /** How long the event thread may block in receive before the next probe is due. */
    int waitMs(int maxMs) {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < links.size(); i++) {
            LinkState s = links.at(i);
            if (s.probeUntil != 0 && s.nextProbe < next) {
                next = s.nextProbe;
            }
        }
        long ms = (next - System.nanoTime()) / 1_000_000L;
        return (int) Math.max(1, Math.min(maxMs, ms));
    }

    /** Sends the probes that are due at {@code now}. */
    void probe(long now) {
        for (int i = 0; i < links.size(); i++) {
            LinkState s = links.at(i);
            if (s.probeUntil == 0 || now - s.nextProbe < 0) {
                continue;
            }
            LinkState bond = links.get(s.master);
            if (!s.isPort || bond == null || now - s.probeUntil >= 0) {
                stop(s);
                continue;
            }
            s.nextProbe = now + interval(bond);
            Rtnl.beginGetLink(req, 0, s.index);
            try {
                requests.query(req, "read port", reply);
            } catch (BondctlException e) {
                stop(s); // gone meanwhile: its RTM_DELLINK follows
            }
        }
    }

    private static long interval(LinkState bond) {
        return Math.max(5, bond.miimon / 2) * 1_000_000L;
    }
}
