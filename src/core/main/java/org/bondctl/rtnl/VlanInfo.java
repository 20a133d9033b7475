package org.bondctl.rtnl;

import org.bondctl.wire.AttrTable;

/** A VLAN link's id and ethertype, from its IFLA_INFO_DATA (IFLA_VLAN_ID, IFLA_VLAN_PROTOCOL). */
public record VlanInfo(int id, int protocol) {
    /** The link's VLAN data, or null when it is not a VLAN. */
    public static VlanInfo of(Link l) {
        if (!l.isVlan() || l.infoData() == null) {
            return null;
        }
        AttrTable t = new AttrTable(Rtnl.IFLA_VLAN_PROTOCOL);
        l.infoData().parseInto(t);
        // the protocol travels in network byte order (__be16)
        int proto = Short.toUnsignedInt(Short.reverseBytes((short) t.u16(Rtnl.IFLA_VLAN_PROTOCOL, 0x0081)));
        return new VlanInfo(t.u16(Rtnl.IFLA_VLAN_ID, 0), proto);
    }

    public String protocolName() {
        return protocol == Rtnl.ETH_P_8021AD ? "802.1ad" : "802.1Q";
    }
}
