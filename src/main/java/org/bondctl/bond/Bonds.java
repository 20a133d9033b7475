package org.bondctl.bond;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.KernelSupport;
import org.bondctl.bond.options.PortOption;
import org.bondctl.error.BondctlException;
import org.bondctl.error.Errno;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.wire.NetlinkException;

/**
 * The bonding operations of bondctl's library API: create, change, enslave, release, delete
 * and inspect bonds. Every change is validated before anything is sent, and a change the
 * kernel refuses half-way is undone. Notices (what the user should know but that is not an
 * error) go to the consumer given to {@link #onNotice}.
 */
public final class Bonds implements AutoCloseable {
    /**
     * miimon of a bond created over netlink without miimon or arp_interval: 0 (no link
     * monitoring), except in 802.3ad, balance-tlb and balance-alb, where the kernel forces
     * BOND_DEFAULT_MIIMON (100) because those modes need link state (bond_option_mode_set).
     */
    static long defaultMiimon(BondMode mode) {
        return mode == BondMode.IEEE_802_3AD || mode == BondMode.BALANCE_TLB || mode == BondMode.BALANCE_ALB ? 100 : 0;
    }

    private final Rtnetlink rtnl;
    private Consumer<String> notices = n -> {};

    public Bonds(Rtnetlink rtnl) {
        this.rtnl = rtnl;
    }

    public static Bonds open(String netns) {
        return new Bonds(Rtnetlink.open(netns));
    }

    public Rtnetlink rtnetlink() {
        return rtnl;
    }

    public Bonds onNotice(Consumer<String> notices) {
        this.notices = notices;
        return this;
    }

    @Override
    public void close() {
        rtnl.close();
    }

    // ------------------------------------------------------------------ inspect

    /** Every bond in the namespace with its ports. Equivalent to: {@code cat /proc/net/bonding/*}. */
    public List<BondState> list() {
        List<Link> all = rtnl.links();
        LinkResolver r = new LinkResolver(null, all);
        List<BondState> out = new ArrayList<>();
        for (Link l : all) {
            if (l.isBond()) {
                out.add(BondState.of(l, all, r));
            }
        }
        return out;
    }

    /** One bond. Equivalent to: {@code cat /proc/net/bonding/NAME}. */
    public BondState show(String name) {
        return find(name).orElseThrow(() -> notABondOrMissing(name));
    }

    public Optional<BondState> find(String name) {
        return rtnl.link(name).filter(Link::isBond).map(l -> load(l, new LinkResolver(rtnl, List.of(l))));
    }

    /** A bond's state from its link and a dump of its ports only. */
    private BondState load(Link bond, LinkResolver r) {
        List<Link> links = new ArrayList<>(rtnl.ports(bond.index()));
        links.add(bond);
        links.forEach(r::remember);
        return BondState.of(bond, links, r);
    }

    /**
     * Reads the bond every 10 ms until {@code done} holds or {@code timeoutMs} has passed, and
     * returns the last state read: the caller tests {@code done} on it to tell which. For
     * waiting on what the MII monitor decides (failover, "going back", return to primary).
     */
    public BondState await(String name, long timeoutMs, java.util.function.Predicate<BondState> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        BondState s = show(name);
        while (!done.test(s) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            s = show(name);
        }
        return s;
    }

    private BondctlException notABondOrMissing(String name) {
        Optional<Link> l = rtnl.link(name);
        if (l.isPresent()) {
            return BondctlException.invalid(name + " is not a bond (kind " + (l.get().kind() == null ? "none" : l.get().kind()) + ")");
        }
        return BondctlException.notFound("bond " + name + ": no such interface"
                + (rtnl.socket().netns() == null ? "" : " in network namespace " + rtnl.socket().netns()));
    }

    // ------------------------------------------------------------------ create / delete

    /**
     * Creates a bond with the given options; fails if the name exists. Equivalent to:
     * {@code ip link add NAME type bond OPTIONS}.
     */
    public BondState create(String name, BondSettings settings) {
        Rtnetlink.checkName(name);
        LinkResolver r = new LinkResolver(rtnl, List.of());
        BondMode mode = settings.has(BondOption.MODE)
                ? BondMode.of(((Number) settings.get(BondOption.MODE)).intValue()) : BondMode.BALANCE_RR;
        long miimon = settings.has(BondOption.MIIMON) ? ((Number) settings.get(BondOption.MIIMON)).longValue()
                : settings.has(BondOption.ARP_INTERVAL) ? 0 : defaultMiimon(mode);
        settings.validate(mode, miimon, java.util.Set.of(), namedInterfaces(settings, r)).forEach(notices);
        KernelSupport.running().require("add " + name, settings.options(), null);
        try {
            rtnl.createLink(name, "bond", b -> settings.encode(b, r), "add " + name);
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EEXIST) { // NLM_F_EXCL: no look-up beforehand
                throw BondctlException.conflict("add " + name + ": an interface with that name already exists");
            }
            throw explainCreate(name, e);
        }
        Link link = rtnl.require(name);
        BondState created = BondState.of(link, List.of(link), r); // a new bond has no ports
        List<String> missing = unsupported(settings, created);
        if (!missing.isEmpty()) {
            rtnl.deleteLink(created.link());
            throw new BondctlException(BondctlException.Kind.UNAVAILABLE, "add " + name
                    + ": this kernel does not support option" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + "; nothing was created");
        }
        return created;
    }

    private static NetlinkException explainCreate(String name, NetlinkException e) {
        if (e.errno() == Errno.EOPNOTSUPP) {
            return new NetlinkException("add " + name + ": the bonding driver is not available (the kernel could not"
                    + " load module bonding: try 'modprobe bonding')", e);
        }
        return e;
    }

    /**
     * The interfaces the settings name (primary, active_slave) that exist: all that validation
     * needs to know of the namespace, without dumping every link.
     */
    private static java.util.Set<String> namedInterfaces(BondSettings settings, LinkResolver r) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (BondOption o : List.of(BondOption.PRIMARY, BondOption.ACTIVE_SLAVE)) {
            if (settings.get(o) instanceof String n && !n.isEmpty() && r.exists(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** Options that were sent but that the kernel did not report back: it ignored them. */
    private static List<String> unsupported(BondSettings settings, BondState state) {
        List<String> missing = new ArrayList<>();
        for (BondOption o : settings.options()) {
            // Some options are only dumped in some states (primary once it is a port, the
            // 802.3ad ones in 802.3ad mode): only the always-reported ones prove support.
            if (o.alwaysReported() && !state.options().containsKey(o)) {
                missing.add(o.kernelName() + " (Linux " + o.since() + "+)");
            }
        }
        return missing;
    }

    /** Deletes a bond; its ports are released by the kernel. Equivalent to: {@code ip link del NAME}. */
    public void delete(String name) {
        BondState b = show(name);
        rtnl.deleteLink(b.link());
    }

    // ------------------------------------------------------------------ change

    /**
     * Changes options of a live bond in place. Options the kernel only takes while the bond is
     * down are applied with the bond briefly down (announced); options that need a bond without
     * ports are refused while it has some. If the kernel refuses an option, those already
     * applied are put back. Equivalent to: {@code ip link set NAME type bond OPTIONS}.
     */
    public BondState set(String name, BondSettings settings) {
        if (settings.isEmpty()) {
            throw BondctlException.invalid("set " + name + ": no options given");
        }
        LinkResolver r = new LinkResolver(rtnl, List.of());
        BondState before = stateOf(name, r);
        BondMode mode = settings.has(BondOption.MODE)
                ? BondMode.of(((Number) settings.get(BondOption.MODE)).intValue()) : before.mode();
        long miimon = settings.has(BondOption.MIIMON) ? ((Number) settings.get(BondOption.MIIMON)).longValue()
                : before.number(BondOption.MIIMON);
        java.util.Set<String> ports = new java.util.LinkedHashSet<>(before.portNames());
        List<String> warnings = settings.validate(mode, miimon, ports, namedInterfaces(settings, r));
        KernelSupport.running().require("set " + name, settings.options(), before.options());

        boolean needsDown = false;
        for (BondOption o : settings.options()) {
            if (o.needsNoSlaves() && !ports.isEmpty() && !sameValue(o, settings.get(o), before)) {
                throw BondctlException.conflict("set " + name + ": option " + o.kernelName()
                        + " can only change while the bond has no ports (ports: " + String.join(", ", ports)
                        + "; release them first)");
            }
            needsDown |= o.needsDown() && !sameValue(o, settings.get(o), before);
        }
        warnings.forEach(notices);
        boolean wasUp = before.link().isUp();
        if (needsDown && wasUp) {
            notices.accept(name + " is brought down to change " + settings + " (carrier outage until it is up again)");
            rtnl.setUp(before.link(), false);
        }
        Map<BondOption, Object> applied = new LinkedHashMap<>();
        try {
            // One option per request, in IFLA_BOND_* order, which is the order bond_changelink()
            // applies them (miimon before updelay, which the kernel rounds to the current miimon).
            // The kernel keeps what it applied before a failure, so single steps can be undone.
            for (BondOption o : settings.inKernelOrder()) {
                Object v = settings.get(o);
                if (sameValue(o, v, before)) {
                    continue; // also spares the kernel's "bond has slaves" refusal of an unchanged mode
                }
                rtnl.changeLinkInfo(before.link().index(), "bond", b -> o.encode(b, v, r),
                        "set " + name + " " + o.kernelName() + "=" + o.format(v));
                applied.put(o, v);
            }
        } catch (RuntimeException e) {
            restore(before, applied, r);
            if (needsDown && wasUp) {
                rtnl.setUp(before.link(), true);
            }
            throw e;
        }
        if (needsDown && wasUp) {
            rtnl.setUp(before.link(), true);
        }
        BondState after = stateOf(name, r);
        List<String> missing = unsupported(settings, after);
        if (!missing.isEmpty()) {
            throw new BondctlException(BondctlException.Kind.UNAVAILABLE, "set " + name
                    + ": this kernel ignored option" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
        }
        return after;
    }

    private static boolean sameValue(BondOption o, Object wanted, BondState before) {
        Object cur = before.options().get(o);
        return cur != null && o.format(cur).equals(o.format(wanted));
    }

    private void restore(BondState before, Map<BondOption, Object> applied, LinkResolver r) {
        List<BondOption> order = new ArrayList<>(applied.keySet());
        java.util.Collections.reverse(order);
        for (BondOption o : order) {
            Object old = before.options().get(o);
            if (old == null) {
                continue;
            }
            try {
                rtnl.changeLinkInfo(before.link().index(), "bond", b -> o.encode(b, old, r),
                        "restore " + before.name() + " " + o.kernelName());
            } catch (RuntimeException again) {
                notices.accept("could not restore " + before.name() + " " + o.kernelName() + "=" + o.format(old)
                        + ": " + again.getMessage());
            }
        }
    }

    /**
     * Changes options the kernel takes only while the bond has no ports (mode, fail_over_mac):
     * every port is released, the options are changed (with the bond down when one needs it),
     * and {@code ports} are enslaved. The bond carries no traffic in between: the outage is
     * announced first. If the change fails, the old ports are enslaved again. Port options
     * (queue_id, prio) do not survive a release: the caller sets them again. Equivalent to:
     * {@code ip link set PORT nomaster ...; ip link set BOND type bond OPTIONS; ip link set PORT
     * master BOND ...}.
     */
    public BondState setWithPortsReleased(String name, BondSettings settings, List<String> ports) {
        BondState before = show(name);
        List<String> had = before.portNames();
        List<String> changed = new ArrayList<>();
        for (BondOption o : settings.inKernelOrder()) {
            if (!sameValue(o, settings.get(o), before)) {
                changed.add(o.kernelName() + "=" + o.format(settings.get(o)));
            }
        }
        if (changed.isEmpty()) {
            return before;
        }
        if (!had.isEmpty()) {
            notices.accept(name + ": releasing ports " + String.join(", ", had) + " to change " + String.join(" ", changed)
                    + " (the kernel takes it only from a bond without ports): no traffic until they are enslaved again");
            release(name, had);
        }
        try {
            set(name, settings);
        } catch (RuntimeException e) {
            try {
                enslave(name, had);
            } catch (RuntimeException again) {
                notices.accept("could not enslave " + String.join(", ", had) + " to " + name + " again: " + again.getMessage());
            }
            throw e;
        }
        if (!ports.isEmpty()) {
            enslave(name, ports);
        }
        return show(name);
    }

    /**
     * Changes a port option (queue_id, prio, actor_port_prio), checked against the bond's mode
     * first. Equivalent to: {@code ip link set PORT type bond_slave OPTION VALUE}.
     */
    public void setPort(String port, PortOption option, Object value) {
        String op = "set " + port + " " + option.kernelName() + "=" + option.format(value);
        Link l = rtnl.link(port).orElseThrow(() -> BondctlException.notFound(op + ": no such interface"));
        if (!l.isBondPort()) {
            throw BondctlException.invalid(op + ": " + port + " is not a bond port");
        }
        LinkResolver r = new LinkResolver(rtnl, List.of(l));
        Link master = rtnl.link(l.master()).orElseThrow(() -> BondctlException.notFound(op + ": its bond is gone"));
        BondState bond = load(master, r);
        if (!option.inMode(bond.mode())) {
            throw BondctlException.invalid(op + ": option " + option.kernelName() + " is not valid in mode "
                    + bond.mode().kernelName() + " (kernel accepts it in "
                    + String.join(", ", option.modes().stream().map(BondMode::kernelName).toList()) + ")");
        }
        KernelSupport.running().requirePort(op, option, bond.port(port).map(PortState::options).orElse(Map.of()));
        rtnl.changeSlaveInfo(l.index(), "bond", b -> option.encode(b, value), op);
    }

    private BondState stateOf(String name, LinkResolver r) {
        return load(bondLink(name, r), r);
    }

    private Link bondLink(String name, LinkResolver r) {
        Link l = r.lookup(name).orElseThrow(() -> notABondOrMissing(name));
        if (!l.isBond()) {
            throw BondctlException.invalid(name + " is not a bond (kind " + (l.kind() == null ? "none" : l.kind()) + ")");
        }
        return l;
    }

    // ------------------------------------------------------------------ ports

    /**
     * Enslaves ports: each is brought down (the kernel refuses a port that is up), given the
     * bond as master, and brought up. If one fails, the ports enslaved by this call are
     * released and restored. Equivalent to: {@code ip link set PORT down; ip link set PORT
     * master BOND; ip link set PORT up}.
     */
    public List<String> enslave(String bond, List<String> portNames) {
        LinkResolver r = new LinkResolver(rtnl, List.of());
        Link b = bondLink(bond, r); // its ports are not needed: each candidate says who its master is
        List<Link> todo = new ArrayList<>();
        for (String p : portNames) {
            Link l = r.lookup(p)
                    .orElseThrow(() -> BondctlException.notFound("enslave " + p + " to " + bond + ": no such interface"));
            if (l.index() == b.index()) {
                throw BondctlException.invalid("enslave " + p + " to " + bond + ": a bond cannot be its own port");
            }
            if (l.master() == b.index()) {
                notices.accept(p + " is already a port of " + bond);
                continue;
            }
            if (l.master() != 0) {
                throw BondctlException.conflict("enslave " + p + " to " + bond + ": it already has a master ("
                        + r.ifname(l.master()) + "); release it first");
            }
            if (todo.stream().anyMatch(x -> x.index() == l.index())) {
                throw BondctlException.invalid("enslave " + bond + ": " + p + " is named twice");
            }
            todo.add(l);
        }
        List<Link> done = new ArrayList<>();
        for (Link port : todo) {
            try {
                if (port.isUp()) {
                    rtnl.setUp(port, false);
                }
                rtnl.setMaster(port, b.index(), "enslave " + port.name() + " to " + bond);
                done.add(port);
                rtnl.setUp(port, true);
            } catch (RuntimeException e) {
                if (!done.contains(port)) {
                    restoreUp(port);
                }
                for (int i = done.size() - 1; i >= 0; i--) {
                    Link d = done.get(i);
                    try {
                        rtnl.setMaster(d, 0, "release " + d.name() + " from " + bond);
                    } catch (RuntimeException ignored) {
                        notices.accept("could not release " + d.name() + " again: " + ignored.getMessage());
                    }
                    restoreUp(d);
                }
                throw e;
            }
        }
        return todo.stream().map(Link::name).toList();
    }

    private void restoreUp(Link original) {
        try {
            rtnl.link(original.index()).ifPresent(now -> {
                if (now.isUp() != original.isUp()) {
                    rtnl.setUp(now, original.isUp());
                }
            });
        } catch (RuntimeException e) {
            notices.accept("could not restore " + original.name() + " " + (original.isUp() ? "up" : "down") + ": " + e.getMessage());
        }
    }

    /** Releases ports from the bond. Equivalent to: {@code ip link set PORT nomaster}. */
    public void release(String bond, List<String> portNames) {
        LinkResolver r = new LinkResolver(rtnl, List.of());
        BondState b = stateOf(bond, r);
        List<Link> todo = new ArrayList<>();
        for (String p : portNames) {
            PortState ps = b.ports().stream().filter(x -> x.name().equals(p)).findFirst().orElseThrow(() ->
                    r.exists(p)
                            ? BondctlException.invalid("release " + p + " from " + bond + ": not a port of " + bond
                                    + " (ports: " + (b.ports().isEmpty() ? "none" : String.join(", ", b.portNames())) + ")")
                            : BondctlException.notFound("release " + p + " from " + bond + ": no such interface"));
            todo.add(ps.link());
        }
        for (Link port : todo) {
            rtnl.setMaster(port, 0, "release " + port.name() + " from " + bond);
        }
    }
}
