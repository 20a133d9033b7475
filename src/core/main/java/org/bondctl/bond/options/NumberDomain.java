package org.bondctl.bond.options;

import java.util.List;

/**
 * Numbers in a range, optionally named: the kernel's bond_opt_value tables. Named values are
 * dense (index = kernel value), and like bond_opt_parse() the kernel takes either the name or
 * the number. Unnamed ranges come from the tables' BOND_VALFLAG_MIN/MAX entries (a missing
 * minimum is 0, bond_opt_check_range()).
 */
final class NumberDomain implements Domain {
    static final long INT_MAX = Integer.MAX_VALUE;

    private final long min;
    private final long max;
    private final List<String> names;
    /** sysfs prints these with "%d" (use_carrier, all_slaves_active, ...): format as numbers. */
    private final boolean showNumber;

    private NumberDomain(long min, long max, List<String> names, boolean showNumber) {
        this.min = min;
        this.max = max;
        this.names = names;
        this.showNumber = showNumber;
    }

    static NumberDomain range(long min, long max) {
        return new NumberDomain(min, max, List.of(), true);
    }

    /** An enumeration whose text form is the name: mode, lacp_rate, ... */
    static NumberDomain names(String... names) {
        return new NumberDomain(0, names.length - 1, List.of(names), false);
    }

    /** An off/on switch that sysfs and NetworkManager write as 0/1. */
    static NumberDomain switchAsNumber() {
        return new NumberDomain(0, 1, List.of("off", "on"), true);
    }

    @Override
    public Object parse(String option, String text) {
        String t = text.trim();
        int named = names.indexOf(t);
        if (named >= 0) {
            return (long) named;
        }
        long v;
        try {
            if (!t.matches("[+-]?[0-9]+")) { // ASCII digits only: Long.parseLong would take other scripts' digits
                throw new NumberFormatException();
            }
            v = Long.parseLong(t);
        } catch (NumberFormatException e) {
            if (t.matches("[+-]?[0-9]+")) {
                throw outOfRange(option, t);
            }
            throw Domain.invalid(option, names.isEmpty()
                    ? "'" + t + "' is not a number"
                    : "'" + t + "' is not one of " + String.join(", ", names));
        }
        return normalize(option, v);
    }

    @Override
    public Object normalize(String option, Object value) {
        if (value instanceof String s) {
            return parse(option, s);
        }
        if (!(value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)) {
            throw Domain.wrongType(option, value, "a number");
        }
        long v = ((Number) value).longValue();
        if (v < min || v > max) {
            throw outOfRange(option, Long.toString(v));
        }
        return v;
    }

    private RuntimeException outOfRange(String option, String v) {
        if (!names.isEmpty()) {
            return Domain.invalid(option, v + " is not one of " + span() + " (" + String.join(", ", names) + ")");
        }
        return Domain.invalid(option, v + " is out of range " + span());
    }

    /** "0-1023", or "-2147483648 to 2147483647" when a dash would be ambiguous. */
    private String span() {
        return min < 0 ? min + " to " + max : min + "-" + max;
    }

    @Override
    public String format(Object value) {
        long v = ((Number) value).longValue();
        if (!showNumber && v >= 0 && v < names.size()) {
            return names.get((int) v);
        }
        return Long.toString(v);
    }

    @Override
    public String describe() {
        if (names.isEmpty()) {
            return span();
        }
        return showNumber ? "0|1, or off|on" : String.join("|", names);
    }

    @Override
    public List<String> names() {
        return names;
    }
}
