package org.bondctl.plan;

import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.bridge.BridgeOption;
import org.bondctl.bridge.BridgePortOption;
import org.bondctl.bridge.VlanTable;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.MacAddress;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.VlanInfo;
import org.bondctl.rtnl.VlanQos;

/**
 * A whole bond network as wanted: bonds with their options, ports and MTU; VLANs on them; bridges
 * over bonds, VLANs or NICs; NICs
 * configured by a plain ethernet profile of their own (up, MTU, address); the addresses and
 * routes of each interface, per family; DNS. The profile layer builds one from
 * NetworkManager profiles; the {@link Planner} compares it with the kernel. {@code where}
 * fields say where a value came from ("FILE:LINE"), for errors found while planning.
 */
public record NetworkSpec(List<BondSpec> bonds, List<VlanSpec> vlans, List<NicSpec> nics, List<IpSpec> ip, DnsSpec dns,
        List<BridgeSpec> bridges, OwnedSpec owned) {
    public NetworkSpec {
        bonds = List.copyOf(bonds);
        vlans = List.copyOf(vlans);
        nics = List.copyOf(nics);
        ip = List.copyOf(ip);
        bridges = List.copyOf(bridges);
    }

    /** A network whose policy routing rules and typed routes bondctl leaves as they are. */
    public NetworkSpec(List<BondSpec> bonds, List<VlanSpec> vlans, List<NicSpec> nics, List<IpSpec> ip, DnsSpec dns,
            List<BridgeSpec> bridges) {
        this(bonds, vlans, nics, ip, dns, bridges, null);
    }

    public NetworkSpec(List<BondSpec> bonds, List<VlanSpec> vlans, List<NicSpec> nics, List<IpSpec> ip, DnsSpec dns) {
        this(bonds, vlans, nics, ip, dns, List.of());
    }

    public NetworkSpec(List<BondSpec> bonds, List<VlanSpec> vlans, List<IpSpec> ip, DnsSpec dns) {
        this(bonds, vlans, List.of(), ip, dns);
    }

    public NetworkSpec withVlans(List<VlanSpec> v) {
        return new NetworkSpec(bonds, v, nics, ip, dns, bridges, owned);
    }

    /**
     * A bond: its options (as the kernel will store them), ports in enslave order, MTU (0: leave
     * it), and the defaults of the options its profile leaves out - which an existing bond is
     * brought back to, as NetworkManager does, where the kernel reports the option; {@code
     * renamedFrom}: a live bond to rename to it rather than make it anew (null: none).
     */
    public record BondSpec(String name, BondSettings settings, List<PortSpec> ports, int mtu, String where,
            BondSettings defaults, MacAddress mac, String renamedFrom) {
        public BondSpec {
            ports = List.copyOf(ports);
        }

        public BondSpec(String name, BondSettings settings, List<PortSpec> ports, int mtu, String where,
                BondSettings defaults, MacAddress mac) {
            this(name, settings, ports, mtu, where, defaults, mac, null);
        }

        public BondSpec(String name, BondSettings settings, List<PortSpec> ports, int mtu, String where) {
            this(name, settings, ports, mtu, where, new BondSettings(), null, null);
        }

        /**
         * The same bond, made by renaming the live bond {@code from} where no link has this
         * name yet (its profile's interface-name changed while it was active).
         */
        public BondSpec renamedFrom(String from) {
            return new BondSpec(name, settings, ports, mtu, where, defaults, mac, from);
        }

        public List<String> portNames() {
            return ports.stream().map(PortSpec::name).toList();
        }
    }

    /** A port and its port options (queue_id, prio ...). */
    public record PortSpec(String name, Map<PortOption, Long> options, String where) {
        public PortSpec {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }
    }

    /**
     * A VLAN: name, parent interface, id 1-4094, ethertype (ETH_P_8021Q/AD), MTU (0: leave it),
     * MAC address (null: the kernel's, its parent's), flags and priority maps (null: the
     * kernel's default, {@link VlanQos#DEFAULT}). {@code movedFrom}: the live VLAN its profile
     * was active on before its interface-name changed, deleted as NetworkManager's deactivation
     * there deletes it (null: none).
     */
    public record VlanSpec(String name, String parent, int id, int protocol, int mtu, String where, MacAddress mac,
            VlanQos qos, String movedFrom) {
        public VlanSpec {
            qos = qos == null ? VlanQos.DEFAULT : qos;
        }

        /** A VLAN that replaces no other. */
        public VlanSpec(String name, String parent, int id, int protocol, int mtu, String where, MacAddress mac, VlanQos qos) {
            this(name, parent, id, protocol, mtu, where, mac, qos, null);
        }

        /** This VLAN, replacing the live one named {@code from}. */
        public VlanSpec movedFrom(String from) {
            return new VlanSpec(name, parent, id, protocol, mtu, where, mac, qos, from);
        }

        /** Whether a live VLAN ({@code info}, on {@code parentNow}) has this one's id, protocol and parent. */
        public boolean is(VlanInfo info, String parentNow) {
            return info.id() == id && info.protocol() == protocol && parentNow.equals(parent);
        }
    }

    /**
     * A NIC that a plain ethernet profile configures (NM's activation of a type=ethernet profile
     * without a controller): it exists, is no port (one is released first), is up, with this MTU
     * (0: leave it) and address (null: leave it).
     */
    public record NicSpec(String name, int mtu, MacAddress mac, String where) {}

    /**
     * A Linux bridge: every option it is to have (NetworkManager's defaults where its profile
     * leaves one out: NM applies them all), its ports (bonds, VLANs or NICs; one not listed is
     * removed), MTU (0: the kernel's, its smallest port's) and address (null: the kernel's); and
     * the VLANs the bridge device itself is to be in (its "self" VLAN table; null: left as they are).
     */
    public record BridgeSpec(String name, Map<BridgeOption, Long> options, List<BridgePortSpec> ports, int mtu,
            MacAddress mac, String where, VlanTable vlans) {
        public BridgeSpec {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
            ports = List.copyOf(ports);
        }

        /** A bridge whose own VLANs bondctl leaves as they are. */
        public BridgeSpec(String name, Map<BridgeOption, Long> options, List<BridgePortSpec> ports, int mtu, MacAddress mac,
                String where) {
            this(name, options, ports, mtu, mac, where, null);
        }

        /** The same bridge with these ports. */
        public BridgeSpec withPorts(List<BridgePortSpec> p) {
            return new BridgeSpec(name, options, p, mtu, mac, where, vlans);
        }

        public List<String> portNames() {
            return ports.stream().map(BridgePortSpec::name).toList();
        }
    }

    /** A bridge port, every option it is to have, and its VLAN table (null: left as it is). */
    public record BridgePortSpec(String name, Map<BridgePortOption, Long> options, String where, VlanTable vlans) {
        public BridgePortSpec {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }

        /** A port whose VLANs bondctl leaves as they are. */
        public BridgePortSpec(String name, Map<BridgePortOption, Long> options, String where) {
            this(name, options, where, null);
        }

        /** The same port, its VLANs left as they are. */
        public BridgePortSpec withoutVlans() {
            return new BridgePortSpec(name, options, where);
        }
    }

    /**
     * The IP configuration of one interface: per family, whether bondctl manages it, and then
     * exactly these addresses and routes; and whether IPv6 is off on it (disable_ipv6: NM's
     * ipv6.method disabled; NM sets it to 0 for every other method, "ignore" too).
     */
    public record IpSpec(String ifname, FamilySpec v4, FamilySpec v6, boolean ipv6Disabled, int defaultMetric) {
        public FamilySpec family(int af) {
            return af == Rtnl.AF_INET ? v4 : v6;
        }

        /** Whether a managed family asks for the device's default metric ({@link FamilySpec#DEVICE_METRIC}). */
        public boolean wantsDeviceMetric() {
            return (v4.managed() && v4.metric() == FamilySpec.DEVICE_METRIC)
                    || (v6.managed() && v6.metric() == FamilySpec.DEVICE_METRIC);
        }

        /**
         * Whether NM reserves the device a metric: unless its profile gives every managed family a
         * metric of its own (nm_device_get_route_metric() reserves only for a family without one;
         * a family NM leaves alone, ignore or auto here, is taken to ask).
         */
        public boolean reservesDeviceMetric() {
            boolean given = (v4.managed() && v4.metric() != FamilySpec.DEVICE_METRIC)
                    || (v6.managed() && v6.metric() != FamilySpec.DEVICE_METRIC);
            return wantsDeviceMetric() || !given;
        }

        /** This spec with {@code metric} for every family that asks for the device's default. */
        public IpSpec withDeviceMetric(int metric) {
            return new IpSpec(ifname, v4.withDeviceMetric(metric), v6.withDeviceMetric(metric), ipv6Disabled, defaultMetric);
        }
    }

    /**
     * One family of an interface. Not managed: left as it is. Managed: exactly {@code
     * addresses} (link-local IPv6 aside, which the kernel makes), and the routes: the default
     * route via {@code gateway} and {@code routes}, metrics defaulting to {@code metric} (the
     * addresses' prefix routes too). {@link #DEVICE_METRIC}: the device's default, which the
     * planner picks as NetworkManager does ({@link DeviceMetrics}). {@code leased}: a client
     * bondctl does not run (DHCP, router advertisements) adds addresses and routes beside these,
     * and they stay: addresses with a lifetime (not IFA_F_PERMANENT) and routes not proto
     * static; the rest is as managed.
     */
    public record FamilySpec(boolean managed, List<Address> addresses, InetAddress gateway, List<RouteSpec> routes,
            int metric, String where, int table, boolean leased) {
        public static final FamilySpec UNMANAGED = new FamilySpec(false, List.of(), null, List.of(), 0, null);
        /** A metric the planner resolves: the device type's default, bumped past other devices' (see {@link DeviceMetrics}). */
        public static final int DEVICE_METRIC = -1;

        public FamilySpec {
            addresses = List.copyOf(addresses);
            routes = List.copyOf(routes);
        }

        /** A family whose routes go to the main table. */
        public FamilySpec(boolean managed, List<Address> addresses, InetAddress gateway, List<RouteSpec> routes, int metric,
                String where) {
            this(managed, addresses, gateway, routes, metric, where, 0);
        }

        /** A family without a client's leases beside it. */
        public FamilySpec(boolean managed, List<Address> addresses, InetAddress gateway, List<RouteSpec> routes, int metric,
                String where, int table) {
            this(managed, addresses, gateway, routes, metric, where, table, false);
        }

        /** Whether bondctl may delete {@code a}, which the kernel holds on a link of this family. */
        boolean owns(org.bondctl.rtnl.AddressEntry a) {
            return !leased || (a.flags() & Rtnl.IFA_F_PERMANENT) != 0;
        }

        /**
         * Whether bondctl may delete {@code r}, a route the kernel holds that the family does not
         * ask for: proto static or boot (NM's, bondctl's, one added by hand); beside a client,
         * proto static only (DHCP clients add theirs proto boot or dhcp, the kernel's are proto ra).
         */
        boolean owns(org.bondctl.rtnl.Route r) {
            return leased ? r.protocol() == Rtnl.RTPROT_STATIC : r.userMade();
        }

        /**
         * Whether the family has a route table of its own ({@code table}: ipv4/ipv6.route-table,
         * neither 0 nor main): its gateway and the routes that name no table go there, and its
         * addresses' prefix routes too, which are then bondctl's own (the addresses are added
         * noprefixroute), as NetworkManager does.
         */
        public boolean hasTable() {
            return table != 0 && table != Rtnl.RT_TABLE_MAIN;
        }

        /** The table of a route that names none: the family's, else main. */
        public int tableOr(int routeTable) {
            return routeTable != 0 ? routeTable : table != 0 ? table : Rtnl.RT_TABLE_MAIN;
        }

        FamilySpec withDeviceMetric(int m) {
            return metric == DEVICE_METRIC ? new FamilySpec(managed, addresses, gateway, routes, m, where, table, leased) : this;
        }
    }

    /**
     * A static route: destination, gateway (null: on the link), metric (-1: the family's; 0 is
     * metric 0, as NetworkManager 1.42 adds it: seen) and table (0: the family's).
     */
    public record RouteSpec(Address destination, InetAddress gateway, int metric, int table, String where,
            org.bondctl.rtnl.RouteAttrs attrs) {
        public RouteSpec {
            attrs = attrs == null ? org.bondctl.rtnl.RouteAttrs.NONE : attrs;
        }

        /** A route without attributes. */
        public RouteSpec(Address destination, InetAddress gateway, int metric, int table, String where) {
            this(destination, gateway, metric, table, where, org.bondctl.rtnl.RouteAttrs.NONE);
        }
    }

    /**
     * What profiles ask for that no interface holds as its own, by the profile (UUID) that asks:
     * policy routing rules, and routes of a type other than unicast (blackhole, unreachable,
     * prohibit and throw have no interface; a local route has one, but lives in the local table
     * beside the kernel's own). Each profile named here gets exactly its rules and typed routes
     * (none: its own go); one no profile asks for any more is removed where bondctl added it
     * (its record of them, {@code OwnerRecord}). What bondctl added for a profile not named
     * stays, as the interface of a profile left out of an apply keeps its addresses.
     */
    public record OwnedSpec(Map<String, List<org.bondctl.rtnl.RoutingRule>> rules, Map<String, List<TypedRoute>> routes) {
        public OwnedSpec {
            Map<String, List<org.bondctl.rtnl.RoutingRule>> r = new LinkedHashMap<>();
            Map<String, List<TypedRoute>> t = new LinkedHashMap<>();
            rules.forEach((k, v) -> r.put(k, List.copyOf(v)));
            routes.forEach((k, v) -> t.put(k, List.copyOf(v)));
            // an owner named decides both: what it does not list, it has none of
            r.keySet().forEach(k -> t.putIfAbsent(k, List.of()));
            t.keySet().forEach(k -> r.putIfAbsent(k, List.of()));
            rules = Collections.unmodifiableMap(r);
            routes = Collections.unmodifiableMap(t);
        }

        /** Rules only. */
        public OwnedSpec(Map<String, List<org.bondctl.rtnl.RoutingRule>> rules) {
            this(rules, Map.of());
        }

        /** Whether this spec says what {@code owner}'s rules and typed routes are. */
        public boolean decides(String owner) {
            return rules.containsKey(owner);
        }
    }

    /**
     * A route of a type other than unicast ({@code route.attrs()}' type) that a profile on
     * interface {@code ifname} asks for, in {@code family}. Without a metric of its own it gets
     * the interface family's, as the profile's unicast routes do; without a table, local routes
     * go to the local table and the others to main.
     */
    public record TypedRoute(String ifname, int family, RouteSpec route) {}

    /**
     * resolv.conf as wanted (null in the spec: bondctl leaves it alone): its servers, search
     * domains, the interface recorded, and its options (null: the file's own options lines
     * stay as they are).
     */
    public record DnsSpec(List<InetAddress> servers, List<String> search, String ifname, List<String> options) {
        public DnsSpec {
            servers = List.copyOf(servers);
            search = List.copyOf(search);
            options = options == null ? null : List.copyOf(options);
        }

        public DnsSpec(List<InetAddress> servers, List<String> search, String ifname) {
            this(servers, search, ifname, null);
        }
    }
}
