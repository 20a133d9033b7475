package org.bondctl.bond;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bondctl.bond.options.Resolver;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Rtnetlink;

/**
 * Interface names and indexes: from links already fetched, else asked of the kernel one at a
 * time (so an operation on one bond costs no dump of every link in the namespace).
 */
public final class LinkResolver implements Resolver {
    private final Rtnetlink rtnl;
    private final Map<String, Integer> byName = new HashMap<>();
    private final Map<Integer, String> byIndex = new HashMap<>();

    public LinkResolver(Rtnetlink rtnl, List<Link> known) {
        this.rtnl = rtnl;
        known.forEach(this::remember);
    }

    public void remember(Link l) {
        byName.put(l.name(), l.index());
        byIndex.put(l.index(), l.name());
    }

    @Override
    public int ifindex(String ifname) {
        Integer i = byName.get(ifname);
        if (i == null) {
            Link l = lookup(ifname).orElseThrow(() -> BondctlException.notFound("interface " + ifname + ": no such interface"));
            i = l.index();
        }
        return i;
    }

    @Override
    public String ifname(int ifindex) {
        String n = byIndex.get(ifindex);
        if (n == null && rtnl != null) {
            n = rtnl.link(ifindex).map(l -> {
                remember(l);
                return l.name();
            }).orElse(null);
        }
        return n;
    }

    /** The named link, from what is known or from the kernel. */
    public Optional<Link> lookup(String ifname) {
        if (rtnl == null) {
            return Optional.empty();
        }
        Optional<Link> l = rtnl.link(ifname);
        l.ifPresent(this::remember);
        return l;
    }

    public boolean exists(String ifname) {
        return byName.containsKey(ifname) || lookup(ifname).isPresent();
    }
}
