package org.bondctl.plan;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.VlanInfo;
import org.bondctl.rtnl.VlanQos;

/**
 * The interface operations of bondctl's library API, next to {@link Bonds}: addresses,
 * routes, MTU, VLANs and admin state of any interface. Each change is checked first and runs
 * as a plan through the {@link Executor}. Not thread-safe.
 */
public final class Interfaces {
    /** VLAN ids 1-4094: 0 means "priority tag only" and 4095 is reserved (IEEE 802.1Q). */
    public static final int VLAN_ID_MIN = 1;
    /** The highest VLAN id (4095 is reserved, IEEE 802.1Q). */
    public static final int VLAN_ID_MAX = 4094;

    private final Rtnetlink rtnl;
    private final Consumer<String> notices;

    /** Interfaces over {@code rtnl}'s namespace, notices to {@code notices} (Bonds.interfaces() gives one). */
    public Interfaces(Rtnetlink rtnl, Consumer<String> notices) {
        this.rtnl = rtnl;
        this.notices = notices;
    }

    private UndoLog run(Step... steps) {
        return executor().execute(Plan.of(steps));
    }

    private Executor executor() {
        return new Executor(rtnl, notices).journaled(Journal.dir());
    }

    private Link require(String name, String op) {
        return rtnl.require(name);
    }

    // ------------------------------------------------------------------ state

    /** Equivalent to: {@code ip link set dev NAME up|down}. */
    public void setUp(String name, boolean up) {
        Link l = require(name, up ? "up" : "down");
        executor().knowing(List.of(l)).execute(Plan.of(new Step.SetLinkUp(name, up, null)));
    }

    /**
     * Sets the MTU, within the device's range; a VLAN's may not exceed its parent's, and a
     * bond's must suit every port (the kernel gives a bond's ports its MTU). Equivalent to:
     * {@code ip link set dev NAME mtu MTU}.
     */
    public void setMtu(String name, int mtu) {
        String op = "set " + name + " mtu " + mtu;
        Link l = require(name, op);
        run(checkedMtu(rtnl, op, l, mtu));
    }

    /** The MTU step for {@code l}, once the kernel's rules are checked. */
    static Step.SetMtu checkedMtu(Rtnetlink rtnl, String op, Link l, int mtu) {
        String name = l.name();
        checkMtu(op, l, mtu);
        if (l.isVlan()) {
            Link parent = rtnl.link(l.parent()).orElse(null);
            if (parent != null && mtu > parent.mtu()) {
                throw BondctlException.invalid(op + ": larger than the mtu of its parent " + parent.name() + " ("
                        + parent.mtu() + "); raise that first (the kernel refuses it: vlan_change_mtu)");
            }
        }
        if (l.isBond()) {
            for (Link p : rtnl.ports(l.index())) {
                checkMtu(op + " (port " + p.name() + ")", p, mtu);
            }
        }
        if (l.isBondPort()) {
            Link bond = rtnl.link(l.master()).orElse(null);
            if (bond != null && bond.mtu() != mtu) {
                throw BondctlException.invalid(op + ": " + name + " is a port of " + bond.name() + ", whose mtu ("
                        + bond.mtu() + ") its ports follow; set the bond's mtu instead");
            }
        }
        return new Step.SetMtu(name, mtu, l.mtu());
    }

    private static void checkMtu(String op, Link l, int mtu) {
        int min = l.minMtu() > 0 ? l.minMtu() : Rtnl.ETH_MIN_MTU;
        int max = l.maxMtu() > 0 ? l.maxMtu() : 65535;
        if (mtu < min || mtu > max) {
            throw BondctlException.invalid(op + ": out of range for " + l.name() + " (" + min + "-" + max + ")");
        }
    }

    // ------------------------------------------------------------------ VLANs

    /**
     * Creates a VLAN on {@code parent} and brings it up. Equivalent to: {@code ip link add link
     * PARENT name NAME type vlan id ID protocol 802.1Q|802.1ad; ip link set NAME up}.
     */
    public void addVlan(String parent, int id, String name, int protocol, int mtu, VlanQos qos) {
        String op = "vlan add " + name;
        if (id < VLAN_ID_MIN || id > VLAN_ID_MAX) {
            throw BondctlException.invalid(op + ": VLAN id " + id + " is out of range " + VLAN_ID_MIN + "-" + VLAN_ID_MAX
                    + " (0 is a priority tag, 4095 is reserved)");
        }
        Rtnetlink.checkName(name);
        Link p = require(parent, op);
        if (rtnl.link(name).isPresent()) {
            throw BondctlException.conflict(op + ": an interface named " + name + " already exists");
        }
        for (Link v : vlansOn(p)) {
            VlanInfo info = VlanInfo.of(v);
            if (info.id() == id && info.protocol() == protocol) {
                throw BondctlException.conflict(op + ": " + v.name() + " is already VLAN " + id + " on " + parent);
            }
        }
        if (!p.isUp()) {
            // the kernel would make it and then refuse to bring it up (ENETDOWN)
            throw BondctlException.conflict(op + ": " + parent + " is down, and a VLAN comes up only on an up parent"
                    + " (bondctl up " + parent + " first)");
        }
        List<Step> steps = new ArrayList<>(List.of(new Step.CreateVlan(name, parent, id, protocol)));
        if (!qos.equals(VlanQos.DEFAULT)) {
            steps.add(new Step.SetVlanQos(name, qos, VlanQos.DEFAULT));
        }
        if (mtu > 0) {
            if (mtu > p.mtu()) {
                throw BondctlException.invalid(op + ": mtu " + mtu + " is larger than the mtu of " + parent + " (" + p.mtu() + ")");
            }
            checkMtu(op, p, mtu);
            steps.add(new Step.SetMtu(name, mtu, 0));
        }
        steps.add(new Step.SetLinkUp(name, true, null));
        executor().execute(new Plan(steps, List.of()));
    }

    /**
     * A VLAN's flags and priority maps, changed in place. Equivalent to: {@code ip link set NAME
     * type vlan reorder_hdr .. gvrp .. loose_binding .. mvrp .. ingress-qos-map .. egress-qos-map ..}.
     */
    public void setVlanQos(String name, VlanQos qos) {
        Link l = require(name, "vlan set");
        VlanQos now = VlanQos.of(l);
        if (now == null) {
            throw BondctlException.invalid("vlan set " + name + ": not a VLAN (kind " + (l.kind() == null ? "none" : l.kind()) + ")");
        }
        if (!now.equals(qos)) {
            run(new Step.SetVlanQos(name, qos, now));
        }
    }

    /** Deletes a VLAN (only a VLAN). Equivalent to: {@code ip link del NAME}. */
    public void deleteVlan(String name) {
        Link l = require(name, "vlan del");
        if (!l.isVlan()) {
            throw BondctlException.invalid("vlan del " + name + ": not a VLAN (kind " + (l.kind() == null ? "none" : l.kind()) + ")");
        }
        run(new Step.DeleteLink(name));
    }

    /** The VLANs whose lower device is {@code parent}. */
    public List<Link> vlansOn(Link parent) {
        return rtnl.links().stream().filter(l -> l.isVlan() && l.parent() == parent.index()).toList();
    }

    // ------------------------------------------------------------------ addresses

    /** Equivalent to: {@code ip addr add CIDR dev NAME}. */
    public void addAddress(String ifname, Address a) {
        addAddress(ifname, a, 0);
    }

    /**
     * Equivalent to: {@code ip addr add CIDR dev NAME metric M}: the kernel's prefix route for the
     * address gets metric {@code metric} (0: the family's default).
     */
    public void addAddress(String ifname, Address a, int metric) {
        String op = "addr add " + a + " dev " + ifname;
        Link l = require(ifname, op);
        if (rtnl.addresses(l.index()).contains(a)) { // the journal's inverse of an add deletes: only what this added
            throw BondctlException.conflict(op + ": " + ifname + " has that address already");
        }
        run(new Step.AddAddress(ifname, a, metric));
    }

    /** Equivalent to: {@code ip addr del CIDR dev NAME}. */
    public void deleteAddress(String ifname, Address a) {
        String op = "addr del " + a + " dev " + ifname;
        Link l = require(ifname, op);
        org.bondctl.rtnl.AddressEntry e = rtnl.addressEntries().stream()
                .filter(x -> x.index() == l.index() && x.address().equals(a)).findFirst()
                .orElseThrow(() -> BondctlException.notFound(op + ": " + ifname + " has no such address"));
        run(new Step.DeleteAddress(ifname, a, e.rtPriority())); // its undo gives the prefix route its metric back
    }

    // ------------------------------------------------------------------ routes

    /**
     * Adds a route. The gateway must be on a network of the interface (or, without {@code
     * dev}, of some interface), as the kernel demands. Equivalent to: {@code ip route add DEST
     * [via GW] [dev IF] [metric M] [table T] proto static}.
     */
    public void addRoute(Address destination, InetAddress gateway, String dev, int metric, int table) {
        addRoute(destination, gateway, dev, metric, table, org.bondctl.rtnl.RouteAttrs.NONE);
    }

    /**
     * {@link #addRoute(Address, InetAddress, String, int, int)} with attributes (src, mtu,
     * onlink ...); an on-link next hop needs {@code dev} and may lie on no network of it.
     */
    public void addRoute(Address destination, InetAddress gateway, String dev, int metric, int table,
            org.bondctl.rtnl.RouteAttrs attrs) {
        Route r = Route.of(destination, gateway, 0, metric, table, attrs);
        String op = "route add " + r.destinationText() + (gateway == null ? "" : " via " + Address.text(gateway))
                + (dev == null ? "" : " dev " + dev);
        if (gateway == null && dev == null) {
            throw BondctlException.invalid(op + ": name a gateway (via GW) or an interface (dev IF)");
        }
        if (attrs.onlink() && (dev == null || gateway == null)) {
            throw BondctlException.invalid(op + ": onlink needs a gateway (via GW) and its interface (dev IF)");
        }
        Link link = dev == null ? null : require(dev, op);
        Map<Integer, List<Address>> all = rtnl.allAddresses();
        if (gateway != null && !gateway.isLinkLocalAddress() && !attrs.onlink()) {
            List<Link> candidates = link != null ? List.of(link) : rtnl.links();
            Optional<Link> on = candidates.stream()
                    .filter(l -> Address.onLink(gateway, all.getOrDefault(l.index(), List.of()))).findFirst();
            if (on.isEmpty()) {
                throw BondctlException.invalid(op + ": the gateway is on no network of "
                        + (link == null ? "any interface" : dev) + "; the kernel would refuse it (ENETUNREACH)");
            }
            link = on.get();
        } else if (gateway != null && link == null) {
            throw BondctlException.invalid(op + ": a link-local gateway needs 'dev IF'");
        }
        final int oif = link.index();
        if (rtnl.routes().stream().anyMatch(x -> x.sameAs(r.withOif(oif)))) {
            throw BondctlException.conflict(op + ": that route exists already");
        }
        run(new Step.AddRoute(link.name(), r));
    }

    /**
     * Deletes the route to {@code destination} (null: default) of that family that matches what
     * is given (gateway, interface, metric, table; unset values match any), whoever installed
     * it; of several, the one with the lowest metric. Equivalent to: {@code ip route del ...}.
     */
    public void deleteRoute(int family, Address destination, InetAddress gateway, String dev, Integer metric, int table) {
        String dst = destination == null ? "default" : destination.toString();
        String op = "route del " + dst + (gateway == null ? "" : " via " + Address.text(gateway)) + (dev == null ? "" : " dev " + dev);
        Link link = dev == null ? null : require(dev, op);
        InetAddress net = destination == null || destination.prefix() == 0 ? null : Route.network(destination);
        int prefix = destination == null ? 0 : destination.prefix();
        Integer wantMetric = metric == null ? null : family == Rtnl.AF_INET6 && metric == 0 ? Rtnl.IP6_RT_PRIO_USER : metric;
        List<Route> match = rtnl.routes().stream()
                .filter(r -> r.family() == family && r.prefix() == prefix
                        && java.util.Objects.equals(r.destination(), net) && r.table() == table
                        && (gateway == null || gateway.equals(r.gateway()))
                        && (link == null || r.oif() == link.index())
                        && (wantMetric == null || r.effectiveMetric() == wantMetric))
                .sorted(Comparator.comparingInt(Route::metric)).toList();
        if (match.isEmpty()) {
            throw BondctlException.notFound(op + ": no such route");
        }
        Route r = match.get(0);
        String name = rtnl.link(r.oif()).map(Link::name).orElse(null);
        run(new Step.DeleteRoute(name, r.withOif(0)));
    }
}
