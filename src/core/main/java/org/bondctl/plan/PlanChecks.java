package org.bondctl.plan;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bondctl.bond.BondState;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.NetworkSpec.BondSpec;
import org.bondctl.plan.NetworkSpec.FamilySpec;
import org.bondctl.plan.NetworkSpec.IpSpec;
import org.bondctl.plan.NetworkSpec.PortSpec;
import org.bondctl.plan.NetworkSpec.VlanSpec;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.MacAddress;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.VlanInfo;

/**
 * The {@link Planner}'s checks of a whole {@link NetworkSpec} against the kernel, before any
 * step is planned: names and kinds, ports and their masters, NICs a plain profile configures, duplicate queue ids, nested bonds,
 * MTU ranges (a VLAN's against its parent's), IPv6 under the minimum MTU, duplicate routes and
 * gateways on no network of their interface. Each refusal names the profile line.
 */
final class PlanChecks {
    private final KernelView k;
    /** Interface name -> MTU it will have (for VLAN checks against their parent). */
    private final Map<String, Integer> mtuAfter = new HashMap<>();

    /** What the checks let through with a change the kernel imposes (a VLAN's MTU held to its parent's). */
    final List<String> notices = new java.util.ArrayList<>();

    PlanChecks(KernelView k) {
        this.k = k;
    }

    /**
     * What the kernel would refuse half-way, refused before anything changes. Returns the MTU
     * each bond and VLAN of the spec will have (a VLAN's is checked against its parent's).
     */
    Map<String, Integer> check(NetworkSpec spec) {
        Set<String> planned = new HashSet<>();
        spec.bonds().forEach(b -> planned.add(b.name()));
        spec.vlans().forEach(v -> planned.add(v.name()));
        spec.bridges().forEach(b -> planned.add(b.name()));
        for (BondSpec b : spec.bonds()) {
            k.link(b.name()).filter(l -> !l.isBond()).ifPresent(l -> {
                throw BondctlException.conflict(b.where() + ": " + b.name() + " exists and is not a bond (kind "
                        + (l.kind() == null ? "none" : l.kind()) + "); delete it first");
            });
            checkMac(b);
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
        Set<String> ports = new HashSet<>();
        spec.bonds().forEach(b -> ports.addAll(b.portNames()));
        for (NetworkSpec.NicSpec n : spec.nics()) {
            Link l = k.link(n.name()).orElseThrow(() -> BondctlException.notFound(n.where() + ": " + n.name()
                    + ": no such interface (an ethernet profile configures a NIC that exists)"));
            if (l.isBond() || l.isVlan() || planned.contains(n.name())) {
                throw BondctlException.invalid(n.where() + ": " + n.name() + " is a " + (l.isVlan() ? "VLAN" : "bond")
                        + ", not an Ethernet device: an ethernet profile cannot configure it");
            }
            if (ports.contains(n.name())) {
                throw BondctlException.invalid(n.where() + ": " + n.name() + " is a port of a bond in the same change;"
                        + " a port has no configuration of its own");
            }
            if (l.master() != 0 && !l.isBondPort()) {
                throw BondctlException.conflict(n.where() + ": " + n.name() + " is enslaved to a "
                        + (l.slaveKind() == null ? "non-bond" : l.slaveKind()) + " master; release it first");
            }
            if (n.mac() != null) {
                unicast(n.name(), n.mac(), n.where());
            }
            checkMtu(n.name(), n.mtu(), l, n.where());
            mtuAfter.put(n.name(), n.mtu() > 0 ? n.mtu() : l.mtu());
        }
        for (VlanSpec v : spec.vlans()) {
            if (v.mac() != null) {
                unicast(v.name(), v.mac(), v.where());
            }
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
                // made anew (the kernel changes none of the three), which it cannot be under what rests on it
                if (!v.is(info, parentNow) && (!k.vlansOn(l).isEmpty() || l.master() != 0)) {
                    throw BondctlException.conflict(v.where() + ": VLAN " + v.name() + " exists as link " + parentNow + " id "
                            + info.id() + " protocol " + info.protocolName() + ", and " + (l.master() != 0
                            ? "is enslaved to " + k.name(l.master()) : "VLANs rest on it") + "; the kernel cannot change"
                            + " that in place, and making it anew would take them with it: delete them first");
                }
            });
            int parentMtu = mtuAfter.getOrDefault(v.parent(), parent.map(Link::mtu).orElse(1500));
            if (v.mtu() > 0) {
                checkMtu(v.name(), v.mtu(), k.link(v.name()).orElse(null), v.where());
                if (v.mtu() > parentMtu) {
                    // NM activates it all the same, its MTU where the kernel keeps it (vlan_change_mtu())
                    notices.add(v.where() + ": VLAN " + v.name() + ": mtu " + v.mtu() + " is larger than its parent "
                            + v.parent() + "'s mtu " + parentMtu + ", which the kernel holds it to: it gets " + parentMtu);
                }
            }
            // one without an MTU of its own that has its parent's follows it up too (see Planner#growVlanMtus)
            int now = k.link(v.name()).map(Link::mtu).orElse(parentMtu);
            boolean follows = parent.map(Link::mtu).orElse(-1) == now;
            mtuAfter.put(v.name(), v.mtu() > 0 ? Math.min(v.mtu(), parentMtu) : follows ? parentMtu : Math.min(parentMtu, now));
        }
        checkBridges(spec, planned);
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
        return mtuAfter;
    }

    /**
     * Bridges: a name that is no other kind of link; ports that exist or that the spec makes
     * (bonds, VLANs), in one bridge each, no bridge themselves (the kernel refuses a bridge in a
     * bridge, ELOOP), no port of a bond nor configured by a profile of their own, and enslaved to
     * nothing but a bridge (a bridge port moves). Records each bridge's MTU: its own, else its
     * smallest port's (br_mtu_auto_adjust()).
     */
    private void checkBridges(NetworkSpec spec, Set<String> planned) {
        Map<String, String> portOf = new HashMap<>();
        spec.bonds().forEach(b -> b.portNames().forEach(p -> portOf.put(p, "bond " + b.name())));
        spec.nics().forEach(n -> portOf.put(n.name(), "its own ethernet profile"));
        Set<String> bridges = new HashSet<>();
        spec.bridges().forEach(b -> bridges.add(b.name()));
        for (NetworkSpec.BridgeSpec b : spec.bridges()) {
            k.link(b.name()).filter(l -> !l.isBridge()).ifPresent(l -> {
                throw BondctlException.conflict(b.where() + ": " + b.name() + " exists and is not a bridge (kind "
                        + (l.kind() == null ? "none" : l.kind()) + "); delete it first");
            });
            if (b.mac() != null) {
                unicast(b.name(), b.mac(), b.where());
            }
            int auto = Integer.MAX_VALUE;
            for (NetworkSpec.BridgePortSpec p : b.ports()) {
                Optional<Link> l = k.link(p.name());
                if (l.isEmpty() && !planned.contains(p.name())) {
                    throw BondctlException.notFound(p.where() + ": port " + p.name() + " of bridge " + b.name()
                            + ": no such interface, and no profile creates it");
                }
                if (bridges.contains(p.name()) || l.map(Link::isBridge).orElse(false)) {
                    throw BondctlException.invalid(p.where() + ": port " + p.name() + " of " + b.name() + " is a bridge"
                            + " itself; the kernel does not put a bridge in a bridge (ELOOP)");
                }
                String other = portOf.putIfAbsent(p.name(), "bridge " + b.name());
                if (other != null) {
                    throw BondctlException.invalid(p.where() + ": " + p.name() + " is a port of bridge " + b.name()
                            + " and of " + other + "; an interface has one controller");
                }
                boolean released = l.isPresent() && l.get().isBondPort() && spec.bonds().stream()
                        .anyMatch(x -> x.name().equals(k.name(l.get().master())) && !x.portNames().contains(p.name()));
                if (l.isPresent() && l.get().master() != 0 && !l.get().isBridgePort() && !released) {
                    throw BondctlException.conflict(p.where() + ": " + p.name() + " is enslaved to a "
                            + (l.get().slaveKind() == null ? "non-bridge" : l.get().slaveKind()) + " master ("
                            + k.name(l.get().master()) + "); release it first");
                }
                auto = Math.min(auto, mtuAfter.getOrDefault(p.name(), l.map(Link::mtu).orElse(1500)));
            }
            checkMtu(b.name(), b.mtu(), k.link(b.name()).orElse(null), b.where());
            mtuAfter.put(b.name(), b.mtu() > 0 ? b.mtu() : auto == Integer.MAX_VALUE
                    ? k.link(b.name()).map(Link::mtu).orElse(1500) : auto);
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
        for (Route r : IpPlanner.wantedRoutes(fs)) {
            for (Route s : seen) {
                if (s.sameAs(r)) {
                    throw BondctlException.invalid(fs.where() + ": " + ifname + ": route " + r.destinationText()
                            + " (table " + r.table() + ", metric " + r.metric() + ") is given twice");
                }
            }
            seen.add(r);
            // a gateway on no network of the interface gets a route to itself (IpPlanner.withGatewayRoutes), as with NM
        }
    }

    /**
     * A bond's own address (ethernet.cloned-mac-address): a unicast one, and not in
     * active-backup with fail_over_mac, where the kernel keeps the bond's address with the active
     * port and takes an address set on the bond without changing it (bond_set_mac_address());
     * NetworkManager's activation fails there.
     */
    private void checkMac(BondSpec b) {
        if (b.mac() == null) {
            return;
        }
        unicast(b.name(), b.mac(), b.where());
        // each as the profile has it, else as the live bond has it, else the kernel's default
        BondSettings now = k.bond(b.name()).map(BondState::options)
                .orElse(new BondSettings());
        BondSettings modeFrom = b.settings().has(BondOption.MODE) ? b.settings() : now;
        BondSettings fomFrom = b.settings().has(BondOption.FAIL_OVER_MAC) ? b.settings() : now;
        if (modeFrom.mode(BondMode.BALANCE_RR) == BondMode.ACTIVE_BACKUP && fomFrom.number(BondOption.FAIL_OVER_MAC, 0) != 0) {
            throw BondctlException.invalid(b.where() + ": " + b.name() + ": ethernet.cloned-mac-address " + b.mac()
                    + " with fail_over_mac=" + fomFrom.text(BondOption.FAIL_OVER_MAC).split(" ")[0]
                    + ": the bond's address follows its active port, and the"
                    + " kernel ignores one set on the bond (NetworkManager's activation fails); use fail_over_mac=none,"
                    + " or no cloned address");
        }
    }

    private static void unicast(String name, MacAddress mac, String where) {
        if (mac.isMulticast() || mac.isZero()) {
            throw BondctlException.invalid(where + ": " + name + ": ethernet.cloned-mac-address " + mac + " is not a unicast"
                    + " address: the kernel refuses it (EADDRNOTAVAIL)");
        }
    }
}
