package org.bondctl.profile;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnl;

/**
 * IPv4 and IPv6 in ifcfg-rh (nms-ifcfg-rh-reader.c make_ip4_setting()/make_ip6_setting(), and
 * the route-NAME / route6-NAME files): BOOTPROTO, IPADDRn/PREFIXn/NETMASKn, GATEWAY, DNSn
 * (both families), DOMAIN, IPV6INIT, IPV6_AUTOCONF, DHCPV6C, IPV6_DISABLED, IPV6ADDR,
 * IPV6ADDR_SECONDARIES, IPV6_DEFAULTGW, IPV6_DOMAIN, IPV4_ROUTE_METRIC, IPV6_ROUTE_METRIC.
 */
final class IfcfgIp {
    private static final Pattern IPADDR = Pattern.compile("IPADDR([0-9]*)");
    /** The keys this class applies (ifcfg keys are flat: the reader marks them used by name). */
    static final Pattern KEYS = Pattern.compile("(IPADDR|PREFIX|NETMASK|GATEWAY)[0-9]*|DNS[0-9]+|DOMAIN|BOOTPROTO"
            + "|IPV6INIT|IPV6_AUTOCONF|DHCPV6C|IPV6_DISABLED|IPV6ADDR|IPV6ADDR_SECONDARIES|IPV6_DEFAULTGW|IPV6_DOMAIN"
            + "|IPV4_ROUTE_METRIC|IPV6_ROUTE_METRIC");
    /** Route file lines in ip(8) form: "198.51.100.0/24 via 192.0.2.1 [dev X] [metric N] [table T]". */
    private static final Pattern ROUTE_SV = Pattern.compile("(ADDRESS|NETMASK|GATEWAY|METRIC|OPTIONS)([0-9]+)");

    private IfcfgIp() {}

    static IpConfig readV4(String f, Ifcfg c, Path file) {
        String boot = c.get("BOOTPROTO") == null ? "none" : c.get("BOOTPROTO").strip().toLowerCase();
        TreeMap<Integer, Address> addrs = new TreeMap<>();
        InetAddress gw = null;
        List<InetAddress> dns = new ArrayList<>();
        List<String> search = new ArrayList<>();
        for (Ifcfg.Line l : c.lines) {
            if (l.key == null) {
                continue;
            }
            try {
                Matcher m = IPADDR.matcher(l.key);
                if (m.matches()) {
                    String n = m.group(1);
                    // IPADDR is index -1 so that it comes before IPADDR0 (make_ip4_setting())
                    int idx = n.isEmpty() ? -1 : Integer.parseInt(n);
                    InetAddress a = v4(Address.parseIp(l.value.strip(), l.key));
                    addrs.put(idx, new Address(a, prefix(f, c, n)));
                } else if (l.key.equals("GATEWAY") || l.key.matches("GATEWAY[0-9]+")) {
                    gw = v4(Address.parseIp(l.value.strip(), l.key));
                } else if (l.key.matches("DNS[0-9]+")) {
                    InetAddress a = Address.parseIp(l.value.strip(), l.key);
                    if (a.getAddress().length == 4) {
                        dns.add(a); // the IPv6 ones belong to ipv6.dns (readV6)
                    }
                } else if (l.key.equals("DOMAIN")) {
                    domains(l.value, search);
                }
            } catch (BondctlException x) {
                throw rethrow(f, l, x);
            } catch (NumberFormatException x) {
                throw Ifcfg.error(f, l.line, "malformed key " + l.key);
            }
        }
        String method = switch (boot) {
            case "dhcp", "bootp" -> "auto";
            case "shared" -> "shared";
            case "autoip" -> "link-local";
            case "none", "static", "" -> addrs.isEmpty() ? "disabled" : "manual";
            default -> throw Ifcfg.error(f, c.lineOf("BOOTPROTO"), "BOOTPROTO=" + Keyfile.abbreviate(boot)
                    + " is not none, static, dhcp, bootp, shared or autoip");
        };
        List<IpConfig.StaticRoute> routes = file == null ? List.of() : routes(f, file, "route-", false);
        return new IpConfig(Rtnl.AF_INET, method, new ArrayList<>(addrs.values()), gw, dns, search, routes,
                metric(f, c, "IPV4_ROUTE_METRIC"));
    }

    static IpConfig readV6(String f, Ifcfg c, Path file) {
        // make_ip6_setting(): IPV6INIT defaults to no (ignore), IPV6_AUTOCONF to yes
        String method;
        if (yes(c.get("IPV6_DISABLED"))) {
            method = "disabled";
        } else if (!yes(c.get("IPV6INIT"))) {
            method = "ignore";
        } else if (c.get("IPV6_AUTOCONF") == null || yes(c.get("IPV6_AUTOCONF"))) {
            method = "auto";
        } else if (yes(c.get("DHCPV6C"))) {
            method = "dhcp";
        } else {
            method = "manual";
        }
        List<Address> addrs = new ArrayList<>();
        InetAddress gw = null;
        List<InetAddress> dns = new ArrayList<>();
        List<String> search = new ArrayList<>();
        for (Ifcfg.Line l : c.lines) {
            if (l.key == null) {
                continue;
            }
            try {
                switch (l.key) {
                    case "IPV6ADDR" -> addrs.add(0, v6(Address.parse(l.value.strip())));
                    case "IPV6ADDR_SECONDARIES" -> {
                        for (String w : l.value.strip().split("\\s+")) {
                            if (!w.isEmpty()) {
                                addrs.add(v6(Address.parse(w)));
                            }
                        }
                    }
                    case "IPV6_DEFAULTGW" -> {
                        String v = l.value.strip();
                        int pct = v.indexOf('%'); // IPV6_DEFAULTGW=fe80::1%bond0
                        gw = Address.parseIp(pct < 0 ? v : v.substring(0, pct), l.key);
                        if (gw.getAddress().length != 16) {
                            throw BondctlException.invalid(v + " is not an IPv6 address");
                        }
                    }
                    case "IPV6_DOMAIN" -> domains(l.value, search);
                    default -> {
                        if (l.key.matches("DNS[0-9]+")) {
                            InetAddress a = Address.parseIp(l.value.strip(), l.key);
                            if (a.getAddress().length == 16) {
                                dns.add(a);
                            }
                        }
                    }
                }
            } catch (BondctlException x) {
                throw rethrow(f, l, x);
            }
        }
        List<IpConfig.StaticRoute> routes = file == null ? List.of() : routes(f, file, "route6-", true);
        return new IpConfig(Rtnl.AF_INET6, method, addrs, gw, dns, search, routes, metric(f, c, "IPV6_ROUTE_METRIC"));
    }

    private static BondctlException rethrow(String f, Ifcfg.Line l, BondctlException x) {
        return x.getMessage().startsWith(f + ":") ? x : Ifcfg.error(f, l.line, l.key + ": " + x.getMessage());
    }

    private static void domains(String value, List<String> out) {
        for (String d : value.strip().split("\\s+")) {
            if (!d.isEmpty()) {
                org.bondctl.dns.ResolvConf.checkDomain(d);
                out.add(d);
            }
        }
    }

    private static int metric(String f, Ifcfg c, String key) {
        String v = c.get(key);
        if (v == null || v.isBlank()) {
            return -1;
        }
        if (!v.strip().equals("-1") && !Address.isDecimal(v.strip(), 10)) {
            throw Ifcfg.error(f, c.lineOf(key), key + "=" + Keyfile.abbreviate(v) + " is not a metric");
        }
        return Integer.parseInt(v.strip());
    }

    private static InetAddress v4(InetAddress a) {
        if (a.getAddress().length != 4) {
            throw BondctlException.invalid(Address.text(a) + " is not an IPv4 address");
        }
        return a;
    }

    private static Address v6(Address a) {
        if (a.family() != Rtnl.AF_INET6) {
            throw BondctlException.invalid(a + " is not an IPv6 address");
        }
        return a;
    }

    private static int prefix(String f, Ifcfg c, String n) {
        String pre = c.get("PREFIX" + n);
        try {
            if (pre != null) {
                return Integer.parseInt(pre.strip());
            }
            String mask = c.get("NETMASK" + n);
            if (mask != null) {
                return maskBits(Address.parseIp(mask.strip(), "NETMASK" + n));
            }
        } catch (NumberFormatException e) {
            throw Ifcfg.error(f, c.lineOf("PREFIX" + n), "PREFIX" + n + "=" + Keyfile.abbreviate(pre) + " is not a number");
        }
        return 24; // what initscripts (ipcalc) assumes for a class C address; NM does the same
    }

    private static int maskBits(InetAddress mask) {
        int bits = 0;
        for (byte x : mask.getAddress()) {
            bits += Integer.bitCount(x & 0xff);
        }
        return bits;
    }

    static boolean yes(String v) {
        return v != null && (v.strip().equalsIgnoreCase("yes") || v.strip().equalsIgnoreCase("true") || v.strip().equals("1"));
    }

    // ------------------------------------------------------------------ route files

    /** The route-NAME (or route6-NAME) file next to ifcfg-NAME. */
    static Path routeFile(Path ifcfg, String prefix) {
        String n = ifcfg.getFileName().toString().substring(IfcfgFormat.PREFIX.length());
        return ifcfg.resolveSibling(prefix + n);
    }

    private static List<IpConfig.StaticRoute> routes(String f, Path ifcfg, String prefix, boolean v6) {
        Path rf = routeFile(ifcfg, prefix);
        if (!Files.isRegularFile(rf)) {
            return List.of();
        }
        String text;
        try {
            text = Files.readString(rf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.PERMISSION, "read " + rf + ": " + e.getMessage());
        }
        return text.lines().anyMatch(l -> ROUTE_SV.matcher(l.strip().split("=", 2)[0]).matches())
                ? svRoutes(rf.toString(), text) : ipRoutes(rf.toString(), text, v6);
    }

    /** ADDRESS0=198.51.100.0 NETMASK0=255.255.255.0 GATEWAY0=192.0.2.1 METRIC0=10 OPTIONS0="table 100". */
    private static List<IpConfig.StaticRoute> svRoutes(String f, String text) {
        Ifcfg c = Ifcfg.parse(f, text);
        TreeMap<Integer, Map<String, Ifcfg.Line>> byIndex = new TreeMap<>();
        for (Ifcfg.Line l : c.lines) {
            if (l.key == null) {
                continue;
            }
            Matcher m = ROUTE_SV.matcher(l.key);
            if (!m.matches()) {
                throw Ifcfg.error(f, l.line, "unknown key " + l.key + " (expected ADDRESSn, NETMASKn, GATEWAYn, METRICn, OPTIONSn)");
            }
            byIndex.computeIfAbsent(Integer.parseInt(m.group(2)), k -> new LinkedHashMap<>()).put(m.group(1), l);
        }
        List<IpConfig.StaticRoute> out = new ArrayList<>();
        for (Map<String, Ifcfg.Line> r : byIndex.values()) {
            Ifcfg.Line a = r.get("ADDRESS");
            if (a == null) {
                throw Ifcfg.error(f, r.values().iterator().next().line, "a route without ADDRESSn");
            }
            try {
                InetAddress dst = v4(Address.parseIp(a.value.strip(), a.key));
                int plen = r.containsKey("NETMASK") ? maskBits(Address.parseIp(r.get("NETMASK").value.strip(), "NETMASK")) : 32;
                InetAddress gw = r.containsKey("GATEWAY") ? v4(Address.parseIp(r.get("GATEWAY").value.strip(), "GATEWAY")) : null;
                int metric = r.containsKey("METRIC") ? Integer.parseInt(r.get("METRIC").value.strip()) : -1;
                int table = r.containsKey("OPTIONS") ? table(f, r.get("OPTIONS").line, r.get("OPTIONS").value) : 0;
                out.add(new IpConfig.StaticRoute(new Address(dst, plen), gw, metric, table));
            } catch (BondctlException x) {
                throw x.getMessage().startsWith(f + ":") ? x : Ifcfg.error(f, a.line, x.getMessage());
            } catch (NumberFormatException x) {
                throw Ifcfg.error(f, a.line, "malformed route");
            }
        }
        return out;
    }

    /** "198.51.100.0/24 via 192.0.2.1 dev bond0 metric 10 table 100", one route per line. */
    private static List<IpConfig.StaticRoute> ipRoutes(String f, String text, boolean v6) {
        List<IpConfig.StaticRoute> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] w = t.split("\\s+");
            try {
                Address dst = w[0].equals("default") ? Address.parse(v6 ? "::/0" : "0.0.0.0/0") : Address.parse(w[0]);
                InetAddress gw = null;
                int metric = -1;
                int table = 0;
                for (int j = 1; j + 1 < w.length; j += 2) {
                    switch (w[j]) {
                        case "via" -> gw = Address.parseIp(w[j + 1], "via");
                        case "metric" -> metric = Integer.parseInt(w[j + 1]);
                        case "table" -> table = Integer.parseInt(w[j + 1]);
                        case "dev", "proto" -> { }
                        default -> throw BondctlException.invalid("route attribute '" + w[j] + "' is not applied by bondctl");
                    }
                }
                if (dst.family() != (v6 ? Rtnl.AF_INET6 : Rtnl.AF_INET)) {
                    throw BondctlException.invalid(w[0] + " is not an " + (v6 ? "IPv6" : "IPv4") + " destination");
                }
                out.add(new IpConfig.StaticRoute(dst, gw, metric, table));
            } catch (BondctlException x) {
                throw Ifcfg.error(f, i + 1, x.getMessage());
            } catch (NumberFormatException x) {
                throw Ifcfg.error(f, i + 1, "malformed route '" + Keyfile.abbreviate(t) + "'");
            }
        }
        return out;
    }

    private static int table(String f, int line, String options) {
        String[] w = options.strip().split("\\s+");
        if (w.length == 2 && w[0].equals("table") && Address.isDecimal(w[1], 10)) {
            return Integer.parseInt(w[1]);
        }
        throw Ifcfg.error(f, line, "OPTIONS: '" + Keyfile.abbreviate(options) + "': only 'table N' is applied by bondctl");
    }

    // ------------------------------------------------------------------ write

    /** The keys NM's writer sets for the family, into {@code want} (in its order). */
    static void writeV4(Map<String, String> want, IpConfig v) {
        want.put("BOOTPROTO", switch (v.method()) {
            case "auto" -> "dhcp";
            case "shared" -> "shared";
            case "link-local" -> "autoip";
            default -> "none";
        });
        for (int i = 0; i < v.addresses().size(); i++) {
            // make_ip4_setting() writes IPADDR/PREFIX for the first, then IPADDR1/PREFIX1 ...
            String n = i == 0 ? "" : Integer.toString(i);
            want.put("IPADDR" + n, Address.text(v.addresses().get(i).address()));
            want.put("PREFIX" + n, Integer.toString(v.addresses().get(i).prefix()));
        }
        if (v.gateway() != null) {
            want.put("GATEWAY", Address.text(v.gateway()));
        }
        if (v.routeMetric() >= 0) {
            want.put("IPV4_ROUTE_METRIC", Integer.toString(v.routeMetric()));
        }
    }

    static void writeV6(Map<String, String> want, IpConfig v) {
        switch (v.method()) {
            case "ignore" -> want.put("IPV6INIT", "no");
            case "disabled" -> {
                want.put("IPV6INIT", "no");
                want.put("IPV6_DISABLED", "yes");
            }
            case "dhcp" -> {
                want.put("IPV6INIT", "yes");
                want.put("IPV6_AUTOCONF", "no");
                want.put("DHCPV6C", "yes");
            }
            case "manual" -> {
                want.put("IPV6INIT", "yes");
                want.put("IPV6_AUTOCONF", "no");
            }
            default -> {
                want.put("IPV6INIT", "yes");
                want.put("IPV6_AUTOCONF", "yes");
            }
        }
        if (!v.addresses().isEmpty()) {
            want.put("IPV6ADDR", v.addresses().get(0).toString());
            if (v.addresses().size() > 1) {
                want.put("IPV6ADDR_SECONDARIES", String.join(" ",
                        v.addresses().subList(1, v.addresses().size()).stream().map(Address::toString).toList()));
            }
        }
        if (v.gateway() != null) {
            want.put("IPV6_DEFAULTGW", Address.text(v.gateway()));
        }
        if (!v.search().isEmpty()) {
            want.put("IPV6_DOMAIN", String.join(" ", v.search()));
        }
        if (v.routeMetric() >= 0) {
            want.put("IPV6_ROUTE_METRIC", Integer.toString(v.routeMetric()));
        }
    }

    /** route-NAME in NM's key=value form; null when there is no route (the file goes). */
    static String routeFileV4(List<IpConfig.StaticRoute> routes) {
        if (routes.isEmpty()) {
            return null;
        }
        Ifcfg c = new Ifcfg();
        for (int i = 0; i < routes.size(); i++) {
            IpConfig.StaticRoute r = routes.get(i);
            c.set("ADDRESS" + i, Address.text(r.destination().address()));
            c.set("NETMASK" + i, Address.text(mask(r.destination().prefix())));
            if (r.gateway() != null) {
                c.set("GATEWAY" + i, Address.text(r.gateway()));
            }
            if (r.metric() >= 0) {
                c.set("METRIC" + i, Integer.toString(r.metric()));
            }
            if (r.table() > 0) {
                c.set("OPTIONS" + i, "table " + r.table());
            }
        }
        return c.render();
    }

    /** route6-NAME in ip(8) form, one route per line; null when there is none. */
    static String routeFileV6(List<IpConfig.StaticRoute> routes) {
        if (routes.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (IpConfig.StaticRoute r : routes) {
            sb.append(r.destination());
            if (r.gateway() != null) {
                sb.append(" via ").append(Address.text(r.gateway()));
            }
            if (r.metric() >= 0) {
                sb.append(" metric ").append(r.metric());
            }
            if (r.table() > 0) {
                sb.append(" table ").append(r.table());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static InetAddress mask(int prefix) {
        return Route.network(new Address(Address.parseIp("255.255.255.255", "mask"), prefix));
    }

    /** Keys NM writes with these values on every new profile: its own defaults, nothing to apply. */
    static final Map<String, Set<String>> DEFAULTS = Map.of(
            "DEFROUTE", Set.of("yes"), "IPV4_FAILURE_FATAL", Set.of("no"), "IPV6_DEFROUTE", Set.of("yes"),
            "IPV6_FAILURE_FATAL", Set.of("no"), "PROXY_METHOD", Set.of("none"), "BROWSER_ONLY", Set.of("no"));
}
