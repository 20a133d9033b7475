package org.bondctl.nmcli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.profile.Profile;
import org.bondctl.profile.ProfileStore;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.VlanInfo;
import org.bondctl.rtnl.VlanQos;

/**
 * {@code nmcli device [status|show IFNAME]} and {@code nmcli general [status]}, from the
 * kernel and the profiles: a device is "connected" when a profile is active on it,
 * "disconnected" when it has a profile that is not or is a physical NIC (which NM manages by
 * default), and "unmanaged" otherwise (loopback always), as NetworkManager words them.
 */
final class Devices {
    private static final List<String> COMMANDS = List.of("status", "show", "set", "connect", "reapply", "modify",
            "disconnect", "delete", "monitor", "wifi", "lldp", "checkpoint");
    private static final List<String> STATUS_FIELDS = List.of("DEVICE", "TYPE", "STATE", "IP4-CONNECTIVITY",
            "IP6-CONNECTIVITY", "DBUS-PATH", "CONNECTION", "CON-UUID", "CON-PATH");
    private static final List<String> STATUS_COMMON = List.of("DEVICE", "TYPE", "STATE", "CONNECTION");

    private final Nmcli.Args a;
    private final Output o;
    private final Nmcli.Env env;
    private final java.io.PrintWriter out;
    private final java.io.PrintWriter err;

    Devices(Nmcli.Args a, Output o, Nmcli.Env env, java.io.PrintWriter out, java.io.PrintWriter err) {
        this.a = a;
        this.o = o;
        this.env = env;
        this.out = out;
        this.err = err;
    }

    void run() {
        String cmd = a.hasNext() ? a.match(COMMANDS, "command") : "status";
        switch (cmd) {
            case "status" -> status();
            case "show" -> show();
            case "connect" -> connect();
            case "disconnect" -> disconnect();
            case "reapply" -> reapply();
            case "modify" -> modify();
            case "set" -> set();
            default -> throw new NmcliException(NmcliException.USAGE, "'device " + cmd + "' is NetworkManager's alone:"
                    + " bondctl nmcli takes device status, show, set, connect, disconnect, reapply and modify");
        }
    }

    /** The device a command names, with the profile it has; nmcli's words when there is none. */
    private Dev device(Activation act, List<Profile> all, String name) {
        for (Dev d : devices(act.rtnl(), act, all)) {
            if (d.link.name().equals(name)) {
                return d;
            }
        }
        throw new NmcliException(NmcliException.NOT_FOUND, "Device '" + name + "' not found.");
    }

    /** connect and reapply: the one device named (nmcli's extra arguments ignored), then {@code action}. */
    private void onDevice(java.util.function.BiConsumer<Dev, Activation> action, List<Profile> all) {
        String name = a.value("device");
        a.rest();
        try (Activation act = Activation.open(env)) {
            action.accept(device(act, all, name), act);
        }
    }

    /**
     * {@code device set [ifname] IFNAME [managed yes|no] [autoconnect yes|no]...}, as in
     * NetworkManager 1.42 (seen): managed no leaves the device and what it has to itself (no
     * profile listed active there, nothing autoconnects) until managed yes or an activation named
     * on it; managed yes also takes a device udev marks unmanaged, not one NetworkManager.conf
     * names (which stays unmanaged, without an error). autoconnect no keeps profiles from
     * autoconnecting on the device; named activations still work. A device managed again (one
     * that is up: NM leaves one that is down "unavailable"), or whose autoconnect is on again,
     * gets the profile that autoconnects there, as NM gives it; one whose profile is still in
     * place is simply that profile's again.
     */
    private void set() {
        if (a.hasNext() && a.peek().equals("ifname")) {
            a.next();
        }
        if (!a.hasNext()) {
            throw new NmcliException(NmcliException.USAGE, "No interface specified.");
        }
        String name = a.next();
        if (!a.hasNext()) {
            throw new NmcliException(NmcliException.USAGE, "No property specified.");
        }
        Boolean managed = null;
        Boolean autoconnect = null;
        while (a.hasNext()) {
            String prop = a.next();
            if (!prop.equals("managed") && !prop.equals("autoconnect")) {
                throw new NmcliException(NmcliException.USAGE, "property '" + prop + "' is not known.");
            }
            if (!a.hasNext()) {
                throw new NmcliException(NmcliException.USAGE, "'" + prop + "' argument is missing.");
            }
            String v = a.next();
            boolean on;
            try {
                on = Props.bool(v);
            } catch (org.bondctl.error.BondctlException e) {
                throw new NmcliException(NmcliException.USAGE, "'" + prop + "': " + e.getMessage() + ".");
            }
            if (prop.equals("managed")) {
                managed = on;
            } else {
                autoconnect = on;
            }
        }
        boolean down;
        try (Activation act = Activation.open(env)) {
            Link l = act.link(name).orElseThrow(() -> new NmcliException(NmcliException.NOT_FOUND, "Device '" + name
                    + "' not found."));
            down = !l.isUp();
            if (!env.systemRoot()) {
                err.println("Warning: bondctl nmcli keeps 'device set' for the system's own devices only; "
                        + env.root() + " is a tree of profiles, nothing changed");
                return;
            }
            if (managed != null) {
                act.setManaged(l, managed);
            }
            if (autoconnect != null) {
                act.setAutoconnect(l, autoconnect);
            }
        }
        // NM leaves a device it did not manage and that is down "unavailable": nothing autoconnects (seen)
        if (Boolean.TRUE.equals(managed) && !down || Boolean.TRUE.equals(autoconnect)) {
            out.flush();
            new Connections(a, o, env, out, err).autoconnectOn(name, profiles());
        }
    }

    /** {@code device connect IFNAME}: activates the device's profile (connection up of it). */
    private void connect() {
        List<Profile> all = profiles();
        onDevice((d, act) -> {
            String name = d.link.name();
            if (act.verdict(name) == org.bondctl.profile.NmManaged.Verdict.STRICTLY_UNMANAGED) {
                // NM, finding no profile it may use there, would make one named after the device
                throw new NmcliException(NmcliException.ACTIVATION, "Failed to add/activate new connection: Connection '"
                        + name + "' is not available on device " + name + " because device is strictly unmanaged");
            }
            if (d.profile == null) {
                throw new NmcliException(NmcliException.ACTIVATION, "Failed to add/activate new connection: '" + name
                        + "' has no profile (bondctl nmcli activates bond, bond port, VLAN and ethernet profiles; it makes none)");
            }
            if (env.systemRoot()) {
                act.keepWith(act.blockedMarks().cleared(d.profile.uuid()));
            }
            act.up(d.profile, all);
            out.println("Device '" + name + "' successfully activated with '" + d.profile.uuid() + "'.");
        }, all);
    }

    /** {@code device disconnect IFNAME...}: deactivates the profile active on each (connection down of it). */
    private void disconnect() {
        List<String> names = new ArrayList<>();
        while (a.hasNext()) {
            names.add(a.next());
        }
        if (names.isEmpty()) {
            throw new NmcliException(NmcliException.USAGE, "No interface specified.");
        }
        List<Profile> all = profiles();
        for (String name : names) {
            try (Activation act = Activation.open(env)) {
                Dev d;
                try {
                    d = device(act, all, name);
                } catch (NmcliException e) {
                    throw new NmcliException(e.exit, e.getMessage() + "\nError: not all devices found.");
                }
                if (!d.active) {
                    throw new NmcliException(NmcliException.UNAVAILABLE, "Device '" + name + "' disconnecting failed: This"
                            + " device is not active\nError: not all devices disconnected.");
                }
                if (env.systemRoot()) {
                    // NM blocks autoconnect on a device the administrator took down
                    act.keepWith(act.blockedMarks().marked(d.profile.uuid()));
                }
                act.down(d.profile, all);
            }
            out.println("Device '" + name + "' successfully disconnected.");
        }
    }

    /**
     * {@code device reapply IFNAME}: the device's active profile, as it is now on disk, applied
     * to it in place (bondctl changes in place what it can, as connection up does).
     */
    private void reapply() {
        List<Profile> all = profiles();
        onDevice((d, act) -> reapply(d, act, all), all);
    }

    /** Applies {@code d}'s profile (as {@code all} has it) to the active device in place, or refuses as NM does. */
    private void reapply(Dev d, Activation act, List<Profile> all) {
        if (!d.active) {
            throw new NmcliException(NmcliException.UNAVAILABLE, "Reapplying connection to device '" + d.link.name()
                    + "' failed: Device is not activated");
        }
        for (String setting : List.of("vlan", "bridge-port")) {
            if (setting.equals("vlan") ? vlanChanged(d) : bridgePortChanged(d, act)) {
                throw new NmcliException(NmcliException.UNAVAILABLE, "Reapplying connection to device '" + d.link.name()
                        + "' failed: Can't reapply any changes to '" + setting + "' setting");
            }
        }
        act.up(d.profile, all, false);
        out.println("Connection successfully reapplied to device '" + d.link.name() + "'.");
    }

    /**
     * {@code device modify IFNAME [+|-]setting.property VALUE ...}: the active profile with these
     * changes, applied to the device in place as a reapply does, and not saved (as in NM: the
     * profile on disk stays as it was; its next 'device reapply' or 'connection up' puts the
     * device back to it).
     */
    private void modify() {
        List<Profile> all = profiles();
        String name = a.value("device");
        List<String[]> props = Connections.properties(a, false);
        try (Activation act = Activation.open(env)) {
            Dev d = device(act, all, name);
            if (!d.active) {
                throw new NmcliException(NmcliException.UNAVAILABLE, "Reapplying connection to device '" + name
                        + "' failed: Device is not activated");
            }
            // a copy read anew: the one in 'all' stays as saved; changed on top of what the device has
            // applied (an earlier 'device modify'), as NM changes its applied connection
            Profile p = act.applied(org.bondctl.profile.ProfileStore.load(List.of(d.profile.file())).get(0));
            try {
                for (String[] kv : props) {
                    Props.checkPortSetting(p, kv[1]);
                    p = Props.set(p, kv[1], kv[0].charAt(0), kv[2]);
                }
            } catch (NmcliException.Unsaved u) {
                throw new NmcliException(NmcliException.FAILED, "Reapplying connection to device '" + name + "' failed: "
                        + u.getMessage());
            }
            Connections.verify(p, "Reapplying connection to device '" + name + "' failed: The settings specified are invalid",
                    NmcliException.UNAVAILABLE);
            Profile mine = Connections.normalize(p);
            List<Profile> changed = new java.util.ArrayList<>(all);
            changed.replaceAll(q -> q.uuid().equals(mine.uuid()) ? mine : q);
            act.modifying(mine);
            reapply(new Dev(d.link, mine, d.active, d.managed), act, changed);
        }
    }


    /**
     * Whether the VLAN's profile asks for another id, protocol, flags or priority maps than the
     * VLAN has: NM reapplies no change of the vlan setting (connection up makes it anew).
     */
    private static boolean vlanChanged(Dev d) {
        VlanInfo info = VlanInfo.of(d.link);
        VlanQos qos = VlanQos.of(d.link);
        Profile p = d.profile;
        return info != null && p.type() == Profile.Type.VLAN
                && (info.id() != p.vlanId() || info.protocol() != p.vlanProtocol() || !qos.equals(p.vlanQos()));
    }

    /**
     * Whether a bridge port's profile asks for other port options or VLANs than the port has: NM
     * 1.42 reapplies no change of the bridge-port setting (seen: priority, VLANs).
     */
    private static boolean bridgePortChanged(Dev d, Activation act) {
        Profile p = d.profile;
        if (p.bridge() == null || !d.link.isBridgePort()) {
            return false;
        }
        if (!org.bondctl.bridge.Bridges.portWithNmDefaults(p.bridgePortOptions())
                .equals(org.bondctl.bridge.Bridges.portOptions(d.link))) {
            return true;
        }
        // the VLANs, where the bridge filters them: its default PVID and the profile's over it
        Map<org.bondctl.bridge.BridgeOption, Long> bridge = act.rtnl().link(d.link.master())
                .map(org.bondctl.bridge.Bridges::options).orElse(Map.of());
        if (!org.bondctl.bridge.Bridges.filtersVlans(bridge)) {
            return false;
        }
        org.bondctl.bridge.VlanTable want = org.bondctl.bridge.VlanTable.withDefaultPvid(
                bridge.get(org.bondctl.bridge.BridgeOption.VLAN_DEFAULT_PVID).intValue(), p.bridgePortVlans());
        return !want.equals(org.bondctl.bridge.VlanTable.read(act.rtnl()).getOrDefault(d.link.index(),
                org.bondctl.bridge.VlanTable.EMPTY));
    }

    /** One device: its link, the profile active on it (or one it has), whether NM would manage it, and the state word. */
    private record Dev(Link link, Profile profile, boolean active, boolean managed) {
        String state() {
            return active ? "connected" : managed() ? "disconnected" : "unmanaged";
        }

        int stateCode() {
            return active ? 100 : managed() ? 30 : 10;
        }

        String type() {
            if (link.name().equals("lo")) {
                return "loopback";
            }
            return link.kind() == null || link.kind().equals("veth") ? "ethernet" : link.kind();
        }
    }

    /** The system's profiles as NM has them, each NIC's own bound to the NIC it is active on. */
    private List<Profile> profiles() {
        return Activation.bound(ProfileStore.loadSystemAsNm(env.root(), r -> { }), env);
    }

    private List<Dev> devices(Rtnetlink rtnl, Activation act) {
        return devices(rtnl, act, profiles());
    }

    private List<Dev> devices(Rtnetlink rtnl, Activation act, List<Profile> all) {
        List<Dev> out = new ArrayList<>();
        // a bond or VLAN profile whose interface-name changed while active: still active on its old device
        Map<String, Profile> movedOn = new java.util.HashMap<>();
        RuntimeMarks moved = env.systemRoot() ? RuntimeMarks.moved() : null;
        for (Profile p : all) {
            String was = act.movedDevice(p, moved);
            if (was != null) {
                movedOn.put(was, p);
            }
        }
        for (Link l : rtnl.links()) {
            Profile mine = null;
            boolean active = false;
            for (Profile p : all) {
                if (l.name().equals(p.ifname())) {
                    boolean on = act.active(p, all);
                    if (mine == null || on) {
                        mine = p;
                        active = on;
                    }
                }
            }
            if (!active && movedOn.containsKey(l.name())) {
                mine = movedOn.get(l.name());
                active = true;
            }
            out.add(new Dev(l, mine, active, act.managed(l, mine != null)));
        }
        // nmcli's order (compare_devices): state, the active connections' order, type, name, then age
        Comparator<Integer> ac = new NmOrder(rtnl).byInterface();
        out.sort(Comparator.comparingInt((Dev d) -> -d.stateCode())
                .thenComparing((Dev d) -> d.active ? d.link.index() : 0, ac)
                .thenComparing(Dev::type).thenComparing(d -> d.link.name()).thenComparingInt(d -> d.link.index()));
        return out;
    }

    /** NM's connectivity states, worst first (NMConnectivityState; no portal without a check URI). */
    private static final List<String> CONNECTIVITY = List.of("unknown", "none", "limited", "full");

    /**
     * A device's connectivity as NetworkManager 1.42 reports it with connectivity checking off
     * (Debian's and RHEL's default; seen in the test bed), the same for IPv4 and IPv6: full when
     * its profile is active and a default route of either family goes through it, limited when
     * active without one (also with no address at all), none when managed and not active,
     * unknown when unmanaged.
     */
    private static String connectivity(Dev d, List<org.bondctl.rtnl.Route> routes) {
        if (!d.active) {
            return d.managed() ? "none" : "unknown";
        }
        boolean gateway = routes.stream().anyMatch(r -> r.prefix() == 0 && r.oif() == d.link.index()
                && r.table() == org.bondctl.rtnl.Rtnl.RT_TABLE_MAIN);
        return gateway ? "full" : "limited";
    }

    /**
     * The best connectivity of the active devices in either family; none when no profile is
     * active (NM's answer once it has looked; it says unknown only before its first look).
     */
    private static String connectivity(List<Dev> devs, Rtnetlink rtnl) {
        List<org.bondctl.rtnl.Route> routes = rtnl.routes();
        String best = "none";
        for (Dev d : devs) {
            String c = connectivity(d, routes);
            if (CONNECTIVITY.indexOf(c) > CONNECTIVITY.indexOf(best)) {
                best = c;
            }
        }
        return best;
    }

    private void status() {
        try (Activation act = Activation.open(env)) {
            List<Map<String, String>> rows = new ArrayList<>();
            List<org.bondctl.rtnl.Route> routes = act.rtnl().routes();
            for (Dev d : devices(act.rtnl(), act)) {
                Map<String, String> r = new LinkedHashMap<>();
                r.put("DEVICE", d.link.name());
                r.put("TYPE", d.type());
                r.put("STATE", d.state());
                r.put("IP4-CONNECTIVITY", connectivity(d, routes));
                r.put("IP6-CONNECTIVITY", connectivity(d, routes));
                r.put("DBUS-PATH", "--");
                r.put("CONNECTION", d.active ? d.profile.id() : "--");
                r.put("CON-UUID", d.active ? d.profile.uuid() : "--");
                r.put("CON-PATH", "--");
                rows.add(r);
            }
            o.fieldRules(Output.FieldRules.refusing(NmFields::deviceStatus)).table("Status of devices", STATUS_FIELDS, STATUS_COMMON, rows);
        }
    }

    private void show() {
        try (Activation act = Activation.open(env)) {
            Rtnetlink rtnl = act.rtnl();
            List<Dev> devs = devices(rtnl, act);
            String only = a.hasNext() ? a.next() : null;
            boolean found = false;
            Map<Integer, List<Address>> addrs = rtnl.allAddresses();
            List<Route> routes = rtnl.routes();
            for (Dev d : devs) {
                if (only != null && !only.equals(d.link.name())) {
                    continue;
                }
                found = true;
                Map<String, String> v = new LinkedHashMap<>();
                v.put("GENERAL.DEVICE", d.link.name());
                v.put("GENERAL.TYPE", d.type());
                v.put("GENERAL.HWADDR", d.link.address() == null ? "--" : Link.mac(d.link.address()).toUpperCase());
                v.put("GENERAL.MTU", Integer.toString(d.link.mtu()));
                v.put("GENERAL.STATE", d.stateCode() + " (" + d.state() + ")");
                v.put("GENERAL.CONNECTION", d.active ? d.profile.id() : "--");
                v.put("GENERAL.CON-PATH", "--");
                if (d.type().equals("ethernet")) {
                    v.put("WIRED-PROPERTIES.CARRIER", d.link.carrier() ? "on" : "off");
                }
                ipBlocks(v, d.link, addrs.getOrDefault(d.link.index(), List.of()), routes, d.active ? d.profile : null);
                o.fieldRules(NmFields.DEVICE_SHOW).record("Device details (" + d.link.name() + ")", new ArrayList<>(v.keySet()),
                        new ArrayList<>(v.keySet()), v, LISTS);
            }
            if (!found) {
                throw new NmcliException(NmcliException.NOT_FOUND, "Device '" + only + "' not found.");
            }
        }
    }

    /** The list fields of device show (-f and -g name them without their [n]). */
    static final List<String> LISTS = List.of("IP4.ADDRESS", "IP4.ROUTE", "IP4.DNS", "IP4.SEARCHES", "IP6.ADDRESS",
            "IP6.ROUTE", "IP6.DNS", "IP6.SEARCHES");

    /**
     * The IP4 and IP6 blocks of a device (device show, and connection show of an active
     * profile); the DNS servers NM shows are those of the profile {@code active} on it (none
     * for a port's, which has no IP configuration).
     */
    static void ipBlocks(Map<String, String> v, Link l, List<Address> addrs, List<Route> routes, Profile active) {
        for (int af : new int[] {Rtnl.AF_INET, Rtnl.AF_INET6}) {
            boolean withIp = active != null && active.type() != Profile.Type.PORT;
            ip(v, af == Rtnl.AF_INET ? "IP4" : "IP6", af, l, addrs, routes,
                    withIp ? active.ip(af == Rtnl.AF_INET6).dns() : List.of(),
                    withIp ? active.ip(af == Rtnl.AF_INET6).search() : List.of());
        }
    }

    /**
     * IP4.ADDRESS[n], IP4.GATEWAY, IP4.ROUTE[n], IP4.DNS[n], IP4.SEARCHES[n] as nmcli prints
     * them for a device, in its order (the searches: the active profile's dns-search).
     */
    private static void ip(Map<String, String> v, String prefix, int af, Link l, List<Address> addrs, List<Route> routes,
            List<java.net.InetAddress> dns, List<String> search) {
        int n = 0;
        // NM lists an interface's IPv6 link-local address first (seen: fe80::.../64, then 2001:db8::10/64)
        List<Address> ordered = addrs.stream().filter(a -> a.family() == af)
                .sorted(java.util.Comparator.comparing((Address a) -> !a.isLinkLocal())).toList();
        for (Address a : ordered) {
            v.put(prefix + ".ADDRESS[" + (++n) + "]", a.toString());
        }
        String gw = "--";
        Map<String, String> rs = new LinkedHashMap<>();
        int r = 0;
        for (Route rt : routes) {
            if (rt.family() != af || rt.oif() != l.index() || rt.table() != Rtnl.RT_TABLE_MAIN) {
                continue;
            }
            if (rt.isDefault() && rt.gateway() != null && gw.equals("--")) {
                gw = Address.text(rt.gateway());
            }
            String dst = rt.isDefault() ? (af == Rtnl.AF_INET ? "0.0.0.0/0" : "::/0") : rt.destinationText();
            String nh = rt.gateway() != null ? Address.text(rt.gateway()) : af == Rtnl.AF_INET ? "0.0.0.0" : "::";
            rs.put(prefix + ".ROUTE[" + (++r) + "]", "dst = " + dst + ", nh = " + nh + ", mt = " + rt.effectiveMetric());
        }
        v.put(prefix + ".GATEWAY", gw);
        v.putAll(rs);
        for (int i = 0; i < dns.size(); i++) {
            v.put(prefix + ".DNS[" + (i + 1) + "]", Address.text(dns.get(i)));
        }
        for (int i = 0; i < search.size(); i++) {
            v.put(prefix + ".SEARCHES[" + (i + 1) + "]", search.get(i));
        }
    }

    /**
     * {@code nmcli networking [on|off|connectivity [check]]}: the state (enabled, or disabled
     * after 'networking off'); {@code off} and {@code on} as NetworkManager sleeps and wakes
     * ({@link Activation#sleep}, {@link Activation#wake}, then the profiles that autoconnect, as
     * NM activates them; one 'connection down' took down stays down); silent, exit 0, also when
     * networking is so already. Words after on/off are ignored, as nmcli ignores them. On an
     * image's profiles (--bondctl-root DIR) only the switch in the image's state file changes.
     */
    void networking() {
        String cmd = !a.hasNext() ? null : List.of("on", "off", "connectivity").stream().filter(c -> c.startsWith(a.peek()))
                .findFirst().orElseThrow(() -> new NmcliException(NmcliException.USAGE, "argument '" + a.peek()
                        + "' not understood. Try passing --help instead."));
        if (cmd != null) {
            a.next();
        }
        if ("connectivity".equals(cmd)) {
            if (a.hasNext() && !"check".startsWith(a.peek())) {
                throw new NmcliException(NmcliException.USAGE, "'networking' command '" + a.peek() + "' is not valid.");
            }
            try (Activation act = Activation.open(env)) {
                out.println(act.asleep() ? "none" : connectivity(devices(act.rtnl(), act), act.rtnl()));
            }
            return;
        }
        if (cmd == null) {
            out.println(Networking.enabled(env.root()) ? "enabled" : "disabled");
            return;
        }
        if (!env.systemRoot()) {
            // an image's profiles (--bondctl-root): NM's switch in its state file there, for the NM or
            // bondctl that boots it; the kernel here is not that image's, and stays as it is
            java.util.Optional.ofNullable(Networking.write(env.root(), cmd.equals("on")))
                    .ifPresent(w -> org.bondctl.fs.PrivateFile.restoreReadable(w.file(), w.content()));
            return;
        }
        List<Profile> all = profiles();
        try (Activation act = Activation.open(env)) {
            if (act.asleep() == cmd.equals("off")) {
                return; // so already
            }
            if (cmd.equals("off")) {
                act.sleep(all);
                return;
            }
            act.wake(all);
        }
        new Connections(a, o, env, out, err).autoconnectAll();
    }

    /** What 'general permissions' lists, in NM 1.42's order (seen in the test bed), after "org.freedesktop.NetworkManager.". */
    private static final List<String> PERMISSIONS = List.of("checkpoint-rollback", "enable-disable-connectivity-check",
            "enable-disable-network", "enable-disable-statistics", "enable-disable-wifi", "enable-disable-wimax",
            "enable-disable-wwan", "network-control", "reload", "settings.modify.global-dns", "settings.modify.hostname",
            "settings.modify.own", "settings.modify.system", "sleep-wake", "wifi.scan", "wifi.share.open",
            "wifi.share.protected");

    void general() {
        String cmd = a.hasNext() ? a.match(List.of("status", "hostname", "permissions", "logging", "reload"), "command")
                : "status";
        if (cmd.equals("hostname")) {
            if (a.hasNext()) {
                String name = a.next();
                if (a.hasNext()) {
                    err.println("Warning: ignoring extra garbage after '" + name + "' hostname");
                }
                Hostname.set(env, name);
            } else {
                out.println(Hostname.staticName(env.root()));
            }
            return;
        }
        if (cmd.equals("permissions")) {
            // NM asks polkit; without a daemon, whoever may change profiles and links (root) may do all of it
            String value = org.bondctl.fs.Privilege.euid() == 0 ? "yes" : "no";
            List<Map<String, String>> rows = new ArrayList<>();
            for (String p : PERMISSIONS) {
                rows.add(new LinkedHashMap<>(Map.of("PERMISSION", "org.freedesktop.NetworkManager." + p, "VALUE", value)));
            }
            o.fieldRules(Output.FieldRules.refusing((field, all) -> NmFields.general(all))).table("NetworkManager permissions",
                    List.of("PERMISSION", "VALUE"), List.of("PERMISSION", "VALUE"), rows);
            return;
        }
        if (!cmd.equals("status")) {
            throw new NmcliException(NmcliException.USAGE, "'general " + cmd + "' is NetworkManager's alone: bondctl nmcli"
                    + " takes general status, general hostname [NAME] and general permissions");
        }
        try (Activation act = Activation.open(env)) {
            List<Dev> devs = devices(act.rtnl(), act);
            boolean connected = devs.stream().anyMatch(Dev::active);
            boolean asleep = act.asleep();
            String connectivity = asleep ? "none" : connectivity(devs, act.rtnl());
            Map<String, String> r = new LinkedHashMap<>();
            r.put("RUNNING", "running");
            r.put("VERSION", "1.42.4");
            // NM's state follows its connectivity: global with full, local only without (seen in 1.42)
            r.put("STATE", asleep ? "asleep" : !connected ? "disconnected" : connectivity.equals("full") ? "connected"
                    : "connected (local only)");
            r.put("STARTUP", "finished");
            r.put("CONNECTIVITY", connectivity);
            r.put("NETWORKING", asleep ? "disabled" : "enabled");
            r.put("WIFI-HW", "missing");
            r.put("WIFI", "enabled");
            r.put("WWAN-HW", "missing");
            r.put("WWAN", "enabled");
            o.fieldRules(Output.FieldRules.refusing((field, all) -> NmFields.general(all))).table("NetworkManager status", new ArrayList<>(r.keySet()),
                    List.of("STATE", "CONNECTIVITY", "WIFI-HW", "WIFI", "WWAN-HW", "WWAN"), List.of(r));
        }
    }
}
