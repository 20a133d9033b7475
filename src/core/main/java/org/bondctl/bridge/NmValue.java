package org.bondctl.bridge;

/** A bridge or bridge-port property's value as NetworkManager takes it; errors name the property ("bridge.stp: ..."). */
final class NmValue {
    private NmValue() {}

    /** true, yes, on, 1 or false, no, off, 0 (any case) as 1 or 0. */
    static long bool(String property, String value) {
        return switch (value.strip().toLowerCase()) {
            case "true", "yes", "on", "1" -> 1;
            case "false", "no", "off", "0" -> 0;
            default -> throw new IllegalArgumentException(property + ": '" + value + "' is not a boolean (yes or no)");
        };
    }

    /** A decimal number within the property's range, refused in nmcli's words ("'99' is out of range [0, 30]"). */
    static long number(String property, String value, long min, long max) {
        String v = value.strip();
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + ": '" + value + "' is not a number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(property + ": '" + v + "' is out of range [" + min + ", " + max + "]");
        }
        return n;
    }
}
