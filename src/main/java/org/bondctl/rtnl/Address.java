package org.bondctl.rtnl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.bondctl.error.BondctlException;

/** An interface address with its prefix length: 192.0.2.10/24. */
public record Address(InetAddress address, int prefix) {
    public Address {
        int max = address.getAddress().length * 8;
        if (prefix < 0 || prefix > max) {
            throw BondctlException.invalid("address " + address.getHostAddress() + "/" + prefix
                    + ": prefix length must be 0-" + max);
        }
    }

    /** Parses "192.0.2.10/24" or "2001:db8::1/64"; a bare address gets the full-length prefix. */
    public static Address parse(String cidr) {
        int slash = cidr.indexOf('/');
        String host = slash < 0 ? cidr : cidr.substring(0, slash);
        InetAddress a = parseIp(host, "address " + cidr);
        int prefix = a.getAddress().length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw BondctlException.invalid("address " + cidr + ": '" + cidr.substring(slash + 1)
                        + "' is not a prefix length");
            }
        }
        return new Address(a, prefix);
    }

    /**
     * Parses a literal IPv4 or IPv6 address; never does a name lookup (a host name is an
     * error, as it is for ip(8)).
     */
    public static InetAddress parseIp(String text, String what) {
        boolean literal = !text.isEmpty() && (text.indexOf(':') >= 0 || text.chars().allMatch(c -> c == '.' || Character.isDigit(c)));
        if (literal && text.indexOf(':') < 0) {
            String[] parts = text.split("\\.", -1);
            literal = parts.length == 4;
            for (String p : parts) {
                literal &= !p.isEmpty() && p.length() <= 3 && Integer.parseInt(p) <= 255;
            }
        }
        if (literal) {
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                // fall through to the error below
            }
        }
        throw BondctlException.invalid(what + ": '" + text + "' is not an IP address");
    }

    public int family() {
        return address.getAddress().length == 4 ? Rtnl.AF_INET : Rtnl.AF_INET6;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefix;
    }
}
