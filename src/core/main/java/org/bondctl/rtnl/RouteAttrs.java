package org.bondctl.rtnl;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.bondctl.error.BondctlException;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.MessageBuilder;

/**
 * A static route's attributes beyond destination, next hop, metric and table, by the names
 * NetworkManager gives them (its route attributes: {@code src=192.0.2.10 onlink=true mtu=1400
 * lock-mtu=true ...}), and what each is to the kernel: RTA_PREFSRC, RTA_SRC ({@code from}, IPv6),
 * rtm_tos, rtm_scope, RTNH_F_ONLINK, and the RTA_METRICS values with their RTAX_LOCK bits.
 *
 * <p>The values are kept as NetworkManager keeps them - a {@code false}, a 0 stays in the
 * profile - and listed in its order, by name. Compared with the kernel, a route counts only
 * what the kernel holds ({@link #kernelKey}): a false flag or a 0 metric is no attribute there.
 * {@code type} is rtm_type ({@link #routeType}); {@code weight} (multipath) is known to
 * NetworkManager but not applied by bondctl: {@link #unapplied} names it.
 */
public final class RouteAttrs {
    /** No attribute. */
    public static final RouteAttrs NONE = new RouteAttrs(new TreeMap<>());

    static final int RTA_SRC = 2;
    static final int RTA_METRICS = 8;
    static final int RTAX_LOCK = 1;
    static final int RTAX_QUICKACK = 15;
    static final int RTNH_F_ONLINK = 4;
    /** The largest IPv4 route MTU (IP_MAX_MTU): the kernel stores a larger one as this. */
    private static final long IP_MAX_MTU = 0xFFF0;

    private enum Kind { U32, U8, BOOL, ADDRESS, PREFIX, TYPE }

    /** An attribute: its kind, the families it is valid for, and its RTAX_* metric (0: none). */
    private record Spec(Kind kind, boolean v4, boolean v6, int rtax) {}

    private static final Map<String, Spec> SPECS = specs();

    private static Map<String, Spec> specs() {
        Map<String, Spec> m = new TreeMap<>();
        m.put("advmss", new Spec(Kind.U32, true, true, 8));
        m.put("cwnd", new Spec(Kind.U32, true, true, 7));
        m.put("from", new Spec(Kind.PREFIX, false, true, 0));
        m.put("initcwnd", new Spec(Kind.U32, true, true, 11));
        m.put("initrwnd", new Spec(Kind.U32, true, true, 14));
        m.put("mtu", new Spec(Kind.U32, true, true, 2));
        m.put("onlink", new Spec(Kind.BOOL, true, true, 0));
        m.put("quickack", new Spec(Kind.BOOL, true, true, RTAX_QUICKACK));
        m.put("rto_min", new Spec(Kind.U32, true, true, 13));
        m.put("scope", new Spec(Kind.U8, true, false, 0));
        m.put("src", new Spec(Kind.ADDRESS, true, true, 0));
        m.put("tos", new Spec(Kind.U8, true, false, 0));
        m.put("type", new Spec(Kind.TYPE, true, true, 0));
        m.put("weight", new Spec(Kind.U32, true, true, 0));
        m.put("window", new Spec(Kind.U32, true, true, 3));
        for (String locked : List.of("advmss", "cwnd", "initcwnd", "initrwnd", "mtu", "window")) {
            m.put("lock-" + locked, new Spec(Kind.BOOL, true, true, 0));
        }
        return Collections.unmodifiableMap(m);
    }

    /** The route types NetworkManager takes (nm_net_aux_rtnl_rtntype_a2n() of those it allows). */
    private static final List<String> TYPES = List.of("unicast", "local", "blackhole", "unreachable", "prohibit", "throw");

    private final SortedMap<String, String> values;

    private RouteAttrs(SortedMap<String, String> values) {
        this.values = Collections.unmodifiableSortedMap(values);
    }

    /**
     * Parses NetworkManager's {@code name=value} words for a route of {@code family}; a later
     * word of a name replaces an earlier one. {@code table} is the caller's (it is not here).
     * Errors are NetworkManager's words: "invalid option 'mtu=abc': invalid uint32 value 'abc'
     * for attribute 'mtu'", "from: attribute is not valid for a IPv4 route" ...
     */
    public static RouteAttrs parse(List<String> words, int family) {
        SortedMap<String, String> m = new TreeMap<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            String name = eq < 0 ? w : w.substring(0, eq);
            String value = eq < 0 ? "" : w.substring(eq + 1);
            Spec s = SPECS.get(name);
            if (s == null) { // table is the caller's: not among them
                throw BondctlException.invalid("invalid option '" + w + "': unknown attribute '" + name + "'");
            }
            m.put(name, canonical(w, name, value, s, family));
        }
        return m.isEmpty() ? NONE : new RouteAttrs(m);
    }

    /** Whether {@code name} is one of NetworkManager's route attributes (table aside). */
    public static boolean known(String name) {
        return SPECS.containsKey(name);
    }

    private static String canonical(String word, String name, String value, Spec s, int family) {
        switch (s.kind()) {
            case U32 -> {
                if (!Address.isDecimal(value, 10) || Long.parseLong(value) > 0xFFFFFFFFL) {
                    throw BondctlException.invalid("invalid option '" + word + "': invalid uint32 value '" + value
                            + "' for attribute '" + name + "'");
                }
                return Long.toString(Long.parseLong(value));
            }
            case U8 -> {
                if (!Address.isDecimal(value, 3) || Integer.parseInt(value) > 255) {
                    throw BondctlException.invalid("invalid option '" + word + "': invalid uint8 value '" + value
                            + "' for attribute '" + name + "'");
                }
                familyCheck(name, s, family);
                return Integer.toString(Integer.parseInt(value));
            }
            case BOOL -> {
                return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                    case "true", "yes", "on", "1" -> "true";
                    case "false", "no", "off", "0" -> "false";
                    default -> throw BondctlException.invalid("invalid option '" + word + "': invalid boolean value '"
                            + value + "' for attribute '" + name + "'");
                };
            }
            case ADDRESS -> {
                familyCheck(name, s, family);
                ip(name, value, family);
                return value;
            }
            case PREFIX -> {
                familyCheck(name, s, family);
                int slash = value.indexOf('/');
                if (slash >= 0) {
                    String plen = value.substring(slash + 1);
                    if (!Address.isDecimal(plen, 3) || Integer.parseInt(plen) > (family == Rtnl.AF_INET ? 32 : 128)) {
                        throw BondctlException.invalid(name + ": invalid prefix " + plen);
                    }
                }
                ip(name, slash < 0 ? value : value.substring(0, slash), family);
                return value;
            }
            default -> {
                if (!TYPES.contains(value)) {
                    throw BondctlException.invalid(name + ": " + value + " is not a valid route type");
                }
                return value;
            }
        }
    }

    private static void familyCheck(String name, Spec s, int family) {
        if (family == Rtnl.AF_INET ? !s.v4() : !s.v6()) {
            throw BondctlException.invalid(name + ": attribute is not valid for a " + (family == Rtnl.AF_INET ? "IPv4" : "IPv6")
                    + " route");
        }
    }

    private static InetAddress ip(String name, String value, int family) {
        InetAddress a;
        try {
            a = Address.parseIp(value, name);
        } catch (BondctlException e) {
            a = null;
        }
        if (a == null || (a.getAddress().length == 4) != (family == Rtnl.AF_INET)) {
            throw BondctlException.invalid(name + ": '" + value + "' is not a valid " + (family == Rtnl.AF_INET ? "IPv4" : "IPv6")
                    + " address");
        }
        return a;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The attributes by name, in NetworkManager's order. */
    public SortedMap<String, String> values() {
        return values;
    }

    /** NetworkManager's words, "mtu=1400", in its order (by name). */
    public List<String> words() {
        List<String> out = new ArrayList<>();
        values.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    /** What bondctl does not apply, or null: a multipath {@code weight}. */
    public String unapplied() {
        return values.containsKey("weight") ? "weight=" + values.get("weight") : null;
    }

    /** rtm_type: the {@code type} named (RTN_*), unicast when none is. */
    public int routeType() {
        String t = values.get("type");
        return t == null ? Rtnl.RTN_UNICAST : switch (t) {
            case "local" -> Rtnl.RTN_LOCAL;
            case "blackhole" -> Rtnl.RTN_BLACKHOLE;
            case "unreachable" -> Rtnl.RTN_UNREACHABLE;
            case "prohibit" -> Rtnl.RTN_PROHIBIT;
            case "throw" -> Rtnl.RTN_THROW;
            default -> Rtnl.RTN_UNICAST;
        };
    }

    /** The preferred source address ({@code src}), or null. */
    public InetAddress source() {
        String v = values.get("src");
        return v == null ? null : Address.parseIp(v, "src");
    }

    /** Whether the next hop is on the link whatever the addresses (RTNH_F_ONLINK). */
    public boolean onlink() {
        return flag("onlink");
    }

    /**
     * What of these attributes is part of a route's identity to the kernel, beside destination,
     * table and metric: the TOS (IPv4) and the source prefix (IPv6).
     */
    public String identity() {
        Address f = from();
        return tos() + (f == null ? "" : " " + f);
    }

    /** rtm_scope when the route says it (-1: the caller's default). */
    public int scope() {
        String s = values.get("scope");
        return s == null ? -1 : Integer.parseInt(s);
    }

    private boolean flag(String name) {
        return "true".equals(values.get(name));
    }

    private long number(String name) {
        String v = values.get(name);
        return v == null ? 0 : Long.parseLong(v);
    }

    /** The source prefix ({@code from}, IPv6): the address and its length, 128 when none is written. */
    private Address from() {
        String v = values.get("from");
        if (v == null) {
            return null;
        }
        int slash = v.indexOf('/');
        Address a = new Address(Address.parseIp(slash < 0 ? v : v.substring(0, slash), "from"),
                slash < 0 ? 128 : Integer.parseInt(v.substring(slash + 1)));
        return new Address(Route.network(a), a.prefix());
    }

    /**
     * The route as the kernel holds it: the attributes that are not false or 0, addresses in
     * their canonical text, an IPv4 MTU no larger than the kernel keeps. Two routes with the
     * same key are the same to the kernel.
     */
    public String kernelKey(int family) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> {
            Spec s = SPECS.get(k);
            String val = switch (s.kind()) {
                case BOOL -> v.equals("true") ? "true" : null;
                case U32, U8 -> v.equals("0") || k.equals("weight") || k.equals("scope") ? null
                        : k.equals("mtu") && family == Rtnl.AF_INET ? Long.toString(Math.min(Long.parseLong(v), IP_MAX_MTU)) : v;
                case ADDRESS -> Address.text(Address.parseIp(v, k));
                case PREFIX -> from().toString();
                case TYPE -> null;
            };
            if (val != null) {
                sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(val);
            }
        });
        return sb.toString();
    }

    /** ip(8)'s words for these attributes, as ifcfg-rh's route files and {@code ip route} write them. */
    public String ipText() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> {
            Spec s = SPECS.get(k);
            String w = null;
            if (k.startsWith("lock-")) {
                String metric = k.substring(5);
                w = v.equals("true") && !values.containsKey(metric) ? metric + " lock 0" : null;
            } else if (s.rtax() != 0 && s.kind() == Kind.U32) {
                w = k + (flag("lock-" + k) ? " lock " : " ") + v;
            } else {
                w = switch (k) {
                    case "onlink" -> v.equals("true") ? "onlink" : null;
                    case "quickack" -> "quickack " + (v.equals("true") ? 1 : 0);
                    case "tos" -> String.format("tos 0x%02x", Integer.parseInt(v));
                    case "weight" -> "weight " + v;
                    case "type" -> null; // ip(8) names it before the destination, not among the attributes
                    default -> k + " " + v;
                };
            }
            if (w != null) {
                sb.append(sb.length() == 0 ? "" : " ").append(w);
            }
        });
        return sb.toString();
    }

    /**
     * Parses ip(8)'s attribute words (an ifcfg-rh route file's) from {@code w[i]}: returns the
     * index after them, or {@code i} when {@code w[i]} is none of them; puts NetworkManager's
     * words in {@code out}.
     */
    public static int ipWords(String[] w, int i, List<String> out) {
        String k = w[i];
        if (k.equals("onlink")) {
            out.add("onlink=true");
            return i + 1;
        }
        Spec s = SPECS.get(k);
        if (s == null || k.startsWith("lock-") || k.equals("type") || i + 1 >= w.length) {
            return i;
        }
        int j = i + 1;
        if (w[j].equals("lock") && s.rtax() != 0 && s.kind() == Kind.U32 && j + 1 < w.length) {
            out.add("lock-" + k + "=true");
            j++;
        }
        String v = w[j];
        if (k.equals("tos") && v.matches("0x[0-9a-fA-F]{1,2}")) {
            v = Integer.toString(Integer.parseInt(v.substring(2), 16));
        } else if (k.equals("scope")) {
            v = switch (v) {
                case "global", "universe" -> "0";
                case "site" -> "200";
                case "link" -> "253";
                case "host" -> "254";
                case "nowhere" -> "255";
                default -> v;
            };
        } else if (k.equals("rto_min") && v.endsWith("ms")) {
            v = v.substring(0, v.length() - 2);
        }
        out.add(k + "=" + v);
        return j + 1;
    }

    // ------------------------------------------------------------------ netlink

    /** rtm_flags for these attributes. */
    int rtmFlags() {
        return flag("onlink") ? RTNH_F_ONLINK : 0;
    }

    /** rtm_tos. */
    int tos() {
        return (int) number("tos");
    }

    /** rtm_src_len. */
    int srcLen() {
        Address f = from();
        return f == null ? 0 : f.prefix();
    }

    /** The attributes after the rtmsg: RTA_PREFSRC, RTA_SRC, RTA_METRICS. */
    void encode(MessageBuilder b) {
        String src = values.get("src");
        if (src != null) {
            b.attrBytes(Rtnl.RTA_PREFSRC, Address.parseIp(src, "src").getAddress());
        }
        Address f = from();
        if (f != null) {
            b.attrBytes(RTA_SRC, f.address().getAddress());
        }
        int lock = 0;
        List<int[]> metrics = new ArrayList<>();
        for (Map.Entry<String, Spec> e : SPECS.entrySet()) {
            Spec s = e.getValue();
            if (s.rtax() == 0) {
                continue;
            }
            long v = s.kind() == Kind.BOOL ? (flag(e.getKey()) ? 1 : 0) : number(e.getKey());
            if (v != 0) {
                metrics.add(new int[] {s.rtax(), (int) v});
            }
            if (flag("lock-" + e.getKey())) {
                lock |= 1 << s.rtax();
            }
        }
        if (lock == 0 && metrics.isEmpty()) {
            return;
        }
        b.nestStart(RTA_METRICS);
        if (lock != 0) {
            b.attrU32(RTAX_LOCK, lock);
        }
        metrics.forEach(m -> b.attrU32(m[0], m[1]));
        b.nestEnd();
    }

    /**
     * The attributes of a route the kernel sent: its rtmsg's tos, flags and source length, and
     * the attributes parsed into {@code attrs} (RTA_PREFSRC, RTA_SRC, and RTA_METRICS parsed into
     * {@code metrics}).
     */
    static RouteAttrs decode(int tos, int flags, int srcLen, AttrTable attrs, AttrTable metrics) {
        SortedMap<String, String> m = new TreeMap<>();
        if (tos != 0) {
            m.put("tos", Integer.toString(tos));
        }
        if ((flags & RTNH_F_ONLINK) != 0) {
            m.put("onlink", "true");
        }
        byte[] prefsrc = attrs.bytes(Rtnl.RTA_PREFSRC);
        if (prefsrc != null) {
            m.put("src", Address.text(Address.inet(prefsrc)));
        }
        byte[] src = attrs.bytes(RTA_SRC);
        if (src != null && srcLen > 0) {
            m.put("from", Address.text(Address.inet(src)) + "/" + srcLen);
        }
        if (metrics.parseNested(attrs, RTA_METRICS)) {
            int lock = metrics.u32(RTAX_LOCK, 0);
            SPECS.forEach((name, s) -> {
                if (s.rtax() == 0) {
                    return;
                }
                long v = Integer.toUnsignedLong(metrics.u32(s.rtax(), 0));
                if (v != 0) {
                    m.put(name, s.kind() == Kind.BOOL ? "true" : Long.toString(v));
                }
                if ((lock & (1 << s.rtax())) != 0) {
                    m.put("lock-" + name, "true");
                }
            });
        }
        return m.isEmpty() ? NONE : new RouteAttrs(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouteAttrs r && r.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** NetworkManager's words joined by ','; the keyfile's routeN_options (table aside). */
    @Override
    public String toString() {
        return String.join(",", words());
    }
}
