package org.bondctl.bond.options;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Name lookup shared by the option tables: kernel name, aliases, and the same with '-' for
 * '_' (NetworkManager's port keys and CLI habits use dashes). An unknown name gets the
 * closest known one suggested when it is a likely typo.
 */
final class OptionNames {
    private OptionNames() {}

    static <T> T lookup(String what, String name, T[] options, Function<T, OptionSpec> spec) {
        String key = name == null ? "" : name.trim().replace('-', '_');
        for (T o : options) {
            for (String n : names(spec.apply(o))) {
                if (n.equals(key)) {
                    return o;
                }
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (T o : options) {
            for (String n : names(spec.apply(o))) {
                int d = distance(key, n);
                if (d < bestDistance) {
                    best = n;
                    bestDistance = d;
                }
            }
        }
        boolean close = best != null && bestDistance <= 2 && bestDistance < key.length() / 2;
        throw org.bondctl.error.BondctlException.invalid("unknown " + what + " '" + name + "'"
                + (close ? " (did you mean " + best + "?)" : "") + otherKind(what, key));
    }

    /** Points a port option given as a bond option (or the reverse) to the right command. */
    private static String otherKind(String what, String key) {
        if (what.equals("bond option")) {
            for (PortOption p : PortOption.values()) {
                if (names(p.spec).contains(key)) {
                    return "; " + key + " is a port option: bondctl port set IFNAME " + key + "=VALUE";
                }
            }
        }
        return "";
    }

    private static List<String> names(OptionSpec s) {
        List<String> all = new ArrayList<>();
        all.add(s.name);
        all.addAll(s.aliases());
        return all;
    }

    /** Edit distance counting a swap of neighbours as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
