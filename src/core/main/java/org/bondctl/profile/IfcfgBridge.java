package org.bondctl.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bondctl.bridge.BridgeOption;
import org.bondctl.bridge.BridgePortOption;
import org.bondctl.bridge.BridgeVlan;

/**
 * Bridges in ifcfg-rh files, as NetworkManager's ifcfg-rh plugin reads and writes them
 * (nms-ifcfg-rh-reader.c make_bridge_setting(), make_bridge_port_setting(),
 * handle_bridge_option(); -writer.c write_bridge_setting(), write_bridge_port_setting()). A
 * bridge has TYPE=Bridge, STP=yes or no (absent: no, where a keyfile's default is on), DELAY=
 * (bridge.forward-delay) and BRIDGING_OPTS="priority=32768 hello_time=2 ..." with NM's
 * properties under the kernel's sysfs names but in NM's units (seconds, not hundredths). NM
 * ignores DELAY, priority, hello_time and max_age while STP is off, and writes them only with it
 * on. VLAN filtering is vlan_filtering=1 and default_pvid=N there, and the bridge's own VLANs
 * BRIDGE_VLANS="1 pvid untagged,100-102" (bridge.vlans, NM's list form). A port, of any type,
 * has BRIDGE= (or BRIDGE_UUID=), which NM takes before MASTER=, BRIDGING_OPTS="priority=..
 * path_cost=.. hairpin_mode=1" for its bridge-port options and BRIDGE_PORT_VLANS="..." for its
 * VLANs (bridge-port.vlans).
 */
final class IfcfgBridge {
    private IfcfgBridge() {}

    /** The BRIDGING_OPTS words of a bridge that bondctl applies. */
    private static final Map<String, BridgeOption> OPTIONS = Map.of("priority", BridgeOption.PRIORITY,
            "hello_time", BridgeOption.HELLO_TIME, "max_age", BridgeOption.MAX_AGE, "ageing_time", BridgeOption.AGEING_TIME,
            "group_fwd_mask", BridgeOption.GROUP_FORWARD_MASK, "multicast_snooping", BridgeOption.MULTICAST_SNOOPING,
            "vlan_filtering", BridgeOption.VLAN_FILTERING, "default_pvid", BridgeOption.VLAN_DEFAULT_PVID);
    /** The BRIDGING_OPTS words of a port: all NM knows. */
    private static final Map<String, BridgePortOption> PORT_OPTIONS = Map.of("priority", BridgePortOption.PRIORITY,
            "path_cost", BridgePortOption.PATH_COST, "hairpin_mode", BridgePortOption.HAIRPIN);
    /** Every bridge word NM knows, in the order its writer puts them (kept words of a file sort among bondctl's). */
    private static final List<String> NM_ORDER = List.of("priority", "hello_time", "max_age", "ageing_time",
            "group_address", "group_fwd_mask", "multicast_hash_max", "multicast_last_member_count",
            "multicast_last_member_interval", "multicast_membership_interval", "multicast_querier",
            "multicast_querier_interval", "multicast_query_interval", "multicast_query_response_interval",
            "multicast_query_use_ifaddr", "multicast_snooping", "multicast_startup_query_count",
            "multicast_startup_query_interval", "multicast_router", "vlan_filtering", "default_pvid", "vlan_protocol",
            "vlan_stats_enabled");
    private static final List<String> NM_PORT_ORDER = List.of("priority", "path_cost", "hairpin_mode");
    /** What NM's reader takes only with STP on, and its writer writes only then. */
    private static final Set<BridgeOption> STP_ONLY = EnumSet.of(BridgeOption.FORWARD_DELAY, BridgeOption.PRIORITY,
            BridgeOption.HELLO_TIME, BridgeOption.MAX_AGE);
    private static final String STP_OFF = "NetworkManager ignores it while STP is off (STP=no, or no STP=)";

    /** Whether the profile's file names a bridge it is a port of: a bond's, VLAN's or NIC's. */
    static boolean isPort(Profile p) {
        return p.bridge() != null && (p.type() == Profile.Type.BOND || p.type() == Profile.Type.VLAN
                || p.type() == Profile.Type.BRIDGE_PORT);
    }

    // ------------------------------------------------------------------ read

    /**
     * STP, DELAY, BRIDGING_OPTS and BRIDGE_VLANS of a TYPE=Bridge file; STP is always set, as the
     * file's meaning differs from NM's default.
     */
    static void read(String f, Ifcfg c, Profile p) {
        String s = c.get("STP");
        boolean stp = s != null && !s.isBlank() && stp(f, c.lineOf("STP"), s.strip());
        p.bridgeOptions().put(BridgeOption.STP, stp ? 1L : 0L);
        String delay = c.get("DELAY");
        if (delay != null && !delay.isBlank()) {
            int line = c.lineOf("DELAY");
            if (stp) {
                p.bridgeOptions().put(BridgeOption.FORWARD_DELAY, value(f, line, "DELAY", BridgeOption.FORWARD_DELAY, delay));
            } else {
                p.notApplied(f + ":" + line, "DELAY", delay.strip(), STP_OFF);
            }
        }
        int line = c.lineOf("BRIDGING_OPTS");
        words(f, c).forEach((name, v) -> {
            BridgeOption o = OPTIONS.get(name);
            if (o == null || STP_ONLY.contains(o) && !stp) {
                p.notApplied(f + ":" + line, "BRIDGING_OPTS", name + "=" + v, o != null ? STP_OFF
                        : NM_ORDER.contains(name) ? null : "not a bridge option NetworkManager knows: it ignores it");
            } else if (o.isBoolean() && !v.matches("[01]")) {
                // NM's reader takes a number 0-1 for these, not the yes or true of its properties
                throw Ifcfg.error(f, line, "BRIDGING_OPTS: " + name + ": '" + Keyfile.abbreviate(v) + "' is not 0 or 1");
            } else {
                p.bridgeOptions().put(o, value(f, line, "BRIDGING_OPTS: " + name, o, v));
            }
        });
        java.util.Map.Entry<BridgeOption, String> bad = org.bondctl.bridge.Bridges.verify(p.bridgeOptions());
        if (bad != null) {
            BridgeOption o = bad.getKey();
            String why = bad.getValue().substring(bad.getValue().indexOf(": ") + 2);
            String name = OPTIONS.entrySet().stream().filter(e -> e.getValue() == o).map(java.util.Map.Entry::getKey)
                    .findFirst().orElse(o.kernelName());
            throw o == BridgeOption.FORWARD_DELAY ? Ifcfg.error(f, c.lineOf("DELAY"), "DELAY: " + why)
                    : Ifcfg.error(f, line, "BRIDGING_OPTS: " + name + ": " + why);
        }
        vlans(f, c, "BRIDGE_VLANS", "bridge.vlans", p, p.bridgeVlans());
    }

    /** STP=: yes or on, no or off, any case; NM takes another word as no, bondctl refuses it. */
    private static boolean stp(String f, int line, String v) {
        return switch (v.toLowerCase()) {
            case "yes", "on" -> true;
            case "no", "off" -> false;
            default -> throw Ifcfg.error(f, line, "STP=" + Keyfile.abbreviate(v)
                    + " is not yes or no (NetworkManager would take it as no)");
        };
    }

    private static long value(String f, int line, String key, BridgeOption o, String v) {
        try {
            return o.fromNm(v);
        } catch (IllegalArgumentException x) {
            throw Ifcfg.error(f, line, key + ": " + reason(x));
        }
    }

    /**
     * BRIDGING_OPTS of a bridge port: priority, path_cost, hairpin_mode (yes, on or 1; no, off or
     * 0); and BRIDGE_PORT_VLANS.
     */
    static void readPort(String f, Ifcfg c, Profile p) {
        int line = c.lineOf("BRIDGING_OPTS");
        words(f, c).forEach((name, v) -> {
            BridgePortOption o = PORT_OPTIONS.get(name);
            if (o == null) {
                p.notApplied(f + ":" + line, "BRIDGING_OPTS", name + "=" + v,
                        "not a bridge-port option NetworkManager knows: it ignores it");
                return;
            }
            String n = o == BridgePortOption.HAIRPIN ? hairpin(v) : v;
            if (n == null) {
                throw Ifcfg.error(f, line, "BRIDGING_OPTS: " + name + ": '" + Keyfile.abbreviate(v)
                        + "' is not yes, on, 1, no, off or 0");
            }
            try {
                p.bridgePortOptions().put(o, o.fromNm(n));
            } catch (IllegalArgumentException x) {
                throw Ifcfg.error(f, line, "BRIDGING_OPTS: " + name + ": " + reason(x));
            }
        });
        vlans(f, c, "BRIDGE_PORT_VLANS", "bridge-port.vlans", p, p.bridgePortVlans());
    }

    /**
     * BRIDGE_VLANS or BRIDGE_PORT_VLANS: NM's list, entries apart by commas ("1 pvid untagged,100-102"),
     * refused in NM's words where an entry is not one or the list fails NM's verify(): NM's reader
     * drops such an entry, which would leave a port out of a VLAN the file names.
     */
    private static void vlans(String f, Ifcfg c, String key, String property, Profile p, List<BridgeVlan> into) {
        String v = c.get(key);
        if (v == null) {
            return;
        }
        try {
            into.addAll(BridgeVlan.parseList(property, v));
        } catch (IllegalArgumentException x) {
            throw Ifcfg.error(f, c.lineOf(key), key + ": " + reason(x));
        }
        p.line(property, c.lineOf(key));
    }

    /**
     * hairpin_mode as NM's reader takes it (yes or on in any case, or 1; no or off), and 0: NM
     * warns about that one but keeps its default, off, which is what 0 says. Null for another word.
     */
    private static String hairpin(String v) {
        return switch (v.toLowerCase()) {
            case "yes", "on", "1" -> "1";
            case "no", "off", "0" -> "0";
            default -> null;
        };
    }

    /** The reason in an option's error, without the property NM names it by ("bridge.hello-time: "). */
    private static String reason(IllegalArgumentException x) {
        String m = x.getMessage();
        return m.substring(m.indexOf(": ") + 2);
    }

    /** BRIDGING_OPTS as name to value, in the file's order; a word that is not NAME=VALUE or a name given twice is refused. */
    private static Map<String, String> words(String f, Ifcfg c) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] w : split(c.get("BRIDGING_OPTS"))) {
            if (w[1] == null || w[0].isEmpty() || w[1].isEmpty()) {
                throw Ifcfg.error(f, c.lineOf("BRIDGING_OPTS"), "BRIDGING_OPTS: '" + Keyfile.abbreviate(w[0]
                        + (w[1] == null ? "" : "=" + w[1])) + "' is not OPTION=VALUE");
            }
            if (out.put(w[0], w[1]) != null) {
                throw Ifcfg.error(f, c.lineOf("BRIDGING_OPTS"), "BRIDGING_OPTS: option " + w[0] + " is given twice");
            }
        }
        return out;
    }

    /** The words of a value apart by spaces (NM's separator) as {name, value}; value null for a word without '='. */
    private static List<String[]> split(String value) {
        List<String[]> out = new ArrayList<>();
        for (String w : value == null ? new String[0] : value.split(" +")) {
            int eq = w.indexOf('=');
            if (!w.isEmpty()) {
                out.add(eq < 0 ? new String[] {w, null} : new String[] {w.substring(0, eq), w.substring(eq + 1)});
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ write

    /**
     * STP, DELAY, BRIDGING_OPTS, BRIDGE_VLANS and TYPE as write_bridge_setting() puts them:
     * STP=yes or no; with STP on, DELAY when not 15 and priority always (NM writes it, its
     * default too), hello_time and max_age when not the default; ageing_time, group_fwd_mask,
     * multicast_snooping, vlan_filtering (1) and default_pvid when not the default; the VLANs
     * when there are any. Words bondctl does not manage stay.
     */
    static void write(Ifcfg c, Profile p) {
        Map<BridgeOption, Long> o = p.bridgeOptions();
        // with STP off, NM's writer leaves out the forward delay, priority, hello time and maximum
        // age (its reader ignores them then): so does bondctl. They mean nothing without STP, and a
        // runbook's "bridge.stp no bridge.forward-delay 0" must save on RHEL 8 as it does there
        boolean stp = get(o, BridgeOption.STP) != 0;
        c.set("STP", stp ? "yes" : "no");
        if (stp && get(o, BridgeOption.FORWARD_DELAY) != BridgeOption.FORWARD_DELAY.nmDefault()) {
            c.set("DELAY", BridgeOption.FORWARD_DELAY.toNm(o.get(BridgeOption.FORWARD_DELAY)));
        } else {
            c.remove("DELAY");
        }
        Map<String, String> mine = new LinkedHashMap<>();
        for (String name : NM_ORDER) {
            BridgeOption b = OPTIONS.get(name);
            boolean wanted = b != null && (b == BridgeOption.PRIORITY ? stp
                    : (stp || !STP_ONLY.contains(b)) && get(o, b) != b.nmDefault());
            if (wanted) {
                mine.put(name, b.isBoolean() ? Long.toString(get(o, b)) : b.toNm(get(o, b)));
            }
        }
        words(c, mine, OPTIONS.keySet(), NM_ORDER);
        writeVlans(c, "BRIDGE_VLANS", p.bridgeVlans());
        c.set("TYPE", "Bridge");
    }

    private static long get(Map<BridgeOption, Long> o, BridgeOption b) {
        return o.getOrDefault(b, b.nmDefault());
    }

    /**
     * A port's BRIDGING_OPTS and BRIDGE_PORT_VLANS as write_bridge_port_setting() puts them: the
     * options that are not NM's default, then the VLANs.
     */
    static void writePort(Ifcfg c, Profile p) {
        Map<String, String> mine = new LinkedHashMap<>();
        for (String name : NM_PORT_ORDER) {
            BridgePortOption o = PORT_OPTIONS.get(name);
            long v = p.bridgePortOptions().getOrDefault(o, o.nmDefault());
            if (v != o.nmDefault()) {
                mine.put(name, Long.toString(v));
            }
        }
        words(c, mine, PORT_OPTIONS.keySet(), NM_PORT_ORDER);
        writeVlans(c, "BRIDGE_PORT_VLANS", p.bridgePortVlans());
    }

    /** The VLANs as write_bridge_vlans() puts them, entries apart by commas; none removes the key. */
    private static void writeVlans(Ifcfg c, String key, List<BridgeVlan> vlans) {
        if (vlans.isEmpty()) {
            c.remove(key);
        } else {
            c.set(key, BridgeVlan.format(vlans, ","));
        }
    }

    /** BRIDGE= naming the port's bridge, where NM's writer puts it (after ONBOOT); MASTER= would be ignored. */
    static void writeController(Ifcfg c, Profile p) {
        for (String key : List.of("BRIDGE_UUID", "MASTER_UUID", "MASTER", "SLAVE")) {
            c.remove(key);
        }
        c.set("BRIDGE", p.bridge());
    }

    /**
     * BRIDGING_OPTS with bondctl's words ({@code mine}, for the names it manages) and the words
     * of the file it does not manage, in NM's order (names NM does not know last, as they
     * were); removed when there is none.
     */
    private static void words(Ifcfg c, Map<String, String> mine, Set<String> managed, List<String> order) {
        List<String[]> all = new ArrayList<>();
        mine.forEach((k, v) -> all.add(new String[] {k, v}));
        split(c.get("BRIDGING_OPTS")).stream().filter(w -> !managed.contains(w[0])).forEach(all::add);
        all.sort(Comparator.comparingInt(w -> order.contains(w[0]) ? order.indexOf(w[0]) : order.size()));
        StringBuilder sb = new StringBuilder();
        for (String[] w : all) {
            sb.append(sb.length() == 0 ? "" : " ").append(w[0]).append(w[1] == null ? "" : "=" + w[1]);
        }
        if (sb.length() == 0) {
            c.remove("BRIDGING_OPTS");
        } else {
            c.set("BRIDGING_OPTS", sb.toString());
        }
    }
}
