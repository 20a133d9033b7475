package org.bondctl.plan;

/**
 * One line of a plan as {@code diff} and {@code apply} print it: the object changed, what
 * changes, the value before and after (either may be null), and a note (an outage, a metric).
 */
public record Change(String object, String what, String from, String to, String note) {
    public static Change of(String object, String what) {
        return new Change(object, what, null, null, null);
    }

    public static Change of(String object, String what, String note) {
        return new Change(object, what, null, null, note);
    }

    @Override
    public String toString() {
        String s = object + ": " + what;
        if (from != null || to != null) {
            s += " " + value(from) + " -> " + value(to);
        }
        return note == null ? s : s + " (" + note + ")";
    }

    private static String value(String v) {
        return v == null ? "(none)" : v.isEmpty() ? "\"\"" : v;
    }
}
