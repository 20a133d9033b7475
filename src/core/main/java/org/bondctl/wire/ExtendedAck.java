package org.bondctl.wire;

/**
 * The kernel's answer to a request: the error code of an NLMSG_ERROR (0: done) and, for a
 * refusal, its extended ACK (uapi linux/netlink.h, struct nlmsgerr and NLMSGERR_ATTR_*): the
 * message text and the offset of the attribute at fault, which every bondctl error quotes.
 * Holds a reused attribute table: one per socket, not thread-safe.
 */
final class ExtendedAck {
    private final AttrTable errAttrs = new AttrTable(Netlink.NLMSGERR_ATTR_OFFS);

    /** The error field of an NLMSG_ERROR or NLMSG_DONE: 0 or -errno. */
    static int code(NlMessage m) {
        m.requirePayload(4);
        return m.buffer().getInt(m.payload());
    }

    /** The refusal in {@code m} (an NLMSG_ERROR or NLMSG_DONE with {@code errno}) as an exception naming {@code operation}. */
    NetlinkException refusal(String operation, NlMessage m, int errno) {
        String text = null;
        int offs = -1;
        if ((m.flags() & Netlink.NLM_F_ACK_TLVS) != 0) {
            int pos = m.payload() + 4;
            if (m.type() == Netlink.NLMSG_ERROR) {
                // struct nlmsgerr: error, then the request's header (and payload unless capped)
                if (pos + Netlink.HDRLEN <= m.end()) {
                    int origLen = m.buffer().getInt(pos);
                    pos += (m.flags() & Netlink.NLM_F_CAPPED) != 0 ? Netlink.HDRLEN : Netlink.align(origLen);
                } else {
                    pos = m.end();
                }
            }
            if (pos <= m.end()) {
                errAttrs.parse(m.buffer(), pos, m.end());
                text = errAttrs.string(Netlink.NLMSGERR_ATTR_MSG);
                offs = errAttrs.u32(Netlink.NLMSGERR_ATTR_OFFS, -1);
            }
        }
        return new NetlinkException(operation, errno, text, offs);
    }
}
