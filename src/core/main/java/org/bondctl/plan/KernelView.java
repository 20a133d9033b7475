package org.bondctl.plan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bondctl.bond.BondState;
import org.bondctl.bond.LinkResolver;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnetlink;

/**
 * The kernel's network state as the planner compares it: one dump each of links, addresses
 * and routes, taken before planning. Immutable once read.
 */
final class KernelView {
    final List<Link> links;
    private final Map<String, Link> byName = new HashMap<>();
    private final Map<Integer, Link> byIndex = new HashMap<>();
    private final Map<Integer, List<Address>> addresses;
    final List<Route> routes;
    private final LinkResolver resolver;

    private KernelView(List<Link> links, Map<Integer, List<Address>> addresses, List<Route> routes) {
        this.links = List.copyOf(links);
        this.addresses = addresses;
        this.routes = List.copyOf(routes);
        links.forEach(l -> {
            byName.put(l.name(), l);
            byIndex.put(l.index(), l);
        });
        this.resolver = new LinkResolver(null, links);
    }

    static KernelView read(Rtnetlink rtnl) {
        return new KernelView(rtnl.links(), rtnl.allAddresses(), rtnl.routes());
    }

    Optional<Link> link(String name) {
        return Optional.ofNullable(byName.get(name));
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
        return addresses.getOrDefault(l.index(), List.of()).stream()
                .filter(a -> a.family() == family && !a.isLinkLocal()).toList();
    }

    List<Route> routes(Link l, int family) {
        return routes.stream().filter(r -> r.oif() == l.index() && r.family() == family).toList();
    }

    /** VLANs whose lower device is {@code l}. */
    List<Link> vlansOn(Link l) {
        return links.stream().filter(x -> x.isVlan() && x.parent() == l.index()).toList();
    }
}
