package org.bondctl.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bondctl.bond.BondState;
import org.bondctl.bond.LinkResolver;
import org.bondctl.bond.options.BondOption;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.VlanInfo;
import org.bondctl.rtnl.VlanQos;

/**
 * What a network's configuration left in the kernel, as sorted lines, for tests that compare
 * two ways of reaching it (or a state before and after a refused change): every link but the
 * switch-side peers (kind, admin state, MTU, master, IPv6 switched off, VLAN id and parent), every bond option
 * but the active port (it depends on timing), port options, addresses (link-local aside: the
 * kernel makes those), and the routes but link-local and router-advertised ones: those someone
 * installed and the addresses' prefix routes with their metric (one line for a subnet's: NM
 * adds one per address, each with its address as source; the kernel one for the primary).
 */
public final class NetState {
    private NetState() {}

    public static List<String> of(Rtnetlink rtnl) {
        List<Link> links = rtnl.links();
        Map<Integer, String> names = new HashMap<>();
        links.forEach(l -> names.put(l.index(), l.name()));
        LinkResolver r = new LinkResolver(null, links);
        TreeSet<String> out = new TreeSet<>();
        Map<Integer, List<Address>> addrs = rtnl.allAddresses();
        Map<Integer, org.bondctl.bridge.VlanTable> vlans = links.stream().anyMatch(Link::isBridge)
                ? org.bondctl.bridge.VlanTable.read(rtnl) : Map.of();
        for (Link l : links) {
            if (l.name().startsWith("p") || l.name().equals("lo")) {
                continue; // the switch ports and loopback are the test's, not the configuration's
            }
            VlanInfo v = VlanInfo.of(l);
            out.add("link " + l.name() + " kind=" + l.kind() + " up=" + l.isUp() + " mtu=" + l.mtu()
                    + (l.master() != 0 ? " master=" + names.get(l.master()) : "") + (l.ipv6Disabled() ? " ipv6=off" : "")
                    + (v != null ? " vlan=" + v.id() + "/" + v.protocolName() + " parent=" + names.get(l.parent())
                            + " " + VlanQos.of(l) : ""));
            if (l.isBond()) {
                BondState s = BondState.of(l, links, r);
                s.options().options().forEach(o -> {
                    if (o != BondOption.ACTIVE_SLAVE) {
                        out.add("bond " + l.name() + " " + o.kernelName() + "=" + s.text(o));
                    }
                });
                s.ports().forEach(p -> p.options().forEach((o, val) -> out.add("port " + p.name() + " " + o.kernelName()
                        + "=" + o.format(val))));
            }
            if (l.isBridge()) {
                org.bondctl.bridge.Bridges.options(l).forEach((o, val) -> out.add("bridge " + l.name() + " " + o.kernelName()
                        + "=" + val));
            }
            org.bondctl.bridge.Bridges.portOptions(l).forEach((o, val) -> out.add("bridge-port " + l.name() + " "
                    + o.kernelName() + "=" + val));
            if (vlans.containsKey(l.index())) {
                out.add("bridge-vlans " + l.name() + " " + vlans.get(l.index()));
            }
            for (Address a : addrs.getOrDefault(l.index(), List.of())) {
                if (!a.isLinkLocal()) {
                    out.add("addr " + l.name() + " " + a);
                }
            }
        }
        for (Route rt : rtnl.routes()) {
            String dev = names.get(rt.oif());
            if (dev == null || rt.protocol() == Rtnl.RTPROT_RA || (rt.family() == Rtnl.AF_INET6 && rt.destination() != null
                    && rt.destination().isLinkLocalAddress())) {
                continue;
            }
            out.add("route " + rt.destinationText() + (rt.gateway() == null ? "" : " via " + Address.text(rt.gateway()))
                    + " dev " + dev + " metric " + rt.effectiveMetric() + " table " + rt.table()
                    // a user's route with attributes (mtu, src ...) as the kernel holds them
                    + (rt.userMade() && !rt.attrs().isEmpty() ? " " + rt.attrs().kernelKey(rt.family()) : ""));
        }
        for (Route rt : rtnl.typedRoutes()) { // blackhole ... throw (an IPv6 one on lo), local routes someone added
            out.add(Route.typeName(rt.type()) + " " + rt.destinationText() + (Route.isNowhere(rt.type()) ? ""
                    : " dev " + names.get(rt.oif())) + " metric " + rt.effectiveMetric() + " table " + rt.table() + " scope "
                    + rt.scope() + " proto " + rt.protocol() + (rt.attrs().isEmpty() ? "" : " " + rt.attrs().kernelKey(rt.family())));
        }
        for (org.bondctl.rtnl.RoutingRule rule : rtnl.rules()) {
            if (rule.protocol() != Rtnl.RTPROT_KERNEL) { // someone's policy routing rules, not the kernel's own
                out.add("rule " + (rule.family() == Rtnl.AF_INET6 ? "6 " : "4 ") + rule + " proto " + rule.protocol());
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * Whether the kernel's bridge has VLANs (CONFIG_BRIDGE_VLAN_FILTERING; Debian's 6.1 has it, the
     * test bed's own 6.12 build has not): a bridge made to ask reports its default PVID only then.
     */
    public static boolean bridgeVlansInKernel(Rtnetlink rtnl) {
        rtnl.createLink("brprobe", "bridge", null, "test: probe the bridge's VLAN support");
        org.bondctl.rtnl.Link probe = rtnl.require("brprobe");
        try {
            return org.bondctl.bridge.Bridges.options(probe).containsKey(org.bondctl.bridge.BridgeOption.VLAN_DEFAULT_PVID);
        } finally {
            rtnl.deleteLink(probe);
        }
    }

    /** The lines that differ, for a readable failure. */
    public static String diff(List<String> want, List<String> got) {
        StringBuilder sb = new StringBuilder();
        want.stream().filter(l -> !got.contains(l)).forEach(l -> sb.append("\n  - ").append(l));
        got.stream().filter(l -> !want.contains(l)).forEach(l -> sb.append("\n  + ").append(l));
        return sb.toString();
    }
}
