package org.bondctl.bridge;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bondctl.rtnl.Link;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.MessageBuilder;

/**
 * Bridge and bridge-port options on the wire and as text: decoded from a link's IFLA_INFO_DATA
 * (kind "bridge") or IFLA_INFO_SLAVE_DATA (slave kind "bridge"), encoded for RTM_NEWLINK, and
 * written as "forward_delay=1500 stp_state=0" (the kernel's names and units) for diffs and the
 * undo log.
 */
public final class Bridges {
    /** The highest IFLA_BR_* / IFLA_BRPORT_* type read. */
    private static final int MAX_ATTR = 64;

    private Bridges() {}

    /** The bridge's options as the kernel reports them; empty when the link is no bridge. */
    public static Map<BridgeOption, Long> options(Link l) {
        Map<BridgeOption, Long> out = new EnumMap<>(BridgeOption.class);
        if (l.isBridge() && l.infoData() != null) {
            decode(l.infoData().parseInto(new AttrTable(MAX_ATTR)), BridgeOption.values(), out);
        }
        return out;
    }

    /** A bridge port's options as the kernel reports them; empty when the link is no bridge port. */
    public static Map<BridgePortOption, Long> portOptions(Link l) {
        Map<BridgePortOption, Long> out = new EnumMap<>(BridgePortOption.class);
        if (l.isBridgePort() && l.slaveData() != null) {
            decode(l.slaveData().parseInto(new AttrTable(MAX_ATTR)), BridgePortOption.values(), out);
        }
        return out;
    }

    private static <E extends WireOption> void decode(AttrTable t, E[] options, Map<E, Long> out) {
        for (E o : options) {
            if (t.has(o.attr())) {
                out.put(o, switch (o.width()) {
                    case 1 -> (long) t.u8(o.attr());
                    case 2 -> (long) t.u16(o.attr());
                    default -> Integer.toUnsignedLong(t.u32(o.attr()));
                });
            }
        }
    }

    /** The options as attributes of the IFLA_INFO_DATA or IFLA_INFO_SLAVE_DATA being built. */
    public static void encode(MessageBuilder b, Map<? extends WireOption, Long> options) {
        options.forEach((o, v) -> {
            switch (o.width()) {
                case 1 -> b.attrU8(o.attr(), v.intValue());
                case 2 -> b.attrU16(o.attr(), v.intValue());
                default -> b.attrU32(o.attr(), v.intValue());
            }
        });
    }

    /** "forward_delay=1500 stp_state=0": the kernel's names and units, in the map's order. */
    public static String text(Map<? extends WireOption, Long> options) {
        StringBuilder sb = new StringBuilder();
        options.forEach((o, v) -> sb.append(sb.length() == 0 ? "" : " ").append(o.kernelName()).append('=').append(v));
        return sb.toString();
    }

    public static Map<BridgeOption, Long> parseOptions(String text) {
        return parse(text, BridgeOption::byKernelName, new EnumMap<>(BridgeOption.class));
    }

    public static Map<BridgePortOption, Long> parsePortOptions(String text) {
        return parse(text, BridgePortOption::byKernelName, new EnumMap<>(BridgePortOption.class));
    }

    private static <E> Map<E, Long> parse(String text, Function<String, E> byName, Map<E, Long> out) {
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String w : text.strip().split(" +")) {
            int eq = w.indexOf('=');
            E o = eq < 0 ? null : byName.apply(w.substring(0, eq));
            if (o == null) {
                throw new IllegalArgumentException("unknown bridge option '" + w + "'");
            }
            out.put(o, Long.parseLong(w.substring(eq + 1)));
        }
        return out;
    }

    /**
     * What NetworkManager's verify() and the kernel check beyond each property's range: with STP
     * on (NM's default) a forward delay of 2-30 s (br_set_forward_delay()); a hello time of 1-10
     * s and a maximum age of 6-40 s always (br_set_hello_time(), br_set_max_age() refuse others
     * with ERANGE); a group forward mask without the bits 0-2. Returns the option that fails,
     * with why in NM's words, or null.
     */
    public static Map.Entry<BridgeOption, String> verify(Map<BridgeOption, Long> given) {
        boolean stp = given.getOrDefault(BridgeOption.STP, BridgeOption.STP.nmDefault()) != 0;
        for (BridgeOption o : List.of(BridgeOption.FORWARD_DELAY, BridgeOption.HELLO_TIME, BridgeOption.MAX_AGE)) {
            Long v = given.get(o);
            if (v == null || o == BridgeOption.FORWARD_DELAY && !stp) {
                continue;
            }
            long n = v / o.nmScale();
            if (n < o.nmMin() || n > o.nmMax()) {
                return Map.entry(o, "bridge." + o.nmName() + ": value '" + n + "' is out of range <" + o.nmMin() + "-"
                        + o.nmMax() + ">" + (o == BridgeOption.FORWARD_DELAY ? " (with STP on)" : ""));
            }
        }
        if ((given.getOrDefault(BridgeOption.GROUP_FORWARD_MASK, 0L) & 7) != 0) {
            // br_set_group_fwd_mask() refuses them too (EINVAL): the bridge itself consumes those frames
            return Map.entry(BridgeOption.GROUP_FORWARD_MASK, "bridge.group-forward-mask: the mask can't contain bits 0"
                    + " (STP), 1 (MAC) or 2 (LACP)");
        }
        return null;
    }

    /** Whether the options turn VLAN filtering on (absent: off, the kernel's and NM's default). */
    public static boolean filtersVlans(Map<BridgeOption, Long> options) {
        return options.getOrDefault(BridgeOption.VLAN_FILTERING, 0L) != 0;
    }

    /** Every bridge option at NetworkManager's default, then {@code given} over them. */
    public static Map<BridgeOption, Long> withNmDefaults(Map<BridgeOption, Long> given) {
        return WireOption.withNmDefaults(BridgeOption.class, given);
    }

    /** Every bridge-port option at NetworkManager's default, then {@code given} over them. */
    public static Map<BridgePortOption, Long> portWithNmDefaults(Map<BridgePortOption, Long> given) {
        return WireOption.withNmDefaults(BridgePortOption.class, given);
    }

    /** The entries of {@code have} for the options {@code keys} names: the values a change of those had before. */
    public static <E> Map<E, Long> only(Map<E, Long> have, java.util.Collection<E> keys) {
        Map<E, Long> out = new LinkedHashMap<>();
        keys.stream().filter(have::containsKey).forEach(o -> out.put(o, have.get(o)));
        return out;
    }

    /** The entries of {@code want} that differ from {@code have}, in {@code want}'s order. */
    public static <E> Map<E, Long> differing(Map<E, Long> want, Map<E, Long> have) {
        Map<E, Long> out = new LinkedHashMap<>();
        want.forEach((o, v) -> {
            if (!v.equals(have.get(o))) {
                out.put(o, v);
            }
        });
        return out;
    }
}
