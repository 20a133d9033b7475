package org.bondctl.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import org.bondctl.dns.ResolvConf;
import org.bondctl.dns.Resolved;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.NetworkSpec.FamilySpec;
import org.bondctl.plan.NetworkSpec.IpSpec;
import org.bondctl.plan.NetworkSpec.RouteSpec;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.AddressEntry;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.RoutingRule;
import org.bondctl.rtnl.Rtnl;

/**
 * The {@link Planner}'s addresses, routes and DNS: what differs per interface and family, in
 * the order they run after the links: routes deleted, addresses deleted, IPv6 switched on or
 * off, addresses added, routes added, DNS. Links the link phase takes down and up again
 * ("bounced") have lost some routes and IPv6 addresses by then; this part knows which.
 */
final class IpPlanner {
    private final KernelView k;
    /** Link name -> the route and address deletions its bounce planned (the link phase's). */
    private final Map<String, List<Step>> bounced;
    /** DNS goes to systemd-resolved per link: resolv.conf is a link to its stub. */
    private final boolean resolved;
    private final List<Step> routeDeletes = new ArrayList<>();
    private final List<Step> addressDeletes = new ArrayList<>();
    /** disable_ipv6 set: after the addresses it would drop went as steps, before those it must take. */
    private final List<Step> ipv6Switches = new ArrayList<>();
    private final List<Step> addressAdds = new ArrayList<>();
    private final List<Step> routeAdds = new ArrayList<>();
    private final List<Step> dns = new ArrayList<>();
    private final List<Step> ruleDeletes = new ArrayList<>();
    private final List<Step> ruleAdds = new ArrayList<>();
    /** The writes of the records of rules and typed routes: the last steps, after what they record. */
    private final List<Step> records = new ArrayList<>();

    IpPlanner(KernelView k, Map<String, List<Step>> bounced, boolean resolved) {
        this.k = k;
        this.bounced = bounced;
        this.resolved = resolved;
    }

    /** The steps, in the order they run. */
    List<Step> steps() {
        List<Step> all = new ArrayList<>(ruleDeletes);
        all.addAll(routeDeletes);
        all.addAll(addressDeletes);
        all.addAll(ipv6Switches);
        all.addAll(addressAdds);
        all.addAll(routeAdds);
        all.addAll(ruleAdds);
        all.addAll(dns);
        all.addAll(records);
        return all;
    }

    /**
     * What a bounce removed and no spec manages, or a client leased beside a spec's static part:
     * put back as it was.
     */
    void putBackBounced(NetworkSpec spec) {
        Map<String, FamilySpec> families = new java.util.HashMap<>();
        for (IpSpec ip : spec.ip()) {
            for (int af : new int[] {Rtnl.AF_INET, Rtnl.AF_INET6}) {
                families.put(ip.ifname() + "/" + af, ip.family(af));
            }
        }
        bounced.forEach((name, removed) -> removed.forEach(s -> {
            if (s instanceof Step.DeleteAddress d) {
                FamilySpec fs = families.getOrDefault(name + "/" + d.address().family(), FamilySpec.UNMANAGED);
                boolean leased = fs.leased() && !fs.addresses().contains(d.address())
                        && k.link(name).flatMap(l -> k.entry(l, d.address())).map(e -> !fs.owns(e)).orElse(false);
                if (!fs.managed() || leased) {
                    addressAdds.add(new Step.AddAddress(name, d.address(), d.metric()));
                }
            } else if (s instanceof Step.DeleteRoute d) {
                FamilySpec fs = families.getOrDefault(name + "/" + d.route().family(), FamilySpec.UNMANAGED);
                boolean leased = fs.leased() && !fs.owns(d.route()) && wantedRoutes(fs).stream().noneMatch(d.route()::sameAs);
                if (!fs.managed() || leased) {
                    routeAdds.add(new Step.AddRoute(name, d.route()));
                }
            }
        }));
    }

    /**
     * IPv6 on or off on the link as the spec says (disable_ipv6). A link the plan makes (or
     * makes anew) starts with the namespace's default (default/disable_ipv6), and its undo
     * deletes it.
     */
    void ipv6(String ifname, boolean disabled, boolean madeAnew) {
        Optional<Link> link = madeAnew ? Optional.empty() : k.link(ifname);
        if (link.isEmpty()) {
            if (disabled != k.newLinksIpv6Off()) {
                ipv6Switches.add(new Step.SetIpv6Disabled(ifname, disabled, null));
            }
            return;
        }
        Link l = link.get();
        if (l.disableIpv6() >= 0 && l.ipv6Disabled() != disabled) {
            ipv6Switches.add(new Step.SetIpv6Disabled(ifname, disabled, l.ipv6Disabled()));
        }
    }

    void ip(String ifname, int af, FamilySpec fs) {
        Optional<Link> link = k.link(ifname);
        List<Step> removed = bounced.getOrDefault(ifname, List.of());
        List<Address> have = new ArrayList<>(link.map(l -> k.addresses(l, af)).orElse(List.of()));
        removed.forEach(s -> {
            if (s instanceof Step.DeleteAddress d) {
                have.remove(d.address());
            }
        });
        // with a route table of its own, the family's addresses are noprefixroute and their prefix
        // routes the plan's; one the kernel keeps a prefix route for is added again without
        Predicate<Address> noPrefixNow = a -> link.flatMap(l -> k.entry(l, a))
                .map(e -> e.prefixMetric() < 0).orElse(false);
        List<Address> keep = new ArrayList<>(fs.addresses().stream().filter(a -> !fs.hasTable() || noPrefixNow.test(a)).toList());
        // beside a client, what it leased stays (one that is a secondary of a static primary that
        // goes goes with it: the kernel takes a subnet's secondaries with its primary)
        link.ifPresent(l -> k.entries(l, af).stream().filter(e -> !fs.owns(e) && have.contains(e.address()))
                .forEach(e -> keep.add(e.address())));
        List<Address> gone = af == Rtnl.AF_INET ? ipv4Deletes(have, keep) : new ArrayList<>(have);
        if (af != Rtnl.AF_INET) {
            gone.removeIf(keep::contains);
        }
        boolean deletesAddress = !gone.isEmpty();
        gone.forEach(a -> addressDeletes.add(new Step.DeleteAddress(ifname, a, link.map(l -> k.rtPriority(l, a)).orElse(0))));
        int metric = AddressEntry.effectiveMetric(af, fs.metric());
        // the prefix routes of the addresses the kernel makes none for: the plan's own (proto kernel, as NM's)
        List<Address> ownPrefix = new ArrayList<>();
        List<Step> adds = new ArrayList<>();
        for (Address a : fs.addresses()) {
            boolean added = !have.contains(a) || gone.contains(a);
            if (fs.hasTable() || !added && noPrefixNow.test(a)) {
                ownPrefix.add(a);
            }
            if (added) {
                adds.add(new Step.AddAddress(ifname, a, fs.hasTable() ? Step.AddAddress.NO_PREFIX_ROUTE : fs.metric()));
                continue;
            }
            // kept: its prefix route moves to the profile's metric in place (NM gives it the route metric)
            int now = link.flatMap(l -> k.entry(l, a)).map(AddressEntry::prefixMetric).orElse(-1);
            if (now >= 0 && now != metric) {
                adds.add(new Step.SetAddressMetric(ifname, a, metric, now));
            }
        }
        // the kernel lists a link's IPv6 addresses of one scope newest first (ipv6_link_dev_addr()):
        // added last to first, they are listed in the profile's order and its first is the
        // newest, as NetworkManager adds them (seen: 2001:db8:1::11/64,2001:db8:2::11/64 listed so)
        if (af == Rtnl.AF_INET6) {
            java.util.Collections.reverse(adds);
        }
        addressAdds.addAll(adds);
        // the prefix routes first: a gateway in the family's table is reached through them (fib_check_nh())
        List<Route> want = prefixRoutes(ownPrefix, fs);
        want.addAll(withGatewayRoutes(wantedRoutes(fs), fs));
        List<Route> routes = new ArrayList<>(link.map(l -> k.routes(l, af)).orElse(List.of()));
        int oif = link.map(Link::index).orElse(0);
        removed.forEach(s -> {
            if (s instanceof Step.DeleteRoute d) {
                routes.removeIf(r -> r.sameAs(d.route().withOif(oif)));
            }
        });
        if (deletesAddress && af == Rtnl.AF_INET) {
            // an IPv4 address going takes the routes via gateways on its network with it
            // (fib_del_ifaddr()): remove them first, explicitly, and let the adds put back the wanted ones
            List<Address> stay = have.stream().filter(a -> !gone.contains(a)).toList();
            for (Route r : new ArrayList<>(routes)) {
                if (r.gateway() != null && r.protocol() != Rtnl.RTPROT_KERNEL) {
                    if (fs.leased() && !fs.owns(r) && Address.onLink(r.gateway(), stay)) {
                        continue; // a client's, through a gateway on a subnet that stays: the kernel keeps it
                    }
                    routeDeletes.add(new Step.DeleteRoute(ifname, r.withOif(0)));
                    routes.remove(r);
                }
            }
        }
        // routes through a gateway go before those on the link, so that an undo puts back first
        // the routes their gateways are reached through (fib_check_nh())
        List<Step> onLink = new ArrayList<>();
        for (Route r : routes) {
            // a route whose attributes differ goes, and the wanted one is added in its place
            if ((fs.owns(r) || link.map(l -> k.ownPrefixRoute(l, r)).orElse(false))
                    && want.stream().noneMatch(w -> w.withOif(oif).sameState(r))) {
                (r.gateway() == null ? onLink : routeDeletes).add(new Step.DeleteRoute(ifname, r.withOif(0)));
            }
        }
        routeDeletes.addAll(onLink);
        for (Route w : want) {
            Route here = w.withOif(oif);
            if (routes.stream().noneMatch(r -> here.sameState(r) || (here.sameAs(r) && !r.userMade()))) {
                routeAdds.add(new Step.AddRoute(ifname, w));
            }
        }
    }

    /**
     * The IPv4 addresses to delete, in the order to delete them. The kernel deletes a subnet's
     * secondary addresses with its primary (the first of the subnet; without promote_secondaries,
     * __inet_del_ifa()), and a delete of one already gone fails: so secondaries go before their
     * primary, and where a primary goes, every address of its subnet goes, the wanted ones to be
     * added again. {@code have} is in the kernel's order, primaries first.
     */
    static List<Address> ipv4Deletes(List<Address> have, List<Address> want) {
        Map<String, List<Address>> subnets = new java.util.LinkedHashMap<>();
        have.forEach(a -> subnets.computeIfAbsent(subnet(a), x -> new ArrayList<>()).add(a));
        List<Address> out = new ArrayList<>();
        for (List<Address> group : subnets.values()) {
            boolean primaryGoes = !want.contains(group.get(0));
            for (int i = group.size() - 1; i >= 0; i--) {
                if (primaryGoes || !want.contains(group.get(i))) {
                    out.add(group.get(i));
                }
            }
        }
        return out;
    }

    /** "network/prefix": addresses with the same are one subnet to the kernel (same mask, same network). */
    private static String subnet(Address a) {
        byte[] b = a.address().getAddress();
        for (int bit = a.prefix(); bit < b.length * 8; bit++) {
            b[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        return java.util.HexFormat.of().formatHex(b) + "/" + a.prefix();
    }

    /** The routes a family spec asks for, as the kernel will hold them (metric and table defaults filled in). */
    static List<Route> wantedRoutes(FamilySpec fs) {
        List<Route> out = new ArrayList<>();
        if (fs.gateway() != null) {
            out.add(Route.of(null, fs.gateway(), 0, fs.metric(), fs.tableOr(0)));
        }
        for (RouteSpec r : fs.routes()) {
            out.add(Route.of(r.destination(), r.gateway(), 0, r.metric() >= 0 ? r.metric() : fs.metric(),
                    fs.tableOr(r.table()), r.attrs()));
        }
        return out;
    }

    /**
     * {@code routes} with, before each one via a gateway the kernel could not reach from the
     * route's table, a route to the gateway itself in that table (scope link, the route's
     * metric), as NetworkManager adds it: the kernel reaches a gateway only through a route in
     * the route's table or the main one (fib_check_nh()). That is a gateway on none of the
     * family's subnets (seen: "198.51.100.1 dev bond0 proto static scope link metric 300" for
     * ipv4.gateway 198.51.100.1 on 192.0.2.10/24; IPv6 alike; a /32 address's gateway too), and
     * one on a subnet whose prefix route is in neither table (seen: "192.0.2.254 dev X table 200
     * proto static scope link metric 100" for a route via 192.0.2.254 in table 200 of a profile
     * whose route-table is 5000). Not for an on-link route nor a link-local gateway, and not
     * where the profile lists that very route itself.
     */
    static List<Route> withGatewayRoutes(List<Route> routes, FamilySpec fs) {
        int prefixTable = fs.tableOr(0);
        List<Route> out = new ArrayList<>();
        for (Route r : routes) {
            boolean direct = r.gateway() == null || r.attrs().onlink() || r.gateway().isLinkLocalAddress();
            boolean onSubnet = !direct && Address.onLink(r.gateway(), fs.addresses());
            if (!direct && (!onSubnet || r.table() != prefixTable && prefixTable != Rtnl.RT_TABLE_MAIN)) {
                Address host = new Address(r.gateway(), r.family() == Rtnl.AF_INET ? 32 : 128);
                Route g = Route.of(host, null, 0, r.metric(), r.table());
                if (out.stream().noneMatch(g::sameAs) && routes.stream().noneMatch(g::sameAs)) {
                    out.add(g);
                }
            }
            out.add(r);
        }
        return out;
    }

    /**
     * The prefix routes of {@code addresses}, noprefixroute ones, as NetworkManager makes them:
     * in the family's table, proto kernel, the family's metric, an IPv4 one scope link with the
     * address as its source. One per subnet, with the first address's source, as the kernel
     * keeps them (NM adds one per address).
     */
    private static List<Route> prefixRoutes(List<Address> addresses, FamilySpec fs) {
        List<Route> out = new ArrayList<>();
        for (Address a : addresses) {
            boolean v4 = a.family() == Rtnl.AF_INET;
            if (v4 && a.prefix() == 32) {
                continue; // the kernel makes no prefix route for a /32 either
            }
            Route r = new Route(a.family(), a.prefix() == 0 ? null : Route.network(a), a.prefix(), null, 0, Rtnl.RTPROT_KERNEL,
                    AddressEntry.effectiveMetric(a.family(), fs.metric()), fs.tableOr(0),
                    v4 ? Rtnl.RT_SCOPE_LINK : Rtnl.RT_SCOPE_UNIVERSE, Rtnl.RTN_UNICAST,
                    v4 ? org.bondctl.rtnl.RouteAttrs.parse(List.of("src=" + Address.text(a.address())), a.family())
                            : org.bondctl.rtnl.RouteAttrs.NONE);
            if (out.stream().noneMatch(r::sameAs)) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The policy routing rules and typed routes {@code want} asks for ({@code routes}: its typed
     * routes with metric and table filled in, by owner), against the kernel's and bondctl's
     * records of those it added in namespace {@code netns}: one recorded that no profile asks for
     * any more is deleted (where it is still there, proto static), a wanted one missing is added
     * (one there already, whoever made it, is taken as it is), and the records are rewritten.
     */
    void owned(NetworkSpec.OwnedSpec want, Map<String, List<Step.AddRoute>> routes, List<RoutingRule> kernelRules,
            List<Step.AddRoute> kernelRoutes, String netns) {
        owned(want.rules(), OwnerRecord.rules(netns), kernelRules, RoutingRule::sameAs, r -> r.protocol() == Rtnl.RTPROT_STATIC,
                Step.AddRule::new, Step.DeleteRule::new, ruleAdds, ruleDeletes);
        owned(routes, OwnerRecord.routes(netns), kernelRoutes, IpPlanner::sameTyped,
                a -> a.route().protocol() == Rtnl.RTPROT_STATIC, a -> a, a -> new Step.DeleteRoute(a.dev(), a.route()),
                routeAdds, routeDeletes);
    }

    /** Two typed routes are the same when on the same interface (or none) and of the same type and state. */
    private static boolean sameTyped(Step.AddRoute a, Step.AddRoute b) {
        return java.util.Objects.equals(a.dev(), b.dev()) && a.route().type() == b.route().type()
                && a.route().sameState(b.route());
    }

    private <T> void owned(Map<String, List<T>> want, OwnerRecord<T> rec, List<T> kernel, BiPredicate<T, T> same,
            Predicate<T> ours, Function<T, Step> add, Function<T, Step> delete, List<Step> adds, List<Step> deletes) {
        // the record's order kept (a profile decided again stays where it was): unchanged, it is not rewritten
        Map<String, List<T>> after = new java.util.LinkedHashMap<>();
        rec.byOwner.forEach((owner, items) -> after.put(owner, want.containsKey(owner) ? distinct(want.get(owner), same) : items));
        want.forEach((owner, items) -> after.putIfAbsent(owner, distinct(items, same)));
        after.values().removeIf(List::isEmpty);
        List<T> wanted = distinct(after.values().stream().flatMap(List::stream).toList(), same);
        for (T r : distinct(rec.byOwner.values().stream().flatMap(List::stream).toList(), same)) {
            if (wanted.stream().noneMatch(w -> same.test(r, w))) {
                kernel.stream().filter(k -> ours.test(k) && same.test(k, r)).findFirst().ifPresent(k -> deletes.add(delete.apply(k)));
            }
        }
        for (T w : wanted) {
            if (kernel.stream().noneMatch(k -> same.test(w, k))) {
                adds.add(add.apply(w));
            }
        }
        Step write = Step.WriteStateFile.ifChanged(rec.file, rec.bytes(after), rec.original);
        if (write != null) {
            records.add(write);
        }
    }

    private static <T> List<T> distinct(List<T> items, BiPredicate<T, T> same) {
        List<T> out = new ArrayList<>();
        items.stream().filter(r -> out.stream().noneMatch(o -> same.test(r, o))).forEach(out::add);
        return out;
    }

    void dns(NetworkSpec.DnsSpec want, Path file) {
        ResolvConf.check(want.servers(), want.search());
        if (resolved) {
            linkDns(want, file);
            return;
        }
        ResolvConf.Config have = ResolvConf.read(file);
        if (have.servers().equals(want.servers()) && have.search().equals(want.search())
                && java.util.Objects.equals(want.ifname(), have.ifname())
                && (want.options() == null || want.options().equals(have.options()))) {
            return;
        }
        ResolvConf.checkWritable(file, "apply");
        dns.add(new Step.WriteResolvConf(file, want.servers(), want.search(), want.ifname(), want.options(),
                ResolvConf.describe(have.servers(), have.search()), ResolvConf.bytes(file)));
    }

    /** The DNS of the profiles set on their interface in systemd-resolved, when /etc/resolv.conf is resolved's. */
    private void linkDns(NetworkSpec.DnsSpec want, Path file) {
        if (want.ifname() == null) {
            throw BondctlException.invalid("apply: " + file + " belongs to systemd-resolved, which keeps DNS per interface;"
                    + " the profiles' DNS servers name none");
        }
        Resolved.LinkDns wanted = new Resolved.LinkDns(want.servers().stream().map(Address::text).toList(), want.search());
        Resolved.LinkDns have = k.link(want.ifname()).isPresent() ? Resolved.read(want.ifname())
                : new Resolved.LinkDns(List.of(), List.of());
        if (!have.equals(wanted)) {
            dns.add(new Step.SetLinkDns(want.ifname(), wanted, have));
        }
    }
}
