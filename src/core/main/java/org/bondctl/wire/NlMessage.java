package org.bondctl.wire;

import java.nio.ByteBuffer;

/**
 * One netlink message inside a received datagram, decoded in place (a reusable flyweight).
 * {@link #next} walks a datagram: it validates each header against the datagram's bounds.
 */
public final class NlMessage {
    private ByteBuffer buf;
    private int datagramEnd;
    private int nextPos;
    private int offset;
    private int length;
    private int type;
    private int flags;
    private int seq;
    private int port;

    /** Positions before the first message of the datagram in buf[0, length). */
    public NlMessage reset(ByteBuffer buf, int length) {
        this.buf = buf;
        this.datagramEnd = length;
        this.nextPos = 0;
        return this;
    }

    /** Advances to the next message; false at the end of the datagram. */
    public boolean next() {
        if (nextPos >= datagramEnd) {
            return false;
        }
        if (nextPos + Netlink.HDRLEN > datagramEnd) {
            throw new NetlinkParseException("truncated message header at offset " + nextPos);
        }
        int len = buf.getInt(nextPos);
        if (len < Netlink.HDRLEN || len > datagramEnd - nextPos) {
            throw new NetlinkParseException("message length " + Integer.toUnsignedString(len) + " at offset "
                    + nextPos + " outside the datagram of " + datagramEnd + " bytes");
        }
        offset = nextPos;
        length = len;
        type = buf.getShort(nextPos + 4) & 0xffff;
        flags = buf.getShort(nextPos + 6) & 0xffff;
        seq = buf.getInt(nextPos + 8);
        port = buf.getInt(nextPos + 12);
        nextPos += Netlink.align(len);
        return true;
    }

    public ByteBuffer buffer() {
        return buf;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public int type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public int seq() {
        return seq;
    }

    public int port() {
        return port;
    }

    /** Start of the payload (after the netlink header). */
    public int payload() {
        return offset + Netlink.HDRLEN;
    }

    public int end() {
        return offset + length;
    }

    /** Throws unless the payload holds at least n bytes (a family header). */
    public void requirePayload(int n) {
        if (length - Netlink.HDRLEN < n) {
            throw new NetlinkParseException("message type " + type + " has " + (length - Netlink.HDRLEN)
                    + " payload bytes, needs " + n);
        }
    }
}
