package org.bondctl.bond;

import java.nio.ByteBuffer;
import org.bondctl.bond.options.BondOption;
import org.bondctl.rtnl.LinkView;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.Netlink;

/**
 * The bonding part of one link message, read in place with no allocation: for a bond the
 * options the monitor follows (mode, active port, primary, primary_reselect, miimon,
 * downdelay), for a port its bonding state, MII status and link failure count. The event-path
 * counterpart of {@link BondState}, which builds records from a dump.
 */
public final class BondView {

    private final AttrTable data = new AttrTable(BondAttrs.BOND_MAX);
    private final AttrTable slave = new AttrTable(BondAttrs.SLAVE_MAX);
    private boolean hasData;
    private boolean hasSlave;

    /** Reads the bond's IFLA_INFO_DATA and the port's IFLA_INFO_SLAVE_DATA of a wrapped view. */
    public BondView wrap(LinkView link) {
        hasData = link.isBond() && link.infoData(data);
        hasSlave = link.isBondPort() && link.slaveData(slave);
        return this;
    }

    public boolean hasBondData() {
        return hasData;
    }

    public boolean hasPortData() {
        return hasSlave;
    }

    /** BOND_MODE_* value; 0 (balance-rr) when absent. */
    public int mode() {
        return hasData ? (int) BondOption.MODE.read(data, 0) : 0;
    }

    /** ifindex of the active port, 0 for none. */
    public int activePort() {
        return hasData ? (int) BondOption.ACTIVE_SLAVE.read(data, 0) : 0;
    }

    /** ifindex of the primary port, 0 for none. */
    public int primary() {
        return hasData ? (int) BondOption.PRIMARY.read(data, 0) : 0;
    }

    /** BOND_PRI_RESELECT_* (0 always, 1 better, 2 failure). */
    public int primaryReselect() {
        return hasData ? (int) BondOption.PRIMARY_RESELECT.read(data, 0) : 0;
    }

    public int miimon() {
        return hasData ? (int) BondOption.MIIMON.read(data, 0) : 0;
    }

    public int updelay() {
        return hasData ? (int) BondOption.UPDELAY.read(data, 0) : 0;
    }

    public int downdelay() {
        return hasData ? (int) BondOption.DOWNDELAY.read(data, 0) : 0;
    }

    /** Port: BOND_STATE_ACTIVE or BOND_STATE_BACKUP; -1 when not a bond port. */
    public int portState() {
        return hasSlave ? slave.u8(BondAttrs.SLAVE_STATE, -1) : -1;
    }

    /** Port: {@link MiiStatus} value; -1 when not a bond port. */
    public int miiStatus() {
        return hasSlave ? slave.u8(BondAttrs.SLAVE_MII_STATUS, -1) : -1;
    }

    public long linkFailureCount() {
        return hasSlave ? Integer.toUnsignedLong(slave.u32(BondAttrs.SLAVE_LINK_FAILURE_COUNT, 0)) : 0;
    }

    /** True for the attribute types that are state, not settings: the active port, 802.3ad info. */
    private static boolean isState(int type) {
        return type == BondOption.ACTIVE_SLAVE.id() || type == BondAttrs.IFLA_BOND_AD_INFO;
    }

    /**
     * Copies the bond's settings (IFLA_INFO_DATA without the active port and 802.3ad state) into
     * dst; returns the length, or -(length needed) when dst is too small.
     */
    public int copySettings(byte[] dst) {
        if (!hasData) {
            return 0;
        }
        ByteBuffer b = data.buffer();
        int n = 0;
        for (int pos = data.start(); pos + Netlink.ATTR_HDRLEN <= data.end(); ) {
            int len = b.getShort(pos) & 0xffff;
            int type = b.getShort(pos + 2) & Netlink.NLA_TYPE_MASK;
            int step = Math.min(Netlink.align(len), data.end() - pos);
            if (!isState(type)) {
                if (n + step <= dst.length) {
                    b.get(pos, dst, n, step);
                }
                n += step;
            }
            pos += step;
        }
        return n <= dst.length ? n : -n;
    }

    /** True when the bond's settings equal {@code prev[0, len)} as {@link #copySettings} wrote them. */
    public boolean settingsEqual(byte[] prev, int len) {
        if (!hasData) {
            return len == 0;
        }
        ByteBuffer b = data.buffer();
        int n = 0;
        for (int pos = data.start(); pos + Netlink.ATTR_HDRLEN <= data.end(); ) {
            int alen = b.getShort(pos) & 0xffff;
            int type = b.getShort(pos + 2) & Netlink.NLA_TYPE_MASK;
            int step = Math.min(Netlink.align(alen), data.end() - pos);
            if (!isState(type)) {
                if (n + step > len) {
                    return false;
                }
                for (int i = 0; i < step; i++) {
                    if (b.get(pos + i) != prev[n + i]) {
                        return false;
                    }
                }
                n += step;
            }
            pos += step;
        }
        return n == len;
    }
}
