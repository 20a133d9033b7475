package org.bondctl.ethtool;

import org.bondctl.error.BondctlException;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.MessageBuilder;
import org.bondctl.wire.Netlink;
import org.bondctl.wire.NetlinkSocket;

/**
 * Link speed and duplex through ethtool's generic netlink family (Linux 5.6+): what
 * /proc/net/bonding prints per port, without the ioctl. include/uapi/linux/ethtool_netlink.h,
 * genetlink.h
 */
public final class Ethtool implements AutoCloseable {
    /** Speed in Mb/s (-1 unknown) and duplex ("full", "half", or null when unknown). */
    public record LinkModes(int speedMbps, String duplex) {}

    private static final int GENL_ID_CTRL = 0x10;
    private static final int CTRL_CMD_GETFAMILY = 3;
    private static final int CTRL_ATTR_FAMILY_ID = 1;
    private static final int CTRL_ATTR_FAMILY_NAME = 2;
    private static final int GENLMSG_LEN = 4;

    private static final int ETHTOOL_MSG_LINKMODES_GET = 4;
    private static final int ETHTOOL_A_LINKMODES_HEADER = 1;
    private static final int ETHTOOL_A_LINKMODES_SPEED = 5;
    private static final int ETHTOOL_A_LINKMODES_DUPLEX = 6;
    private static final int ETHTOOL_A_HEADER_DEV_INDEX = 1;
    private static final int ETHTOOL_A_HEADER_FLAGS = 3;
    private static final int ETHTOOL_FLAG_COMPACT_BITSETS = 1;
    private static final int DUPLEX_HALF = 0;
    private static final int DUPLEX_FULL = 1;

    private final NetlinkSocket socket;
    private final MessageBuilder req = new MessageBuilder(1024);
    private final AttrTable attrs = new AttrTable(ETHTOOL_A_LINKMODES_DUPLEX);
    private final int family;

    private Ethtool(NetlinkSocket socket, int family) {
        this.socket = socket;
        this.family = family;
    }

    /** Opens ethtool netlink in the namespace; null when the kernel lacks it. */
    public static Ethtool open(String netns) {
        NetlinkSocket s = NetlinkSocket.open(netns, Netlink.NETLINK_GENERIC, 0).recycleBufferOnClose();
        try {
            MessageBuilder m = new MessageBuilder(256);
            m.begin(GENL_ID_CTRL, 0).u8(CTRL_CMD_GETFAMILY).u8(1).u16(0).attrString(CTRL_ATTR_FAMILY_NAME, "ethtool");
            int[] id = {-1};
            AttrTable t = new AttrTable(CTRL_ATTR_FAMILY_NAME);
            s.request(m, "resolve generic netlink family ethtool", msg -> {
                msg.requirePayload(GENLMSG_LEN);
                t.parse(msg.buffer(), msg.payload() + GENLMSG_LEN, msg.end());
                id[0] = t.u16(CTRL_ATTR_FAMILY_ID, -1);
            });
            if (id[0] < 0) {
                s.close();
                return null;
            }
            return new Ethtool(s, id[0]);
        } catch (BondctlException e) {
            s.close();
            return null;
        }
    }

    /** Speed and duplex of a link, or null when the driver does not report them. */
    public LinkModes linkModes(int ifindex) {
        req.begin(family, 0).u8(ETHTOOL_MSG_LINKMODES_GET).u8(1).u16(0)
                .nestStart(ETHTOOL_A_LINKMODES_HEADER)
                .attrU32(ETHTOOL_A_HEADER_DEV_INDEX, ifindex)
                .attrU32(ETHTOOL_A_HEADER_FLAGS, ETHTOOL_FLAG_COMPACT_BITSETS)
                .nestEnd();
        LinkModes[] out = {null};
        try {
            socket.query(req, "ethtool link modes of #" + ifindex, msg -> {
                msg.requirePayload(GENLMSG_LEN);
                attrs.parse(msg.buffer(), msg.payload() + GENLMSG_LEN, msg.end());
                int speed = attrs.u32(ETHTOOL_A_LINKMODES_SPEED, -1);
                int duplex = attrs.u8(ETHTOOL_A_LINKMODES_DUPLEX, 0xff);
                out[0] = new LinkModes(speed, duplex == DUPLEX_FULL ? "full" : duplex == DUPLEX_HALF ? "half" : null);
            });
        } catch (BondctlException e) {
            return null; // EOPNOTSUPP for drivers without link settings
        }
        return out[0];
    }

    /**
     * Speed and duplex of every link that reports them, by ifindex: one dump instead of a
     * request per port (for showing many bonds).
     */
    public java.util.Map<Integer, LinkModes> linkModesAll() {
        req.begin(family, org.bondctl.wire.Netlink.NLM_F_DUMP).u8(ETHTOOL_MSG_LINKMODES_GET).u8(1).u16(0)
                .nestStart(ETHTOOL_A_LINKMODES_HEADER)
                .attrU32(ETHTOOL_A_HEADER_FLAGS, ETHTOOL_FLAG_COMPACT_BITSETS)
                .nestEnd();
        java.util.Map<Integer, LinkModes> out = new java.util.HashMap<>();
        AttrTable header = new AttrTable(ETHTOOL_A_HEADER_FLAGS);
        try {
            socket.request(req, "ethtool link modes of every link", msg -> {
                msg.requirePayload(GENLMSG_LEN);
                attrs.parse(msg.buffer(), msg.payload() + GENLMSG_LEN, msg.end());
                if (header.parseNested(attrs, ETHTOOL_A_LINKMODES_HEADER) && header.has(ETHTOOL_A_HEADER_DEV_INDEX)) {
                    int duplex = attrs.u8(ETHTOOL_A_LINKMODES_DUPLEX, 0xff);
                    out.put(header.u32(ETHTOOL_A_HEADER_DEV_INDEX), new LinkModes(attrs.u32(ETHTOOL_A_LINKMODES_SPEED, -1),
                            duplex == DUPLEX_FULL ? "full" : duplex == DUPLEX_HALF ? "half" : null));
                }
            });
        } catch (BondctlException e) {
            return java.util.Map.of();
        }
        return out;
    }

    @Override
    public void close() {
        socket.close();
    }
}
