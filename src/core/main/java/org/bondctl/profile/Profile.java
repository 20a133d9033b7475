package org.bondctl.profile;

import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.bridge.BridgeOption;
import org.bondctl.bridge.BridgePortOption;

/**
 * One NetworkManager connection profile as bondctl understands it: a bond (type=bond, with its
 * bond options), a bond port (an ethernet profile with master= and slave-type=bond, and its
 * bond-port options), a VLAN (type=vlan: parent, id, protocol), a bridge (type=bridge, with its
 * bridge options), a NIC as bridge port (an ethernet profile with slave-type=bridge; a bond or
 * VLAN may be one too: {@link #bridge}), or anything else (kept, never applied). Bonds, VLANs
 * and bridges carry IPv4 and IPv6 settings and an MTU. {@link #document} is the
 * parsed file it came from, so an update rewrites only the keys bondctl manages;
 * {@link #unapplied} lists the keys it read but does not apply.
 */
public final class Profile {
    public enum Type { BOND, PORT, VLAN, BRIDGE, BRIDGE_PORT, OTHER }

    private final Type type;
    private String id;
    private String uuid;
    private String ifname;
    private boolean autoconnect = true;
    /** connection.autoconnect-slaves: -1 default (NM's global default: off), 0 no, 1 yes. */
    private int autoconnectPorts = -1;
    private BondSettings bond = new BondSettings();
    private IpConfig ipv4 = IpConfig.NONE;
    private IpConfig ipv6 = IpConfig.AUTO6;
    private int mtu;
    private String vlanParent;
    private int vlanId;
    private int vlanProtocol = org.bondctl.rtnl.Rtnl.ETH_P_8021Q;
    private org.bondctl.rtnl.VlanQos vlanQos = org.bondctl.rtnl.VlanQos.DEFAULT;
    private String connectionType;
    /** Why a plain ethernet profile cannot be activated: a setting bondctl could not read (null: it can). */
    private String unusable;
    private final java.util.List<String> unapplied = new java.util.ArrayList<>();
    private final java.util.List<String> applied = new java.util.ArrayList<>();
    private String master;
    private final Map<PortOption, Long> portOptions = new EnumMap<>(PortOption.class);
    /** bridge.*: the options the profile gives, in the kernel's units. */
    private final Map<BridgeOption, Long> bridgeOptions = new EnumMap<>(BridgeOption.class);
    /** The bridge this bond, VLAN or NIC is a port of (master= with slave-type=bridge); null: none. */
    private String bridge;
    /** bridge-port.*: the options the profile gives. */
    private final Map<BridgePortOption, Long> bridgePortOptions = new EnumMap<>(BridgePortOption.class);
    /** bridge.vlans of a bridge's profile: its own VLANs when it filters them. */
    private final java.util.List<org.bondctl.bridge.BridgeVlan> bridgeVlans = new java.util.ArrayList<>();
    /** bridge-port.vlans of a bridge port's profile. */
    private final java.util.List<org.bondctl.bridge.BridgeVlan> bridgePortVlans = new java.util.ArrayList<>();
    private Path file;
    private ProfileFormat format;
    private Object document;
    /**
     * For a profile kept in memory (a keyfile in /run/NetworkManager/system-connections): the
     * persistent file it shadows ([.nmmeta] shadowed-storage), null when none.
     */
    private Path shadows;
    /** [.nmmeta] shadowed-owned: deleting the in-memory profile deletes the file it shadows too. */
    private boolean shadowOwned;
    private final Map<String, Integer> lines = new HashMap<>();
    private boolean ifnameDerived;
    /** ethernet.cloned-mac-address as NetworkManager keeps it ({@link ClonedMac}); null when unset. */
    private String clonedMac;
    /** NetworkManager.conf's ipv4/ipv6.dns-priority defaults where this profile was loaded (0: none). */
    private int dnsPriorityDefault4;
    private int dnsPriorityDefault6;
    /** {@link Kept} "section.key" -> keyfile value (null: NM's default) for the file written next. */
    private final Map<String, String> keptChanges = new java.util.LinkedHashMap<>();

    public Profile(Type type, String id) {
        this.type = type;
        this.id = id;
        this.uuid = stableUuid(id);
    }

    public static Profile bond(String ifname) {
        Profile p = new Profile(Type.BOND, ifname);
        p.ifname = ifname;
        return p;
    }

    public static Profile vlan(String ifname, String parent, int id, int protocol) {
        Profile p = new Profile(Type.VLAN, ifname);
        p.ifname = ifname;
        p.vlanParent = parent;
        p.vlanId = id;
        p.vlanProtocol = protocol;
        return p;
    }

    public static Profile port(String ifname, String master) {
        Profile p = new Profile(Type.PORT, ifname);
        p.ifname = ifname;
        p.master = master;
        return p;
    }

    /**
     * A name-based (version 3) UUID from the connection id: the same bond written twice, or on
     * two hosts, gets the same UUID. An existing profile keeps the UUID it has.
     */
    public static String stableUuid(String id) {
        return UUID.nameUUIDFromBytes(("bondctl:connection:" + id).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Whether {@code text} is a UUID in its 8-4-4-4-12 hex form (NetworkManager's connection.uuid, a tombstone's name). */
    public static boolean isUuid(String text) {
        return text.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    }

    public Type type() {
        return type;
    }

    public String id() {
        return id;
    }

    public String uuid() {
        return uuid;
    }

    public Profile uuid(String u) {
        this.uuid = u;
        return this;
    }

    public Profile id(String i) {
        this.id = i;
        return this;
    }

    /** interface-name / DEVICE; null when the profile does not name one. */
    public String ifname() {
        return ifname;
    }

    public Profile ifname(String n) {
        this.ifname = n;
        this.ifnameDerived = false;
        return this;
    }

    /**
     * Whether a reference names this profile, as NetworkManager resolves master=, vlan.parent=
     * and a connection argument: by interface name, connection id or UUID (any case).
     */
    public boolean isNamedBy(String ref) {
        return ref != null && (ref.equals(ifname) || ref.equals(id) || ref.equalsIgnoreCase(uuid));
    }

    /**
     * Whether {@link #ifname} is not in the file but NetworkManager's name for it: a VLAN profile
     * without interface-name gets its parent's name, a dot and its id (nm_utils_new_vlan_name());
     * a NIC's own profile bound to no interface, the NIC it is active on ({@link #boundTo}).
     * Writers leave it out, as the file had it.
     */
    public boolean ifnameDerived() {
        return ifnameDerived;
    }

    void deriveIfname(String n) {
        this.ifname = n;
        this.ifnameDerived = true;
    }

    /**
     * A plain ethernet profile that names no interface, on the NIC it is activated on
     * (nmcli's {@code connection up NAME ifname DEV}); not written to its file.
     */
    public Profile boundTo(String nic) {
        if (isPlainEthernet() && ifname == null) {
            deriveIfname(nic);
        }
        return this;
    }

    public boolean autoconnect() {
        return autoconnect;
    }

    public Profile autoconnect(boolean a) {
        this.autoconnect = a;
        return this;
    }

    /**
     * A bond's connection.autoconnect-slaves (AUTOCONNECT_SLAVES in ifcfg): 1, its port
     * profiles are activated with it, even those whose own autoconnect is off; 0 no; -1 the
     * default (NetworkManager's global default, off).
     */
    public int autoconnectPorts() {
        return autoconnectPorts;
    }

    public Profile autoconnectPorts(int v) {
        if (v < -1 || v > 1) {
            throw new IllegalArgumentException("autoconnect-slaves " + v);
        }
        this.autoconnectPorts = v;
        return this;
    }

    public BondSettings bondSettings() {
        return bond;
    }

    public Profile bondSettings(BondSettings s) {
        this.bond = s;
        return this;
    }

    public IpConfig ipv4() {
        return ipv4;
    }

    public Profile ipv4(IpConfig v) {
        this.ipv4 = v;
        return this;
    }

    public IpConfig ipv6() {
        return ipv6;
    }

    public Profile ipv6(IpConfig v) {
        this.ipv6 = v;
        return this;
    }

    /** The family's settings: ipv4() or ipv6(). */
    public IpConfig ip(boolean v6) {
        return v6 ? ipv6 : ipv4;
    }

    public Profile ip(IpConfig v) {
        return v.isV6() ? ipv6(v) : ipv4(v);
    }

    /** ethernet.mtu / MTU=; 0 when the profile does not set one. */
    public int mtu() {
        return mtu;
    }

    public Profile mtu(int m) {
        this.mtu = m;
        return this;
    }

    /** vlan.parent / PHYSDEV: an interface name, connection id or UUID. */
    public String vlanParent() {
        return vlanParent;
    }

    public int vlanId() {
        return vlanId;
    }

    /** The VLAN's ethertype: ETH_P_8021Q or ETH_P_8021AD. */
    public int vlanProtocol() {
        return vlanProtocol;
    }

    /** vlan.flags, vlan.ingress-priority-map, vlan.egress-priority-map. */
    public org.bondctl.rtnl.VlanQos vlanQos() {
        return vlanQos;
    }

    public Profile vlanQos(org.bondctl.rtnl.VlanQos q) {
        this.vlanQos = q;
        return this;
    }

    public Profile vlan(String parent, int id, int protocol) {
        this.vlanParent = parent;
        this.vlanId = id;
        this.vlanProtocol = protocol;
        return this;
    }

    /** connection.type / TYPE as the file says it (for profiles bondctl does not apply). */
    public String connectionType() {
        return connectionType;
    }

    /**
     * A plain ethernet profile: type ethernet (802-3-ethernet; ifcfg-rh TYPE=Ethernet or none)
     * and no controller (a team's or bridge's port has one), a NIC's own configuration, which bondctl applies only when it is
     * activated by name.
     */
    public boolean isPlainEthernet() {
        return type == Type.OTHER && master == null && connectionType != null
                && (connectionType.equalsIgnoreCase("ethernet") || connectionType.equals("802-3-ethernet"));
    }

    /** Why this profile cannot be activated (a value bondctl could not read), or null. */
    public String unusable() {
        return unusable;
    }

    /**
     * Marks the profile unusable: what was read of its IP settings, MTU and cloned address is
     * dropped back to the defaults (a writer leaves those keys as the file has them).
     */
    public Profile unusable(String why) {
        this.unusable = why;
        this.ipv4 = IpConfig.NONE;
        this.ipv6 = IpConfig.AUTO6;
        this.mtu = 0;
        this.clonedMac = null;
        return this;
    }

    /**
     * Whether bondctl reads and writes this profile's MTU, cloned address and IP settings: a
     * bond's, a VLAN's, a bridge's, or a plain ethernet profile's it could read (a bond or VLAN
     * that is a bridge port has no IP settings: {@link #bridge}).
     */
    public boolean ownsNicSettings() {
        return type == Type.BOND || type == Type.VLAN || type == Type.BRIDGE || isPlainEthernet() && unusable == null;
    }

    public Profile connectionType(String t) {
        this.connectionType = t;
        return this;
    }

    /**
     * Keys read but not applied by bondctl, one "FILE:LINE: key not applied by bondctl: KEY=VALUE
     * (why)" line each, so that nothing in a profile is silently skipped.
     */
    public java.util.List<String> unapplied() {
        return unapplied;
    }

    /** The keys ("section.key") read and applied (or bookkeeping that needs nothing applied). */
    public java.util.List<String> applied() {
        return applied;
    }

    void applied(String key) {
        applied.add(key);
    }

    void notApplied(String where, String key, String value, String why) {
        unapplied.add(where + ": key not applied by bondctl: " + key + "=" + Keyfile.abbreviate(value)
                + (why == null ? "" : " (" + why + ")"));
    }

    /** The controller a port names: an interface name, connection id or UUID. */
    public String master() {
        return master;
    }

    public Profile master(String m) {
        this.master = m;
        return this;
    }

    public Map<PortOption, Long> portOptions() {
        return portOptions;
    }

    /** A bridge profile's bridge.* options (kernel units: forward_delay 1500 is 15 s); mutable. */
    public Map<BridgeOption, Long> bridgeOptions() {
        return bridgeOptions;
    }

    /**
     * The bridge this profile's interface is a port of: a bond's or VLAN's master= with
     * slave-type=bridge, or a NIC's ({@link Type#BRIDGE_PORT}); an interface name, id or UUID. Null: none.
     */
    public String bridge() {
        return bridge;
    }

    public Profile bridge(String b) {
        this.bridge = b;
        return this;
    }

    /** bridge-port.* of a bridge port's profile; mutable. */
    public Map<BridgePortOption, Long> bridgePortOptions() {
        return bridgePortOptions;
    }

    /** bridge.vlans of a bridge's profile, in the profile's order; mutable. */
    public java.util.List<org.bondctl.bridge.BridgeVlan> bridgeVlans() {
        return bridgeVlans;
    }

    /** bridge-port.vlans of a bridge port's profile, in the profile's order; mutable. */
    public java.util.List<org.bondctl.bridge.BridgeVlan> bridgePortVlans() {
        return bridgePortVlans;
    }

    public Path file() {
        return file;
    }

    public ProfileFormat format() {
        return format;
    }

    /** The persistent file this in-memory profile shadows, or null ({@link ProfileStore#saveInMemory}). */
    public Path shadows() {
        return shadows;
    }

    /** Whether deleting this in-memory profile deletes the file it {@link #shadows} too. */
    public boolean shadowOwned() {
        return shadowOwned;
    }

    void shadows(Path file, boolean owned) {
        this.shadows = file;
        this.shadowOwned = file != null && owned;
    }

    Object document() {
        return document;
    }

    /**
     * The same profile as another kind (an ethernet profile that becomes a bond port, and back):
     * same file, format, document, id, UUID, interface and autoconnect; the kind's own settings
     * start empty.
     */
    public Profile as(Type t) {
        Profile p = new Profile(t, id);
        p.uuid = uuid;
        p.ifname = ifname;
        p.autoconnect = autoconnect;
        p.autoconnectPorts = autoconnectPorts;
        p.connectionType = connectionType;
        p.mtu = mtu;
        p.ipv4 = ipv4;
        p.ipv6 = ipv6;
        p.file = file;
        p.format = format;
        p.document = document;
        p.shadows = shadows;
        p.shadowOwned = shadowOwned;
        p.lines.putAll(lines);
        p.keptChanges.putAll(keptChanges);
        p.dnsPriorityDefault4 = dnsPriorityDefault4;
        p.dnsPriorityDefault6 = dnsPriorityDefault6;
        p.ifnameDerived = ifnameDerived;
        p.clonedMac = clonedMac;
        p.unusable = unusable;
        p.bridge = bridge;
        p.bridgePortOptions.putAll(bridgePortOptions);
        p.bridgePortVlans.addAll(bridgePortVlans);
        if (t == Type.BRIDGE) {
            p.bridgeOptions.putAll(bridgeOptions);
            p.bridgeVlans.addAll(bridgeVlans);
        }
        return p;
    }

    /** ethernet.cloned-mac-address ({@link ClonedMac#normalize}'s form); null when unset. */
    public String clonedMac() {
        return clonedMac;
    }

    public Profile clonedMac(String mac) {
        this.clonedMac = mac;
        return this;
    }

    /**
     * A copy under a new name and UUID, for a new file in the same format (nmcli's connection
     * clone): every setting comes along, those bondctl does not model too, but not the keyfile's
     * last-activation timestamp, which belongs to the original.
     */
    public Profile cloned(String newId, String newUuid) {
        Profile c = as(type);
        c.id = newId;
        c.uuid = newUuid;
        c.bond = new BondSettings();
        bond.options().forEach(o -> c.bond.copy(o, bond));
        c.vlanParent = vlanParent;
        c.vlanId = vlanId;
        c.vlanProtocol = vlanProtocol;
        c.vlanQos = vlanQos;
        c.master = master;
        c.portOptions.putAll(portOptions);
        c.file = null;
        c.shadows = null;
        c.shadowOwned = false;
        if (document instanceof Keyfile k) {
            Keyfile copy = Keyfile.parse("", k.render());
            copy.remove("connection", "timestamp");
            copy.sections.removeIf(s -> s.name.equals(KeyfileFormat.NMMETA));
            c.document = copy;
        }
        return c;
    }

    /** The sections of the keyfile the profile came from (empty for other formats). */
    public java.util.Set<String> keyfileSections() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        if (document instanceof Keyfile k) {
            k.sections.forEach(s -> out.add(s.name));
        }
        return out;
    }

    /**
     * The raw value of a key in the file the profile came from ("connection", "zone" in a
     * keyfile), unescaped; null when absent or when the file is not a keyfile. For showing what
     * bondctl does not model, as nmcli shows it.
     */
    public String keyfileValue(String section, String key) {
        return document instanceof Keyfile k ? Keyfile.unescapeOrNull(k.get(section, key)) : null;
    }

    /**
     * The value of a {@link Kept} property ("ipv4", "may-fail") in keyfile form, from this
     * profile's file whatever its format (an ifcfg-rh variable read as NetworkManager reads it)
     * or as changed by {@link #keep}; null for NetworkManager's default.
     */
    public String keptValue(String section, String key) {
        String prop = section + "." + key;
        if (keptChanges.containsKey(prop)) {
            return keptChanges.get(prop);
        }
        if (document instanceof Ifcfg c) {
            String var = Kept.ifcfgVariable(prop);
            return var == null || !Kept.belongsIn(type, prop) ? null : Kept.fromIfcfg(prop, c.get(var));
        }
        return keyfileValue(section, key);
    }

    /**
     * {@code connection.autoconnect-priority}: of the profiles that may autoconnect on one
     * device, NetworkManager takes the highest first (0 when absent or not a number).
     */
    public int autoconnectPriority() {
        return ProfileSet.int32OrZero(keptValue("connection", "autoconnect-priority"));
    }

    /**
     * The dns-priority NetworkManager.conf gives a family whose profile leaves it at 0 ([connection]
     * ipv4.dns-priority=, on the root the profile was loaded from); 0 when it gives none.
     */
    public int dnsPriorityDefault(boolean v6) {
        return v6 ? dnsPriorityDefault6 : dnsPriorityDefault4;
    }

    void dnsPriorityDefaults(int v4, int v6) {
        dnsPriorityDefault4 = v4;
        dnsPriorityDefault6 = v6;
    }

    /**
     * Sets a {@link Kept} property ("ipv4", "may-fail") for the file written next, in keyfile
     * form, or resets it to NetworkManager's default ({@code value} null): kept for
     * NetworkManager, not applied. Each format writes it its own way.
     */
    public Profile keep(String section, String key, String value) {
        keptChanges.put(section + "." + key, value);
        return this;
    }

    /** The properties {@link #keep} changed: "section.key" -> keyfile value (null: NM's default). */
    public Map<String, String> keptChanges() {
        return java.util.Collections.unmodifiableMap(keptChanges);
    }

    void source(Path f, ProfileFormat fmt, Object doc) {
        this.file = f;
        this.format = fmt;
        this.document = doc;
    }

    /** Where a key was read, for errors found later ("master=bond9" names no bond). */
    void line(String key, int line) {
        lines.put(key, line);
    }

    /** "FILE:LINE" of a key, or just FILE. */
    public String where(String key) {
        Integer l = lines.get(key);
        return (file == null ? "(new profile " + id + ")" : file.toString()) + (l == null ? "" : ":" + l);
    }

    @Override
    public String toString() {
        return type.name().toLowerCase() + " profile " + id + (file == null ? "" : " (" + file + ")");
    }
}
