package org.bondctl.nmcli;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bondctl.dns.ResolvConf;
import org.bondctl.error.BondctlException;
import org.bondctl.profile.IpConfig;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.RouteAttrs;
import org.bondctl.rtnl.Rtnl;

/**
 * {@code connection modify ... ipv4.PROP VALUE} (and ipv6): method, addresses, gateway, dns,
 * dns-search, routes, route-metric, route-table, never-default, routing-rules, with nmcli's list syntax (items separated by ',' or
 * white space) and its '+'/'-' forms. Setting a property changes only that property, as
 * nmcli does: addresses with method auto stay method auto until the method is set.
 */
final class IpSet {
    private IpSet() {}

    static IpConfig set(IpConfig c, String prop, char op, String value) {
        int af = c.family();
        return switch (prop) {
            case "method" -> {
                if (!(c.isV6() ? org.bondctl.profile.KeyfileMethods.V6 : org.bondctl.profile.KeyfileMethods.V4).contains(value)) {
                    throw BondctlException.invalid("'" + value + "' not among " + (c.isV6()
                            ? org.bondctl.profile.KeyfileMethods.V6 : org.bondctl.profile.KeyfileMethods.V4));
                }
                yield with(c, value, c.addresses(), c.gateway(), c.dns(), c.search(), c.routes(), c.routeMetric());
            }
            // addresses are separated by commas only: "A/24 B/24" is one address with a bad prefix, to nmcli too
            case "addresses" -> with(c, c.method(), list(c.addresses(), op, items(value, true), s -> address(s, af)),
                    c.gateway(), c.dns(), c.search(), c.routes(), c.routeMetric());
            // nmcli clears never-default when it sets a gateway (NM 1.42, seen in the test bed)
            case "gateway" -> value.isEmpty() ? with(c, c.method(), c.addresses(), null, c.dns(), c.search(), c.routes(),
                    c.routeMetric()) : with(c.withNeverDefault(false), c.method(), c.addresses(), gateway(value.strip(), af),
                    c.dns(), c.search(), c.routes(), c.routeMetric());
            case "dns" -> {
                // nmcli takes any text; NetworkManager refuses to save what is no address of the family
                List<String> items = items(value, false);
                for (int i = 0; op != '-' && i < items.size(); i++) {
                    if (ofFamily(items.get(i), af) == null) {
                        throw new NmcliException.Unsaved(c.setting() + ".dns: " + ((op == '+' ? c.dns().size() : 0) + i + 1)
                                + ". DNS server address is invalid");
                    }
                }
                List<InetAddress> dns = list(c.dns(), op, items, s -> ofFamily(s, af));
                yield with(c, c.method(), c.addresses(), c.gateway(), dns, c.search(), c.routes(), c.routeMetric());
            }
            case "dns-search" -> with(c, c.method(), c.addresses(), c.gateway(), c.dns(), list(c.search(), op, items(value, false), s -> {
                ResolvConf.checkDomain(s);
                return s;
            }), c.routes(), c.routeMetric());
            case "routes" -> with(c, c.method(), c.addresses(), c.gateway(), c.dns(), c.search(),
                    routes(c.routes(), op, value, af), c.routeMetric());
            case "route-metric" -> {
                long m = value.equals("-1") ? -1 : Props.number(value, Integer.MAX_VALUE, "route metric");
                yield with(c, c.method(), c.addresses(), c.gateway(), c.dns(), c.search(), c.routes(), (int) m);
            }
            // a u32 as nmcli reads one (NM 1.42's words, seen): "'abc' is not a valid number.", "'-1' is out of range [0, 4294967295]."
            case "route-table" -> {
                if (value.isBlank()) {
                    yield c.withRouteTable(0); // the default, as nmcli takes it (seen)
                }
                if (!value.strip().matches("-?[0-9]+")) {
                    throw BondctlException.invalid("'" + value + "' is not a valid number");
                }
                java.math.BigInteger t = new java.math.BigInteger(value.strip());
                if (t.signum() < 0 || t.bitLength() > 32) {
                    throw BondctlException.invalid("'" + value + "' is out of range [0, 4294967295]");
                }
                yield c.withRouteTable((int) t.longValue());
            }
            // "priority 100 from 192.0.2.0/24 table 200, priority 101 ...": rules separated by commas
            case "routing-rules" -> c.withRules(list(c.rules(), op, items(value, true), s -> rule(s, af)));
            // an empty value is the default, no; yes drops the gateway, as NM's normalization does
            case "never-default" -> c.withNeverDefault(!value.isEmpty() && Props.bool(value));
            default -> throw Props.unsupported((c.isV6() ? "ipv6." : "ipv4.") + prop);
        };
    }

    private static IpConfig with(IpConfig c, String method, List<Address> a, InetAddress gw, List<InetAddress> dns,
            List<String> search, List<IpConfig.StaticRoute> routes, int metric) {
        return new IpConfig(c.family(), method, a, gw, dns, search, routes, metric, c.neverDefault(), c.rules(), c.routeTable());
    }

    /** A routing rule in NetworkManager's text, refused in nmcli's words. */
    private static org.bondctl.rtnl.RoutingRule rule(String text, int af) {
        try {
            return org.bondctl.rtnl.RoutingRule.parse(text, af);
        } catch (org.bondctl.rtnl.RoutingRule.Invalid e) {
            throw BondctlException.invalid(e.getMessage());
        }
    }

    /** nmcli's list items: separated by ',' (routes) or ',' and white space. */
    private static List<String> items(String value, boolean commaOnly) {
        List<String> out = new ArrayList<>();
        for (String s : value.split(commaOnly ? "," : "[,\\s]+")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    private static <T> List<T> list(List<T> have, char op, List<String> items, Function<String, T> parse) {
        if (op == '-') {
            return removed(have, items, parse);
        }
        List<T> given = items.stream().map(parse).toList();
        List<T> out = new ArrayList<>(op == '=' ? List.of() : have);
        for (T t : given) {
            out.remove(t);
            out.add(t);
        }
        return out;
    }

    /**
     * nmcli's '-' on a list: an item that is a number removes the entry at that index of the list
     * as it was (0 the first; past the end, nothing), any other the entry equal to it (none:
     * nothing), as NetworkManager 1.42 does.
     */
    private static <T> List<T> removed(List<T> have, List<String> items, Function<String, T> parse) {
        java.util.Set<Integer> gone = new java.util.HashSet<>();
        for (String item : items) {
            if (Address.isDecimal(item, 10)) {
                gone.add(item.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(item));
            } else {
                T t = parse.apply(item);
                for (int i = 0; i < have.size(); i++) {
                    if (have.get(i).equals(t)) {
                        gone.add(i);
                    }
                }
            }
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < have.size(); i++) {
            if (!gone.contains(i)) {
                out.add(have.get(i));
            }
        }
        return out;
    }

    /** An address without a prefix is a host address, as NM takes it: /32, /128. NM's words for a bad one. */
    private static Address address(String s, int af) {
        return address(s, af, "invalid IP address: ");
    }

    private static Address address(String s, int af, String what) {
        String host = s.contains("/") ? s.substring(0, s.indexOf('/')) : s;
        ipOf(host, af, what);
        if (s.contains("/")) {
            String prefix = s.substring(s.indexOf('/') + 1);
            int max = af == Rtnl.AF_INET6 ? 128 : 32;
            if (!prefix.matches("[0-9]{1,3}") || Integer.parseInt(prefix) > max) {
                throw BondctlException.invalid("invalid prefix '" + prefix + "'; <0-" + max + "> allowed");
            }
        }
        return s.contains("/") ? Address.parse(s) : Address.parse(s + (af == Rtnl.AF_INET6 ? "/128" : "/32"));
    }

    /** An address of the family, or nmcli's refusal: "invalid IP address: Invalid IPv4 address 'X'". */
    private static InetAddress ipOf(String s, int af, String what) {
        InetAddress a = ofFamily(s, af);
        if (a == null) {
            throw BondctlException.invalid(what + "Invalid " + (af == Rtnl.AF_INET ? "IPv4" : "IPv6") + " address '" + s + "'");
        }
        return a;
    }

    private static InetAddress gateway(String s, int af) {
        InetAddress a = ofFamily(s, af);
        if (a == null) {
            throw BondctlException.invalid("invalid gateway address '" + s + "'");
        }
        return a;
    }

    /** An address of the family (a DNS server, a gateway ...); null for anything else, which callers word as nmcli does. */
    private static InetAddress ofFamily(String s, int af) {
        try {
            return family(Address.parseIp(s, "address"), af);
        } catch (BondctlException e) {
            return null;
        }
    }

    private static InetAddress family(InetAddress a, int af) {
        if ((a.getAddress().length == 4) != (af == Rtnl.AF_INET)) {
            throw BondctlException.invalid("'" + Address.text(a) + "' is not an " + (af == Rtnl.AF_INET ? "IPv4" : "IPv6")
                    + " address");
        }
        return a;
    }

    /** "DST[/PLEN] [NEXT-HOP] [METRIC] [table=N]", routes separated by ','. */
    private static List<IpConfig.StaticRoute> routes(List<IpConfig.StaticRoute> have, char op, String value, int af) {
        if (op == '-') {
            return removed(have, items(value, true), item -> route(item, af));
        }
        List<IpConfig.StaticRoute> out = new ArrayList<>(op == '=' ? List.of() : have);
        for (String item : items(value, true)) {
            IpConfig.StaticRoute r;
            try {
                r = route(item, af);
            } catch (BondctlException e) {
                throw e.getMessage().startsWith("invalid route: ") ? BondctlException.invalid(e.getMessage() + ". The valid"
                        + " syntax is: 'ip[/prefix] [next-hop] [metric] [attribute=val]... [,ip[/prefix] ...]'") : e;
            }
            out.remove(r);
            out.add(r);
        }
        return out;
    }

    private static IpConfig.StaticRoute route(String item, int af) {
        String[] w = item.split("\\s+");
        Address dst = address(w[0], af, "invalid route: ");
        if (!Route.network(dst).equals(dst.address())) {
            throw BondctlException.invalid("invalid route '" + item + "': the destination has host bits set");
        }
        InetAddress gw = null;
        int metric = -1;
        int table = 0;
        List<String> attrs = new ArrayList<>();
        // nmcli's order: the next hop first, then the metric, then the attributes (NM 1.42's refusals, seen)
        boolean metricSeen = false;
        boolean attrSeen = false;
        for (int i = 1; i < w.length; i++) {
            if (w[i].startsWith("table=")) {
                table = Props.number(w[i].substring(6), Integer.MAX_VALUE, "table");
                attrSeen = true;
            } else if (w[i].contains("=")) {
                attrs.add(w[i]);
                attrSeen = true;
            } else if (Address.isDecimal(w[i], 10)) {
                if (attrSeen) {
                    throw BondctlException.invalid("the metric ('" + w[i] + "') must be before attributes");
                }
                metric = Props.number(w[i], Integer.MAX_VALUE, "metric");
                metricSeen = true;
            } else {
                if (metricSeen || attrSeen) {
                    throw BondctlException.invalid("the next hop ('" + w[i] + "') must be first");
                }
                gw = ipOf(w[i], af, "invalid route: ");
                if (gw.isAnyLocalAddress()) {
                    gw = null; // "0.0.0.0" / "::": no next hop, as NM reads it (its keyfile writes it so)
                }
            }
        }
        RouteAttrs a = RouteAttrs.parse(attrs, af);
        if (a.unapplied() != null && a.routeType() == org.bondctl.rtnl.Rtnl.RTN_UNICAST) { // on a typed route, NM refuses it (verify)
            throw Props.unsupported("the route attribute " + a.unapplied() + " (bondctl adds no multipath routes)");
        }
        return new IpConfig.StaticRoute(dst, gw, metric, table, a);
    }
}
