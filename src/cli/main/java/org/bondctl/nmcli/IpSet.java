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
import org.bondctl.rtnl.Rtnl;

/**
 * {@code connection modify ... ipv4.PROP VALUE} (and ipv6): method, addresses, gateway, dns,
 * dns-search, routes, route-metric, never-default, with nmcli's list syntax (items separated by ',' or
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
            case "addresses" -> with(c, c.method(), list(c.addresses(), op, value, s -> address(s, af)), c.gateway(),
                    c.dns(), c.search(), c.routes(), c.routeMetric());
            // nmcli clears never-default when it sets a gateway (NM 1.42, seen in the test bed)
            case "gateway" -> value.isEmpty() ? with(c, c.method(), c.addresses(), null, c.dns(), c.search(), c.routes(),
                    c.routeMetric()) : with(c.withNeverDefault(false), c.method(), c.addresses(),
                    family(Address.parseIp(value, "gateway"), af), c.dns(), c.search(), c.routes(), c.routeMetric());
            case "dns" -> with(c, c.method(), c.addresses(), c.gateway(),
                    list(c.dns(), op, value, s -> family(Address.parseIp(s, "dns server"), af)), c.search(), c.routes(),
                    c.routeMetric());
            case "dns-search" -> with(c, c.method(), c.addresses(), c.gateway(), c.dns(), list(c.search(), op, value, s -> {
                ResolvConf.checkDomain(s);
                return s;
            }), c.routes(), c.routeMetric());
            case "routes" -> with(c, c.method(), c.addresses(), c.gateway(), c.dns(), c.search(),
                    routes(c.routes(), op, value, af), c.routeMetric());
            case "route-metric" -> {
                long m = value.equals("-1") ? -1 : Props.number(value, Integer.MAX_VALUE, "route metric");
                yield with(c, c.method(), c.addresses(), c.gateway(), c.dns(), c.search(), c.routes(), (int) m);
            }
            // an empty value is the default, no; yes drops the gateway, as NM's normalization does
            case "never-default" -> c.withNeverDefault(!value.isEmpty() && Props.bool(value));
            default -> throw Props.unsupported((c.isV6() ? "ipv6." : "ipv4.") + prop);
        };
    }

    private static IpConfig with(IpConfig c, String method, List<Address> a, InetAddress gw, List<InetAddress> dns,
            List<String> search, List<IpConfig.StaticRoute> routes, int metric) {
        return new IpConfig(c.family(), method, a, gw, dns, search, routes, metric, c.neverDefault());
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

    private static <T> List<T> list(List<T> have, char op, String value, Function<String, T> parse) {
        List<T> given = items(value, false).stream().map(parse).toList();
        List<T> out = new ArrayList<>(op == '=' ? List.of() : have);
        for (T t : given) {
            out.remove(t);
            if (op != '-') {
                out.add(t);
            }
        }
        return out;
    }

    /** An address without a prefix is a host address, as NM takes it: /32, /128. */
    private static Address address(String s, int af) {
        Address a = s.contains("/") ? Address.parse(s) : Address.parse(s + (s.contains(":") ? "/128" : "/32"));
        if (a.family() != af) {
            throw BondctlException.invalid("'" + s + "' is not an " + (af == Rtnl.AF_INET ? "IPv4" : "IPv6") + " address");
        }
        return a;
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
        List<IpConfig.StaticRoute> out = new ArrayList<>(op == '=' ? List.of() : have);
        for (String item : items(value, true)) {
            String[] w = item.split("\\s+");
            Address dst = address(w[0], af);
            if (!Route.network(dst).equals(dst.address())) {
                throw BondctlException.invalid("invalid route '" + item + "': the destination has host bits set");
            }
            InetAddress gw = null;
            int metric = -1;
            int table = 0;
            for (int i = 1; i < w.length; i++) {
                if (w[i].startsWith("table=")) {
                    table = Props.number(w[i].substring(6), Integer.MAX_VALUE, "table");
                } else if (w[i].contains("=")) {
                    throw Props.unsupported("the route attribute " + w[i]);
                } else if (Address.isDecimal(w[i], 10)) {
                    metric = Props.number(w[i], Integer.MAX_VALUE, "metric");
                } else {
                    gw = family(Address.parseIp(w[i], "next hop"), af);
                }
            }
            IpConfig.StaticRoute r = new IpConfig.StaticRoute(dst, gw, metric, table);
            out.remove(r);
            if (op != '-') {
                out.add(r);
            }
        }
        return out;
    }
}
