package org.bondctl.nmcli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * nmcli's output modes, as NetworkManager 1.42's nmcli prints them: tabular (a header, columns
 * padded to their widest value plus one, separated by a space), multiline ("FIELD:" padded to
 * 40 columns, then the value), terse ({@code -t}: values joined by ':', with ':' and '\'
 * escaped, "--" printed empty), values only ({@code -g}), and pretty ({@code -p}: a title and
 * rules).
 */
final class Output {
    enum Mode { TABULAR, MULTILINE }

    /**
     * The global options that shape output; {@code overview} ({@code -o}): a record leaves out
     * what is at its default, unless -f names fields.
     */
    record Style(boolean terse, boolean pretty, Mode mode, List<String> fields, boolean valuesOnly, boolean escape,
            boolean overview) {
        Style(boolean terse, boolean pretty, Mode mode, List<String> fields, boolean valuesOnly, boolean escape) {
            this(terse, pretty, mode, fields, valuesOnly, escape, false);
        }

        static Style standard() {
            return new Style(false, false, null, null, false, true);
        }
    }

    private final PrintWriter out;
    private final Style style;

    Output(PrintWriter out, Style style) {
        this.out = out;
        this.style = style;
    }

    /**
     * What a command does with a field {@code -f} names that its output has not: leaves it out
     * ({@link #skips}: one nmcli knows, which this output has not, as nmcli prints the others),
     * else refuses it in nmcli's words for that command ({@link #refusal}).
     */
    interface FieldRules {
        default boolean skips(String field, List<String> all) {
            return false;
        }

        /** The fields -f chose, in the order to print them: as asked, unless the command orders them. */
        default List<String> ordered(List<String> chosen) {
            return chosen;
        }

        /** Whether the record is a device's details (tabular: each GENERAL field a table of its own). */
        default boolean deviceDetails() {
            return false;
        }

        default String refusal(String field, List<String> all) {
            return "invalid field '" + field + "'; allowed fields: " + String.join(",", all.stream()
                    .map(a -> a.contains(".") ? a.substring(0, a.indexOf('.')) : a).distinct().toList());
        }

        /** Rules that skip nothing and refuse in {@code words} (the field, then every field of the output). */
        static FieldRules refusing(java.util.function.BiFunction<String, List<String>, String> words) {
            return new FieldRules() {
                @Override
                public String refusal(String field, List<String> all) {
                    return words.apply(field, all);
                }
            };
        }
    }

    private FieldRules rules = new FieldRules() {};

    /** The rules for the fields of what this output prints next. */
    Output fieldRules(FieldRules r) {
        rules = r;
        return this;
    }

    Style style() {
        return style;
    }

    /**
     * A list of records (connections, devices): tabular unless multiline was asked for.
     * {@code rows} maps field name to value, all rows with the same fields in the same order.
     */
    void table(String title, List<String> allFields, List<String> common, List<Map<String, String>> rows) {
        print(title, select(allFields, common), rows);
    }

    /** Rows of the given fields, as {@link #table} prints them. */
    private void print(String title, List<String> fields, List<Map<String, String>> rows) {
        Mode mode = style.mode() != null ? style.mode() : Mode.TABULAR;
        if (mode == Mode.MULTILINE) {
            for (Map<String, String> r : rows) {
                for (String f : fields) {
                    line(f, r.get(f));
                }
            }
            return;
        }
        if (style.terse() || style.valuesOnly()) {
            for (Map<String, String> r : rows) {
                List<String> vals = new ArrayList<>();
                fields.forEach(f -> vals.add(terse(r.get(f))));
                out.println(String.join(":", vals));
            }
            return;
        }
        int[] width = new int[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            width[i] = fields.get(i).length();
            for (Map<String, String> r : rows) {
                width[i] = Math.max(width[i], r.get(fields.get(i)).length());
            }
        }
        if (style.pretty()) {
            String rule = "=".repeat(Math.max(title.length() + 4, 38));
            out.println(rule);
            out.println("  " + title);
            out.println(rule);
        }
        out.println(row(fields, width));
        if (style.pretty()) {
            int total = 0;
            for (int w : width) {
                total += w + 2;
            }
            out.println("-".repeat(total));
        }
        for (Map<String, String> r : rows) {
            List<String> vals = new ArrayList<>();
            fields.forEach(f -> vals.add(r.get(f)));
            out.println(row(vals, width));
        }
    }

    private static String row(List<String> vals, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < vals.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(vals.get(i)).append(" ".repeat(width[i] + 1 - vals.get(i).length()));
        }
        return sb.toString();
    }

    /**
     * One record's fields as NAME: VALUE lines (connection show NAME, device show IFNAME):
     * multiline unless tabular was asked for.
     */
    void record(List<String> allFields, List<String> common, Map<String, String> values) {
        record(allFields, common, values, List.of());
    }

    /**
     * The same, with list fields: {@code lists} names fields such as IP4.ADDRESS whose values
     * are IP4.ADDRESS[1], [2] ... (none, maybe). -f and -g name them without the index, as in
     * nmcli: -g prints their values on one line, separated by " | " (an empty line for none).
     */
    void record(List<String> allFields, List<String> common, Map<String, String> values, List<String> lists) {
        record(null, allFields, common, values, lists);
    }

    /**
     * The same, under a title that pretty output ({@code -p}) prints as nmcli does: between two
     * rules of 79 '=', centred, and a rule of '-' after each setting's (or group's) fields.
     */
    void record(String title, List<String> allFields, List<String> common, Map<String, String> values,
            List<String> lists) {
        record(title, allFields, common, values, lists, f -> false);
    }

    /**
     * The same, for a profile: {@code atDefault} tells the properties whose value is their
     * default, which {@code -o} leaves out (with no -f), as it leaves out an IP4/IP6 field
     * without a value (IP4.GATEWAY: --); a setting left with no property still has its rule
     * (pretty) or its table (tabular), as in NM 1.42.
     */
    void record(String title, List<String> allFields, List<String> common, Map<String, String> values,
            List<String> lists, java.util.function.Predicate<String> atDefault) {
        List<String> logical = new ArrayList<>();
        for (String f : allFields) {
            String l = f.replaceFirst("\\[[0-9]+\\]$", "");
            if (!logical.contains(l)) {
                logical.add(l);
            }
        }
        lists.stream().filter(l -> !logical.contains(l)).forEach(logical::add);
        List<String> chosen = select(logical, common.stream().map(f -> f.replaceFirst("\\[[0-9]+\\]$", "")).distinct()
                .toList());
        // a field without a value (an inactive profile's GENERAL.STATE) is known but printed not at all
        List<String> fields = new ArrayList<>();
        for (String l : chosen) {
            for (String f : values.keySet()) {
                if (f.equals(l) || f.startsWith(l + "[")) {
                    fields.add(f);
                }
            }
        }
        if (style.valuesOnly()) {
            for (String l : chosen) {
                List<String> items = new ArrayList<>();
                for (String f : values.keySet()) {
                    if (f.startsWith(l + "[")) {
                        items.add(terse(values.get(f)));
                    }
                }
                if (lists.contains(l) || !items.isEmpty()) {
                    out.println(String.join(" | ", items));
                } else if (values.containsKey(l)) {
                    out.println(terse(values.get(l)));
                }
            }
            return;
        }
        boolean overview = style.overview() && style.fields() == null;
        java.util.function.Predicate<String> hidden = f -> overview && (atDefault.test(f)
                || (f.startsWith("IP4.") || f.startsWith("IP6.")) && "--".equals(values.get(f)));
        if (style.mode() == Mode.TABULAR) {
            if (style.terse()) {
                List<String> shown = fields.stream().filter(hidden.negate()).toList();
                print("", shown, List.of(values));
            } else {
                groupTables(fields, values, hidden);
            }
            return;
        }
        boolean pretty = style.pretty() && !style.terse() && title != null;
        if (pretty) {
            out.println("=".repeat(PRETTY_WIDTH));
            out.println(" ".repeat(Math.max(0, (PRETTY_WIDTH - title.length()) / 2)) + title);
            out.println("=".repeat(PRETTY_WIDTH));
        }
        boolean printed = false; // in this group
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            if (!hidden.test(f)) {
                printed = true;
                if (style.terse()) {
                    // one field a line: nmcli leaves ':' in the value as it is here (-g and tables escape it)
                    String v = values.get(f);
                    out.println(f + ":" + (v == null || v.equals("--") ? "" : v));
                } else {
                    line(f, values.get(f));
                }
            }
            if (pretty && (i + 1 == fields.size() || !group(fields.get(i + 1)).equals(group(f)))) {
                if (printed || isSetting(f)) {
                    out.println("-".repeat(PRETTY_WIDTH));
                }
                printed = false;
            }
        }
    }

    /** Whether the field is a profile's property (ipv4.method), not an active connection's (IP4.ADDRESS[1]). */
    private static boolean isSetting(String field) {
        return Character.isLowerCase(field.charAt(0)) || Character.isDigit(field.charAt(0));
    }

    /**
     * A record in tabular mode, as NM 1.42's nmcli prints it (seen in the test bed): a table for
     * each setting of a profile and each group of an active connection or a device (IP4, IP6,
     * WIRED-PROPERTIES: every field of the group, "--" for one without a value; a list's items
     * joined by " | "); in a device's details one for each GENERAL field. A setting or group
     * asked for whole (no -f, or -f naming it) has its name in a first column: "name" for a
     * setting, "GROUP" for a connection's group, "NAME" for a device's. A profile's tables each
     * end with an empty line when no -f names fields; else they are separated by one, as the
     * active groups are among them (not from the settings), and as a device's tables are.
     */
    private void groupTables(List<String> fields, Map<String, String> values, java.util.function.Predicate<String> hidden) {
        boolean named = style.fields() != null && !style.fields().equals(List.of("common"))
                && !style.fields().equals(List.of("all"));
        boolean device = rules.deviceDetails();
        Map<String, Map<String, String>> tables = new java.util.LinkedHashMap<>();
        for (String f : fields) {
            int dot = f.indexOf('.');
            String g = f.substring(0, dot);
            boolean apart = device && g.equals("GENERAL");
            String column = f.substring(dot + 1).replaceFirst("\\[[0-9]+\\]$", "");
            Map<String, String> row = tables.computeIfAbsent(apart ? f : g, k -> {
                Map<String, String> r = new java.util.LinkedHashMap<>();
                boolean whole = !apart && (!named || style.fields().stream().anyMatch(g::equalsIgnoreCase));
                if (whole) {
                    r.put(isSetting(f) ? "name" : device ? (NmFields.groupColumns(g) != null
                            && !g.startsWith("IP") ? "NAME" : "GROUP") : "GROUP", g);
                    List<String> all = isSetting(f) ? null : NmFields.groupColumns(g);
                    if (all != null) {
                        all.forEach(c -> r.put(c, "--")); // every field of the group, in its order
                    }
                }
                return r;
            });
            if (!hidden.test(f)) {
                row.merge(column, values.get(f), (x, y) -> x.equals("--") ? y : x + " | " + y);
            }
        }
        boolean overview = style.overview() && style.fields() == null;
        boolean first = true;
        boolean lastSetting = true;
        for (Map.Entry<String, Map<String, String>> t : tables.entrySet()) {
            Map<String, String> row = t.getValue();
            boolean setting = isSetting(t.getKey());
            if (overview && (t.getKey().equals("IP4") || t.getKey().equals("IP6"))) {
                row.values().removeIf(v -> v.equals("--")); // an IP field without a value
            }
            if (!first && (named || device) && setting == lastSetting) {
                out.println();
            }
            List<String> cols = new ArrayList<>(row.keySet());
            print("", cols, List.of(row));
            if (!named && !device) {
                out.println();
            }
            first = false;
            lastSetting = setting;
        }
    }

    /** nmcli's width for the rules of pretty multiline output. */
    private static final int PRETTY_WIDTH = 79;

    /**
     * The setting or group a field belongs to: "ipv4" of ipv4.method, "IP4" of IP4.ADDRESS[1];
     * without -f each GENERAL field is a group of its own, as nmcli's pretty device details have
     * it (with -f GENERAL they are one).
     */
    private String group(String field) {
        int dot = field.indexOf('.');
        return dot < 0 || field.startsWith("GENERAL.") && style.fields() == null ? field : field.substring(0, dot);
    }

    private void line(String field, String value) {
        String name = field + ":";
        out.println(name + " ".repeat(Math.max(0, 40 - name.length())) + value);
    }

    /**
     * The fields -f asked for, each a field name or a group prefix ("ipv4" for every ipv4.*
     * field, "GENERAL"); "all" and "common" as nmcli has them. An unknown one is an error.
     */
    List<String> select(List<String> all, List<String> common) {
        if (style.fields() == null || style.fields().equals(List.of("common"))) {
            return common;
        }
        if (style.fields().equals(List.of("all"))) {
            return all;
        }
        List<String> out = new ArrayList<>();
        for (String f : style.fields()) {
            boolean found = false;
            for (String a : all) {
                if (a.equalsIgnoreCase(f) || a.toLowerCase().startsWith(f.toLowerCase() + ".")) {
                    out.add(a);
                    found = true;
                }
            }
            if (!found && !rules.skips(f, all)) {
                throw new NmcliException(NmcliException.USAGE, rules.refusal(f, all));
            }
        }
        return rules.ordered(out);
    }

    /**
     * {@code connection show NAME}: a field of a setting the profile lacks is left out of its
     * output, not refused (seen: {@code -g bond.options,connection.autoconnect con show PORT}
     * prints the autoconnect alone); one of a setting it has that names no property of it is
     * refused ({@link NmFields#connectionShow}).
     */
    static final FieldRules PROFILE_FIELDS = new FieldRules() {
        @Override
        public boolean skips(String field, List<String> all) {
            int dot = field.indexOf('.');
            String setting = (dot > 0 ? field.substring(0, dot) : field).toLowerCase();
            return SETTINGS.contains(setting) && all.stream().noneMatch(a -> a.toLowerCase().startsWith(setting + "."))
                    || NmFields.activeField(field);
        }

        @Override
        public String refusal(String field, List<String> all) {
            return NmFields.connectionShow(field, all);
        }

        /**
         * The profile's settings first, then the active connection's groups (GENERAL, IP4 ...),
         * each part in the order asked, as nmcli prints them (seen in 1.42: {@code -g
         * IP4.ADDRESS,connection.id,vlan.id} prints the id, the VLAN id, then the address).
         */
        @Override
        public List<String> ordered(List<String> chosen) {
            List<String> out = new ArrayList<>(chosen.stream().filter(f -> !NmFields.activeField(f)).toList());
            chosen.stream().filter(NmFields::activeField).forEach(out::add);
            return out;
        }
    };

    /** NetworkManager's setting names (nm-setting-*.c). */
    private static final java.util.Set<String> SETTINGS = java.util.Set.of("connection", "802-3-ethernet", "ethernet",
            "bond", "bond-port", "vlan", "ipv4", "ipv6", "bridge", "bridge-port", "team", "team-port", "infiniband",
            "802-11-wireless", "802-1x", "proxy", "match", "ethtool", "link", "hostname", "tc", "sriov", "user",
            "ovs-bridge", "ovs-port", "ovs-interface", "macvlan", "vxlan", "ip-tunnel", "wireguard", "dcb");

    /** A value as -t and -g print it: "--" empty, ':' and '\' escaped (unless --escape no). */
    String terse(String v) {
        if (v == null || v.equals("--")) {
            return "";
        }
        return style.escape() ? v.replace("\\", "\\\\").replace(":", "\\:") : v;
    }
}
