package org.bondctl.plan;

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
import org.bondctl.bridge.BridgeOption;
import org.bondctl.bridge.BridgePortOption;
import org.bondctl.bridge.Bridges;
import org.bondctl.bridge.VlanTable;
import org.bondctl.error.BondctlException;
import org.bondctl.dns.Resolved;
import org.bondctl.plan.NetworkSpec.BondSpec;
import org.bondctl.plan.NetworkSpec.IpSpec;
import org.bondctl.plan.NetworkSpec.PortSpec;
import org.bondctl.plan.NetworkSpec.VlanSpec;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.VlanInfo;
import org.bondctl.rtnl.VlanQos;

/**
 * Compares a {@link NetworkSpec} with the kernel and returns the {@link Plan} that reaches it:
 * only what differs, in place when the kernel allows it. Everything that can be checked
 * without changing anything is checked here, first: a plan that is returned has passed every
 * check bondctl knows of.
 * <p>
 * Order: VLAN MTUs that shrink (a VLAN's MTU cannot exceed its parent's); each bond (ports
 * released, options a bond takes only without ports, ports enslaved, the other options, port
 * options, MTU, up); NICs with a profile of their own (released, MTU, address, up); VLANs (created, MTU, up);
 * bridges (made or changed before the bonds; their ports, MTU and up after the VLANs); routes deleted; addresses deleted; addresses
 * added (IPv6 switched on or off between the two); routes added; resolv.conf.
 */
public final class Planner {
    /** The kernel as planned so far: as read, then with the renames the plan makes first. */
    private KernelView k;
    private final List<String> notices = new ArrayList<>();
    private final List<Step> links = new ArrayList<>();
    /** Interface name -> MTU it will have, as the checks worked it out. */
    private final Map<String, Integer> mtuAfter = new HashMap<>();
    /**
     * Links the plan takes down and up again, with what the kernel drops meanwhile and the plan
     * therefore removes first and puts back after: their IPv4 and IPv6 routes (fib_sync_down_dev()
     * flushes them) and IPv6 addresses (addrconf_ifdown()).
     */
    private final Map<String, List<Step>> bounced = new LinkedHashMap<>();
    /** Addresses, routes and DNS: planned after the links, run after them. */
    private IpPlanner ip;
    private final boolean resolved;
    /** VLANs deleted to be made anew ({@link #remakeIfChanged}). */
    private final Set<String> remade = new HashSet<>();
    /** Links {@link #leaveBridges} takes out of their bridge. */
    private final Set<String> left = new HashSet<>();
    /** VLANs whose MTU {@link #shrinkVlanMtus} lowered already. */
    private final Set<String> shrunk = new HashSet<>();

    private Planner(KernelView k, boolean resolved) {
        this.k = k;
        this.resolved = resolved;
    }

    /** The plan that takes the kernel behind {@code rtnl} (and {@code resolvConf}) to {@code spec}. */
    public static Plan plan(NetworkSpec spec, Rtnetlink rtnl, Path resolvConf) {
        // resolved serves the namespace it runs in, the host's: a named namespace has its own file
        Planner p = new Planner(KernelView.read(rtnl), rtnl.socket().netns() == null && Resolved.owns(resolvConf));
        // the rules and typed routes bondctl added are known by its records of them, per namespace
        return p.build(spec, resolvConf, rtnl);
    }

    /**
     * The metric of the default route each interface will have after {@code ip} is applied, for
     * IPv4 (index 0) and IPv6 (index 1): for those in {@code ip}, their gateway's (the device's
     * default metric resolved as the planner resolves it) or that of a static default route,
     * whichever is lower; for the others, the lowest of their default routes in the kernel's main
     * table now. Interfaces without a default route of the family are absent.
     */
    public static List<Map<String, Integer>> defaultRouteMetrics(List<NetworkSpec.IpSpec> ip, Rtnetlink rtnl) {
        KernelView k = KernelView.read(rtnl);
        List<IpSpec> resolved = DeviceMetrics.resolve(ip, k);
        Map<Integer, String> names = new HashMap<>();
        k.links.forEach(l -> names.put(l.index(), l.name()));
        List<Route> routes = k.routes;
        List<Map<String, Integer>> out = new ArrayList<>();
        for (int family : new int[] {Rtnl.AF_INET, Rtnl.AF_INET6}) {
            Map<String, Integer> metrics = new LinkedHashMap<>();
            Set<String> given = new HashSet<>();
            for (NetworkSpec.IpSpec s : resolved) {
                given.add(s.ifname());
                NetworkSpec.FamilySpec f = s.family(family);
                if (!f.managed()) {
                    continue;
                }
                int best = f.gateway() != null ? f.metric() : Integer.MAX_VALUE;
                for (NetworkSpec.RouteSpec r : f.routes()) {
                    if (r.destination().prefix() == 0 && r.table() == 0) {
                        best = Math.min(best, r.metric() >= 0 ? r.metric() : f.metric());
                    }
                }
                if (best != Integer.MAX_VALUE) {
                    metrics.put(s.ifname(), best);
                }
            }
            for (Route r : routes) {
                String name = names.get(r.oif());
                if (r.family() == family && r.isDefault() && r.table() == Rtnl.RT_TABLE_MAIN && r.type() == Rtnl.RTN_UNICAST
                        && name != null && !given.contains(name)) {
                    metrics.merge(name, r.effectiveMetric(), Math::min);
                }
            }
            out.add(metrics);
        }
        return out;
    }

    /**
     * The steps that take from {@code ifname} its static routes and addresses (IPv6 link-local
     * ones aside, which the kernel makes): what NetworkManager's deactivation of a NIC's own
     * profile removes. Empty when the link does not exist.
     */
    public static List<Step> flush(String ifname, Rtnetlink rtnl) {
        Planner p = new Planner(KernelView.read(rtnl), false);
        return p.k.link(ifname).map(x -> {
            List<Address> addresses = new ArrayList<>(p.k.addresses(x, Rtnl.AF_INET));
            p.k.addresses(x, Rtnl.AF_INET6).stream().filter(a -> !a.isLinkLocal()).forEach(addresses::add);
            return p.deletions(x, addresses);
        }).orElse(List.of());
    }

    /**
     * The steps that give {@code resolvConf} the servers and domains of {@code want} (none where
     * its lists are empty); empty when it has them already, and where systemd-resolved owns the
     * file (it keeps DNS per interface, and forgets an interface's when it goes).
     */
    public static List<Step> dns(NetworkSpec.DnsSpec want, Rtnetlink rtnl, Path resolvConf) {
        if (rtnl.socket().netns() == null && Resolved.owns(resolvConf)) {
            return List.of();
        }
        IpPlanner ip = new IpPlanner(KernelView.read(rtnl), new LinkedHashMap<>(), false);
        ip.dns(want, resolvConf);
        return ip.steps();
    }

    /**
     * The steps that give the profiles {@code want} decides their policy routing rules and typed
     * routes (none: theirs go), against the kernel behind {@code rtnl} and bondctl's records of
     * those it added there; the records' writes are the last.
     */
    public static List<Step> owned(NetworkSpec.OwnedSpec want, Rtnetlink rtnl) {
        IpPlanner ip = new IpPlanner(null, new LinkedHashMap<>(), false); // rules and typed routes need no view of links
        ip.owned(want, typedRoutes(want, List.of()), rtnl.rules(), typedRoutes(rtnl.typedRoutes(), rtnl.links()),
                rtnl.socket().netns());
        return ip.steps();
    }

    /**
     * The kernel's typed routes as the planner compares them: as the step that would add each,
     * its interface ({@code links}) named for a local route and none for the others (an IPv6 one
     * shows lo).
     */
    private static List<Step.AddRoute> typedRoutes(List<Route> typed, List<Link> links) {
        List<Step.AddRoute> out = new ArrayList<>();
        for (Route r : typed) {
            String dev = Route.isNowhere(r.type()) ? null : links.stream().filter(l -> l.index() == r.oif()).map(Link::name)
                    .findFirst().orElse(null);
            if (dev != null || Route.isNowhere(r.type())) {
                out.add(new Step.AddRoute(dev, r.withOif(0)));
            }
        }
        return out;
    }

    /**
     * The typed routes {@code want} asks for as the kernel will hold them, by owner: the metric
     * the profile leaves out is its interface family's ({@code ip}, resolved), the table it
     * leaves out the local table for a local route and main for the others.
     */
    private static Map<String, List<Step.AddRoute>> typedRoutes(NetworkSpec.OwnedSpec want, List<IpSpec> ip) {
        Map<String, List<Step.AddRoute>> out = new LinkedHashMap<>();
        want.routes().forEach((owner, routes) -> {
            List<Step.AddRoute> steps = new ArrayList<>();
            for (NetworkSpec.TypedRoute t : routes) {
                NetworkSpec.RouteSpec r = t.route();
                int type = r.attrs().routeType();
                int metric = r.metric() >= 0 ? r.metric() : ip.stream().filter(i -> i.ifname().equals(t.ifname()))
                        .map(i -> i.family(t.family())).filter(NetworkSpec.FamilySpec::managed)
                        .mapToInt(NetworkSpec.FamilySpec::metric).findFirst().orElse(0);
                int table = r.table() != 0 ? r.table() : type == Rtnl.RTN_LOCAL ? Rtnl.RT_TABLE_LOCAL : Rtnl.RT_TABLE_MAIN;
                steps.add(new Step.AddRoute(Route.isNowhere(type) ? null : t.ifname(),
                        Route.of(r.destination(), r.gateway(), 0, Math.max(0, metric), table, r.attrs())));
            }
            out.put(owner, steps);
        });
        return out;
    }

    private Plan build(NetworkSpec spec, Path resolvConf, Rtnetlink rtnl) {
        spec.bonds().forEach(this::renameIfMoved);
        ip = new IpPlanner(k, bounced, resolved);
        PlanChecks checks = new PlanChecks(k);
        mtuAfter.putAll(checks.check(spec));
        notices.addAll(checks.notices);
        // a VLAN asking more than its parent's MTU gets the parent's (PlanChecks' note says so)
        spec = spec.withVlans(spec.vlans().stream().map(v -> v.mtu() > 0 && v.mtu() > mtuAfter.get(v.name())
                ? new VlanSpec(v.name(), v.parent(), v.id(), v.protocol(), mtuAfter.get(v.name()), v.where(), v.mac(), v.qos(),
                        v.movedFrom())
                : v).toList());
        // first, so that the undo puts the old VLAN back last, when its parent's MTU is back too
        spec.vlans().forEach(this::deleteIfMoved);
        spec.vlans().forEach(this::remakeIfChanged);
        shrinkVlanMtus(spec);
        spec.bridges().forEach(this::bridge);
        leaveBridges(spec);
        spec.bonds().forEach(this::bond);
        spec.nics().forEach(this::nic);
        spec.vlans().forEach(this::vlan);
        Set<String> claimed = new HashSet<>();
        spec.bonds().forEach(b -> {
            claimed.add(b.name());
            claimed.addAll(b.portNames());
        });
        spec.vlans().forEach(v -> claimed.add(v.name()));
        spec.nics().forEach(n -> claimed.add(n.name()));
        spec.bridges().forEach(b -> claimed.addAll(b.portNames()));
        spec.bridges().forEach(b -> bridgePorts(b, claimed));
        growVlanMtus(spec);
        List<IpSpec> resolvedIp = DeviceMetrics.resolve(spec.ip(), k);
        for (IpSpec i : resolvedIp) {
            ip.ipv6(i.ifname(), i.ipv6Disabled(), remade.contains(i.ifname()));
            for (int af : new int[] {Rtnl.AF_INET, Rtnl.AF_INET6}) {
                if (i.family(af).managed()) {
                    ip.ip(i.ifname(), af, i.family(af));
                }
            }
        }
        ip.putBackBounced(spec);
        if (spec.dns() != null) {
            ip.dns(spec.dns(), resolvConf);
        }
        if (spec.owned() != null) {
            ip.owned(spec.owned(), typedRoutes(spec.owned(), resolvedIp), rtnl.rules(), typedRoutes(k.typedRoutes, k.links),
                    rtnl.socket().netns());
        }
        List<Step> all = new ArrayList<>(links);
        all.addAll(ip.steps());
        return new Plan(all, notices);
    }

    // ------------------------------------------------------------------ bonds

    /**
     * A bond whose profile's interface-name changed while it was active: the live bond, where
     * nothing has the new name yet, is taken down (what the kernel flushes then removed first, as
     * for any bounce), renamed, and from then on planned under its new name (up again with the
     * rest). Its ports, options and IPv4 addresses go with it; its VLANs stay on it.
     */
    private void renameIfMoved(BondSpec b) {
        String from = b.renamedFrom();
        if (from == null || from.equals(b.name()) || k.link(b.name()).isPresent()) {
            return;
        }
        Optional<Link> old = k.link(from).filter(Link::isBond);
        if (old.isEmpty()) {
            return;
        }
        Rtnetlink.checkName(b.name());
        if (old.get().isUp()) {
            bounce(old.get());
            links.add(new Step.SetLinkUp(from, false, from + " is brought down to be renamed " + b.name()
                    + " (carrier outage until it is up again)"));
        }
        links.add(new Step.RenameLink(from, b.name()));
        List<Step> removed = bounced.remove(from);
        if (removed != null) {
            bounced.put(b.name(), removed); // the address phase plans for the new name
        }
        notices.add(from + " is renamed " + b.name() + ", as its profile now names it");
        k = k.renamed(from, b.name());
    }

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
            if (b.mac() != null) {
                links.add(new Step.SetMac(name, b.mac(), null)); // before the ports, which take it
            }
            for (PortSpec p : b.ports()) {
                flushPort(k.link(p.name()).orElseThrow());
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
        if (b.mac() != null && !b.mac().equals(s.link().address())) {
            links.add(new Step.SetMac(name, b.mac(), s.link().address())); // its ports take it too
        }
        // the options before the ports come (back), as NetworkManager sets them when it activates the
        // bond: a port enslaved with updelay set is "going back" for updelay, as NM's is (seen after a
        // mode change); only active_slave needs its port there first
        boolean enslaving = b.ports().stream().anyMatch(p -> !enslaved.contains(p.name()));
        BondSettings early = enslaving ? rest.without(BondOption.ACTIVE_SLAVE) : new BondSettings();
        if (!early.isEmpty()) {
            links.add(new Step.SetBondOptions(name, early, only(have, early), null));
        }
        for (PortSpec p : b.ports()) {
            if (!enslaved.contains(p.name())) {
                flushPort(k.link(p.name()).orElseThrow());
                links.add(new Step.Enslave(name, p.name(), k.link(p.name()).orElseThrow().isUp()));
            }
        }
        BondSettings late = enslaving ? rest.only(BondOption.ACTIVE_SLAVE) : rest;
        if (!late.isEmpty()) {
            links.add(new Step.SetBondOptions(name, late, only(have, late), null));
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
            removeFirst(x, k.addresses(x, Rtnl.AF_INET6));
        }
    }

    /**
     * A NIC that becomes a port loses its own addresses and static routes first, as NM's port
     * activation flushes them (seen in NM 1.42: nmcli con up PORT on a NIC with addresses set by
     * hand leaves it none). As steps, so that an undo gives them back: the kernel keeps an IPv4
     * address on a port, but drops its IPv6 ones and its routes for good.
     */
    private void flushPort(Link x) {
        if (x.isBondPort()) {
            return; // moving from another bond: a port holds no addresses of its own
        }
        List<Address> addresses = new ArrayList<>(k.addresses(x, Rtnl.AF_INET));
        k.addresses(x, Rtnl.AF_INET6).stream().filter(a -> !a.isLinkLocal()).forEach(addresses::add);
        links.addAll(deletions(x, addresses));
    }

    /**
     * What a link loses (its static routes and {@code addresses}), removed first as steps of
     * their own, so that the undo log puts them back and the address phase knows them gone.
     */
    private void removeFirst(Link x, List<Address> addresses) {
        List<Step> removed = deletions(x, addresses);
        links.addAll(removed);
        bounced.put(x.name(), removed);
    }

    /** The steps that delete {@code x}'s static routes, then {@code addresses} (secondaries before their primary). */
    private List<Step> deletions(Link x, List<Address> addresses) {
        List<Step> removed = new ArrayList<>();
        for (int af : new int[] {Rtnl.AF_INET, Rtnl.AF_INET6}) {
            for (Route r : k.routes(x, af)) {
                if (r.userMade() || k.ownPrefixRoute(x, r)) {
                    removed.add(new Step.DeleteRoute(x.name(), r.withOif(0)));
                }
            }
        }
        // last first: a subnet's secondary IPv4 addresses before its primary, which takes them with it
        for (int i = addresses.size() - 1; i >= 0; i--) {
            Address a = addresses.get(i);
            removed.add(new Step.DeleteAddress(x.name(), a, k.rtPriority(x, a)));
        }
        return removed;
    }

    /**
     * A VLAN deleted to be created anew with another parent, id or protocol: its addresses (but
     * the kernel's link-local ones) and static routes go first, as steps of their own, so that
     * the undo log puts them back on the old VLAN and the address phase adds what the profile
     * wants to the new one.
     */
    private void recreate(Link l, VlanInfo info) {
        List<Address> addresses = new ArrayList<>(k.addresses(l, Rtnl.AF_INET));
        k.addresses(l, Rtnl.AF_INET6).stream().filter(a -> !a.isLinkLocal()).forEach(addresses::add);
        removeFirst(l, addresses);
        if (l.ipv6Disabled()) {
            // the undo makes the old VLAN anew: with IPv6 off again, after it
            links.add(new Step.SetIpv6Disabled(l.name(), false, true));
        }
        links.add(new Step.DeleteVlan(l.name(), k.name(l.parent()), info.id(), info.protocol(), l.mtu(), l.isUp(),
                VlanQos.of(l)));
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

    // ------------------------------------------------------------------ NICs

    /**
     * A NIC its own (plain ethernet) profile configures: released first where it is a port, as
     * NM deactivates the port profile before it activates another on the device (the kernel gives
     * it back the MTU and address it had before, bond_release()); then its MTU and address; up.
     */
    private void nic(NetworkSpec.NicSpec n) {
        Link l = k.link(n.name()).orElseThrow();
        boolean released = l.isBondPort();
        if (released) {
            String owner = k.name(l.master());
            notices.add(n.name() + " leaves " + owner + ": its own profile is activated on it");
            links.add(new Step.Release(owner, n.name(), portOptions(owner, n.name()), "its own profile is activated on it"));
        }
        if (n.mtu() > 0 && (released || n.mtu() != l.mtu())) {
            links.add(new Step.SetMtu(n.name(), n.mtu(), l.mtu()));
        }
        if (n.mac() != null && (released || !n.mac().equals(l.address()))) {
            links.add(new Step.SetMac(n.name(), n.mac(), l.address()));
        }
        if (released || !l.isUp()) {
            links.add(new Step.SetLinkUp(n.name(), true, null));
        }
    }

    // ------------------------------------------------------------------ bridges

    /**
     * A bridge: made with every option it is to have (its address before any port joins, which
     * the kernel would otherwise give it from its ports), or its options and address changed in
     * place. Ports, MTU and up come after the bonds and VLANs they may be ({@link #bridgePorts}).
     */
    private void bridge(NetworkSpec.BridgeSpec b) {
        Optional<Link> cur = k.link(b.name());
        if (cur.isEmpty()) {
            links.add(new Step.CreateBridge(b.name(), b.options()));
            if (b.mac() != null) {
                links.add(new Step.SetMac(b.name(), b.mac(), null));
            }
            // the kernel gives a new bridge its default PVID, as it gives every port that joins
            if (b.vlans() != null && !b.vlans().equals(defaultVlans(b))) {
                links.add(new Step.SetBridgeVlans(b.name(), true, b.vlans(), null));
            }
            return;
        }
        Map<BridgeOption, Long> have = Bridges.options(cur.get());
        Map<BridgeOption, Long> change = Bridges.differing(b.options(), have);
        change.remove(BridgeOption.VLAN_DEFAULT_PVID); // with the VLANs, once the ports are in (bridgeVlans)
        if (!vlansInKernel(cur)) {
            if (Bridges.filtersVlans(b.options())) {
                throw new BondctlException(BondctlException.Kind.UNAVAILABLE, "bridge " + b.name()
                        + ": this kernel's bridge has no VLAN filtering"
                        + " (built without CONFIG_BRIDGE_VLAN_FILTERING): the profile's bridge.vlan-filtering needs it");
            }
            change.remove(BridgeOption.VLAN_FILTERING);
        }
        if (!change.isEmpty()) {
            links.add(new Step.SetBridgeOptions(b.name(), change, Bridges.only(have, change.keySet())));
        }
        if (b.mac() != null && !b.mac().equals(cur.get().address())) {
            links.add(new Step.SetMac(b.name(), b.mac(), cur.get().address()));
        }
    }

    /**
     * An existing bridge's default PVID and own VLANs, after its ports have joined, then its
     * ports' VLANs. The bridge device takes a VLAN only with a MAC address (br_vlan_add() puts
     * the address in the forwarding table for it: EINVAL for all zeros), and a bridge without
     * ports has none, unless one was set; a port brings one. A bridge left without port waits,
     * as NM waits for a port. A new default PVID moves each device's default VLAN with it
     * (__br_vlan_set_default_pvid()), so every table comes after it.
     */
    private void bridgeVlans(NetworkSpec.BridgeSpec b, Optional<Link> cur, List<Step> portTables, boolean portless) {
        if (!vlansInKernel(cur)) {
            return; // no VLANs to set (bridge() refused a profile that needs them)
        }
        if (cur.isPresent()) {
            boolean pvid = pvidChanges(b);
            VlanTable vlans = k.vlans(cur.get());
            boolean self = b.vlans() != null && (pvid || !b.vlans().equals(vlans));
            if ((pvid || self && !b.vlans().notIn(vlans).isEmpty()) && portless) {
                notices.add(b.name() + " has no port, and so no MAC address, which the kernel needs to put the bridge in"
                        + " a VLAN: its default PVID and VLANs wait for a port to join (apply again then)");
                pvid = false;
                self = false;
            }
            if (pvid) {
                List<BridgeOption> key = List.of(BridgeOption.VLAN_DEFAULT_PVID);
                links.add(new Step.SetBridgeOptions(b.name(), Bridges.only(b.options(), key),
                        Bridges.only(Bridges.options(cur.get()), key)));
            }
            if (self) {
                links.add(new Step.SetBridgeVlans(b.name(), true, b.vlans(), vlans));
            }
        }
        links.addAll(portTables);
    }

    /**
     * Whether the kernel's bridge has VLANs (CONFIG_BRIDGE_VLAN_FILTERING): a bridge then reports
     * its default PVID. Without, the kernel refuses the filtering attribute (EOPNOTSUPP) and keeps
     * no VLAN table; a new bridge is taken to have them (the executor leaves the defaults out).
     */
    private static boolean vlansInKernel(Optional<Link> bridge) {
        return bridge.map(l -> Bridges.options(l).containsKey(BridgeOption.VLAN_DEFAULT_PVID)).orElse(true);
    }

    /** The VLAN a device of bridge {@code b} gets from the kernel: the bridge's default PVID, untagged. */
    private static VlanTable defaultVlans(NetworkSpec.BridgeSpec b) {
        return VlanTable.withDefaultPvid(b.options().getOrDefault(BridgeOption.VLAN_DEFAULT_PVID, 1L).intValue(), List.of());
    }

    /**
     * Whether the plan changes the bridge's default PVID: the kernel then moves every device's
     * VLAN that is the old default to the new one (__br_vlan_set_default_pvid()), so each table
     * is made again after it.
     */
    private boolean pvidChanges(NetworkSpec.BridgeSpec b) {
        Long want = b.options().get(BridgeOption.VLAN_DEFAULT_PVID);
        return want != null && k.link(b.name()).map(l -> !want.equals(Bridges.options(l).get(BridgeOption.VLAN_DEFAULT_PVID)))
                .orElse(false);
    }

    /** A port's VLANs, for the inverse of its leaving: in a VLAN-filtering bridge; else null. */
    private VlanTable vlansOfPort(Link port) {
        return k.link(k.name(port.master())).filter(br -> Bridges.filtersVlans(Bridges.options(br)))
                .map(br -> k.vlans(port)).orElse(null);
    }

    /**
     * A bond, VLAN or NIC that its profile makes no bridge's port but that is one now leaves its
     * bridge first, as NetworkManager's activation of a profile without a controller releases
     * the device: it is to carry addresses of its own.
     */
    private void leaveBridges(NetworkSpec spec) {
        Set<String> ports = new HashSet<>();
        spec.bridges().forEach(b -> ports.addAll(b.portNames()));
        List<String> names = new ArrayList<>();
        spec.bonds().forEach(b -> names.add(b.name()));
        spec.vlans().forEach(v -> names.add(v.name()));
        spec.nics().forEach(n -> names.add(n.name()));
        for (String n : names) {
            k.link(n).filter(l -> l.isBridgePort() && !ports.contains(n)).ifPresent(l -> {
                String owner = k.name(l.master());
                left.add(n);
                notices.add(n + " leaves bridge " + owner + ": its profile names no controller");
                links.add(new Step.LeaveBridge(owner, n, Bridges.portOptions(l), "its profile names no controller",
                        vlansOfPort(l)));
            });
        }
    }

    /**
     * A bridge's ports: those the spec gives another place (a bond, VLAN or NIC configured on its
     * own, a bond's port, another bridge's) removed, those it does not name left (a VM's tap
     * device that libvirt added); the others joined (from another bridge
     * they leave first; a NIC or bond that joins loses its own addresses and static routes, as a
     * port has none), with their port options; then the bridge's MTU and up.
     */
    private void bridgePorts(NetworkSpec.BridgeSpec b, Set<String> claimed) {
        Optional<Link> cur = k.link(b.name());
        Set<String> attached = new HashSet<>();
        cur.ifPresent(br -> {
            for (Link l : k.links) {
                if (l.master() == br.index() && l.isBridgePort()) {
                    if (b.portNames().contains(l.name())) {
                        attached.add(l.name());
                    } else if (claimed.contains(l.name()) && !left.contains(l.name())) {
                        links.add(new Step.LeaveBridge(b.name(), l.name(), Bridges.portOptions(l), "not in the profiles",
                                vlansOfPort(l)));
                    }
                }
            }
        });
        List<Step> tables = new ArrayList<>();
        for (NetworkSpec.BridgePortSpec p : b.ports()) {
            Optional<Link> l = k.link(p.name());
            // a NIC joins a bridge as it is (br_add_if() opens nothing, unlike bond_enslave()): a
            // port down forwards nothing, and NM brings it up (seen); a bond or VLAN is brought up
            // by its own steps
            boolean bringUp = l.isPresent() && !l.get().isUp() && !l.get().isBond() && !l.get().isVlan();
            if (attached.contains(p.name())) {
                Map<BridgePortOption, Long> have = Bridges.portOptions(l.get());
                Map<BridgePortOption, Long> change = Bridges.differing(p.options(), have);
                if (!change.isEmpty()) {
                    links.add(new Step.SetBridgePortOptions(p.name(), change, Bridges.only(have, change.keySet())));
                }
                VlanTable vlans = k.vlans(l.get());
                if (p.vlans() != null && (pvidChanges(b) || !p.vlans().equals(vlans))) {
                    tables.add(new Step.SetBridgeVlans(p.name(), false, p.vlans(), vlans));
                }
                if (bringUp) {
                    links.add(new Step.SetLinkUp(p.name(), true, null));
                }
                continue;
            }
            if (l.isPresent() && l.get().isBridgePort()) {
                String owner = k.name(l.get().master());
                notices.add(p.name() + " moves from bridge " + owner + " to " + b.name());
                links.add(new Step.LeaveBridge(owner, p.name(), Bridges.portOptions(l.get()), "moves to " + b.name(),
                        vlansOfPort(l.get())));
            } else if (l.isPresent() && l.get().master() == 0) {
                flushPort(l.get());
            }
            links.add(new Step.JoinBridge(b.name(), p.name()));
            if (bringUp) {
                links.add(new Step.SetLinkUp(p.name(), true, null));
            }
            // a new port has the kernel's priority 32 and no hairpin; its cost the kernel derives from its speed
            Map<BridgePortOption, Long> want = new LinkedHashMap<>(p.options());
            want.remove(BridgePortOption.PRIORITY, 32L);
            want.remove(BridgePortOption.HAIRPIN, 0L);
            if (!want.isEmpty()) {
                links.add(new Step.SetBridgePortOptions(p.name(), want, Map.of()));
            }
            if (p.vlans() != null && (pvidChanges(b) || !p.vlans().equals(defaultVlans(b)))) {
                tables.add(new Step.SetBridgeVlans(p.name(), false, p.vlans(), null));
            }
        }
        // a port no profile names stays (a VM's tap); a MAC address of its own stays
        boolean portless = b.ports().isEmpty() && b.mac() == null && cur.map(br -> k.links.stream().noneMatch(l ->
                l.master() == br.index() && l.isBridgePort() && !claimed.contains(l.name()))).orElse(true);
        bridgeVlans(b, cur, tables, portless);
        if (b.mtu() > 0 && (cur.isEmpty() || cur.get().mtu() != b.mtu())) {
            links.add(new Step.SetMtu(b.name(), b.mtu(), cur.map(Link::mtu).orElse(0)));
        }
        if (cur.isEmpty() || !cur.get().isUp()) {
            links.add(new Step.SetLinkUp(b.name(), true, null));
        }
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
            if (remade.contains(l.name())) {
                continue; // deleted already, made anew at its MTU
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

    /**
     * VLANs whose parent's MTU goes up, last: one that had its parent's MTU and has none of its
     * own in the spec goes up with it, as NetworkManager raises a VLAN whose profile leaves the
     * MTU automatic when its parent's rises (seen in NM 1.42: bond0 to 9000 by connection up or
     * device reapply, bond0.20 with it; a NIC's too). The kernel lowers a VLAN with its parent
     * (vlan_device_event()), but never raises it.
     */
    private void growVlanMtus(NetworkSpec spec) {
        Map<String, VlanSpec> byName = new HashMap<>();
        spec.vlans().forEach(v -> byName.put(v.name(), v));
        for (Link l : k.links) {
            VlanSpec v = byName.get(l.name());
            if (!l.isVlan() || remade.contains(l.name()) || shrunk.contains(l.name()) || v != null && v.mtu() > 0) {
                continue;
            }
            Optional<Link> parent = k.link(k.name(l.parent()));
            Integer after = parent.map(p -> mtuAfter.get(p.name())).orElse(null);
            if (after != null && after > l.mtu() && l.mtu() == parent.get().mtu()) {
                links.add(new Step.SetMtu(l.name(), after, l.mtu()));
            }
        }
    }

    /**
     * A VLAN's parent that is down and that nothing in the plan brings up (a NIC without a
     * profile of its own) goes up first: the kernel brings no VLAN up on a parent that is down
     * (ENETDOWN), and NetworkManager has every device it manages up (seen in NM 1.42: a VLAN
     * moved onto such a NIC came up; bondctl's up failed). Its undo takes the parent down again.
     */
    private void parentUp(String parent) {
        Optional<Link> p = k.link(parent);
        boolean planned = links.stream().anyMatch(s -> s instanceof Step.SetLinkUp u && u.name().equals(parent) && u.up());
        if (p.isPresent() && !p.get().isUp() && p.get().master() == 0 && !planned) {
            links.add(new Step.SetLinkUp(parent, true, null));
        }
    }

    /**
     * A VLAN whose profile's interface-name changed while it was active: the live VLAN it was
     * active on goes (its addresses first), as NetworkManager's deactivation there deletes it
     * before the new one is made (seen in NM 1.42: bond0.100 gone, bond0v101 made, when the
     * profile's interface-name and id changed and it came up again). Its route metric stays
     * taken for this plan, as NM still holds it: the new VLAN gets the next (seen: 401).
     */
    private void deleteIfMoved(VlanSpec v) {
        String from = v.movedFrom();
        Optional<Link> old = from == null || from.equals(v.name()) ? Optional.empty() : k.link(from).filter(Link::isVlan);
        VlanInfo info = old.map(VlanInfo::of).orElse(null);
        if (info == null) {
            return;
        }
        recreate(old.get(), info);
        bounced.remove(from); // its addresses and routes go with it, not back onto a link that is gone
        remade.add(from); // not planned further (growVlanMtus)
        notices.add(from + " is deleted: its profile now names " + v.name());
    }

    /** A VLAN whose parent, id or protocol differ: the kernel changes none of them, so it is made anew, as NM does. */
    private void remakeIfChanged(VlanSpec v) {
        Optional<Link> cur = k.link(v.name());
        VlanInfo info = cur.map(VlanInfo::of).orElse(null);
        if (info != null && !v.is(info, k.name(cur.get().parent()))) {
            recreate(cur.get(), info);
            remade.add(v.name());
        }
    }

    private void vlan(VlanSpec v) {
        parentUp(v.parent());
        Optional<Link> cur = remade.contains(v.name()) ? Optional.empty() : k.link(v.name());
        if (cur.isEmpty()) {
            links.add(new Step.CreateVlan(v.name(), v.parent(), v.id(), v.protocol()));
            if (!v.qos().equals(VlanQos.DEFAULT)) {
                links.add(new Step.SetVlanQos(v.name(), v.qos(), VlanQos.DEFAULT));
            }
            if (v.mac() != null) {
                links.add(new Step.SetMac(v.name(), v.mac(), null));
            }
            if (v.mtu() > 0 && v.mtu() != mtuAfter.getOrDefault(v.parent(), 1500)) {
                links.add(new Step.SetMtu(v.name(), v.mtu(), 0));
            }
            links.add(new Step.SetLinkUp(v.name(), true, null));
            return;
        }
        Link l = cur.get();
        VlanQos qos = VlanQos.of(l);
        if (qos != null && !qos.equals(v.qos())) {
            links.add(new Step.SetVlanQos(v.name(), v.qos(), qos));
        }
        if (v.mac() != null && !v.mac().equals(l.address())) {
            links.add(new Step.SetMac(v.name(), v.mac(), l.address()));
        }
        if (v.mtu() > 0 && v.mtu() > l.mtu() && !shrunk.contains(v.name())) {
            links.add(new Step.SetMtu(v.name(), v.mtu(), l.mtu()));
        }
        if (!l.isUp()) {
            links.add(new Step.SetLinkUp(v.name(), true, null));
        }
    }
}
