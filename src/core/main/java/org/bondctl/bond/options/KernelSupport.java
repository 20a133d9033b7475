package org.bondctl.bond.options;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.NetlinkSocket;

/**
 * Which options the running kernel knows, decided before anything is sent. Linux ignores a
 * bond attribute it does not know (rtnl_newlink() parses IFLA_INFO_DATA with
 * nla_parse_nested_deprecated(), which skips types above the driver's IFLA_BOND_MAX), so
 * sending one would succeed and change nothing. Three sources, cheapest first:
 * <ol>
 * <li>the table's {@code since}: a kernel of that mainline release or later has the option
 *     (distributions backport attributes, they do not remove them);</li>
 * <li>the dump of the bond being changed: bond_fill_info() puts every attribute it knows,
 *     so an {@linkplain BondOption#alwaysReported always-reported} option it lacks is unknown;</li>
 * <li>a probe, for an option newer than the kernel's release: a bond created in a network
 *     namespace that belongs to one netlink socket and dies with it, whose dump shows what
 *     this kernel knows, backports included (Debian's 6.1.176 has coupled_control, mainline
 *     6.9). Nothing changes in any namespace in use and no event is sent there.</li>
 * </ol>
 * If the probe cannot run (it needs CAP_SYS_ADMIN for the namespace), the option is let
 * through and the caller's check of the dump after the change catches a kernel that ignored it.
 */
public final class KernelSupport {
    private static KernelSupport running;

    private final String release;
    private Set<BondOption> probed; // the options the probe bond reported; null until probed
    private boolean probeFailed;

    KernelSupport(String release) {
        this.release = release;
    }

    /** The kernel this process runs on, from /proc/sys/kernel/osrelease. */
    public static synchronized KernelSupport running() {
        if (running == null) {
            String r;
            try {
                r = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
            } catch (IOException e) {
                r = "0.0"; // no /proc: every option newer than 0.0 is probed
            }
            running = new KernelSupport(r);
        }
        return running;
    }

    /** The release as uname -r shows it, e.g. "6.1.176" or "4.18.0-553.el8_10.x86_64". */
    public String release() {
        return release;
    }

    /** Whether the mainline release {@code version} ("4.18", "6.12.118-...") is {@code since} ("5.3") or later. */
    public static boolean atLeast(String version, String since) {
        int[] v = majorMinor(version);
        int[] s = majorMinor(since);
        return v[0] != s[0] ? v[0] > s[0] : v[1] >= s[1];
    }

    private static int[] majorMinor(String version) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(version);
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : new int[] {0, 0};
    }

    /**
     * Refuses (UNAVAILABLE, exit 6) the options this kernel does not know, before anything is
     * sent. {@code reported} is what a dump of the bond being changed carries, or null when
     * there is none yet (a bond to be created).
     */
    public void require(String op, Collection<BondOption> options, BondSettings reported) {
        List<String> missing = new ArrayList<>();
        for (BondOption o : options) {
            if (!knows(o, reported)) {
                missing.add(o.kernelName() + " (Linux " + o.since() + "+)");
            }
        }
        refuse(op, missing);
    }

    /**
     * The same for a port option, given what the port's dump carries. Callers check the bond's
     * mode first, so an option reported only in some modes is reported if the kernel knows it.
     */
    public void requirePort(String op, PortOption o, Map<PortOption, ?> reported) {
        if (!atLeast(release, o.since()) && !reported.containsKey(o)) {
            refuse(op, List.of(o.kernelName() + " (Linux " + o.since() + "+)"));
        }
    }

    private void refuse(String op, List<String> missing) {
        if (!missing.isEmpty()) {
            throw new BondctlException(BondctlException.Kind.UNAVAILABLE, op + ": this kernel (Linux " + release
                    + ") does not support option" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + "; nothing was changed");
        }
    }

    private boolean knows(BondOption o, BondSettings reported) {
        if (atLeast(release, o.since())) {
            return true;
        }
        if (reported != null && o.alwaysReported()) {
            return reported.has(o);
        }
        Set<BondOption> p = probe();
        return p == null || p.contains(o);
    }

    /**
     * What a bond in a private namespace reports: in 802.3ad mode (so the ad_* options are
     * dumped) with one ARP and one NS target (the target lists are dumped only when set).
     * Null when the probe cannot run. Once per process: the kernel does not change under it.
     */
    private synchronized Set<BondOption> probe() {
        if (probed != null || probeFailed) {
            return probed;
        }
        BondSettings s = BondSettings.parse(List.of("mode=802.3ad", "arp_ip_target=192.0.2.1", "ns_ip6_target=2001:db8::1"));
        try (Rtnetlink rtnl = new Rtnetlink(NetlinkSocket.openPrivate())) {
            rtnl.createLink("probe", "bond", b -> s.encode(b, null), "probe the bonding driver");
            Link l = rtnl.require("probe");
            Set<BondOption> seen = EnumSet.noneOf(BondOption.class);
            if (l.infoData() != null) {
                AttrTable t = l.infoData().parseInto(new AttrTable(BondOption.values()[BondOption.values().length - 1].id()));
                for (BondOption o : BondOption.values()) {
                    if (t.has(o.id())) {
                        seen.add(o);
                    }
                }
            }
            probed = seen;
        } catch (RuntimeException e) {
            probeFailed = true; // no CAP_SYS_ADMIN, no bonding driver: the caller's own checks decide
        }
        return probed;
    }
}
