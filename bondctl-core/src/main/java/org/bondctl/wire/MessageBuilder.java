package org.bondctl.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.bondctl.shim.Shim;

/**
 * Builds one netlink message in a reusable direct buffer: header, the family's fixed header,
 * attributes, nests. Integers are in host byte order as netlink wants; addresses are written
 * as the raw bytes they are.
 */
public final class MessageBuilder {
    private final ByteBuffer buf;
    private final long address;
    private int[] nests = new int[8];
    private int depth;

    public MessageBuilder() {
        this(32 * 1024);
    }

    public MessageBuilder(int capacity) {
        buf = NativeBuffer.allocate(capacity); // not zeroed: every byte sent is written first
        address = Shim.address(buf);
    }

    /** Starts a new message; the sequence number is set by {@link #finish}. */
    public MessageBuilder begin(int type, int flags) {
        buf.clear();
        depth = 0;
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
        return this;
    }

    public int type() {
        return buf.getShort(4) & 0xffff;
    }

    public int flags() {
        return buf.getShort(6) & 0xffff;
    }

    public MessageBuilder addFlags(int flags) {
        buf.putShort(6, (short) (flags() | flags));
        return this;
    }

    // ---- fixed family headers: raw fields, each aligned by the caller's struct layout

    public MessageBuilder u8(int v) {
        ensure(1);
        buf.put((byte) v);
        return this;
    }

    public MessageBuilder u16(int v) {
        ensure(2);
        buf.putShort((short) v);
        return this;
    }

    public MessageBuilder u32(int v) {
        ensure(4);
        buf.putInt(v);
        return this;
    }

    public MessageBuilder pad() {
        int n = Netlink.align(buf.position()) - buf.position();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf.put((byte) 0);
        }
        return this;
    }

    /** struct ifinfomsg (include/uapi/linux/rtnetlink.h). */
    public MessageBuilder ifinfomsg(int family, int ifindex, int flags, int change) {
        return u8(family).u8(0).u16(0).u32(ifindex).u32(flags).u32(change);
    }

    // ---- attributes

    private int attrHeader(int type, int payload) {
        ensure(Netlink.align(Netlink.ATTR_HDRLEN + payload));
        int start = buf.position();
        buf.putShort((short) (Netlink.ATTR_HDRLEN + payload)).putShort((short) type);
        return start;
    }

    private MessageBuilder attrEnd() {
        return pad();
    }

    public MessageBuilder attrU8(int type, int v) {
        attrHeader(type, 1);
        buf.put((byte) v);
        return attrEnd();
    }

    public MessageBuilder attrU16(int type, int v) {
        attrHeader(type, 2);
        buf.putShort((short) v);
        return attrEnd();
    }

    public MessageBuilder attrU32(int type, int v) {
        attrHeader(type, 4);
        buf.putInt(v);
        return attrEnd();
    }

    public MessageBuilder attrU64(int type, long v) {
        attrHeader(type, 8);
        buf.putLong(v);
        return attrEnd();
    }

    /** A NUL-terminated string (NLA_NUL_STRING / NLA_STRING both accept it). */
    public MessageBuilder attrString(int type, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        attrHeader(type, b.length + 1);
        buf.put(b).put((byte) 0);
        return attrEnd();
    }

    public MessageBuilder attrBytes(int type, byte[] b) {
        attrHeader(type, b.length);
        buf.put(b);
        return attrEnd();
    }

    public MessageBuilder attrFlag(int type) {
        attrHeader(type, 0);
        return this;
    }

    /** Opens a nested attribute; close it with {@link #nestEnd()}. */
    public MessageBuilder nestStart(int type) {
        if (depth == nests.length) {
            nests = java.util.Arrays.copyOf(nests, depth * 2);
        }
        nests[depth++] = attrHeader(type | Netlink.NLA_F_NESTED, 0);
        return this;
    }

    public MessageBuilder nestEnd() {
        if (depth == 0) {
            throw new IllegalStateException("nestEnd without nestStart");
        }
        int start = nests[--depth];
        buf.putShort(start, (short) (buf.position() - start));
        return this;
    }

    private void ensure(int n) {
        if (buf.remaining() < n) {
            throw new IllegalStateException("netlink message exceeds " + buf.capacity() + " bytes");
        }
    }

    /** Closes the message: length and sequence number. Returns its length. */
    public int finish(int seq) {
        if (depth != 0) {
            throw new IllegalStateException("unclosed nested attribute");
        }
        int len = buf.position();
        buf.putInt(0, len);
        buf.putInt(8, seq);
        return len;
    }

    public int length() {
        return buf.position();
    }

    public long address() {
        return address;
    }

    /** A copy of the bytes written so far (tests, diagnostics). */
    public byte[] toBytes() {
        byte[] b = new byte[buf.position()];
        buf.get(0, b);
        return b;
    }

    /** Read-only view of the message bytes for in-process decoding. */
    public ByteBuffer view() {
        ByteBuffer v = buf.duplicate().order(ByteOrder.nativeOrder());
        v.position(0).limit(buf.position());
        return v;
    }
}
