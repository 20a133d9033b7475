package org.bondctl.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Index of the attributes in one attribute stream, by type: a reusable flyweight over a
 * buffer (parse again to reuse it; nothing is allocated on parse). Types above the table's
 * maximum are skipped, as the kernel does for attributes it does not know. A repeated type
 * keeps its last occurrence; use {@link AttrIterator} for lists.
 */
public final class AttrTable {
    private final int[] offset;
    private final int[] length;
    private ByteBuffer buf;
    private int start;
    private int end;

    public AttrTable(int maxType) {
        offset = new int[maxType + 1];
        length = new int[maxType + 1];
        Arrays.fill(offset, -1);
    }

    /** Indexes the attributes in [from, to) of buf. Throws NetlinkParseException on bad framing. */
    public AttrTable parse(ByteBuffer buf, int from, int to) {
        Arrays.fill(offset, -1);
        this.buf = buf;
        this.start = from;
        this.end = to;
        int pos = from;
        while (pos + Netlink.ATTR_HDRLEN <= to) {
            int len = buf.getShort(pos) & 0xffff;
            int type = buf.getShort(pos + 2) & Netlink.NLA_TYPE_MASK;
            if (len < Netlink.ATTR_HDRLEN || pos + len > to) {
                throw new NetlinkParseException("attribute " + type + " length " + len + " at offset " + pos
                        + " overruns its container (ends at " + to + ")");
            }
            if (type < offset.length) {
                offset[type] = pos + Netlink.ATTR_HDRLEN;
                length[type] = len - Netlink.ATTR_HDRLEN;
            }
            pos += Netlink.align(len);
        }
        return this;
    }

    /** Indexes the payload of attribute {@code type} of {@code parent}; false when absent. */
    public boolean parseNested(AttrTable parent, int type) {
        if (!parent.has(type)) {
            Arrays.fill(offset, -1);
            return false;
        }
        parse(parent.buf, parent.offset[type], parent.offset[type] + parent.length[type]);
        return true;
    }

    public int maxType() {
        return offset.length - 1;
    }

    public boolean has(int type) {
        return type >= 0 && type < offset.length && offset[type] >= 0;
    }

    /** Payload offset in {@link #buffer()}, or -1. */
    public int offset(int type) {
        return has(type) ? offset[type] : -1;
    }

    public int length(int type) {
        return has(type) ? length[type] : -1;
    }

    public ByteBuffer buffer() {
        return buf;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    private int at(int type, int need) {
        if (!has(type)) {
            throw new NetlinkParseException("attribute " + type + " is missing");
        }
        if (length[type] < need) {
            throw new NetlinkParseException("attribute " + type + " has " + length[type] + " bytes, needs " + need);
        }
        return offset[type];
    }

    public int u8(int type) {
        return buf.get(at(type, 1)) & 0xff;
    }

    public int u16(int type) {
        return buf.getShort(at(type, 2)) & 0xffff;
    }

    /** Unsigned 32-bit value in an int (use Integer.toUnsignedLong where it matters). */
    public int u32(int type) {
        return buf.getInt(at(type, 4));
    }

    public long u64(int type) {
        return buf.getLong(at(type, 8));
    }

    public int u8(int type, int absent) {
        return has(type) ? u8(type) : absent;
    }

    public int u16(int type, int absent) {
        return has(type) ? u16(type) : absent;
    }

    public int u32(int type, int absent) {
        return has(type) ? u32(type) : absent;
    }

    /** A string attribute up to its first NUL; null when absent. */
    public String string(int type) {
        if (!has(type)) {
            return null;
        }
        int off = offset[type];
        int n = 0;
        while (n < length[type] && buf.get(off + n) != 0) {
            n++;
        }
        byte[] b = new byte[n];
        buf.get(off, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The payload bytes; null when absent. */
    public byte[] bytes(int type) {
        if (!has(type)) {
            return null;
        }
        byte[] b = new byte[length[type]];
        buf.get(offset[type], b);
        return b;
    }
}
