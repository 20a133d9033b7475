package org.bondctl.profile;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.RouteAttrs;
import org.bondctl.rtnl.RoutingRule;
import org.bondctl.rtnl.Rtnl;

/**
 * One IP family of a profile, as NetworkManager's ipv4 and ipv6 settings hold it: method,
 * addresses, gateway, DNS servers and search domains, static routes, the route metric and the
 * policy routing rules.
 * bondctl reaches {@code manual}, {@code disabled} and IPv6's {@code link-local} (no address but
 * the kernel's link-local one) itself; {@code ignore} (IPv6) leaves the family alone. {@code auto}
 * and {@code dhcp} need a client bondctl does not have: it applies their static part (the
 * profile's addresses, gateway and routes, as NetworkManager adds them beside a lease) and
 * leaves a client's leases alone ({@link #leased}). IPv4's {@code link-local} (169.254/16) and
 * {@code shared} are reported as not applied, their family left alone.
 *
 * <p>{@code neverDefault} is NM's never-default (ifcfg-rh: DEFROUTE=no, IPV6_DEFROUTE=no): the
 * family never gives the link a default route. NM holds no gateway beside it (it drops one when
 * it normalizes the profile, and adds no default route for it): neither does this record, so a
 * gateway given with never-default is gone, as it is from the profile NM saves. A default route
 * asked for explicitly, as a static route to 0.0.0.0/0 or ::/0, stays.
 */
public record IpConfig(int family, String method, List<Address> addresses, InetAddress gateway, List<InetAddress> dns,
        List<String> search, List<StaticRoute> routes, int routeMetric, boolean neverDefault, List<RoutingRule> rules,
        int routeTable) {
    /** An IPv4 family with nothing: what NM has for a profile whose addresses were all removed. */
    public static final IpConfig NONE = v4("disabled", List.of(), null, List.of(), List.of());
    /** NM's default for a new profile's ipv6: automatic (SLAAC). */
    public static final IpConfig AUTO6 = new IpConfig(Rtnl.AF_INET6, "auto", List.of(), null, List.of(), List.of(),
            List.of(), -1, false);

    /**
     * A static route: destination, gateway (null: on the link), metric and table (-1 and 0:
     * the profile's defaults, route-metric and the main table).
     */
    public record StaticRoute(Address destination, InetAddress gateway, int metric, int table, RouteAttrs attrs) {
        public StaticRoute {
            attrs = attrs == null ? RouteAttrs.NONE : attrs;
        }

        /** A route without attributes. */
        public StaticRoute(Address destination, InetAddress gateway, int metric, int table) {
            this(destination, gateway, metric, table, RouteAttrs.NONE);
        }

        /** NetworkManager's routeN_options: the attributes and the table, by name. */
        public String options() {
            java.util.TreeMap<String, String> all = new java.util.TreeMap<>(attrs.values());
            if (table > 0) {
                all.put("table", Integer.toString(table));
            }
            StringBuilder sb = new StringBuilder();
            all.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
            return sb.toString();
        }

        /**
         * NM's text: "198.51.100.0/24,192.0.2.1,10" (keyfile routeN=); a metric without a next hop
         * has the family's any address before it, as NM 1.42 writes it ("198.51.101.0/24,0.0.0.0,50").
         */
        @Override
        public String toString() {
            String none = destination.family() == Rtnl.AF_INET6 ? "::" : "0.0.0.0";
            return destination + (gateway != null || metric >= 0 ? "," + (gateway == null ? none : Address.text(gateway)) : "")
                    + (metric >= 0 ? "," + metric : "");
        }
    }

    public IpConfig {
        addresses = List.copyOf(addresses);
        dns = List.copyOf(dns);
        search = List.copyOf(search);
        routes = List.copyOf(routes);
        rules = rules == null ? List.of() : List.copyOf(rules);
        if (neverDefault) {
            gateway = null;
        }
    }

    /** A family without policy routing rules. */
    public IpConfig(int family, String method, List<Address> addresses, InetAddress gateway, List<InetAddress> dns,
            List<String> search, List<StaticRoute> routes, int routeMetric, boolean neverDefault) {
        this(family, method, addresses, gateway, dns, search, routes, routeMetric, neverDefault, List.of());
    }

    /** A family whose routes go to the main table (route-table 0). */
    public IpConfig(int family, String method, List<Address> addresses, InetAddress gateway, List<InetAddress> dns,
            List<String> search, List<StaticRoute> routes, int routeMetric, boolean neverDefault, List<RoutingRule> rules) {
        this(family, method, addresses, gateway, dns, search, routes, routeMetric, neverDefault, rules, 0);
    }

    /**
     * The same family with another route table: that of its routes that name none, of its
     * gateway's default route and of its addresses' prefix routes (ipv4/ipv6.route-table; 0:
     * unspec, the main table), an unsigned 32-bit number held in an int.
     */
    public IpConfig withRouteTable(int table) {
        return new IpConfig(family, method, addresses, gateway, dns, search, routes, routeMetric, neverDefault, rules, table);
    }

    public static IpConfig v4(String method, List<Address> addresses, InetAddress gateway, List<InetAddress> dns,
            List<String> search) {
        return new IpConfig(Rtnl.AF_INET, method, addresses, gateway, dns, search, List.of(), -1, false);
    }

    public boolean isV6() {
        return family == Rtnl.AF_INET6;
    }

    /**
     * Whether bondctl reaches this family's state itself: manual addresses, or none at all
     * (disabled; IPv6 link-local, where the kernel's link-local address is the only one).
     */
    public boolean managed() {
        return managed(isV6(), method);
    }

    private static boolean managed(boolean v6, String method) {
        return method.equals("manual") || method.equals("disabled") || v6 && method.equals("link-local");
    }

    /**
     * Whether the method takes its addresses from a client bondctl does not run (auto: DHCP or
     * router advertisements; dhcp): bondctl applies the static part beside them and leaves what
     * the client leased (addresses with a lifetime, routes not proto static) alone.
     */
    public boolean leased() {
        return leased(method);
    }

    private static boolean leased(String method) {
        return method.equals("auto") || method.equals("dhcp");
    }

    /**
     * Why bondctl does not apply this family's method in full (for the notice of a profile's
     * method key); null where it does.
     */
    public String unappliedWhy() {
        return unappliedWhy(isV6(), method);
    }

    /** {@link #unappliedWhy()} of a family's method, before the family is read whole (a profile file's method key). */
    static String unappliedWhy(boolean v6, String method) {
        if (managed(v6, method) || method.equals("ignore")) {
            return null;
        }
        if (leased(method)) {
            return (v6 ? "bondctl runs no DHCPv6 or RA client (the kernel's SLAAC still works)" : "bondctl runs no DHCP client")
                    + ": the static addresses and routes are applied, leased ones left to the system's client";
        }
        return method.equals("link-local") ? "bondctl runs no IPv4 link-local (169.254/16) client: addresses are left alone"
                : "bondctl runs no DHCP server or NAT for connection sharing: addresses are left alone";
    }

    /** "ipv4" or "ipv6": the keyfile section and nmcli setting name. */
    public String setting() {
        return isV6() ? "ipv6" : "ipv4";
    }

    /** The method with no addresses: disabled (IPv4) or NM's automatic default kept (IPv6). */
    private String emptyMethod() {
        return isV6() ? (method.equals("manual") ? "disabled" : method) : "disabled";
    }

    public IpConfig withAddresses(List<Address> a) {
        String m = a.isEmpty() && gateway == null && routes.isEmpty() ? emptyMethod() : "manual";
        return new IpConfig(family, m, a, gateway, dns, search, routes, routeMetric, neverDefault, rules, routeTable);
    }

    public IpConfig withGateway(InetAddress gw) {
        String m = method.equals("disabled") && gw != null ? "manual" : method;
        return new IpConfig(family, m, addresses, gw, dns, search, routes, routeMetric, neverDefault, rules, routeTable);
    }

    /** never-default set (the gateway goes with it, as NM drops it) or cleared. */
    public IpConfig withNeverDefault(boolean never) {
        return new IpConfig(family, method, addresses, gateway, dns, search, routes, routeMetric, never, rules, routeTable);
    }

    /** The same family with another route metric. */
    public IpConfig withRouteMetric(int metric) {
        return new IpConfig(family, method, addresses, gateway, dns, search, routes, metric, neverDefault, rules, routeTable);
    }

    public IpConfig withDns(List<InetAddress> servers, List<String> domains) {
        return new IpConfig(family, method, addresses, gateway, servers, domains, routes, routeMetric, neverDefault, rules, routeTable);
    }

    public IpConfig withRoute(StaticRoute r, boolean add) {
        List<StaticRoute> rs = new ArrayList<>(routes);
        rs.removeIf(x -> x.destination().equals(r.destination()) && x.table() == r.table()
                && java.util.Objects.equals(x.gateway(), r.gateway()));
        if (add) {
            rs.add(r);
        }
        String m = add && method.equals("disabled") ? "manual" : method;
        return new IpConfig(family, m, addresses, gateway, dns, search, rs, routeMetric, neverDefault, rules, routeTable);
    }

    /** The same family with these policy routing rules (ipv4.routing-rules, ipv6.routing-rules). */
    public IpConfig withRules(List<RoutingRule> r) {
        return new IpConfig(family, method, addresses, gateway, dns, search, routes, routeMetric, neverDefault, r, routeTable);
    }
}
