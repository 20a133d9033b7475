package org.bondctl.rtnl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.error.BondctlException;
import org.bondctl.wire.AttrIterator;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.MessageBuilder;

/**
 * A VLAN's flags and priority maps (IFLA_VLAN_FLAGS, IFLA_VLAN_INGRESS_QOS,
 * IFLA_VLAN_EGRESS_QOS), as NetworkManager's vlan.flags, vlan.ingress-priority-map and
 * vlan.egress-priority-map hold them. Ingress maps a frame's 802.1p priority (0-7) to the
 * packet's priority (0-4294967295); egress maps a packet's priority to the 802.1p one. A
 * mapping to 0 is the kernel's "none", so the maps hold none such; each priority is mapped once,
 * and the maps are kept sorted by it. Immutable.
 */
public record VlanQos(int flags, List<Mapping> ingress, List<Mapping> egress) {
    /** VLAN_FLAG_* (if_vlan.h), the ones NetworkManager sets: vlan.flags is a sum of them. */
    public static final int REORDER_HDR = 0x1;
    public static final int GVRP = 0x2;
    public static final int LOOSE_BINDING = 0x4;
    public static final int MVRP = 0x8;
    /** The flags bondctl (and NM) manage; others (BRIDGE_BINDING) are left as they are. */
    public static final int MANAGED_FLAGS = REORDER_HDR | GVRP | LOOSE_BINDING | MVRP;
    /** A VLAN the kernel makes: reordered headers, no maps (NM's default too). */
    public static final VlanQos DEFAULT = new VlanQos(REORDER_HDR, List.of(), List.of());

    /** enum IFLA_VLAN_* beyond id and protocol, and IFLA_VLAN_QOS_MAPPING (if_link.h). */
    static final int IFLA_VLAN_FLAGS = 2;
    static final int IFLA_VLAN_EGRESS_QOS = 3;
    static final int IFLA_VLAN_INGRESS_QOS = 4;
    static final int IFLA_VLAN_QOS_MAPPING = 1;
    private static final int MAX_8021P = 7;

    /** One "from:to" of a map (both unsigned 32-bit, kept in longs). */
    public record Mapping(long from, long to) {
        @Override
        public String toString() {
            return from + ":" + to;
        }
    }

    public VlanQos {
        if ((flags & ~MANAGED_FLAGS) != 0) {
            throw new IllegalArgumentException("VLAN flags " + flags + ": only 1, 2, 4 and 8");
        }
        ingress = canonical(ingress);
        egress = canonical(egress);
    }

    /** The last mapping of each priority, those to 0 left out, sorted. */
    private static List<Mapping> canonical(List<Mapping> maps) {
        Map<Long, Mapping> last = new LinkedHashMap<>();
        maps.forEach(m -> last.put(m.from(), m));
        return last.values().stream().filter(m -> m.to() != 0).sorted(Comparator.comparingLong(Mapping::from)).toList();
    }

    /** The VLAN's flags and maps as the kernel reports them; null when {@code l} is no VLAN. */
    public static VlanQos of(Link l) {
        if (!l.isVlan() || l.infoData() == null) {
            return null;
        }
        AttrTable t = new AttrTable(Rtnl.IFLA_VLAN_PROTOCOL);
        l.infoData().parseInto(t);
        // vlan_fill_info() sends no IFLA_VLAN_FLAGS when the VLAN has none
        int flags = t.has(IFLA_VLAN_FLAGS) && t.length(IFLA_VLAN_FLAGS) >= 4 ? t.buffer().getInt(t.offset(IFLA_VLAN_FLAGS)) : 0;
        return new VlanQos(flags & MANAGED_FLAGS, maps(t, IFLA_VLAN_INGRESS_QOS), maps(t, IFLA_VLAN_EGRESS_QOS));
    }

    private static List<Mapping> maps(AttrTable t, int type) {
        List<Mapping> out = new ArrayList<>();
        AttrIterator it = new AttrIterator().reset(t, type);
        while (it.next()) {
            if (it.type() == IFLA_VLAN_QOS_MAPPING && it.length() >= 8) {
                out.add(new Mapping(Integer.toUnsignedLong(it.buffer().getInt(it.offset())),
                        Integer.toUnsignedLong(it.buffer().getInt(it.offset() + 4))));
            }
        }
        return out;
    }

    /**
     * Writes the IFLA_INFO_DATA attributes that take a VLAN from {@code have} to this: the
     * managed flags, and each mapping that differs (one that goes, sent as a mapping to 0).
     */
    void writeChange(MessageBuilder b, VlanQos have) {
        b.attrBytes(IFLA_VLAN_FLAGS, flagsStruct(flags, MANAGED_FLAGS));
        writeMaps(b, IFLA_VLAN_INGRESS_QOS, ingress, have.ingress);
        writeMaps(b, IFLA_VLAN_EGRESS_QOS, egress, have.egress);
    }

    private static void writeMaps(MessageBuilder b, int type, List<Mapping> want, List<Mapping> have) {
        List<Mapping> send = new ArrayList<>(want.stream().filter(m -> !have.contains(m)).toList());
        have.stream().filter(h -> want.stream().noneMatch(w -> w.from() == h.from()))
                .forEach(h -> send.add(new Mapping(h.from(), 0)));
        if (send.isEmpty()) {
            return;
        }
        b.nestStart(type);
        send.forEach(m -> b.attrBytes(IFLA_VLAN_QOS_MAPPING, flagsStruct((int) m.from(), (int) m.to())));
        b.nestEnd();
    }

    /** Two u32 in host order: struct ifla_vlan_flags {flags, mask} and struct ifla_vlan_qos_mapping {from, to}. */
    private static byte[] flagsStruct(int a, int b) {
        return java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder()).putInt(a).putInt(b).array();
    }

    // ------------------------------------------------------------------ NetworkManager's words

    /** vlan.flags as nmcli takes it: a number, the sum of 1, 2, 4 and 8. */
    public static int parseFlags(String s) {
        long n;
        try {
            n = Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw BondctlException.invalid("'" + s + "' is not a valid number (or out of range)");
        }
        if (n < 0 || n > 0xffffffffL) {
            throw BondctlException.invalid("'" + s + "' is not a valid number (or out of range)");
        }
        if ((n & ~MANAGED_FLAGS) != 0) {
            throw BondctlException.invalid("'" + s + "' flags are not valid; use combination of 1, 2, 4, 8");
        }
        return (int) n;
    }

    /**
     * A priority map as NetworkManager writes one: "from:to" items apart by commas, spaces or
     * semicolons (the keyfile's). Ingress takes an 802.1p priority (0-7) from; egress one as
     * to. Each item in its order (a later one of the same from replaces the earlier).
     */
    public static List<Mapping> parseMap(String s, boolean ingress) {
        List<Mapping> out = new ArrayList<>();
        for (String item : s.split("[,;\\s]+")) {
            if (!item.isEmpty()) {
                out.add(parseMapping(item, ingress));
            }
        }
        return out;
    }

    /** One "from:to"; the error is nmcli's words. */
    public static Mapping parseMapping(String item, boolean ingress) {
        String[] p = item.strip().split(":", -1);
        try {
            if (p.length == 2) {
                long from = Long.parseLong(p[0]);
                long to = Long.parseLong(p[1]);
                long fromMax = ingress ? MAX_8021P : 0xffffffffL;
                long toMax = ingress ? 0xffffffffL : MAX_8021P;
                if (from >= 0 && to >= 0 && from <= fromMax && to <= toMax && !p[0].startsWith("+") && !p[1].startsWith("+")) {
                    return new Mapping(from, to);
                }
            }
        } catch (NumberFormatException e) {
            // as below
        }
        throw BondctlException.invalid("invalid priority map '" + item.strip() + "'");
    }

    /** A map as nmcli shows it: "0:3 5:7" (empty when none). */
    public static String format(List<Mapping> maps, String sep) {
        return String.join(sep, maps.stream().map(Mapping::toString).toList());
    }

    /** As {@code ip -d link} names the flags: "REORDER_HDR,GVRP". */
    public String flagNames() {
        List<String> n = new ArrayList<>();
        String[] names = {"REORDER_HDR", "GVRP", "LOOSE_BINDING", "MVRP"};
        for (int i = 0; i < names.length; i++) {
            if ((flags & (1 << i)) != 0) {
                n.add(names[i]);
            }
        }
        return String.join(",", n);
    }

    /** "flags 1 ingress 1:2 egress 0:3,5:7", for plans and notes. */
    @Override
    public String toString() {
        return "flags " + flags + (ingress.isEmpty() ? "" : " ingress " + format(ingress, ","))
                + (egress.isEmpty() ? "" : " egress " + format(egress, ","));
    }
}
