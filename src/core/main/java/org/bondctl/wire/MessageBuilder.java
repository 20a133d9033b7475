package org.bondctl.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.bondctl.shim.Shim;

/**
 * Builds one netlink message in a reusable direct buffer: header, the family's fixed header,
 * attributes, nests. Integers are in host byte order as netlink wants; addresses are written
 * as the raw bytes they are. {@link #then} appends further messages behind it, for a datagram
 * of several requests that the kernel processes in order (netlink_rcv_skb(), net/netlink/af_netlink.c).
 */
public final class MessageBuilder {
    private final ByteBuffer buf;
    private final long address;
    private int[] nests = new int[8];
    private int depth;
    /** Offsets of the messages in the buffer; the last is the one being written. */
    private int[] starts = new int[8];
    private int count;

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
        count = 0;
        return header(type, flags);
    }

    /**
     * Closes the message being written and starts another behind it in the same buffer: one
     * datagram, several requests. {@link #messages} counts them; {@link #finish(int, int, int)}
     * closes each.
     */
    public MessageBuilder then(int type, int flags) {
        if (depth != 0) {
            throw new IllegalStateException("unclosed nested attribute");
        }
        buf.putInt(start(), buf.position() - start());
        pad(); // NLMSG_ALIGN: the next header starts on a 4-byte boundary, outside this message's length
        return header(type, flags);
    }

    private MessageBuilder header(int type, int flags) {
        ensure(Netlink.HDRLEN);
        if (count == starts.length) {
            starts = java.util.Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = buf.position();
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
        return this;
    }

    private int start() {
        return starts[count - 1];
    }

    /** How many messages the buffer holds ({@link #then} adds one). */
    public int messages() {
        return count;
    }

    /** The type of the message being written. */
    public int type() {
        return buf.getShort(start() + 4) & 0xffff;
    }

    /** The flags of the message being written. */
    public int flags() {
        return buf.getShort(start() + 6) & 0xffff;
    }

    public MessageBuilder addFlags(int flags) {
        buf.putShort(start() + 6, (short) (flags() | flags));
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
        if (count != 1) {
            throw new IllegalStateException("finish(seq) is for a single message; this buffer holds " + count);
        }
        return finish(0, seq, 0);
    }

    /**
     * Closes message {@code i} of a multi-message buffer: adds {@code flags}, sets its sequence
     * number (and its length, for the last one, still open). Returns its length.
     */
    public int finish(int i, int seq, int flags) {
        if (depth != 0) {
            throw new IllegalStateException("unclosed nested attribute");
        }
        int at = starts[i];
        if (i == count - 1) {
            buf.putInt(at, buf.position() - at);
        }
        buf.putShort(at + 6, (short) ((buf.getShort(at + 6) & 0xffff) | flags));
        buf.putInt(at + 8, seq);
        return buf.getInt(at);
    }

    public int length() {
        return buf.position();
    }

    /**
     * Overwrites the 4 bytes at {@code offset} of what has been written: a message built once
     * and sent many times with one field changed (a template) costs two stores instead of a
     * build. Throws IndexOutOfBoundsException past what has been written.
     */
    public MessageBuilder patchInt(int offset, int value) {
        if (offset < 0 || offset + 4 > buf.position()) {
            throw new IndexOutOfBoundsException("patch at " + offset + " of a " + buf.position() + "-byte message");
        }
        buf.putInt(offset, value);
        return this;
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
