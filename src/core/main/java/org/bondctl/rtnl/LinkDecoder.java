package org.bondctl.rtnl;

import java.nio.ByteBuffer;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.NlMessage;

/** Decodes RTM_NEWLINK messages. Reusable, one thread at a time. */
public final class LinkDecoder {
    private final AttrTable attrs = new AttrTable(Rtnl.IFLA_MAX_DECODED);
    private final AttrTable info = new AttrTable(Rtnl.IFLA_INFO_SLAVE_DATA);

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
                attrs.u32(Rtnl.IFLA_MAX_MTU, 0));
    }
}
