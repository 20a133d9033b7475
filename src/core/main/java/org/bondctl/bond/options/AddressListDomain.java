package org.bondctl.bond.options;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A list of monitoring targets: arp_ip_target (IPv4) or ns_ip6_target (IPv6), written
 * comma-separated. Empty text is the empty list, which clears the targets. The kernel's rules
 * (bond_options.c, include/net/bonding.h): at most BOND_MAX_ARP_TARGETS / BOND_MAX_NS_TARGETS
 * (16) entries, no duplicates, and bond_is_ip_target_ok() / bond_is_ip6_target_ok() refuse
 * 0.0.0.0/8, 255.255.255.255, ::, ::1 and multicast IPv6.
 * Only literals are accepted: a name is never looked up in DNS.
 */
final class AddressListDomain implements Domain {
    static final int MAX_TARGETS = 16;
    private static final byte[] V4_MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private final boolean v6;

    private AddressListDomain(boolean v6) {
        this.v6 = v6;
    }

    static AddressListDomain ipv4() {
        return new AddressListDomain(false);
    }

    static AddressListDomain ipv6() {
        return new AddressListDomain(true);
    }

    @Override
    public Object parse(String option, String text) {
        List<InetAddress> out = new ArrayList<>();
        for (String piece : text.trim().split("[,\\s]+")) {
            if (!piece.isEmpty()) {
                out.add(v6 ? parse6(option, piece) : parse4(option, piece));
            }
        }
        return check(option, out);
    }

    private static Inet4Address parse4(String option, String s) {
        String[] parts = s.split("\\.", -1);
        byte[] b = new byte[4];
        boolean ok = parts.length == 4;
        for (int i = 0; ok && i < 4; i++) {
            ok = parts[i].matches("[0-9]{1,3}") && Integer.parseInt(parts[i]) <= 255;
            b[i] = ok ? (byte) Integer.parseInt(parts[i]) : 0;
        }
        if (!ok) {
            throw Domain.invalid(option, "'" + s + "' is not an IPv4 address");
        }
        return WireType.inet4(b);
    }

    private static Inet6Address parse6(String option, String s) {
        // With a ':' and only these characters, InetAddress treats the text as a literal.
        if (s.indexOf(':') < 0 || !s.matches("[0-9A-Fa-f:.]+")) {
            throw Domain.invalid(option, "'" + s + "' is not an IPv6 address");
        }
        try {
            InetAddress a = InetAddress.getByName(s);
            byte[] raw = a.getAddress();
            if (raw.length == 4) { // ::ffff:a.b.c.d comes back as IPv4; keep it IPv6
                byte[] mapped = java.util.Arrays.copyOf(V4_MAPPED, 16);
                System.arraycopy(raw, 0, mapped, 12, 4);
                raw = mapped;
            }
            return WireType.inet6(raw);
        } catch (UnknownHostException e) {
            throw Domain.invalid(option, "'" + s + "' is not an IPv6 address");
        }
    }

    @Override
    public Object normalize(String option, Object value) {
        if (value instanceof String s) {
            return parse(option, s);
        }
        if (!(value instanceof List<?> list)) {
            throw Domain.wrongType(option, value, v6 ? "a list of IPv6 addresses" : "a list of IPv4 addresses");
        }
        List<InetAddress> out = new ArrayList<>();
        for (Object o : list) {
            if (v6 ? !(o instanceof Inet6Address) : !(o instanceof Inet4Address)) {
                throw Domain.wrongType(option, o, v6 ? "IPv6 addresses" : "IPv4 addresses");
            }
            out.add((InetAddress) o);
        }
        return check(option, out);
    }

    private List<InetAddress> check(String option, List<InetAddress> targets) {
        if (targets.size() > MAX_TARGETS) {
            throw Domain.invalid(option, "at most " + MAX_TARGETS + " targets");
        }
        for (int i = 0; i < targets.size(); i++) {
            InetAddress a = targets.get(i);
            if (targets.subList(0, i).contains(a)) {
                throw Domain.invalid(option, text(a) + " is given twice");
            }
            if (!usable(a.getAddress())) {
                throw Domain.invalid(option, text(a) + " cannot be a target (the kernel refuses "
                        + (v6 ? "::, ::1 and multicast" : "0.0.0.0/8 and 255.255.255.255") + ")");
            }
        }
        return Collections.unmodifiableList(targets);
    }

    private boolean usable(byte[] a) {
        if (!v6) {
            boolean zeronet = a[0] == 0;
            boolean lbcast = (a[0] & a[1] & a[2] & a[3]) == (byte) 0xff;
            return !zeronet && !lbcast;
        }
        boolean zeroPrefix = true;
        for (int i = 0; i < 15; i++) {
            zeroPrefix &= a[i] == 0;
        }
        boolean any = zeroPrefix && a[15] == 0;
        boolean loopback = zeroPrefix && a[15] == 1;
        boolean multicast = a[0] == (byte) 0xff;
        return !any && !loopback && !multicast;
    }

    @Override
    public String format(Object value) {
        StringBuilder sb = new StringBuilder();
        for (Object a : (List<?>) value) {
            sb.append(sb.length() == 0 ? "" : ",").append(text((InetAddress) a));
        }
        return sb.toString();
    }

    /**
     * The kernel's %pI4 / %pI6c form: dotted quad, or RFC 5952 compressed IPv6 with IPv4-mapped
     * addresses as ::ffff:a.b.c.d (ip6_compressed_string(), lib/vsprintf.c).
     */
    static String text(InetAddress a) {
        return org.bondctl.rtnl.Address.text(a);
    }

    @Override
    public String describe() {
        return (v6 ? "IPv6" : "IPv4") + " addresses, comma-separated, at most " + MAX_TARGETS + ", empty clears";
    }
}
