package org.bondctl.rtnl;

import java.nio.ByteBuffer;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.MessageBuilder;
import org.bondctl.wire.NlMessage;

/**
 * Address and route messages, both ways: the bodies of RTM_NEWADDR/DELADDR and
 * RTM_NEWROUTE/DELROUTE requests (struct ifaddrmsg, struct rtmsg and their attributes,
 * uapi linux/if_addr.h and linux/rtnetlink.h), and the decoding of the kernel's dump answers
 * (rules' too, {@link RoutingRule} holding their wire form).
 * Holds reused attribute tables: one per {@link Rtnetlink}, not thread-safe.
 */
final class IpMessages {
    private final AttrTable addrAttrs = new AttrTable(Rtnl.IFA_RT_PRIORITY);
    private final AttrTable routeAttrs = new AttrTable(Rtnl.RTA_TABLE);
    private final AttrTable metrics = new AttrTable(RouteAttrs.RTAX_QUICKACK);
    private final AttrTable ruleAttrs = new AttrTable(RoutingRule.FRA_DPORT_RANGE);

    /**
     * The ifaddrmsg and addresses of a request begun in {@code b}: {@code a} on the link
     * {@code index}; a {@code metric} above 0 is the metric of the prefix route the kernel makes
     * for it (IFA_RT_PRIORITY), a negative one asks for none (IFA_F_NOPREFIXROUTE). An IPv4
     * address of a subnet with a broadcast address (up to /30) has it (IFA_BROADCAST: the host
     * bits all ones), as NetworkManager gives it ("brd 192.0.2.255" in ip addr; seen).
     */
    static void address(MessageBuilder b, Address a, int index, int metric) {
        byte[] raw = a.address().getAddress();
        b.u8(a.family()).u8(a.prefix()).u8(0).u8(0).u32(index)
                .attrBytes(Rtnl.IFA_LOCAL, raw)
                .attrBytes(Rtnl.IFA_ADDRESS, raw);
        if (a.family() == Rtnl.AF_INET && a.prefix() < 31) {
            byte[] brd = raw.clone();
            for (int bit = a.prefix(); bit < 32; bit++) {
                brd[bit / 8] |= (byte) (0x80 >> (bit % 8));
            }
            b.attrBytes(Rtnl.IFA_BROADCAST, brd);
        }
        if (metric > 0) {
            b.attrU32(Rtnl.IFA_RT_PRIORITY, metric);
        } else if (metric < 0) {
            b.attrU32(Rtnl.IFA_FLAGS, Rtnl.IFA_F_NOPREFIXROUTE);
        }
    }

    /** The rtmsg and attributes of a request begun in {@code b} for route {@code r}. */
    static void route(MessageBuilder b, Route r, int protocol, int scope) {
        int table = r.table() == 0 ? Rtnl.RT_TABLE_MAIN : r.table();
        RouteAttrs a = r.attrs();
        b.u8(r.family()).u8(r.prefix()).u8(a.srcLen()).u8(a.tos())
                .u8(table >= 0 && table < 256 ? table : Rtnl.RT_TABLE_COMPAT).u8(protocol).u8(scope).u8(r.type())
                .u32(a.rtmFlags())
                .attrU32(Rtnl.RTA_TABLE, table);
        if (r.destination() != null) {
            b.attrBytes(Rtnl.RTA_DST, r.destination().getAddress());
        }
        if (r.gateway() != null) {
            b.attrBytes(Rtnl.RTA_GATEWAY, r.gateway().getAddress());
        }
        if (r.oif() != 0) {
            b.attrU32(Rtnl.RTA_OIF, r.oif());
        }
        if (r.metric() != 0) {
            b.attrU32(Rtnl.RTA_PRIORITY, r.metric());
        }
        a.encode(b);
    }

    /** The interface index of an RTM_NEWADDR message (see {@link #address(NlMessage)}). */
    static int addressIndex(NlMessage m) {
        m.requirePayload(Rtnl.IFADDRMSG_LEN);
        return m.buffer().getInt(m.payload() + 4);
    }

    /** An RTM_NEWADDR message's address (IFA_LOCAL, else IFA_ADDRESS); null when it has none of its family's size. */
    Address address(NlMessage m) {
        m.requirePayload(Rtnl.IFADDRMSG_LEN);
        ByteBuffer b = m.buffer();
        int family = b.get(m.payload()) & 0xff;
        int prefix = b.get(m.payload() + 1) & 0xff;
        addrAttrs.parse(b, m.payload() + Rtnl.IFADDRMSG_LEN, m.end());
        byte[] raw = addrAttrs.bytes(addrAttrs.has(Rtnl.IFA_LOCAL) ? Rtnl.IFA_LOCAL : Rtnl.IFA_ADDRESS);
        if (raw == null || (family == Rtnl.AF_INET && raw.length != 4) || (family == Rtnl.AF_INET6 && raw.length != 16)) {
            return null;
        }
        return new Address(Address.inet(raw), prefix);
    }

    /**
     * The flags (IFA_FLAGS, else ifa_flags) and prefix-route metric (IFA_RT_PRIORITY, 0 when
     * absent) of the RTM_NEWADDR message last decoded by {@link #address(NlMessage)}.
     */
    AddressEntry entry(NlMessage m, Address a) {
        int flags = addrAttrs.u32(Rtnl.IFA_FLAGS, m.buffer().get(m.payload() + 2) & 0xff);
        byte[] brd = addrAttrs.bytes(Rtnl.IFA_BROADCAST);
        return new AddressEntry(addressIndex(m), a, flags, addrAttrs.u32(Rtnl.IFA_RT_PRIORITY, 0),
                brd == null || brd.length != 4 ? null : Address.inet(brd));
    }

    /**
     * An RTM_NEWROUTE message's route, of any table and type; null for other families than
     * IPv4 and IPv6 ({@link Rtnetlink#routeTables} sorts them).
     */
    Route route(NlMessage m) {
        m.requirePayload(Rtnl.RTMSG_LEN);
        ByteBuffer b = m.buffer();
        int p = m.payload();
        int family = b.get(p) & 0xff;
        if (family != Rtnl.AF_INET && family != Rtnl.AF_INET6) {
            return null;
        }
        int dstLen = b.get(p + 1) & 0xff;
        int protocol = b.get(p + 5) & 0xff;
        int scope = b.get(p + 6) & 0xff;
        int type = b.get(p + 7) & 0xff;
        routeAttrs.parse(b, p + Rtnl.RTMSG_LEN, m.end());
        int table = routeAttrs.u32(Rtnl.RTA_TABLE, b.get(p + 4) & 0xff);
        byte[] dst = routeAttrs.bytes(Rtnl.RTA_DST);
        byte[] gw = routeAttrs.bytes(Rtnl.RTA_GATEWAY);
        RouteAttrs attrs = RouteAttrs.decode(b.get(p + 3) & 0xff, b.getInt(p + 8), b.get(p + 2) & 0xff, routeAttrs, metrics);
        return new Route(family, dst == null ? null : Address.inet(dst), dstLen, gw == null ? null : Address.inet(gw),
                routeAttrs.u32(Rtnl.RTA_OIF, 0), protocol, routeAttrs.u32(Rtnl.RTA_PRIORITY, 0), table, scope, type, attrs);
    }

    /** An RTM_NEWRULE message's rule ({@link RoutingRule#decode}); null for other families. */
    RoutingRule rule(NlMessage m) {
        return RoutingRule.decode(m, ruleAttrs);
    }
}
