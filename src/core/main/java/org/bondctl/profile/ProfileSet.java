package org.bondctl.profile;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bridge.BridgeOption;
import org.bondctl.bridge.Bridges;
import org.bondctl.bridge.VlanTable;
import org.bondctl.dns.ResolvConf;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.NetworkSpec;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;

/**
 * A validated set of profiles: every bond with its ports, every VLAN, ready to apply. Building
 * one checks everything that can be checked without the kernel (each bond's options against
 * its mode and ports, ports and VLANs naming a profile that exists, interface names and UUIDs
 * used once); the first problem is an error naming FILE:LINE, and nothing of the set is
 * applied. Profiles bondctl does not apply (other connection types, autoconnect off) are left
 * out with a notice, and so are the keys it reads but does not apply ({@link #unapplied}).
 */
public final class ProfileSet {
    /** One bond to reach: its profile, its options after the kernel's rounding, its ports. */
    public record BondPlan(Profile profile, BondSettings settings, List<Profile> ports) {
        public String name() {
            return profile.ifname();
        }

        public List<String> portNames() {
            return ports.stream().map(Profile::ifname).toList();
        }
    }

    /** One VLAN to reach, its parent resolved to an interface name. */
    public record VlanPlan(Profile profile, String parent) {
        public String name() {
            return profile.ifname();
        }
    }

    /** One bridge to reach: its profile and its ports' profiles (bonds, VLANs, NICs). */
    public record BridgePlan(Profile profile, List<Profile> ports) {
        public String name() {
            return profile.ifname();
        }
    }

    private final List<BondPlan> bonds;
    private final List<VlanPlan> vlans;
    private final List<Profile> nics;
    private final List<BridgePlan> bridges;
    private final List<String> notices;
    private final List<String> unapplied;

    private ProfileSet(List<BondPlan> bonds, List<VlanPlan> vlans, List<Profile> nics, List<BridgePlan> bridges,
            List<String> notices, List<String> unapplied) {
        this.bonds = bonds;
        this.vlans = vlans;
        this.nics = nics;
        this.bridges = bridges;
        this.notices = notices;
        this.unapplied = unapplied;
    }

    public List<BridgePlan> bridges() {
        return bridges;
    }

    public List<BondPlan> bonds() {
        return bonds;
    }

    public List<VlanPlan> vlans() {
        return vlans;
    }

    /** The plain ethernet profiles activated by name (nmcli's connection up): a NIC's own configuration. */
    public List<Profile> nics() {
        return nics;
    }

    /** Things the user should know: skipped profiles, values the kernel rounds. */
    public List<String> notices() {
        return notices;
    }

    /** "FILE:LINE: key not applied by bondctl: ..." for every key of the applied profiles that bondctl reads but does not apply. */
    public List<String> unapplied() {
        return unapplied;
    }

    /**
     * A port whose own autoconnect is off is still activated with its bond when the bond's
     * profile says autoconnect-slaves=1 (AUTOCONNECT_SLAVES=yes), as NetworkManager does.
     */
    private static boolean activatedWithItsBond(Profile port, List<Profile> profiles, List<Profile> activated) {
        if (port.type() != Profile.Type.PORT) {
            return false;
        }
        Profile bond = named(profiles.stream().filter(b -> b.type() == Profile.Type.BOND).toList(), port.master());
        return bond != null && on(bond, activated) && bond.autoconnectPorts() == 1;
    }

    /** Whether a profile comes up: it autoconnects, or it is activated by name ({@code activated}, by identity). */
    private static boolean on(Profile p, List<Profile> activated) {
        return p.autoconnect() || activated.stream().anyMatch(a -> a == p);
    }

    public static ProfileSet of(List<Profile> profiles) {
        return of(profiles, List.of());
    }

    /**
     * The set, with {@code activated} brought up whatever their autoconnect says: what nmcli's
     * {@code connection up NAME} does (autoconnect is about coming up on its own).
     */
    public static ProfileSet of(List<Profile> profiles, List<Profile> activated) {
        List<String> notices = new ArrayList<>();
        Map<String, Profile> byIfname = new HashMap<>();
        Map<String, Profile> byUuid = new HashMap<>();
        List<Profile> bondProfiles = new ArrayList<>();
        List<Profile> portProfiles = new ArrayList<>();
        List<Profile> vlanProfiles = new ArrayList<>();
        List<Profile> nicProfiles = new ArrayList<>();
        List<Profile> bridgeProfiles = new ArrayList<>();
        List<Profile> bridgePortProfiles = new ArrayList<>();
        List<Profile> skipped = new ArrayList<>();
        for (Profile p : profiles) {
            Profile other = byUuid.putIfAbsent(p.uuid().toLowerCase(), p);
            if (other != null) {
                throw BondctlException.invalid(p.where("connection.uuid") + ": uuid " + p.uuid() + " is also the uuid of "
                        + other.where("connection.uuid"));
            }
            // a NIC's own profile only when activated by name: an apply of every profile leaves the
            // NICs (a management interface among them) as they are
            boolean nic = p.isPlainEthernet() && activated.stream().anyMatch(a -> a == p);
            if (nic && p.unusable() != null) {
                throw BondctlException.invalid(p.file() + ": " + p.id() + ": " + p.unusable());
            }
            if (p.type() == Profile.Type.OTHER && !nic) {
                notices.add(p.file() + ": connection " + p.id() + " (type " + p.connectionType()
                        + (p.connectionType() != null && p.connectionType().contains("ethernet") ? ", not a bond port" : "")
                        + ") is not applied by bondctl");
                continue;
            }
            if (!on(p, activated) && !activatedWithItsBond(p, profiles, activated)) {
                notices.add(p.file() + ": " + p.id() + " has autoconnect off (ONBOOT=no): not applied");
                skipped.add(p);
                continue;
            }
            if (p.ifname() == null) {
                throw BondctlException.invalid(p.where("connection.id") + ": " + (nic ? "ethernet" : p.type().name().toLowerCase())
                        + " profile " + p.id() + " names no interface (interface-name= / DEVICE=); bondctl applies"
                        + " only profiles bound to an interface" + (nic ? ": name the NIC ('connection up " + p.id()
                        + " ifname DEV')" : ""));
            }
            Rtnetlink.checkName(p.ifname());
            Profile dup = byIfname.putIfAbsent(p.ifname(), p);
            if (dup != null) {
                throw BondctlException.invalid(p.where("connection.interface-name") + ": interface " + p.ifname()
                        + " is also configured by " + dup.where("connection.interface-name"));
            }
            (p.type() == Profile.Type.BOND ? bondProfiles : p.type() == Profile.Type.VLAN ? vlanProfiles
                    : p.type() == Profile.Type.BRIDGE ? bridgeProfiles : p.type() == Profile.Type.BRIDGE_PORT ? bridgePortProfiles
                    : nic ? nicProfiles : portProfiles).add(p);
        }
        Map<Profile, List<Profile>> bridgePortsOf = new LinkedHashMap<>();
        bridgeProfiles.forEach(b -> bridgePortsOf.put(b, new ArrayList<>()));
        List<Profile> candidates = new ArrayList<>(bondProfiles);
        candidates.addAll(vlanProfiles);
        candidates.addAll(bridgePortProfiles);
        for (Profile port : candidates) {
            if (port.bridge() == null) {
                continue;
            }
            Profile br = named(bridgeProfiles, port.bridge());
            if (br == null && named(skipped, port.bridge()) != null) {
                notices.add(port.file() + ": " + port.ifname() + " is a port of bridge " + port.bridge()
                        + ", which is not applied: " + (port.type() == Profile.Type.BRIDGE_PORT ? "not applied either"
                        : "applied without it"));
                continue;
            }
            if (br == null) {
                throw BondctlException.invalid(port.where("connection.master") + ": " + port.ifname()
                        + " names controller " + port.bridge() + ", but no bridge profile has that interface name,"
                        + " id or uuid");
            }
            bridgePortsOf.get(br).add(port);
        }
        List<BridgePlan> bplans = new ArrayList<>();
        bridgePortsOf.forEach((b, ports) -> bplans.add(new BridgePlan(b, List.copyOf(ports))));
        Map<Profile, List<Profile>> portsOf = new LinkedHashMap<>();
        bondProfiles.forEach(b -> portsOf.put(b, new ArrayList<>()));
        for (Profile port : portProfiles) {
            Profile bond = named(bondProfiles, port.master());
            if (bond == null && named(skipped, port.master()) != null) {
                notices.add(port.file() + ": port " + port.ifname() + " of " + port.master() + " is not applied either");
                continue;
            }
            if (bond == null) {
                throw BondctlException.invalid(port.where("connection.master") + ": port " + port.ifname()
                        + " names controller " + port.master() + ", but no bond profile has that interface name,"
                        + " id or uuid");
            }
            portsOf.get(bond).add(port);
        }
        List<BondPlan> plans = new ArrayList<>();
        for (Map.Entry<Profile, List<Profile>> e : portsOf.entrySet()) {
            plans.add(plan(e.getKey(), e.getValue(), notices));
        }
        List<VlanPlan> vplans = new ArrayList<>();
        for (Profile v : vlanProfiles) {
            Profile parent = named(bondProfiles, v.vlanParent());
            if (parent == null) {
                parent = named(vlanProfiles, v.vlanParent());
            }
            String parentName = parent != null ? parent.ifname() : v.vlanParent();
            if (parent == null && v.vlanParent().matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-.*")) {
                throw BondctlException.invalid(v.where("vlan.parent") + ": VLAN " + v.ifname() + " names parent "
                        + v.vlanParent() + ", but no profile has that uuid");
            }
            vplans.add(new VlanPlan(v, parentName));
        }
        List<String> unapplied = new ArrayList<>();
        bondProfiles.forEach(b -> unapplied.addAll(b.unapplied()));
        plans.forEach(b -> b.ports().forEach(p -> unapplied.addAll(p.unapplied())));
        vlanProfiles.forEach(v -> unapplied.addAll(v.unapplied()));
        nicProfiles.forEach(n -> unapplied.addAll(n.unapplied()));
        bplans.forEach(b -> {
            unapplied.addAll(b.profile().unapplied());
            b.ports().stream().filter(p -> p.type() == Profile.Type.BRIDGE_PORT).forEach(p -> unapplied.addAll(p.unapplied()));
        });
        return new ProfileSet(List.copyOf(plans), List.copyOf(vplans), List.copyOf(nicProfiles), List.copyOf(bplans),
                List.copyOf(notices), List.copyOf(unapplied));
    }

    /** The profile a master= or parent= names: by interface name, UUID or connection id. */
    private static Profile named(List<Profile> candidates, String ref) {
        for (Profile b : candidates) {
            if (b.isNamedBy(ref)) {
                return b;
            }
        }
        return null;
    }

    private static BondPlan plan(Profile b, List<Profile> ports, List<String> notices) {
        BondSettings s = rounded(b, notices);
        if (!s.has(BondOption.MIIMON) && !s.has(BondOption.ARP_INTERVAL)) {
            // NetworkManager's default (nm_setting_bond_get_option_default(): miimon 100), which it
            // applies to every bond it activates; the kernel's own default over netlink is 0
            s = s.without(BondOption.MIIMON).put(BondOption.MIIMON, 100L);
        }
        // NetworkManager's own rules: what it refuses to load, and the options it drops where the mode uses none
        String refused = NmBondOptions.refusal(s);
        if (refused != null) {
            throw BondctlException.invalid(b.where("bond.mode") + ": bond.options: " + refused + " (NetworkManager refuses the profile)");
        }
        BondMode mode = s.mode(BondMode.BALANCE_RR);
        s = NmBondOptions.normalized(s, o -> notices.add(b.where("bond." + o.nmKey()) + ": " + o.nmKey() + " is not used in mode "
                + mode.kernelName() + ": left out, as NetworkManager leaves it out"));
        Set<String> names = new LinkedHashSet<>();
        ports.forEach(p -> names.add(p.ifname()));
        try {
            s.validate(mode, miimon(s), names, null).forEach(n -> notices.add(b.file() + ": " + n));
        } catch (BondctlException x) {
            String key = x.getMessage().startsWith("option ") ? x.getMessage().substring(7).split("[ :=]")[0] : "";
            throw BondctlException.invalid(b.where("bond." + key) + ": " + x.getMessage());
        }
        for (Profile port : ports) {
            try {
                port.portOptions().keySet().forEach(o -> o.requireMode(mode));
            } catch (BondctlException x) {
                throw x.in(port.where("connection.master"));
            }
        }
        return new BondPlan(b, s, List.copyOf(ports));
    }

    // ------------------------------------------------------------------ the network it describes

    /**
     * The network the set describes, for the planner: bonds with their ports and MTU, VLANs,
     * the IP configuration of every bond and VLAN (a family is managed when its method is
     * manual or disabled; IPv6 "ignore" and the automatic methods leave it alone), and DNS.
     */
    public NetworkSpec spec(Consumer<String> notices) {
        List<NetworkSpec.BondSpec> bondSpecs = new ArrayList<>();
        List<NetworkSpec.IpSpec> ip = new ArrayList<>();
        for (BondPlan b : bonds) {
            List<NetworkSpec.PortSpec> ports = new ArrayList<>();
            for (Profile p : b.ports()) {
                ports.add(new NetworkSpec.PortSpec(p.ifname(), p.portOptions(), p.where("connection.interface-name")));
            }
            bondSpecs.add(new NetworkSpec.BondSpec(b.name(), b.settings(), ports, b.profile().mtu(),
                    b.profile().where("connection.interface-name"), defaults(b.settings()), ClonedMac.address(b.profile().clonedMac())));
            if (!inBridge(b.profile())) {
                ip.add(ipSpec(b.profile(), BOND_METRIC));
            }
        }
        List<NetworkSpec.VlanSpec> vlanSpecs = new ArrayList<>();
        for (VlanPlan v : vlans) {
            Profile p = v.profile();
            vlanSpecs.add(new NetworkSpec.VlanSpec(p.ifname(), v.parent(), p.vlanId(), p.vlanProtocol(), p.mtu(),
                    p.where("connection.interface-name"), ClonedMac.address(p.clonedMac()), p.vlanQos()));
            if (!inBridge(p)) {
                ip.add(ipSpec(p, VLAN_METRIC));
            }
        }
        List<NetworkSpec.NicSpec> nicSpecs = new ArrayList<>();
        for (Profile n : nics) {
            nicSpecs.add(new NetworkSpec.NicSpec(n.ifname(), n.mtu(), ClonedMac.address(n.clonedMac()),
                    n.where("connection.interface-name")));
            ip.add(ipSpec(n, ETHERNET_METRIC));
        }
        List<NetworkSpec.BridgeSpec> bridgeSpecs = new ArrayList<>();
        for (BridgePlan b : bridges) {
            Profile p = b.profile();
            // VLAN filtering as NM 1.42 sets it up (seen in the test bed): with filtering, the default
            // PVID on every device and the profiles' VLANs over it; without, the default PVID 1
            // whatever the profile says, the bridge in no VLAN itself and each port in VLAN 1 (the
            // kernel's, as a port gets it when NM attaches it)
            Map<BridgeOption, Long> options = Bridges.withNmDefaults(p.bridgeOptions());
            boolean filtering = Bridges.filtersVlans(options);
            if (!filtering) {
                options.put(BridgeOption.VLAN_DEFAULT_PVID, 1L);
            }
            int pvid = options.get(BridgeOption.VLAN_DEFAULT_PVID).intValue();
            List<NetworkSpec.BridgePortSpec> ports = new ArrayList<>();
            for (Profile port : b.ports()) {
                ports.add(new NetworkSpec.BridgePortSpec(port.ifname(), Bridges.portWithNmDefaults(port.bridgePortOptions()),
                        port.where("connection.master"), VlanTable.withDefaultPvid(pvid, filtering ? port.bridgePortVlans() : List.of())));
            }
            bridgeSpecs.add(new NetworkSpec.BridgeSpec(p.ifname(), options, ports, p.mtu(),
                    ClonedMac.address(p.clonedMac()), p.where("connection.interface-name"),
                    filtering ? VlanTable.withDefaultPvid(pvid, p.bridgeVlans()) : VlanTable.EMPTY));
            ip.add(ipSpec(p, BRIDGE_METRIC));
        }
        return new NetworkSpec(bondSpecs, vlanSpecs, nicSpecs, ip, dns(notices), bridgeSpecs, owned(dnsProfiles()));
    }

    /**
     * The policy routing rules (ipv4.routing-rules, ipv6.routing-rules) and typed routes (those
     * of ipv4.routes, ipv6.routes with a type other than unicast) of {@code profiles}, by profile
     * ({@link #ruleOwner}). A family's rules count whatever its method (how NetworkManager
     * treats those of a family it does not configure was not checked); its routes only where
     * the profile configures the family, as its other routes.
     */
    public static NetworkSpec.OwnedSpec owned(List<Profile> profiles) {
        Map<String, List<org.bondctl.rtnl.RoutingRule>> rules = new java.util.LinkedHashMap<>();
        Map<String, List<NetworkSpec.TypedRoute>> routes = new java.util.LinkedHashMap<>();
        for (Profile p : profiles) {
            List<org.bondctl.rtnl.RoutingRule> mine = new ArrayList<>(p.ipv4().rules());
            mine.addAll(p.ipv6().rules());
            rules.put(ruleOwner(p), mine);
            List<NetworkSpec.TypedRoute> typed = new ArrayList<>();
            for (IpConfig c : List.of(p.ipv4(), p.ipv6())) {
                if (!c.managed() && !c.leased() || p.ifname() == null) {
                    continue;
                }
                String where = p.where(c.setting() + ".routes");
                for (IpConfig.StaticRoute r : c.routes()) {
                    if (r.attrs().unapplied() == null && r.attrs().routeType() != org.bondctl.rtnl.Rtnl.RTN_UNICAST) {
                        // the family's route-table takes those that name no table, but a local route (NM 1.42, seen)
                        int table = r.table() != 0 || r.attrs().routeType() == org.bondctl.rtnl.Rtnl.RTN_LOCAL ? r.table()
                                : c.routeTable();
                        typed.add(new NetworkSpec.TypedRoute(p.ifname(), c.family(), new NetworkSpec.RouteSpec(r.destination(),
                                r.gateway(), r.metric(), table, where, r.attrs())));
                    }
                }
            }
            routes.put(ruleOwner(p), typed);
        }
        return new NetworkSpec.OwnedSpec(rules, routes);
    }

    /** Who a profile's rules belong to in bondctl's record of them: its UUID, else its id. */
    public static String ruleOwner(Profile p) {
        return p.uuid() != null ? p.uuid() : "id:" + p.id();
    }

    /** Whether a bond's or VLAN's profile makes it a port of a bridge in the set: it has no IP settings of its own then. */
    private boolean inBridge(Profile p) {
        return bridges.stream().anyMatch(b -> b.ports().contains(p));
    }

    /**
     * The options the profile leaves out, at their defaults, as NetworkManager applies them to a
     * bond it activates: those the mode takes and that can be set back (not ad_actor_system,
     * which the kernel will not take as all zeros, nor the obsolete use_carrier); the delays
     * only with MII monitoring, miimon only without ARP monitoring.
     */
    static BondSettings defaults(BondSettings given) {
        BondSettings out = new BondSettings();
        BondMode mode = given.mode(BondMode.BALANCE_RR);
        long miimon = miimon(given);
        for (BondOption o : BondOption.values()) {
            String d = org.bondctl.bond.options.BondDefaults.text(o);
            boolean delay = o == BondOption.UPDELAY || o == BondOption.DOWNDELAY || o == BondOption.PEER_NOTIF_DELAY;
            if (d == null || given.has(o) || !o.inMode(mode) || o == BondOption.AD_ACTOR_SYSTEM || o == BondOption.USE_CARRIER
                    || (delay && miimon == 0) || (o == BondOption.MIIMON && given.has(BondOption.ARP_INTERVAL))) {
                continue;
            }
            out.put(o, d);
        }
        return out;
    }

    /**
     * NM's default route metrics (nm_device_get_route_metric_default()): ethernet 100, bond 300, VLAN 400; a
     * device gets its type's, bumped past the ones other devices hold (the planner's DeviceMetrics).
     */
    static final int BOND_METRIC = org.bondctl.plan.DeviceMetrics.BOND;
    static final int VLAN_METRIC = org.bondctl.plan.DeviceMetrics.VLAN;
    static final int ETHERNET_METRIC = org.bondctl.plan.DeviceMetrics.ETHERNET;
    static final int BRIDGE_METRIC = org.bondctl.plan.DeviceMetrics.BRIDGE;

    /**
     * The prefix-route metric an address of the given family gets on {@code p}'s interface now,
     * as an apply of {@code p} would give it: the family's ipv4/ipv6.route-metric, else the
     * device's (see DeviceMetrics); 0 (the kernel's default) where the profile leaves the
     * family alone.
     */
    static int addressMetric(Profile p, boolean v6, org.bondctl.rtnl.Rtnetlink rtnl) {
        NetworkSpec.IpSpec s = org.bondctl.plan.DeviceMetrics.resolve(ipSpec(p, p.type() == Profile.Type.VLAN ? VLAN_METRIC
                : p.type() == Profile.Type.BRIDGE ? BRIDGE_METRIC
                : p.type() == Profile.Type.OTHER ? ETHERNET_METRIC : BOND_METRIC), rtnl);
        return Math.max(0, (v6 ? s.v6() : s.v4()).metric());
    }

    private static NetworkSpec.IpSpec ipSpec(Profile p, int defaultMetric) {
        return new NetworkSpec.IpSpec(p.ifname(), family(p, p.ipv4()), family(p, p.ipv6()),
                p.ipv6().method().equals("disabled"), defaultMetric);
    }

    private static NetworkSpec.FamilySpec family(Profile p, IpConfig c) {
        if (!c.managed() && !c.leased()) {
            return NetworkSpec.FamilySpec.UNMANAGED;
        }
        String where = p.where(c.setting() + ".method");
        List<NetworkSpec.RouteSpec> routes = new ArrayList<>();
        for (IpConfig.StaticRoute r : c.routes()) {
            // the readers reported those not applied; the typed ones are the profile's own (owned())
            if (r.attrs().unapplied() == null && r.attrs().routeType() == org.bondctl.rtnl.Rtnl.RTN_UNICAST) {
                routes.add(new NetworkSpec.RouteSpec(r.destination(), r.gateway(), r.metric(), r.table(), where,
                        r.attrs()));
            }
        }
        int metric = c.routeMetric() >= 0 ? c.routeMetric() : NetworkSpec.FamilySpec.DEVICE_METRIC;
        return new NetworkSpec.FamilySpec(true, c.addresses(), c.gateway(), routes, metric, where, c.routeTable(), c.leased());
    }

    /**
     * The resolver configuration the profiles ask for: the servers and domains of every bond,
     * VLAN, NIC and bridge, in NetworkManager's order ({@link #dns(List, Consumer)}), recorded as
     * the first one's; null when no profile names a server.
     */
    private NetworkSpec.DnsSpec dns(Consumer<String> notices) {
        return dns(dnsProfiles(), notices);
    }

    /** The profiles of this set that may name DNS servers: bonds, VLANs, NICs and bridges. */
    public List<Profile> dnsProfiles() {
        List<Profile> all = new ArrayList<>();
        bonds.forEach(b -> all.add(b.profile()));
        vlans.forEach(v -> all.add(v.profile()));
        all.addAll(nics);
        bridges.forEach(b -> all.add(b.profile()));
        return all;
    }

    /**
     * One profile's resolver settings for one family, as NetworkManager's DNS manager holds them:
     * with the family's {@code dns-priority} (0 in the profile is NM's default, 100).
     */
    public record DnsEntry(Profile profile, boolean v6, int priority, List<InetAddress> servers, List<String> search,
            List<String> options) {
        /** Whether the profile names dns-options for the family (written or not). */
        public boolean hasOptions() {
            return !options.isEmpty();
        }
    }

    /** NetworkManager's dns-priority for a profile that leaves it 0 (50 is a VPN's, which bondctl has not). */
    public static final int DEFAULT_DNS_PRIORITY = 100;

    /**
     * The resolver entries of {@code profiles}: one per family that configures addresses (not
     * disabled or ignored), in profile order, a profile's IPv4 one before its IPv6 one (as NM
     * adds a device's, seen in the test bed); not yet in NetworkManager's order ({@link #dnsOrder}).
     */
    public static List<DnsEntry> dnsEntries(List<Profile> profiles) {
        List<DnsEntry> out = new ArrayList<>();
        for (Profile p : profiles) {
            for (boolean v6 : new boolean[] {false, true}) {
                IpConfig ip = p.ip(v6);
                if (ip.method().equals("disabled") || ip.method().equals("ignore")) {
                    continue;
                }
                out.add(new DnsEntry(p, v6, dnsPriority(p, v6), ip.dns(), ip.search(),
                        org.bondctl.dns.DnsOptions.ofKeyfile(p.keptValue(v6 ? "ipv6" : "ipv4", "dns-options"))));
            }
        }
        return out;
    }

    /**
     * A family's {@code dns-priority}; for 0 (absent, or not a number), NetworkManager.conf's
     * default ({@link Profile#dnsPriorityDefault}), else NM's own (100).
     */
    static int dnsPriority(Profile p, boolean v6) {
        int n = int32OrZero(p.keptValue(v6 ? "ipv6" : "ipv4", "dns-priority"));
        int conf = p.dnsPriorityDefault(v6);
        return n != 0 ? n : conf != 0 ? conf : DEFAULT_DNS_PRIORITY;
    }

    /** An int32 as NetworkManager reads one ("-5"); 0 for null, not a number or out of range. */
    static int int32OrZero(String v) {
        if (v == null || !v.strip().matches("-?[0-9]{1,10}")) {
            return 0;
        }
        long n = Long.parseLong(v.strip());
        return n == (int) n ? (int) n : 0;
    }

    /**
     * NetworkManager's order (nm-dns-manager.c): lower priority first, entries of equal priority
     * in the order given; and when the lowest priority is negative, its entries alone (a
     * negative dns-priority shuts out every profile with a greater one).
     */
    public static List<DnsEntry> dnsOrder(List<DnsEntry> entries) {
        List<DnsEntry> sorted = new ArrayList<>(entries);
        sorted.sort(java.util.Comparator.comparingInt(DnsEntry::priority)); // stable
        if (!sorted.isEmpty() && sorted.get(0).priority() < 0) {
            int first = sorted.get(0).priority();
            sorted.removeIf(e -> e.priority() != first);
        }
        return sorted;
    }

    /**
     * The resolver configuration {@code profiles} ask for: their servers and domains in
     * NetworkManager's order ({@link #dnsOrder}; in profile order, a profile's IPv4 before its
     * IPv6, where the priorities are equal; a profile's domains count without servers of its
     * own, as in NM), recorded as the first server's profile's; null when none names a server.
     */
    public static NetworkSpec.DnsSpec dns(List<Profile> all, Consumer<String> notices) {
        List<InetAddress> servers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        String serversOf = null;
        List<DnsEntry> entries = dnsEntries(all);
        List<DnsEntry> ordered = dnsOrder(entries);
        for (DnsEntry e : ordered) {
            if (!e.servers().isEmpty()) {
                serversOf = serversOf == null ? e.profile().ifname() : serversOf;
                e.servers().stream().filter(a -> !servers.contains(a)).forEach(servers::add);
            }
            e.search().stream().filter(d -> !search.contains(d)).forEach(search::add);
        }
        if (servers.isEmpty()) {
            return null; // a file no profile names a server for stays as it is (its servers are someone's)
        }
        String ifname = serversOf;
        // the options line is the profiles' where one names options; else the file's own stays
        List<String> options = entries.stream().anyMatch(DnsEntry::hasOptions) ? dnsOptions(ordered) : null;
        if (servers.size() > ResolvConf.MAX_SERVERS) {
            // written all the same, as NetworkManager writes them (with its note in the file)
            notices.accept("the profiles name " + servers.size() + " DNS servers; the resolver reads the first "
                    + ResolvConf.MAX_SERVERS);
        }
        return new NetworkSpec.DnsSpec(servers, search, ifname, options);
    }

    /** resolv.conf's options for entries in NetworkManager's order ({@link org.bondctl.dns.DnsOptions.Merge}). */
    public static List<String> dnsOptions(List<DnsEntry> ordered) {
        org.bondctl.dns.DnsOptions.Merge m = new org.bondctl.dns.DnsOptions.Merge();
        ordered.forEach(e -> m.add(e.options(), e.v6(), !e.servers().isEmpty()));
        return m.options();
    }

    // ------------------------------------------------------------------ the kernel's rounding

    /** miimon as the kernel will have it: given, else 0 with ARP monitoring, else 100. */
    static long miimon(BondSettings s) {
        if (s.has(BondOption.MIIMON)) {
            return s.number(BondOption.MIIMON, 0);
        }
        return s.number(BondOption.ARP_INTERVAL, 0) > 0 ? 0 : 100;
    }

    /**
     * The delays as the kernel stores them: in whole miimon intervals, rounded down
     * (_bond_option_delay_set()). NetworkManager writes what it was given, so a profile may
     * say updelay=150 with miimon=100; the kernel will report 100, and so must the plan.
     */
    static BondSettings rounded(Profile b, List<String> notices) {
        BondSettings s = b.bondSettings();
        long miimon = miimon(s);
        if (miimon == 0) {
            return s;
        }
        BondSettings out = s;
        for (BondOption o : List.of(BondOption.UPDELAY, BondOption.DOWNDELAY, BondOption.PEER_NOTIF_DELAY)) {
            if (s.has(o)) {
                long v = s.number(o, 0);
                if (v % miimon != 0) {
                    long r = v / miimon * miimon;
                    notices.add(b.where("bond." + o.kernelName()) + ": " + o.kernelName() + "=" + v
                            + " is not a multiple of miimon=" + miimon + "; the kernel rounds it down to " + r);
                    out = out.without(o).put(o, r);
                }
            }
        }
        return out;
    }

    /** The profile family that carries a given address family. */
    static boolean isV6(int family) {
        return family == Rtnl.AF_INET6;
    }
}
