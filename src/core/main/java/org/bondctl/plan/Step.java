package org.bondctl.plan;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.bridge.BridgeOption;
import org.bondctl.bridge.BridgePortOption;
import org.bondctl.bridge.Bridges;
import org.bondctl.bridge.VlanTable;
import org.bondctl.dns.ResolvConf;
import org.bondctl.dns.Resolved;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.MacAddress;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.RoutingRule;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.VlanQos;

/**
 * One change to the kernel or to resolv.conf, as data. A plan is a list of steps; {@code diff}
 * prints their {@link #changes}, {@code apply} and every live command run them through the
 * {@link Executor}, which records each step's {@link #inverse} in one {@link UndoLog}.
 * Interfaces are named, not indexed: a step may name a bond that an earlier step creates.
 * The inverse is computed from what the planner saw before the change (the "have" values the
 * steps carry), so it is known before the step runs and can be written down first.
 */
public sealed interface Step {
    /** Makes the change. */
    void run(StepRunner r);

    /** The steps that put back what this one changes, in the order to run them. */
    List<Step> inverse();

    /** The lines {@code diff} and {@code apply} print for it. */
    List<Change> changes();

    /** A notice printed as the step runs (an outage), or null. */
    default String announce() {
        return null;
    }

    /** {@code ip link add NAME type bond OPTIONS}. */
    record CreateBond(String name, BondSettings settings) implements Step {
        public void run(StepRunner r) {
            r.createBond(this);
        }

        public List<Step> inverse() {
            return List.of(new DeleteLink(name));
        }

        public List<Change> changes() {
            return List.of(new Change(name, "create bond", null, text(settings, settings.inKernelOrder()), null));
        }
    }

    /** {@code ip link del NAME}. Not undone: plans delete last. */
    record DeleteLink(String name) implements Step {
        public void run(StepRunner r) {
            r.deleteLink(this);
        }

        public List<Step> inverse() {
            return List.of();
        }

        public List<Change> changes() {
            return List.of(Change.of(name, "delete"));
        }
    }

    /**
     * {@code ip link set NAME address MAC} (ethernet.cloned-mac-address): a bond gives it to its
     * ports (bond_set_mac_address(), but with fail_over_mac, which the plan refuses). {@code old}
     * null: the link is new, and its undo deletes it.
     */
    record SetMac(String name, MacAddress mac, MacAddress old) implements Step {
        public void run(StepRunner r) {
            r.setMac(this);
        }

        public List<Step> inverse() {
            return old == null ? List.of() : List.of(new SetMac(name, old, mac));
        }

        public List<Change> changes() {
            return List.of(new Change(name, "address", old == null ? null : old.toString(), mac.toString(), null));
        }
    }

    /**
     * {@code ip link set FROM name TO}: a bond whose profile's interface-name changed while it
     * was active keeps its ports and options under the new name (NetworkManager deletes the old
     * device and makes a new one). The link is down: the plan takes it down first.
     */
    record RenameLink(String from, String to) implements Step {
        public void run(StepRunner r) {
            r.renameLink(this);
        }

        public List<Step> inverse() {
            return List.of(new RenameLink(to, from));
        }

        public List<Change> changes() {
            return List.of(new Change(from, "name", from, to, null));
        }
    }

    /**
     * {@code sysctl net.ipv6.conf.NAME.disable_ipv6}: 1 for a profile whose ipv6.method is
     * disabled, 0 for the others, as NetworkManager sets it when it activates one. Disabling
     * drops the link's IPv6 addresses and routes (addrconf_ifdown()); those the plan manages are
     * steps of their own before this one, and enabling gives back the kernel's link-local one.
     * {@code old} null: the link is new, and its undo deletes it.
     */
    record SetIpv6Disabled(String name, boolean disabled, Boolean old) implements Step {
        public void run(StepRunner r) {
            r.setIpv6Disabled(this);
        }

        public List<Step> inverse() {
            return old == null ? List.of() : List.of(new SetIpv6Disabled(name, old, disabled));
        }

        public List<Change> changes() {
            return List.of(new Change(name, "disable_ipv6", old == null ? null : old ? "1" : "0", disabled ? "1" : "0",
                    disabled ? "ipv6.method disabled" : null));
        }
    }

    /**
     * {@code ip link del NAME} of a VLAN whose parent, id or protocol the kernel cannot change:
     * the plan creates it anew after. Undone: the VLAN as it was ({@code mtu}, and up when
     * {@code up}); its addresses and routes are steps of their own before this one.
     */
    record DeleteVlan(String name, String parent, int id, int protocol, int mtu, boolean up, VlanQos qos)
            implements Step {
        public DeleteVlan {
            qos = qos == null ? VlanQos.DEFAULT : qos;
        }

        public void run(StepRunner r) {
            r.deleteLink(new DeleteLink(name));
        }

        public List<Step> inverse() {
            List<Step> back = new java.util.ArrayList<>(List.of(new CreateVlan(name, parent, id, protocol),
                    new SetMtu(name, mtu, 0)));
            if (!qos.equals(VlanQos.DEFAULT)) {
                back.add(new SetVlanQos(name, qos, VlanQos.DEFAULT));
            }
            if (up) {
                back.add(new SetLinkUp(name, true, null));
            }
            return back;
        }

        public List<Change> changes() {
            return List.of(new Change(name, "delete vlan", "link " + parent + " id " + id + " protocol "
                    + CreateVlan.protocolName(protocol), null, "to create it anew"));
        }
    }

    /**
     * {@code ip link set BOND type bond OPTIONS}, one option per request in IFLA_BOND_* order.
     * {@code have} holds the values before (for the options the kernel reported).
     */
    record SetBondOptions(String bond, BondSettings want, BondSettings have, String note) implements Step {
        public void run(StepRunner r) {
            r.setBondOptions(this);
        }

        public List<Step> inverse() {
            BondSettings back = new BondSettings();
            BondSettings forward = new BondSettings();
            for (BondOption o : want.inKernelOrder()) {
                if (have.has(o)) {
                    back.copy(o, have);
                    forward.copy(o, want);
                }
            }
            return back.isEmpty() ? List.of() : List.of(new SetBondOptions(bond, back, forward, null));
        }

        public List<Change> changes() {
            List<Change> out = new ArrayList<>();
            for (BondOption o : want.inKernelOrder()) {
                String from = have.has(o) ? have.text(o) : null;
                out.add(new Change(bond, o.kernelName(), from, want.text(o), note));
            }
            return out;
        }
    }

    /** {@code ip link set NAME up|down}. */
    record SetLinkUp(String name, boolean up, String announce) implements Step {
        public void run(StepRunner r) {
            r.setLinkUp(this);
        }

        public List<Step> inverse() {
            return List.of(new SetLinkUp(name, !up, null));
        }

        public List<Change> changes() {
            return List.of(new Change(name, up ? "up" : "down", null, null, up || announce == null ? null : "outage"));
        }
    }

    /** {@code ip link set PORT down; ip link set PORT master BOND; ip link set PORT up}. */
    record Enslave(String bond, String port, boolean portWasUp) implements Step {
        public void run(StepRunner r) {
            r.enslave(this);
        }

        public List<Step> inverse() {
            // The kernel closes a released port (__bond_release_one()): open it again if it was
            // up. And set it down if it was down: the enslave is one datagram (down, master, up)
            // whose "up" the kernel runs even when it refused the master, leaving no port to release.
            return List.of(new Release(bond, port, Map.of(), null), new SetLinkUp(port, portWasUp, null));
        }

        public List<Change> changes() {
            return List.of(Change.of(bond, "enslave " + port));
        }
    }

    /** {@code ip link set PORT nomaster}; {@code portOptions} are the port's before, for the inverse. */
    record Release(String bond, String port, Map<PortOption, Long> portOptions, String note) implements Step {
        /** Copies the port options. */
        public Release {
            portOptions = Collections.unmodifiableMap(new LinkedHashMap<>(portOptions));
        }

        public void run(StepRunner r) {
            r.release(this);
        }

        public List<Step> inverse() {
            List<Step> back = new ArrayList<>(List.of(new Enslave(bond, port, false)));
            Map<PortOption, Long> nonDefault = new LinkedHashMap<>();
            portOptions.forEach((o, v) -> {
                if (v != 0) {
                    nonDefault.put(o, v);
                }
            });
            if (!nonDefault.isEmpty()) {
                back.add(new SetPortOptions(port, nonDefault, Map.of()));
            }
            return back;
        }

        public List<Change> changes() {
            return List.of(Change.of(bond, "release " + port, note));
        }
    }

    /** {@code ip link set PORT type bond_slave OPTION VALUE ...}. */
    record SetPortOptions(String port, Map<PortOption, Long> want, Map<PortOption, Long> have) implements Step {
        /** Copies the option maps. */
        public SetPortOptions {
            want = Collections.unmodifiableMap(new LinkedHashMap<>(want));
            have = Collections.unmodifiableMap(new LinkedHashMap<>(have));
        }

        public void run(StepRunner r) {
            r.setPortOptions(this);
        }

        public List<Step> inverse() {
            Map<PortOption, Long> back = new LinkedHashMap<>();
            // a port option the kernel did not report was at its default, 0
            want.keySet().forEach(o -> back.put(o, have.getOrDefault(o, 0L)));
            return List.of(new SetPortOptions(port, back, want));
        }

        public List<Change> changes() {
            List<Change> out = new ArrayList<>();
            want.forEach((o, v) -> out.add(new Change(port, o.kernelName(),
                    have.containsKey(o) ? o.format(have.get(o)) : null, o.format(v), null)));
            return out;
        }
    }

    /** {@code ip link add NAME type bridge OPTIONS} (the kernel's units: forward_delay 1500 is 15 s). */
    record CreateBridge(String name, Map<BridgeOption, Long> options) implements Step {
        /** Copies the options. */
        public CreateBridge {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }

        public void run(StepRunner r) {
            r.createBridge(this);
        }

        public List<Step> inverse() {
            return List.of(new DeleteLink(name));
        }

        public List<Change> changes() {
            return List.of(new Change(name, "create bridge", null, Bridges.text(options), null));
        }
    }

    /** {@code ip link set NAME type bridge OPTION VALUE ...}; {@code have}: the values before, for the inverse. */
    record SetBridgeOptions(String name, Map<BridgeOption, Long> want, Map<BridgeOption, Long> have) implements Step {
        /** Copies the option maps. */
        public SetBridgeOptions {
            want = Collections.unmodifiableMap(new LinkedHashMap<>(want));
            have = Collections.unmodifiableMap(new LinkedHashMap<>(have));
        }

        public void run(StepRunner r) {
            r.setBridgeOptions(this);
        }

        public List<Step> inverse() {
            Map<BridgeOption, Long> back = Bridges.only(have, want.keySet());
            return back.isEmpty() ? List.of() : List.of(new SetBridgeOptions(name, back, want));
        }

        public List<Change> changes() {
            List<Change> out = new ArrayList<>();
            want.forEach((o, v) -> out.add(new Change(name, o.kernelName(),
                    have.containsKey(o) ? Long.toString(have.get(o)) : null, Long.toString(v), null)));
            return out;
        }
    }

    /**
     * {@code ip link set PORT master BRIDGE}: a bond, VLAN or NIC joins a bridge. Unlike a bond, a
     * bridge takes a port that is up, and it stays up.
     */
    record JoinBridge(String bridge, String port) implements Step {
        public void run(StepRunner r) {
            r.joinBridge(this);
        }

        public List<Step> inverse() {
            return List.of(new LeaveBridge(bridge, port, Map.of(), null));
        }

        public List<Change> changes() {
            return List.of(Change.of(bridge, "add port " + port));
        }
    }

    /** {@code ip link set PORT nomaster}, from a bridge; {@code portOptions}: the port's before, for the inverse. */
    record LeaveBridge(String bridge, String port, Map<BridgePortOption, Long> portOptions, String note, VlanTable vlans)
            implements Step {
        /** Copies the port options. {@code vlans}: the port's VLANs in a VLAN-filtering bridge, for the inverse (else null). */
        public LeaveBridge {
            portOptions = Collections.unmodifiableMap(new LinkedHashMap<>(portOptions));
        }

        public LeaveBridge(String bridge, String port, Map<BridgePortOption, Long> portOptions, String note) {
            this(bridge, port, portOptions, note, null);
        }

        public void run(StepRunner r) {
            r.leaveBridge(this);
        }

        public List<Step> inverse() {
            List<Step> back = new ArrayList<>(List.of(new JoinBridge(bridge, port)));
            if (!portOptions.isEmpty()) {
                back.add(new SetBridgePortOptions(port, portOptions, Map.of()));
            }
            if (vlans != null) {
                back.add(new SetBridgeVlans(port, false, vlans, null));
            }
            return back;
        }

        public List<Change> changes() {
            return List.of(Change.of(bridge, "remove port " + port, note));
        }
    }

    /** {@code ip link set PORT type bridge_slave priority .. cost .. hairpin ..}. */
    record SetBridgePortOptions(String port, Map<BridgePortOption, Long> want, Map<BridgePortOption, Long> have)
            implements Step {
        /** Copies the option maps. */
        public SetBridgePortOptions {
            want = Collections.unmodifiableMap(new LinkedHashMap<>(want));
            have = Collections.unmodifiableMap(new LinkedHashMap<>(have));
        }

        public void run(StepRunner r) {
            r.setBridgePortOptions(this);
        }

        public List<Step> inverse() {
            Map<BridgePortOption, Long> back = Bridges.only(have, want.keySet());
            return back.isEmpty() ? List.of() : List.of(new SetBridgePortOptions(port, back, want));
        }

        public List<Change> changes() {
            List<Change> out = new ArrayList<>();
            want.forEach((o, v) -> out.add(new Change(port, "bridge " + o.kernelName(),
                    have.containsKey(o) ? Long.toString(have.get(o)) : null, Long.toString(v), null)));
            return out;
        }
    }

    /**
     * A bridge port's VLAN table, or the bridge's own ({@code self}), made {@code want}: the VLANs it
     * has and {@code want} has not deleted, the others added or given their flags.
     * {@code have}: the table before, for the inverse (null: none to put back, the device is new).
     * Equivalent to: {@code bridge vlan del|add dev NAME vid ID [pvid] [untagged] [self]}.
     */
    record SetBridgeVlans(String name, boolean self, VlanTable want, VlanTable have) implements Step {
        public void run(StepRunner r) {
            r.setBridgeVlans(this);
        }

        public List<Step> inverse() {
            return have == null ? List.of() : List.of(new SetBridgeVlans(name, self, have, want));
        }

        public List<Change> changes() {
            return List.of(new Change(name, self ? "bridge vlans" : "bridge port vlans", have == null ? null : have.toString(),
                    want.toString(), null));
        }
    }

    /** {@code ip link set NAME mtu MTU}. */
    record SetMtu(String name, int mtu, int old) implements Step {
        public void run(StepRunner r) {
            r.setMtu(this);
        }

        public List<Step> inverse() {
            return old == 0 ? List.of() : List.of(new SetMtu(name, old, mtu));
        }

        public List<Change> changes() {
            return List.of(new Change(name, "mtu", old == 0 ? null : Integer.toString(old), Integer.toString(mtu), null));
        }
    }

    /**
     * {@code ip link set NAME type vlan reorder_hdr .. gvrp .. loose_binding .. mvrp ..
     * ingress-qos-map .. egress-qos-map ..}: a VLAN's flags and priority maps, changed in place.
     */
    record SetVlanQos(String name, VlanQos want, VlanQos have) implements Step {
        public void run(StepRunner r) {
            r.setVlanQos(this);
        }

        public List<Step> inverse() {
            return List.of(new SetVlanQos(name, have, want));
        }

        public List<Change> changes() {
            return List.of(new Change(name, "vlan", have.toString(), want.toString(), null));
        }
    }

    /** {@code ip link add link PARENT name NAME type vlan id ID protocol PROTO}. */
    record CreateVlan(String name, String parent, int id, int protocol) implements Step {
        public void run(StepRunner r) {
            r.createVlan(this);
        }

        public List<Step> inverse() {
            return List.of(new DeleteLink(name));
        }

        public List<Change> changes() {
            return List.of(new Change(name, "create vlan", null, "link " + parent + " id " + id + " protocol "
                    + protocolName(protocol), null));
        }

        /** "802.1Q" or "802.1ad" for an ethertype. */
        public static String protocolName(int p) {
            return p == Rtnl.ETH_P_8021AD ? "802.1ad" : "802.1Q";
        }
    }

    /**
     * {@code ip addr add CIDR dev IFNAME [metric M]}: {@code metric} is the metric of the prefix
     * route the kernel makes for the address (0: the family's default).
     */
    record AddAddress(String ifname, Address address, int metric) implements Step {
        /** A {@code metric} that asks for no prefix route (noprefixroute): the plan adds its own. */
        public static final int NO_PREFIX_ROUTE = -1;

        public void run(StepRunner r) {
            r.addresses().addAddress(this);
        }

        public List<Step> inverse() {
            return List.of(new DeleteAddress(ifname, address, metric));
        }

        public List<Change> changes() {
            return List.of(Change.of(ifname, "add address " + address + (metric > 0 ? " metric " + metric
                    : metric == NO_PREFIX_ROUTE ? " noprefixroute" : "")));
        }
    }

    /** {@code ip addr del CIDR dev IFNAME}; {@code metric}, the address's prefix-route metric, is for the undo. */
    record DeleteAddress(String ifname, Address address, int metric) implements Step {
        public void run(StepRunner r) {
            r.addresses().deleteAddress(this);
        }

        public List<Step> inverse() {
            return List.of(new AddAddress(ifname, address, metric));
        }

        public List<Change> changes() {
            return List.of(Change.of(ifname, "delete address " + address));
        }
    }

    /**
     * {@code ip addr change CIDR dev IFNAME metric M}: the metric of the address's prefix route,
     * changed in place; {@code metric} and {@code old} as the kernel holds them (IPv6's default
     * is 256).
     */
    record SetAddressMetric(String ifname, Address address, int metric, int old) implements Step {
        public void run(StepRunner r) {
            r.addresses().setAddressMetric(this);
        }

        public List<Step> inverse() {
            return List.of(new SetAddressMetric(ifname, address, old, metric));
        }

        public List<Change> changes() {
            return List.of(new Change(ifname, "metric of " + address, Integer.toString(old), Integer.toString(metric),
                    null));
        }
    }

    /** {@code ip route add ROUTE dev DEV}; the route's oif is set when the step runs. */
    record AddRoute(String dev, Route route) implements Step {
        public void run(StepRunner r) {
            r.addresses().addRoute(this);
        }

        public List<Step> inverse() {
            return List.of(new DeleteRoute(dev, route));
        }

        public List<Change> changes() {
            return List.of(new Change(routeObject(dev, route), "add " + routeText(route), null, null, routeNote(route)));
        }
    }

    /** {@code ip route del ROUTE dev DEV}: exactly that route, whoever installed it. */
    record DeleteRoute(String dev, Route route) implements Step {
        public void run(StepRunner r) {
            r.addresses().deleteRoute(this);
        }

        public List<Step> inverse() {
            return List.of(new AddRoute(dev, route));
        }

        public List<Change> changes() {
            return List.of(new Change(routeObject(dev, route), "delete " + routeText(route), null, null, routeNote(route)));
        }
    }

    /** {@code ip rule add RULE protocol static}: a policy routing rule of a profile. */
    record AddRule(RoutingRule rule) implements Step {
        public void run(StepRunner r) {
            r.addresses().addRule(this);
        }

        public List<Step> inverse() {
            return List.of(new DeleteRule(rule));
        }

        public List<Change> changes() {
            return List.of(Change.of(ruleTarget(rule), "add rule " + rule));
        }
    }

    /** {@code ip rule del RULE}: the first rule of its priority with these fields and this protocol. */
    record DeleteRule(RoutingRule rule) implements Step {
        public void run(StepRunner r) {
            r.addresses().deleteRule(this);
        }

        public List<Step> inverse() {
            return List.of(new AddRule(rule));
        }

        public List<Change> changes() {
            return List.of(Change.of(ruleTarget(rule), "delete rule " + rule));
        }
    }

    /** "ipv4" or "ipv6": where diff lists a rule. */
    static String ruleTarget(RoutingRule r) {
        return r.family() == Rtnl.AF_INET6 ? "ipv6" : "ipv4";
    }

    /**
     * Writes resolv.conf. {@code previous} is the file's bytes before (null: it did not exist),
     * {@code from} how it read, for diff.
     */
    record WriteResolvConf(Path file, List<InetAddress> servers, List<String> search, String ifname, List<String> options,
            String from, byte[] previous) implements Step {
        /** Copies the lists ({@code options} null: the file's options lines stay as they are). */
        public WriteResolvConf {
            servers = List.copyOf(servers);
            search = List.copyOf(search);
            options = options == null ? null : List.copyOf(options);
        }

        public WriteResolvConf(Path file, List<InetAddress> servers, List<String> search, String ifname, String from,
                byte[] previous) {
            this(file, servers, search, ifname, null, from, previous);
        }

        public void run(StepRunner r) {
            r.addresses().writeResolvConf(this);
        }

        public List<Step> inverse() {
            return List.of(new RestoreFile(file, previous));
        }

        public List<Change> changes() {
            return List.of(new Change(file.toString(), "dns", from, ResolvConf.describe(servers, search)
                    + (options == null || options.isEmpty() ? "" : " options " + String.join(" ", options)), null));
        }
    }

    /**
     * Puts a profile file back as it was (null: no file), private to root as profiles are.
     * Only ever an inverse: of a profile write that is part of a change (--persist).
     */
    record RestoreProfile(Path file, byte[] content) implements Step {
        public void run(StepRunner r) {
            r.addresses().restoreProfile(this);
        }

        public List<Step> inverse() {
            return List.of();
        }

        public List<Change> changes() {
            return List.of(Change.of(file.toString(), content == null ? "remove" : "restore"));
        }
    }

    /**
     * Sets a link's DNS servers and domains in systemd-resolved, where /etc/resolv.conf is
     * resolved's (writing the file would replace resolved's link): {@code resolvectl dns|domain
     * IFNAME ...}. {@code have} is the link's DNS before, read back from resolved, for the inverse.
     */
    record SetLinkDns(String ifname, Resolved.LinkDns want, Resolved.LinkDns have) implements Step {
        public void run(StepRunner r) {
            r.addresses().setLinkDns(this);
        }

        public List<Step> inverse() {
            return List.of(new SetLinkDns(ifname, have, want));
        }

        public List<Change> changes() {
            return List.of(new Change(ifname, "dns (systemd-resolved)", dnsText(have), dnsText(want), null));
        }

        static String dnsText(Resolved.LinkDns d) {
            return "nameserver " + (d.servers().isEmpty() ? "none" : String.join(",", d.servers()))
                    + (d.domains().isEmpty() ? "" : " search " + String.join(",", d.domains()));
        }
    }

    /**
     * Replaces a file of bondctl's own state directory with {@code content} (null: removes it),
     * private as profiles are: what a command remembers between runs (which profile bondctl
     * nmcli activated on a NIC, NetworkManager's DNS order). As a step of the change it records,
     * a crash leaves the file and the kernel in step: both as before, or both as after.
     * {@code previous}: the file's bytes before (null: no file), which the inverse puts back.
     */
    record WriteStateFile(Path file, byte[] content, byte[] previous) implements Step {
        /** The write that makes the file {@code content}; null when it is that already (no file counts as empty). */
        public static WriteStateFile ifChanged(Path file, byte[] content, byte[] previous) {
            boolean same = previous == null ? content.length == 0 : java.util.Arrays.equals(content, previous);
            return same ? null : new WriteStateFile(file, content, previous);
        }

        public void run(StepRunner r) {
            r.addresses().writeStateFile(this);
        }

        public List<Step> inverse() {
            return List.of(new WriteStateFile(file, previous, content));
        }

        public List<Change> changes() {
            return List.of(Change.of(file.toString(), content == null ? "remove" : "write"));
        }
    }

    /**
     * Replaces a system file that everyone reads (/etc/hostname) with {@code content} (null:
     * removes it), atomically, mode 0644; {@code previous}: its bytes before (null: no file),
     * which the inverse puts back.
     */
    record WriteFile(Path file, byte[] content, byte[] previous) implements Step {
        public void run(StepRunner r) {
            r.addresses().writeFile(this);
        }

        public List<Step> inverse() {
            return List.of(new WriteFile(file, previous, content));
        }

        public List<Change> changes() {
            return List.of(Change.of(file.toString(), content == null ? "remove" : "write"));
        }
    }

    /**
     * Sets the kernel's host name, this UTS namespace's (what sethostname(2) and hostname(1)
     * set, written to /proc/sys/kernel/hostname); {@code old}: the name before, which the
     * inverse puts back.
     */
    record SetHostname(String name, String old) implements Step {
        public void run(StepRunner r) {
            r.addresses().setHostname(this);
        }

        public List<Step> inverse() {
            return List.of(new SetHostname(old, name));
        }

        public List<Change> changes() {
            return List.of(new Change("kernel", "hostname", old, name, null));
        }
    }

    /** Puts a file's bytes back (null: removes it). Only ever an inverse. */
    record RestoreFile(Path file, byte[] content) implements Step {
        public void run(StepRunner r) {
            r.addresses().restoreFile(this);
        }

        public List<Step> inverse() {
            return List.of();
        }

        public List<Change> changes() {
            return List.of(Change.of(file.toString(), content == null ? "remove" : "restore"));
        }
    }

    /** "mode=active-backup miimon=100" in the given order. */
    static String text(BondSettings s, List<BondOption> order) {
        StringBuilder sb = new StringBuilder();
        for (BondOption o : order) {
            sb.append(sb.length() == 0 ? "" : " ").append(o.kernelName()).append('=').append(s.text(o));
        }
        return sb.toString();
    }

    /** "default route via 192.0.2.1", "route 198.51.100.0/24 via 192.0.2.1", "blackhole route 198.51.100.0/24". */
    static String routeText(Route r) {
        String via = r.gateway() == null ? "" : " via " + Address.text(r.gateway());
        String kind = r.type() == Rtnl.RTN_UNICAST ? "" : Route.typeName(r.type()) + " ";
        return r.isDefault() ? (r.family() == Rtnl.AF_INET6 ? "IPv6 " : "") + kind + "default route" + via
                : kind + "route " + r.destinationText() + via;
    }

    /** What a route step changes: its interface, or for one without (blackhole ...) its family, as for rules. */
    private static String routeObject(String dev, Route r) {
        return dev != null ? dev : r.family() == Rtnl.AF_INET6 ? "ipv6" : "ipv4";
    }

    static String routeNote(Route r) {
        String n = (r.metric() != 0 ? "metric " + r.metric() : "")
                + (r.table() != Rtnl.RT_TABLE_MAIN ? (r.metric() != 0 ? ", " : "") + "table " + r.table() : "");
        String attrs = r.attrs().ipText(); // a route whose attributes change is deleted and added: the note tells them apart
        n = n + (n.isEmpty() || attrs.isEmpty() ? "" : ", ") + attrs;
        return n.isEmpty() ? null : n;
    }
}
