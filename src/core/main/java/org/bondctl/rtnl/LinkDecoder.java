package org.bondctl.rtnl;

import java.nio.ByteBuffer;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.NlMessage;

/** Decodes RTM_NEWLINK messages. Reusable, one thread at a time. */
public final class LinkDecoder {
    private final AttrTable attrs = new AttrTable(Rtnl.IFLA_MAX_DECODED);
    private final AttrTable info = new AttrTable(Rtnl.IFLA_INFO_SLAVE_DATA);
    private final AttrTable afSpec = new AttrTable(Rtnl.AF_INET6);
    private final AttrTable inet6 = new AttrTable(Rtnl.IFLA_INET6_CONF);

    /** The ifindex of an RTM_NEWLINK/DELLINK message without decoding the rest. */
    public static int index(NlMessage m) {
        m.requirePayload(Rtnl.IFINFOMSG_LEN);
        return m.buffer().getInt(m.payload() + 4);
    }

    public Link decode(NlMessage m) {
        m.requirePayload(Rtnl.IFINFOMSG_LEN);
        ByteBuffer b = m.buffer();
        int p = m.payload();
        int index = b.getInt(p + 4);
        int flags = b.getInt(p + 8);
        attrs.parse(b, p + Rtnl.IFINFOMSG_LEN, m.end());
        String kind = null;
        String slaveKind = null;
        byte[] data = null;
        byte[] slaveData = null;
        if (info.parseNested(attrs, Rtnl.IFLA_LINKINFO)) {
            kind = info.string(Rtnl.IFLA_INFO_KIND);
            slaveKind = info.string(Rtnl.IFLA_INFO_SLAVE_KIND);
            data = info.bytes(Rtnl.IFLA_INFO_DATA);
            slaveData = info.bytes(Rtnl.IFLA_INFO_SLAVE_DATA);
        }
        return new Link(index,
                attrs.string(Rtnl.IFLA_IFNAME),
                flags,
                attrs.u8(Rtnl.IFLA_OPERSTATE, 0),
                attrs.u8(Rtnl.IFLA_CARRIER, (flags & Rtnl.IFF_LOWER_UP) != 0 ? 1 : 0) != 0,
                attrs.u32(Rtnl.IFLA_MTU, 0),
                MacAddress.of(attrs.bytes(Rtnl.IFLA_ADDRESS)),
                MacAddress.of(attrs.bytes(Rtnl.IFLA_PERM_ADDRESS)),
                attrs.u32(Rtnl.IFLA_MASTER, 0),
                kind,
                slaveKind,
                AttrBytes.of(data),
                AttrBytes.of(slaveData),
                attrs.u32(Rtnl.IFLA_CARRIER_CHANGES, 0),
                attrs.u32(Rtnl.IFLA_LINK, 0),
                attrs.u32(Rtnl.IFLA_MIN_MTU, 0),
                attrs.u32(Rtnl.IFLA_MAX_MTU, 0),
                disableIpv6());
    }

    /**
     * The interface's disable_ipv6 setting, from its IPv6 sysctl array (IFLA_AF_SPEC, AF_INET6,
     * IFLA_INET6_CONF: one s32 per DEVCONF_* index), or -1 when the link has no IPv6 at all.
     */
    private int disableIpv6() {
        if (!afSpec.parseNested(attrs, Rtnl.IFLA_AF_SPEC) || !inet6.parseNested(afSpec, Rtnl.AF_INET6)
                || !inet6.has(Rtnl.IFLA_INET6_CONF) || inet6.length(Rtnl.IFLA_INET6_CONF) < 4 * (Rtnl.DEVCONF_DISABLE_IPV6 + 1)) {
            return -1;
        }
        return inet6.buffer().getInt(inet6.offset(Rtnl.IFLA_INET6_CONF) + 4 * Rtnl.DEVCONF_DISABLE_IPV6);
    }
}
