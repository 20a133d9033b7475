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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.RouteAttrs;
import org.bondctl.rtnl.Rtnl;

/**
 * ifcfg-rh's static route files next to ifcfg-NAME (nms-ifcfg-rh-reader.c read_route_file(),
 * nms-ifcfg-rh-writer.c write_route_file()): route-NAME in NM's key=value form
 * (ADDRESSn, NETMASKn, GATEWAYn, METRICn, OPTIONSn) or in ip(8)'s form, route6-NAME in ip(8)'s
 * form, one route a line.
 */
final class IfcfgRoutes {
    /** The key=value form's keys: ADDRESS0=198.51.100.0 NETMASK0=255.255.255.0 ... */
    private static final Pattern ROUTE_SV = Pattern.compile("(ADDRESS|NETMASK|GATEWAY|METRIC|OPTIONS)([0-9]+)");

    private IfcfgRoutes() {}

    /** The route-NAME (or route6-NAME) file next to ifcfg-NAME. */
    static Path routeFile(Path ifcfg, String prefix) {
        String n = ifcfg.getFileName().toString().substring(IfcfgFormat.PREFIX.length());
        return ifcfg.resolveSibling(prefix + n);
    }

    static List<IpConfig.StaticRoute> routes(String f, Path ifcfg, String prefix, boolean v6) {
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
                InetAddress dst = IfcfgIp.v4(Address.parseIp(a.value.strip(), a.key));
                int plen = r.containsKey("NETMASK") ? IfcfgIp.maskBits(Address.parseIp(r.get("NETMASK").value.strip(), "NETMASK")) : 32;
                InetAddress gw = r.containsKey("GATEWAY") ? IfcfgIp.v4(Address.parseIp(r.get("GATEWAY").value.strip(), "GATEWAY")) : null;
                int metric = r.containsKey("METRIC") ? Integer.parseInt(r.get("METRIC").value.strip()) : -1;
                IpConfig.StaticRoute opts = r.containsKey("OPTIONS")
                        ? options(f, r.get("OPTIONS").line, r.get("OPTIONS").value.strip().split("\\s+"), 0, Rtnl.AF_INET)
                        : new IpConfig.StaticRoute(null, null, -1, 0);
                out.add(new IpConfig.StaticRoute(new Address(dst, plen), gw, metric, opts.table(), opts.attrs()));
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
                List<String> rest = new ArrayList<>();
                for (int j = 1; j < w.length; j++) {
                    switch (w[j]) {
                        case "via" -> gw = j + 1 < w.length ? Address.parseIp(w[++j], "via") : null;
                        case "metric" -> metric = j + 1 < w.length ? Integer.parseInt(w[++j]) : -1;
                        case "dev", "proto" -> j++;
                        default -> rest.add(w[j]);
                    }
                }
                if (dst.family() != (v6 ? Rtnl.AF_INET6 : Rtnl.AF_INET)) {
                    throw BondctlException.invalid(w[0] + " is not an " + (v6 ? "IPv6" : "IPv4") + " destination");
                }
                IpConfig.StaticRoute opts = options(f, i + 1, rest.toArray(String[]::new), 0, dst.family());
                out.add(new IpConfig.StaticRoute(dst, gw, metric, opts.table(), opts.attrs()));
            } catch (BondctlException x) {
                throw x.getMessage().startsWith(f + ":") ? x : Ifcfg.error(f, i + 1, x.getMessage());
            } catch (NumberFormatException x) {
                throw Ifcfg.error(f, i + 1, "malformed route '" + Keyfile.abbreviate(t) + "'");
            }
        }
        return out;
    }

    /**
     * ip(8)'s words after a route's destination, next hop and metric: {@code table N} and the
     * attributes NetworkManager writes there (src, from, onlink, tos, scope, mtu [lock] ...).
     * Returns a route holding only the table and the attributes.
     */
    private static IpConfig.StaticRoute options(String f, int line, String[] w, int from, int family) {
        int table = 0;
        List<String> words = new ArrayList<>();
        for (int i = from; i < w.length; ) {
            if (w[i].isEmpty()) {
                i++;
            } else if (w[i].equals("table") && i + 1 < w.length && Address.isDecimal(w[i + 1], 10)) {
                table = Integer.parseInt(w[i + 1]);
                i += 2;
            } else {
                int next = RouteAttrs.ipWords(w, i, words);
                if (next == i) {
                    throw Ifcfg.error(f, line, "route attribute '" + w[i] + "' is not applied by bondctl");
                }
                i = next;
            }
        }
        RouteAttrs attrs = RouteAttrs.parse(words, family);
        if (attrs.unapplied() != null) {
            throw Ifcfg.error(f, line, attrs.unapplied() + ": bondctl adds no multipath routes");
        }
        return new IpConfig.StaticRoute(null, null, -1, table, attrs);
    }

    /** ip(8)'s words for a route's table and attributes, as NetworkManager writes them in OPTIONSn and route6 lines. */
    private static String optionText(IpConfig.StaticRoute r) {
        String attrs = r.attrs().ipText();
        String table = r.table() > 0 ? "table " + r.table() : "";
        return (table + (table.isEmpty() || attrs.isEmpty() ? "" : " ") + attrs).strip();
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
            if (!optionText(r).isEmpty()) {
                c.set("OPTIONS" + i, optionText(r));
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
            if (!optionText(r).isEmpty()) {
                sb.append(' ').append(optionText(r));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static InetAddress mask(int prefix) {
        return Route.network(new Address(Address.parseIp("255.255.255.255", "mask"), prefix));
    }
}
