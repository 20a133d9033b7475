package org.bondctl.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.bondctl.bond.BondState;
import org.bondctl.bond.LinkResolver;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.bridge.BridgeOption;
import org.bondctl.bridge.BridgePortOption;
import org.bondctl.bridge.BridgeVlan;
import org.bondctl.bridge.Bridges;
import org.bondctl.bridge.VlanTable;
import org.bondctl.dns.ResolvConf;
import org.bondctl.error.BondctlException;
import org.bondctl.error.Faults;
import org.bondctl.error.Errno;
import org.bondctl.fs.PrivateFile;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.VlanQos;
import org.bondctl.rtnl.NetnsFile;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.wire.NetlinkException;

/**
 * Runs plans. Every step's inverse goes into one {@link UndoLog}; when a step fails, the log is
 * undone (newest first) and the step's error is thrown, with what could not be restored as
 * suppressed exceptions and notices. Steps whose inverse is safe whether or not they ran
 * (several requests: options one by one, an enslave's down/master/up) log it before they run;
 * single-request steps after they succeed, so a refused "add" never deletes what was there.
 * Not thread-safe: one plan at a time.
 */
public final class Executor implements StepRunner {
    private final Rtnetlink rtnl;
    private final Consumer<String> notices;
    /** Where the write-ahead journal goes (null: none, for undo-only executors such as recovery). */
    private Path journalDir;
    /** Undoing: a state already as wanted (an address already gone) is not an error. */
    private boolean undoing;
    /** The steps on addresses, routes and files. */
    private final AddressSteps addressesAndFiles = new AddressSteps(this);
    /**
     * Links the caller read just before the plan, by name: a step uses one instead of looking it
     * up again, until a request of this executor changes that link. Never used while undoing.
     */
    private final Map<String, Link> known = new HashMap<>();

    public Executor(Rtnetlink rtnl, Consumer<String> notices) {
        this.rtnl = rtnl;
        this.notices = notices;
    }

    /**
     * Links the caller has just read (under the change lock, in the same command): the plan's
     * steps use them instead of asking the kernel again, each once. Only for plans none of whose
     * steps changes a known link as a side effect of changing another (a deleted bond releases
     * its ports): Bonds.enslave, Interfaces.setUp.
     */
    public Executor knowing(Collection<Link> links) {
        links.forEach(l -> known.put(l.name(), l));
        return this;
    }

    /**
     * Records every plan in a write-ahead {@link Journal} in {@code dir} before its first step,
     * so that a crash part-way is rolled back by the next bondctl run.
     */
    public Executor journaled(Path dir) {
        this.journalDir = dir;
        return this;
    }

    /**
     * Runs the plan. On success returns its undo log (a caller may still undo: a check after
     * the change, a rollback timer); on failure undoes what ran and throws the failure. Inside
     * a {@link Transaction} the plan is one part of it: the log returned is the transaction's,
     * and a failure undoes every part.
     */
    public UndoLog execute(Plan plan) {
        Transaction t = journalDir == null ? null : Transaction.current();
        if (t != null) {
            return run(plan, t.join(rtnl), false);
        }
        Scope scope = scopeFor(plan);
        UndoLog log = run(plan, scope, true);
        scope.finish();
        return log;
    }

    /**
     * Runs the plan and keeps its journal as a pending change until {@code deadlineMillis}
     * (epoch): {@code bondctl confirm} keeps it, the deadline rolls it back. Returns the
     * pending change's id (null: the plan was empty, nothing waits).
     */
    public String executePending(Plan plan, long deadlineMillis) {
        if (journalDir == null || Transaction.current() != null) {
            throw new IllegalStateException("a pending change needs a journal of its own");
        }
        Scope scope = scopeFor(plan);
        run(plan, scope, false);
        return scope.keepPending(deadlineMillis);
    }

    private Scope scopeFor(Plan plan) {
        if (journalDir == null) {
            return new Scope(null);
        }
        String what = plan.isEmpty() ? "" : plan.changes().get(0) + (plan.steps().size() > 1
                ? " and " + (plan.steps().size() - 1) + " more step" + (plan.steps().size() > 2 ? "s" : "") : "");
        return new Scope(() -> Journal.start(journalDir, rtnl.socket().netns(), what));
    }

    /**
     * {@code forward}: a plan whose journal is its own and that no confirmation waits for: at its
     * first link deletion it passes its point of no return ({@link Scope#pointOfNoReturn}); a
     * failure from there on is left for the next run to finish, not undone.
     */
    private UndoLog run(Plan plan, Scope scope, boolean forward) {
        Faults faults = new Faults();
        List<Step> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (forward && s instanceof Step.DeleteLink) {
                scope.pointOfNoReturn(steps.subList(i, steps.size()));
            }
            boolean before = logsBeforeRun(s);
            if (before) {
                scope.log.record(s.inverse());
            }
            try {
                faults.beforeStep(scope.begin(s.inverse()));
                if (s.announce() != null) {
                    notices.accept(s.announce());
                }
                s.run(this);
            } catch (RuntimeException e) {
                if (scope.forwarded()) {
                    scope.leaveForNextRun();
                } else {
                    scope.rollBack(this, e);
                }
                throw e;
            }
            if (!before) {
                scope.log.record(s.inverse());
            }
        }
        return scope.log;
    }

    Consumer<String> notices() {
        return notices;
    }

    Rtnetlink rtnetlink() {
        return rtnl;
    }

    /** Whether an inverse is running (a state already as wanted is then no error). */
    boolean undoing() {
        return undoing;
    }

    private static boolean logsBeforeRun(Step s) {
        return s instanceof Step.SetBondOptions || s instanceof Step.Enslave || s instanceof Step.SetPortOptions
                || s instanceof Step.SetBridgeOptions || s instanceof Step.SetBridgePortOptions
                || s instanceof Step.SetBridgeVlans;
    }

    /** Runs one inverse, forgiving a state that is already the old one. */
    void undoStep(Step s) {
        undoing = true;
        try {
            s.run(this);
        } finally {
            undoing = false;
        }
    }

    // ------------------------------------------------------------------ links

    Optional<Link> link(String name) {
        Link k = undoing ? null : known.remove(name); // used once: the step may change it
        return k != null ? Optional.of(k) : rtnl.link(name);
    }

    private Link require(String name, String op) {
        return link(name).orElseThrow(() -> BondctlException.notFound(op + ": no such interface"
                + (rtnl.socket().netns() == null ? "" : " in network namespace " + rtnl.socket().netns())));
    }

    boolean tolerated(NetlinkException e, int... already) {
        if (!undoing) {
            return false;
        }
        for (int errno : already) {
            if (e.errno() == errno) {
                return true;
            }
        }
        return false;
    }

    /**
     * A resolver that already knows the interfaces the settings name (primary, active_slave):
     * encoding must not look one up while the request is being built in the shared buffer.
     */
    private LinkResolver resolverFor(BondSettings settings, List<Link> known) {
        LinkResolver r = new LinkResolver(rtnl, known);
        for (BondOption o : List.of(BondOption.PRIMARY, BondOption.ACTIVE_SLAVE)) {
            String n = settings.has(o) ? settings.ifname(o) : "";
            if (!n.isEmpty()) {
                r.exists(n);
            }
        }
        return r;
    }

    @Override
    public void createBond(Step.CreateBond s) {
        Rtnetlink.checkName(s.name());
        LinkResolver r = resolverFor(s.settings(), List.of());
        try {
            rtnl.createLink(s.name(), "bond", b -> s.settings().encode(b, r), "add " + s.name());
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EEXIST) { // NLM_F_EXCL: no look-up beforehand
                throw BondctlException.conflict("add " + s.name() + ": an interface with that name already exists");
            }
            if (e.errno() == Errno.EOPNOTSUPP) {
                throw new NetlinkException("add " + s.name() + ": the bonding driver is not available (the kernel could"
                        + " not load module bonding: try 'modprobe bonding')", e);
            }
            throw e;
        }
    }

    @Override
    public void deleteLink(Step.DeleteLink s) {
        Optional<Link> l = link(s.name());
        if (l.isEmpty()) {
            if (undoing) {
                return;
            }
            throw BondctlException.notFound("delete " + s.name() + ": no such interface");
        }
        try {
            rtnl.deleteLink(l.get());
        } catch (NetlinkException e) {
            if (!tolerated(e, Errno.ENODEV)) {
                throw e;
            }
        }
    }

    @Override
    public void setBondOptions(Step.SetBondOptions s) {
        Optional<Link> l = changed(s.bond(), "set " + s.bond());
        if (l.isEmpty()) {
            return;
        }
        Link bond = l.get();
        LinkResolver r = resolverFor(s.want(), List.of(bond));
        BondState now = BondState.of(bond, List.of(bond), r);
        // One option per request, in IFLA_BOND_* order, the order bond_changelink() applies them
        // (miimon before updelay, which the kernel rounds to the current miimon). The kernel
        // keeps what it applied before a failure; the undo log puts those back.
        for (BondOption o : s.want().inKernelOrder()) {
            if (s.want().sameValue(o, now.options())) {
                continue; // also spares the kernel's "bond has slaves" refusal of an unchanged mode
            }
            rtnl.changeLinkInfo(bond.index(), "bond", b -> s.want().encode(b, o, r),
                    (undoing ? "restore " : "set ") + s.bond() + " " + o.kernelName() + "=" + s.want().text(o));
        }
    }

    @Override
    public void setLinkUp(Step.SetLinkUp s) {
        Optional<Link> l = changed(s.name(), (s.up() ? "up " : "down ") + s.name());
        if (l.isEmpty()) {
            return;
        }
        Link link = l.get();
        if (link.isUp() != s.up()) {
            rtnl.setUp(link, s.up());
        }
        known.remove(s.name());
    }

    @Override
    public void enslave(Step.Enslave s) {
        String op = "enslave " + s.port() + " to " + s.bond();
        Link bond = require(s.bond(), op);
        known.put(bond.name(), bond); // its index serves the bond's next port too: enslaving does not change it
        Link port = require(s.port(), op);
        if (port.master() == bond.index()) {
            return; // already (an undo after a release that did not happen)
        }
        if (port.master() != 0) {
            throw BondctlException.conflict(op + ": it already has a master (" + rtnl.link(port.master())
                    .map(Link::name).orElse("#" + port.master()) + "); release it first");
        }
        // Down (the kernel refuses a port that is up, bond_enslave(): "Device can not be enslaved
        // while up"), master, up: one datagram. The kernel runs all three even when it refuses
        // the master: the port is then up, which the step's inverse (logged before) undoes, as
        // it sets the port's admin state back whatever happened.
        NetlinkException failed = Rtnetlink.firstFailure(rtnl.together(() -> {
            if (port.isUp()) {
                rtnl.setUp(port, false);
            }
            rtnl.setMaster(port, bond.index(), op);
            rtnl.setUp(port, true);
        }));
        if (failed != null) {
            throw failed;
        }
    }

    @Override
    public void release(Step.Release s) {
        String op = "release " + s.port() + " from " + s.bond();
        Optional<Link> port = link(s.port());
        Optional<Link> bond = link(s.bond());
        if (undoing && (port.isEmpty() || bond.isEmpty() || port.get().master() != bond.get().index())) {
            return;
        }
        Link p = port.orElseThrow(() -> BondctlException.notFound(op + ": no such interface"));
        rtnl.setMaster(p, 0, op);
    }

    @Override
    public void setPortOptions(Step.SetPortOptions s) {
        Optional<Link> l = changed(s.port(), "set " + s.port());
        if (l.isEmpty()) {
            return;
        }
        Link port = l.get();
        if (!port.isBondPort()) {
            if (undoing) {
                return;
            }
            throw BondctlException.invalid("set " + s.port() + ": " + s.port() + " is not a bond port");
        }
        Map<PortOption, Long> now = BondState.port(port).options();
        for (Map.Entry<PortOption, Long> e : s.want().entrySet()) {
            PortOption o = e.getKey();
            Long cur = now.get(o);
            if (e.getValue().equals(cur)) {
                continue;
            }
            rtnl.changeSlaveInfo(port.index(), "bond", b -> o.encode(b, e.getValue()),
                    (undoing ? "restore " : "set ") + s.port() + " " + o.kernelName() + "=" + o.format(e.getValue()));
        }
    }

    // ------------------------------------------------------------------ bridges

    @Override
    public void createBridge(Step.CreateBridge s) {
        Rtnetlink.checkName(s.name());
        try {
            // forward_delay and the other times are checked against STP's ranges only while STP is
            // on (br_set_forward_delay()): br_changelink() sets the times before stp_state
            // VLAN filtering off and default PVID 1 are a new bridge's own: left out, as a kernel
            // without bridge VLANs (CONFIG_BRIDGE_VLAN_FILTERING) refuses the filtering attribute
            Map<BridgeOption, Long> options = new java.util.LinkedHashMap<>(s.options());
            options.remove(BridgeOption.VLAN_FILTERING, 0L);
            options.remove(BridgeOption.VLAN_DEFAULT_PVID, 1L);
            rtnl.createLink(s.name(), "bridge", b -> Bridges.encode(b, options), "add bridge " + s.name());
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EEXIST) {
                throw BondctlException.conflict("add bridge " + s.name() + ": an interface with that name already exists");
            }
            if (e.errno() == Errno.EOPNOTSUPP && Bridges.filtersVlans(s.options())) {
                throw new NetlinkException("add bridge " + s.name() + ": this kernel's bridge has no VLAN filtering (built"
                        + " without CONFIG_BRIDGE_VLAN_FILTERING), or the bridge driver is not available", e);
            }
            if (e.errno() == Errno.EOPNOTSUPP) {
                throw new NetlinkException("add bridge " + s.name() + ": the bridge driver is not available (the kernel"
                        + " could not load module bridge: try 'modprobe bridge')", e);
            }
            throw e;
        }
    }

    @Override
    public void setBridgeOptions(Step.SetBridgeOptions s) {
        Optional<Link> l = changed(s.name(), "set " + s.name());
        if (l.isEmpty()) {
            return;
        }
        Link br = l.get();
        if (!br.isBridge()) {
            if (undoing) {
                return;
            }
            throw BondctlException.invalid("set " + s.name() + ": " + s.name() + " is not a bridge");
        }
        Map<BridgeOption, Long> change = Bridges.differing(s.want(), Bridges.options(br));
        if (!change.isEmpty()) {
            // one request: br_changelink() applies the attributes in its own order and keeps what
            // it applied before a refusal; the inverse, logged before, puts the old values back
            rtnl.changeLinkInfo(br.index(), "bridge", b -> Bridges.encode(b, change),
                    (undoing ? "restore " : "set ") + s.name() + " " + Bridges.text(change));
        }
    }

    @Override
    public void joinBridge(Step.JoinBridge s) {
        String op = "add " + s.port() + " to bridge " + s.bridge();
        Link br = require(s.bridge(), op);
        Link port = require(s.port(), op);
        if (port.master() == br.index()) {
            return; // already (an undo after a removal that did not happen)
        }
        if (port.master() != 0) {
            throw BondctlException.conflict(op + ": it already has a master (" + rtnl.link(port.master())
                    .map(Link::name).orElse("#" + port.master()) + "); remove it first");
        }
        rtnl.setMaster(port, br.index(), op);
    }

    @Override
    public void leaveBridge(Step.LeaveBridge s) {
        String op = "remove " + s.port() + " from bridge " + s.bridge();
        Optional<Link> port = link(s.port());
        Optional<Link> br = link(s.bridge());
        if (undoing && (port.isEmpty() || br.isEmpty() || port.get().master() != br.get().index())) {
            return;
        }
        Link p = port.orElseThrow(() -> BondctlException.notFound(op + ": no such interface"));
        rtnl.setMaster(p, 0, op);
    }

    @Override
    public void setBridgePortOptions(Step.SetBridgePortOptions s) {
        Optional<Link> l = changed(s.port(), "set " + s.port());
        if (l.isEmpty()) {
            return;
        }
        Link port = l.get();
        if (!port.isBridgePort()) {
            if (undoing) {
                return;
            }
            throw BondctlException.invalid("set " + s.port() + ": " + s.port() + " is not a bridge port");
        }
        // all of them, even one the kernel reports already: a cost it derived from the port's speed
        // (100 while the port has no carrier yet) it derives again on the next carrier change, unless
        // it was set (BR_ADMIN_COST), as NM sets it
        rtnl.changeSlaveInfo(port.index(), "bridge", b -> Bridges.encode(b, s.want()),
                (undoing ? "restore " : "set ") + s.port() + " bridge port " + Bridges.text(s.want()));
    }

    @Override
    public void setBridgeVlans(Step.SetBridgeVlans s) {
        String op = "set " + (s.self() ? "bridge " : "bridge port ") + s.name() + " VLANs";
        Optional<Link> l = changed(s.name(), op);
        if (l.isEmpty()) {
            return;
        }
        Link dev = l.get();
        if (s.self() ? !dev.isBridge() : !dev.isBridgePort()) {
            if (undoing) {
                return;
            }
            throw BondctlException.invalid(op + ": " + s.name() + " is not a " + (s.self() ? "bridge" : "bridge port"));
        }
        VlanTable have = VlanTable.read(rtnl).getOrDefault(dev.index(), VlanTable.EMPTY);
        List<BridgeVlan> gone = have.missingFrom(s.want());
        List<BridgeVlan> add = s.want().notIn(have);
        String verb = undoing ? "restore " : "set ";
        if (!gone.isEmpty()) {
            rtnl.bridgeVlans(dev, s.self(), false, VlanTable.toEntries(gone), verb + s.name() + " VLANs: delete "
                    + BridgeVlan.format(gone, ","));
        }
        if (!add.isEmpty()) {
            rtnl.bridgeVlans(dev, s.self(), true, VlanTable.toEntries(add), verb + s.name() + " VLANs: add "
                    + BridgeVlan.format(add, ","));
        }
    }

    @Override
    public void setMtu(Step.SetMtu s) {
        changed(s.name(), "set " + s.name() + " mtu").filter(link -> link.mtu() != s.mtu())
                .ifPresent(link -> rtnl.setMtu(link, s.mtu(), "set " + s.name() + " mtu " + s.mtu()));
    }

    /** The link a step changes; empty when an undo finds it gone (nothing to put back on it). */
    private Optional<Link> changed(String name, String op) {
        Optional<Link> l = link(name);
        if (l.isEmpty() && !undoing) {
            throw BondctlException.notFound(op + ": no such interface");
        }
        return l;
    }

    @Override
    public void createVlan(Step.CreateVlan s) {
        String op = "add vlan " + s.name() + " on " + s.parent();
        if (undoing && link(s.name()).isPresent()) {
            return; // a recovery after a crash before the VLAN was deleted: it is there as it was
        }
        Link parent = require(s.parent(), op);
        try {
            rtnl.createVlan(s.name(), parent, s.id(), s.protocol(), op);
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EEXIST) {
                throw BondctlException.conflict(op + ": an interface with that name, or a VLAN with id " + s.id()
                        + " on " + s.parent() + ", already exists");
            }
            throw e;
        }
    }

    @Override
    public void setVlanQos(Step.SetVlanQos s) {
        String op = "set " + s.name() + " vlan " + s.want();
        Optional<Link> l = changed(s.name(), op);
        if (l.isEmpty()) {
            return;
        }
        Link link = l.get();
        VlanQos now = VlanQos.of(link);
        if (now == null) {
            throw BondctlException.invalid(op + ": " + s.name() + " is not a VLAN");
        }
        if (!now.equals(s.want())) {
            rtnl.setVlanQos(link, s.want(), now, op);
        }
    }

    @Override
    public void setMac(Step.SetMac s) {
        String op = "set " + s.name() + " address " + s.mac();
        changed(s.name(), op).ifPresent(link -> rtnl.setAddress(link, s.mac().bytes(), op));
    }

    @Override
    public void setIpv6Disabled(Step.SetIpv6Disabled s) {
        String op = "set " + s.name() + " disable_ipv6 " + (s.disabled() ? 1 : 0);
        Optional<Link> l = changed(s.name(), op);
        if (l.isEmpty()) {
            return;
        }
        Link link = l.get();
        if (link.disableIpv6() < 0 || link.ipv6Disabled() == s.disabled()) {
            return; // no IPv6 on the link (a kernel without it, or an MTU below 1280), or already so
        }
        try {
            NetnsFile.writeProc(rtnl.socket().netns(), "sys/net/ipv6/conf/" + s.name() + "/disable_ipv6",
                    s.disabled() ? "1\n" : "0\n");
        } catch (BondctlException e) {
            throw e.in(op);
        }
    }

    @Override
    public void renameLink(Step.RenameLink s) {
        String op = "rename " + s.from() + " to " + s.to();
        Optional<Link> l = link(s.from());
        if (l.isEmpty() && undoing && link(s.to()).isPresent()) {
            return; // a recovery after a crash before the rename: it has its old name
        }
        rtnl.setName(l.orElseThrow(() -> BondctlException.notFound(op + ": no such interface")), s.to(), op);
    }

    @Override
    public AddressSteps addresses() {
        return addressesAndFiles;
    }

    /** Text of the steps that ran, for messages. */
    static List<String> describe(List<Step> steps) {
        List<String> out = new ArrayList<>();
        steps.forEach(s -> s.changes().forEach(c -> out.add(c.toString())));
        return out;
    }
}
