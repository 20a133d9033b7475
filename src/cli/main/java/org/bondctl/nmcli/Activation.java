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
import org.bondctl.profile.Profile;
import org.bondctl.profile.ProfileSet;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Rtnetlink;

/**
 * What "active" means without NetworkManager, and {@code connection up|down}: a bond or VLAN
 * profile is active when its interface exists and is up; a port profile when its interface is
 * enslaved to its bond. {@code up} reaches the profile's state through the planner (a bond with
 * its ports, in place where the kernel allows: no teardown as NM does); {@code down} removes
 * the bond or VLAN (and the VLANs on a bond), or releases the port, as NM does on deactivation.
 */
final class Activation implements AutoCloseable {
    private final Rtnetlink rtnl;
    private final Nmcli.Env env;
    private final Map<String, Link> links = new HashMap<>();

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

    Optional<Link> link(String name) {
        return Optional.ofNullable(name == null ? null : links.get(name));
    }

    boolean active(Profile p, List<Profile> all) {
        Optional<Link> l = link(p.ifname());
        if (l.isEmpty()) {
            return false;
        }
        if (p.type() == Profile.Type.PORT) {
            String bond = controller(p, all);
            return l.get().master() != 0 && link(bond).map(b -> b.index() == l.get().master()).orElse(false);
        }
        return l.get().isUp() && (p.type() != Profile.Type.OTHER || l.get().master() == 0);
    }

    /** The interface name of a port's bond (its master= may name the bond's profile by id or UUID). */
    static String controller(Profile port, List<Profile> all) {
        for (Profile b : all) {
            if (b.type() == Profile.Type.BOND && b.isNamedBy(port.master())) {
                return b.ifname();
            }
        }
        return port.master();
    }

    void up(Profile p, List<Profile> all) {
        up(p, all, true);
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
        try {
            // named, it comes up whatever its autoconnect says, and a port's bond with it; the
            // others only when 'connection down' or 'device disconnect' did not block them
            List<Profile> involved = new ArrayList<>(involved(p, all));
            if (env.systemRoot()) {
                RuntimeMarks blocked = RuntimeMarks.blocked();
                involved.removeIf(q -> q != p && q.type() != Profile.Type.BOND && blocked.has(q.uuid()));
            }
            List<Profile> named = new ArrayList<>(List.of(p));
            if (p.type() == Profile.Type.PORT) {
                involved.stream().filter(b -> b.type() == Profile.Type.BOND && b.isNamedBy(p.master())).forEach(named::add);
            }
            if (!vlans || p.type() != Profile.Type.BOND) {
                // only the bond's own up re-activates it (and drops a port whose autoconnect is off, as
                // NM's does); a reapply, or the up of a VLAN on it or of one port, leaves its active ports be
                involved.stream().filter(q -> q.type() == Profile.Type.PORT && active(q, all)).forEach(named::add);
            }
            set = ProfileSet.of(involved, named);
        } catch (BondctlException e) {
            throw new NmcliException(NmcliException.ACTIVATION, "Connection activation failed: " + e.getMessage());
        }
        String target = switch (p.type()) {
            case BOND, VLAN -> p.ifname();
            case PORT -> controller(p, all);
            default -> throw new NmcliException(NmcliException.USAGE, "bondctl nmcli brings up bond, bond port and VLAN"
                    + " connections; '" + p.id() + "' is a plain " + Props.typeName(p) + " connection");
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
        if (vlans && full.bonds().stream().anyMatch(b -> b.name().equals(target))) {
            for (boolean more = true; more; ) {
                more = false;
                for (NetworkSpec.VlanSpec v : full.vlans()) {
                    if (names.contains(v.parent()) && names.add(v.name())) {
                        more = true;
                    }
                }
            }
        }
        // a bond profile renamed while active: its bond is renamed rather than a second one made
        String movedFrom = p.type() == Profile.Type.BOND && env.systemRoot() ? RuntimeMarks.moved().get(p.uuid()) : null;
        // an active bond or VLAN brought up again: NM deactivates it first, which flushes its
        // addresses, so an IPv6 family it then ignores has none left (seen: manual, then ignore)
        boolean again = vlans && (p.type() == Profile.Type.BOND || p.type() == Profile.Type.VLAN) && active(p, all);
        NetworkSpec spec = new NetworkSpec(full.bonds().stream().filter(b -> b.name().equals(target))
                .map(b -> movedFrom == null ? b : b.renamedFrom(movedFrom)).toList(),
                full.vlans().stream().filter(v -> names.contains(v.name())).toList(),
                full.ip().stream().filter(i -> names.contains(i.ifname()))
                        .map(i -> again && i.ifname().equals(target) && p.ipv6().method().equals("ignore") ? flushed6(i) : i)
                        .toList(), full.dns());
        if (spec.bonds().isEmpty() && spec.vlans().isEmpty()) {
            throw new NmcliException(NmcliException.ACTIVATION, "Connection activation failed: no applicable profile for "
                    + target + " (autoconnect off, or its bond has no profile)");
        }
        try {
            Plan plan = Planner.plan(spec, rtnl, env.resolvConf());
            new Executor(rtnl, n -> { }).journaled(Journal.dir()).execute(plan);
        } catch (BondctlException e) {
            throw new NmcliException(NmcliException.ACTIVATION, "Connection activation failed: " + e.getMessage());
        }
        if (movedFrom != null) {
            RuntimeMarks.moved().clear(p.uuid());
        }
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

    void down(Profile p, List<Profile> all) {
        List<Step> steps = new ArrayList<>();
        switch (p.type()) {
            case BOND -> {
                Link bond = links.get(p.ifname());
                for (Link l : links.values()) {
                    if (l.isVlan() && l.parent() == bond.index()) {
                        steps.add(new Step.DeleteLink(l.name()));
                    }
                }
                steps.add(new Step.DeleteLink(p.ifname()));
                // the kernel closes each port it releases; NM, which manages the NICs, has them up again
                for (Link l : links.values()) {
                    if (l.master() == bond.index() && !l.isVlan()) {
                        steps.add(new Step.SetLinkUp(l.name(), true, null));
                    }
                }
            }
            case VLAN -> steps.add(new Step.DeleteLink(p.ifname()));
            case PORT -> {
                steps.add(new Step.Release(controller(p, all), p.ifname(), Map.of(), null));
                steps.add(new Step.SetLinkUp(p.ifname(), true, null)); // as for a bond's ports, above
            }
            default -> throw new NmcliException(NmcliException.USAGE, "bondctl nmcli takes down bond, bond port and VLAN"
                    + " connections; '" + p.id() + "' is a plain " + Props.typeName(p) + " connection");
        }
        try {
            new Executor(rtnl, n -> { }).journaled(Journal.dir()).execute(new Plan(steps, List.of()));
        } catch (BondctlException e) {
            throw new NmcliException(NmcliException.DEACTIVATION, "Connection deactivation failed: " + e.getMessage());
        }
    }

    /** Interface names with an active profile, for device status. */
    Set<String> activeInterfaces(List<Profile> all) {
        Set<String> out = new java.util.HashSet<>();
        all.stream().filter(p -> active(p, all)).forEach(p -> out.add(p.ifname()));
        return out;
    }
}
