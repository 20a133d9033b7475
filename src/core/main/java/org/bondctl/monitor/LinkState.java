package org.bondctl.monitor;

import java.nio.charset.StandardCharsets;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.rtnl.Rtnl;

/** What the monitor remembers of one link between messages. Event thread only. */
final class LinkState {
    final int index;
    String name;
    byte[] nameBytes;
    boolean seen;
    int flags;
    boolean carrier;
    int master;
    boolean isBond;
    boolean isPort;

    // bond: the options the event path needs, decoded in place (BondView)
    BondMode mode = BondMode.BALANCE_RR;
    int active;
    int primary;
    int primaryReselect;
    int downdelay;
    int updelay;
    int miimon;
    /** Every setting as the kernel sent it (IFLA_INFO_DATA without state), to spot changes. */
    byte[] settings = new byte[512];
    int settingsLen;
    /** The same, decoded (cold path: only when they change), for the OPTIONS event's text. */
    BondSettings options;

    // bond: the accelerator's bookkeeping (Accelerator)
    /** Why a decision waits for the socket to drain (Accelerator.LOST | PRIMARY_BACK), 0: none. */
    int decide;
    /** Receive time of the message that asked for the decision. */
    long decideRx;
    /** The port a switch request made active (0: none in flight), and its times. */
    int pendingTarget;
    long pendingAt;
    long pendingReaction;
    long pendingDone;

    // port
    int mii = -1;
    int portState = -1;
    long linkFailures;
    long carrierLostAt;
    /** While the MII monitor waits out updelay/downdelay: re-read the port until then (0: not). */
    long probeUntil;
    long nextProbe;

    LinkState(int index) {
        this.index = index;
    }

    void rename(String n) {
        name = n;
        nameBytes = n.getBytes(StandardCharsets.UTF_8);
    }

    boolean isUp() {
        return (flags & Rtnl.IFF_UP) != 0;
    }
}
