package org.bondctl.rtnl;

import org.bondctl.wire.MessageBuilder;

/** rtnetlink constants. include/uapi/linux/rtnetlink.h, if_link.h, if_addr.h, if.h */
public final class Rtnl {
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_SETLINK = 19;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_GETROUTE = 26;
    public static final int RTM_NEWRULE = 32;
    public static final int RTM_DELRULE = 33;
    public static final int RTM_GETRULE = 34;

    /** Multicast groups (enum rtnetlink_groups). */
    public static final int RTNLGRP_LINK = 1;
    public static final int RTNLGRP_IPV4_IFADDR = 5;
    public static final int RTNLGRP_IPV4_ROUTE = 7;
    public static final int RTNLGRP_IPV6_IFADDR = 9;

    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    /** ifinfomsg family of the bridge's own requests and dumps (VLAN tables: RTM_GETLINK/SETLINK/DELLINK). */
    public static final int AF_BRIDGE = 7;
    /** In IFLA_AF_SPEC of an AF_BRIDGE message: the request's target (u16), and one VLAN (struct bridge_vlan_info). */
    public static final int IFLA_BRIDGE_FLAGS = 0;
    public static final int IFLA_BRIDGE_VLAN_INFO = 2;
    /** IFLA_BRIDGE_FLAGS: the bridge device's own VLANs, not those of a port of it. */
    public static final int BRIDGE_FLAGS_SELF = 2;
    /** IFLA_EXT_MASK bit: VLAN tables in an AF_BRIDGE dump, runs of ids as ranges. */
    public static final int RTEXT_FILTER_BRVLAN_COMPRESSED = 1 << 2;

    /** sizeof(struct ifinfomsg), ifaddrmsg, rtmsg. */
    public static final int IFINFOMSG_LEN = 16;
    public static final int IFADDRMSG_LEN = 8;
    public static final int RTMSG_LEN = 12;

    /** net_device_flags (if.h). */
    public static final int IFF_UP = 0x1;
    public static final int IFF_LOOPBACK = 0x8;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_MASTER = 0x400;
    public static final int IFF_SLAVE = 0x800;
    public static final int IFF_LOWER_UP = 0x10000;

    /** enum IFLA_* (if_link.h). */
    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_BROADCAST = 2;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    public static final int IFLA_LINK = 5;
    public static final int IFLA_MASTER = 10;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_LINKINFO = 18;
    /** Per address family data: AF_INET6 nests IFLA_INET6_* (if_link.h). */
    public static final int IFLA_AF_SPEC = 26;
    public static final int IFLA_INET6_CONF = 2;
    /** The index of disable_ipv6 in IFLA_INET6_CONF's array (enum DEVCONF_*, ipv6.h). */
    public static final int DEVCONF_DISABLE_IPV6 = 26;
    public static final int IFLA_NET_NS_PID = 19;
    public static final int IFLA_NET_NS_FD = 28;
    public static final int IFLA_EXT_MASK = 29;
    /** IFLA_EXT_MASK bit: leave the statistics out of link messages. */
    public static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;
    public static final int IFLA_CARRIER = 33;
    public static final int IFLA_CARRIER_CHANGES = 35;
    public static final int IFLA_EVENT = 44;
    public static final int IFLA_CARRIER_UP_COUNT = 47;
    public static final int IFLA_CARRIER_DOWN_COUNT = 48;
    public static final int IFLA_MIN_MTU = 50;
    public static final int IFLA_MAX_MTU = 51;
    public static final int IFLA_PERM_ADDRESS = 54;
    public static final int IFLA_MAX_DECODED = IFLA_PERM_ADDRESS;

    /** enum IFLA_INFO_* */
    public static final int IFLA_INFO_KIND = 1;
    public static final int IFLA_INFO_DATA = 2;
    public static final int IFLA_INFO_SLAVE_KIND = 4;
    public static final int IFLA_INFO_SLAVE_DATA = 5;

    /** enum IFLA_VLAN_* (if_link.h). */
    public static final int IFLA_VLAN_ID = 1;
    public static final int IFLA_VLAN_PROTOCOL = 5;
    /** VLAN ethertypes (if_ether.h): ETH_P_8021Q, ETH_P_8021AD. */
    public static final int ETH_P_8021Q = 0x8100;
    public static final int ETH_P_8021AD = 0x88a8;
    /** ETH_MIN_MTU (if_ether.h): the smallest MTU an Ethernet device takes. */
    public static final int ETH_MIN_MTU = 68;
    /** IPV6_MIN_MTU (ipv6.h): below it the kernel turns IPv6 off on the interface. */
    public static final int IPV6_MIN_MTU = 1280;

    /** enum VETH_INFO_* (veth.h) */
    public static final int VETH_INFO_PEER = 1;

    /** enum IFLA_EVENT_* */
    public static final int IFLA_EVENT_NONE = 0;
    public static final int IFLA_EVENT_BONDING_FAILOVER = 3;
    public static final int IFLA_EVENT_NOTIFY_PEERS = 4;
    public static final int IFLA_EVENT_IGMP_RESEND = 5;
    public static final int IFLA_EVENT_BONDING_OPTIONS = 6;

    /** RFC 2863 operational states (IF_OPER_*, if.h). */
    public static final String[] OPERSTATES = {
        "unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up",
    };

    /** enum IFA_* (if_addr.h). */
    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;
    public static final int IFA_LABEL = 3;
    public static final int IFA_BROADCAST = 4;
    public static final int IFA_FLAGS = 8;
    public static final int IFA_RT_PRIORITY = 9;
    public static final int IFA_F_SECONDARY = 0x01;
    public static final int IFA_F_TENTATIVE = 0x40;
    public static final int IFA_F_PERMANENT = 0x80;
    public static final int IFA_F_NOPREFIXROUTE = 0x200;
    /** IP6_RT_PRIO_ADDRCONF: the metric of an IPv6 prefix route whose address has no IFA_RT_PRIORITY. */
    public static final int IPV6_PREFIX_METRIC_DEFAULT = 256;

    /** enum rtattr_type_t, rtmsg fields. */
    public static final int RTA_DST = 1;
    public static final int RTA_OIF = 4;
    public static final int RTA_GATEWAY = 5;
    public static final int RTA_PRIORITY = 6;
    public static final int RTA_PREFSRC = 7;
    public static final int RTA_TABLE = 15;
    public static final int RT_TABLE_UNSPEC = 0;
    /** rtm_table for ids that do not fit its byte; RTA_TABLE carries the real one. */
    public static final int RT_TABLE_COMPAT = 252;
    public static final int RT_TABLE_DEFAULT = 253;
    public static final int RT_TABLE_MAIN = 254;
    public static final int RT_TABLE_LOCAL = 255;
    public static final int RTPROT_UNSPEC = 0;
    public static final int RTPROT_KERNEL = 2;
    public static final int RTPROT_BOOT = 3;
    public static final int RTPROT_STATIC = 4;
    public static final int RTPROT_RA = 9;
    public static final int RTPROT_DHCP = 16;
    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RT_SCOPE_HOST = 254;
    /** In RTM_DELROUTE: match a route of any scope. */
    public static final int RT_SCOPE_NOWHERE = 255;
    public static final int RTN_UNICAST = 1;
    public static final int RTN_LOCAL = 2;
    public static final int RTN_BLACKHOLE = 6;
    public static final int RTN_UNREACHABLE = 7;
    public static final int RTN_PROHIBIT = 8;
    public static final int RTN_THROW = 9;
    /** IP6_RT_PRIO_USER (ip6_route.h): the metric the kernel gives an IPv6 route added with none. */
    public static final int IP6_RT_PRIO_USER = 1024;

    private Rtnl() {}

    /**
     * Starts an RTM_GETLINK request (one link by index, or 0 with a name or a dump), asking for
     * no statistics: bondctl reads none, and the kernel then neither gathers nor sends them.
     */
    public static MessageBuilder beginGetLink(MessageBuilder req, int flags, int index) {
        return req.begin(RTM_GETLINK, flags).ifinfomsg(AF_UNSPEC, index, 0, 0)
                .attrU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
    }

    public static String operstate(int v) {
        return v >= 0 && v < OPERSTATES.length ? OPERSTATES[v] : "unknown(" + v + ")";
    }
}
