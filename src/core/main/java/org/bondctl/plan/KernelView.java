package org.bondctl.plan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bondctl.bond.BondState;
import org.bondctl.bond.LinkResolver;
import org.bondctl.bridge.VlanTable;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.AddressEntry;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.NetnsFile;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;

/**
 * The kernel's network state as the planner compares it: one dump each of links, addresses
 * and routes, taken before planning (and the namespace's IPv6 default for new links, read when
 * a plan makes one).
 */
final class KernelView {
    final List<Link> links;
    private final Map<String, Link> byName = new HashMap<>();
    private final Map<Integer, Link> byIndex = new HashMap<>();
    /** Interface index -> its addresses, in the kernel's order. */
    private final Map<Integer, List<AddressEntry>> addresses;
    final List<Route> routes;
    /** The typed routes (blackhole ... throw, local routes someone added: {@link Rtnetlink#typedRoutes}). */
    final List<Route> typedRoutes;
    private final LinkResolver resolver;
    private final String netns;
    /** Interface index -> its bridge VLANs (bridges and their ports; dumped only where there is a bridge). */
    private final Map<Integer, VlanTable> vlans;
    private Boolean newLinksIpv6Off;

    private KernelView(List<Link> links, Map<Integer, List<AddressEntry>> addresses, Rtnetlink.RouteTables routes,
            String netns, Map<Integer, VlanTable> vlans) {
        this.links = List.copyOf(links);
        this.addresses = addresses;
        this.routes = routes.unicast();
        this.typedRoutes = routes.typed();
        this.vlans = vlans;
        links.forEach(l -> {
            byName.put(l.name(), l);
            byIndex.put(l.index(), l);
        });
        this.resolver = new LinkResolver(null, links);
        this.netns = netns;
    }

    static KernelView read(Rtnetlink rtnl) {
        Map<Integer, List<AddressEntry>> byLink = new HashMap<>();
        rtnl.addressEntries().forEach(e -> byLink.computeIfAbsent(e.index(), i -> new java.util.ArrayList<>()).add(e));
        List<Link> links = rtnl.links();
        Map<Integer, VlanTable> vlans = links.stream().anyMatch(Link::isBridge) ? VlanTable.read(rtnl) : Map.of();
        return new KernelView(links, byLink, rtnl.routeTables(), rtnl.socket().netns(), vlans);
    }

    /**
     * Whether a link made now starts with IPv6 switched off (the namespace's
     * net.ipv6.conf.default.disable_ipv6; false where the kernel has no IPv6). Read once, when
     * first asked.
     */
    boolean newLinksIpv6Off() {
        if (newLinksIpv6Off == null) {
            newLinksIpv6Off = NetnsFile.readProc(netns, "sys/net/ipv6/conf/default/disable_ipv6")
                    .map(t -> !t.strip().equals("0")).orElse(false);
        }
        return newLinksIpv6Off;
    }

    /** This view with the link {@code from} named {@code to} and down, as a planned rename leaves it. */
    KernelView renamed(String from, String to) {
        List<Link> now = links.stream().map(l -> l.name().equals(from) ? l.renamed(to, false) : l).toList();
        return new KernelView(now, addresses, new Rtnetlink.RouteTables(routes, typedRoutes), netns, vlans);
    }

    Optional<Link> link(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The bridge VLANs of a bridge (its own) or bridge port; empty for none. */
    VlanTable vlans(Link l) {
        return vlans.getOrDefault(l.index(), VlanTable.EMPTY);
    }

    String name(int index) {
        Link l = byIndex.get(index);
        return l == null ? "#" + index : l.name();
    }

    Optional<BondState> bond(String name) {
        return link(name).filter(Link::isBond).map(l -> BondState.of(l, links, resolver));
    }

    /** The interface's addresses of one family, link-local IPv6 left out (the kernel's own). */
    List<Address> addresses(Link l, int family) {
        return entries(l, family).stream().map(AddressEntry::address).toList();
    }

    /** {@link #addresses} as the kernel's entries (flags, prefix-route metric). */
    List<AddressEntry> entries(Link l, int family) {
        return addresses.getOrDefault(l.index(), List.of()).stream()
                .filter(e -> e.address().family() == family && !e.address().isLinkLocal()).toList();
    }

    /** The kernel's entry for address {@code a} of {@code l}; empty when it has none. */
    Optional<AddressEntry> entry(Link l, Address a) {
        return addresses.getOrDefault(l.index(), List.of()).stream().filter(e -> e.address().equals(a)).findFirst();
    }

    /**
     * The IFA_RT_PRIORITY the kernel holds for address {@code a} of {@code l} (0: none), or
     * {@link Step.AddAddress#NO_PREFIX_ROUTE} for an address added noprefixroute: for an undo to
     * give it back as it was.
     */
    int rtPriority(Link l, Address a) {
        return entry(l, a).map(e -> e.prefixMetric() < 0 ? Step.AddAddress.NO_PREFIX_ROUTE : e.rtPriority()).orElse(0);
    }

    /**
     * Whether {@code r} is the prefix route of one of {@code l}'s noprefixroute addresses, which
     * whoever added the address made (NetworkManager or bondctl, proto kernel): the kernel makes
     * none for such an address, so removing it when unwanted takes nothing of the kernel's.
     */
    boolean ownPrefixRoute(Link l, Route r) {
        return r.protocol() == Rtnl.RTPROT_KERNEL && r.table() != Rtnl.RT_TABLE_LOCAL && r.gateway() == null
                && addresses.getOrDefault(l.index(), List.of()).stream().anyMatch(e -> e.prefixMetric() < 0
                        && e.address().family() == r.family() && e.address().prefix() == r.prefix()
                        && Route.network(e.address()).equals(r.destination()));
    }

    List<Route> routes(Link l, int family) {
        return routes.stream().filter(r -> r.oif() == l.index() && r.family() == family).toList();
    }

    /** VLANs whose lower device is {@code l}. */
    List<Link> vlansOn(Link l) {
        return links.stream().filter(x -> x.isVlan() && x.parent() == l.index()).toList();
    }
}
