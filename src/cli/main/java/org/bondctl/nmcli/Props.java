package org.bondctl.nmcli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.Interfaces;
import org.bondctl.profile.IpConfig;
import org.bondctl.profile.Profile;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.VlanQos;

/**
 * nmcli's connection properties for bond, ethernet (bond port) and VLAN profiles: what
 * {@code connection show} prints for each, and how {@code connection add|modify} sets the ones
 * bondctl models. The list of properties and what NM prints for an unset one come from
 * NetworkManager 1.42.4 itself (nm-1.42-properties.tsv, captured in the test bed).
 */
final class Props {
    /** setting -> [property, default display] in nmcli's order. */
    static final Map<String, List<String[]>> SETTINGS = load();

    private Props() {}

    private static Map<String, List<String[]>> load() {
        Map<String, List<String[]>> m = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Props.class.getResourceAsStream("nm-1.42-properties.tsv"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] kv = line.split("\t", 2);
                int dot = kv[0].indexOf('.');
                m.computeIfAbsent(kv[0].substring(0, dot), k -> new ArrayList<>())
                        .add(new String[] {kv[0].substring(dot + 1), kv.length > 1 ? kv[1] : ""});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** The settings nmcli shows for a profile, in its order. */
    static List<String> settings(Profile p) {
        List<String> out = new ArrayList<>(List.of("connection"));
        boolean ethernet = p.type() != Profile.Type.BOND || p.mtu() > 0 || p.clonedMac() != null
                || p.keyfileSections().contains("ethernet");
        if (ethernet) {
            out.add("802-3-ethernet");
        }
        if (p.bridge() != null) {
            // a bridge's port: no IP settings (seen in NM 1.42: bond, then bridge-port)
            if (p.type() == Profile.Type.BOND) {
                out.add("bond");
            } else if (p.type() == Profile.Type.VLAN) {
                out.add("vlan");
            }
            out.add("bridge-port");
            return out;
        }
        if (p.type() == Profile.Type.PORT) {
            if (p.keyfileSections().contains("bond-port") || !p.portOptions().isEmpty()) {
                out.add("bond-port");
            }
            return out;
        }
        out.addAll(List.of("ipv4", "ipv6"));
        if (p.type() == Profile.Type.BOND) {
            out.add("bond");
        } else if (p.type() == Profile.Type.VLAN) {
            out.add("vlan");
        } else if (p.type() == Profile.Type.BRIDGE) {
            out.add("bridge");
        }
        out.add("proxy");
        return out;
    }

    /** Every "setting.property" nmcli shows for the profile, in order. */
    static List<String> fields(Profile p) {
        List<String> out = new ArrayList<>();
        for (String s : settings(p)) {
            SETTINGS.get(s).forEach(pr -> out.add(s + "." + pr[0]));
        }
        // the kernel's port priority is newer than NetworkManager 1.42, which shows no such
        // property: bondctl keeps it, and shows it when set
        if (!p.portOptions().containsKey(PortOption.PRIO)) {
            out.remove("bond-port.prio");
        }
        return out;
    }

    /** "ethernet.mtu" -> "802-3-ethernet.mtu", and nmcli's short names (mtu, ifname ...). */
    static String canonical(String name) {
        String n = switch (name) {
            case "con-name" -> "connection.id";
            case "ifname" -> "connection.interface-name";
            case "type" -> "connection.type";
            case "master", "controller" -> "connection.master";
            case "slave-type", "port-type" -> "connection.slave-type";
            case "autoconnect" -> "connection.autoconnect";
            case "mtu" -> "802-3-ethernet.mtu";
            case "dev" -> "vlan.parent";
            case "id" -> "vlan.id";
            case "ip4" -> "ipv4.addresses";
            case "gw4" -> "ipv4.gateway";
            case "ip6" -> "ipv6.addresses";
            case "gw6" -> "ipv6.gateway";
            case "queue-id" -> "bond-port.queue-id";
            default -> name;
        };
        for (String[] alias : new String[][] {{"ethernet.", "802-3-ethernet."}, {"con.", "connection."},
            {"connection.controller", "connection.master"}, {"connection.port-type", "connection.slave-type"}}) {
            if (n.startsWith(alias[0])) {
                n = alias[1] + n.substring(alias[0].length());
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ show

    /** What nmcli prints for a property of the profile; {@code parsable} for -t/-g. */
    static String show(Profile p, String field, boolean parsable) {
        int dot = field.indexOf('.');
        String setting = field.substring(0, dot);
        String prop = field.substring(dot + 1);
        String v = modeled(p, setting, prop, parsable);
        if (v != null) {
            return v;
        }
        if (KeptProps.kept(field)) {
            return KeptProps.show(field, p.keptValue(setting, prop), parsable);
        }
        String raw = p.keyfileValue(setting.equals("802-3-ethernet") ? "ethernet" : setting, prop);
        if (raw != null) {
            return raw;
        }
        for (String[] pr : SETTINGS.getOrDefault(setting, List.of())) {
            if (pr[0].equals(prop)) {
                // -t and -g print the value alone: "-1 (default)" is "-1" there, as nmcli prints it
                return parsable ? pr[1].replaceFirst(" \\(.*\\)$", "") : pr[1];
            }
        }
        return "--";
    }

    /**
     * Whether a profile's property, {@code shown} as nmcli shows it (not -t), is at NetworkManager's default for it, which {@code nmcli -o}
     * leaves out (seen in NM 1.42): what nmcli prints for it unset, or "--" for one a profile
     * always sets (id, type, ipv4.method, bond.options ...: shown whatever their value). The
     * property default of vlan.flags is no flag: a VLAN's REORDER_HEADERS is shown.
     */
    static boolean atDefault(String field, String shown) {
        int dot = field.indexOf('.');
        if (field.equals("vlan.flags")) {
            return shown.startsWith("0");
        }
        for (String[] pr : SETTINGS.getOrDefault(field.substring(0, dot), List.of())) {
            if (pr[0].equals(field.substring(dot + 1))) {
                return shown.equals(pr[1].isEmpty() ? "--" : pr[1]);
            }
        }
        return false;
    }

    private static String modeled(Profile p, String setting, String prop, boolean parsable) {
        switch (setting) {
            case "connection":
                return switch (prop) {
                    case "id" -> p.id();
                    case "uuid" -> p.uuid();
                    case "type" -> typeName(p);
                    case "interface-name" -> p.ifnameDerived() ? "--" : dash(p.ifname());
                    case "autoconnect" -> p.autoconnect() ? "yes" : "no";
                    case "autoconnect-slaves" -> switch (p.autoconnectPorts()) {
                        case 1 -> parsable ? "1" : "1 (yes)";
                        case 0 -> parsable ? "0" : "0 (no)";
                        default -> parsable ? "-1" : "-1 (default)";
                    };
                    case "master" -> dash(p.bridge() != null ? p.bridge() : p.master());
                    case "slave-type" -> p.type() == Profile.Type.PORT ? "bond" : p.bridge() != null ? "bridge"
                            : p.master() == null ? "--"
                            : dash(p.keyfileValue("connection", "slave-type") != null ? p.keyfileValue("connection", "slave-type")
                                    : p.keyfileValue("connection", "port-type"));
                    default -> null;
                };
            case "802-3-ethernet":
                return prop.equals("mtu") ? (p.mtu() > 0 ? Integer.toString(p.mtu()) : "auto")
                        : prop.equals("cloned-mac-address") ? dash(p.clonedMac()) : null;
            case "ipv4":
            case "ipv6":
                return ip(p.ip(setting.equals("ipv6")), prop, parsable);
            case "bond":
                return prop.equals("options") ? bondOptions(p.bondSettings()) : null;
            case "vlan":
                return switch (prop) {
                    case "parent" -> dash(p.vlanParent());
                    case "id" -> Integer.toString(p.vlanId());
                    case "protocol" -> p.vlanProtocol() == Rtnl.ETH_P_8021AD ? "802.1ad" : null;
                    case "flags" -> vlanFlags(p.vlanQos().flags(), parsable);
                    case "ingress-priority-map" -> dash(VlanQos.format(p.vlanQos().ingress(), " "));
                    case "egress-priority-map" -> dash(VlanQos.format(p.vlanQos().egress(), " "));
                    default -> null;
                };
            case "bridge":
                return prop.equals("vlans") ? dash(org.bondctl.bridge.BridgeVlan.format(p.bridgeVlans(), ", "))
                        : showOption(org.bondctl.bridge.BridgeOption.byNmName(prop), p.bridgeOptions());
            case "bridge-port":
                return prop.equals("vlans") ? dash(org.bondctl.bridge.BridgeVlan.format(p.bridgePortVlans(), ", "))
                        : showOption(org.bondctl.bridge.BridgePortOption.byNmName(prop), p.bridgePortOptions());
            case "bond-port":
                PortOption o = prop.equals("queue-id") ? PortOption.QUEUE_ID : prop.equals("prio") ? PortOption.PRIO : null;
                return o == null ? null : o.format(p.portOptions().getOrDefault(o, 0L));
            default:
                return null;
        }
    }

    /** A bridge or bridge-port option as nmcli prints it (NM's default when unset; booleans "yes"/"no"); null for another property. */
    private static <E extends org.bondctl.bridge.WireOption> String showOption(E o, java.util.Map<E, Long> set) {
        if (o == null) {
            return null;
        }
        long v = set.getOrDefault(o, o.nmDefault());
        return o.isBoolean() ? (v != 0 ? "yes" : "no") : o.toNm(v);
    }

    /** vlan.flags as nmcli prints it: the number, and for people the flags' names ("1 (REORDER_HEADERS)"). */
    private static String vlanFlags(long n, boolean parsable) {
        List<String> names = new ArrayList<>();
        String[] known = {"REORDER_HEADERS", "GVRP", "LOOSE_BINDING", "MVRP"};
        for (int i = 0; i < known.length; i++) {
            if ((n & (1L << i)) != 0) {
                names.add(known[i]);
            }
        }
        return parsable || names.isEmpty() ? Long.toString(n) : n + " (" + String.join(", ", names) + ")";
    }

    /** connection.type as nmcli prints it: the setting name (802-3-ethernet), not the short alias. */
    static String typeName(Profile p) {
        return switch (p.type()) {
            case BOND -> "bond";
            case VLAN -> "vlan";
            case BRIDGE -> "bridge";
            case PORT, BRIDGE_PORT -> "802-3-ethernet";
            default -> p.connectionType() == null ? "--" : p.connectionType().equals("ethernet") ? "802-3-ethernet"
                    : p.connectionType();
        };
    }

    private static String ip(IpConfig c, String prop, boolean parsable) {
        return switch (prop) {
            case "method" -> c.method();
            case "addresses" -> join(c.addresses().stream().map(Address::toString).toList(), ", ");
            case "gateway" -> c.gateway() == null ? "--" : Address.text(c.gateway());
            case "dns" -> join(c.dns().stream().map(Address::text).toList(), ",");
            case "dns-search" -> join(c.search(), ",");
            case "route-metric" -> Integer.toString(c.routeMetric());
            case "route-table" -> Integer.toUnsignedString(c.routeTable()) + (parsable ? "" : switch (c.routeTable()) {
                case 0 -> " (unspec)"; // the names nmcli gives the kernel's reserved tables (254 seen)
                case 253 -> " (default)";
                case Rtnl.RT_TABLE_MAIN -> " (main)";
                case Rtnl.RT_TABLE_LOCAL -> " (local)";
                default -> "";
            });
            case "never-default" -> c.neverDefault() ? "yes" : "no";
            case "routes" -> join(c.routes().stream().map(r -> route(r, parsable)).toList(), parsable ? ", " : "; ");
            case "routing-rules" -> join(c.rules().stream().map(Object::toString).toList(), ", ");
            default -> null;
        };
    }

    /**
     * nmcli's route text: "{ ip = DST, nh = GW, mt = M mtu=1400 table=T }", or "DST GW M mtu=1400
     * table=T" for -t/-g: the attributes and the table by name, as NetworkManager lists them.
     */
    private static String route(IpConfig.StaticRoute r, boolean parsable) {
        String options = r.options().isEmpty() ? "" : " " + r.options().replace(',', ' ');
        if (parsable) {
            return r.destination() + (r.gateway() == null ? "" : " " + Address.text(r.gateway()))
                    + (r.metric() >= 0 ? " " + r.metric() : "") + options;
        }
        return "{ ip = " + r.destination() + (r.gateway() == null ? "" : ", nh = " + Address.text(r.gateway()))
                + (r.metric() >= 0 ? ", mt = " + r.metric() : "") + options + " }";
    }

    /**
     * bond.options as nmcli prints them: mode first, then by name; the addresses of a target
     * list separated by blanks ("arp_ip_target=192.0.2.1 192.0.2.2"), the commas being the
     * options' separator (the keyfile keeps commas).
     */
    static String bondOptions(BondSettings s) {
        List<BondOption> opts = new ArrayList<>(s.options());
        opts.sort(Comparator.comparing((BondOption o) -> o == BondOption.MODE ? "" : o.nmKey()));
        return join(opts.stream().map(o -> o.nmKey() + "=" + (o == BondOption.ARP_IP_TARGET || o == BondOption.NS_IP6_TARGET
                ? s.text(o).replace(',', ' ') : s.text(o))).toList(), ",");
    }

    private static String join(List<String> items, String sep) {
        return items.isEmpty() ? "--" : String.join(sep, items);
    }

    private static String dash(String v) {
        return v == null || v.isEmpty() ? "--" : v;
    }

    // ------------------------------------------------------------------ set

    /**
     * Refuses, in nmcli 1.42's words, a setting an ethernet port's saved profile does not have
     * (ipv4, ipv6, bond ...): what 'connection modify' and 'device modify' of a port meet.
     */
    static void checkPortSetting(Profile p, String name) {
        String field = canonical(name);
        int dot = field.indexOf('.');
        String setting = dot < 0 ? field : field.substring(0, dot);
        if ((p.type() == Profile.Type.PORT || p.type() == Profile.Type.BRIDGE_PORT)
                && !List.of("connection", "802-3-ethernet", "bond-port", "bridge-port").contains(setting)
                && SETTINGS.containsKey(setting)) {
            throw new NmcliException(NmcliException.USAGE, "invalid or not allowed setting '" + setting + "': '" + setting
                    + "' not among [connection, 802-3-ethernet (ethernet), 802-1x, dcb, sriov, ethtool, "
                    + (p.type() == Profile.Type.PORT ? "bond-port" : "bridge-port") + "].");
        }
    }

    /**
     * Sets a property as {@code nmcli connection modify} does: {@code op} '=' replaces, '+'
     * adds to a list (or merges bond options), '-' removes from it. Values are checked as NM
     * checks them; a property bondctl does not model is refused, naming it.
     */
    static Profile set(Profile p, String name, char op, String value) {
        if (name.equals("ip4") || name.equals("ip6")) {
            // nmcli's ip4/ip6: an address more, and the method manual (a later ipv4.method wins)
            String f = name.equals("ip4") ? "ipv4" : "ipv6";
            return set(set(p, f + ".addresses", '+', value), f + ".method", '=', "manual");
        }
        BondOption alias = p.type() == Profile.Type.BOND ? BOND_ALIASES.get(name) : null;
        if (alias != null) {
            return bondAlias(p, alias, op, value);
        }
        String field = canonical(name);
        int dot = field.indexOf('.');
        if (dot < 0) {
            throw new NmcliException(NmcliException.USAGE, "invalid <setting>.<property> '" + name + "'.");
        }
        String setting = field.substring(0, dot);
        String prop = field.substring(dot + 1);
        List<String[]> known = SETTINGS.get(setting);
        if (known == null) {
            throw new NmcliException(NmcliException.USAGE, "bondctl nmcli handles the settings connection, 802-3-ethernet,"
                    + " bond, bond-port, bridge, bridge-port, vlan, ipv4 and ipv6, not '" + setting + "'");
        }
        if (known.stream().noneMatch(pr -> pr[0].equals(prop))) {
            throw new NmcliException(NmcliException.USAGE, "invalid property '" + prop + "': '" + prop + "' not among ["
                    + String.join(", ", known.stream().map(pr -> pr[0]).toList()) + "].");
        }
        try {
            if (KeptProps.kept(setting + "." + prop)) {
                KeptProps.set(p, setting, prop, op, value);
                return p;
            }
            return switch (setting) {
                case "connection" -> connection(p, prop, value);
                case "802-3-ethernet" -> mtu(p, prop, value);
                case "bond" -> bond(p, prop, op, value);
                case "bond-port" -> port(p, prop, value);
                case "bridge" -> prop.equals("vlans") ? bridgeVlans(p, p.type() == Profile.Type.BRIDGE ? p.bridgeVlans() : null,
                        "bridge.vlans", op, value) : bridgeOption(p, prop, value);
                case "bridge-port" -> prop.equals("vlans") ? bridgeVlans(p, p.bridgePortVlans(), "bridge-port.vlans", op, value)
                        : bridgePortOption(p, prop, value);
                case "vlan" -> vlan(p, prop, op, value);
                default -> {
                    IpConfig ip = IpSet.set(p.ip(setting.equals("ipv6")), prop, op, value);
                    yield p.ip(ip);
                }
            };
        } catch (BondctlException e) {
            throw new NmcliException(NmcliException.USAGE, (op == '-' ? "failed to remove a value from " : "failed to modify ")
                    + setting + "." + prop + ": " + e.getMessage() + ".");
        }
    }

    /**
     * The refusal of what bondctl nmcli does not set: it names the field and, for a property,
     * what bondctl nmcli sets of its setting (applied, then kept in the profile without being
     * applied); the README lists them all.
     */
    static NmcliException unsupported(String field) {
        int dot = field.indexOf('.');
        String setting = dot < 0 || field.contains(" ") ? null : field.substring(0, dot);
        String sets = setting == null ? null : SETS.get(setting.equals("ethernet") ? "802-3-ethernet" : setting);
        StringBuilder why = new StringBuilder("bondctl nmcli does not set ").append(field);
        if (sets != null) {
            why.append(" (of ").append(setting).append(" it sets ").append(sets);
            String kept = KeptProps.names(setting.equals("ipv6") ? "ipv4" : setting);
            if (!kept.isEmpty()) {
                why.append("; it keeps without applying them ").append(kept);
            }
            why.append(")");
        }
        return new NmcliException(NmcliException.USAGE, why.toString());
    }

    /** What bondctl nmcli applies of ipv4 and of ipv6. */
    private static final String IP_SETS = "method, addresses, gateway, dns, dns-search, dns-priority, dns-options, routes (with"
            + " their attributes but weight), route-metric, route-table, never-default, routing-rules";

    /** What bondctl nmcli applies of each setting, for {@link #unsupported}. */
    private static final Map<String, String> SETS = Map.of(
            "connection", "id, interface-name, autoconnect, autoconnect-priority, autoconnect-slaves, master, slave-type",
            "802-3-ethernet", "mtu, cloned-mac-address",
            "bond", "options",
            "bond-port", "queue-id, prio",
            "bridge", "stp, priority, forward-delay, hello-time, max-age, ageing-time, group-forward-mask, multicast-snooping,"
                    + " vlan-filtering, vlan-default-pvid, vlans",
            "bridge-port", "priority, path-cost, hairpin-mode, vlans",
            "vlan", "parent, id, protocol, flags, ingress-priority-map, egress-priority-map",
            "ipv4", IP_SETS,
            "ipv6", IP_SETS);


    private static Profile connection(Profile p, String prop, String v) {
        switch (prop) {
            case "id" -> p.id(v);
            case "interface-name" -> {
                org.bondctl.rtnl.Rtnetlink.checkName(v);
                p.ifname(v);
            }
            case "autoconnect" -> p.autoconnect(bool(v));
            case "autoconnect-slaves" -> p.autoconnectPorts(switch (v.toLowerCase()) {
                case "-1", "default" -> -1;
                default -> bool(v) ? 1 : 0;
            });
            case "master" -> {
                if (v.isEmpty()) {
                    return standalone(p);
                }
                if (p.type() == Profile.Type.BRIDGE_PORT || p.type() == Profile.Type.BOND || p.type() == Profile.Type.VLAN) {
                    return p.bridge(v); // a bridge's port moves; a bond or VLAN has only a bridge for controller
                }
                if (p.type() == Profile.Type.BRIDGE) {
                    throw new NmcliException(NmcliException.USAGE, "a bridge cannot be a port (the kernel puts no bridge in"
                            + " a bridge)");
                }
                Profile port = p.type() == Profile.Type.PORT ? p : p.as(Profile.Type.PORT);
                return port.master(v);
            }
            case "slave-type" -> {
                if (v.isEmpty()) {
                    return standalone(p);
                }
                if (v.equals("bridge")) {
                    if (p.type() == Profile.Type.PORT) {
                        Profile q = p.as(Profile.Type.BRIDGE_PORT);
                        return q.bridge(p.master());
                    }
                    if (p.type() == Profile.Type.BRIDGE) {
                        throw new NmcliException(NmcliException.USAGE, "a bridge cannot be a port (the kernel puts no"
                                + " bridge in a bridge)");
                    }
                    return p;
                }
                if (!v.equals("bond")) {
                    throw new NmcliException(NmcliException.USAGE, "bondctl nmcli handles bond and bridge ports, not"
                            + " slave-type " + v);
                }
                if (p.type() == Profile.Type.BRIDGE_PORT) {
                    return p.as(Profile.Type.PORT).master(p.bridge()).bridge(null);
                }
            }
            default -> throw unsupported("connection." + prop);
        }
        return p;
    }

    /**
     * A port profile made standalone (master and slave-type emptied): NM gives it IP settings
     * back at their defaults (seen in NM 1.42: ipv4.method auto), an ethernet port becomes a
     * plain ethernet profile, a bond or VLAN leaves its bridge.
     */
    private static Profile standalone(Profile p) {
        boolean port = p.type() == Profile.Type.PORT || p.type() == Profile.Type.BRIDGE_PORT || p.bridge() != null;
        if (!port) {
            return p;
        }
        Profile q = p.type() == Profile.Type.PORT || p.type() == Profile.Type.BRIDGE_PORT
                ? p.as(Profile.Type.OTHER).connectionType("ethernet") : p;
        q.bridge(null).bridgePortOptions().clear();
        q.bridgePortVlans().clear();
        return q.ipv4(IpConfig.v4("auto", List.of(), null, List.of(), List.of())).ipv6(IpConfig.AUTO6);
    }

    private static Profile bridgeOption(Profile p, String prop, String v) {
        org.bondctl.bridge.BridgeOption o = org.bondctl.bridge.BridgeOption.byNmName(prop);
        if (o == null) {
            throw unsupported("bridge." + prop);
        }
        if (p.type() != Profile.Type.BRIDGE) {
            throw BondctlException.invalid("only a bridge connection has bridge." + prop);
        }
        p.bridgeOptions().put(o, optionValue(o, v));
        return p;
    }

    /**
     * bridge.vlans or bridge-port.vlans: replaced ('='), added to ('+') or removed from ('-': the
     * entries with those ids), sorted as NM keeps it; the whole list is checked with the profile
     * (Connections.verify), as NM's verify() does.
     */
    private static Profile bridgeVlans(Profile p, List<org.bondctl.bridge.BridgeVlan> list, String property, char op, String v) {
        if (list == null) {
            throw BondctlException.invalid("only a bridge connection has " + property);
        }
        List<org.bondctl.bridge.BridgeVlan> next = new ArrayList<>(op == '=' ? List.of() : list);
        try {
            List<org.bondctl.bridge.BridgeVlan> given = org.bondctl.bridge.BridgeVlan.parseEntries(property, v);
            if (op == '-') {
                next.removeIf(x -> given.stream().anyMatch(g -> g.start() == x.start() && g.end() == x.end()));
            } else {
                next.addAll(given);
            }
        } catch (IllegalArgumentException e) {
            throw BondctlException.invalid(e.getMessage().substring(property.length() + 2)
                    + ". The valid syntax is: '<vid>[-<vid>] [pvid] [untagged]'");
        }
        list.clear();
        list.addAll(org.bondctl.bridge.BridgeVlan.sorted(next)); // NM keeps the list sorted
        return p;
    }

    private static Profile bridgePortOption(Profile p, String prop, String v) {
        org.bondctl.bridge.BridgePortOption o = org.bondctl.bridge.BridgePortOption.byNmName(prop);
        if (o == null) {
            throw unsupported("bridge-port." + prop);
        }
        p.bridgePortOptions().put(o, optionValue(o, v));
        return p;
    }

    /** A bridge or bridge-port option's value: a boolean as nmcli reads one, a number in the property's range. */
    private static long optionValue(org.bondctl.bridge.WireOption o, String v) {
        if (o.isBoolean()) {
            return bool(v) ? 1 : 0;
        }
        try {
            return o.fromNm(v);
        } catch (IllegalArgumentException e) {
            throw BondctlException.invalid(e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
    }

    private static Profile mtu(Profile p, String prop, String v) {
        if (prop.equals("cloned-mac-address")) {
            return p.clonedMac(org.bondctl.profile.ClonedMac.normalize(v));
        }
        if (!prop.equals("mtu")) {
            throw unsupported("802-3-ethernet." + prop);
        }
        int mtu = v.equals("auto") || v.isEmpty() ? 0 : number(v, 65535, "mtu");
        if (mtu != 0 && mtu < Rtnl.ETH_MIN_MTU) {
            throw BondctlException.invalid("mtu " + mtu + " is below " + Rtnl.ETH_MIN_MTU);
        }
        return p.mtu(mtu);
    }

    private static Profile bond(Profile p, String prop, char op, String v) {
        if (!prop.equals("options")) {
            throw unsupported("bond." + prop);
        }
        BondSettings s = op == '=' ? new BondSettings() : p.bondSettings();
        List<String> items = new ArrayList<>(); // those that set a value, in the order given
        for (String item : v.split(",")) {
            int eq = item.indexOf('=');
            String key = (eq < 0 ? item : item.substring(0, eq)).strip();
            if (key.isEmpty()) {
                continue;
            }
            if (!NM_BOND_OPTIONS.contains(key)) {
                throw BondctlException.invalid("'" + key + "' not among [" + String.join(", ", NM_BOND_OPTIONS) + "]");
            }
            // '-', or "key=" with nothing after it: the option taken out (seen: 'arp_interval=500,arp_ip_target='
            // leaves no target)
            if (op == '-' || eq >= 0 && item.substring(eq + 1).isBlank()) {
                s = s.without(BondOption.byName(key));
                continue;
            }
            if (eq >= 0) {
                checkBondOption(BondOption.byName(key), item.substring(eq + 1));
            }
            items.add(item);
        }
        if (op == '-') {
            if (p.bondSettings().has(BondOption.MODE) && !s.has(BondOption.MODE)) {
                // nmcli's own check of the property, without the period of the daemon's refusal (seen in 1.42)
                throw new NmcliException.Unsaved("bond.options: mandatory option 'mode' is missing");
            }
            return p.bondSettings(s);
        }
        BondSettings given = items.isEmpty() ? new BondSettings() : BondSettings.parse(List.of(String.join(",", items)));
        for (BondOption o : given.options()) {
            s = org.bondctl.profile.NmBondOptions.afterSetting(s.without(o).copy(o, given), o);
        }
        return p.bondSettings(s);
    }

    /** Why a bond option's value is refused, without the option's name that nmcli's words already give. */
    private static String why(BondOption o, BondctlException e) {
        String prefix = "option " + o.kernelName() + ": ";
        return e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
    }

    /** One bond option's value, refused in nmcli's words (with why, which nmcli leaves out). */
    private static void checkBondOption(BondOption o, String value) {
        try {
            new BondSettings().put(o, value);
        } catch (BondctlException e) {
            if (o == BondOption.MODE) {
                throw BondctlException.invalid("'" + value + "' not among [" + String.join(", ",
                        java.util.Arrays.stream(BondMode.values()).map(BondMode::kernelName).toList()) + "]");
            }
            throw BondctlException.invalid("failed to set bond option \"" + o.nmKey() + "\": " + why(o, e));
        }
    }

    /** The bond options NetworkManager 1.42 knows, in its order (nmcli's error for another lists them). */
    private static final List<String> NM_BOND_OPTIONS = List.of("mode", "miimon", "downdelay", "updelay", "arp_interval",
            "arp_ip_target", "arp_validate", "balance-slb", "primary", "primary_reselect", "fail_over_mac", "use_carrier",
            "ad_select", "xmit_hash_policy", "resend_igmp", "lacp_rate", "active_slave", "ad_actor_sys_prio",
            "ad_actor_system", "ad_user_port_key", "all_slaves_active", "arp_all_targets", "min_links", "num_grat_arp",
            "num_unsol_na", "packets_per_slave", "tlb_dynamic_lb", "lp_interval", "peer_notif_delay");

    /**
     * The bond options nmcli takes by their own names for a bond profile, as its help for
     * {@code connection add} lists them ("mode active-backup miimon 100"); NetworkManager 1.42's
     * nmcli takes them in {@code connection modify} too. Each is merged into bond.options in
     * the order given (a later {@code bond.options} replaces them all, as in nmcli). For other
     * profiles they are not properties: nmcli refuses "mode" on an ethernet profile.
     */
    static final Map<String, BondOption> BOND_ALIASES = Map.of("mode", BondOption.MODE, "primary", BondOption.PRIMARY,
            "miimon", BondOption.MIIMON, "downdelay", BondOption.DOWNDELAY, "updelay", BondOption.UPDELAY,
            "arp-interval", BondOption.ARP_INTERVAL, "arp-ip-target", BondOption.ARP_IP_TARGET,
            "lacp-rate", BondOption.AD_LACP_RATE);

    /**
     * One bond option by its nmcli name; a mode may be its number ("1": active-backup). '-'
     * removes it. A value the option does not take is refused, naming the option and why
     * (nmcli 1.42 says only 'failed to set bond option "miimon"', and takes a mode it does not
     * know with exit 0 and no profile).
     */
    private static Profile bondAlias(Profile p, BondOption o, char op, String v) {
        BondSettings s = p.bondSettings().without(o);
        if (op == '-') {
            return p.bondSettings(s);
        }
        try {
            return p.bondSettings(org.bondctl.profile.NmBondOptions.afterSetting(s.put(o, v), o));
        } catch (BondctlException e) {
            throw new NmcliException(NmcliException.USAGE, "failed to set bond option \"" + o.nmKey() + "\": " + why(o, e)
                    + ".");
        }
    }

    private static Profile port(Profile p, String prop, String v) {
        PortOption o = prop.equals("queue-id") ? PortOption.QUEUE_ID : prop.equals("prio") ? PortOption.PRIO : null;
        if (o == null) {
            throw unsupported("bond-port." + prop);
        }
        p.portOptions().put(o, o.parse(v));
        return p;
    }

    private static Profile vlan(Profile p, String prop, char op, String v) {
        switch (prop) {
            case "parent" -> p.vlan(v, p.vlanId(), p.vlanProtocol());
            case "id" -> {
                // the property's range and words (4095 it takes; the profile's check refuses it)
                if (!Address.isDecimal(v, 10)) {
                    throw BondctlException.invalid("'" + v + "' is not a valid number");
                }
                if (v.length() > 9 || Long.parseLong(v) > 4095) {
                    throw BondctlException.invalid("'" + v + "' is out of range [0, 4095]");
                }
                p.vlan(p.vlanParent(), Integer.parseInt(v), p.vlanProtocol());
            }
            case "protocol" -> p.vlan(p.vlanParent(), p.vlanId(), switch (v) {
                case "802.1Q", "802.1q", "" -> Rtnl.ETH_P_8021Q;
                case "802.1ad" -> Rtnl.ETH_P_8021AD;
                default -> throw BondctlException.invalid("'" + v + "' is not 802.1Q or 802.1ad");
            });
            case "flags" -> p.vlanQos(new VlanQos(v.isEmpty() ? VlanQos.REORDER_HDR : VlanQos.parseFlags(v),
                    p.vlanQos().ingress(), p.vlanQos().egress()));
            case "ingress-priority-map", "egress-priority-map" -> {
                boolean in = prop.startsWith("ingress");
                List<VlanQos.Mapping> now = in ? p.vlanQos().ingress() : p.vlanQos().egress();
                List<VlanQos.Mapping> given = VlanQos.parseMap(v, in);
                List<VlanQos.Mapping> next = new ArrayList<>(op == '=' ? List.of() : now);
                if (op == '-') {
                    next.removeIf(m -> given.stream().anyMatch(g -> g.from() == m.from()));
                } else {
                    next.addAll(given);
                }
                VlanQos q = p.vlanQos();
                p.vlanQos(in ? new VlanQos(q.flags(), next, q.egress()) : new VlanQos(q.flags(), q.ingress(), next));
            }
            default -> throw unsupported("vlan." + prop);
        }
        return p;
    }

    /**
     * A boolean as nmcli reads one: true, yes, on, 1 or false, no, off, 0, in any case, or any
     * start of one ("y", "t", "of"); "o" alone is ambiguous.
     */
    static boolean bool(String v) {
        String s = v.strip().toLowerCase();
        if (!s.isEmpty() && !s.equals("o")) {
            for (String t : List.of("true", "yes", "on", "1")) {
                if (t.startsWith(s)) {
                    return true;
                }
            }
            for (String f : List.of("false", "no", "off", "0")) {
                if (f.startsWith(s)) {
                    return false;
                }
            }
        }
        throw BondctlException.invalid("'" + v + "' is not valid; use [true, yes, on] or [false, no, off]");
    }

    static int number(String v, int max, String what) {
        if (!Address.isDecimal(v, 10) || Long.parseLong(v) > max) {
            throw BondctlException.invalid("'" + v + "' is not a valid " + what);
        }
        return Integer.parseInt(v);
    }

    /** An IP literal as NM reads it (no name lookups). */
    static InetAddress ip(String v, String what) {
        return Address.parseIp(v, what);
    }
}
