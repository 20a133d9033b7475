package org.bondctl.rtnl;

import java.nio.ByteBuffer;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.NetlinkParseException;
import org.bondctl.wire.NlMessage;

/**
 * An RTM_NEWLINK/RTM_DELLINK message read in place, for event paths: the header fields, carrier,
 * operstate, master, IFLA_EVENT, and the raw IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA streams for
 * the kind's own layer to read. Nothing is allocated by {@link #wrap} or the accessors (unlike
 * {@link LinkDecoder}, which builds a {@link Link}). Valid until the receive buffer is reused.
 */
public final class LinkView {
    private static final byte[] BOND = {'b', 'o', 'n', 'd'};

    private final AttrTable attrs = new AttrTable(Rtnl.IFLA_MAX_DECODED);
    private final AttrTable info = new AttrTable(Rtnl.IFLA_INFO_SLAVE_DATA);
    private ByteBuffer buf;
    private int type;
    private int family;
    private int index;
    private int flags;
    private boolean hasInfo;

    /** Reads the message; throws NetlinkParseException when it is too short or badly framed. */
    public LinkView wrap(NlMessage m) {
        m.requirePayload(Rtnl.IFINFOMSG_LEN);
        buf = m.buffer();
        type = m.type();
        int p = m.payload();
        family = buf.get(p) & 0xff;
        index = buf.getInt(p + 4);
        flags = buf.getInt(p + 8);
        attrs.parse(buf, p + Rtnl.IFINFOMSG_LEN, m.end());
        hasInfo = info.parseNested(attrs, Rtnl.IFLA_LINKINFO);
        return this;
    }

    /** RTM_NEWLINK or RTM_DELLINK. */
    public int type() {
        return type;
    }

    /** ifi_family: AF_UNSPEC for the link itself (AF_BRIDGE etc. for per-family views). */
    public int family() {
        return family;
    }

    public int index() {
        return index;
    }

    public int flags() {
        return flags;
    }

    public boolean isUp() {
        return (flags & Rtnl.IFF_UP) != 0;
    }

    /** IFLA_CARRIER, or IFF_LOWER_UP when the kernel did not send it. */
    public boolean carrier() {
        return attrs.u8(Rtnl.IFLA_CARRIER, (flags & Rtnl.IFF_LOWER_UP) != 0 ? 1 : 0) != 0;
    }

    /** IF_OPER_* (index into {@link Rtnl#OPERSTATES}). */
    public int operstate() {
        return attrs.u8(Rtnl.IFLA_OPERSTATE, 0);
    }

    /** Master's ifindex, 0 for none. */
    public int master() {
        return attrs.u32(Rtnl.IFLA_MASTER, 0);
    }

    /** IFLA_EVENT_* that caused this message, IFLA_EVENT_NONE when absent. */
    public int event() {
        return attrs.u32(Rtnl.IFLA_EVENT, Rtnl.IFLA_EVENT_NONE);
    }

    public boolean isBond() {
        return hasInfo && equalsAscii(info, Rtnl.IFLA_INFO_KIND, BOND);
    }

    public boolean isBondPort() {
        return hasInfo && equalsAscii(info, Rtnl.IFLA_INFO_SLAVE_KIND, BOND);
    }

    /** IFLA_INFO_DATA (the kind's attributes, e.g. IFLA_BOND_*), or null; parsed into t. */
    public boolean infoData(AttrTable t) {
        return hasInfo && t.parseNested(info, Rtnl.IFLA_INFO_DATA);
    }

    /** IFLA_INFO_SLAVE_DATA (the master kind's port attributes), parsed into t. */
    public boolean slaveData(AttrTable t) {
        return hasInfo && t.parseNested(info, Rtnl.IFLA_INFO_SLAVE_DATA);
    }

    /** True when IFLA_IFNAME equals name (ASCII bytes, no trailing NUL). */
    public boolean nameEquals(byte[] name) {
        return equalsAscii(attrs, Rtnl.IFLA_IFNAME, name);
    }

    /** IFLA_IFNAME as a new String (allocates: for links seen the first time or renamed). */
    public String name() {
        String n = attrs.string(Rtnl.IFLA_IFNAME);
        if (n == null) {
            throw new NetlinkParseException("link #" + index + " without IFLA_IFNAME");
        }
        return n;
    }

    private static boolean equalsAscii(AttrTable t, int type, byte[] want) {
        int off = t.offset(type);
        if (off < 0) {
            return false;
        }
        int len = t.length(type);
        ByteBuffer b = t.buffer();
        int n = 0;
        while (n < len && b.get(off + n) != 0) {
            n++;
        }
        if (n != want.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b.get(off + i) != want[i]) {
                return false;
            }
        }
        return true;
    }
}
