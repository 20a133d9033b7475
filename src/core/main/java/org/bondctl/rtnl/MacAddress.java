package org.bondctl.rtnl;

import java.util.HexFormat;

/**
 * A link-layer address as the kernel reports it (IFLA_ADDRESS, IFLA_PERM_ADDRESS,
 * IFLA_BOND_SLAVE_PERM_HWADDR, the 802.3ad partner's MAC): immutable, equal by its bytes,
 * printed as ip prints it ({@code 72:16:96:ba:81:67}). Six bytes for Ethernet; other link
 * types have other lengths, which it keeps. Thread-safe (immutable).
 */
public final class MacAddress extends ByteValue {
    private static final HexFormat HEX = HexFormat.ofDelimiter(":");
    private MacAddress(byte[] bytes) {
        super(bytes);
    }

    /** A copy of {@code bytes} as an address; null for null (the kernel did not report one). */
    public static MacAddress of(byte[] bytes) {
        return bytes == null ? null : new MacAddress(bytes.clone());
    }

    /** "aa:bb:cc:dd:ee:ff" (any number of colon-separated hex pairs); IllegalArgumentException otherwise. */
    public static MacAddress parse(String text) {
        return new MacAddress(HEX.parseHex(text));
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Bit 0 of the first byte: a group (multicast) address. */
    public boolean isMulticast() {
        return bytes.length > 0 && (bytes[0] & 1) != 0;
    }

    /** Every byte zero (00:00:00:00:00:00). */
    public boolean isZero() {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Lower-case hex pairs joined by ':', as ip and /proc/net/bonding print them. */
    @Override
    public String toString() {
        return HEX.formatHex(bytes);
    }
}
