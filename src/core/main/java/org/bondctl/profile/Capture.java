package org.bondctl.profile;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bondctl.bond.BondState;
import org.bondctl.bond.PortState;
import org.bondctl.bond.options.BondDefaults;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnl;

/**
 * A live bond as profiles: what {@code profile save} writes, and what a snapshot keeps so a
 * failed or unconfirmed apply can be undone.
 */
final class Capture {
    private Capture() {}

    /**
     * The bond's profile. {@code exact}: every option NM has a key for and the mode accepts,
     * defaults and empty values included (a snapshot must put back whatever apply changed);
     * otherwise only what differs from the kernel's defaults (plus the mode).
     */
    static Profile bond(BondState s, List<Address> ipv4, InetAddress gateway, List<InetAddress> dns,
            List<String> search, boolean exact) {
        return bond(s, IpConfig.v4(ipv4.isEmpty() ? "disabled" : "manual", ipv4, ipv4.isEmpty() ? null : gateway, dns, search),
                IpConfig.AUTO6, exact);
    }

    /** The bond's profile with these IP settings (see {@link #ip}). */
    static Profile bond(BondState s, IpConfig v4, IpConfig v6, boolean exact) {
        BondSettings out = new BondSettings();
        BondMode mode = s.mode();
        long miimon = s.number(BondOption.MIIMON);
        for (BondOption o : BondOption.values()) {
            if (o.nmKey() == null || !o.inMode(mode)) {
                continue;
            }
            String text = o == BondOption.PRIMARY && !s.options().has(o) ? "" : s.text(o); // not reported: no primary
            if (text == null) {
                continue;
            }
            boolean isDefault = text.equals(BondDefaults.text(o));
            if (o == BondOption.UPDELAY || o == BondOption.DOWNDELAY || o == BondOption.PEER_NOTIF_DELAY) {
                if (miimon == 0) {
                    continue; // meaningless (and refused) without MII monitoring
                }
            }
            if (o == BondOption.MODE || (exact ? true : !isDefault)) {
                out.put(o, text);
            }
        }
        return Profile.bond(s.name()).bondSettings(out).ipv4(v4).ipv6(v6).mtu(s.link().mtu() == 1500 ? 0 : s.link().mtu());
    }

    /**
     * One family of a live interface as profile settings: its addresses (link-local aside), the
     * default route as the gateway, and the other routes bondctl or ip(8) installed as static
     * routes; metrics equal to the profile's default are left out, as NM leaves them out. IPv6
     * switched off on the link (disable_ipv6) is ipv6.method disabled.
     */
    static IpConfig ip(int family, Link l, List<Address> addresses, List<Route> routes, List<InetAddress> dns,
            List<String> search, int defaultMetric) {
        List<Address> addrs = addresses.stream().filter(a -> a.family() == family && !a.isLinkLocal()).toList();
        List<Route> mine = routes.stream().filter(r -> r.family() == family && r.oif() == l.index() && r.userMade()).toList();
        Route def = mine.stream().filter(r -> r.isDefault() && r.gateway() != null && r.table() == Rtnl.RT_TABLE_MAIN)
                .findFirst().orElse(null);
        int metric = def == null || def.effectiveMetric() == defaultMetric ? -1 : def.metric();
        int effective = metric >= 0 ? metric : defaultMetric;
        List<IpConfig.StaticRoute> statics = new ArrayList<>();
        for (Route r : mine) {
            if (r == def) {
                continue;
            }
            Address dst = new Address(r.destination() == null
                    ? Address.parseIp(family == Rtnl.AF_INET ? "0.0.0.0" : "::", "dst") : r.destination(), r.prefix());
            // its attributes as the kernel holds them, and a scope other than the one a route of its kind gets
            List<String> attrs = new ArrayList<>(r.attrs().words());
            if (family == Rtnl.AF_INET && r.scope() != Route.defaultScope(family, r.gateway())) {
                attrs.add("scope=" + r.scope());
            }
            statics.add(new IpConfig.StaticRoute(dst, r.gateway(), r.effectiveMetric() == effective ? -1 : r.metric(),
                    r.table() == Rtnl.RT_TABLE_MAIN ? 0 : r.table(), org.bondctl.rtnl.RouteAttrs.parse(attrs, family)));
        }
        boolean none = addrs.isEmpty() && def == null && statics.isEmpty();
        String method = family == Rtnl.AF_INET6 && l.ipv6Disabled() ? "disabled"
                : none ? (family == Rtnl.AF_INET ? "disabled" : "auto") : "manual";
        return new IpConfig(family, method, addrs, def == null ? null : def.gateway(), dns, search, statics, metric, false);
    }

    /** The port's profile; {@code exact} keeps options at their default (0) too, for a snapshot. */
    static Profile port(PortState p, String bond, BondMode mode, boolean exact) {
        Profile out = Profile.port(p.name(), bond);
        for (Map.Entry<PortOption, Long> e : p.options().entrySet()) {
            PortOption o = e.getKey();
            if (o.nmKey() == null || !o.inMode(mode)) {
                continue;
            }
            boolean isDefault = e.getValue() == 0;
            if (exact || !isDefault) {
                out.portOptions().put(o, e.getValue());
            }
        }
        return out;
    }
}
