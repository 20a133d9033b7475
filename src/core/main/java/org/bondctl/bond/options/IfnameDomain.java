package org.bondctl.bond.options;

/**
 * An interface name, or "" for none (clears primary / active_slave). The rules are
 * dev_valid_name() (net/core/dev.c): 1-15 bytes (IFNAMSIZ 16 with the NUL), not "." or "..",
 * no '/', ':' or white space.
 */
final class IfnameDomain implements Domain {
    static final int IFNAMSIZ = 16;

    @Override
    public Object parse(String option, String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return "";
        }
        if (t.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= IFNAMSIZ || t.equals(".") || t.equals("..")
                || t.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
            throw Domain.invalid(option, "'" + t + "' is not a valid interface name");
        }
        return t;
    }

    @Override
    public Object normalize(String option, Object value) {
        if (!(value instanceof String s)) {
            throw Domain.wrongType(option, value, "an interface name");
        }
        return parse(option, s);
    }

    @Override
    public String format(Object value) {
        return (String) value;
    }

    @Override
    public String describe() {
        return "interface name, empty for none";
    }
}
