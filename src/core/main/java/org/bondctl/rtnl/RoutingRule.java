package org.bondctl.rtnl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.MessageBuilder;
import org.bondctl.wire.NlMessage;

/**
 * A policy routing rule (ip-rule(8); struct fib_rule_hdr and FRA_* attributes, uapi
 * linux/fib_rules.h) with what NetworkManager's ipv4.routing-rules and ipv6.routing-rules can
 * say: priority, {@code not}, from, to, tos, ipproto, source and destination port ranges,
 * fwmark/mask, iif, oif, uidrange, suppress_prefixlength, table and type (the rule's action:
 * table look-up, blackhole, unreachable, prohibit). {@code protocol} is who made it (static:
 * NetworkManager and bondctl; 0 for ip rule's own).
 *
 * <p>The text form is NetworkManager 1.42's, both ways ({@link #parse}, {@link #toString}): its
 * words, its normalized order and its refusals, word for word (taken from nmcli in the test bed).
 * "None" is -1 for the port ranges, the uid range and suppress_prefixlength, 0 for the others;
 * {@code fwmask} 0 is "none given" (the kernel then matches the whole mark: {@link #kernelMask}).
 */
public record RoutingRule(int family, long priority, boolean invert, Address from, Address to, int tos, int ipproto,
        int sportStart, int sportEnd, int dportStart, int dportEnd, long fwmark, long fwmask, String iif, String oif,
        long uidStart, long uidEnd, int suppressPrefixlength, long table, int action, int protocol) {
    public static final int FR_ACT_TO_TBL = 1;
    public static final int FR_ACT_BLACKHOLE = 6;
    public static final int FR_ACT_UNREACHABLE = 7;
    public static final int FR_ACT_PROHIBIT = 8;
    static final int FIB_RULE_INVERT = 2;
    static final int FRA_DST = 1;
    static final int FRA_SRC = 2;
    static final int FRA_IIFNAME = 3;
    static final int FRA_PRIORITY = 6;
    static final int FRA_FWMARK = 10;
    static final int FRA_SUPPRESS_PREFIXLEN = 14;
    static final int FRA_TABLE = 15;
    static final int FRA_FWMASK = 16;
    static final int FRA_OIFNAME = 17;
    static final int FRA_UID_RANGE = 20;
    static final int FRA_PROTOCOL = 21;
    static final int FRA_IP_PROTO = 22;
    static final int FRA_SPORT_RANGE = 23;
    static final int FRA_DPORT_RANGE = 24;
    /** struct fib_rule_hdr. */
    static final int HDR_LEN = 12;
    private static final long U32 = 0xFFFFFFFFL;

    /** Who made the rule: this rule as made by someone else. */
    public RoutingRule withProtocol(int p) {
        return new RoutingRule(family, priority, invert, from, to, tos, ipproto, sportStart, sportEnd, dportStart, dportEnd,
                fwmark, fwmask, iif, oif, uidStart, uidEnd, suppressPrefixlength, table, action, p);
    }

    /** The mask the kernel matches the mark with: the one given, else all of it for a mark (fib_nl2rule()). */
    public long kernelMask() {
        return fwmask != 0 ? fwmask : fwmark != 0 ? U32 : 0;
    }

    /**
     * Whether two rules are the same rule to the kernel, whoever made them: every field as the
     * kernel holds it, the protocol aside.
     */
    public boolean sameAs(RoutingRule o) {
        return key().equals(o.key());
    }

    /** What the kernel holds of the rule, the protocol aside, as one comparable text. */
    public String key() {
        long mask = fwmark != 0 && kernelMask() == U32 ? 0 : fwmask;
        return family + " " + new RoutingRule(family, priority, invert, from, to, tos, ipproto, sportStart, sportEnd, dportStart,
                dportEnd, fwmark, mask, iif, oif, uidStart, uidEnd, suppressPrefixlength, table, action, 0);
    }

    // ---------------------------------------------------------------- NetworkManager's text

    /** A refusal in nmcli's words ("invalid value for \"tos\"", "rule is invalid: missing priority"). */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }

    /**
     * Parses one rule of ipv4.routing-rules or ipv6.routing-rules ({@code family}) as
     * NetworkManager 1.42 does; a refusal is {@link Invalid} with nmcli's text. The rule is
     * proto static, as NetworkManager adds it.
     */
    public static RoutingRule parse(String text, int family) {
        String[] w = text.strip().split("\\s+");
        Set<String> seen = new HashSet<>();
        long priority = -1;
        boolean invert = false;
        Address from = null;
        Address to = null;
        int tos = 0;
        int ipproto = 0;
        int[] sport = {-1, -1};
        int[] dport = {-1, -1};
        long fwmark = 0;
        long fwmask = 0;
        String iif = null;
        String oif = null;
        long[] uid = {-1, -1};
        int suppress = -1;
        long table = 0;
        int action = FR_ACT_TO_TBL;
        for (int i = 0; i < w.length; i++) {
            String key = w[i];
            if (key.isEmpty()) {
                continue;
            }
            if (!KEYS.contains(key)) {
                throw new Invalid("unsupported key \"" + key + "\"");
            }
            if (!seen.add(key)) {
                throw new Invalid("duplicate key \"" + key + "\"");
            }
            if (key.equals("not")) {
                invert = true;
                continue;
            }
            if (i + 1 >= w.length) {
                throw new Invalid("missing argument for \"" + key + "\"");
            }
            String v = w[++i];
            switch (key) {
                case "priority" -> priority = number(v, 0, 0, U32, key);
                case "from" -> from = prefix(v, family, key);
                case "to" -> to = prefix(v, family, key);
                case "tos" -> tos = (int) number(v, 16, 0, 255, key);
                case "ipproto" -> ipproto = (int) number(v, 10, 0, 255, key);
                case "sport" -> sport = ports(v, key);
                case "dport" -> dport = ports(v, key);
                case "fwmark" -> {
                    int slash = v.indexOf('/');
                    fwmark = number(slash < 0 ? v : v.substring(0, slash), 0, 0, U32, key);
                    fwmask = slash < 0 ? 0 : number(v.substring(slash + 1), 0, 0, U32, key);
                }
                case "iif" -> iif = ifname(v, key);
                case "oif" -> oif = ifname(v, key);
                case "uidrange" -> {
                    int dash = v.indexOf('-');
                    long a = number(dash < 0 ? v : v.substring(0, dash), 10, 0, U32, key);
                    uid = new long[] {a, dash < 0 ? a : number(v.substring(dash + 1), 10, 0, U32, key)};
                }
                case "suppress_prefixlength" -> suppress = (int) number(v, 10, 0, Integer.MAX_VALUE, key);
                case "table" -> table = switch (v) {
                    case "main" -> Rtnl.RT_TABLE_MAIN;
                    case "local" -> Rtnl.RT_TABLE_LOCAL;
                    case "default" -> 253;
                    default -> number(v, 0, 0, U32, key);
                };
                case "type" -> action = action(v);
                default -> throw new IllegalStateException(key);
            }
        }
        if (priority < 0) {
            throw new Invalid("rule is invalid: missing priority");
        }
        if (action == FR_ACT_TO_TBL && table == 0) {
            throw new Invalid("rule is invalid: missing table");
        }
        if (suppress > (family == Rtnl.AF_INET ? 32 : 128)) {
            throw new Invalid("rule is invalid: suppress_prefixlength out of range");
        }
        if (sport[0] > sport[1]) {
            throw new Invalid("rule is invalid: invalid source port range");
        }
        if (dport[0] > dport[1]) {
            throw new Invalid("rule is invalid: invalid destination port range");
        }
        if (uid[0] > uid[1]) {
            throw new Invalid("rule is invalid: invalid uid_range");
        }
        return new RoutingRule(family, priority, invert, from, to, tos, ipproto, sport[0], sport[1], dport[0], dport[1],
                fwmark, fwmask, iif, oif, uid[0], uid[1], suppress, table, action, Rtnl.RTPROT_STATIC);
    }

    private static final Set<String> KEYS = Set.of("priority", "not", "from", "to", "tos", "ipproto", "sport", "dport",
            "fwmark", "iif", "oif", "uidrange", "suppress_prefixlength", "table", "type");

    /** A number in {@code base} (10, 16, or 0: C's), {@code min}-{@code max}; 0x is hexadecimal in bases 0 and 16. */
    private static long number(String v, int base, long min, long max, String key) {
        try {
            long n;
            if (base != 10 && (v.startsWith("0x") || v.startsWith("0X"))) {
                n = Long.parseLong(v.substring(2), 16);
            } else {
                if (v.startsWith("+") || v.startsWith("-")) {
                    throw new NumberFormatException(v);
                }
                n = Long.parseLong(v, base == 0 ? 10 : base);
            }
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the refusal below
        }
        throw new Invalid("invalid value for \"" + key + "\"");
    }

    /** "N" or "N-M", 0-65535; 0 is none (NM drops "sport 0"). */
    private static int[] ports(String v, String key) {
        int dash = v.indexOf('-');
        int a = (int) number(dash < 0 ? v : v.substring(0, dash), 10, 0, 65535, key);
        int b = dash < 0 ? a : (int) number(v.substring(dash + 1), 10, 0, 65535, key);
        return a == 0 && b == 0 ? new int[] {-1, -1} : new int[] {a, b};
    }

    private static String ifname(String v, String key) {
        if (v.length() > 15 || v.contains("/")) {
            throw new Invalid("invalid value for \"" + key + "\"");
        }
        return v;
    }

    /** "all", ADDRESS or ADDRESS/LEN of the family; the whole space is none. */
    private static Address prefix(String v, int family, String key) {
        if (v.equals("all")) {
            return null;
        }
        Address a;
        try {
            a = Address.parse(v);
        } catch (RuntimeException e) {
            throw new Invalid("invalid \"" + key + "\" part");
        }
        if (a.family() != family) {
            throw new Invalid("invalid \"" + key + "\" part");
        }
        return a.prefix() == 0 ? null : a;
    }

    private static int action(String v) {
        return switch (v) {
            case "unicast" -> FR_ACT_TO_TBL;
            case "blackhole" -> FR_ACT_BLACKHOLE;
            case "unreachable" -> FR_ACT_UNREACHABLE;
            case "prohibit" -> FR_ACT_PROHIBIT;
            // route types NM knows that a rule cannot take
            case "local", "broadcast", "anycast", "multicast", "throw", "nat", "xresolve" ->
                    throw new Invalid("rule is invalid: invalid action type");
            default -> throw new Invalid("invalid value for \"type\"");
        };
    }

    private static String actionName(int a) {
        return switch (a) {
            case FR_ACT_TO_TBL -> "unicast";
            case FR_ACT_BLACKHOLE -> "blackhole";
            case FR_ACT_UNREACHABLE -> "unreachable";
            case FR_ACT_PROHIBIT -> "prohibit";
            case 2 -> "goto";
            case 3 -> "nop";
            default -> Integer.toString(a);
        };
    }

    /**
     * NetworkManager's normalized text: "priority 61 from 0.0.0.0/0 tos 0x10 ipproto 6 fwmark
     * 0x10/0xff sport 1000-2000 dport 22 iif lo oif ens192 uidrange 10-20 suppress_prefixlength
     * 8 table 5"; "from" the whole space where neither from nor to is given.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("priority ").append(priority);
        if (invert) {
            sb.append(" not");
        }
        if (from != null || to == null) {
            sb.append(" from ").append(from == null ? (family == Rtnl.AF_INET ? "0.0.0.0/0" : "::/0") : prefixText(from));
        }
        if (to != null) {
            sb.append(" to ").append(prefixText(to));
        }
        if (tos != 0) {
            sb.append(String.format(" tos 0x%02x", tos));
        }
        if (ipproto != 0) {
            sb.append(" ipproto ").append(ipproto);
        }
        if (fwmark != 0 || fwmask != 0) {
            sb.append(" fwmark ").append(hex(fwmark));
            if (fwmask != 0) {
                sb.append('/').append(hex(fwmask));
            }
        }
        ports(sb, "sport", sportStart, sportEnd);
        ports(sb, "dport", dportStart, dportEnd);
        if (iif != null) {
            sb.append(" iif ").append(iif);
        }
        if (oif != null) {
            sb.append(" oif ").append(oif);
        }
        if (uidStart >= 0) {
            sb.append(" uidrange ").append(uidStart).append('-').append(uidEnd);
        }
        if (suppressPrefixlength >= 0) {
            sb.append(" suppress_prefixlength ").append(suppressPrefixlength);
        }
        if (table != 0) {
            sb.append(" table ").append(table);
        }
        if (action != FR_ACT_TO_TBL) {
            sb.append(" type ").append(actionName(action));
        }
        return sb.toString();
    }

    private static String hex(long v) {
        return v == 0 ? "0" : "0x" + Long.toHexString(v);
    }

    private static void ports(StringBuilder sb, String name, int start, int end) {
        if (start >= 0) {
            sb.append(' ').append(name).append(' ').append(start);
            if (end != start) {
                sb.append('-').append(end);
            }
        }
    }

    /** "192.0.2.0/24"; a whole address without its length ("192.0.2.1"), as NM prints it. */
    private static String prefixText(Address a) {
        return a.prefix() == a.address().getAddress().length * 8 ? Address.text(a.address()) : a.toString();
    }

    // ---------------------------------------------------------------- the kernel's message

    /** The fib_rule_hdr and attributes of an RTM_NEWRULE or RTM_DELRULE request begun in {@code b}. */
    void encode(MessageBuilder b) {
        b.u8(family).u8(to == null ? 0 : to.prefix()).u8(from == null ? 0 : from.prefix()).u8(tos)
                .u8(table > 0 && table < 256 ? (int) table : Rtnl.RT_TABLE_UNSPEC).u8(0).u8(0).u8(action)
                .u32(invert ? FIB_RULE_INVERT : 0)
                .attrU32(FRA_PRIORITY, (int) priority);
        if (from != null) {
            b.attrBytes(FRA_SRC, from.address().getAddress());
        }
        if (to != null) {
            b.attrBytes(FRA_DST, to.address().getAddress());
        }
        if (table > 0) {
            b.attrU32(FRA_TABLE, (int) table);
        }
        if (fwmark != 0 || fwmask != 0) {
            b.attrU32(FRA_FWMARK, (int) fwmark);
        }
        if (fwmask != 0) {
            b.attrU32(FRA_FWMASK, (int) fwmask);
        }
        if (iif != null) {
            b.attrString(FRA_IIFNAME, iif);
        }
        if (oif != null) {
            b.attrString(FRA_OIFNAME, oif);
        }
        if (suppressPrefixlength >= 0) {
            b.attrU32(FRA_SUPPRESS_PREFIXLEN, suppressPrefixlength);
        }
        if (uidStart >= 0) {
            b.attrBytes(FRA_UID_RANGE, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder())
                    .putInt((int) uidStart).putInt((int) uidEnd).array());
        }
        if (protocol != 0) {
            b.attrU8(FRA_PROTOCOL, protocol);
        }
        if (ipproto != 0) {
            b.attrU8(FRA_IP_PROTO, ipproto);
        }
        if (sportStart >= 0) {
            b.attrBytes(FRA_SPORT_RANGE, portRange(sportStart, sportEnd));
        }
        if (dportStart >= 0) {
            b.attrBytes(FRA_DPORT_RANGE, portRange(dportStart, dportEnd));
        }
    }

    private static byte[] portRange(int start, int end) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putShort((short) start).putShort((short) end).array();
    }

    /**
     * An RTM_NEWRULE message's rule (a dump's answer), {@code attrs} a table for FRA_*; null for
     * other families. A mark the kernel matches whole is held as given without a mask.
     */
    static RoutingRule decode(NlMessage m, AttrTable attrs) {
        m.requirePayload(HDR_LEN);
        ByteBuffer b = m.buffer();
        int p = m.payload();
        int family = b.get(p) & 0xff;
        if (family != Rtnl.AF_INET && family != Rtnl.AF_INET6) {
            return null;
        }
        int dstLen = b.get(p + 1) & 0xff;
        int srcLen = b.get(p + 2) & 0xff;
        int tos = b.get(p + 3) & 0xff;
        int action = b.get(p + 7) & 0xff;
        int flags = b.getInt(p + 8);
        attrs.parse(b, p + HDR_LEN, m.end());
        byte[] src = attrs.bytes(FRA_SRC);
        byte[] dst = attrs.bytes(FRA_DST);
        long table = attrs.u32(FRA_TABLE, b.get(p + 4) & 0xff) & U32;
        long mark = attrs.u32(FRA_FWMARK, 0) & U32;
        long mask = attrs.u32(FRA_FWMASK, 0) & U32;
        if (mark != 0 && mask == U32) {
            mask = 0; // "fwmark 0x10": the kernel's whole-mark mask, which NM's text leaves out
        }
        long suppress = attrs.u32(FRA_SUPPRESS_PREFIXLEN, -1) & U32;
        long[] uid = {-1, -1};
        byte[] u = attrs.bytes(FRA_UID_RANGE);
        if (u != null && u.length >= 8) {
            ByteBuffer ub = ByteBuffer.wrap(u).order(ByteOrder.nativeOrder());
            uid = new long[] {ub.getInt(0) & U32, ub.getInt(4) & U32};
            if (uid[0] == 0 && uid[1] == U32) {
                uid = new long[] {-1, -1}; // the kernel's "no range"
            }
        }
        int[] sport = range(attrs.bytes(FRA_SPORT_RANGE));
        int[] dport = range(attrs.bytes(FRA_DPORT_RANGE));
        return new RoutingRule(family, attrs.u32(FRA_PRIORITY, 0) & U32, (flags & FIB_RULE_INVERT) != 0,
                src == null || srcLen == 0 ? null : new Address(Address.inet(src), srcLen),
                dst == null || dstLen == 0 ? null : new Address(Address.inet(dst), dstLen), tos,
                attrs.has(FRA_IP_PROTO) ? attrs.u8(FRA_IP_PROTO) : 0, sport[0], sport[1], dport[0], dport[1], mark, mask,
                attrs.string(FRA_IIFNAME), attrs.string(FRA_OIFNAME), uid[0], uid[1],
                suppress == U32 ? -1 : (int) suppress, table, action,
                attrs.has(FRA_PROTOCOL) ? attrs.u8(FRA_PROTOCOL) : 0);
    }

    private static int[] range(byte[] r) {
        if (r == null || r.length < 4) {
            return new int[] {-1, -1};
        }
        ByteBuffer rb = ByteBuffer.wrap(r).order(ByteOrder.nativeOrder());
        int a = rb.getShort(0) & 0xffff;
        int e = rb.getShort(2) & 0xffff;
        return a == 0 && e == 0 ? new int[] {-1, -1} : new int[] {a, e};
    }
}
