package org.bondctl.monitor;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.bondctl.bond.options.BondOption;

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

    // bond
    int mode;
    int active;
    int primary;
    int primaryReselect;
    int downdelay;
    int updelay;
    int miimon;
    byte[] settings = new byte[512];
    int settingsLen;
    Map<BondOption, Object> options;
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
        return (flags & org.bondctl.rtnl.Rtnl.IFF_UP) != 0;
    }
}
