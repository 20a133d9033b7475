package org.bondctl.profile;

import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.bridge.BridgeOption;
import org.bondctl.bridge.BridgePortOption;
import org.bondctl.bridge.BridgeVlan;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.Interfaces;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.VlanQos;

/**
 * NetworkManager's keyfile format (/etc/NetworkManager/system-connections/ID.nmconnection;
 * libnm-core's nm-keyfile.c). bondctl owns [bond], [bond-port] and [vlan], ethernet.mtu and
 * the ipv4/ipv6 keys {@link KeyfileIp} names; every other key and section is kept as read, and
 * reported as not applied.
 */
public final class KeyfileFormat implements ProfileFormat {
    public static final KeyfileFormat INSTANCE = new KeyfileFormat();
    public static final String SUFFIX = ".nmconnection";

    /**
     * The section NetworkManager writes in a profile it keeps in memory (/run/NetworkManager/
     * system-connections): which persistent file the profile shadows, and whether deleting it
     * deletes that file too (nms-keyfile-reader.c). Never written to a persistent file.
     */
    static final String NMMETA = ".nmmeta";

    /** [connection] keys that are NM's own bookkeeping: nothing to apply. */
    private static final Set<String> BOOKKEEPING = Set.of("timestamp");

    private KeyfileFormat() {}

    @Override
    public String name() {
        return "keyfile";
    }

    @Override
    public Path directory(Path root) {
        return org.bondctl.fs.RootPath.resolve(root, "etc/NetworkManager/system-connections");
    }

    @Override
    public boolean isProfileFile(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(SUFFIX) && !n.startsWith(".");
    }

    @Override
    public String fileName(Profile p) {
        // nm_keyfile_utils_create_filename(): '/' is not allowed in a file name
        return p.id().replace('/', '*') + SUFFIX;
    }

    /** One file being read: which entries were applied, so the rest can be reported. */
    static final class Reader {
        final String file;
        final Keyfile k;
        final Profile p;
        private final Set<Keyfile.Entry> used = Collections.newSetFromMap(new IdentityHashMap<>());

        Reader(String file, Keyfile k, Profile p) {
            this.file = file;
            this.k = k;
            this.p = p;
        }

        void used(Keyfile.Entry e) {
            if (used.add(e)) {
                for (Keyfile.Section s : k.sections) {
                    if (s.entries.contains(e)) {
                        p.applied(s.name + "." + e.key);
                    }
                }
            }
        }

        /** The unescaped value of a key, marked as applied; null when absent. */
        String take(String section, String key) {
            Keyfile.Section s = k.section(section);
            Keyfile.Entry e = s == null ? null : s.find(key);
            if (e == null) {
                return null;
            }
            used(e);
            return Keyfile.unescape(e.value).strip();
        }

        void notApplied(Keyfile.Entry e, String section, String why) {
            used.add(e);
            p.notApplied(file + ":" + e.line, section + "." + e.key, Keyfile.unescape(e.value).strip(), why);
        }

        void notAppliedValue(Keyfile.Entry e, String section, String value, String why) {
            p.notApplied(file + ":" + e.line, section + "." + e.key, value, why);
        }

        /** Every key nobody applied: one report each, with why where it is known. */
        void reportRest() {
            for (Keyfile.Section s : k.sections) {
                for (Keyfile.Entry e : s.entries) {
                    if (e.key != null && !used.contains(e)) {
                        notApplied(e, s.name, Kept.why(s.name + "." + e.key));
                    }
                }
            }
        }

        int line(String section, String key) {
            Keyfile.Section s = k.section(section);
            Keyfile.Entry e = s == null ? null : s.find(key);
            return e != null ? e.line : s != null ? s.line : 1;
        }
    }

    /** [.nmmeta]: the file an in-memory profile shadows; NM's other marks there are its own bookkeeping. */
    private static void readNmmeta(Reader r) {
        String shadowed = r.take(NMMETA, "shadowed-storage");
        String owned = r.take(NMMETA, "shadowed-owned");
        for (String key : List.of("nm-generated", "volatile", "external")) {
            r.take(NMMETA, key);
        }
        if (shadowed != null && !shadowed.isEmpty()) {
            r.p.shadows(Path.of(shadowed), owned != null && bool(r.file, r.line(NMMETA, "shadowed-owned"),
                    "shadowed-owned", owned));
        }
    }

    @Override
    public Profile read(Path file, String text) {
        String f = file.toString();
        Keyfile k = Keyfile.parse(f, text);
        Keyfile.Section con = k.section("connection");
        if (con == null) {
            throw Keyfile.error(f, 1, "no [connection] section");
        }
        String type = Keyfile.unescapeOrNull(k.get("connection", "type"));
        if (type == null) {
            throw Keyfile.error(f, con.line, "[connection] has no type");
        }
        String slaveType = first(k, "slave-type", "port-type");
        String master = first(k, "master", "controller");
        String fileId = file.getFileName().toString();
        fileId = fileId.endsWith(SUFFIX) ? fileId.substring(0, fileId.length() - SUFFIX.length()) : fileId;
        String id = Keyfile.unescapeOrNull(k.get("connection", "id"));
        boolean ethernet = type.equals("ethernet") || type.equals("802-3-ethernet");
        Profile.Type t = type.equals("bond") ? Profile.Type.BOND
                : type.equals("vlan") ? Profile.Type.VLAN
                : type.equals("bridge") ? Profile.Type.BRIDGE
                : "bond".equals(slaveType) && master != null ? Profile.Type.PORT
                : "bridge".equals(slaveType) && master != null && ethernet ? Profile.Type.BRIDGE_PORT : Profile.Type.OTHER;
        Profile p = new Profile(t, id == null ? fileId : id);
        p.source(file, this, k);
        p.connectionType(type);
        Reader r = new Reader(f, k, p);
        String uuid = r.take("connection", "uuid");
        if (uuid != null) {
            checkUuid(f, r.line("connection", "uuid"), uuid);
            p.uuid(uuid);
        }
        r.take("connection", "id");
        r.take("connection", "type");
        p.ifname(r.take("connection", "interface-name"));
        String ac = r.take("connection", "autoconnect");
        if (ac != null) {
            p.autoconnect(bool(f, r.line("connection", "autoconnect"), "autoconnect", ac));
        }
        String acs = r.take("connection", "autoconnect-slaves");
        if (acs != null) {
            p.autoconnectPorts(switch (acs.strip()) {
                case "-1", "default" -> -1;
                case "0", "false", "no" -> 0;
                case "1", "true", "yes" -> 1;
                default -> throw Keyfile.error(f, r.line("connection", "autoconnect-slaves"),
                        "autoconnect-slaves=" + Keyfile.abbreviate(acs) + " is not -1, 0 or 1");
            });
        }
        for (Keyfile.Entry e : con.entries) {
            if (e.key != null) {
                p.line("connection." + e.key, e.line);
                if (BOOKKEEPING.contains(e.key)) {
                    r.used(e);
                }
            }
        }
        readNmmeta(r);
        if (("bond".equals(slaveType) || "bridge".equals(slaveType)) && master == null) {
            throw Keyfile.error(f, r.line("connection", "slave-type"), "slave-type=" + slaveType + " but no master=");
        }
        if ("bridge".equals(slaveType) && t == Profile.Type.BRIDGE) {
            throw Keyfile.error(f, r.line("connection", "slave-type"), "a bridge cannot be a port of bridge " + master
                    + " (the kernel refuses a bridge in a bridge, ELOOP)");
        }
        if ("bridge".equals(slaveType) && (t == Profile.Type.BOND || t == Profile.Type.VLAN || t == Profile.Type.BRIDGE_PORT)) {
            p.bridge(master);
            for (String key : List.of("slave-type", "port-type", "master", "controller")) {
                r.take("connection", key);
            }
            readBridgePort(r);
        }
        switch (t) {
            case BOND -> {
                readBond(r);
                readMtu(r);
                readClonedMac(r);
                readIp(r);
            }
            case VLAN -> {
                readVlan(r);
                readMtu(r);
                readClonedMac(r);
                readIp(r);
            }
            case BRIDGE -> {
                readBridge(r);
                readMtu(r);
                readClonedMac(r);
                readIp(r);
            }
            case BRIDGE_PORT -> {
                // a NIC as bridge port: bondctl applies its membership and port options; its
                // ethernet settings (mtu, cloned-mac-address) are reported as not applied
            }
            case PORT -> {
                p.master(master);
                for (String key : List.of("slave-type", "port-type", "master", "controller")) {
                    r.take("connection", key);
                }
                readPort(r);
                readClonedMac(r);
            }
            default -> {
                if (master != null) {
                    p.master(master); // a team's or bridge's port: not a NIC's own profile (nor bondctl's)
                }
                // not applied by apply (ProfileSet notes it once): a plain ethernet profile is read for
                // nmcli (show, modify, and its activation by name); what cannot be read makes only its
                // activation fail, as NM loads the other profiles whatever one holds
                try {
                    if (p.isPlainEthernet()) {
                        readMtu(r);
                        readClonedMac(r);
                    }
                    readIp(r);
                } catch (BondctlException e) {
                    return p.unusable(e.getMessage());
                }
                if (!p.isPlainEthernet()) {
                    return p;
                }
            }
        }
        r.reportRest();
        return p;
    }

    private static String first(Keyfile k, String key, String alias) {
        String v = Keyfile.unescapeOrNull(k.get("connection", key));
        return v != null ? v : Keyfile.unescapeOrNull(k.get("connection", alias));
    }

    private static void readBond(Reader r) {
        BondSettings s = new BondSettings();
        Keyfile.Section sec = r.k.section("bond");
        if (sec != null) {
            for (Keyfile.Entry e : sec.entries) {
                if (e.key == null) {
                    continue;
                }
                if (e.key.equals("interface-name")) {
                    r.used(e); // NM < 1.0 kept the interface name here
                    continue;
                }
                BondOption o;
                try {
                    o = BondOption.byName(e.key);
                } catch (BondctlException x) {
                    throw Keyfile.error(r.file, e.line, "[bond] unknown key " + e.key + ": " + x.getMessage());
                }
                if (o.nmKey() == null) {
                    throw Keyfile.error(r.file, e.line, "[bond] " + e.key + " is not a NetworkManager bond option");
                }
                if (s.has(o)) {
                    throw Keyfile.error(r.file, e.line, "[bond] option " + o.kernelName() + " is given twice");
                }
                try {
                    s.put(o, Keyfile.unescape(e.value).strip());
                } catch (BondctlException x) {
                    throw Keyfile.error(r.file, e.line, "[bond] " + x.getMessage());
                }
                r.used(e);
                r.p.line("bond." + o.kernelName(), e.line);
            }
        }
        r.p.bondSettings(s);
    }

    private static void readPort(Reader r) {
        Keyfile.Section sec = r.k.section("bond-port");
        if (sec != null) {
            for (Keyfile.Entry e : sec.entries) {
                if (e.key == null) {
                    continue;
                }
                PortOption o = switch (e.key) {
                    case "queue-id" -> PortOption.QUEUE_ID;
                    case "prio" -> PortOption.PRIO;
                    default -> throw Keyfile.error(r.file, e.line, "[bond-port] unknown key " + e.key
                            + " (NetworkManager 1.42 knows queue-id and prio)");
                };
                try {
                    r.p.portOptions().put(o, o.parse(Keyfile.unescape(e.value).strip()));
                } catch (BondctlException x) {
                    throw Keyfile.error(r.file, e.line, "[bond-port] " + x.getMessage());
                }
                r.used(e);
            }
        }
        for (String section : List.of("ethernet", "802-3-ethernet")) {
            Keyfile.Section eth = r.k.section(section);
            Keyfile.Entry mtu = eth == null ? null : eth.find("mtu");
            if (mtu != null) {
                r.notApplied(mtu, section, "the kernel gives a port its bond's MTU: set it on the bond");
            }
        }
    }

    /**
     * [bridge]: the options bondctl applies (stp, priority, forward-delay, hello-time, max-age,
     * ageing-time, multicast-snooping, group-forward-mask, vlan-filtering, vlan-default-pvid) and
     * VLANs, each checked as NM checks it; the others (the multicast tuning, the VLAN protocol) are
     * kept and reported as not applied.
     */
    private static void readBridge(Reader r) {
        readOptions(r, "bridge", BridgeOption::byNmName, r.p.bridgeOptions());
        readVlans(r, "bridge", r.p.bridgeVlans());
        Map.Entry<BridgeOption, String> bad = org.bondctl.bridge.Bridges.verify(r.p.bridgeOptions());
        if (bad != null) {
            throw Keyfile.error(r.file, r.line("bridge", bad.getKey().nmName()), "[bridge] " + bad.getValue()
                    .substring("bridge.".length()));
        }
    }

    /** [bridge-port]: priority, path-cost, hairpin-mode and the port's VLANs. */
    private static void readBridgePort(Reader r) {
        readOptions(r, "bridge-port", BridgePortOption::byNmName, r.p.bridgePortOptions());
        readVlans(r, "bridge-port", r.p.bridgePortVlans());
    }

    /** vlans= of [bridge] or [bridge-port]: NM's list ("1 pvid untagged,100-102"), checked as NM's verify() does. */
    private static void readVlans(Reader r, String section, List<BridgeVlan> into) {
        String v = r.take(section, "vlans");
        if (v == null) {
            return;
        }
        try {
            into.addAll(BridgeVlan.parseList(section + ".vlans", v));
        } catch (IllegalArgumentException x) {
            throw Keyfile.error(r.file, r.line(section, "vlans"), "[" + section + "] " + x.getMessage().substring(section.length() + 1));
        }
        r.p.line(section + ".vlans", r.line(section, "vlans"));
    }

    /** The keys of {@code section} that name an option ({@code byNmName}), read into {@code into}; errors name FILE:LINE. */
    private static <E extends org.bondctl.bridge.WireOption> void readOptions(Reader r, String section,
            java.util.function.Function<String, E> byNmName, Map<E, Long> into) {
        Keyfile.Section sec = r.k.section(section);
        if (sec == null) {
            return;
        }
        for (Keyfile.Entry e : sec.entries) {
            E o = e.key == null ? null : byNmName.apply(e.key);
            if (o == null) {
                continue;
            }
            try {
                into.put(o, o.fromNm(Keyfile.unescape(e.value)));
            } catch (IllegalArgumentException x) {
                throw Keyfile.error(r.file, e.line, "[" + section + "] " + x.getMessage().substring(section.length() + 1));
            }
            r.used(e);
            r.p.line(section + "." + o.nmName(), e.line);
        }
    }

    private static void readVlan(Reader r) {
        String parent = r.take("vlan", "parent");
        String id = r.take("vlan", "id");
        if (parent == null || id == null) {
            throw Keyfile.error(r.file, r.line("vlan", "parent"), "[vlan] needs parent= and id=");
        }
        int vid;
        try {
            vid = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            vid = -1;
        }
        if (vid < Interfaces.VLAN_ID_MIN || vid > Interfaces.VLAN_ID_MAX) {
            throw Keyfile.error(r.file, r.line("vlan", "id"), "[vlan] id=" + Keyfile.abbreviate(id) + " is not 1-4094"
                    + " (0 is a priority tag, 4095 is reserved)");
        }
        int protocol = Rtnl.ETH_P_8021Q;
        String proto = r.take("vlan", "protocol");
        if (proto != null) {
            protocol = switch (proto) {
                case "802.1Q", "802.1q" -> Rtnl.ETH_P_8021Q;
                case "802.1ad" -> Rtnl.ETH_P_8021AD;
                default -> throw Keyfile.error(r.file, r.line("vlan", "protocol"), "[vlan] protocol=" + proto
                        + " is not 802.1Q or 802.1ad");
            };
        }
        int flags = VlanQos.REORDER_HDR;
        String f = r.take("vlan", "flags");
        try {
            flags = f == null ? flags : VlanQos.parseFlags(f);
        } catch (BondctlException e) {
            throw Keyfile.error(r.file, r.line("vlan", "flags"), "[vlan] flags: " + e.getMessage());
        }
        List<VlanQos.Mapping> ingress = priorityMap(r, "ingress-priority-map", true);
        List<VlanQos.Mapping> egress = priorityMap(r, "egress-priority-map", false);
        r.p.vlan(parent, vid, protocol);
        r.p.vlanQos(new VlanQos(flags, ingress, egress));
    }

    private static List<VlanQos.Mapping> priorityMap(Reader r, String key, boolean ingress) {
        String v = r.take("vlan", key);
        try {
            return v == null ? List.of() : VlanQos.parseMap(v, ingress);
        } catch (BondctlException e) {
            throw Keyfile.error(r.file, r.line("vlan", key), "[vlan] " + key + ": " + e.getMessage());
        }
    }

    /** [ethernet] cloned-mac-address: set on a bond or VLAN; a port's, or one of NM's words, kept and reported. */
    private static void readClonedMac(Reader r) {
        for (String section : List.of("ethernet", "802-3-ethernet")) {
            Keyfile.Section eth = r.k.section(section);
            Keyfile.Entry e = eth == null ? null : eth.find("cloned-mac-address");
            if (e == null) {
                continue;
            }
            String mac;
            try {
                mac = ClonedMac.normalize(Keyfile.unescape(e.value));
            } catch (BondctlException x) {
                throw Keyfile.error(r.file, e.line, "[" + section + "] cloned-mac-address: " + x.getMessage());
            }
            r.p.clonedMac(mac);
            String why = mac == null ? null : ClonedMac.whyNot(r.p.type(), mac);
            if (why != null) {
                r.notApplied(e, section, why);
            } else {
                r.used(e);
            }
        }
    }

    private static void readMtu(Reader r) {
        for (String section : List.of("ethernet", "802-3-ethernet")) {
            String v = r.take(section, "mtu");
            if (v == null) {
                continue;
            }
            try {
                int mtu = Integer.parseInt(v);
                if (mtu != 0 && (mtu < Rtnl.ETH_MIN_MTU || mtu > 65535)) {
                    throw new NumberFormatException();
                }
                r.p.mtu(mtu);
            } catch (NumberFormatException e) {
                throw Keyfile.error(r.file, r.line(section, "mtu"), "[" + section + "] mtu=" + Keyfile.abbreviate(v)
                        + " is not 0 (automatic) or " + Rtnl.ETH_MIN_MTU + "-65535");
            }
        }
    }

    private static void readIp(Reader r) {
        r.p.ipv4(KeyfileIp.read(r, false));
        r.p.ipv6(KeyfileIp.read(r, true));
    }

    private static void checkUuid(String f, int line, String uuid) {
        if (!Profile.isUuid(uuid)) {
            throw Keyfile.error(f, line, "uuid '" + Keyfile.abbreviate(uuid) + "' is not a UUID");
        }
    }

    private static boolean bool(String f, int line, String key, String v) {
        return switch (v.strip().toLowerCase()) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw Keyfile.error(f, line, key + "=" + Keyfile.abbreviate(v) + " is not true or false");
        };
    }

    // ------------------------------------------------------------------ write

    @Override
    public String write(Profile p) {
        Keyfile k = p.document() instanceof Keyfile d && p.format() == this ? Keyfile.parse("", d.render()) : null;
        return KeyfileWriter.write(p, k);
    }
}
