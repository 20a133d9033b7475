package org.bondctl.cli;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.Bonds;
import org.bondctl.plan.Interfaces;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.RouteAttrs;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "route", description = "Routes: default and static, IPv4 and IPv6.",
        subcommands = {RouteCommand.Add.class, RouteCommand.Del.class, RouteCommand.Show.class})
final class RouteCommand {

    /** "PREFIX|default [via GW] [dev IF] [metric N] [table T]", parsed as strictly as ip(8) does. */
    record Spec(Address destination, InetAddress gateway, String dev, Integer metric, int table, int family,
            RouteAttrs attrs) {
        static final String USAGE = "PREFIX|default [via GW] [dev IFNAME] [metric N] [table T] [src ADDR] [from PREFIX]"
                + " [onlink] [tos N] [scope N] [mtu|window|cwnd|initcwnd|initrwnd|advmss [lock] N] [rto_min MS] [quickack 0|1]";

        static Spec parse(String op, List<String> w, boolean ipv6) {
            if (w.isEmpty()) {
                throw BondctlException.invalid(op + ": expected '" + USAGE + "'");
            }
            Address dst = null;
            String first = w.get(0);
            if (!first.equals("default")) {
                dst = Address.parse(first);
                if (!Route.network(dst).equals(dst.address())) {
                    throw BondctlException.invalid(op + ": " + first + " has host bits set (the network is "
                            + Address.text(Route.network(dst)) + "/" + dst.prefix() + ")");
                }
            }
            InetAddress gw = null;
            String dev = null;
            Integer metric = null;
            int table = Rtnl.RT_TABLE_MAIN;
            Set<String> seen = new HashSet<>();
            List<String> attrs = new ArrayList<>();
            String[] all = w.toArray(String[]::new);
            for (int i = 1; i < w.size(); i += 2) {
                String word = w.get(i);
                if (!List.of("via", "dev", "metric", "table").contains(word)) {
                    int next = RouteAttrs.ipWords(all, i, attrs);
                    if (next == i) {
                        throw BondctlException.invalid(op + ": unknown word '" + word + "' (expected " + USAGE + ")");
                    }
                    if (!seen.add(word)) {
                        throw BondctlException.invalid(op + ": '" + word + "' is given twice");
                    }
                    i = next - 2; // the loop steps on by two
                    continue;
                }
                if (i + 1 >= w.size()) {
                    throw BondctlException.invalid(op + ": '" + word + "' needs a value");
                }
                if (!seen.add(word)) {
                    throw BondctlException.invalid(op + ": '" + word + "' is given twice");
                }
                String v = w.get(i + 1);
                switch (word) {
                    case "via" -> gw = Address.parseIp(v, op + " via");
                    case "dev" -> {
                        Rtnetlink.checkName(v);
                        dev = v;
                    }
                    case "metric" -> metric = (int) number(op, "metric", v);
                    case "table" -> table = table(op, v);
                    default -> throw BondctlException.invalid(op + ": unknown word '" + word + "' (expected " + USAGE + ")");
                }
            }
            int family = dst != null ? dst.family() : gw != null ? Route.familyOf(gw) : ipv6 ? Rtnl.AF_INET6 : Rtnl.AF_INET;
            if (dst != null && gw != null && dst.family() != Route.familyOf(gw)) {
                throw BondctlException.invalid(op + ": the gateway " + Address.text(gw) + " is not an "
                        + (dst.family() == Rtnl.AF_INET ? "IPv4" : "IPv6") + " address, like " + first);
            }
            try {
                return new Spec(dst, gw, dev, metric, table, family, RouteAttrs.parse(attrs, family));
            } catch (BondctlException e) {
                throw BondctlException.invalid(op + ": " + e.getMessage());
            }
        }

        /** A 32-bit unsigned number in ASCII digits (ip(8) refuses "-1", "+5", "0x10" ...). */
        static long number(String op, String what, String v) {
            if (!Address.isDecimal(v, 10) || Long.parseLong(v) > 0xffffffffL) {
                throw BondctlException.invalid(op + ": " + what + " '" + v + "' is not a number 0-4294967295");
            }
            return Long.parseLong(v);
        }

        /** "main", "default" (253) or a number 1-2^32-1 but "local" (255). */
        static int table(String op, String v) {
            int t = switch (v) {
                case "main" -> Rtnl.RT_TABLE_MAIN;
                case "default" -> 253;
                default -> (int) number(op, "table", v);
            };
            if (t == 0 || t == Rtnl.RT_TABLE_LOCAL) {
                throw BondctlException.invalid(op + ": table " + v + " is not a table for routes of your own");
            }
            return t;
        }
    }

    /** Adds or deletes a route; --persist keeps it in the profile of 'dev IFNAME'. */
    abstract static class Change extends BaseCommand {
        @Parameters(paramLabel = "ROUTE", arity = "1..*", description = Spec.USAGE)
        List<String> words;

        @Option(names = {"-6", "--ipv6"}, description = "With 'default': the IPv6 default route.")
        boolean ipv6;

        @Mixin
        PersistArgs persist;

        abstract boolean adding();

        @Override
        public Integer call() {
            String op = adding() ? "route add" : "route del";
            Spec s = Spec.parse(op, words, ipv6);
            if (persist.persist && s.dev() == null) {
                throw BondctlException.invalid(op + " --persist: name the interface with 'dev IFNAME' (the route is kept in its profile)");
            }
            beginChange(op + " " + String.join(" ", words));
            try (Bonds b = bonds()) {
                Interfaces ifs = b.interfaces();
                List<Route> before = global().json ? b.rtnetlink().routes() : List.of();
                persist.run(this, p -> p.route(b, s.dev(), s.destination(), s.gateway(), s.metric(), s.table(), s.attrs(),
                        adding()), () -> {
                    if (adding()) {
                        ifs.addRoute(s.destination(), s.gateway(), s.dev(), s.metric() == null ? 0 : s.metric(), s.table(),
                                s.attrs());
                    } else {
                        ifs.deleteRoute(s.family(), s.destination(), s.gateway(), s.dev(), s.metric(), s.table());
                    }
                });
                if (global().json) {
                    printChanged(b.rtnetlink(), before);
                }
            }
            return 0;
        }

        /** The route added (or deleted): the one in only one of the dumps before and after. */
        private void printChanged(Rtnetlink r, List<Route> before) {
            List<Route> after = r.routes();
            List<Route> changed = new ArrayList<>(adding() ? after : before);
            changed.removeIf(x -> (adding() ? before : after).stream().anyMatch(y -> y.equals(x)));
            Map<Integer, String> names = new LinkedHashMap<>();
            r.links().forEach(l -> names.put(l.index(), l.name()));
            out().println(changed.isEmpty() ? "null"
                    : Json.write(LinkJson.route(changed.get(0), names.get(changed.get(0).oif()))));
        }
    }

    @Command(name = "add", description = {"Add a route.",
        "Equivalent to: ip route add PREFIX|default [via GW] [dev IFNAME] [metric N] [table T] [ATTRIBUTES] proto static"})
    static final class Add extends Change {
        @Override
        boolean adding() {
            return true;
        }
    }

    @Command(name = "del", description = {"Delete a route, whoever installed it.",
        "Equivalent to: ip route del PREFIX|default [via GW] [dev IFNAME] [metric N] [table T]"})
    static final class Del extends Change {
        @Override
        boolean adding() {
            return false;
        }
    }

    @Command(name = "show", description = {"List the routes of all tables but local, both families.",
        "Equivalent to: ip route show table all; ip -6 route show table all (unicast routes)"})
    static final class Show extends BaseCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "IFNAME", description = "Only the routes via this interface.")
        String ifname;

        @Override
        public Integer call() {
            try (Rtnetlink r = Rtnetlink.open(global().netns)) {
                Map<Integer, String> names = new LinkedHashMap<>();
                for (Link l : r.links()) {
                    names.put(l.index(), l.name());
                }
                if (ifname != null && !names.containsValue(ifname)) {
                    r.require(ifname);
                }
                List<Object> json = new ArrayList<>();
                for (Route rt : r.routes()) {
                    String dev = names.getOrDefault(rt.oif(), rt.oif() == 0 ? null : "#" + rt.oif());
                    if (ifname != null && !ifname.equals(dev)) {
                        continue;
                    }
                    if (global().json) {
                        json.add(LinkJson.route(rt, dev));
                    } else {
                        out().println(text(rt, dev));
                    }
                }
                if (global().json) {
                    out().println(Json.write(json));
                }
            }
            return 0;
        }

        /** ip(8)'s line: "default via 192.0.2.1 dev bond0 proto static metric 300", then the attributes ("mtu lock 1400"). */
        static String text(Route rt, String dev) {
            String via = rt.gateway() == null ? "" : " via " + Address.text(rt.gateway());
            return (rt.family() == Rtnl.AF_INET6 && rt.isDefault() ? "default (IPv6)" : rt.destinationText()) + via
                    + (dev == null ? "" : " dev " + dev) + " proto " + Route.protocolName(rt.protocol())
                    + (rt.metric() != 0 ? " metric " + rt.metric() : "")
                    + (rt.table() != Rtnl.RT_TABLE_MAIN ? " table " + rt.table() : "")
                    + (rt.attrs().isEmpty() ? "" : " " + rt.attrs().ipText());
        }
    }
}
