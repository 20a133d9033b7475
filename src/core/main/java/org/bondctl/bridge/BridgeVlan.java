package org.bondctl.bridge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One entry of a VLAN-filtering bridge's VLAN list, as NetworkManager's bridge.vlans and
 * bridge-port.vlans hold it: a VLAN id or a range of them ("100", "200-210"), whether it is the
 * port's PVID (the VLAN untagged frames coming in are put in; a single id only) and whether
 * frames of it leave the port untagged. Written as NM writes it: "100 pvid untagged".
 */
public record BridgeVlan(int start, int end, boolean pvid, boolean untagged) {
    public static final int VID_MIN = 1;
    public static final int VID_MAX = 4094;

    public BridgeVlan {
        if (start < VID_MIN || end > VID_MAX || end < start || pvid && start != end) {
            throw new IllegalArgumentException("bad bridge VLAN " + start + "-" + end + (pvid ? " pvid" : ""));
        }
    }

    /**
     * An entry in NetworkManager's form ("100", "200-210 untagged", "10 pvid untagged"), refused
     * in NM's words (nm_bridge_vlan_from_str()); {@code property} ("bridge.vlans") starts the error.
     */
    public static BridgeVlan parse(String property, String text) {
        String[] words = text.strip().split("[ \t\n]+");
        if (words.length == 0 || words[0].isEmpty()) {
            throw new IllegalArgumentException(property + ": missing VLAN id");
        }
        int dash = words[0].indexOf('-');
        int start = vid(property, "start", dash < 0 ? words[0] : words[0].substring(0, dash));
        int end = dash < 0 ? start : vid(property, "end", words[0].substring(dash + 1));
        if (end < start) {
            throw new IllegalArgumentException(property + ": invalid VLAN id range " + start + "-" + end
                    + ", start VLAN id must be less than end VLAN id");
        }
        boolean pvid = false;
        boolean untagged = false;
        for (int i = 1; i < words.length; i++) {
            switch (words[i]) {
                case "pvid" -> {
                    if (start != end) {
                        throw new IllegalArgumentException(property + ": a VLAN range can't be a PVID");
                    }
                    pvid = true;
                }
                case "untagged" -> untagged = true;
                default -> throw new IllegalArgumentException(property + ": invalid option '" + words[i] + "'");
            }
        }
        return new BridgeVlan(start, end, pvid, untagged);
    }

    private static int vid(String property, String which, String s) {
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            v = -1;
        }
        if (v < VID_MIN || v > VID_MAX) {
            throw new IllegalArgumentException(property + ": invalid VLAN id range " + which + " '" + s
                    + "', must be in [" + VID_MIN + "," + VID_MAX + "]");
        }
        return v;
    }

    /** A list as NetworkManager takes it, checked as a whole ({@link #verify}). */
    public static List<BridgeVlan> parseList(String property, String text) {
        List<BridgeVlan> out = parseEntries(property, text);
        verify(property, out);
        return out;
    }

    /** The entries of a list, each checked alone: separated by commas ("100 pvid untagged, 200-210"), blank is none. */
    public static List<BridgeVlan> parseEntries(String property, String text) {
        List<BridgeVlan> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String e : text.split(",")) {
            if (!e.isBlank()) {
                out.add(parse(property, e));
            }
        }
        return out;
    }

    /**
     * What NetworkManager's verify() refuses in a list: a VLAN id given twice (also within
     * ranges) and more than one PVID.
     */
    public static void verify(String property, List<BridgeVlan> list) {
        boolean[] seen = new boolean[VID_MAX + 1];
        boolean pvid = false;
        for (BridgeVlan v : list) {
            for (int id = v.start; id <= v.end; id++) {
                if (seen[id]) {
                    throw new IllegalArgumentException(property + ": duplicate bridge VLAN vid " + id);
                }
                seen[id] = true;
            }
            if (v.pvid) {
                if (pvid) {
                    throw new IllegalArgumentException(property + ": only one VLAN can be the PVID");
                }
                pvid = true;
            }
        }
    }

    /** The list sorted as NetworkManager keeps it (by first id, then last). */
    public static List<BridgeVlan> sorted(List<BridgeVlan> list) {
        List<BridgeVlan> out = new ArrayList<>(list);
        out.sort(Comparator.comparingInt(BridgeVlan::start).thenComparingInt(BridgeVlan::end));
        return out;
    }

    /** The list in NetworkManager's form, entries joined by {@code separator} (", " for nmcli, "," in a keyfile). */
    public static String format(List<BridgeVlan> list, String separator) {
        StringBuilder sb = new StringBuilder();
        for (BridgeVlan v : list) {
            sb.append(sb.length() == 0 ? "" : separator).append(v);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return (start == end ? Integer.toString(start) : start + "-" + end) + (pvid ? " pvid" : "") + (untagged ? " untagged" : "");
    }
}
