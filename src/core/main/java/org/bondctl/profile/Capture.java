package org.bondctl.profile;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bondctl.bond.BondState;
import org.bondctl.bond.PortState;
import org.bondctl.bond.options.BondDefaults;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.RouteAttrs;
import org.bondctl.rtnl.RoutingRule;
import org.bondctl.rtnl.Rtnl;

/**
 * A live bond as profiles: what {@code profile save} writes, and what a snapshot keeps so a
 * failed or unconfirmed apply can be undone.
 */
final class Capture {
    private Capture() {}

    /**
     * The bond's profile. {@code exact}: every option NM has a key for and the mode accepts,
     * defaults and empty values included (a snapshot must put back whatever apply changed);
     * otherwise only what differs from the kernel's defaults (plus the mode).
     */
    static Profile bond(BondState s, List<Address> ipv4, InetAddress gateway, List<InetAddress> dns,
            List<String> search, boolean exact) {
        return bond(s, IpConfig.v4(ipv4.isEmpty() ? "disabled" : "manual", ipv4, ipv4.isEmpty() ? null : gateway, dns, search),
                IpConfig.AUTO6, exact);
    }

    /** The bond's profile with these IP settings (see {@link #ip}). */
    static Profile bond(BondState s, IpConfig v4, IpConfig v6, boolean exact) {
        BondSettings out = new BondSettings();
        BondMode mode = s.mode();
        long miimon = s.number(BondOption.MIIMON);
        for (BondOption o : BondOption.values()) {
            if (o.nmKey() == null || !o.inMode(mode)) {
                continue;
            }
            String text = o == BondOption.PRIMARY && !s.options().has(o) ? "" : s.text(o); // not reported: no primary
            if (text == null) {
                continue;
            }
            boolean isDefault = text.equals(BondDefaults.text(o));
            if (o == BondOption.UPDELAY || o == BondOption.DOWNDELAY || o == BondOption.PEER_NOTIF_DELAY) {
                if (miimon == 0) {
                    continue; // meaningless (and refused) without MII monitoring
                }
            }
            if (o == BondOption.MODE || (exact ? true : !isDefault)) {
                out.put(o, text);
            }
        }
        return Profile.bond(s.name()).bondSettings(out).ipv4(v4).ipv6(v6).mtu(s.link().mtu() == 1500 ? 0 : s.link().mtu());
    }

    /** What a capture reads of the kernel besides the interface: its routes of every table and its rules (one dump each). */
    record Kernel(List<Route> unicast, List<Route> typed, List<RoutingRule> rules) {}

    /**
     * One family of a live interface as profile settings: its addresses (link-local aside), the
     * default route as the gateway, the other routes bondctl or ip(8) installed on it as static
     * routes, typed ones included, its route table, and the policy routing rules that belong to
     * it; metrics equal to the profile's default are left out, as NM leaves them out. IPv6
     * switched off on the link (disable_ipv6) is ipv6.method disabled.
     *
     * <p>The route table (ipv4/ipv6.route-table) is the table of the addresses' prefix routes
     * when it is not main (an apply of a route-table puts them there); without addresses, that
     * of {@code had} (the family as the interface's profile has it now; null: no profile). A rule
     * belongs to the interface when {@code had} lists it, when it names the interface (iif, oif),
     * when its source prefix holds one of the interface's addresses, or when it looks up a table
     * only this interface has routes in; not when {@code taken} (other profiles' rules) has it,
     * nor when NetworkManager could not hold it. A route that sends nowhere (blackhole,
     * unreachable, prohibit, throw: no interface) belongs to it when {@code had} lists it or it
     * is in such a table.
     */
    static IpConfig ip(int family, Link l, List<Address> addresses, Kernel k, IpConfig had, List<RoutingRule> taken,
            List<InetAddress> dns, List<String> search, int defaultMetric) {
        List<Address> addrs = addresses.stream().filter(a -> a.family() == family && !a.isLinkLocal()).toList();
        int routeTable = prefixTable(l, addrs, k.unicast());
        if (routeTable < 0) {
            routeTable = had == null ? 0 : had.routeTable();
        }
        int home = routeTable == 0 ? Rtnl.RT_TABLE_MAIN : routeTable;
        List<Route> mine = k.unicast().stream().filter(r -> r.family() == family && r.oif() == l.index() && r.userMade()).toList();
        Route def = mine.stream().filter(r -> r.isDefault() && r.gateway() != null && r.table() == home)
                .findFirst().orElse(null);
        int metric = def == null || def.effectiveMetric() == defaultMetric ? -1 : def.metric();
        int effective = metric >= 0 ? metric : defaultMetric;
        Set<Integer> tables = ownTables(l, family, k.unicast(), home);
        List<IpConfig.StaticRoute> statics = new ArrayList<>();
        for (Route r : mine) {
            if (r != def && !gatewayRoute(r, mine, home, addrs)) {
                statics.add(staticRoute(r, r.table() == home ? 0 : r.table(), effective));
            }
        }
        for (Route r : k.typed()) {
            if (r.family() != family || !r.userMade()) {
                continue;
            }
            if (r.type() == Rtnl.RTN_LOCAL ? r.oif() == l.index()
                    : tables.contains(r.table()) || had != null && lists(had, r, home)) {
                int implied = r.type() == Rtnl.RTN_LOCAL ? Rtnl.RT_TABLE_LOCAL : home;
                statics.add(staticRoute(r, r.table() == implied ? 0 : r.table(), effective));
            }
        }
        List<RoutingRule> rules = new ArrayList<>();
        for (RoutingRule rule : k.rules()) {
            if (rule.family() != family || rule.protocol() == Rtnl.RTPROT_KERNEL || taken.stream().anyMatch(rule::sameAs)) {
                continue;
            }
            boolean listed = had != null && had.rules().stream().anyMatch(rule::sameAs);
            boolean named = l.name().equals(rule.iif()) || l.name().equals(rule.oif());
            boolean source = rule.from() != null && rule.from().prefix() > 0
                    && addrs.stream().anyMatch(a -> Address.onLink(a.address(), List.of(rule.from())));
            boolean lookup = rule.action() == RoutingRule.FR_ACT_TO_TBL && tables.contains((int) rule.table());
            if (listed || named || source || lookup) {
                nmRule(rule).ifPresent(rules::add);
            }
        }
        boolean none = addrs.isEmpty() && def == null && statics.isEmpty();
        String method = family == Rtnl.AF_INET6 && l.ipv6Disabled() ? "disabled"
                : none ? (family == Rtnl.AF_INET ? "disabled" : "auto") : "manual";
        return new IpConfig(family, method, addrs, def == null ? null : def.gateway(), dns, search, statics, metric, false,
                rules, routeTable);
    }

    /** A live route as a profile's: {@code table} 0 for the one it goes to when it names none; its metric left out when the family's. */
    private static IpConfig.StaticRoute staticRoute(Route r, int table, int familyMetric) {
        int family = r.family();
        Address dst = new Address(r.destination() == null
                ? Address.parseIp(family == Rtnl.AF_INET ? "0.0.0.0" : "::", "dst") : r.destination(), r.prefix());
        // its attributes as the kernel holds them, its type, and a scope other than the one a route of its kind gets
        List<String> words = new ArrayList<>(r.attrs().words());
        if (r.type() != Rtnl.RTN_UNICAST) {
            words.add("type=" + Route.typeName(r.type()));
        }
        RouteAttrs attrs = RouteAttrs.parse(words, family);
        if (family == Rtnl.AF_INET && r.scope() != Route.of(dst, r.gateway(), 0, 0, 0, attrs).scope()) {
            words.add("scope=" + r.scope());
            attrs = RouteAttrs.parse(words, family);
        }
        return new IpConfig.StaticRoute(dst, r.gateway(), r.effectiveMetric() == familyMetric ? -1 : r.metric(), table, attrs);
    }

    /**
     * The table of the prefix routes of {@code addrs} on {@code l} when not main (0 for main),
     * -1 when no address has one; a /32 or /128 has none.
     */
    private static int prefixTable(Link l, List<Address> addrs, List<Route> unicast) {
        for (Address a : addrs) {
            if (a.prefix() == a.address().getAddress().length * 8) {
                continue;
            }
            InetAddress net = Route.network(a);
            for (Route r : unicast) {
                if (r.protocol() == Rtnl.RTPROT_KERNEL && r.oif() == l.index() && r.prefix() == a.prefix() && net.equals(r.destination())) {
                    return r.table() == Rtnl.RT_TABLE_MAIN ? 0 : r.table();
                }
            }
        }
        return -1;
    }

    /**
     * The tables that are the interface's own in {@code family}: {@code home} unless main, and
     * each other table (not main, local or default) where it has a route someone made and no
     * other interface has one.
     */
    private static Set<Integer> ownTables(Link l, int family, List<Route> unicast, int home) {
        Set<Integer> own = new TreeSet<>();
        Set<Integer> others = new TreeSet<>();
        for (Route r : unicast) {
            if (r.family() == family && r.userMade()) {
                (r.oif() == l.index() ? own : others).add(r.table());
            }
        }
        own.removeAll(others);
        own.removeAll(List.of(Rtnl.RT_TABLE_MAIN, Rtnl.RT_TABLE_LOCAL, Rtnl.RT_TABLE_DEFAULT));
        if (home != Rtnl.RT_TABLE_MAIN) {
            own.add(home);
        }
        return own;
    }

    /**
     * Whether {@code r} is the route to a gateway that an apply adds beside a route through it
     * (IpPlanner.withGatewayRoutes): a host route on the link, in the table of one of
     * {@code mine} via it, to a gateway on none of {@code addrs}' subnets or in a table other
     * than {@code home} (not main) that holds their prefix routes.
     */
    private static boolean gatewayRoute(Route r, List<Route> mine, int home, List<Address> addrs) {
        int hostPrefix = r.family() == Rtnl.AF_INET ? 32 : 128;
        if (r.gateway() != null || r.prefix() != hostPrefix
                || mine.stream().noneMatch(o -> o != r && o.table() == r.table() && r.destination().equals(o.gateway()))) {
            return false;
        }
        return !Address.onLink(r.destination(), addrs) || home != Rtnl.RT_TABLE_MAIN && r.table() != home;
    }

    /** Whether the family {@code had} lists the typed route {@code r}: same type, destination and table. */
    private static boolean lists(IpConfig had, Route r, int home) {
        for (IpConfig.StaticRoute s : had.routes()) {
            int type = s.attrs().routeType();
            int table = s.table() != 0 ? s.table() : type == Rtnl.RTN_LOCAL ? Rtnl.RT_TABLE_LOCAL : home;
            InetAddress dst = s.destination().prefix() == 0 ? null : Route.network(s.destination()); // as the kernel holds it
            if (type == r.type() && table == r.table() && s.destination().prefix() == r.prefix()
                    && java.util.Objects.equals(dst, r.destination())) {
                return true;
            }
        }
        return false;
    }

    /** The rule as NetworkManager holds it (its text read back); none when NM could not hold it (a goto, a nop, a field NM lacks). */
    private static java.util.Optional<RoutingRule> nmRule(RoutingRule rule) {
        if (rule.action() != RoutingRule.FR_ACT_TO_TBL && rule.action() != RoutingRule.FR_ACT_BLACKHOLE
                && rule.action() != RoutingRule.FR_ACT_UNREACHABLE && rule.action() != RoutingRule.FR_ACT_PROHIBIT) {
            return java.util.Optional.empty();
        }
        try {
            RoutingRule back = RoutingRule.parse(rule.toString(), rule.family());
            return back.sameAs(rule) ? java.util.Optional.of(back) : java.util.Optional.empty();
        } catch (RoutingRule.Invalid e) {
            return java.util.Optional.empty();
        }
    }

    /** The port's profile; {@code exact} keeps options at their default (0) too, for a snapshot. */
    static Profile port(PortState p, String bond, BondMode mode, boolean exact) {
        Profile out = Profile.port(p.name(), bond);
        for (Map.Entry<PortOption, Long> e : p.options().entrySet()) {
            PortOption o = e.getKey();
            if (o.nmKey() == null || !o.inMode(mode)) {
                continue;
            }
            boolean isDefault = e.getValue() == 0;
            if (exact || !isDefault) {
                out.portOptions().put(o, e.getValue());
            }
        }
        return out;
    }
}
