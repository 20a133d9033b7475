package org.bondctl.bond.options;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.bondctl.error.BondctlException;

/**
 * Splits option text into name=value pairs. An item is "name=value" or nmcli's bond.options
 * form "mode=active-backup,miimon=100". Target lists are comma lists themselves, so within an
 * item a comma-separated piece without '=' continues the previous value:
 * "arp_ip_target=192.0.2.1,192.0.2.2,miimon=100" is two pairs.
 */
final class OptionPairs {
    record Pair(String name, String value) {}

    private OptionPairs() {}

    /**
     * Splits the items and hands each option with its value text to {@code put}, in the order
     * given, once: the one place that refuses an option named twice (also under two names).
     */
    static <O> void parse(List<String> items, Function<String, O> byName, Function<O, String> kernelName,
            BiConsumer<O, String> put) {
        Map<O, String> givenAs = new HashMap<>();
        for (Pair p : split(items)) {
            O o = byName.apply(p.name());
            String earlier = givenAs.putIfAbsent(o, p.name());
            if (earlier != null) {
                throw BondctlException.invalid("option " + kernelName.apply(o) + " is given twice"
                        + (earlier.equals(p.name()) ? "" : " (as " + earlier + " and " + p.name() + ")"));
            }
            put.accept(o, p.value());
        }
    }

    static List<Pair> split(List<String> items) {
        List<Pair> out = new ArrayList<>();
        for (String item : items) {
            if (item.isBlank()) {
                throw BondctlException.invalid("an option argument is empty");
            }
            Pair last = null;
            for (String piece : item.split(",", -1)) {
                String p = piece.trim();
                int eq = p.indexOf('=');
                if (p.isEmpty()) {
                    throw BondctlException.invalid("'" + item + "' has an empty item (two commas, or a comma at an end)");
                } else if (eq > 0) {
                    last = new Pair(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
                    out.add(last);
                } else if (eq == 0) {
                    throw BondctlException.invalid("'" + p + "' has no option name before '='");
                } else if (last != null) {
                    last = new Pair(last.name(), last.value() + "," + p);
                    out.set(out.size() - 1, last);
                } else {
                    throw BondctlException.invalid("'" + p + "' is not name=value");
                }
            }
        }
        return out;
    }
}
