package org.bondctl.bond.options;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bondctl.wire.AttrIterator;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.MessageBuilder;
import org.bondctl.wire.NetlinkParseException;

/**
 * How an option travels in IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA: the netlink policy types of
 * bond_policy and bond_slave_policy (drivers/net/bonding/bond_netlink.c). This is the only
 * place where option values become bytes and back; every option row names its type.
 * Values are the canonical ones: Long for numbers, String for interface names,
 * List of Inet4Address / Inet6Address for target lists, byte[6] for MAC addresses.
 */
public enum WireType {
    /** NLA_U8. */
    U8,
    /** NLA_U16. */
    U16,
    /** NLA_U32. */
    U32,
    /** NLA_U64 (no bond option uses it today). */
    U64,
    /** NLA_S32: IFLA_BOND_SLAVE_PRIO. */
    S32,
    /** NLA_U32 ifindex; the value is an interface name, "" for ifindex 0 (none). */
    IFINDEX,
    /** NLA_NESTED: one attribute per target, type = slot index, payload a be32 address. */
    IPV4_LIST,
    /** NLA_NESTED: one attribute per target, type = slot index, payload an in6_addr. */
    IPV6_LIST,
    /** NLA_BINARY of ETH_ALEN (6) bytes. */
    MAC;

    /** Whether the canonical value is a Long. */
    public boolean isNumber() {
        return ordinal() <= S32.ordinal();
    }

    /** Writes attribute {@code type} with {@code value} (canonical, already validated). */
    void encode(MessageBuilder b, int type, Object value, Resolver r) {
        switch (this) {
            case U8 -> b.attrU8(type, (int) (long) (Long) value);
            case U16 -> b.attrU16(type, (int) (long) (Long) value);
            case U32, S32 -> b.attrU32(type, (int) (long) (Long) value);
            case U64 -> b.attrU64(type, (Long) value);
            case IFINDEX -> {
                String name = (String) value;
                b.attrU32(type, name.isEmpty() ? 0 : r.ifindex(name));
            }
            case IPV4_LIST, IPV6_LIST -> {
                // bond_changelink() clears the table and re-adds every entry, so an empty nest
                // clears it. Entry types are ignored on input; fill_info uses the slot index.
                b.nestStart(type);
                int slot = 0;
                for (Object a : (List<?>) value) {
                    b.attrBytes(slot++, ((InetAddress) a).getAddress());
                }
                b.nestEnd();
            }
            case MAC -> b.attrBytes(type, (byte[]) value);
        }
    }

    /**
     * Reads a number (an ifindex for IFINDEX) in place, allocating nothing: for the event path.
     * {@code absent} when the kernel did not send it. The width is the row's, never restated.
     */
    long read(AttrTable t, int type, long absent) {
        if (!t.has(type)) {
            return absent;
        }
        return switch (this) {
            case U8 -> t.u8(type);
            case U16 -> t.u16(type);
            case U32, IFINDEX -> Integer.toUnsignedLong(t.u32(type));
            case S32 -> t.u32(type);
            case U64 -> t.u64(type);
            case IPV4_LIST, IPV6_LIST, MAC -> throw new IllegalStateException(this + " is not a number");
        };
    }

    /** Reads attribute {@code type}; null when the kernel did not send it. */
    Object decode(AttrTable t, int type, Resolver r) {
        if (!t.has(type)) {
            return null;
        }
        return switch (this) {
            case U8, U16, U32, S32, U64 -> read(t, type, 0);
            case IFINDEX -> ifname(t.u32(type), r);
            case IPV4_LIST -> addresses(t, type, 4);
            case IPV6_LIST -> addresses(t, type, 16);
            case MAC -> mac(t.bytes(type));
        };
    }

    /** ifindex 0 is "none"; an index the resolver does not know is shown as "#N". */
    private static String ifname(int ifindex, Resolver r) {
        if (ifindex == 0) {
            return "";
        }
        String name = r.ifname(ifindex);
        return name != null ? name : "#" + Integer.toUnsignedString(ifindex);
    }

    private static List<InetAddress> addresses(AttrTable t, int type, int size) {
        List<InetAddress> out = new ArrayList<>();
        AttrIterator it = new AttrIterator().reset(t, type);
        while (it.next()) {
            byte[] raw = it.bytes();
            if (raw.length < size) {
                throw new NetlinkParseException("bond target " + it.type() + " has " + raw.length + " bytes, needs " + size);
            }
            out.add(size == 4 ? inet4(raw) : inet6(raw));
        }
        return Collections.unmodifiableList(out);
    }

    static Inet4Address inet4(byte[] raw) {
        try {
            return (Inet4Address) InetAddress.getByAddress(java.util.Arrays.copyOf(raw, 4));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e); // cannot happen: the length is right
        }
    }

    static Inet6Address inet6(byte[] raw) {
        try {
            // This factory keeps IPv4-mapped addresses IPv6 (InetAddress.getByAddress would not).
            return Inet6Address.getByAddress(null, java.util.Arrays.copyOf(raw, 16), (NetworkInterface) null);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] mac(byte[] raw) {
        if (raw.length < 6) {
            throw new NetlinkParseException("MAC attribute has " + raw.length + " bytes, needs 6");
        }
        return java.util.Arrays.copyOf(raw, 6);
    }
}
