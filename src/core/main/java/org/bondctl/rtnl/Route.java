package org.bondctl.rtnl;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A unicast route as rtnetlink carries it (struct rtmsg plus RTA_* attributes): destination
 * (null with prefix 0 for the default route), gateway (null for a route on the link), output
 * interface, protocol (who installed it: kernel, boot = ip(8), static = bondctl and
 * NetworkManager, ra, dhcp ...), metric, table, scope and type, and the attributes NetworkManager
 * names (preferred source, TOS, on-link, path metrics: {@link RouteAttrs}).
 */
public record Route(int family, InetAddress destination, int prefix, InetAddress gateway, int oif,
        int protocol, int metric, int table, int scope, int type, RouteAttrs attrs) {

    public Route {
        attrs = attrs == null ? RouteAttrs.NONE : attrs;
    }

    /** A route without attributes. */
    public Route(int family, InetAddress destination, int prefix, InetAddress gateway, int oif, int protocol, int metric,
            int table, int scope, int type) {
        this(family, destination, prefix, gateway, oif, protocol, metric, table, scope, type, RouteAttrs.NONE);
    }

    /** A route to add: unicast, proto static, in {@code table}, scope link when there is no gateway (as ip(8) does). */
    public static Route of(Address destination, InetAddress gateway, int oif, int metric, int table) {
        return of(destination, gateway, oif, metric, table, RouteAttrs.NONE);
    }

    /** {@link #of(Address, InetAddress, int, int, int)} with attributes; a {@code scope} among them replaces the default. */
    public static Route of(Address destination, InetAddress gateway, int oif, int metric, int table, RouteAttrs attrs) {
        int family = destination == null ? familyOf(gateway) : destination.family();
        if (gateway != null && familyOf(gateway) != family) {
            throw org.bondctl.error.BondctlException.invalid("route " + (destination == null ? "default" : destination)
                    + " via " + Address.text(gateway) + ": the gateway is not an "
                    + (family == Rtnl.AF_INET ? "IPv4" : "IPv6") + " address");
        }
        InetAddress dst = destination == null || destination.prefix() == 0 ? null : network(destination);
        int prefix = destination == null ? 0 : destination.prefix();
        int type = attrs.routeType();
        int scope = attrs.scope() >= 0 && family == Rtnl.AF_INET ? attrs.scope()
                : type == Rtnl.RTN_LOCAL && family == Rtnl.AF_INET ? Rtnl.RT_SCOPE_HOST : defaultScope(family, gateway);
        return new Route(family, dst, prefix, gateway, oif, Rtnl.RTPROT_STATIC, metric, table, scope, type, attrs);
    }

    /**
     * Whether a route type is one of NetworkManager's other than unicast: local (to this host,
     * through an interface, in the local table by default) or one that sends nowhere
     * (blackhole, unreachable, prohibit, throw: no interface; IPv6 shows them on lo).
     */
    public static boolean isTyped(int type) {
        return type == Rtnl.RTN_LOCAL || isNowhere(type);
    }

    /** Whether a route of this type has no interface: blackhole, unreachable, prohibit, throw. */
    public static boolean isNowhere(int type) {
        return type >= Rtnl.RTN_BLACKHOLE && type <= Rtnl.RTN_THROW;
    }

    /** ip(8)'s and NetworkManager's name of a route type: "unicast", "blackhole" ... */
    public static String typeName(int type) {
        return switch (type) {
            case Rtnl.RTN_UNICAST -> "unicast";
            case Rtnl.RTN_LOCAL -> "local";
            case 3 -> "broadcast";
            case 4 -> "anycast";
            case 5 -> "multicast";
            case Rtnl.RTN_BLACKHOLE -> "blackhole";
            case Rtnl.RTN_UNREACHABLE -> "unreachable";
            case Rtnl.RTN_PROHIBIT -> "prohibit";
            case Rtnl.RTN_THROW -> "throw";
            default -> Integer.toString(type);
        };
    }

    /** The scope a route gets when it names none: link for an IPv4 route without gateway (as ip(8) does), else universe. */
    public static int defaultScope(int family, InetAddress gateway) {
        return gateway == null && family == Rtnl.AF_INET ? Rtnl.RT_SCOPE_LINK : Rtnl.RT_SCOPE_UNIVERSE;
    }

    /** Whether a user installed it (ip(8), bondctl, NetworkManager: proto boot or static), not the kernel or a daemon. */
    public boolean userMade() {
        return protocol == Rtnl.RTPROT_BOOT || protocol == Rtnl.RTPROT_STATIC;
    }

    /** A default route (prefix length 0). */
    public boolean isDefault() {
        return prefix == 0;
    }

    /** AF_INET or AF_INET6 for an address. */
    public static int familyOf(InetAddress a) {
        return a.getAddress().length == 4 ? Rtnl.AF_INET : Rtnl.AF_INET6;
    }

    /** The metric the kernel stores: an IPv6 route added with 0 gets IP6_RT_PRIO_USER. */
    public int effectiveMetric() {
        return family == Rtnl.AF_INET6 && metric == 0 ? Rtnl.IP6_RT_PRIO_USER : metric;
    }

    /** The same route on another interface (plans name interfaces; the index is known only when a step runs). */
    public Route withOif(int index) {
        return new Route(family, destination, prefix, gateway, index, protocol, metric, table, scope, type, attrs);
    }

    /** The same route in another table. */
    public Route withTable(int t) {
        return new Route(family, destination, prefix, gateway, oif, protocol, metric, t, scope, type, attrs);
    }

    /**
     * Whether two routes are the same route to the kernel: family, destination, table, metric,
     * gateway and interface, TOS and source prefix. Protocol, scope and the other attributes
     * are the route's state, not its identity ({@link #sameState}).
     */
    public boolean sameAs(Route o) {
        return family == o.family && prefix == o.prefix && Objects.equals(destination, o.destination)
                && table == o.table && effectiveMetric() == o.effectiveMetric() && Objects.equals(gateway, o.gateway)
                && oif == o.oif && attrs.identity().equals(o.attrs.identity());
    }

    /**
     * {@link #sameAs} and the same attributes as the kernel holds them (source, TOS, on-link,
     * metrics and their locks) and, for IPv4, the same scope: nothing to change.
     */
    public boolean sameState(Route o) {
        return sameAs(o) && attrs.kernelKey(family).equals(o.attrs.kernelKey(family))
                && (family != Rtnl.AF_INET || scope == o.scope);
    }

    /** "default", "198.51.100.0/24". */
    public String destinationText() {
        return prefix == 0 ? "default" : Address.text(destination) + "/" + prefix;
    }

    /** ip(8)'s words after the destination: "via GW metric M table T" (dev is the caller's). */
    public String detailText() {
        StringBuilder sb = new StringBuilder();
        if (gateway != null) {
            sb.append("via ").append(Address.text(gateway));
        }
        if (metric != 0) {
            sb.append(sb.length() == 0 ? "" : " ").append("metric ").append(metric);
        }
        if (table != Rtnl.RT_TABLE_MAIN) {
            sb.append(sb.length() == 0 ? "" : " ").append("table ").append(table);
        }
        if (!attrs.isEmpty()) {
            sb.append(sb.length() == 0 ? "" : " ").append(attrs.ipText());
        }
        return sb.toString();
    }

    /** The route protocol as ip names it ("static", "kernel", "boot" ...). */
    public static String protocolName(int p) {
        return switch (p) {
            case Rtnl.RTPROT_UNSPEC -> "unspec";
            case 1 -> "redirect";
            case Rtnl.RTPROT_KERNEL -> "kernel";
            case Rtnl.RTPROT_BOOT -> "boot";
            case Rtnl.RTPROT_STATIC -> "static";
            case Rtnl.RTPROT_RA -> "ra";
            case Rtnl.RTPROT_DHCP -> "dhcp";
            default -> Integer.toString(p);
        };
    }

    /** The network part of an address: 198.51.100.7/24 -> 198.51.100.0. */
    public static InetAddress network(Address a) {
        byte[] b = a.address().getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, a.prefix() - 8 * i));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
