package org.bondctl.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.bondctl.bond.BondState;
import org.bondctl.bond.LinkResolver;
import org.bondctl.bond.PortState;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.KernelSupport;
import org.bondctl.bond.options.PortOption;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Rtnetlink;

/**
 * The bonding operations of bondctl's library API: create, change, enslave, release, delete
 * and inspect bonds. Every change is validated before anything is sent and runs as a
 * {@link Plan} through the {@link Executor}: a change the kernel refuses half-way is undone
 * from the one undo log. Notices (what the user should know but that is not an error) go to
 * the consumer given to {@link #onNotice}. Not thread-safe.
 */
public final class Bonds implements AutoCloseable {
    private final Rtnetlink rtnl;
    private Consumer<String> notices = n -> {};

    /** Bonds over {@code rtnl}'s namespace; closing this closes it. */
    public Bonds(Rtnetlink rtnl) {
        this.rtnl = rtnl;
    }

    /** Bonds of the named network namespace (null: this process's). */
    public static Bonds open(String netns) {
        return new Bonds(Rtnetlink.open(netns));
    }

    /** The rtnetlink socket underneath, for reads the typed API lacks. */
    public Rtnetlink rtnetlink() {
        return rtnl;
    }

    /** Where notices go (an outage a change causes, a value the kernel rounds); nowhere by default. */
    public Bonds onNotice(Consumer<String> notices) {
        this.notices = notices;
        return this;
    }

    /**
     * The interfaces of this namespace (MTU, VLANs, addresses, routes, up/down), on the same
     * socket, reporting to this object's notices: the typed facade next to the bond operations.
     */
    public Interfaces interfaces() {
        return new Interfaces(rtnl, notices);
    }

    /** An executor on this namespace that reports to this object's notices. */
    public Executor executor() {
        return new Executor(rtnl, notices).journaled(Journal.dir());
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

    /** The bond named {@code name}, if there is one (empty also for an interface that is not a bond). */
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
    public BondState await(String name, long timeoutMs, Predicate<BondState> done) throws InterruptedException {
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
        return create(name, settings, 0);
    }

    /** {@link #create(String, BondSettings)} with an MTU (0: the kernel's 1500), in one plan. */
    public BondState create(String name, BondSettings settings, int mtu) {
        Rtnetlink.checkName(name);
        LinkResolver r = new LinkResolver(rtnl, List.of());
        BondMode mode = settings.mode(BondMode.BALANCE_RR);
        long miimon = settings.number(BondOption.MIIMON, settings.has(BondOption.ARP_INTERVAL) ? 0 : BondChecks.defaultMiimon(mode));
        settings.validate(mode, miimon, Set.of(), BondChecks.namedInterfaces(settings, r)).forEach(notices);
        KernelSupport.running().require("add " + name, settings.options(), null);
        if (mtu != 0 && (mtu < org.bondctl.rtnl.Rtnl.ETH_MIN_MTU || mtu > 65535)) {
            throw BondctlException.invalid("add " + name + ": mtu " + mtu + " is out of range " + org.bondctl.rtnl.Rtnl.ETH_MIN_MTU
                    + "-65535");
        }
        if (rtnl.link(name).isPresent()) { // the journal's inverse of a create deletes: only what this created
            throw BondctlException.conflict("add " + name + ": an interface with that name already exists");
        }
        Executor x = executor();
        List<Step> steps = new ArrayList<>(List.of(new Step.CreateBond(name, settings)));
        if (mtu != 0 && mtu != 1500) {
            steps.add(new Step.SetMtu(name, mtu, 0));
        }
        UndoLog log = x.execute(new Plan(steps, List.of()));
        Link link = rtnl.require(name);
        BondState created = BondState.of(link, List.of(link), r); // a new bond has no ports
        List<String> missing = BondChecks.unsupported(settings, created);
        if (!missing.isEmpty()) {
            log.undo(x, notices);
            throw new BondctlException(BondctlException.Kind.UNAVAILABLE, "add " + name
                    + ": this kernel does not support option" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + "; nothing was created");
        }
        return created;
    }

    /**
     * Deletes a bond; its ports are released by the kernel. A bond that carries VLANs is
     * refused unless {@code withVlans}, which deletes them first. Equivalent to:
     * {@code ip link del NAME}.
     */
    public void delete(String name, boolean withVlans) {
        BondState b = show(name);
        List<Link> vlans = rtnl.links().stream().filter(l -> l.isVlan() && l.parent() == b.link().index()).toList();
        if (!vlans.isEmpty() && !withVlans) {
            throw BondctlException.conflict("del " + name + ": VLANs " + String.join(", ", vlans.stream().map(Link::name).toList())
                    + " are on it; delete them first, or pass --force to delete them with it");
        }
        List<Step> steps = new ArrayList<>();
        vlans.forEach(v -> steps.add(new Step.DeleteLink(v.name())));
        steps.add(new Step.DeleteLink(name));
        executor().execute(new Plan(steps, List.of()));
    }

    /** Deletes a bond that carries no VLAN. */
    public void delete(String name) {
        delete(name, false);
    }

    // ------------------------------------------------------------------ change

    /**
     * Changes options of a live bond in place. Options the kernel only takes while the bond is
     * down are applied with the bond briefly down (announced); options that need a bond without
     * ports are refused while it has some. If the kernel refuses an option, those already
     * applied are put back. Equivalent to: {@code ip link set NAME type bond OPTIONS}.
     */
    public BondState set(String name, BondSettings settings) {
        return set(name, settings, 0);
    }

    /** {@link #set(String, BondSettings)} and, in the same plan, the MTU ({@code mtu} 0: leave it). */
    public BondState set(String name, BondSettings settings, int mtu) {
        if (settings.isEmpty() && mtu == 0) {
            throw BondctlException.invalid("set " + name + ": no options given");
        }
        LinkResolver r = new LinkResolver(rtnl, List.of());
        BondState before = stateOf(name, r);
        BondMode mode = settings.mode(before.mode());
        long miimon = settings.number(BondOption.MIIMON, before.number(BondOption.MIIMON));
        Set<String> ports = new LinkedHashSet<>(before.portNames());
        List<String> warnings = settings.validate(mode, miimon, ports, BondChecks.namedInterfaces(settings, r));
        KernelSupport.running().require("set " + name, settings.options(), before.options());
        BondSettings have = new BondSettings();
        boolean needsDown = false;
        for (BondOption o : settings.options()) {
            boolean same = settings.sameValue(o, before.options());
            if (o.needsNoSlaves() && !ports.isEmpty() && !same) {
                throw BondctlException.conflict("set " + name + ": option " + o.kernelName()
                        + " can only change while the bond has no ports (ports: " + String.join(", ", ports)
                        + "; release them first)");
            }
            needsDown |= o.needsDown() && !same;
            if (before.options().has(o)) {
                have.copy(o, before.options());
            }
        }
        warnings.forEach(notices);
        List<Step> steps = new ArrayList<>();
        boolean bounce = needsDown && before.link().isUp();
        if (bounce) {
            steps.add(new Step.SetLinkUp(name, false, name + " is brought down to change " + settings
                    + " (carrier outage until it is up again)"));
        }
        if (!settings.isEmpty()) {
            steps.add(new Step.SetBondOptions(name, settings, have, null));
        }
        if (mtu > 0 && mtu != before.link().mtu()) {
            steps.add(Interfaces.checkedMtu(rtnl, "set " + name + " mtu=" + mtu, before.link(), mtu));
        }
        if (bounce) {
            steps.add(new Step.SetLinkUp(name, true, null));
        }
        executor().execute(new Plan(steps, List.of()));
        BondState after = stateOf(name, r);
        List<String> missing = BondChecks.unsupported(settings, after);
        if (!missing.isEmpty()) {
            throw new BondctlException(BondctlException.Kind.UNAVAILABLE, "set " + name
                    + ": this kernel ignored option" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
        }
        return after;
    }

    /**
     * Changes port options (queue_id, prio, actor_port_prio), checked against the bond's mode
     * first. Equivalent to: {@code ip link set PORT type bond_slave OPTION VALUE ...}.
     */
    public void setPort(String port, Map<PortOption, Long> values) {
        String op = "set " + port + " " + String.join(" ", values.entrySet().stream()
                .map(e -> e.getKey().kernelName() + "=" + e.getKey().format(e.getValue())).toList());
        Link l = rtnl.link(port).orElseThrow(() -> BondctlException.notFound(op + ": no such interface"));
        if (!l.isBondPort()) {
            throw BondctlException.invalid(op + ": " + port + " is not a bond port");
        }
        LinkResolver r = new LinkResolver(rtnl, List.of(l));
        Link master = rtnl.link(l.master()).orElseThrow(() -> BondctlException.notFound(op + ": its bond is gone"));
        BondState bond = load(master, r);
        try {
            values.keySet().forEach(option -> option.requireMode(bond.mode()));
        } catch (BondctlException e) {
            throw e.in(op);
        }
        PortState ps = bond.port(port).orElseThrow();
        for (PortOption option : values.keySet()) {
            KernelSupport.running().requirePort(op, option, ps.options());
        }
        BondChecks.queueIdFree(op, bond, port, values.get(PortOption.QUEUE_ID));
        executor().execute(Plan.of(new Step.SetPortOptions(port, values, ps.options())));
    }

    /** One port option. */
    public void setPort(String port, PortOption option, long value) {
        Map<PortOption, Long> m = new LinkedHashMap<>();
        m.put(option, value);
        setPort(port, m);
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
     * released and restored. Returns the ports enslaved (those already ports are skipped).
     * Equivalent to: {@code ip link set PORT down; ip link set PORT master BOND; ip link set PORT up}.
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
            if (l.isBond()) {
                throw BondctlException.invalid("enslave " + p + " to " + bond + ": " + p + " is a bond; bonds do not nest");
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
        List<Step> steps = new ArrayList<>();
        todo.forEach(l -> steps.add(new Step.Enslave(bond, l.name(), l.isUp())));
        List<Link> read = new ArrayList<>(todo);
        read.add(b);
        executor().knowing(read).execute(new Plan(steps, List.of()));
        return todo.stream().map(Link::name).toList();
    }

    /** Releases ports from the bond. Equivalent to: {@code ip link set PORT nomaster}. */
    public void release(String bond, List<String> portNames) {
        LinkResolver r = new LinkResolver(rtnl, List.of());
        BondState b = stateOf(bond, r);
        List<Step> steps = new ArrayList<>();
        for (String p : portNames) {
            PortState ps = b.port(p).orElseThrow(() ->
                    r.exists(p)
                            ? BondctlException.invalid("release " + p + " from " + bond + ": not a port of " + bond
                                    + " (ports: " + (b.ports().isEmpty() ? "none" : String.join(", ", b.portNames())) + ")")
                            : BondctlException.notFound("release " + p + " from " + bond + ": no such interface"));
            steps.add(new Step.Release(bond, ps.name(), ps.options(), null));
        }
        executor().execute(new Plan(steps, List.of()));
    }
}
