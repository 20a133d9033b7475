package org.bondctl.profile;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.RouteAttrs;
import org.bondctl.rtnl.Rtnl;

/**
 * The [ipv4] and [ipv6] sections of a keyfile (nm-keyfile.c's ip_address/ip_route parsers):
 * method, addressN (CIDR[,GATEWAY]), gateway, dns, dns-search, routeN (DEST/PLEN[,NEXTHOP
 * [,METRIC]]) with routeN_options (table=), route-metric, never-default, routing-ruleN. Every other key is
 * reported as not applied.
 */
final class KeyfileIp {
    private static final Pattern ADDRESS_KEY = Pattern.compile("address(es)?([0-9]*)");
    private static final Pattern ROUTE_KEY = Pattern.compile("routes?([0-9]*)(_options)?");
    private static final Pattern RULE_KEY = Pattern.compile("routing-rule([0-9]+)");
    static final Set<String> V4_METHODS = Set.copyOf(KeyfileMethods.V4);
    static final Set<String> V6_METHODS = Set.copyOf(KeyfileMethods.V6);

    private KeyfileIp() {}

    /** Reads one section ("ipv4" or "ipv6"); {@code used} collects the entries applied. */
    static IpConfig read(KeyfileFormat.Reader r, boolean v6) {
        String name = v6 ? "ipv6" : "ipv4";
        int family = v6 ? Rtnl.AF_INET6 : Rtnl.AF_INET;
        Keyfile.Section sec = r.k.section(name);
        if (sec == null) {
            // NM's default for a profile without the section: automatic (ipv4 DHCP, ipv6 SLAAC)
            return new IpConfig(family, "auto", List.of(), null, List.of(), List.of(), List.of(), -1, false);
        }
        String method = "auto";
        TreeMap<Integer, Address> addrs = new TreeMap<>();
        TreeMap<Integer, IpConfig.StaticRoute> routes = new TreeMap<>();
        TreeMap<Integer, RouteOptions> options = new TreeMap<>();
        TreeMap<Integer, org.bondctl.rtnl.RoutingRule> rules = new TreeMap<>();
        InetAddress gateway = null;
        Keyfile.Entry gatewayEntry = null;
        boolean neverDefault = false;
        List<InetAddress> dns = new ArrayList<>();
        List<String> search = new ArrayList<>();
        int metric = -1;
        int routeTable = 0;
        Keyfile.Entry methodEntry = null;
        for (Keyfile.Entry e : sec.entries) {
            if (e.key == null) {
                continue;
            }
            String v = Keyfile.unescape(e.value).strip();
            try {
                Matcher am = ADDRESS_KEY.matcher(e.key);
                Matcher rm = ROUTE_KEY.matcher(e.key);
                Matcher rulem = RULE_KEY.matcher(e.key);
                if (e.key.equals("method")) {
                    if (!(v6 ? V6_METHODS : V4_METHODS).contains(v)) {
                        throw BondctlException.invalid("method=" + v + " is not one of "
                                + new java.util.TreeSet<>(v6 ? V6_METHODS : V4_METHODS));
                    }
                    method = v;
                    methodEntry = e;
                } else if (am.matches()) {
                    // address1=192.0.2.10/24,192.0.2.1 (and the older addresses= list form)
                    int base = am.group(2).isEmpty() ? 0 : Integer.parseInt(am.group(2)) * 1000;
                    int i = 0;
                    for (String item : Keyfile.list(e.value)) {
                        String[] parts = item.split(",", -1);
                        if (parts.length > 2) {
                            throw BondctlException.invalid(v + ": expected CIDR[,GATEWAY]");
                        }
                        Address a = family(Address.parse(parts[0].strip()), family, "address");
                        addrs.put(base + i++, a);
                        if (parts.length == 2 && !parts[1].isBlank()) {
                            gateway = family(Address.parseIp(parts[1].strip(), "gateway"), family, "gateway");
                            gatewayEntry = e;
                        }
                    }
                    r.used(e);
                } else if (rm.matches() && rm.group(2) == null) {
                    int n = rm.group(1).isEmpty() ? 0 : Integer.parseInt(rm.group(1));
                    routes.put(n, route(v, family));
                    r.used(e);
                } else if (rm.matches()) {
                    int n = rm.group(1).isEmpty() ? 0 : Integer.parseInt(rm.group(1));
                    options.put(n, routeOptions(r, e, name, v, family));
                    r.used(e);
                } else if (rulem.matches()) {
                    // routing-rule1=priority 100 from 192.0.2.0/24 table 200 (NM's text; one NM refuses it leaves out)
                    try {
                        rules.put(Integer.parseInt(rulem.group(1)),
                                org.bondctl.rtnl.RoutingRule.parse(v, family));
                        r.used(e);
                    } catch (org.bondctl.rtnl.RoutingRule.Invalid x) {
                        r.notApplied(e, name, "not a routing rule NetworkManager takes: " + x.getMessage());
                    }
                } else if (e.key.equals("gateway")) {
                    gateway = family(Address.parseIp(v, "gateway"), family, "gateway");
                    gatewayEntry = e;
                    r.used(e);
                } else if (e.key.equals("never-default")) {
                    // a keyfile boolean is GLib's: true/false/1/0; NM takes anything else as the default, false
                    if (v.equals("true") || v.equals("1") || v.equals("false") || v.equals("0")) {
                        neverDefault = v.equals("true") || v.equals("1");
                        r.used(e);
                    } else {
                        neverDefault = false;
                        r.notApplied(e, name, "not true or false: NetworkManager takes it as false (a default route"
                                + " through the gateway)");
                    }
                } else if (e.key.equals("dns")) {
                    for (String d : Keyfile.list(e.value)) {
                        InetAddress a = Address.parseIp(d, "dns server");
                        if ((a.getAddress().length == 16) != v6) {
                            throw BondctlException.invalid("dns server " + Address.text(a) + " is not an "
                                    + (v6 ? "IPv6" : "IPv4") + " address (NetworkManager ignores it here; it belongs in ["
                                    + (v6 ? "ipv4" : "ipv6") + "] dns)");
                        }
                        dns.add(a);
                    }
                    r.used(e);
                } else if (e.key.equals("dns-search")) {
                    for (String d : Keyfile.list(e.value)) {
                        org.bondctl.dns.ResolvConf.checkDomain(d);
                        search.add(d);
                    }
                    r.used(e);
                } else if (e.key.equals("route-metric")) {
                    metric = Integer.parseInt(v);
                    if (metric < -1) {
                        throw BondctlException.invalid("route-metric=" + v + " is not -1 or a metric");
                    }
                    r.used(e);
                } else if (e.key.equals("route-table")) {
                    routeTable = table(v);
                    r.used(e);
                } else if (e.key.equals("dns-priority")) {
                    // orders this profile's servers among the others' (ProfileSet.dnsOrder)
                    if (v.matches("-?[0-9]{1,10}") && Long.parseLong(v) == (int) Long.parseLong(v)) {
                        r.used(e);
                    } else {
                        r.notApplied(e, name, "not a number: NetworkManager takes its default (100)");
                    }
                } else if (e.key.equals("dns-options")) {
                    r.used(e); // resolv.conf's options line (ProfileSet.dnsOptions)
                } else if (e.key.equals("addr-gen-mode") && v6) {
                    r.notApplied(e, name, Kept.why("ipv6.addr-gen-mode"));
                }
            } catch (BondctlException x) {
                String m = x.getMessage();
                throw Keyfile.error(r.file, e.line, "[" + name + "] " + (m.startsWith(e.key + "=") ? m : e.key + ": " + m));
            } catch (NumberFormatException x) {
                throw Keyfile.error(r.file, e.line, "malformed key [" + name + "] " + e.key);
            }
        }
        if (methodEntry != null) {
            String why = IpConfig.unappliedWhy(v6, method);
            if (why == null) {
                r.used(methodEntry);
            } else {
                r.notApplied(methodEntry, name, why);
            }
        }
        if (neverDefault && gateway != null) {
            r.notAppliedValue(gatewayEntry, name, Address.text(gateway), "never-default=true: no default route through"
                    + " it (NetworkManager drops the gateway)");
        }
        List<IpConfig.StaticRoute> rs = new ArrayList<>();
        routes.forEach((n, route) -> {
            RouteOptions o = options.getOrDefault(n, RouteOptions.NONE);
            rs.add(new IpConfig.StaticRoute(route.destination(), route.gateway(), route.metric(), o.table(), o.attrs()));
        });
        return new IpConfig(family, method, new ArrayList<>(addrs.values()), gateway, dns, search, rs, metric, neverDefault,
                new ArrayList<>(rules.values()), routeTable);
    }

    /** A route table number, 0 to 4294967295 (held in an int as unsigned). */
    static int table(String v) {
        if (!Address.isDecimal(v, 10) || Long.parseLong(v) > 0xFFFFFFFFL) {
            throw BondctlException.invalid("'" + v + "' is not a route table (0 to 4294967295)");
        }
        return (int) Long.parseLong(v);
    }

    private static <T> T family(T value, int family, String what) {
        int f = value instanceof Address a ? a.family() : ((InetAddress) value).getAddress().length == 4 ? Rtnl.AF_INET
                : Rtnl.AF_INET6;
        if (f != family) {
            throw BondctlException.invalid(what + " " + value + " is not an " + (family == Rtnl.AF_INET ? "IPv4" : "IPv6")
                    + " address");
        }
        return value;
    }

    /** "198.51.100.0/24,192.0.2.1,10": destination, next hop (may be empty or 0.0.0.0), metric. */
    private static IpConfig.StaticRoute route(String v, int family) {
        String[] p = v.split(",", -1);
        if (p.length > 3) {
            throw BondctlException.invalid(v + ": expected DEST/PLEN[,NEXTHOP[,METRIC]]");
        }
        Address dst = family(Address.parse(p[0].strip()), family, "route destination");
        if (!org.bondctl.rtnl.Route.network(dst).equals(dst.address())) {
            throw BondctlException.invalid(v + ": the destination has host bits set");
        }
        InetAddress gw = null;
        if (p.length > 1 && !p[1].isBlank()) {
            gw = family(Address.parseIp(p[1].strip(), "next hop"), family, "next hop");
            if (gw.isAnyLocalAddress()) {
                gw = null; // NM writes 0.0.0.0 / :: for "no next hop"
            }
        }
        int metric = -1;
        if (p.length > 2 && !p[2].isBlank()) {
            if (!Address.isDecimal(p[2].strip(), 10)) {
                throw BondctlException.invalid(v + ": metric '" + p[2] + "' is not a number");
            }
            metric = (int) Long.parseLong(p[2].strip());
        }
        return new IpConfig.StaticRoute(dst, gw, metric, 0);
    }

    /** A routeN_options line: the table and the other attributes. */
    private record RouteOptions(int table, RouteAttrs attrs) {
        static final RouteOptions NONE = new RouteOptions(0, RouteAttrs.NONE);
    }

    /**
     * routeN_options: table=N and NetworkManager's route attributes (src, onlink, mtu ...) are
     * applied; one that is not valid, and a type or weight bondctl does not apply (the route is
     * then left out), are reported.
     */
    private static RouteOptions routeOptions(KeyfileFormat.Reader r, Keyfile.Entry e, String section, String v, int family) {
        int table = 0;
        List<String> words = new ArrayList<>();
        for (String opt : v.split(",")) {
            String o = opt.strip();
            if (o.isEmpty()) {
                continue;
            }
            if (o.startsWith("table=") && Address.isDecimal(o.substring(6), 10)) {
                table = (int) Long.parseLong(o.substring(6));
                continue;
            }
            try {
                RouteAttrs.parse(List.of(o), family);
                words.add(o);
            } catch (BondctlException x) {
                r.notAppliedValue(e, section, o, "not a route attribute bondctl can set: " + x.getMessage());
            }
        }
        RouteAttrs attrs = RouteAttrs.parse(words, family);
        if (attrs.unapplied() != null) {
            r.notAppliedValue(e, section, attrs.unapplied(), "bondctl adds no multipath routes: the route is left out");
        }
        return new RouteOptions(table, attrs);
    }

    // ------------------------------------------------------------------ write

    /** Writes the family into its section, keeping the keys bondctl does not manage. */
    static void write(Keyfile k, IpConfig v) {
        String name = v.setting();
        Keyfile.Section sec = k.sectionOrAdd(name);
        sec.entries.removeIf(e -> e.key != null && (ADDRESS_KEY.matcher(e.key).matches() || ROUTE_KEY.matcher(e.key).matches()
                || RULE_KEY.matcher(e.key).matches() || e.key.equals("gateway") || e.key.equals("route-metric")
                || e.key.equals("route-table")
                || e.key.equals("never-default")));
        // the addresses go where NM's order puts them: after addr-gen-mode, before the rest
        int insertAt = 0;
        while (insertAt < sec.entries.size() && sec.entries.get(insertAt).key != null
                && propertyOrder(sec.entries.get(insertAt).key).compareTo("addresses") < 0) {
            insertAt++;
        }
        for (int i = 0; i < v.addresses().size(); i++) {
            // NM attaches the gateway to the first address (the reference keyfiles do)
            String val = v.addresses().get(i) + (i == 0 && v.gateway() != null ? "," + Address.text(v.gateway()) : "");
            sec.entries.add(insertAt++, new Keyfile.Entry("address" + (i + 1), val, null, 0));
        }
        if (v.addresses().isEmpty() && v.gateway() != null) {
            k.set(name, "gateway", Address.text(v.gateway()));
        }
        if (v.dns().isEmpty()) {
            k.remove(name, "dns");
        } else {
            k.set(name, "dns", Keyfile.joinList(v.dns().stream().map(Address::text).toList()));
        }
        if (v.search().isEmpty()) {
            k.remove(name, "dns-search");
        } else {
            k.set(name, "dns-search", Keyfile.joinList(v.search()));
        }
        k.set(name, "method", v.method());
        if (v.routeMetric() >= 0) {
            k.set(name, "route-metric", Integer.toString(v.routeMetric()));
        }
        if (v.routeTable() != 0) {
            k.set(name, "route-table", Integer.toUnsignedString(v.routeTable()));
        }
        if (v.neverDefault()) {
            k.set(name, "never-default", "true");
        }
        for (int i = 0; i < v.routes().size(); i++) {
            IpConfig.StaticRoute r = v.routes().get(i);
            k.set(name, "route" + (i + 1), r.toString());
            if (!r.options().isEmpty()) {
                k.set(name, "route" + (i + 1) + "_options", r.options());
            }
        }
        for (int i = 0; i < v.rules().size(); i++) {
            k.set(name, "routing-rule" + (i + 1), v.rules().get(i).toString());
        }
        sort(sec);
    }

    /** An [ipv4] or [ipv6] section in NM's order: by property name (address1.. as addresses, route1.. as routes). */
    static void sort(Keyfile.Section sec) {
        boolean ip = sec != null && (sec.name.equals("ipv4") || sec.name.equals("ipv6"));
        if (ip && sec.entries.stream().allMatch(e -> e.key != null)) {
            sec.entries.sort(java.util.Comparator.comparing(e -> propertyOrder(e.key)));
        }
    }

    /** The key's place among NM's property names: address3 sorts as "addresses" #3. */
    static String propertyOrder(String key) {
        Matcher a = ADDRESS_KEY.matcher(key);
        if (a.matches()) {
            return "addresses" + String.format("%06d", a.group(2).isEmpty() ? 0 : Integer.parseInt(a.group(2)));
        }
        Matcher r = ROUTE_KEY.matcher(key);
        if (r.matches()) {
            return "routes" + String.format("%06d", r.group(1).isEmpty() ? 0 : Integer.parseInt(r.group(1)))
                    + (r.group(2) == null ? "" : r.group(2));
        }
        Matcher rule = RULE_KEY.matcher(key);
        if (rule.matches()) {
            return "routing-rules" + String.format("%06d", Integer.parseInt(rule.group(1)));
        }
        return key;
    }
}
