package org.bondctl.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.Interfaces;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.VlanQos;

/**
 * NetworkManager's ifcfg-rh format (/etc/sysconfig/network-scripts/ifcfg-ID; what RHEL 8's NM
 * writes by default; nms-ifcfg-rh-reader.c / -writer.c). A bond has TYPE=Bond,
 * BONDING_MASTER=yes and BONDING_OPTS="mode=... miimon=..."; a port has MASTER= (or
 * MASTER_UUID=) and SLAVE=yes, and BOND_PORT_QUEUE_ID / BOND_PORT_PRIO; a VLAN has VLAN=yes,
 * PHYSDEV= and VLAN_ID=; a bridge has TYPE=Bridge, and a bond, VLAN or NIC that is its port
 * BRIDGE= ({@link IfcfgBridge}). IP settings and the route files are {@link IfcfgIp}'s.
 */
public final class IfcfgFormat implements ProfileFormat {
    public static final IfcfgFormat INSTANCE = new IfcfgFormat();
    public static final String PREFIX = "ifcfg-";

    /** Files the ifcfg-rh plugin ignores (utils_should_ignore_file()). */
    private static final Pattern IGNORED = Pattern.compile(".*(\\.bak|\\.orig|\\.rej|\\.rpmnew|\\.rpmsave|\\.rpmorig|~|\\.swp)$");
    /** Keys every profile kind applies or that identify it. */
    private static final Set<String> IDENTITY = Set.of("TYPE", "NAME", "UUID", "DEVICE", "ONBOOT");

    private IfcfgFormat() {}

    @Override
    public String name() {
        return "ifcfg-rh";
    }

    @Override
    public Path directory(Path root) {
        return org.bondctl.fs.RootPath.resolve(root, "etc/sysconfig/network-scripts");
    }

    @Override
    public boolean isProfileFile(Path file) {
        String n = file.getFileName().toString();
        return n.startsWith(PREFIX) && n.length() > PREFIX.length() && !n.equals("ifcfg-lo") && !IGNORED.matcher(n).matches();
    }

    @Override
    public String fileName(Profile p) {
        return PREFIX + p.id().replace('/', '_').replace(' ', '_');
    }

    @Override
    public Profile read(Path file, String text) {
        String f = file.toString();
        Ifcfg c = Ifcfg.parse(f, text);
        String type = c.get("TYPE");
        String master = nonEmpty(c.get("MASTER_UUID"));
        String masterKey = "MASTER_UUID";
        if (master == null) {
            master = nonEmpty(c.get("MASTER"));
            masterKey = "MASTER";
        }
        boolean isBond = "Bond".equalsIgnoreCase(type) || IfcfgIp.yes(c.get("BONDING_MASTER"))
                || (type == null && c.get("BONDING_OPTS") != null);
        boolean isVlan = "Vlan".equalsIgnoreCase(type) || IfcfgIp.yes(c.get("VLAN"));
        // NM's ifcfg-rh reader: no TYPE is Ethernet, but for a team (DEVICETYPE=Team) or Wi-Fi (ESSID)
        String connectionType = type != null ? type : "Team".equalsIgnoreCase(c.get("DEVICETYPE")) ? "Team"
                : c.get("ESSID") != null ? "Wireless" : "Ethernet";
        // make_connection_setting(): BRIDGE= before MASTER=, which NM then ignores
        String bridgeKey = nonEmpty(c.get("BRIDGE_UUID")) != null ? "BRIDGE_UUID" : "BRIDGE";
        String bridge = nonEmpty(c.get(bridgeKey));
        Profile.Type t = "Bridge".equalsIgnoreCase(type) ? Profile.Type.BRIDGE : isBond ? Profile.Type.BOND
                : isVlan ? Profile.Type.VLAN
                : bridge != null && connectionType.equalsIgnoreCase("Ethernet") ? Profile.Type.BRIDGE_PORT
                : master != null && bridge == null ? Profile.Type.PORT : Profile.Type.OTHER;
        String fileId = fileId(file);
        String name = nonEmpty(c.get("NAME"));
        Profile p = new Profile(t, name == null ? fileId : name);
        p.source(file, this, c);
        p.connectionType(connectionType);
        if (t == Profile.Type.BRIDGE && bridge != null) {
            throw Ifcfg.error(f, c.lineOf(bridgeKey), "a bridge cannot be a port of bridge " + bridge
                    + " (the kernel refuses a bridge in a bridge, ELOOP)");
        }
        if (t == Profile.Type.OTHER) {
            // a team's or bridge's port: not a NIC's own profile (nor bondctl's)
            String controller = nonEmpty(c.get("TEAM_MASTER") != null ? c.get("TEAM_MASTER") : c.get("BRIDGE"));
            if (controller != null) {
                p.master(controller);
            }
        }
        String uuid = nonEmpty(c.get("UUID"));
        if (uuid != null) {
            if (!uuid.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
                throw Ifcfg.error(f, c.lineOf("UUID"), "UUID '" + Keyfile.abbreviate(uuid) + "' is not a UUID");
            }
            p.uuid(uuid);
        }
        p.ifname(nonEmpty(c.get("DEVICE")));
        if (c.get("ONBOOT") != null) {
            p.autoconnect(!"no".equalsIgnoreCase(c.get("ONBOOT").strip()));
        }
        if (c.get("AUTOCONNECT_SLAVES") != null) { // NM's ifcfg-rh: yes, no, or absent for the default
            p.autoconnectPorts("yes".equalsIgnoreCase(c.get("AUTOCONNECT_SLAVES").strip()) ? 1 : 0);
        }
        for (Ifcfg.Line l : c.lines) {
            if (l.key != null) {
                p.line(l.key, l.line);
            }
        }
        Set<String> applied = new java.util.HashSet<>(IDENTITY);
        applied.add("AUTOCONNECT_SLAVES");
        String mac = nonEmpty(c.get("MACADDR")); // ethernet.cloned-mac-address
        boolean plain = p.isPlainEthernet();
        if (mac != null && (t != Profile.Type.OTHER && t != Profile.Type.BRIDGE_PORT || plain)) {
            try {
                p.clonedMac(ClonedMac.normalize(mac));
            } catch (BondctlException x) {
                BondctlException e = Ifcfg.error(f, c.lineOf("MACADDR"), "MACADDR: " + x.getMessage());
                if (plain) {
                    return p.unusable(e.getMessage());
                }
                throw e;
            }
            if (t == Profile.Type.PORT) {
                p.notApplied(f + ":" + c.lineOf("MACADDR"), "MACADDR", mac, ClonedMac.whyNot(t, p.clonedMac()));
            }
            applied.add("MACADDR");
        }
        if (bridge != null && (t == Profile.Type.BOND || t == Profile.Type.VLAN || t == Profile.Type.BRIDGE_PORT)) {
            p.bridge(bridge);
            p.line("connection.master", c.lineOf(bridgeKey));
            IfcfgBridge.readPort(f, c, p);
            applied.addAll(Set.of("BRIDGE", "BRIDGE_UUID", "BRIDGING_OPTS", "BRIDGE_PORT_VLANS"));
        }
        switch (t) {
            case BOND -> {
                p.bondSettings(readBondingOpts(f, c));
                applied.addAll(Set.of("BONDING_MASTER", "BONDING_OPTS"));
                readIpAndMtu(f, c, file, p, applied);
            }
            case VLAN -> {
                readVlan(f, c, p, applied);
                readIpAndMtu(f, c, file, p, applied);
            }
            case BRIDGE -> {
                IfcfgBridge.read(f, c, p);
                applied.addAll(Set.of("STP", "DELAY", "BRIDGING_OPTS", "BRIDGE_VLANS"));
                readIpAndMtu(f, c, file, p, applied);
            }
            case BRIDGE_PORT -> {
                // a NIC as bridge port: its membership and port options (above); its MTU and address are reported
            }
            case PORT -> {
                p.master(master);
                p.line("connection.master", c.lineOf(masterKey));
                readPort(f, c, p);
                applied.addAll(Set.of("MASTER", "MASTER_UUID", "SLAVE", "BOND_PORT_QUEUE_ID", "BOND_PORT_PRIO"));
            }
            default -> {
                if (!plain) {
                    return p; // not bondctl's: ProfileSet notes it once
                }
                // a NIC's own profile, applied when activated by name: what cannot be read makes only its
                // activation fail, as NM loads the other profiles whatever one holds
                try {
                    readIpAndMtu(f, c, file, p, applied);
                } catch (BondctlException e) {
                    return p.unusable(e.getMessage());
                }
            }
        }
        for (Ifcfg.Line l : c.lines) {
            String kept = l.key == null || applied.contains(l.key) ? null : Kept.propertyOf(l.key);
            if (kept != null && Kept.belongsIn(t, kept)) {
                applied.add(l.key); // NM's default, or reported just now
                if (Kept.fromIfcfg(kept, l.value) != null && !Kept.applied(kept)) {
                    p.notApplied(f + ":" + l.line, l.key, l.value.strip(), kept + ": " + Kept.why(kept));
                }
            }
            boolean nmDefault = l.key != null && IfcfgIp.DEFAULTS.getOrDefault(l.key, Set.of()).contains(l.value.strip());
            if (l.key != null && !applied.contains(l.key) && !nmDefault) {
                p.notApplied(f + ":" + l.line, l.key, l.value, whyNot(p, l.key));
            }
        }
        return p;
    }

    /** Why a key bondctl reads is not applied, where it is not just unknown to bondctl; null otherwise. */
    private static String whyNot(Profile p, String key) {
        if (key.equals("MTU") && p.type() == Profile.Type.PORT) {
            return "the kernel gives a port its bond's MTU: set it on the bond";
        }
        if (p.bridge() == null) {
            return null;
        }
        if (key.startsWith("MASTER") || key.equals("SLAVE")) {
            return "NetworkManager takes BRIDGE= and ignores MASTER=";
        }
        if (p.type() == Profile.Type.BRIDGE_PORT && (key.equals("MTU") || key.equals("MACADDR"))) {
            return "bondctl applies only a NIC's bridge membership and bridge-port options";
        }
        return IfcfgIp.KEYS.matcher(key).matches() || key.startsWith("IPV6_")
                ? "a bridge port has no IP settings (NetworkManager drops them): set them on the bridge" : null;
    }

    /** The id NM gives a file without NAME (make_connection_name()): "System " and its name after "ifcfg-". */
    private static String fileId(Path file) {
        String n = file.getFileName().toString();
        return "System " + n.substring(Math.min(PREFIX.length(), n.length()));
    }

    /** The IP settings (a bridge port has none: its keys are reported) and the MTU. */
    private static void readIpAndMtu(String f, Ifcfg c, Path file, Profile p, Set<String> applied) {
        if (p.bridge() == null) {
            readIp(f, c, file, p, applied);
        }
        readMtu(f, c, p, applied);
    }

    private static void readIp(String f, Ifcfg c, Path file, Profile p, Set<String> applied) {
        java.util.function.BiConsumer<Ifcfg.Line, String> refused = (l, why) -> p.notApplied(f + ":" + l.line, l.key,
                l.value.strip(), why);
        p.ipv4(IfcfgIp.readV4(f, c, file).withRules(IfcfgIp.rules(c, false, refused)));
        p.ipv6(IfcfgIp.readV6(f, c, file).withRules(IfcfgIp.rules(c, true, refused)));
        for (Ifcfg.Line l : c.lines) {
            if (l.key == null || !IfcfgIp.KEYS.matcher(l.key).matches()) {
                continue;
            }
            // DEFROUTE=no: NM adds no default route and drops the gateway (never-default)
            IpConfig never = l.key.matches("GATEWAY[0-9]*") ? p.ipv4() : l.key.equals("IPV6_DEFAULTGW") ? p.ipv6() : null;
            if (never != null && never.neverDefault()) {
                p.notApplied(f + ":" + l.line, l.key, l.value.strip(), (never.isV6() ? "IPV6_DEFROUTE" : "DEFROUTE")
                        + "=no: no default route through it (NetworkManager drops the gateway)");
            }
            applied.add(l.key); // applied, or reported just now
        }
        for (IpConfig ip : List.of(p.ipv4(), p.ipv6())) {
            String why = ip.unappliedWhy();
            if (why != null) {
                String key = ip.isV6() ? "IPV6INIT" : "BOOTPROTO";
                p.notApplied(f + ":" + c.lineOf(key), key, String.valueOf(c.get(key)), ip.setting() + ".method " + ip.method()
                        + ": " + why);
            }
        }
    }

    private static void readMtu(String f, Ifcfg c, Profile p, Set<String> applied) {
        String mtu = c.get("MTU");
        if (mtu != null) {
            try {
                int m = Integer.parseInt(mtu.strip());
                if (m != 0 && (m < Rtnl.ETH_MIN_MTU || m > 65535)) {
                    throw new NumberFormatException();
                }
                p.mtu(m);
            } catch (NumberFormatException e) {
                throw Ifcfg.error(f, c.lineOf("MTU"), "MTU=" + Keyfile.abbreviate(mtu) + " is not " + Rtnl.ETH_MIN_MTU + "-65535");
            }
            applied.add("MTU");
        }
    }

    private static void readVlan(String f, Ifcfg c, Profile p, Set<String> applied) {
        String parent = nonEmpty(c.get("PHYSDEV"));
        String id = nonEmpty(c.get("VLAN_ID"));
        String dev = p.ifname();
        if ((parent == null || id == null) && dev != null && dev.matches(".+\\.[0-9]+")) {
            // initscripts' naming: DEVICE=bond0.100 means PHYSDEV=bond0, VLAN_ID=100
            parent = parent == null ? dev.substring(0, dev.lastIndexOf('.')) : parent;
            id = id == null ? dev.substring(dev.lastIndexOf('.') + 1) : id;
        }
        if (parent == null || id == null) {
            throw Ifcfg.error(f, c.lineOf("VLAN"), "VLAN=yes needs PHYSDEV= and VLAN_ID= (or DEVICE=PARENT.ID)");
        }
        int vid = id.matches("[0-9]{1,4}") ? Integer.parseInt(id) : -1;
        if (vid < Interfaces.VLAN_ID_MIN || vid > Interfaces.VLAN_ID_MAX) {
            throw Ifcfg.error(f, c.lineOf("VLAN_ID"), "VLAN_ID=" + Keyfile.abbreviate(id) + " is not 1-4094");
        }
        p.vlan(parent, vid, Rtnl.ETH_P_8021Q);
        applied.addAll(Set.of("VLAN", "PHYSDEV", "VLAN_ID"));
        p.vlanQos(readVlanQos(f, c));
        applied.addAll(Set.of("VLAN_FLAGS", "REORDER_HDR", "GVRP", "MVRP", "VLAN_INGRESS_PRIORITY_MAP",
                "VLAN_EGRESS_PRIORITY_MAP"));
    }

    /**
     * A VLAN's flags and priority maps as NM's ifcfg-rh reader takes them: reordered headers
     * unless VLAN_FLAGS says NO_REORDER_HDR (REORDER_HDR= is deprecated and ignored); GVRP=yes
     * (or GVRP in VLAN_FLAGS where GVRP= is absent); LOOSE_BINDING in VLAN_FLAGS; MVRP=yes; the
     * maps "from:to" apart by commas.
     */
    private static VlanQos readVlanQos(String f, Ifcfg c) {
        int flags = VlanQos.REORDER_HDR;
        String gvrp = nonEmpty(c.get("GVRP"));
        if (gvrp != null && IfcfgIp.yes(gvrp)) {
            flags |= VlanQos.GVRP;
        }
        String vf = nonEmpty(c.get("VLAN_FLAGS"));
        for (String t : vf == null ? new String[0] : vf.split("[,\\s]+")) {
            switch (t) {
                case "GVRP" -> flags |= gvrp == null ? VlanQos.GVRP : 0;
                case "LOOSE_BINDING" -> flags |= VlanQos.LOOSE_BINDING;
                case "NO_REORDER_HDR" -> flags &= ~VlanQos.REORDER_HDR;
                default -> { } // REORDER_HDR, as older writers put it, and what NM ignores too
            }
        }
        if (IfcfgIp.yes(c.get("MVRP"))) {
            flags |= VlanQos.MVRP;
        }
        return new VlanQos(flags, priorityMap(f, c, "VLAN_INGRESS_PRIORITY_MAP", true),
                priorityMap(f, c, "VLAN_EGRESS_PRIORITY_MAP", false));
    }

    private static List<VlanQos.Mapping> priorityMap(String f, Ifcfg c, String key, boolean ingress) {
        String v = nonEmpty(c.get(key));
        try {
            return v == null ? List.of() : VlanQos.parseMap(v, ingress);
        } catch (BondctlException e) {
            throw Ifcfg.error(f, c.lineOf(key), key + ": " + e.getMessage());
        }
    }

    /**
     * The flags and maps as NM's ifcfg-rh writer puts them: VLAN_FLAGS with NO_REORDER_HDR and
     * LOOSE_BINDING (a fresh default file: REORDER_HDR, as before), GVRP= and MVRP= yes or no
     * (where set or already there), the maps "from:to,..." (removed when empty).
     */
    private static void writeVlanQos(Ifcfg c, VlanQos q, boolean fresh) {
        List<String> tokens = new java.util.ArrayList<>();
        if ((q.flags() & VlanQos.LOOSE_BINDING) != 0) {
            tokens.add("LOOSE_BINDING");
        }
        if ((q.flags() & VlanQos.REORDER_HDR) == 0) {
            tokens.add("NO_REORDER_HDR");
        }
        if (tokens.isEmpty() && (fresh || c.get("VLAN_FLAGS") != null)) {
            tokens.add("REORDER_HDR");
        }
        if (!tokens.isEmpty()) {
            c.set("VLAN_FLAGS", String.join(",", tokens));
        }
        c.remove("REORDER_HDR"); // deprecated: NM warns where it disagrees with VLAN_FLAGS
        yesNo(c, "GVRP", (q.flags() & VlanQos.GVRP) != 0);
        yesNo(c, "MVRP", (q.flags() & VlanQos.MVRP) != 0);
        String[][] maps = {{"VLAN_INGRESS_PRIORITY_MAP", VlanQos.format(q.ingress(), ",")},
            {"VLAN_EGRESS_PRIORITY_MAP", VlanQos.format(q.egress(), ",")}};
        for (String[] m : maps) {
            if (m[1].isEmpty()) {
                c.remove(m[0]);
            } else {
                c.set(m[0], m[1]);
            }
        }
    }

    /** KEY=yes when on; KEY=no when off and the file has the key (NM's default is off). */
    private static void yesNo(Ifcfg c, String key, boolean on) {
        if (on || c.get(key) != null) {
            c.set(key, on ? "yes" : "no");
        }
    }

    private static BondSettings readBondingOpts(String f, Ifcfg c) {
        BondSettings s = new BondSettings();
        String opts = c.get("BONDING_OPTS");
        if (opts == null) {
            return s;
        }
        int line = c.lineOf("BONDING_OPTS");
        for (String w : opts.strip().split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw Ifcfg.error(f, line, "BONDING_OPTS: '" + Keyfile.abbreviate(w) + "' is not OPTION=VALUE");
            }
            try {
                BondOption o = BondOption.byName(w.substring(0, eq));
                if (o.nmKey() == null) {
                    throw BondctlException.invalid(o.kernelName() + " is not a NetworkManager bond option");
                }
                if (s.has(o)) {
                    throw BondctlException.invalid("option " + o.kernelName() + " is given twice");
                }
                String v = w.substring(eq + 1);
                if (o == BondOption.ARP_IP_TARGET || o == BondOption.NS_IP6_TARGET) {
                    v = v.replace("+", ""); // initscripts' sysfs syntax: arp_ip_target=+192.0.2.1
                }
                s.put(o, v);
            } catch (BondctlException x) {
                throw Ifcfg.error(f, line, "BONDING_OPTS: " + x.getMessage());
            }
        }
        return s;
    }

    private static void readPort(String f, Ifcfg c, Profile p) {
        for (Ifcfg.Line l : c.lines) {
            if (l.key == null || !l.key.startsWith("BOND_PORT_")) {
                continue;
            }
            PortOption o = switch (l.key) {
                case "BOND_PORT_QUEUE_ID" -> PortOption.QUEUE_ID;
                case "BOND_PORT_PRIO" -> PortOption.PRIO;
                default -> throw Ifcfg.error(f, l.line, "unknown key " + l.key
                        + " (NetworkManager 1.42 knows BOND_PORT_QUEUE_ID and BOND_PORT_PRIO)");
            };
            try {
                p.portOptions().put(o, o.parse(l.value.strip()));
            } catch (BondctlException x) {
                throw Ifcfg.error(f, l.line, l.key + ": " + x.getMessage());
            }
        }
    }

    private static String nonEmpty(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }

    // ------------------------------------------------------------------ write

    @Override
    public String write(Profile p) {
        Ifcfg c = p.document() instanceof Ifcfg d && p.format() == this ? Ifcfg.parse("", d.render()) : null;
        boolean fresh = c == null;
        if (fresh) {
            c = new Ifcfg();
        }
        boolean bridgePort = IfcfgBridge.isPort(p);
        boolean port = bridgePort || p.type() == Profile.Type.PORT;
        if (p.type() == Profile.Type.BOND) {
            List<BondOption> opts = new ArrayList<>(p.bondSettings().options());
            opts.sort(Comparator.comparing(BondOption::nmKey));
            StringBuilder sb = new StringBuilder();
            for (BondOption o : opts) {
                if (o.nmKey() == null) {
                    throw BondctlException.invalid("bond option " + o.kernelName()
                            + " has no NetworkManager key: it cannot be saved in a profile");
                }
                sb.append(sb.length() == 0 ? "" : " ").append(o.nmKey()).append('=').append(p.bondSettings().text(o));
            }
            c.set("BONDING_OPTS", sb.toString());
            c.set("TYPE", "Bond");
            c.set("BONDING_MASTER", "yes");
        } else if (p.type() == Profile.Type.VLAN) {
            c.set("VLAN", "yes");
            c.set("TYPE", "Vlan");
            c.set("PHYSDEV", p.vlanParent());
            c.set("VLAN_ID", Integer.toString(p.vlanId()));
            writeVlanQos(c, p.vlanQos(), fresh);
        } else if (p.type() == Profile.Type.BRIDGE) {
            IfcfgBridge.write(c, p);
        } else if (p.type() == Profile.Type.PORT || p.type() == Profile.Type.BRIDGE_PORT) {
            c.set("TYPE", "Ethernet");
        }
        if (bridgePort) {
            IfcfgBridge.writePort(c, p);
        }
        if (fresh && !port) {
            c.set("PROXY_METHOD", "none");
            c.set("BROWSER_ONLY", "no");
        }
        if (port) {
            // a port has no IP configuration: NM's writer drops those keys from a port's file
            c.lines.removeIf(l -> l.key != null && (IfcfgIp.KEYS.matcher(l.key).matches()
                    || IfcfgIp.DEFAULTS.containsKey(l.key) || l.key.startsWith("IPV6_")));
        }
        if (p.ownsNicSettings() && bridgePort) {
            writeMtu(c, p); // a bond's or VLAN's own, which a bridge leaves as it is
        } else if (p.ownsNicSettings()) {
            writeIp(c, p, fresh);
        }
        // a rename keeps the file, as NM does; a file without NAME keeps none while its name is the id
        if (fresh || c.get("NAME") != null || p.file() == null || !p.id().equals(fileId(p.file()))) {
            c.set("NAME", p.id());
        }
        c.set("UUID", p.uuid());
        if (p.ifname() != null && !p.ifnameDerived()) {
            c.set("DEVICE", p.ifname());
        }
        c.set("ONBOOT", p.autoconnect() ? "yes" : "no");
        if (p.type() != Profile.Type.PORT && !p.ownsNicSettings()) {
            // not bondctl's to write (one it could not read keeps what it has)
        } else if (p.clonedMac() == null) {
            c.remove("MACADDR");
        } else if (ClonedMac.address(p.clonedMac()) == null) {
            throw BondctlException.invalid("ethernet.cloned-mac-address " + p.clonedMac() + ": bondctl writes an address"
                    + " only into an ifcfg-rh profile, and " + p.id() + " is one");
        } else {
            c.set("MACADDR", p.clonedMac());
        }
        if (p.autoconnectPorts() < 0) {
            c.remove("AUTOCONNECT_SLAVES");
        } else {
            c.set("AUTOCONNECT_SLAVES", p.autoconnectPorts() == 1 ? "yes" : "no");
        }
        if (bridgePort) {
            IfcfgBridge.writeController(c, p);
        } else if (p.type() == Profile.Type.PORT || p.ownsNicSettings()) {
            c.remove("BRIDGE"); // no bridge's port (any more): NM's writer drops these
            c.remove("BRIDGE_UUID");
            if (p.type() != Profile.Type.BRIDGE) {
                c.remove("BRIDGING_OPTS");
                c.remove("BRIDGE_PORT_VLANS");
            }
        }
        if (p.type() == Profile.Type.PORT) {
            c.remove("MTU"); // the kernel gives a port its bond's
            c.remove("MASTER_UUID");
            c.set("MASTER", p.master());
            c.set("SLAVE", "yes");
            c.remove("BOND_PORT_QUEUE_ID");
            c.remove("BOND_PORT_PRIO");
            for (Map.Entry<PortOption, Long> e : p.portOptions().entrySet()) {
                c.set(e.getKey() == PortOption.QUEUE_ID ? "BOND_PORT_QUEUE_ID" : "BOND_PORT_PRIO",
                        e.getKey().format(e.getValue()));
            }
        }
        for (Map.Entry<String, String> e : p.keptChanges().entrySet()) {
            String var = Kept.ifcfgVariable(e.getKey());
            if (var == null) {
                throw BondctlException.invalid(e.getKey() + ": bondctl has no ifcfg-rh variable for it, and " + p.id()
                        + " is an ifcfg-rh profile");
            }
            // a port's IP keys are gone (above), a bond's or VLAN's that is a bridge port too
            if (Kept.belongsIn(p.type(), e.getKey()) && (!bridgePort || e.getKey().startsWith("connection."))) {
                String v = Kept.toIfcfg(e.getKey(), e.getValue());
                if (v == null) {
                    c.remove(var);
                } else {
                    c.set(var, v);
                }
            }
        }
        return c.render();
    }

    private static void writeIp(Ifcfg c, Profile p, boolean fresh) {
        LinkedHashMap<String, String> want = new LinkedHashMap<>();
        IfcfgIp.writeV4(want, p.ipv4());
        // DNSn holds both families (the IPv4 servers first); DOMAIN the IPv4 search domains
        List<java.net.InetAddress> dns = new ArrayList<>(p.ipv4().dns());
        dns.addAll(p.ipv6().dns());
        for (int i = 0; i < dns.size(); i++) {
            want.put("DNS" + (i + 1), org.bondctl.rtnl.Address.text(dns.get(i)));
        }
        if (!p.ipv4().search().isEmpty()) {
            want.put("DOMAIN", String.join(" ", p.ipv4().search()));
        }
        defroute(want, c, "DEFROUTE", p.ipv4(), fresh);
        if (fresh) {
            want.put("IPV4_FAILURE_FATAL", "no");
        }
        IfcfgIp.writeV6(want, p.ipv6());
        defroute(want, c, "IPV6_DEFROUTE", p.ipv6(), fresh);
        if (fresh) {
            want.put("IPV6_FAILURE_FATAL", "no");
            want.put("IPV6_ADDR_GEN_MODE", "default");
        }
        if (p.mtu() > 0) {
            want.put("MTU", Integer.toString(p.mtu()));
        }
        // in place where the key was, so an unchanged file is rewritten byte for byte
        c.lines.removeIf(l -> l.key != null && (IfcfgIp.KEYS.matcher(l.key).matches() || l.key.equals("MTU"))
                && !want.containsKey(l.key));
        want.forEach(c::set);
    }

    private static void writeMtu(Ifcfg c, Profile p) {
        if (p.mtu() > 0) {
            c.set("MTU", Integer.toString(p.mtu()));
        } else {
            c.remove("MTU");
        }
    }

    /** DEFROUTE / IPV6_DEFROUTE: no for never-default; yes in a new file or where the file had the key. */
    private static void defroute(Map<String, String> want, Ifcfg c, String key, IpConfig ip, boolean fresh) {
        if (ip.neverDefault()) {
            want.put(key, "no");
        } else if (fresh || c.get(key) != null) {
            want.put(key, "yes");
        }
    }

    @Override
    public Map<Path, String> companions(Profile p, Path target) {
        if (p.type() != Profile.Type.BOND && p.type() != Profile.Type.VLAN && p.type() != Profile.Type.BRIDGE) {
            return Map.of();
        }
        boolean routes = !IfcfgBridge.isPort(p); // a bridge port has none: NM removes the files
        Map<Path, String> out = new LinkedHashMap<>();
        out.put(IfcfgRoutes.routeFile(target, "route-"), routes ? IfcfgRoutes.routeFileV4(p.ipv4().routes()) : null);
        out.put(IfcfgRoutes.routeFile(target, "route6-"), routes ? IfcfgRoutes.routeFileV6(p.ipv6().routes()) : null);
        return out;
    }
}
