package org.bondctl.profile;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.bondctl.bond.BondState;
import org.bondctl.bond.Bonds;
import org.bondctl.bond.PortState;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.dns.ResolvConf;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;

/**
 * Reaches the state a {@link ProfileSet} describes, over netlink, without NetworkManager:
 * bonds with their options and ports, IPv4 addresses, the default route and DNS. Only what
 * differs is changed, in place when the kernel allows it (miimon, updelay, primary ...);
 * options it takes only from a bond without ports (mode, fail_over_mac) release and re-enslave
 * the ports, announced. Before changing anything the affected state is captured; if a step
 * fails it is put back.
 */
public final class Applier {
    /** NM's default route metric for a bond (nm_device_get_route_metric_default(): NM_DEVICE_TYPE_BOND 300). */
    public static final int BOND_ROUTE_METRIC = 300;

    /** One difference between the profiles and the kernel. */
    public record Change(String object, String what, String from, String to, String note) {
        @Override
        public String toString() {
            String s = object + ": " + what;
            if (from != null || to != null) {
                s += " " + (from == null ? "(none)" : from.isEmpty() ? "\"\"" : from) + " -> "
                        + (to == null ? "(none)" : to.isEmpty() ? "\"\"" : to);
            }
            return note == null ? s : s + " (" + note + ")";
        }
    }

    private final Bonds bonds;
    private final Rtnetlink rtnl;
    private final Path resolvConf;
    private final Consumer<String> notices;

    public Applier(Bonds bonds, Path resolvConf, Consumer<String> notices) {
        this.bonds = bonds;
        this.rtnl = bonds.rtnetlink();
        this.resolvConf = resolvConf;
        this.notices = notices;
    }

    // ------------------------------------------------------------------ diff

    /** What {@link #apply} would change, in the order it would change it. */
    public List<Change> diff(ProfileSet set) {
        List<Change> out = new ArrayList<>();
        for (ProfileSet.BondPlan plan : set.bonds()) {
            diffBond(plan, out);
        }
        diffDns(set, out);
        return out;
    }

    private void diffBond(ProfileSet.BondPlan plan, List<Change> out) {
        String name = plan.name();
        Optional<BondState> cur = bonds.find(name);
        if (cur.isEmpty()) {
            if (rtnl.link(name).isPresent()) {
                throw BondctlException.conflict(plan.profile().where("connection.interface-name") + ": " + name
                        + " exists and is not a bond; delete it first");
            }
            out.add(new Change(name, "create bond", null, inKernelOrder(plan.settings()), null));
            for (Profile p : plan.ports()) {
                out.add(new Change(name, "enslave " + p.ifname(), null, null, null));
                p.portOptions().forEach((o, v) -> out.add(new Change(p.ifname(), o.kernelName(), null, o.format(v), null)));
            }
            out.add(new Change(name, "up", null, null, null));
            diffIp(plan, null, out);
            return;
        }
        BondState s = cur.get();
        boolean portsChangeForOptions = false;
        for (BondOption o : plan.settings().inKernelOrder()) {
            String want = o.format(plan.settings().get(o));
            String have = s.text(o);
            if (have == null && o == BondOption.PRIMARY) {
                have = "";
            }
            if (!want.equals(have)) {
                String note = null;
                if (o.needsNoSlaves() && !s.ports().isEmpty()) {
                    note = "ports released and enslaved again: outage";
                    portsChangeForOptions = true;
                } else if (o.needsDown() && s.link().isUp()) {
                    note = "bond briefly down: outage";
                }
                out.add(new Change(name, o.kernelName(), have, want, note));
            }
        }
        Set<String> want = new LinkedHashSet<>(plan.portNames());
        for (String p : s.portNames()) {
            if (!want.contains(p)) {
                out.add(new Change(name, "release " + p, null, null, "not in the profiles"));
            }
        }
        for (Profile p : plan.ports()) {
            Optional<PortState> ps = s.ports().stream().filter(x -> x.name().equals(p.ifname())).findFirst();
            if (ps.isEmpty()) {
                out.add(new Change(name, "enslave " + p.ifname(), null, null, null));
            }
            for (Map.Entry<PortOption, Object> e : p.portOptions().entrySet()) {
                PortOption o = e.getKey();
                String have = ps.isEmpty() || portsChangeForOptions ? null
                        : ps.get().options().get(o) == null ? null : o.format(ps.get().options().get(o));
                if (!o.format(e.getValue()).equals(have)) {
                    out.add(new Change(p.ifname(), o.kernelName(), have, o.format(e.getValue()), null));
                }
            }
        }
        if (!s.link().isUp()) {
            out.add(new Change(name, "up", null, null, null));
        }
        diffIp(plan, s.link(), out);
    }

    private static String inKernelOrder(BondSettings s) {
        StringBuilder sb = new StringBuilder();
        for (BondOption o : s.inKernelOrder()) {
            sb.append(sb.length() == 0 ? "" : " ").append(o.kernelName()).append('=').append(o.format(s.get(o)));
        }
        return sb.toString();
    }

    private void diffIp(ProfileSet.BondPlan plan, Link link, List<Change> out) {
        Ipv4 ip = plan.profile().ipv4();
        String name = plan.name();
        if (!ip.managed()) {
            if (link == null) {
                notices.accept(plan.profile().file() + ": ipv4 method " + ip.method() + " is not applied by bondctl"
                        + " (no DHCP client): addresses of " + name + " are left alone");
            }
            return;
        }
        List<Address> have = link == null ? List.of() : ipv4Addresses(link);
        for (Address a : have) {
            if (!ip.addresses().contains(a)) {
                out.add(new Change(name, "delete address " + a, null, null, null));
            }
        }
        for (Address a : ip.addresses()) {
            if (!have.contains(a)) {
                out.add(new Change(name, "add address " + a, null, null, null));
            }
        }
        List<Route> routes = link == null ? List.of() : defaultRoutes(link);
        for (Route r : routes) {
            if (!r.gateway().equals(ip.gateway())) {
                out.add(new Change(name, "delete default route via " + r.gateway().getHostAddress(), null, null, null));
            }
        }
        if (ip.gateway() != null && routes.stream().noneMatch(r -> r.gateway().equals(ip.gateway()))) {
            out.add(new Change(name, "add default route via " + ip.gateway().getHostAddress(), null, null,
                    "metric " + BOND_ROUTE_METRIC));
        }
    }

    private void diffDns(ProfileSet set, List<Change> out) {
        Dns want = dns(set);
        if (want == null) {
            return;
        }
        ResolvConf.Config have = ResolvConf.read(resolvConf);
        if (!have.servers().equals(want.servers) || !have.search().equals(want.search) || !want.ifname.equals(have.ifname())) {
            out.add(new Change(resolvConf.toString(), "dns",
                    describe(have.servers(), have.search()), describe(want.servers, want.search), null));
        }
    }

    private static String describe(List<InetAddress> servers, List<String> search) {
        return "nameserver " + (servers.isEmpty() ? "none" : String.join(",", servers.stream().map(InetAddress::getHostAddress).toList()))
                + (search.isEmpty() ? "" : " search " + String.join(",", search));
    }

    private record Dns(List<InetAddress> servers, List<String> search, String ifname) {}

    /** The resolver configuration the profiles ask for: servers and domains of every bond, in order. */
    private Dns dns(ProfileSet set) {
        List<InetAddress> servers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        String ifname = null;
        for (ProfileSet.BondPlan p : set.bonds()) {
            Ipv4 ip = p.profile().ipv4();
            if (!ip.managed() || ip.dns().isEmpty()) {
                continue;
            }
            ifname = ifname == null ? p.name() : ifname;
            ip.dns().stream().filter(a -> !servers.contains(a)).forEach(servers::add);
            ip.search().stream().filter(d -> !search.contains(d)).forEach(search::add);
        }
        if (servers.isEmpty()) {
            return null;
        }
        if (servers.size() > ResolvConf.MAX_SERVERS) {
            notices.accept("the profiles name " + servers.size() + " DNS servers; the resolver reads the first "
                    + ResolvConf.MAX_SERVERS);
            servers.subList(ResolvConf.MAX_SERVERS, servers.size()).clear();
        }
        return new Dns(servers, search, ifname);
    }

    private List<Address> ipv4Addresses(Link link) {
        return rtnl.addresses(link.index()).stream().filter(a -> a.family() == Rtnl.AF_INET).toList();
    }

    private List<Route> defaultRoutes(Link link) {
        return rtnl.routes().stream().filter(r -> r.family() == Rtnl.AF_INET && r.isDefault() && r.gateway() != null
                && r.oif() == link.index()).toList();
    }

    // ------------------------------------------------------------------ apply

    /**
     * Applies the set. Returns the changes made (empty: nothing to do). On failure, the state
     * captured before is restored and the error names what failed.
     */
    public List<Change> apply(ProfileSet set) {
        List<Change> changes = diff(set);
        if (changes.isEmpty()) {
            return changes;
        }
        precheck(set);
        Snapshot snap = snapshot(set);
        try {
            reach(set);
        } catch (RuntimeException e) {
            notices.accept("apply failed: " + e.getMessage() + "; restoring the previous state");
            List<String> problems = restore(snap);
            throw new BondctlException(e instanceof BondctlException be ? be.kind() : BondctlException.Kind.INTERNAL,
                    "apply: " + e.getMessage() + (problems.isEmpty() ? "; the previous state was restored"
                            : "; restoring the previous state failed too: " + String.join("; ", problems)), e);
        }
        return changes;
    }

    /** Checks what the kernel will need that profiles cannot promise: the ports exist. */
    private void precheck(ProfileSet set) {
        List<Link> all = rtnl.links();
        for (ProfileSet.BondPlan plan : set.bonds()) {
            for (Profile p : plan.ports()) {
                Link l = all.stream().filter(x -> x.name().equals(p.ifname())).findFirst().orElseThrow(() ->
                        BondctlException.notFound(p.where("connection.interface-name") + ": port " + p.ifname()
                                + " of " + plan.name() + ": no such interface"));
                if (l.isBond()) {
                    throw BondctlException.invalid(p.where("connection.interface-name") + ": port " + p.ifname()
                            + " is a bond itself");
                }
                if (l.master() != 0 && !l.isBondPort()) {
                    throw BondctlException.conflict(p.where("connection.master") + ": " + p.ifname()
                            + " is enslaved to a " + (l.slaveKind() == null ? "non-bond" : l.slaveKind()) + " master; release it first");
                }
            }
        }
    }

    /** Captures what {@link #reach} may change. */
    public Snapshot snapshot(ProfileSet set) {
        Snapshot snap = new Snapshot();
        List<Link> all = rtnl.links();
        for (ProfileSet.BondPlan plan : set.bonds()) {
            Optional<BondState> cur = bonds.find(plan.name());
            if (cur.isEmpty()) {
                snap.created.add(plan.name());
            } else {
                captureBond(cur.get(), snap);
            }
            for (Profile p : plan.ports()) {
                all.stream().filter(l -> l.name().equals(p.ifname())).findFirst().ifPresent(l -> {
                    if (l.master() == 0) {
                        snap.freePorts.put(l.name(), l.isUp());
                    } else if (l.isBondPort()) {
                        // a port of another bond: that bond is affected too
                        String other = all.stream().filter(x -> x.index() == l.master()).map(Link::name).findFirst().orElse(null);
                        if (other != null && snap.profiles.stream().noneMatch(x -> x.ifname().equals(other))
                                && set.bonds().stream().noneMatch(b -> b.name().equals(other))) {
                            bonds.find(other).ifPresent(b -> captureBond(b, snap));
                        }
                    }
                });
            }
        }
        if (dns(set) != null) {
            snap.resolvConf = resolvConf;
            try {
                snap.resolvExisted = Files.exists(resolvConf);
                snap.resolvContent = snap.resolvExisted ? Files.readAllBytes(resolvConf) : new byte[0];
            } catch (IOException e) {
                throw new BondctlException(BondctlException.Kind.PERMISSION, "read " + resolvConf + ": " + e.getMessage());
            }
        }
        return snap;
    }

    private void captureBond(BondState s, Snapshot snap) {
        List<Address> addrs = ipv4Addresses(s.link());
        InetAddress gw = defaultRoutes(s.link()).stream().map(Route::gateway).findFirst().orElse(null);
        snap.profiles.add(Capture.bond(s, addrs, gw, List.of(), List.of(), true));
        for (PortState p : s.ports()) {
            snap.profiles.add(Capture.port(p, s.name(), s.mode(), true));
        }
        if (!s.link().isUp()) {
            snap.down.add(s.name());
        }
    }

    /** Changes the kernel until it matches the set (no snapshot, no rollback). */
    void reach(ProfileSet set) {
        for (ProfileSet.BondPlan plan : set.bonds()) {
            reachBond(plan);
        }
        Dns want = dns(set);
        if (want != null) {
            ResolvConf.Config have = ResolvConf.read(resolvConf);
            if (!have.servers().equals(want.servers) || !have.search().equals(want.search) || !want.ifname.equals(have.ifname())) {
                ResolvConf.write(resolvConf, want.servers, want.search, want.ifname);
            }
        }
    }

    private void reachBond(ProfileSet.BondPlan plan) {
        String name = plan.name();
        freePortsOfOtherBonds(plan);
        Optional<BondState> cur = bonds.find(name);
        if (cur.isEmpty()) {
            bonds.create(name, plan.settings());
            if (!plan.ports().isEmpty()) {
                bonds.enslave(name, plan.portNames());
            }
        } else {
            BondState s = cur.get();
            BondSettings diff = differing(plan.settings(), s);
            boolean noPorts = diff.options().stream().anyMatch(BondOption::needsNoSlaves);
            if (noPorts && !s.ports().isEmpty()) {
                bonds.setWithPortsReleased(name, diff, plan.portNames());
            } else {
                List<String> extra = s.portNames().stream().filter(p -> !plan.portNames().contains(p)).toList();
                if (!extra.isEmpty()) {
                    notices.accept(name + ": releasing " + String.join(", ", extra) + " (not in the profiles)");
                    bonds.release(name, extra);
                }
                List<String> missing = plan.portNames().stream().filter(p -> !s.portNames().contains(p)).toList();
                // a mode change needs the bond without ports: options first, then the ports
                if (noPorts && !diff.isEmpty()) {
                    bonds.set(name, diff);
                }
                if (!missing.isEmpty()) {
                    bonds.enslave(name, missing);
                }
                BondSettings rest = differing(plan.settings(), bonds.show(name));
                if (!rest.isEmpty()) {
                    bonds.set(name, rest);
                }
            }
        }
        BondState now = bonds.show(name);
        for (Profile p : plan.ports()) {
            PortState ps = now.ports().stream().filter(x -> x.name().equals(p.ifname())).findFirst().orElseThrow();
            for (Map.Entry<PortOption, Object> e : p.portOptions().entrySet()) {
                Object have = ps.options().get(e.getKey());
                if (have == null || !e.getKey().format(have).equals(e.getKey().format(e.getValue()))) {
                    bonds.setPort(p.ifname(), e.getKey(), e.getValue());
                }
            }
        }
        if (!now.link().isUp()) {
            rtnl.setUp(now.link(), true);
        }
        reachIp(plan, rtnl.require(name));
    }

    /** Ports a profile gives to this bond but that another bond holds: released from it (announced). */
    private void freePortsOfOtherBonds(ProfileSet.BondPlan plan) {
        List<Link> all = rtnl.links();
        for (Profile p : plan.ports()) {
            Link l = all.stream().filter(x -> x.name().equals(p.ifname())).findFirst().orElse(null);
            if (l == null || l.master() == 0) {
                continue;
            }
            String owner = all.stream().filter(x -> x.index() == l.master()).map(Link::name).findFirst().orElse("?");
            if (!owner.equals(plan.name())) {
                notices.accept(p.ifname() + " moves from " + owner + " to " + plan.name());
                bonds.release(owner, List.of(p.ifname()));
            }
        }
    }

    private static BondSettings differing(BondSettings want, BondState s) {
        BondSettings d = new BondSettings();
        for (BondOption o : want.inKernelOrder()) {
            String have = s.text(o);
            if (have == null && o == BondOption.PRIMARY) {
                have = "";
            }
            if (!o.format(want.get(o)).equals(have)) {
                d.put(o, want.get(o));
            }
        }
        return d;
    }

    private void reachIp(ProfileSet.BondPlan plan, Link link) {
        Ipv4 ip = plan.profile().ipv4();
        if (!ip.managed()) {
            return;
        }
        List<Address> have = ipv4Addresses(link);
        for (Address a : have) {
            if (!ip.addresses().contains(a)) {
                rtnl.deleteAddress(link, a);
            }
        }
        for (Address a : ip.addresses()) {
            if (!have.contains(a)) {
                rtnl.addAddress(link, a);
            }
        }
        List<Route> routes = defaultRoutes(link);
        for (Route r : routes) {
            if (!r.gateway().equals(ip.gateway())) {
                rtnl.deleteDefaultRoute(r.gateway(), link, r.metric());
            }
        }
        if (ip.gateway() != null && routes.stream().noneMatch(r -> r.gateway().equals(ip.gateway()))) {
            rtnl.addDefaultRoute(ip.gateway(), link, BOND_ROUTE_METRIC, false);
        }
    }

    // ------------------------------------------------------------------ restore

    /**
     * Puts a snapshot back: deletes the bonds apply created, applies the captured bonds
     * exactly, frees ports that were free, restores admin state and resolv.conf. Returns the
     * steps that failed (empty: all restored).
     */
    public List<String> restore(Snapshot snap) {
        List<String> problems = new ArrayList<>();
        for (String b : snap.created) {
            try {
                if (bonds.find(b).isPresent()) {
                    bonds.delete(b);
                }
            } catch (RuntimeException e) {
                problems.add("delete " + b + ": " + e.getMessage());
            }
        }
        if (!snap.profiles.isEmpty()) {
            try {
                reach(ProfileSet.of(snap.profiles));
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        for (Map.Entry<String, Boolean> e : snap.freePorts.entrySet()) {
            try {
                Optional<Link> l = rtnl.link(e.getKey());
                if (l.isEmpty()) {
                    continue;
                }
                if (l.get().master() != 0) {
                    rtnl.setMaster(l.get(), 0, "release " + e.getKey());
                    l = rtnl.link(e.getKey());
                }
                if (l.get().isUp() != e.getValue()) {
                    rtnl.setUp(l.get(), e.getValue());
                }
            } catch (RuntimeException x) {
                problems.add("restore " + e.getKey() + ": " + x.getMessage());
            }
        }
        for (String b : snap.down) {
            try {
                rtnl.link(b).filter(Link::isUp).ifPresent(l -> rtnl.setUp(l, false));
            } catch (RuntimeException x) {
                problems.add("bring " + b + " down: " + x.getMessage());
            }
        }
        if (snap.resolvContent != null) {
            try {
                if (snap.resolvExisted) {
                    ProfileStore.writeAtomically(snap.resolvConf, snap.resolvContent);
                    Files.setPosixFilePermissions(snap.resolvConf, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                } else {
                    Files.deleteIfExists(snap.resolvConf);
                }
            } catch (IOException | RuntimeException x) {
                problems.add("restore " + snap.resolvConf + ": " + x.getMessage());
            }
        }
        problems.forEach(p -> notices.accept("restore: " + p));
        return problems;
    }

    static boolean same(Object a, Object b) {
        return Objects.equals(a, b);
    }
}
