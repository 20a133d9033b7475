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

/**
 * {@code nmcli device [status|show IFNAME]} and {@code nmcli general [status]}, from the
 * kernel and the profiles: a device is "connected" when a profile is active on it,
 * "disconnected" when it has a profile that is not, and "unmanaged" otherwise (loopback
 * always), as NetworkManager words them.
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

    Devices(Nmcli.Args a, Output o, Nmcli.Env env) {
        this.a = a;
        this.o = o;
        this.env = env;
    }

    void run() {
        String cmd = a.hasNext() ? a.match(COMMANDS, "command") : "status";
        switch (cmd) {
            case "status" -> status();
            case "show" -> show();
            default -> throw new NmcliException(NmcliException.USAGE, "'device " + cmd + "' is NetworkManager's alone:"
                    + " bondctl nmcli takes device status and device show");
        }
    }

    /** One device: its link, the profile active on it (or one it has), and the state word. */
    private record Dev(Link link, Profile profile, boolean active) {
        String state() {
            return active ? "connected" : profile != null && !link.name().equals("lo") ? "disconnected" : "unmanaged";
        }

        int stateCode() {
            return active ? 100 : profile != null && !link.name().equals("lo") ? 30 : 10;
        }

        String type() {
            if (link.name().equals("lo")) {
                return "loopback";
            }
            return link.kind() == null || link.kind().equals("veth") ? "ethernet" : link.kind();
        }
    }

    private List<Dev> devices(Rtnetlink rtnl, Activation act) {
        List<Profile> all = ProfileStore.loadSystem(env.root());
        List<Dev> out = new ArrayList<>();
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
            out.add(new Dev(l, mine, active));
        }
        out.sort(Comparator.comparingInt((Dev d) -> d.active ? 0 : d.profile != null ? 1 : 2)
                .thenComparing(d -> d.type().equals("loopback")).thenComparingInt(d -> d.link.index()));
        return out;
    }

    private void status() {
        try (Activation act = Activation.open(env)) {
            List<Map<String, String>> rows = new ArrayList<>();
            for (Dev d : devices(act.rtnl(), act)) {
                Map<String, String> r = new LinkedHashMap<>();
                r.put("DEVICE", d.link.name());
                r.put("TYPE", d.type());
                r.put("STATE", d.state());
                r.put("IP4-CONNECTIVITY", d.active ? "none" : "unknown");
                r.put("IP6-CONNECTIVITY", d.active ? "none" : "unknown");
                r.put("DBUS-PATH", "--");
                r.put("CONNECTION", d.active ? d.profile.id() : "--");
                r.put("CON-UUID", d.active ? d.profile.uuid() : "--");
                r.put("CON-PATH", "--");
                rows.add(r);
            }
            o.table("Status of devices", STATUS_FIELDS, STATUS_COMMON, rows);
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
                for (int af : new int[] {Rtnl.AF_INET, Rtnl.AF_INET6}) {
                    ip(v, af == Rtnl.AF_INET ? "IP4" : "IP6", af, d.link, addrs.getOrDefault(d.link.index(), List.of()), routes);
                }
                o.record(new ArrayList<>(v.keySet()), new ArrayList<>(v.keySet()), v);
            }
            if (!found) {
                throw new NmcliException(NmcliException.NOT_FOUND, "Device '" + only + "' not found.");
            }
        }
    }

    /** IP4.ADDRESS[n], IP4.GATEWAY, IP4.ROUTE[n] as nmcli prints them for a device. */
    private static void ip(Map<String, String> v, String prefix, int af, Link l, List<Address> addrs, List<Route> routes) {
        int n = 0;
        for (Address a : addrs) {
            if (a.family() == af) {
                v.put(prefix + ".ADDRESS[" + (++n) + "]", a.toString());
            }
        }
        String gw = "--";
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
            v.put(prefix + ".ROUTE[" + (++r) + "]", "dst = " + dst + ", nh = " + nh + ", mt = " + rt.effectiveMetric());
        }
        v.put(prefix + ".GATEWAY", gw);
    }

    void general() {
        String cmd = a.hasNext() ? a.match(List.of("status", "hostname", "permissions", "logging", "reload"), "command")
                : "status";
        if (!cmd.equals("status")) {
            throw new NmcliException(NmcliException.USAGE, "'general " + cmd + "' is NetworkManager's alone: bondctl nmcli"
                    + " takes general status");
        }
        try (Activation act = Activation.open(env)) {
            boolean connected = devices(act.rtnl(), act).stream().anyMatch(Dev::active);
            Map<String, String> r = new LinkedHashMap<>();
            r.put("RUNNING", "running");
            r.put("VERSION", "1.42.4");
            r.put("STATE", connected ? "connected" : "disconnected");
            r.put("STARTUP", "finished");
            r.put("CONNECTIVITY", connected ? "none" : "unknown");
            r.put("NETWORKING", "enabled");
            r.put("WIFI-HW", "missing");
            r.put("WIFI", "enabled");
            r.put("WWAN-HW", "missing");
            r.put("WWAN", "enabled");
            o.table("NetworkManager status", new ArrayList<>(r.keySet()),
                    List.of("STATE", "CONNECTIVITY", "WIFI-HW", "WIFI", "WWAN-HW", "WWAN"), List.of(r));
        }
    }
}
