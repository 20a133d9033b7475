package org.bondctl.bond;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.bond.options.Resolver;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Link;

/** Interface names and indexes from one link dump. */
final class LinkResolver implements Resolver {
    private final Map<String, Integer> byName = new HashMap<>();
    private final Map<Integer, String> byIndex = new HashMap<>();

    LinkResolver(List<Link> links) {
        for (Link l : links) {
            byName.put(l.name(), l.index());
            byIndex.put(l.index(), l.name());
        }
    }

    @Override
    public int ifindex(String ifname) {
        Integer i = byName.get(ifname);
        if (i == null) {
            throw BondctlException.notFound("interface " + ifname + ": no such interface");
        }
        return i;
    }

    @Override
    public String ifname(int ifindex) {
        return byIndex.get(ifindex);
    }

    java.util.Set<String> names() {
        return byName.keySet();
    }
}
