package org.bondctl.nmcli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.Executor;
import org.bondctl.plan.Journal;
import org.bondctl.plan.NetworkSpec;
import org.bondctl.plan.Plan;
import org.bondctl.plan.Planner;
import org.bondctl.plan.Step;
import org.bondctl.profile.NmManaged.Verdict;
import org.bondctl.profile.Profile;
import org.bondctl.profile.ProfileSet;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;

/**
 * What "active" means without NetworkManager, and {@code connection up|down}: a bond or VLAN
 * profile is active when its interface exists and is up; a port profile when its interface is
 * enslaved to its bond; a NIC's own (plain ethernet) profile when its NIC is up, in no bond,
 * and bondctl nmcli activated that profile on it last ({@link RuntimeMarks#nics}). {@code up}
 * reaches the profile's state through the planner (a bond with its ports, in place where the
 * kernel allows: no teardown as NM does); {@code down} removes the bond or VLAN (and the VLANs
 * on a bond), releases the port, or takes a NIC's addresses and routes away, as NM does on
 * deactivation. resolv.conf follows: the DNS servers of every active profile
 * ({@link #dnsAfter}).
 */
final class Activation implements AutoCloseable {
    private final Rtnetlink rtnl;
    private final Nmcli.Env env;
    private final Map<String, Link> links = new HashMap<>();
    /** {@link RuntimeMarks#nics}, read once when first needed. */
    private RuntimeMarks nics;
    /** The DNS order of the change being made, kept by its last steps ({@link #dnsAfter}). */
    private DnsOrder pendingDnsOrder;
    /** NetworkManager.conf's and udev's word on managed devices, read once when first needed. */
    private org.bondctl.profile.NmManaged nmManaged;
    /** {@link RuntimeMarks#blocked}, read once when first needed ({@link #blockedMarks}). */
    private RuntimeMarks blocked;
    /** {@link RuntimeMarks#overruled}, read once when first needed. */
    private RuntimeMarks overruled;
    /** {@link RuntimeMarks#unmanaged}, read once when first needed. */
    private RuntimeMarks unmanaged;
    /** {@link RuntimeMarks#autoconnectOff}, read once when first needed. */
    private RuntimeMarks autoconnectOff;
    /** Marks the caller changed for the next change, kept by its last steps ({@link #keepWith}). */
    private final List<RuntimeMarks> staged = new ArrayList<>();
    /** The file writes the next change makes after its kernel steps: applied profiles, NM's timestamps. */
    private final List<Step> appliedWrites = new ArrayList<>();
    /** The profile 'device modify' is applying: kept as the device's applied profile, not forgotten. */
    private Profile modified;

    private Activation(Rtnetlink rtnl, Nmcli.Env env) {
        this.rtnl = rtnl;
        this.env = env;
        for (Link l : rtnl.links()) {
            links.put(l.name(), l);
        }
    }

    static Activation open(Nmcli.Env env) {
        return new Activation(Rtnetlink.open(env.netns()), env);
    }

    @Override
    public void close() {
        rtnl.close();
    }

    Rtnetlink rtnl() {
        return rtnl;
    }

    /** Whether 'networking off' put NetworkManager to sleep ({@link Networking}), read once when first needed. */
    private Boolean asleep;

    /** Whether networking is off: NM then manages no device, and no profile is active. */
    boolean asleep() {
        if (asleep == null) {
            asleep = !Networking.enabled(env.root());
        }
        return asleep;
    }

    /**
     * Whether NetworkManager would manage the device: never loopback; for the system's own
     * kernel, as NM.conf's unmanaged-devices and udev's NM_UNMANAGED say ({@link
     * org.bondctl.profile.NmManaged}), udev's overruled by an administrator's activation
     * ({@link RuntimeMarks#overruled}); where neither says, a device with a profile
     * ({@code hasProfile}) or a physical NIC (no link kind), which NM manages by default, and not
     * a software device others made.
     */
    boolean managed(Link l, boolean hasProfile) {
        if (l.name().equals("lo")) {
            return false;
        }
        Verdict v = verdict(l.name());
        return v == Verdict.UNKNOWN ? hasProfile || l.kind() == null : v == Verdict.MANAGED;
    }

    /**
     * NetworkManager.conf's and udev's word on the device {@code ifname} (one not made yet: by
     * its name alone) and the administrator's: a device 'device set' made unmanaged counts as
     * udev-unmanaged (an activation named on it takes it), a udev-unmanaged one an activation or
     * 'device set' took as managed; UNKNOWN when these are not the system's own profiles.
     */
    Verdict verdict(String ifname) {
        if (asleep()) {
            return Verdict.STRICTLY_UNMANAGED; // NM asleep: every device unmanaged, an activation refused (seen)
        }
        Link l = ifname == null ? null : links.get(ifname);
        Verdict v = filesVerdict(ifname);
        if (v == Verdict.STRICTLY_UNMANAGED || !env.systemRoot()) {
            return v;
        }
        if (unmanagedMarks().holds(l)) {
            return Verdict.UDEV_UNMANAGED;
        }
        return v == Verdict.UDEV_UNMANAGED && overruledMarks().holds(l) ? Verdict.MANAGED : v;
    }

    /** What NetworkManager.conf and udev alone say of the device (UNKNOWN outside the system's own profiles). */
    private Verdict filesVerdict(String ifname) {
        if (!env.systemRoot() || ifname == null) {
            return Verdict.UNKNOWN;
        }
        if (nmManaged == null) {
            nmManaged = org.bondctl.profile.NmManaged.of(env.root());
        }
        Link l = links.get(ifname);
        return l == null ? nmManaged.verdict(0, ifname, null)
                : nmManaged.verdict(l.index(), l.name(), l.address() == null ? null : l.address().toString());
    }

    /**
     * Whether NetworkManager would autoconnect a profile on the device: not on one it does not
     * manage, nor on one whose autoconnect 'device set' switched off.
     */
    boolean autoconnects(String ifname) {
        Verdict v = verdict(ifname);
        return (v == Verdict.MANAGED || v == Verdict.UNKNOWN) && !(env.systemRoot() && autoconnectOffMarks().holds(links.get(ifname)));
    }

    /**
     * {@code device set IFNAME managed yes|no}: the device taken as managed (a udev-unmanaged
     * one overruled; one NetworkManager.conf names stays unmanaged, as in NM) or left to itself
     * (what it has stays in place). The marks are kept at once: no kernel change comes with them.
     */
    void setManaged(Link l, boolean managed) {
        RuntimeMarks mine = RuntimeMarks.unmanaged();
        RuntimeMarks taken = RuntimeMarks.overruled();
        if (l.name().equals("lo") || filesVerdict(l.name()) == Verdict.STRICTLY_UNMANAGED) {
            return;
        }
        // two files, each written whole (PrivateFile); a stop between the writes leaves a verdict
        // that is the old one (managed yes: neither mark, udev's word) or the new one (managed
        // no: the unmanaged mark rules over the overruled one)
        mine.set(l, !managed);
        taken.set(l, managed && filesVerdict(l.name()) == Verdict.UDEV_UNMANAGED);
        unmanaged = null;
        overruled = null;
    }

    /** {@code device set IFNAME autoconnect yes|no}, kept at once. */
    void setAutoconnect(Link l, boolean on) {
        RuntimeMarks.autoconnectOff().set(l, !on);
        autoconnectOff = null;
    }

    /**
     * {@link RuntimeMarks#blocked}, read once, changed in memory: the one copy a change's
     * callers and the activation itself mark and clear, kept by the change's last steps once
     * given to {@link #keepWith}.
     */
    RuntimeMarks blockedMarks() {
        if (blocked == null) {
            blocked = RuntimeMarks.blocked().deferred();
        }
        return blocked;
    }

    private RuntimeMarks overruledMarks() {
        if (overruled == null) {
            overruled = RuntimeMarks.overruled().deferred();
        }
        return overruled;
    }

    private RuntimeMarks unmanagedMarks() {
        if (unmanaged == null) {
            unmanaged = RuntimeMarks.unmanaged().deferred();
        }
        return unmanaged;
    }

    private RuntimeMarks autoconnectOffMarks() {
        if (autoconnectOff == null) {
            autoconnectOff = RuntimeMarks.autoconnectOff().deferred();
        }
        return autoconnectOff;
    }

    /**
     * The error NetworkManager gives for the activation of {@code p} when NetworkManager.conf
     * leaves its device unmanaged (seen in NM 1.42, exit 4), null when it does not: a software
     * device's (bond, bridge, VLAN) activation fails, a NIC has no suitable device.
     */
    NmcliException strictlyUnmanaged(Profile p) {
        if (verdict(p.ifname()) != Verdict.STRICTLY_UNMANAGED) {
            return null;
        }
        boolean software = p.type() == Profile.Type.BOND || p.type() == Profile.Type.BRIDGE || p.type() == Profile.Type.VLAN;
        // a software device NM would make, it makes (and leaves down) before it finds it unmanaged; one
        // that exists is the profile's device, which it finds unmanaged (seen); bondctl makes none
        return new NmcliException(NmcliException.ACTIVATION, "Connection activation failed: " + (!software
                ? "No suitable device found for this connection (device " + p.ifname()
                        + " not available because device is strictly unmanaged)."
                : links.containsKey(p.ifname()) ? "Connection '" + p.id() + "' is not available on device " + p.ifname()
                        + " because device is strictly unmanaged"
                : "Activation failed because the device is unmanaged"));
    }

    /** The links read when this activation opened, lowest index first. */
    List<Link> linksByIndex() {
        return links.values().stream().sorted(java.util.Comparator.comparingInt(Link::index)).toList();
    }

    Optional<Link> link(String name) {
        return Optional.ofNullable(name == null ? null : links.get(name));
    }

    /**
     * The device a bond or VLAN profile is still active on after its interface-name changed
     * while it was active ({@link RuntimeMarks#moved}: until its next activation, as in NM), when
     * that device is up and of the profile's kind; else null. {@code moved}: the marks, read
     * once by a caller that asks for many profiles (null: read here).
     */
    String movedDevice(Profile p, RuntimeMarks moved) {
        if (!env.systemRoot() || p.type() != Profile.Type.BOND && p.type() != Profile.Type.VLAN) {
            return null;
        }
        String was = (moved == null ? RuntimeMarks.moved() : moved).get(p.uuid());
        return was != null && upAs(was, p.type()) && !was.equals(p.ifname()) ? was : null;
    }

    /** A bond (or a VLAN, for {@code type} VLAN) named {@code ifname} exists and is up: what such a profile is active on. */
    boolean upAs(String ifname, Profile.Type type) {
        return link(ifname).filter(l -> (type == Profile.Type.VLAN ? l.isVlan() : l.isBond()) && l.isUp()).isPresent();
    }

    boolean active(Profile p, List<Profile> all) {
        if (asleep()) {
            return false;
        }
        Optional<Link> l = link(p.ifname());
        if (l.isEmpty() || env.systemRoot() && unmanagedMarks().holds(l.get())) {
            return false; // none, or one 'device set' left to itself: NM lists no profile active there
        }
        if (p.type() == Profile.Type.PORT) {
            String bond = controller(p, all);
            return l.get().master() != 0 && link(bond).map(b -> b.index() == l.get().master()).orElse(false);
        }
        if (p.type() == Profile.Type.BRIDGE_PORT) {
            return l.get().master() != 0 && link(bridgeOf(p, all)).map(b -> b.index() == l.get().master()).orElse(false);
        }
        if (p.type() == Profile.Type.OTHER) {
            // another type's (Wi-Fi ...), which bondctl never activates: taken as active while its device is up on its own
            return l.get().isUp() && l.get().master() == 0 && (p.isPlainEthernet()
                    ? !l.get().isBond() && !l.get().isVlan() && p == activeOn(p.ifname(), all) : p.master() == null);
        }
        return l.get().isUp();
    }

    /**
     * Of the plain ethernet profiles naming NIC {@code ifname}, the one active on it when it is
     * up on its own: for the system's profiles, the one bondctl nmcli activated last and did not
     * take down ({@link RuntimeMarks#nics}; none after a reboot, as with NM before it
     * autoconnects); on a root of its own, the first.
     */
    private Profile activeOn(String ifname, List<Profile> all) {
        List<Profile> mine = all.stream().filter(q -> q.isPlainEthernet() && ifname.equals(q.ifname())).toList();
        if (!env.systemRoot()) {
            return mine.isEmpty() ? null : mine.get(0);
        }
        NicMark mark = nicMark(ifname);
        return mine.stream().filter(q -> mark != null && q.uuid().equalsIgnoreCase(mark.uuid())).findFirst().orElse(null);
    }

    /**
     * {@code n}, where its profile leaves MTU or address to the NIC, with what the NIC had before
     * the profile active on it now: NM gives those back when it deactivates that one first.
     */
    private NetworkSpec.NicSpec withInitial(NetworkSpec.NicSpec n) {
        NicMark mark = nicMark(n.name());
        if (mark == null) {
            return n;
        }
        return new NetworkSpec.NicSpec(n.name(), n.mtu() > 0 ? n.mtu() : mark.mtu(), n.mac() != null ? n.mac() : mark.mac(),
                n.where());
    }

    /**
     * A NIC's entry in {@link RuntimeMarks#nics}, "UUID MTU MAC": the plain profile active on it,
     * and the MTU and address it had before the first one (0 and null where not known: a port's,
     * written "-").
     */
    private record NicMark(String uuid, int mtu, org.bondctl.rtnl.MacAddress mac) {
        static NicMark parse(String text) {
            String[] f = text.split(" ");
            boolean known = f.length == 3 && !f[1].equals("-");
            return new NicMark(f[0], known ? Integer.parseInt(f[1]) : 0,
                    known && f[2].contains(":") ? org.bondctl.rtnl.MacAddress.parse(f[2]) : null);
        }

        String text() {
            return uuid + " " + (mtu > 0 ? mtu + " " + mac : "- -");
        }
    }

    /** The NIC's mark, or null (none, or not the system's profiles). */
    private NicMark nicMark(String ifname) {
        if (!env.systemRoot()) {
            return null;
        }
        String v = nicMarks().get(ifname);
        return v == null ? null : NicMark.parse(v);
    }

    /** The system's NIC marks, read once; changed in memory, kept by the change's last step ({@link #keepWith}). */
    private RuntimeMarks nicMarks() {
        if (nics == null) {
            nics = RuntimeMarks.nics().deferred();
        }
        return nics;
    }

    /**
     * {@code all}, each plain ethernet profile that names no interface bound to the NIC bondctl
     * nmcli activated it on ({@link RuntimeMarks#nics}), as NM shows it on its device.
     */
    static List<Profile> bound(List<Profile> all, Nmcli.Env env) {
        if (env.systemRoot()) {
            RuntimeMarks nics = RuntimeMarks.nics();
            for (Profile p : all) {
                if (p.isPlainEthernet() && p.ifname() == null) {
                    nics.keyOf(v -> NicMark.parse(v).uuid().equalsIgnoreCase(p.uuid())).ifPresent(p::boundTo);
                }
            }
        }
        return all;
    }

    /** The interface name of a port's bond (its master= may name the bond's profile by id or UUID). */
    static String controller(Profile port, List<Profile> all) {
        return ifnameOf(Profile.Type.BOND, port.master(), all);
    }

    /** The interface name of the bridge a bond, VLAN or NIC profile makes its interface a port of (null: none). */
    static String bridgeOf(Profile port, List<Profile> all) {
        return ifnameOf(Profile.Type.BRIDGE, port.bridge(), all);
    }

    /** The interface of the {@code type} profile that {@code ref} names (by name, id or UUID); {@code ref} itself when none does. */
    private static String ifnameOf(Profile.Type type, String ref, List<Profile> all) {
        for (Profile b : all) {
            if (b.type() == type && b.isNamedBy(ref)) {
                return b.ifname();
            }
        }
        return ref;
    }

    void up(Profile p, List<Profile> all) {
        up(p, all, true);
    }

    /**
     * What NetworkManager does with the devices of the profiles an activation names, as to their
     * being managed: one NetworkManager.conf leaves unmanaged refuses the activation
     * ({@link #strictlyUnmanaged}); one only udev does is taken, and NM manages it from then on
     * ({@link RuntimeMarks#overruled}, kept with the change).
     */
    private void takeNamed(List<Profile> named, List<Profile> all) {
        for (Profile q : named) {
            if (active(q, all)) {
                continue;
            }
            NmcliException refused = strictlyUnmanaged(q);
            if (refused != null) {
                throw refused;
            }
            Link l = links.get(q.ifname());
            if (l != null && verdict(q.ifname()) == Verdict.UDEV_UNMANAGED) {
                if (unmanagedMarks().holds(l)) {
                    unmanagedMarks().set(l, false);
                    keepWith(unmanagedMarks());
                }
                if (filesVerdict(q.ifname()) == Verdict.UDEV_UNMANAGED) {
                    overruledMarks().set(l, true);
                    keepWith(overruledMarks());
                }
            }
        }
    }

    /**
     * A reapply's steps without the deletes of routes outside the main table that no add puts
     * back: NetworkManager 1.42 syncs only the main table on 'device reapply' when the profile
     * names no route-table (seen in the test bed in two runs of three: a route the profile no
     * longer lists stays in table 200 until the next activation); a changed one is replaced. A
     * typed route (blackhole ...) the profile no longer lists goes, whatever its table (seen); so do
     * the profile's routes a changed route-table moves to another table (seen; a route someone
     * else put in the old table stays).
     */
    private static List<Step> keepOtherTables(List<Step> steps) {
        List<Step> out = new ArrayList<>(steps);
        // kept: a delete in main, of a typed route, of an address's prefix route (proto kernel), and of a route
        // added again, in its table or another one (a route-table changed moves the profile's routes: seen)
        out.removeIf(s -> s instanceof Step.DeleteRoute d && d.route().table() != Rtnl.RT_TABLE_MAIN
                && d.route().type() == Rtnl.RTN_UNICAST && d.route().protocol() != Rtnl.RTPROT_KERNEL
                && steps.stream().noneMatch(a -> a instanceof Step.AddRoute x && java.util.Objects.equals(x.dev(), d.dev())
                        && x.route().withOif(0).withTable(d.route().table()).sameAs(d.route().withOif(0))));
        return out;
    }

    /**
     * Activates {@code p}; with {@code vlans}, a bond with the VLAN profiles on it that
     * autoconnect, as NetworkManager autoconnects them once their parent is up; without, the one
     * profile ('device reapply'). Ports and VLANs that 'connection down' or 'device disconnect'
     * blocked stay out, as in NetworkManager, unless named.
     */
    void up(Profile p, List<Profile> all, boolean vlans) {
        // the profiles this activation involves: a broken profile elsewhere stops it no more than
        // it stops NetworkManager, which loads every profile on its own
        ProfileSet set;
        List<Profile> involved;
        try {
            // named, it comes up whatever its autoconnect says, and a port's bond with it; the
            // others only when 'connection down' or 'device disconnect' did not block them
            involved = new ArrayList<>(involved(p, all));
            if (env.systemRoot()) {
                RuntimeMarks blocked = blockedMarks();
                // but a controller whose autoconnect-slaves is on activates every port of it, as by
                // name, which also lifts the block (seen in NM 1.42: a port 'device disconnect' took
                // out joins again at 'connection up' of its bond)
                List<Profile> ports = vlans && p.autoconnectPorts() == 1 ? involved.stream().filter(q -> q != p
                        && (q.type() == Profile.Type.PORT && p.type() == Profile.Type.BOND && p.isNamedBy(q.master())
                        || q.bridge() != null && p.type() == Profile.Type.BRIDGE && p.isNamedBy(q.bridge()))).toList()
                        : List.of();
                // (a controller, bond or bridge, comes with a port named, whatever blocked it)
                involved.removeIf(q -> q != p && q.type() != Profile.Type.BOND && q.type() != Profile.Type.BRIDGE
                        && blocked.has(q.uuid()) && !ports.contains(q));
                ports.forEach(q -> blocked.clear(q.uuid()));
                keepWith(blocked);
            }
            // nor on a device NM does not manage (NM.conf, udev): a port, VLAN or bridge port there stays
            // out unless named or active (seen in NM 1.42: a bond comes up without its port on such a NIC)
            involved.removeIf(q -> q != p && q.type() != Profile.Type.BOND && q.type() != Profile.Type.BRIDGE
                    && !active(q, all) && !autoconnects(q.ifname()));
            List<Profile> named = new ArrayList<>(List.of(p));
            if (p.type() == Profile.Type.PORT) {
                involved.stream().filter(b -> b.type() == Profile.Type.BOND && b.isNamedBy(p.master())).forEach(named::add);
            }
            if (p.bridge() != null || p.type() == Profile.Type.BRIDGE_PORT) {
                // a bridge's port comes up with its bridge, as NM activates a port's controller
                involved.stream().filter(b -> b.type() == Profile.Type.BRIDGE && b.isNamedBy(p.bridge())).forEach(named::add);
            }
            if (!vlans || p.type() != Profile.Type.BOND) {
                // only the bond's own up re-activates it (and drops a port whose autoconnect is off, as
                // NM's does); a reapply, or the up of a VLAN on it or of one port, leaves its active ports be
                involved.stream().filter(q -> q.type() == Profile.Type.PORT && active(q, all)).forEach(named::add);
            }
            // a bridge's ports that are active stay so, whatever their autoconnect says
            involved.stream().filter(q -> q != p && (q.bridge() != null) && active(q, all)).forEach(named::add);
            takeNamed(named, all);
            set = ProfileSet.of(involved, named);
        } catch (BondctlException e) {
            throw new NmcliException(NmcliException.ACTIVATION, "Connection activation failed: " + e.getMessage());
        }
        String target = switch (p.type()) {
            case BOND, VLAN, BRIDGE, BRIDGE_PORT -> p.ifname();
            case PORT -> controller(p, all);
            default -> {
                if (!p.isPlainEthernet()) {
                    throw new NmcliException(NmcliException.USAGE, "bondctl nmcli brings up bond, bond port, bridge, VLAN"
                            + " and ethernet connections; '" + p.id() + "' is a " + Props.typeName(p) + " connection"
                            + (p.master() != null ? " of controller " + p.master() : ""));
                }
                yield p.ifname();
            }
        };
        NetworkSpec full = set.spec(n -> { });
        if (p.type() == Profile.Type.VLAN) {
            // NM activates a VLAN profile only on a device that is that VLAN: one left with another id,
            // parent or protocol (the profile changed under it) it cannot use (seen: vlan.id 100 -> 101, up)
            full.vlans().stream().filter(v -> v.name().equals(target)).findFirst().ifPresent(v -> link(target).ifPresent(l -> {
                org.bondctl.rtnl.VlanInfo info = org.bondctl.rtnl.VlanInfo.of(l);
                String parentNow = links.values().stream().filter(x -> x.index() == l.parent()).map(Link::name).findFirst().orElse("");
                if (info == null || !v.is(info, parentNow)) {
                    throw new NmcliException(NmcliException.ACTIVATION,
                            "Connection activation failed: Failed to find a compatible device for this connection");
                }
            }));
        }
        // a bond comes with the VLANs on it that autoconnect (and theirs), as NetworkManager
        // autoconnects them once their parent is up
        java.util.Set<String> names = new java.util.HashSet<>(Set.of(target));
        if (vlans && p.type() == Profile.Type.BRIDGE) {
            // a bridge comes with its ports' profiles (those that autoconnect, or are active); a reapply
            // changes the bridge alone
            full.bridges().stream().filter(b -> b.name().equals(target)).forEach(b -> names.addAll(b.portNames()));
        }
        if (vlans && full.bonds().stream().anyMatch(b -> names.contains(b.name()))) {
            for (boolean more = true; more; ) {
                more = false;
                for (NetworkSpec.VlanSpec v : full.vlans()) {
                    if (names.contains(v.parent()) && names.add(v.name())) {
                        more = true;
                    }
                }
            }
        }
        // a bond profile renamed while active: its bond is renamed rather than a second one made; a
        // VLAN profile's: the VLAN it was active on goes, as NM's deactivation there deletes it
        String movedFrom = (p.type() == Profile.Type.BOND || p.type() == Profile.Type.VLAN) && env.systemRoot()
                ? RuntimeMarks.moved().get(p.uuid()) : null;
        // an active bond or VLAN brought up again: NM deactivates it first, which flushes its
        // addresses, so an IPv6 family it then ignores has none left (seen: manual, then ignore)
        boolean again = vlans && (p.type() == Profile.Type.BOND || p.type() == Profile.Type.VLAN || p.isPlainEthernet())
                && active(p, all);
        List<NetworkSpec.BridgeSpec> bridges = bridges(p, all, full, target, names);
        NetworkSpec spec = new NetworkSpec(full.bonds().stream().filter(b -> names.contains(b.name()))
                .map(b -> movedFrom == null || !b.name().equals(p.ifname()) ? b : b.renamedFrom(movedFrom)).toList(),
                full.vlans().stream().filter(v -> names.contains(v.name()))
                        .map(v -> movedFrom != null && v.name().equals(p.ifname()) ? v.movedFrom(movedFrom) : v).toList(),
                full.nics().stream().filter(n -> n.name().equals(target)).map(this::withInitial).toList(),
                full.ip().stream().filter(i -> names.contains(i.ifname()))
                        .map(i -> again && i.ifname().equals(target) && p.ipv6().method().equals("ignore") ? flushed6(i) : i)
                        .toList(), null, bridges);
        if (spec.bonds().isEmpty() && spec.vlans().isEmpty() && spec.nics().isEmpty() && spec.bridges().isEmpty()) {
            throw new NmcliException(NmcliException.ACTIVATION, "Connection activation failed: no applicable profile for "
                    + target + " (autoconnect off, or its bond has no profile)");
        }
        // the NICs the change takes: a plain profile active on one leaves it (replaced, or the NIC made a port)
        Set<String> nicsTaken = new java.util.HashSet<>();
        spec.nics().forEach(n -> nicsTaken.add(n.name()));
        spec.bonds().forEach(b -> nicsTaken.addAll(b.portNames()));
        List<Profile> leaving = all.stream().filter(q -> q != p && q.isPlainEthernet() && nicsTaken.contains(q.ifname())
                && active(q, all)).toList();
        Set<String> coming = new java.util.HashSet<>(names);
        coming.addAll(nicsTaken);
        spec = new NetworkSpec(spec.bonds(), spec.vlans(), spec.nics(), spec.ip(), dnsAfter(all, leaving, coming, set.dnsProfiles(), spec.ip(),
                !vlans || p.type() == Profile.Type.PORT || p.type() == Profile.Type.BRIDGE_PORT),
                spec.bridges(), ownedAfter(all, set.dnsProfiles(), spec.ip(), leaving));
        if (env.systemRoot()) {
            for (String nic : nicsTaken) {
                if (spec.nics().stream().anyMatch(n -> n.name().equals(nic))) {
                    // the profile now active on it, and what the NIC had before the first, which its deactivation gives back
                    // (unknown for a port: the kernel gives it back what it had before it was enslaved, which netlink does not tell)
                    NicMark was = nicMark(nic);
                    Link before = links.get(nic);
                    nicMarks().put(nic, (was != null ? new NicMark(p.uuid(), was.mtu(), was.mac())
                            : before.isBondPort() ? new NicMark(p.uuid(), 0, null)
                            : new NicMark(p.uuid(), before.mtu(), before.address())).text());
                } else {
                    nicMarks().clear(nic); // a port now
                }
            }
            keepWith(nicMarks());
        }
        if (movedFrom != null) {
            RuntimeMarks moved = RuntimeMarks.moved().deferred();
            moved.clear(p.uuid());
            keepWith(moved);
        }
        // what a 'device modify' applied is gone with the activation of the saved profile (and its replacement)
        all.stream().filter(q -> q.ifname() != null && coming.contains(q.ifname())).forEach(this::forgetApplied);
        leaving.forEach(this::forgetApplied);
        if (modified != null) {
            keepApplied(modified);
        }
        if (vlans) {
            // NM's record of the activation (under the root): each profile that is active once the change
            // is made (of a NIC's own profiles, only the one activated)
            List<String> activated = involved.stream().filter(q -> q.uuid() != null && q.ifname() != null
                    && coming.contains(q.ifname()) && !leaving.contains(q) && (q == p || !q.isPlainEthernet()))
                    .map(Profile::uuid).toList();
            List<String> stamped = new ArrayList<>(activated);
            leaving.forEach(q -> stamped.add(q.uuid())); // deactivated: stamped too
            stamp(stamped);
        }
        try {
            List<Step> steps = Planner.plan(spec, rtnl, env.resolvConf()).steps();
            execute(vlans ? steps : keepOtherTables(steps));
        } catch (BondctlException e) {
            throw new NmcliException(NmcliException.ACTIVATION, "Connection activation failed: " + e.getMessage());
        }
    }

    /** NM's timestamps of {@code uuids} set to now, by the next change (after its kernel steps). */
    private void stamp(List<String> uuids) {
        Optional.ofNullable(Timestamps.write(env.root(), uuids.stream().filter(java.util.Objects::nonNull).toList(),
                java.time.Instant.now().getEpochSecond())).ifPresent(appliedWrites::add);
    }

    /**
     * Where the profile a 'device modify' applied is kept (state directory, nmcli-applied/UUID,
     * in keyfile form): NetworkManager's applied connection, which stays the device's until
     * its next activation, reapply or deactivation. Only for the system's own profiles.
     */
    private static java.nio.file.Path appliedFile(String uuid) {
        return org.bondctl.plan.Journal.dir().resolve("nmcli-applied").resolve(uuid + ".nmconnection");
    }

    /** {@code p} as applied to its device: the copy 'device modify' changed, where there is one; else {@code p}. */
    Profile applied(Profile p) {
        if (!env.systemRoot() || p.uuid() == null) {
            return p;
        }
        byte[] b = org.bondctl.fs.PrivateFile.read(appliedFile(p.uuid()));
        return b == null ? p : org.bondctl.profile.KeyfileFormat.INSTANCE.read(p.file(),
                new String(b, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** 'device modify' is applying {@code p}: the change keeps it as its device's applied profile. */
    void modifying(Profile p) {
        modified = p;
    }

    private void keepApplied(Profile p) {
        if (env.systemRoot() && p.uuid() != null) {
            java.nio.file.Path f = appliedFile(p.uuid());
            Step w = Step.WriteStateFile.ifChanged(f, org.bondctl.profile.KeyfileFormat.INSTANCE.write(p)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), org.bondctl.fs.PrivateFile.read(f));
            if (w != null) {
                appliedWrites.add(w);
            }
        }
    }

    private void forgetApplied(Profile p) {
        if (env.systemRoot() && p.uuid() != null && p != modified) {
            java.nio.file.Path f = appliedFile(p.uuid());
            byte[] was = org.bondctl.fs.PrivateFile.read(f);
            if (was != null) {
                appliedWrites.add(new Step.WriteStateFile(f, null, was));
            }
        }
    }

    /**
     * The policy routing rules and typed routes of an activation: each profile of {@code
     * profiles} coming up on an interface of {@code ip} gets its own; each profile it replaces
     * ({@code leaving}, and any other of {@code all} on those interfaces: one profile is active
     * on an interface) loses its own; those of the other active profiles stay.
     */
    private static NetworkSpec.OwnedSpec ownedAfter(List<Profile> all, List<Profile> profiles, List<NetworkSpec.IpSpec> ip,
            List<Profile> leaving) {
        Set<String> coming = new java.util.HashSet<>();
        ip.forEach(i -> coming.add(i.ifname()));
        Map<String, List<org.bondctl.rtnl.RoutingRule>> rules = new java.util.LinkedHashMap<>();
        leaving.forEach(q -> rules.put(ProfileSet.ruleOwner(q), List.of()));
        all.stream().filter(q -> q.ifname() != null && coming.contains(q.ifname())).forEach(q -> rules.put(ProfileSet.ruleOwner(q), List.of()));
        NetworkSpec.OwnedSpec theirs = ProfileSet.owned(profiles.stream().filter(q -> q.ifname() != null
                && coming.contains(q.ifname())).toList());
        theirs.rules().forEach(rules::put);
        return new NetworkSpec.OwnedSpec(rules, theirs.routes());
    }

    /**
     * Keeps {@code marks} (changed in memory, {@link RuntimeMarks#deferred}) with the next change
     * this activation makes: their write is one of its steps, the last, so that a crash at any
     * point leaves what bondctl nmcli remembers in step with the kernel.
     */
    void keepWith(RuntimeMarks marks) {
        if (!staged.contains(marks)) {
            staged.add(marks);
        }
    }

    /** Runs {@code steps}, then the writes of the DNS order and the marks the change makes, as one journaled change. */
    private void execute(List<Step> steps) {
        List<Step> all = new ArrayList<>(steps);
        if (pendingDnsOrder != null) {
            Optional.ofNullable(pendingDnsOrder.step()).ifPresent(all::add);
        }
        staged.stream().map(RuntimeMarks::step).filter(java.util.Objects::nonNull).forEach(all::add);
        all.addAll(appliedWrites);
        try {
            new Executor(rtnl, n -> { }).journaled(Journal.dir()).execute(new Plan(all, List.of()));
        } finally {
            // what the files say now (or still): read again when next needed
            pendingDnsOrder = null;
            staged.clear();
            appliedWrites.clear();
            nics = null;
        }
    }

    /**
     * The bridges an activation reaches: the bridge brought up, with every port its profiles
     * give (its bonds and VLANs are in {@code names} already); and the bridge of each interface
     * in {@code names} whose profile makes it a port, with the ports coming up and those it has
     * now. Ports no profile names (a VM's tap) are the planner's to leave alone. Adds the
     * bridges to {@code names}: their IP settings come with them.
     */
    private List<NetworkSpec.BridgeSpec> bridges(Profile p, List<Profile> all, NetworkSpec full, String target,
            Set<String> names) {
        // the bridge activated, and the bridge of every interface that comes up (a bond's, a VLAN's
        // on it, a NIC's), as NM activates a port's controller with it
        Set<String> wanted = new java.util.LinkedHashSet<>();
        if (p.type() == Profile.Type.BRIDGE) {
            wanted.add(p.ifname());
        }
        for (NetworkSpec.BridgeSpec b : full.bridges()) {
            if (b.portNames().stream().anyMatch(names::contains)) {
                wanted.add(b.name());
            }
        }
        List<NetworkSpec.BridgeSpec> out = new ArrayList<>();
        for (String name : wanted) {
            NetworkSpec.BridgeSpec b = full.bridges().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            Set<String> attached = new java.util.HashSet<>();
            link(name).ifPresent(br -> links.values().stream().filter(l -> l.master() == br.index())
                    .forEach(l -> attached.add(l.name())));
            // a port NM does not activate now keeps its VLANs (a reapply of the bridge activates none):
            // only the kernel moves its default VLAN with a new default PVID (seen in NM 1.42)
            List<NetworkSpec.BridgePortSpec> ports = b.ports().stream().filter(x -> name.equals(target)
                    || names.contains(x.name()) || attached.contains(x.name()))
                    .map(x -> names.contains(x.name()) ? x : x.withoutVlans()).toList();
            out.add(b.withPorts(ports));
        }
        names.addAll(wanted);
        return out;
    }

    /** The interface's IPv6 family managed with nothing in it: no addresses (but the kernel's link-local), no routes. */
    private static NetworkSpec.IpSpec flushed6(NetworkSpec.IpSpec i) {
        NetworkSpec.FamilySpec none = new NetworkSpec.FamilySpec(true, List.of(), null, List.of(), 0, null);
        return new NetworkSpec.IpSpec(i.ifname(), i.v4(), none, i.ipv6Disabled(), i.defaultMetric());
    }

    /**
     * {@code p} and the profiles its activation reads: a port's bond; a bond's ports and the
     * VLANs on it; a VLAN's parent (and that parent's own).
     */
    static List<Profile> involved(Profile p, List<Profile> all) {
        List<Profile> out = new ArrayList<>(List.of(p));
        for (int i = 0; i < out.size(); i++) {
            Profile c = out.get(i);
            for (Profile o : all) {
                if (out.stream().anyMatch(x -> x == o || x.uuid().equalsIgnoreCase(o.uuid()))) {
                    continue; // the same profile (maybe read by another load)
                }
                // a bridge's ports, and a port's bridge
                if (c.type() == Profile.Type.BRIDGE && o.bridge() != null && c.isNamedBy(o.bridge())
                        || c.bridge() != null && o.type() == Profile.Type.BRIDGE && o.isNamedBy(c.bridge())) {
                    out.add(o);
                    continue;
                }
                boolean related = switch (c.type()) {
                    case PORT -> o.type() == Profile.Type.BOND && o.isNamedBy(c.master());
                    case BOND -> o.type() == Profile.Type.PORT && c.isNamedBy(o.master())
                            || o.type() == Profile.Type.VLAN && c.isNamedBy(o.vlanParent());
                    case VLAN -> (o.type() == Profile.Type.BOND || o.type() == Profile.Type.VLAN) && o.isNamedBy(c.vlanParent())
                            || o.type() == Profile.Type.VLAN && c.isNamedBy(o.vlanParent());
                    default -> false;
                };
                if (related) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    /**
     * The NICs deactivating {@code p} leaves free for another profile: a NIC's own, a port's, a
     * bridge port's; a bond's ports; a bridge's NIC ports and the ports of its bonds.
     */
    Set<String> freedBy(Profile p, List<Profile> all) {
        Set<String> out = new java.util.LinkedHashSet<>();
        Optional<Link> l = link(p.ifname());
        if (l.isEmpty()) {
            return out;
        }
        switch (p.type()) {
            case BOND -> portsOf(l.get(), out);
            case BRIDGE -> links.values().stream().filter(x -> x.master() == l.get().index() && !x.isVlan()).forEach(x -> {
                if (x.isBond()) {
                    portsOf(x, out);
                } else if (!x.isBridge()) {
                    out.add(x.name());
                }
            });
            case PORT, BRIDGE_PORT -> out.add(p.ifname());
            default -> {
                if (p.isPlainEthernet()) {
                    out.add(p.ifname());
                }
            }
        }
        return out;
    }

    private void portsOf(Link bond, Set<String> out) {
        links.values().stream().filter(x -> x.master() == bond.index() && !x.isVlan()).forEach(x -> out.add(x.name()));
    }

    /** Whether the interface exists and is up (a bond or bridge a port may join). */
    boolean isUp(String ifname) {
        return link(ifname).map(Link::isUp).orElse(false);
    }

    void down(Profile p, List<Profile> all) {
        List<Step> steps = new ArrayList<>();
        switch (p.type()) {
            case BOND -> deleteBond(links.get(p.ifname()), steps);
            case VLAN -> steps.add(new Step.DeleteLink(p.ifname()));
            case BRIDGE -> {
                // NM deactivates the bridge's ports first: a bond or VLAN among them goes (a bond with the
                // VLANs on it, its NICs up again), a NIC leaves (seen in NM 1.42); a port no profile names
                // (a VM's tap) the kernel releases when the bridge goes
                Link br = links.get(p.ifname());
                for (Link l : links.values()) {
                    Profile port = l.master() != br.index() ? null : all.stream().filter(q -> l.name().equals(q.ifname())
                            && p.ifname().equals(bridgeOf(q, all))).findFirst().orElse(null);
                    if (port == null) {
                        continue;
                    }
                    if (l.isBond()) {
                        deleteBond(l, steps);
                    } else if (l.isVlan()) {
                        steps.add(new Step.DeleteLink(l.name()));
                    } else {
                        steps.add(new Step.LeaveBridge(p.ifname(), l.name(), org.bondctl.bridge.Bridges.portOptions(l), null));
                    }
                }
                steps.add(new Step.DeleteLink(p.ifname()));
            }
            case BRIDGE_PORT -> {
                Link l = links.get(p.ifname());
                steps.add(new Step.LeaveBridge(bridgeOf(p, all), p.ifname(), org.bondctl.bridge.Bridges.portOptions(l), null));
            }
            case PORT -> {
                steps.add(new Step.Release(controller(p, all), p.ifname(), Map.of(), null));
                steps.add(new Step.SetLinkUp(p.ifname(), true, null)); // as for a bond's ports, above
            }
            default -> {
                if (!p.isPlainEthernet()) {
                    throw new NmcliException(NmcliException.USAGE, "bondctl nmcli takes down bond, bond port, bridge,"
                            + " bridge port, VLAN and ethernet connections; '" + p.id() + "' is a " + Props.typeName(p) + " connection");
                }
                steps.addAll(nicDeactivation(p));
            }
        }
        // the servers it (and a bond's VLANs, which go with it) named leave resolv.conf
        List<Profile> leaving = new ArrayList<>(List.of(p));
        if (p.type() == Profile.Type.BRIDGE) {
            all.stream().filter(q -> p.ifname().equals(bridgeOf(q, all)) && active(q, all)).forEach(leaving::add);
        }
        if (p.type() == Profile.Type.BOND) {
            Link bond = links.get(p.ifname());
            all.stream().filter(q -> q.type() == Profile.Type.VLAN && link(q.ifname()).map(v -> v.isVlan()
                    && v.parent() == bond.index()).orElse(false)).forEach(leaving::add);
        }
        NetworkSpec.DnsSpec dns = p.type() == Profile.Type.PORT || p.type() == Profile.Type.BRIDGE_PORT ? null
                : dnsAfter(all, leaving, Set.of(), List.of(), List.of(), false);
        if (p.isPlainEthernet() && env.systemRoot()) {
            nicMarks().clear(p.ifname());
            keepWith(nicMarks());
        }
        leaving.forEach(this::forgetApplied);
        // NM stamps a profile's deactivation too (seen in 1.42): the profile, and what goes with it
        List<String> stamped = new ArrayList<>(leaving.stream().map(Profile::uuid).toList());
        if (p.type() == Profile.Type.BOND) {
            all.stream().filter(q -> q.type() == Profile.Type.PORT && p.ifname().equals(controller(q, all)) && active(q, all))
                    .forEach(q -> stamped.add(q.uuid()));
        }
        stamp(stamped);
        try {
            steps.addAll(leavingSteps(leaving, dns));
            execute(steps);
        } catch (BondctlException e) {
            throw new NmcliException(NmcliException.DEACTIVATION, "Connection deactivation failed: " + e.getMessage());
        }
    }

    /** NM's deactivation of a NIC's own profile: the NIC's addresses and routes go, its MTU and address are given back; it stays up. */
    private List<Step> nicDeactivation(Profile p) {
        List<Step> steps = new ArrayList<>(Planner.flush(p.ifname(), rtnl));
        NicMark was = nicMark(p.ifname());
        Link l = links.get(p.ifname());
        if (was != null && was.mtu() > 0 && was.mtu() != l.mtu()) {
            // the kernel lowers a VLAN above a lower MTU itself, which no undo would raise again: a step of ours first
            links.values().stream().filter(v -> v.isVlan() && v.parent() == l.index() && v.mtu() > was.mtu())
                    .forEach(v -> steps.add(new Step.SetMtu(v.name(), was.mtu(), v.mtu())));
            steps.add(new Step.SetMtu(l.name(), was.mtu(), l.mtu()));
        }
        if (was != null && was.mac() != null && !was.mac().equals(l.address())) {
            steps.add(new Step.SetMac(l.name(), was.mac(), l.address()));
        }
        return steps;
    }

    /**
     * The steps that take out what deactivated profiles put in beside their links: the DNS
     * servers ({@code dns}: resolv.conf after, null to leave it as it is) and the policy routing
     * rules and typed routes they added.
     */
    private List<Step> leavingSteps(List<Profile> leaving, NetworkSpec.DnsSpec dns) {
        List<Step> steps = new ArrayList<>();
        if (dns != null) {
            steps.addAll(Planner.dns(dns, rtnl, env.resolvConf()));
        }
        Map<String, List<org.bondctl.rtnl.RoutingRule>> gone = new java.util.LinkedHashMap<>();
        leaving.forEach(q -> gone.put(ProfileSet.ruleOwner(q), List.of()));
        steps.addAll(Planner.owned(new NetworkSpec.OwnedSpec(gone), rtnl));
        return steps;
    }

    /**
     * {@code networking off}, as NetworkManager 1.42 goes to sleep (seen in the test bed): every
     * active profile deactivated - its bonds, bridges and VLANs deleted, a NIC's addresses and
     * routes flushed and its MTU and address given back, the DNS servers out of resolv.conf, its
     * routing rules gone, its time stamped -, every NIC NM manages set down, and
     * NetworkingEnabled=false in NM's state file: one journaled change, deletions last.
     */
    void sleep(List<Profile> all) {
        List<Profile> on = all.stream().filter(q -> active(q, all)).toList();
        List<Step> steps = new ArrayList<>();
        for (Profile q : on) {
            if (q.isPlainEthernet()) {
                steps.addAll(nicDeactivation(q));
            }
        }
        // the NICs NM manages go down; a bond's port the kernel closes when it releases it
        java.util.Set<String> controllers = new java.util.HashSet<>();
        on.stream().filter(q -> q.type() == Profile.Type.BOND || q.type() == Profile.Type.BRIDGE).forEach(q -> controllers.add(q.ifname()));
        for (Link l : linksByIndex()) {
            boolean portClosed = l.master() != 0 && links.values().stream().anyMatch(b -> b.index() == l.master() && b.isBond()
                    && controllers.contains(b.name()));
            if (l.isUp() && !portClosed && managedNic(l, all)) {
                steps.add(new Step.SetLinkUp(l.name(), false, null));
            }
        }
        NetworkSpec.DnsSpec dns = dnsAfter(all, on, Set.of(), List.of(), List.of(), false);
        try {
            steps.addAll(leavingSteps(on, dns));
            // deleted last, so that a kill before them is undone (past one, the journal finishes the change):
            // VLANs, then bridges, then bonds
            java.util.Set<String> deleted = new java.util.LinkedHashSet<>();
            for (Profile q : on) {
                if (q.type() == Profile.Type.VLAN) {
                    deleted.add(q.ifname());
                } else if (q.type() == Profile.Type.BOND) {
                    Link bond = links.get(q.ifname());
                    links.values().stream().filter(v -> v.isVlan() && v.parent() == bond.index()).forEach(v -> deleted.add(v.name()));
                }
            }
            on.stream().filter(q -> q.type() == Profile.Type.BRIDGE).forEach(q -> deleted.add(q.ifname()));
            on.stream().filter(q -> q.type() == Profile.Type.BOND).forEach(q -> deleted.add(q.ifname()));
            deleted.forEach(n -> steps.add(new Step.DeleteLink(n)));
            if (env.systemRoot()) {
                on.stream().filter(Profile::isPlainEthernet).forEach(q -> nicMarks().clear(q.ifname()));
                keepWith(nicMarks());
            }
            on.forEach(this::forgetApplied);
            stamp(on.stream().map(Profile::uuid).toList());
            Optional.ofNullable(Networking.write(env.root(), false)).ifPresent(appliedWrites::add);
            execute(steps);
        } catch (BondctlException e) {
            throw new NmcliException(NmcliException.FAILED, "networking off failed: " + e.getMessage());
        }
        asleep = true;
    }

    /** A NIC (not a bond, VLAN, bridge or loopback) NetworkManager manages: what 'networking off' and 'on' set down and up. */
    private boolean managedNic(Link l, List<Profile> all) {
        return !l.isBond() && !l.isVlan() && !"bridge".equals(l.kind()) && !l.name().equals("lo")
                && managed(l, all.stream().anyMatch(q -> l.name().equals(q.ifname())));
    }

    /**
     * {@code networking on}: NetworkingEnabled=true in NM's state file, and every NIC NM manages
     * up again (seen: up without addresses, "disconnected", until a profile autoconnects there;
     * the caller autoconnects the profiles, each its own change, as NM activates them one by one).
     */
    void wake(List<Profile> all) {
        asleep = false;
        List<Step> steps = new ArrayList<>();
        for (Link l : linksByIndex()) {
            if (!l.isUp() && l.master() == 0 && managedNic(l, all)) {
                steps.add(new Step.SetLinkUp(l.name(), true, null));
            }
        }
        Optional.ofNullable(Networking.write(env.root(), true)).ifPresent(appliedWrites::add);
        try {
            execute(steps);
        } catch (BondctlException e) {
            throw new NmcliException(NmcliException.FAILED, "networking on failed: " + e.getMessage());
        }
    }

    /**
     * The steps that take a bond away as NM's deactivation does: the VLANs on it, the bond; the
     * kernel closes each port it releases, and NM, which manages the NICs, has them up again.
     */
    private void deleteBond(Link bond, List<Step> steps) {
        for (Link l : links.values()) {
            if (l.isVlan() && l.parent() == bond.index()) {
                steps.add(new Step.DeleteLink(l.name()));
            }
        }
        steps.add(new Step.DeleteLink(bond.name()));
        for (Link l : links.values()) {
            if (l.master() == bond.index() && !l.isVlan()) {
                steps.add(new Step.SetLinkUp(l.name(), true, null));
            }
        }
    }

    /**
     * resolv.conf after a change, as NM keeps it: the servers and search domains of every
     * profile active after it, in NM's order ({@link DnsOrder}: by dns-priority, a negative one
     * shutting out the others; among equals, the interface with the best default route first,
     * then the order they were activated in). Null - the file left as it is - when the file is
     * not bondctl's, no profile active after the change names a server, and none of
     * the {@code leaving} profiles' servers is in it: a file no profile speaks for (the
     * administrator's) stays. The list kept for the next run is written by the change's last steps.
     *
     * @param leaving profiles that stop being active
     * @param coming interfaces the change (re)configures: their profiles' servers come from {@code mine}
     * @param mine the activated profiles (those of bonds, VLANs, NICs and bridges)
     * @param ip the IP configuration the change applies, for the default routes it makes
     * @param reapply whether the change is a reapply, or a port's activation (an interface whose
     *     configuration it does not change keeps its place)
     */
    private NetworkSpec.DnsSpec dnsAfter(List<Profile> all, List<Profile> leaving, Set<String> coming, List<Profile> mine,
            List<NetworkSpec.IpSpec> ip, boolean reapply) {
        if (env.netns() == null && org.bondctl.dns.Resolved.owns(env.resolvConf())) {
            // systemd-resolved keeps each interface's own (and forgets one that goes)
            return ProfileSet.dns(mine, n -> { });
        }
        org.bondctl.dns.ResolvConf.Config file = org.bondctl.dns.ResolvConf.read(env.resolvConf());
        // a profile 'device modify' changed counts as applied, as NM keeps its applied connection
        NetworkSpec.DnsSpec gone = ProfileSet.dns(leaving.stream().map(this::applied).toList(), n -> { });
        boolean stale = gone != null && gone.servers().stream().anyMatch(file.servers()::contains);
        List<ProfileSet.DnsEntry> staying = ProfileSet.dnsEntries(all.stream().filter(q -> (q.type() == Profile.Type.BOND
                || q.type() == Profile.Type.VLAN || q.type() == Profile.Type.BRIDGE || q.isPlainEthernet())
                && !leaving.contains(q) && (q.ifname() == null || !coming.contains(q.ifname())) && active(q, all))
                .map(this::applied).toList());
        DnsOrder order = DnsOrder.load(env.systemRoot());
        List<ProfileSet.DnsEntry> entries = order.order(staying, ProfileSet.dnsEntries(mine), reapply, file.servers(),
                Planner.defaultRouteMetrics(ip, rtnl));
        pendingDnsOrder = order;
        boolean ours = org.bondctl.dns.ResolvConf.isBondctls(env.resolvConf());
        boolean speaks = entries.stream().anyMatch(e -> !e.servers().isEmpty());
        if (!speaks && !stale && !ours) {
            return null;
        }
        List<java.net.InetAddress> servers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        String ifname = null;
        List<ProfileSet.DnsEntry> ordered = ProfileSet.dnsOrder(entries); // sorted already: the negative priority's cut
        for (ProfileSet.DnsEntry e : ordered) {
            if (!e.servers().isEmpty()) {
                ifname = ifname == null ? e.profile().ifname() : ifname;
                e.servers().stream().filter(x -> !servers.contains(x)).forEach(servers::add);
            }
            // a profile's domains count without servers of its own, as in NM
            e.search().stream().filter(x -> !search.contains(x)).forEach(search::add);
        }
        // NM writes the options line; an administrator's own stays while no profile names options in a file not bondctl's
        boolean ownOptions = ours || entries.stream().anyMatch(ProfileSet.DnsEntry::hasOptions);
        return new NetworkSpec.DnsSpec(servers, search, ifname, ownOptions ? ProfileSet.dnsOptions(ordered) : null);
    }

    /** Interface names with an active profile, for device status. */
    Set<String> activeInterfaces(List<Profile> all) {
        Set<String> out = new java.util.HashSet<>();
        all.stream().filter(p -> active(p, all)).forEach(p -> out.add(p.ifname()));
        return out;
    }
}
