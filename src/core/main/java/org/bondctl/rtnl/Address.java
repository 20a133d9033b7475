package org.bondctl.rtnl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.bondctl.error.BondctlException;

/** An interface address with its prefix length: 192.0.2.10/24, 2001:db8::10/64. */
public record Address(InetAddress address, int prefix) {
    /** Checks the prefix against the family (0-32 for IPv4, 0-128 for IPv6). */
    public Address {
        int max = address.getAddress().length * 8;
        if (prefix < 0 || prefix > max) {
            throw BondctlException.invalid("address " + text(address) + "/" + prefix
                    + ": prefix length must be 0-" + max);
        }
    }

    /** Parses "192.0.2.10/24" or "2001:db8::1/64"; a bare address gets the full-length prefix. */
    public static Address parse(String cidr) {
        int slash = cidr.indexOf('/');
        String host = slash < 0 ? cidr : cidr.substring(0, slash);
        InetAddress a = parseIp(host, "address " + cidr);
        int max = a.getAddress().length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = cidr.substring(slash + 1);
            if (!isDecimal(p, 3) || Integer.parseInt(p) > max) {
                throw BondctlException.invalid("address " + cidr + ": '" + p + "' is not a prefix length (0-" + max + ")");
            }
            prefix = Integer.parseInt(p);
        }
        return new Address(a, prefix);
    }

    /**
     * Parses a literal IPv4 or IPv6 address as ip(8) does: dotted quad without leading zeros
     * (192.0.2.011 is refused: inet_aton would read it as octal), ASCII digits only, IPv6 in
     * hexadecimal groups without a zone. Never does a name lookup.
     */
    public static InetAddress parseIp(String text, String what) {
        if (isIpv4(text) || isIpv6(text)) {
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                // fall through to the error below
            }
        }
        throw BondctlException.invalid(what + ": '" + text + "' is not an IP address");
    }

    /** An address from its 4 or 16 bytes. */
    public static InetAddress inet(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new org.bondctl.wire.NetlinkParseException("address of " + raw.length + " bytes");
        }
    }

    private static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!isDecimal(p, 3) || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String text) {
        if (text.indexOf(':') < 0 || text.length() > 45) {
            return false;
        }
        int tail = text.lastIndexOf(':');
        String last = text.substring(tail + 1);
        boolean dotted = last.indexOf('.') >= 0;
        if (dotted && !isIpv4(last)) {
            return false; // ::ffff:192.0.2.1 form
        }
        String groups = dotted ? text.substring(0, tail + 1) : text;
        for (int i = 0; i < groups.length(); i++) {
            char c = groups.charAt(i);
            if (!(c == ':' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} is 1 to {@code maxDigits} ASCII digits (no sign, no other script's digits). */
    public static boolean isDecimal(String s, int maxDigits) {
        if (s.isEmpty() || s.length() > maxDigits) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** AF_INET or AF_INET6. */
    public int family() {
        return address.getAddress().length == 4 ? Rtnl.AF_INET : Rtnl.AF_INET6;
    }

    /** fe80::/10: the kernel makes these itself; bondctl never manages them. */
    public boolean isLinkLocal() {
        return family() == Rtnl.AF_INET6 && address.isLinkLocalAddress();
    }

    @Override
    public String toString() {
        return text(address) + "/" + prefix;
    }

    /**
     * An address as text: dotted quad, or IPv6 in RFC 5952's canonical form (lower case, no
     * leading zeros, the longest run of two or more zero groups as "::", the first on a tie),
     * which is what ip(8) prints. Java's own form (2001:db8:0:0:0:0:0:10) is not.
     */
    public static String text(InetAddress a) {
        if (a instanceof Inet4Address) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        boolean mapped = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff;
        StringBuilder sb = new StringBuilder(39);
        int groups = mapped ? 6 : 8;
        for (int i = 0; i < groups; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        if (mapped) { // RFC 5952 section 5: ::ffff:192.0.2.1
            if (sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(b[12] & 0xff).append('.').append(b[13] & 0xff).append('.').append(b[14] & 0xff).append('.')
                    .append(b[15] & 0xff);
        }
        return sb.toString();
    }

    /** Whether {@code gw} lies in the network of one of the addresses (another family: never). */
    public static boolean onLink(InetAddress gw, java.util.List<Address> addresses) {
        byte[] g = gw.getAddress();
        for (Address a : addresses) {
            byte[] b = a.address().getAddress();
            if (b.length != g.length) {
                continue;
            }
            boolean same = true;
            for (int bit = 0; bit < a.prefix() && same; bit++) {
                int mask = 0x80 >> (bit % 8);
                same = (b[bit / 8] & mask) == (g[bit / 8] & mask);
            }
            if (same) {
                return true;
            }
        }
        return false;
    }
}
