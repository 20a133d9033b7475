package org.bondctl.profile;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Rtnl;

/**
 * IPv4 and IPv6 in ifcfg-rh (nms-ifcfg-rh-reader.c make_ip4_setting()/make_ip6_setting(), and
 * the route-NAME / route6-NAME files): BOOTPROTO, IPADDRn/PREFIXn/NETMASKn, GATEWAY, DNSn
 * (both families), DOMAIN, IPV6INIT, IPV6_AUTOCONF, DHCPV6C, IPV6_DISABLED, IPV6ADDR,
 * IPV6ADDR_SECONDARIES, IPV6_DEFAULTGW, IPV6_DOMAIN, IPV4_ROUTE_METRIC, IPV6_ROUTE_METRIC, IPV4/IPV6_ROUTE_TABLE, DEFROUTE
 * and IPV6_DEFROUTE (no: never-default); ROUTING_RULE_N and ROUTING_RULE6_N, a policy routing
 * rule each in NetworkManager's text ({@link #rules}).
 */
final class IfcfgIp {
    private static final Pattern IPADDR = Pattern.compile("IPADDR([0-9]*)");
    /** The keys this class applies (ifcfg keys are flat: the reader marks them used by name). */
    static final Pattern KEYS = Pattern.compile("(IPADDR|PREFIX|NETMASK|GATEWAY)[0-9]*|DNS[0-9]+|DOMAIN|BOOTPROTO"
            + "|IPV6INIT|IPV6_AUTOCONF|DHCPV6C|IPV6_DISABLED|IPV6ADDR|IPV6ADDR_SECONDARIES|IPV6_DEFAULTGW|IPV6_DOMAIN"
            + "|IPV4_ROUTE_METRIC|IPV6_ROUTE_METRIC|IPV4_ROUTE_TABLE|IPV6_ROUTE_TABLE|DEFROUTE|IPV6_DEFROUTE|ROUTING_RULE6?_[0-9]+");
    /** NetworkManager's variables for ipv4.routing-rules and ipv6.routing-rules (nms-ifcfg-rh-utils.h). */
    static final Pattern RULE = Pattern.compile("ROUTING_RULE(6?)_([0-9]+)");

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
        List<IpConfig.StaticRoute> routes = file == null ? List.of() : IfcfgRoutes.routes(f, file, "route-", false);
        return new IpConfig(Rtnl.AF_INET, method, new ArrayList<>(addrs.values()), gw, dns, search, routes,
                metric(f, c, "IPV4_ROUTE_METRIC"), !flag(c.get("DEFROUTE"), true)).withRouteTable(table(f, c, "IPV4_ROUTE_TABLE"));
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
        List<IpConfig.StaticRoute> routes = file == null ? List.of() : IfcfgRoutes.routes(f, file, "route6-", true);
        return new IpConfig(Rtnl.AF_INET6, method, addrs, gw, dns, search, routes, metric(f, c, "IPV6_ROUTE_METRIC"),
                !flag(c.get("IPV6_DEFROUTE"), true)).withRouteTable(table(f, c, "IPV6_ROUTE_TABLE"));
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

    /** IPV4_ROUTE_TABLE, IPV6_ROUTE_TABLE: the family's route table (0, or none: the main table). */
    private static int table(String f, Ifcfg c, String key) {
        String v = c.get(key);
        try {
            return v == null || v.isBlank() ? 0 : KeyfileIp.table(v.strip());
        } catch (BondctlException e) {
            throw Ifcfg.error(f, c.lineOf(key), key + "=" + Keyfile.abbreviate(v) + " is not a route table (0 to 4294967295)");
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

    static InetAddress v4(InetAddress a) {
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

    static int maskBits(InetAddress mask) {
        int bits = 0;
        for (byte x : mask.getAddress()) {
            bits += Integer.bitCount(x & 0xff);
        }
        return bits;
    }

    /**
     * An ifcfg boolean as NM's svParseBoolean() reads it: yes/true/t/y/1 and no/false/f/n/0 in
     * any case; missing or anything else is {@code dflt}.
     */
    static boolean flag(String v, boolean dflt) {
        String s = v == null ? "" : v.strip().toLowerCase();
        return switch (s) {
            case "yes", "true", "t", "y", "1" -> true;
            case "no", "false", "f", "n", "0" -> false;
            default -> dflt;
        };
    }

    static boolean yes(String v) {
        return v != null && (v.strip().equalsIgnoreCase("yes") || v.strip().equalsIgnoreCase("true") || v.strip().equals("1"));
    }

    // ------------------------------------------------------------------ write

    /** The keys NM's writer sets for the family, into {@code want} (in its order). */
    /**
     * The family's ROUTING_RULE_N (ROUTING_RULE6_N) variables in N's order, as NetworkManager's
     * reader takes them; one it would refuse is reported through {@code refused} and left out.
     */
    static List<org.bondctl.rtnl.RoutingRule> rules(Ifcfg c, boolean v6, java.util.function.BiConsumer<Ifcfg.Line, String> refused) {
        TreeMap<Long, org.bondctl.rtnl.RoutingRule> out = new TreeMap<>();
        for (Ifcfg.Line l : c.lines) {
            Matcher m = l.key == null ? null : RULE.matcher(l.key);
            if (m == null || !m.matches() || m.group(1).isEmpty() == v6 || m.group(2).length() > 9) {
                continue;
            }
            try {
                out.put(Long.parseLong(m.group(2)), org.bondctl.rtnl.RoutingRule.parse(l.value, v6 ? Rtnl.AF_INET6 : Rtnl.AF_INET));
            } catch (org.bondctl.rtnl.RoutingRule.Invalid x) {
                refused.accept(l, "not a routing rule NetworkManager takes: " + x.getMessage());
            }
        }
        return new ArrayList<>(out.values());
    }

    /** ROUTING_RULE_1.. (ROUTING_RULE6_1..), as NetworkManager's ifcfg-rh writer numbers them. */
    private static void writeRules(Map<String, String> want, IpConfig v) {
        for (int i = 0; i < v.rules().size(); i++) {
            want.put("ROUTING_RULE" + (v.isV6() ? "6_" : "_") + (i + 1), v.rules().get(i).toString());
        }
    }

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
        if (v.routeTable() != 0) {
            want.put("IPV4_ROUTE_TABLE", Integer.toUnsignedString(v.routeTable()));
        }
        writeRules(want, v);
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
        if (v.routeTable() != 0) {
            want.put("IPV6_ROUTE_TABLE", Integer.toUnsignedString(v.routeTable()));
        }
        writeRules(want, v);
    }

    /** Keys NM writes with these values on every new profile: its own defaults, nothing to apply. */
    static final Map<String, Set<String>> DEFAULTS = Map.of(
            "DEFROUTE", Set.of("yes"), "IPV4_FAILURE_FATAL", Set.of("no"), "IPV6_DEFROUTE", Set.of("yes"),
            "IPV6_FAILURE_FATAL", Set.of("no"), "PROXY_METHOD", Set.of("none"), "BROWSER_ONLY", Set.of("no"));
}
