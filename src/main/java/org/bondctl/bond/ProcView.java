package org.bondctl.bond;

import java.util.function.Function;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.KernelSupport;
import org.bondctl.ethtool.Ethtool;
import org.bondctl.rtnl.Link;

/**
 * Renders a bond the way {@code /proc/net/bonding/BOND} does (drivers/net/bonding/bond_procfs.c),
 * from netlink data alone, plus what the proc file leaves out: the bond's MAC, fail_over_mac,
 * and each port's state and current MAC. Speed and duplex come from ethtool netlink when given.
 */
public final class ProcView {
    private ProcView() {}

    public static String render(BondState b, Function<Link, Ethtool.LinkModes> linkModes) {
        StringBuilder sb = new StringBuilder();
        BondMode mode = b.mode();
        line(sb, "Bonding Mode", mode.procName() + failOverMacSuffix(b, mode));
        if (usesHashPolicy(mode)) {
            line(sb, "Transmit Hash Policy", b.text(BondOption.XMIT_HASH_POLICY) + " (" + b.number(BondOption.XMIT_HASH_POLICY) + ")");
        }
        if (usesPrimary(mode)) {
            String primary = b.text(BondOption.PRIMARY);
            line(sb, "Primary Slave", (primary == null || primary.isEmpty() ? "None" : primary
                    + " (primary_reselect " + b.text(BondOption.PRIMARY_RESELECT) + ")"));
            line(sb, "Currently Active Slave", b.activePort() == null ? "None" : b.activePort());
        }
        line(sb, "MII Status", b.link().carrier() ? "up" : "down");
        line(sb, "MII Polling Interval (ms)", String.valueOf(b.number(BondOption.MIIMON)));
        line(sb, "Up Delay (ms)", String.valueOf(b.number(BondOption.UPDELAY)));
        line(sb, "Down Delay (ms)", String.valueOf(b.number(BondOption.DOWNDELAY)));
        line(sb, "Peer Notification Delay (ms)", String.valueOf(b.number(BondOption.PEER_NOTIF_DELAY)));
        if (b.number(BondOption.ARP_INTERVAL) > 0) {
            line(sb, "ARP Polling Interval (ms)", String.valueOf(b.number(BondOption.ARP_INTERVAL)));
            if (b.options().containsKey(BondOption.MISSED_MAX)) {
                line(sb, "ARP Missed Max", String.valueOf(b.number(BondOption.MISSED_MAX)));
            }
            line(sb, "ARP IP target/s (n.n.n.n form)", targets(b, BondOption.ARP_IP_TARGET));
            // bond_procfs.c prints this line whenever the kernel has NS targets (and IPv6), set
            // or not; the dump carries them only when set, so the release decides when it is empty.
            if (b.options().containsKey(BondOption.NS_IP6_TARGET)
                    || KernelSupport.atLeast(KernelSupport.running().release(), BondOption.NS_IP6_TARGET.since())) {
                line(sb, "NS IPv6 target/s (xx::xx form)", targets(b, BondOption.NS_IP6_TARGET));
            }
        }
        // Not in /proc: the bond's own MAC and the fail_over_mac policy that decides it.
        line(sb, "Fail Over MAC", String.valueOf(b.text(BondOption.FAIL_OVER_MAC)));
        line(sb, "Bond HW addr", Link.mac(b.link().address()));
        if (mode == BondMode.IEEE_802_3AD) {
            sb.append('\n').append("802.3ad info\n");
            line(sb, "LACP active", String.valueOf(b.text(BondOption.AD_LACP_ACTIVE)));
            line(sb, "LACP rate", String.valueOf(b.text(BondOption.AD_LACP_RATE)));
            line(sb, "Min links", String.valueOf(b.number(BondOption.MIN_LINKS)));
            line(sb, "Aggregator selection policy (ad_select)", String.valueOf(b.text(BondOption.AD_SELECT)));
            // Dumped to CAP_NET_ADMIN only (bond_fill_info); an unset system MAC means the bond's own.
            if (b.options().containsKey(BondOption.AD_ACTOR_SYS_PRIO)) {
                line(sb, "System priority", String.valueOf(b.number(BondOption.AD_ACTOR_SYS_PRIO)));
                String sys = b.text(BondOption.AD_ACTOR_SYSTEM);
                line(sb, "System MAC address", sys == null || sys.equals("00:00:00:00:00:00")
                        ? Link.mac(b.link().address()) : sys);
            }
            if (b.adInfo() != null) {
                line(sb, "Active Aggregator Info", "");
                line(sb, "\tAggregator ID", String.valueOf(b.adInfo().aggregatorId()));
                line(sb, "\tNumber of ports", String.valueOf(b.adInfo().numPorts()));
                line(sb, "\tActor Key", String.valueOf(b.adInfo().actorKey()));
                line(sb, "\tPartner Key", String.valueOf(b.adInfo().partnerKey()));
                line(sb, "\tPartner Mac Address", Link.mac(b.adInfo().partnerMac()));
            }
        }
        for (PortState p : b.ports()) {
            sb.append('\n');
            line(sb, "Slave Interface", p.name());
            line(sb, "MII Status", p.miiStatusName());
            Ethtool.LinkModes lm = linkModes == null ? null : linkModes.apply(p.link());
            line(sb, "Speed", lm == null || lm.speedMbps() <= 0 ? "Unknown" : lm.speedMbps() + " Mbps");
            line(sb, "Duplex", lm == null || lm.duplex() == null ? "Unknown" : lm.duplex());
            line(sb, "Link Failure Count", String.valueOf(p.linkFailureCount()));
            line(sb, "Permanent HW addr", Link.mac(p.permHwaddr()));
            line(sb, "Slave queue ID", String.valueOf(p.queueId()));
            // Not in /proc: the port's bonding state and the MAC it carries now.
            line(sb, "State", p.stateName());
            line(sb, "Current HW addr", Link.mac(p.link().address()));
            if (mode == BondMode.IEEE_802_3AD && p.adAggregatorId() >= 0) {
                line(sb, "Aggregator ID", String.valueOf(p.adAggregatorId()));
                if (p.adActorChurnState() >= 0) {
                    line(sb, "Actor Churn State", PortState.churnName(p.adActorChurnState()));
                    line(sb, "Partner Churn State", PortState.churnName(p.adPartnerChurnState()));
                }
                line(sb, "Actor Oper Port State", String.valueOf(p.adActorOperPortState()));
                line(sb, "Partner Oper Port State", String.valueOf(p.adPartnerOperPortState()));
            }
        }
        return sb.toString();
    }

    /** A target list as bond_procfs.c prints it: ", " between addresses, empty when none. */
    private static String targets(BondState b, BondOption list) {
        String t = b.text(list);
        return t == null ? "" : t.replace(",", ", ");
    }

    private static String failOverMacSuffix(BondState b, BondMode mode) {
        String fom = b.text(BondOption.FAIL_OVER_MAC);
        if (mode == BondMode.ACTIVE_BACKUP && fom != null && !fom.equals("none")) {
            return " (fail_over_mac " + fom + ")";
        }
        return "";
    }

    static boolean usesPrimary(BondMode m) {
        return m.usesPrimary();
    }

    static boolean usesHashPolicy(BondMode m) {
        return m == BondMode.BALANCE_XOR || m == BondMode.IEEE_802_3AD || m == BondMode.BALANCE_TLB
                || m == BondMode.BALANCE_ALB;
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append(':');
        if (!value.isEmpty()) {
            sb.append(' ').append(value);
        }
        sb.append('\n');
    }
}
