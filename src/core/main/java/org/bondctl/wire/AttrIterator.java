package org.bondctl.wire;

import java.nio.ByteBuffer;

/** Walks the attributes of a stream one by one (lists, repeated types). Reusable. */
public final class AttrIterator {
    private ByteBuffer buf;
    private int pos;
    private int end;
    private int type;
    private int offset;
    private int length;

    public AttrIterator reset(ByteBuffer buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
        return this;
    }

    /** Iterates the payload of {@code type} in {@code table} (nothing when absent). */
    public AttrIterator reset(AttrTable table, int type) {
        if (!table.has(type)) {
            return reset(table.buffer(), 0, 0);
        }
        int off = table.offset(type);
        return reset(table.buffer(), off, off + table.length(type));
    }

    public boolean next() {
        if (pos + Netlink.ATTR_HDRLEN > end) {
            return false;
        }
        int len = buf.getShort(pos) & 0xffff;
        if (len < Netlink.ATTR_HDRLEN || pos + len > end) {
            throw new NetlinkParseException("attribute length " + len + " at offset " + pos + " overruns " + end);
        }
        type = buf.getShort(pos + 2) & Netlink.NLA_TYPE_MASK;
        offset = pos + Netlink.ATTR_HDRLEN;
        length = len - Netlink.ATTR_HDRLEN;
        pos += Netlink.align(len);
        return true;
    }

    public int type() {
        return type;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public ByteBuffer buffer() {
        return buf;
    }

    public int u32() {
        if (length < 4) {
            throw new NetlinkParseException("attribute " + type + " has " + length + " bytes, needs 4");
        }
        return buf.getInt(offset);
    }

    public byte[] bytes() {
        byte[] b = new byte[length];
        buf.get(offset, b);
        return b;
    }
}
