package org.bondctl.plan;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bondctl.bond.BondState;
import org.bondctl.bond.PortState;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.dns.ResolvConf;
import org.bondctl.dns.Resolved;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.NetworkSpec.BondSpec;
import org.bondctl.plan.NetworkSpec.FamilySpec;
import org.bondctl.plan.NetworkSpec.IpSpec;
import org.bondctl.plan.NetworkSpec.PortSpec;
import org.bondctl.plan.NetworkSpec.RouteSpec;
import org.bondctl.plan.NetworkSpec.VlanSpec;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.VlanInfo;

/**
 * Compares a {@link NetworkSpec} with the kernel and returns the {@link Plan} that reaches it:
 * only what differs, in place when the kernel allows it. Everything that can be checked
 * without changing anything is checked here, first: a plan that is returned has passed every
 * check bondctl knows of.
 * <p>
 * Order: VLAN MTUs that shrink (a VLAN's MTU cannot exceed its parent's); each bond (ports
 * released, options a bond takes only without ports, ports enslaved, the other options, port
 * options, MTU, up); VLANs (created, MTU, up); routes deleted; addresses deleted; addresses
 * added; routes added; resolv.conf.
 */
public final class Planner {
    private final KernelView k;
    private final List<String> notices = new ArrayList<>();
    private final List<Step> links = new ArrayList<>();
    private final List<Step> routeDeletes = new ArrayList<>();
    private final List<Step> addressDeletes = new ArrayList<>();
    private final List<Step> addressAdds = new ArrayList<>();
    private final List<Step> routeAdds = new ArrayList<>();
    private final List<Step> dns = new ArrayList<>();
    /** Interface name -> MTU it will have (for VLAN checks against their parent). */
    private final Map<String, Integer> mtuAfter = new HashMap<>();
    /**
     * Links the plan takes down and up again, with what the kernel drops meanwhile and the plan
     * therefore removes first and puts back after: their IPv4 and IPv6 routes (fib_sync_down_dev()
     * flushes them) and IPv6 addresses (addrconf_ifdown()).
     */
    private final Map<String, List<Step>> bounced = new LinkedHashMap<>();
    /** DNS goes to systemd-resolved per link: resolv.conf is a link to its stub. */
    private boolean resolved;
    /** VLANs whose MTU {@link #shrinkVlanMtus} lowered already. */
    private final Set<String> shrunk = new HashSet<>();

    private Planner(KernelView k) {
        this.k = k;
    }

    /** The plan that takes the kernel behind {@code rtnl} (and {@code resolvConf}) to {@code spec}. */
    public static Plan plan(NetworkSpec spec, Rtnetlink rtnl, Path resolvConf) {
        Planner p = new Planner(KernelView.read(rtnl));
        // resolved serves the namespace it runs in, the host's: a named namespace has its own file
        p.resolved = rtnl.socket().netns() == null && Resolved.owns(resolvConf);
        return p.build(spec, resolvConf);
    }

    private Plan build(NetworkSpec spec, Path resolvConf) {
        check(spec);
        shrinkVlanMtus(spec);
        spec.bonds().forEach(this::bond);
        spec.vlans().forEach(this::vlan);
        for (IpSpec ip : spec.ip()) {
            for (int af : new int[] {Rtnl.AF_INET, Rtnl.AF_INET6}) {
                if (ip.family(af).managed()) {
                    ip(ip.ifname(), af, ip.family(af));
                }
            }
        }
        Set<String> managed = new HashSet<>();
        for (IpSpec ip : spec.ip()) {
            for (int af : new int[] {Rtnl.AF_INET, Rtnl.AF_INET6}) {
                if (ip.family(af).managed()) {
                    managed.add(ip.ifname() + "/" + af);
                }
            }
        }
        // what a bounce removed and no spec manages: put back as it was
        bounced.forEach((name, removed) -> removed.forEach(s -> {
            if (s instanceof Step.DeleteAddress d && !managed.contains(name + "/" + d.address().family())) {
                addressAdds.add(new Step.AddAddress(name, d.address()));
            } else if (s instanceof Step.DeleteRoute d && !managed.contains(name + "/" + d.route().family())) {
                routeAdds.add(new Step.AddRoute(name, d.route()));
            }
        }));
        if (spec.dns() != null) {
            dns(spec.dns(), resolvConf);
        }
        List<Step> all = new ArrayList<>(links);
        all.addAll(routeDeletes);
        all.addAll(addressDeletes);
        all.addAll(addressAdds);
        all.addAll(routeAdds);
        all.addAll(dns);
        return new Plan(all, notices);
    }

    // ------------------------------------------------------------------ checks

    /** What the kernel would refuse half-way, refused before anything changes. */
    private void check(NetworkSpec spec) {
        Set<String> planned = new HashSet<>();
        spec.bonds().forEach(b -> planned.add(b.name()));
        spec.vlans().forEach(v -> planned.add(v.name()));
        for (BondSpec b : spec.bonds()) {
            k.link(b.name()).filter(l -> !l.isBond()).ifPresent(l -> {
                throw BondctlException.conflict(b.where() + ": " + b.name() + " exists and is not a bond (kind "
                        + (l.kind() == null ? "none" : l.kind()) + "); delete it first");
            });
            Map<Long, String> queueIds = new HashMap<>();
            for (PortSpec p : b.ports()) {
                Long q = p.options().get(PortOption.QUEUE_ID);
                if (q != null && q != 0) {
                    String other = queueIds.putIfAbsent(q, p.name());
                    if (other != null) {
                        throw BondctlException.invalid(p.where() + ": ports " + other + " and " + p.name() + " of " + b.name()
                                + " both have queue-id " + q + "; the kernel gives a queue id to one port only"
                                + " (bond_option_queue_id_set(): EPERM)");
                    }
                }
                Link l = k.link(p.name()).orElseThrow(() -> BondctlException.notFound(p.where() + ": port " + p.name()
                        + " of " + b.name() + ": no such interface"));
                if (l.isBond() || planned.contains(p.name())) {
                    throw BondctlException.invalid(p.where() + ": port " + p.name() + " is a bond"
                            + (l.isBond() ? "" : " or VLAN") + " itself; bonds do not nest");
                }
                if (l.master() != 0 && !l.isBondPort()) {
                    throw BondctlException.conflict(p.where() + ": " + p.name() + " is enslaved to a "
                            + (l.slaveKind() == null ? "non-bond" : l.slaveKind()) + " master; release it first");
                }
                checkMtu(b.name(), b.mtu(), l, b.where());
            }
            if (b.mtu() > 0) {
                k.link(b.name()).ifPresent(l -> checkMtu(b.name(), b.mtu(), l, b.where()));
                checkMtu(b.name(), b.mtu(), null, b.where());
            }
            mtuAfter.put(b.name(), b.mtu() > 0 ? b.mtu() : k.link(b.name()).map(Link::mtu).orElse(1500));
        }
        for (VlanSpec v : spec.vlans()) {
            Optional<Link> parent = k.link(v.parent());
            if (parent.isEmpty() && !planned.contains(v.parent())) {
                throw BondctlException.notFound(v.where() + ": VLAN " + v.name() + ": parent " + v.parent()
                        + ": no such interface, and no profile creates it");
            }
            k.link(v.name()).ifPresent(l -> {
                VlanInfo info = VlanInfo.of(l);
                if (info == null) {
                    throw BondctlException.conflict(v.where() + ": " + v.name() + " exists and is not a VLAN; delete it first");
                }
                String parentNow = k.name(l.parent());
                if (info.id() != v.id() || info.protocol() != v.protocol() || !parentNow.equals(v.parent())) {
                    throw BondctlException.conflict(v.where() + ": VLAN " + v.name() + " exists as link " + parentNow + " id "
                            + info.id() + " protocol " + info.protocolName() + "; the kernel cannot change that: delete it"
                            + " first (bondctl vlan del " + v.name() + ")");
                }
            });
            int parentMtu = mtuAfter.getOrDefault(v.parent(), parent.map(Link::mtu).orElse(1500));
            if (v.mtu() > 0) {
                checkMtu(v.name(), v.mtu(), k.link(v.name()).orElse(null), v.where());
                if (v.mtu() > parentMtu) {
                    throw BondctlException.invalid(v.where() + ": VLAN " + v.name() + ": mtu " + v.mtu()
                            + " is larger than its parent " + v.parent() + "'s mtu " + parentMtu
                            + " (the kernel refuses it: vlan_change_mtu)");
                }
            }
            mtuAfter.put(v.name(), v.mtu() > 0 ? v.mtu() : Math.min(parentMtu, k.link(v.name()).map(Link::mtu).orElse(parentMtu)));
        }
        for (IpSpec ip : spec.ip()) {
            for (int af : new int[] {Rtnl.AF_INET, Rtnl.AF_INET6}) {
                checkRoutes(ip.ifname(), ip.family(af));
            }
            FamilySpec v6 = ip.family(Rtnl.AF_INET6);
            int mtu = mtuAfter.getOrDefault(ip.ifname(), k.link(ip.ifname()).map(Link::mtu).orElse(1500));
            if (v6.managed() && !v6.addresses().isEmpty() && mtu < Rtnl.IPV6_MIN_MTU) {
                // addrconf_notify(): below IPV6_MIN_MTU the kernel drops the interface's IPv6 state
                throw BondctlException.invalid(v6.where() + ": " + ip.ifname() + ": IPv6 addresses need mtu "
                        + Rtnl.IPV6_MIN_MTU + " or more (RFC 8200), and the mtu would be " + mtu);
            }
        }
    }

    private void checkMtu(String name, int mtu, Link l, String where) {
        if (mtu <= 0) {
            return;
        }
        int min = l != null && l.minMtu() > 0 ? l.minMtu() : Rtnl.ETH_MIN_MTU;
        int max = l != null && l.maxMtu() > 0 ? l.maxMtu() : 65535;
        if (mtu < min || mtu > max) {
            throw BondctlException.invalid(where + ": " + name + ": mtu " + mtu + " is out of range " + min + "-" + max
                    + (l == null || l.name().equals(name) ? "" : " (port " + l.name() + " takes at most " + max + ")"));
        }
    }

    private void checkRoutes(String ifname, FamilySpec fs) {
        if (!fs.managed()) {
            return;
        }
        List<Route> seen = new ArrayList<>();
        for (Route r : wantedRoutes(fs)) {
            for (Route s : seen) {
                if (s.sameAs(r)) {
                    throw BondctlException.invalid(fs.where() + ": " + ifname + ": route " + r.destinationText()
                            + " (table " + r.table() + ", metric " + r.metric() + ") is given twice");
                }
            }
            seen.add(r);
            if (r.gateway() != null && !r.gateway().isLinkLocalAddress() && !onLink(r.gateway(), fs.addresses())) {
                throw BondctlException.invalid(fs.where() + ": " + ifname + ": route " + r.destinationText() + " via "
                        + Address.text(r.gateway()) + ": the gateway is on no network of " + ifname + " (addresses: "
                        + (fs.addresses().isEmpty() ? "none" : String.join(", ", fs.addresses().stream().map(Address::toString).toList()))
                        + "); the kernel would refuse it (ENETUNREACH)");
            }
        }
    }

    /** Whether {@code gw} lies in the network of one of the addresses. */
    static boolean onLink(InetAddress gw, List<Address> addresses) {
        byte[] g = gw.getAddress();
        for (Address a : addresses) {
            byte[] b = a.address().getAddress();
            if (b.length != g.length) {
                continue;
            }
            boolean same = true;
            for (int bit = 0; bit < a.prefix() && same; bit++) {
                int mask = 0x80 >> (bit % 8);
                same = (b[bit / 8] & mask) == (g[bit / 8] & mask);
            }
            if (same) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ bonds

    private void bond(BondSpec b) {
        String name = b.name();
        for (PortSpec p : b.ports()) {
            Link l = k.link(p.name()).orElseThrow();
            if (l.master() != 0 && l.isBondPort() && !k.name(l.master()).equals(name)) {
                String owner = k.name(l.master());
                notices.add(p.name() + " moves from " + owner + " to " + name);
                links.add(new Step.Release(owner, p.name(), portOptions(owner, p.name()), "moves to " + name));
            }
        }
        Optional<BondState> cur = k.bond(name);
        if (cur.isEmpty()) {
            links.add(new Step.CreateBond(name, b.settings()));
            if (b.mtu() > 0 && b.mtu() != 1500) {
                links.add(new Step.SetMtu(name, b.mtu(), 0));
            }
            for (PortSpec p : b.ports()) {
                links.add(new Step.Enslave(name, p.name(), k.link(p.name()).orElseThrow().isUp()));
            }
            b.ports().forEach(p -> portOptions(p, Map.of()));
            links.add(new Step.SetLinkUp(name, true, null));
            return;
        }
        BondState s = cur.get();
        BondSettings noPorts = new BondSettings();
        BondSettings down = new BondSettings();
        BondSettings rest = new BondSettings();
        BondSettings have = new BondSettings();
        BondSettings wanted = new BondSettings();
        for (BondOption o : BondOption.values()) {
            if (b.settings().has(o)) {
                wanted.copy(o, b.settings());
            } else if (b.defaults().has(o) && s.text(o) != null) {
                wanted.copy(o, b.defaults()); // left out by the profile: back to the default
            }
        }
        List<String> toDefault = new ArrayList<>();
        for (BondOption o : wanted.inKernelOrder()) {
            String want = wanted.text(o);
            String now = s.text(o);
            if (now == null && o == BondOption.PRIMARY) {
                now = ""; // not reported: no primary
            }
            if (want.equals(now)) {
                continue;
            }
            if (!b.settings().has(o)) {
                toDefault.add(o.kernelName() + "=" + want);
            }
            if (now != null) {
                if (s.options().has(o)) {
                    have.copy(o, s.options());
                } else {
                    have.put(o, ""); // a primary not reported: none
                }
            }
            (o.needsNoSlaves() ? noPorts : o.needsDown() ? down : rest).copy(o, wanted);
        }
        if (!toDefault.isEmpty()) {
            notices.add(b.where() + ": " + name + ": " + String.join(", ", toDefault) + ": the profile leaves "
                    + (toDefault.size() > 1 ? "these options" : "it") + " out, so back to the kernel's default"
                    + " (as NetworkManager does)");
        }
        boolean releaseAll = !noPorts.isEmpty() && !s.ports().isEmpty();
        boolean takeDown = (!noPorts.isEmpty() && noPorts.options().stream().anyMatch(BondOption::needsDown)
                || !down.isEmpty()) && s.link().isUp();
        List<String> enslaved = new ArrayList<>();
        if (releaseAll) {
            notices.add(name + ": releasing ports " + String.join(", ", s.portNames()) + " to change " + noPorts
                    + " (the kernel takes it only from a bond without ports): no traffic until they are enslaved again");
            for (PortState p : s.ports()) {
                links.add(new Step.Release(name, p.name(), p.options(), "to change " + noPorts + ": outage"));
            }
        } else {
            for (PortState p : s.ports()) {
                if (!b.portNames().contains(p.name())) {
                    links.add(new Step.Release(name, p.name(), p.options(), "not in the profiles"));
                } else {
                    enslaved.add(p.name());
                }
            }
        }
        if (takeDown) {
            bounce(s.link());
            links.add(new Step.SetLinkUp(name, false, name + " is brought down to change " + join(noPorts, down)
                    + " (carrier outage until it is up again)"));
        }
        if (!noPorts.isEmpty()) {
            links.add(new Step.SetBondOptions(name, noPorts, only(have, noPorts),
                    releaseAll ? "ports released and enslaved again: outage" : null));
        }
        if (!down.isEmpty()) {
            links.add(new Step.SetBondOptions(name, down, only(have, down), "bond briefly down: outage"));
        }
        for (PortSpec p : b.ports()) {
            if (!enslaved.contains(p.name())) {
                links.add(new Step.Enslave(name, p.name(), k.link(p.name()).orElseThrow().isUp()));
            }
        }
        if (!rest.isEmpty()) {
            links.add(new Step.SetBondOptions(name, rest, only(have, rest), null));
        }
        for (PortSpec p : b.ports()) {
            Optional<PortState> ps = enslaved.contains(p.name()) ? s.port(p.name()) : Optional.empty();
            portOptions(p, ps.map(PortState::options).orElse(Map.of()));
        }
        if (b.mtu() > 0 && b.mtu() != s.link().mtu()) {
            links.add(new Step.SetMtu(name, b.mtu(), s.link().mtu()));
        }
        if (takeDown || !s.link().isUp()) {
            links.add(new Step.SetLinkUp(name, true, null));
        }
    }

    /**
     * The link goes down and up again, and with it the VLANs on it (vlan_device_event()): remove
     * first, explicitly, what the kernel flushes on the way down, so that the undo log and the
     * address and route phases know it is gone.
     */
    private void bounce(Link l) {
        List<Link> all = new ArrayList<>(List.of(l));
        all.addAll(k.vlansOn(l));
        for (Link x : all) {
            List<Step> removed = new ArrayList<>();
            for (int af : new int[] {Rtnl.AF_INET, Rtnl.AF_INET6}) {
                for (Route r : k.routes(x, af)) {
                    if (r.protocol() == Rtnl.RTPROT_BOOT || r.protocol() == Rtnl.RTPROT_STATIC) {
                        removed.add(new Step.DeleteRoute(x.name(), r.withOif(0)));
                    }
                }
            }
            for (Address a : k.addresses(x, Rtnl.AF_INET6)) {
                removed.add(new Step.DeleteAddress(x.name(), a));
            }
            links.addAll(removed);
            bounced.put(x.name(), removed);
        }
    }

    /** The port options that differ from {@code have}: one step. */
    private void portOptions(PortSpec p, Map<PortOption, Long> have) {
        Map<PortOption, Long> want = new LinkedHashMap<>();
        Map<PortOption, Long> before = new LinkedHashMap<>();
        p.options().forEach((o, v) -> {
            Long h = have.get(o);
            boolean fresh = have.isEmpty() && v == 0; // a new port starts at 0
            if (!fresh && !v.equals(h)) {
                want.put(o, v);
                if (h != null) {
                    before.put(o, h);
                }
            }
        });
        if (!want.isEmpty()) {
            links.add(new Step.SetPortOptions(p.name(), want, before));
        }
    }

    private Map<PortOption, Long> portOptions(String bond, String port) {
        return k.bond(bond).flatMap(b -> b.port(port)).map(PortState::options).orElse(Map.of());
    }

    private static BondSettings only(BondSettings from, BondSettings keys) {
        BondSettings out = new BondSettings();
        keys.options().forEach(o -> {
            if (from.has(o)) {
                out.copy(o, from);
            }
        });
        return out;
    }

    private static String join(BondSettings a, BondSettings b) {
        String s = (a.toString() + " " + b.toString()).strip();
        return s;
    }

    // ------------------------------------------------------------------ VLANs

    /**
     * VLAN MTUs that go down, first: a VLAN's MTU may not exceed its parent's, and where a
     * parent's shrinks below it the kernel lowers the VLAN's itself (vlan_device_event(),
     * NETDEV_CHANGEMTU) - which no undo would restore. So every VLAN on an existing link whose
     * MTU is to fall (its own profile's value, else its parent's new MTU) is lowered here, as a
     * step with an inverse.
     */
    private void shrinkVlanMtus(NetworkSpec spec) {
        Map<String, VlanSpec> byName = new HashMap<>();
        spec.vlans().forEach(v -> byName.put(v.name(), v));
        for (Link l : k.links) {
            if (!l.isVlan()) {
                continue;
            }
            VlanSpec v = byName.get(l.name());
            String parent = k.name(l.parent());
            int parentMtu = mtuAfter.getOrDefault(parent, k.link(parent).map(Link::mtu).orElse(l.mtu()));
            int target = v != null && v.mtu() > 0 ? v.mtu() : Math.min(l.mtu(), parentMtu);
            if (target < l.mtu()) {
                links.add(new Step.SetMtu(l.name(), target, l.mtu()));
                shrunk.add(l.name());
            }
        }
    }

    private void vlan(VlanSpec v) {
        Optional<Link> cur = k.link(v.name());
        if (cur.isEmpty()) {
            links.add(new Step.CreateVlan(v.name(), v.parent(), v.id(), v.protocol()));
            if (v.mtu() > 0 && v.mtu() != mtuAfter.getOrDefault(v.parent(), 1500)) {
                links.add(new Step.SetMtu(v.name(), v.mtu(), 0));
            }
            links.add(new Step.SetLinkUp(v.name(), true, null));
            return;
        }
        Link l = cur.get();
        if (v.mtu() > 0 && v.mtu() > l.mtu() && !shrunk.contains(v.name())) {
            links.add(new Step.SetMtu(v.name(), v.mtu(), l.mtu()));
        }
        if (!l.isUp()) {
            links.add(new Step.SetLinkUp(v.name(), true, null));
        }
    }

    // ------------------------------------------------------------------ addresses and routes

    private void ip(String ifname, int af, FamilySpec fs) {
        Optional<Link> link = k.link(ifname);
        List<Step> removed = bounced.getOrDefault(ifname, List.of());
        List<Address> have = new ArrayList<>(link.map(l -> k.addresses(l, af)).orElse(List.of()));
        removed.forEach(s -> {
            if (s instanceof Step.DeleteAddress d) {
                have.remove(d.address());
            }
        });
        boolean deletesAddress = false;
        for (Address a : have) {
            if (!fs.addresses().contains(a)) {
                addressDeletes.add(new Step.DeleteAddress(ifname, a));
                deletesAddress = true;
            }
        }
        for (Address a : fs.addresses()) {
            if (!have.contains(a)) {
                addressAdds.add(new Step.AddAddress(ifname, a));
            }
        }
        List<Route> want = wantedRoutes(fs);
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
            for (Route r : new ArrayList<>(routes)) {
                if (r.gateway() != null && r.protocol() != Rtnl.RTPROT_KERNEL) {
                    routeDeletes.add(new Step.DeleteRoute(ifname, r.withOif(0)));
                    routes.remove(r);
                }
            }
        }
        for (Route r : routes) {
            boolean userMade = r.protocol() == Rtnl.RTPROT_BOOT || r.protocol() == Rtnl.RTPROT_STATIC;
            if (userMade && want.stream().noneMatch(w -> w.withOif(oif).sameAs(r))) {
                routeDeletes.add(new Step.DeleteRoute(ifname, r.withOif(0)));
            }
        }
        for (Route w : want) {
            if (routes.stream().noneMatch(r -> w.withOif(oif).sameAs(r))) {
                routeAdds.add(new Step.AddRoute(ifname, w));
            }
        }
    }

    /** The routes a family spec asks for, as the kernel will hold them (metric and table defaults filled in). */
    static List<Route> wantedRoutes(FamilySpec fs) {
        List<Route> out = new ArrayList<>();
        if (fs.gateway() != null) {
            out.add(Route.of(null, fs.gateway(), 0, fs.metric(), Rtnl.RT_TABLE_MAIN));
        }
        for (RouteSpec r : fs.routes()) {
            out.add(Route.of(r.destination(), r.gateway(), 0, r.metric() > 0 ? r.metric() : fs.metric(),
                    r.table() > 0 ? r.table() : Rtnl.RT_TABLE_MAIN));
        }
        return out;
    }

    // ------------------------------------------------------------------ DNS

    private void dns(NetworkSpec.DnsSpec want, Path file) {
        ResolvConf.validate(want.servers(), want.search());
        if (resolved) {
            linkDns(want, file);
            return;
        }
        ResolvConf.Config have = ResolvConf.read(file);
        if (have.servers().equals(want.servers()) && have.search().equals(want.search())
                && java.util.Objects.equals(want.ifname(), have.ifname())) {
            return;
        }
        ResolvConf.checkWritable(file, "apply");
        dns.add(new Step.WriteResolvConf(file, want.servers(), want.search(), want.ifname(),
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
