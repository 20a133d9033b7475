package org.bondctl.profile;

import java.util.List;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.MacAddress;

/**
 * NetworkManager's ethernet.cloned-mac-address: an Ethernet address (kept as NM keeps it:
 * upper case, colons), or one of its words. bondctl sets an address it is given on a bond or
 * VLAN; "preserve" is what it does anyway (leave the address); "permanent", "random" and
 * "stable" are NetworkManager's to make (the last two from its own secret key) and are kept,
 * not applied.
 */
public final class ClonedMac {
    private ClonedMac() {}

    /** NetworkManager's words, with what each leaves bondctl to do. */
    public static final List<String> WORDS = List.of("preserve", "permanent", "random", "stable");

    /** The value as NetworkManager stores it, or nmcli's refusal; null for an empty value (unset). */
    public static String normalize(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return null;
        }
        if (WORDS.contains(v)) {
            return v;
        }
        String[] parts = v.split("[:-]", -1);
        if (parts.length != 6) {
            throw invalid(value);
        }
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw invalid(value);
            }
            sb.append(sb.length() == 0 ? "" : ":").append(p.length() == 1 ? "0" : "").append(p.toUpperCase());
        }
        return sb.toString();
    }

    private static BondctlException invalid(String value) {
        return BondctlException.invalid("'" + value + "' is not a valid Ethernet MAC");
    }

    /** The address a value (as {@link #normalize} returns it) sets; null for none or one of the words. */
    public static MacAddress address(String normalized) {
        return normalized == null || WORDS.contains(normalized) ? null : MacAddress.parse(normalized);
    }

    /** Why a value is kept but not applied to a profile of type {@code t}; null when bondctl applies it. */
    static String whyNot(Profile.Type t, String normalized) {
        if (t == Profile.Type.PORT) {
            return "a port takes its bond's address (but in balance-tlb, balance-alb and with fail_over_mac): set it on the bond";
        }
        return switch (normalized) {
            case "preserve" -> null;
            case "permanent" -> "a bond or VLAN has no permanent address of its own: bondctl leaves the address";
            default -> "NetworkManager makes " + normalized + " addresses from its own secret key: bondctl sets a"
                    + " fixed address only";
        };
    }
}
