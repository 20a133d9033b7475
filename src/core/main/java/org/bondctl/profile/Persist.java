package org.bondctl.profile;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bondctl.bond.BondState;
import org.bondctl.bond.PortState;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.dns.ResolvConf;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.Bonds;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.VlanInfo;

/**
 * --persist: the profiles NetworkManager would hold after the same nmcli steps. An existing
 * profile of the interface is updated in place (same file, UUID and foreign keys); a missing
 * bond or VLAN profile is first captured from the live interface. Two phases, so that a
 * profile that cannot be written stops the live change before it is made: the methods below
 * stage the new profiles (rendered and checked, nothing written); {@link #commit} writes them.
 */
public final class Persist {
    private final ProfileStore store;
    private final List<Profile> profiles;
    private final List<Profile> staged = new ArrayList<>();
    private final List<Profile> deleted = new ArrayList<>();
    private final List<Path> written = new ArrayList<>();

    public Persist(ProfileStore store) {
        this.store = store;
        this.profiles = store.load();
    }

    /** Files written or deleted so far (for NetworkManager to load). */
    public List<Path> written() {
        return written;
    }

    public Optional<Profile> find(Profile.Type type, String ifname) {
        return profiles.stream().filter(p -> p.type() == type && ifname.equals(p.ifname())).findFirst();
    }

    /** {@code add BOND OPTIONS}: nmcli con add type bond ifname BOND bond.options OPTIONS. */
    public void bondAdded(String name, BondSettings settings) {
        bondAdded(name, settings, 0);
    }

    /** {@code add BOND OPTIONS mtu=N}: ... 802-3-ethernet.mtu N. */
    public void bondAdded(String name, BondSettings settings, int mtu) {
        Profile p = find(Profile.Type.BOND, name).orElseGet(() -> Profile.bond(name));
        p.bondSettings(withMode(settings)).mtu(mtu);
        save(p);
    }

    /** {@code set BOND OPTIONS}: nmcli con mod BOND +bond.options OPTIONS. */
    public void bondChanged(Bonds bonds, String name, BondSettings changes) {
        Profile p = ipProfile(bonds, name);
        BondSettings s = p.bondSettings();
        for (BondOption o : changes.options()) {
            s = s.without(o).copy(o, changes);
        }
        p.bondSettings(s);
        save(p);
    }

    /**
     * {@code del BOND}: nmcli con delete BOND and its ports' profiles (their master names the
     * bond by interface, id or UUID); with {@code withVlans}, the VLAN profiles on it too.
     */
    public void bondDeleted(Bonds bonds, String name, boolean withVlans) {
        Optional<Profile> bond = find(Profile.Type.BOND, name);
        for (Profile p : new ArrayList<>(profiles)) {
            String ref = p.type() == Profile.Type.PORT ? p.master() : p.type() == Profile.Type.VLAN && withVlans
                    ? p.vlanParent() : null;
            boolean child = ref != null && (name.equals(ref)
                    || bond.map(b -> b.id().equals(ref) || b.uuid().equalsIgnoreCase(ref)).orElse(false));
            if (child || bond.map(b -> b == p).orElse(false)) {
                deleted.add(p);
                profiles.remove(p);
            }
        }
    }

    /** {@code enslave BOND PORT...}: nmcli con add type ethernet ifname PORT master BOND. */
    public void portsAdded(Bonds bonds, String bond, List<String> ports) {
        ipProfile(bonds, bond);
        BondState live = bonds.show(bond);
        for (String port : ports) {
            Optional<Profile> other = find(Profile.Type.OTHER, port);
            if (other.isPresent()) {
                throw BondctlException.conflict("--persist: " + other.get().file() + " already configures " + port
                        + " as a standalone interface; delete it (nmcli connection delete " + other.get().id()
                        + ") or make it a port (master=" + bond + ", slave-type=bond)");
            }
            Profile p = find(Profile.Type.PORT, port).orElseGet(() -> Profile.port(port, bond));
            p.master(bond);
            live.ports().stream().filter(x -> x.name().equals(port)).findFirst()
                    .ifPresent(ps -> Capture.port(ps, bond, live.mode(), false).portOptions().forEach(p.portOptions()::put));
            save(p);
        }
    }

    /** {@code release BOND PORT...}: nmcli con delete PORT (its port profile). */
    public void portsReleased(List<String> ports) {
        for (String port : ports) {
            find(Profile.Type.PORT, port).ifPresent(p -> {
                deleted.add(p);
                profiles.remove(p);
            });
        }
    }

    /**
     * {@code vlan add PARENT ID NAME}: nmcli con add type vlan ifname NAME dev PARENT id ID
     * (vlan.flags, vlan.ingress-priority-map, vlan.egress-priority-map from {@code qos}).
     */
    public void vlanAdded(String name, String parent, int id, int protocol, int mtu, org.bondctl.rtnl.VlanQos qos) {
        Profile p = find(Profile.Type.VLAN, name).orElseGet(() -> Profile.vlan(name, parent, id, protocol));
        p.vlan(parent, id, protocol).mtu(mtu).vlanQos(qos);
        save(p);
    }

    /** {@code vlan set NAME ...}: nmcli con mod NAME vlan.flags N vlan.ingress-priority-map .. vlan.egress-priority-map ... */
    public void vlanQos(Bonds bonds, String name, org.bondctl.rtnl.VlanQos qos) {
        Profile p = ipProfile(bonds, name);
        if (p.type() != Profile.Type.VLAN) {
            throw BondctlException.invalid("--persist: " + name + " is not a VLAN");
        }
        p.vlanQos(qos);
        save(p);
    }

    /** {@code vlan del NAME}: nmcli con delete NAME. */
    public void vlanDeleted(String name) {
        find(Profile.Type.VLAN, name).ifPresent(p -> {
            deleted.add(p);
            profiles.remove(p);
        });
    }

    /** {@code mtu IFNAME N}, {@code set BOND mtu=N}: nmcli con mod IF 802-3-ethernet.mtu N. */
    public void mtu(Bonds bonds, String ifname, int mtu) {
        Profile p = ipProfile(bonds, ifname);
        p.mtu(mtu);
        save(p);
    }

    /**
     * {@code addr add|del IFNAME CIDR}: nmcli con mod IF [+|-]ipv4.addresses (or ipv6.addresses)
     * CIDR. Returns the metric the address's prefix route has under the profile (its family's
     * route-metric, else the device's), so that the live address is the one an apply would make.
     * A profile has one metric per family, for all its addresses and its gateway: a {@code metric}
     * given (null: none) that differs from it is refused, before anything is written.
     */
    public int address(Bonds bonds, String ifname, Address a, boolean add, Integer metric) {
        Profile p = ipProfile(bonds, ifname);
        boolean v6 = a.family() == Rtnl.AF_INET6;
        IpConfig ip = p.ip(v6);
        List<Address> list = new ArrayList<>(ip.addresses());
        list.remove(a);
        if (add) {
            list.add(a);
        }
        p.ip(ip.withAddresses(list));
        int m = ProfileSet.addressMetric(p, v6, bonds.rtnetlink());
        if (add && metric != null && metric != m) {
            throw BondctlException.invalid("--persist: " + ifname + "'s profile gives its " + ip.setting()
                    + " addresses metric " + m + " (" + ip.setting() + ".route-metric: one for every address and the"
                    + " gateway); change that instead (nmcli connection modify " + p.id() + " " + ip.setting()
                    + ".route-metric " + metric + ") or leave out 'metric " + metric + "'");
        }
        save(p);
        return m;
    }

    /**
     * {@code route add|del ROUTE dev IF}: the default route is the family's gateway (nmcli con
     * mod IF ipv4.gateway GW; a metric given sets ipv4.route-metric), every other route one of
     * its static routes (nmcli con mod IF +ipv4.routes "DEST GW METRIC table=T").
     */
    public void route(Bonds bonds, String ifname, Address destination, InetAddress gw, Integer metric, int table,
            boolean add) {
        route(bonds, ifname, destination, gw, metric, table, org.bondctl.rtnl.RouteAttrs.NONE, add);
    }

    /** {@link #route(Bonds, String, Address, InetAddress, Integer, int, boolean)} of a route with attributes. */
    public void route(Bonds bonds, String ifname, Address destination, InetAddress gw, Integer metric, int table,
            org.bondctl.rtnl.RouteAttrs attrs, boolean add) {
        Profile p = ipProfile(bonds, ifname);
        int family = destination != null ? destination.family() : Route.familyOf(gw);
        IpConfig ip = p.ip(family == Rtnl.AF_INET6);
        if (destination == null || destination.prefix() == 0) {
            if (gw == null || table != Rtnl.RT_TABLE_MAIN || !attrs.isEmpty()) {
                throw BondctlException.invalid("--persist: a default route is kept as the gateway of " + ifname
                        + "'s profile: give 'via GW' and no table or attribute");
            }
            if (add && ip.neverDefault()) {
                throw BondctlException.invalid("--persist: " + ifname + "'s profile has " + ip.setting()
                        + ".never-default=yes: it keeps no default route (nmcli connection modify " + p.id() + " "
                        + ip.setting() + ".never-default no, then add the route)");
            }
            if (add || gw.equals(ip.gateway())) {
                ip = ip.withGateway(add ? gw : null);
            }
            int deviceDefault = p.type() == Profile.Type.VLAN ? ProfileSet.VLAN_METRIC : ProfileSet.BOND_METRIC;
            if (add && metric != null && metric != deviceDefault) {
                ip = ip.withRouteMetric(metric);
            }
        } else {
            ip = ip.withRoute(new IpConfig.StaticRoute(destination, gw, metric == null ? -1 : metric,
                    table == Rtnl.RT_TABLE_MAIN ? 0 : table, attrs), add);
        }
        p.ip(ip);
        save(p);
    }

    /**
     * {@code dns set IFNAME ...}: nmcli con mod IF ipv4.dns ... ipv6.dns ... ipv4.dns-search ...
     * (IPv4 servers in ipv4.dns, IPv6 ones in ipv6.dns; the domains with the first family that
     * has servers).
     */
    public void dns(Bonds bonds, String ifname, List<InetAddress> servers, List<String> search) {
        Profile p = ipProfile(bonds, ifname);
        List<InetAddress> v4 = servers.stream().filter(a -> a.getAddress().length == 4).toList();
        List<InetAddress> v6 = servers.stream().filter(a -> a.getAddress().length == 16).toList();
        boolean searchV6 = v4.isEmpty() && !v6.isEmpty();
        p.ipv4(p.ipv4().withDns(v4, searchV6 ? List.of() : search));
        p.ipv6(p.ipv6().withDns(v6, searchV6 ? search : List.of()));
        save(p);
    }

    /**
     * {@code profile save BOND}: the live bond, its ports, addresses, routes, MTU and (when
     * resolv.conf records this interface) DNS, as profiles; and the VLANs on it.
     */
    public void saveLive(Bonds bonds, String name, Path resolvConf) {
        BondState s = bonds.show(name);
        Optional<Profile> had = find(Profile.Type.BOND, name);
        Capture.Kernel k = kernel(bonds.rtnetlink()); // one dump: saving files changes nothing in the kernel
        Profile live = capture(bonds, s.link(), k, resolvConf, had.orElse(null));
        Profile p = had.orElse(live);
        if (p != live) {
            p.bondSettings(live.bondSettings()).ipv4(live.ipv4()).ipv6(live.ipv6()).mtu(live.mtu());
        }
        save(p);
        for (PortState ps : s.ports()) {
            Profile port = find(Profile.Type.PORT, ps.name()).orElseGet(() -> Profile.port(ps.name(), name));
            port.master(name);
            port.portOptions().clear();
            port.portOptions().putAll(Capture.port(ps, name, s.mode(), false).portOptions());
            save(port);
        }
        for (Link v : bonds.rtnetlink().links()) {
            if (v.isVlan() && v.parent() == s.link().index()) {
                Optional<Profile> vhad = find(Profile.Type.VLAN, v.name());
                Profile vlive = capture(bonds, v, k, resolvConf, vhad.orElse(null));
                Profile vp = vhad.orElse(vlive);
                if (vp != vlive) {
                    vp.vlan(vlive.vlanParent(), vlive.vlanId(), vlive.vlanProtocol()).ipv4(vlive.ipv4()).ipv6(vlive.ipv6())
                            .mtu(vlive.mtu());
                }
                save(vp);
            }
        }
    }

    /** The kernel's routes and rules, which a capture picks an interface's from. */
    private static Capture.Kernel kernel(Rtnetlink r) {
        Rtnetlink.RouteTables tables = r.routeTables();
        return new Capture.Kernel(tables.unicast(), tables.typed(), r.rules());
    }

    /**
     * A live bond or VLAN as a profile, its routes and rules picked from {@code k}; {@code had}
     * its profile now (null: none), whose rules and typed routes still in the kernel stay its
     * own (see {@link Capture#ip}).
     */
    private Profile capture(Bonds bonds, Link l, Capture.Kernel k, Path resolvConf, Profile had) {
        Rtnetlink r = bonds.rtnetlink();
        List<Address> addrs = r.addresses(l.index());
        List<org.bondctl.rtnl.RoutingRule> taken = profiles.stream().filter(p -> p != had)
                .flatMap(p -> java.util.stream.Stream.concat(p.ipv4().rules().stream(), p.ipv6().rules().stream())).toList();
        List<InetAddress> dns = List.of();
        List<String> search = List.of();
        if (resolvConf != null) {
            ResolvConf.Config c = ResolvConf.read(resolvConf);
            if (l.name().equals(c.ifname())) {
                dns = c.servers();
                search = c.search();
            }
        }
        List<InetAddress> dns4 = dns.stream().filter(a -> a.getAddress().length == 4).toList();
        List<InetAddress> dns6 = dns.stream().filter(a -> a.getAddress().length == 16).toList();
        int metric = l.isVlan() ? ProfileSet.VLAN_METRIC : ProfileSet.BOND_METRIC;
        IpConfig v4 = Capture.ip(Rtnl.AF_INET, l, addrs, k, had == null ? null : had.ipv4(), taken, dns4,
                dns4.isEmpty() ? List.of() : search, metric);
        IpConfig v6 = Capture.ip(Rtnl.AF_INET6, l, addrs, k, had == null ? null : had.ipv6(), taken, dns6,
                dns4.isEmpty() ? search : List.of(), metric);
        if (l.isVlan()) {
            VlanInfo info = VlanInfo.of(l);
            String parent = r.link(l.parent()).map(Link::name).orElse("#" + l.parent());
            return Profile.vlan(l.name(), parent, info.id(), info.protocol()).ipv4(v4).ipv6(v6)
                    .mtu(l.mtu() == 1500 ? 0 : l.mtu()).vlanQos(org.bondctl.rtnl.VlanQos.of(l));
        }
        return Capture.bond(bonds.show(l.name()), v4, v6, false);
    }

    /** The profile that holds an interface's IP settings: its bond or VLAN profile, captured when missing. */
    private Profile ipProfile(Bonds bonds, String name) {
        Optional<Profile> p = find(Profile.Type.BOND, name).or(() -> find(Profile.Type.VLAN, name));
        if (p.isPresent()) {
            return p.get();
        }
        Optional<Link> live = bonds.rtnetlink().link(name).filter(l -> l.isBond() || l.isVlan());
        if (live.isEmpty()) {
            throw BondctlException.notFound("--persist: " + name + " is not a bond or VLAN and has no bond or VLAN profile in "
                    + store.directory() + " (bondctl keeps addresses, routes, MTU and DNS in bond and VLAN profiles only)");
        }
        Profile created = capture(bonds, live.get(), kernel(bonds.rtnetlink()), null, null);
        save(created);
        return created;
    }

    /** NM always records the mode (nmcli fills in balance-rr); so does bondctl. */
    private static BondSettings withMode(BondSettings s) {
        return s.has(BondOption.MODE) ? s : s.without(BondOption.MODE).put(BondOption.MODE, 0L);
    }

    private void save(Profile p) {
        if (!ProfileStore.inMemory(store.root(), p)) { // one in memory is checked where persist() writes it, at commit
            store.check(p);
        }
        if (!staged.contains(p)) {
            staged.add(p);
        }
        if (!profiles.contains(p)) {
            profiles.add(p);
        }
    }

    /** Writes what was staged (and removes what was deleted); returns the files touched. */
    public List<Path> commit() {
        for (Profile p : staged) {
            Path memory = ProfileStore.inMemory(store.root(), p) ? p.file() : null;
            // one kept in memory goes to disk (over the file it shadows) and leaves memory, as NM's
            // persistent update does: the change is the profile in force now and after a reboot
            Path f = memory != null ? ProfileStore.persist(store.root(), p) : store.save(p);
            for (Path w : memory != null ? List.of(f, memory) : List.of(f)) {
                if (!written.contains(w)) {
                    written.add(w);
                }
            }
        }
        for (Profile p : deleted) {
            store.delete(p);
            written.add(p.file());
        }
        staged.clear();
        deleted.clear();
        return written;
    }
}
