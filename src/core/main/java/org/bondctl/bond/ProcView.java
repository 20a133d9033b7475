package org.bondctl.bond;

import java.util.function.Function;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.KernelSupport;
import org.bondctl.bond.options.PortOption;
import org.bondctl.ethtool.Ethtool;
import org.bondctl.rtnl.Link;

/**
 * Renders a bond the way {@code /proc/net/bonding/BOND} does (drivers/net/bonding/bond_procfs.c,
 * Linux 6.1): every line of the proc file, in its order, with its words and spacing. The values
 * come from netlink; what netlink lacks (the port order, churned counts and most LACPDU fields)
 * from {@link ProcFacts} when given, else those lines are left out. Lines the proc file does not
 * have are added, their keys listed in {@link #EXTRA_KEYS}: the bond's name, MAC and
 * fail_over_mac; per port its state, current MAC and decoded LACP states. Speed and duplex come
 * from ethtool netlink when given.
 */
public final class ProcView {
    /** The keys of the lines bondctl adds to the proc file's. */
    public static final java.util.Set<String> EXTRA_KEYS = java.util.Set.of("Bond Interface", "Fail Over MAC", "Bond HW addr",
            "State", "Current HW addr", "Actor Port State", "Partner Port State");

    /**
     * bond_version (bond_main.c): in current kernels the driver's version is the kernel release
     * (older ones had a version of their own: the proc file's header is used when read).
     */
    static final String HEADER = "Ethernet Channel Bonding Driver: v" + System.getProperty("os.version");

    private ProcView() {}

    /** Without the facts only /proc has (port order aside, as the state has them). */
    public static String render(BondState b, Function<Link, Ethtool.LinkModes> linkModes) {
        return render(b, null, linkModes);
    }

    public static String render(BondState b, ProcFacts facts, Function<Link, Ethtool.LinkModes> linkModes) {
        StringBuilder sb = new StringBuilder();
        sb.append(facts == null || facts.header().isEmpty() ? HEADER : facts.header()).append('\n');
        line(sb, "Bond Interface", b.name());
        sb.append('\n');
        master(sb, b);
        for (PortState p : b.ports()) {
            port(sb, b, p, facts == null ? null : facts.port(p.name()), linkModes);
        }
        return sb.toString();
    }

    /** bond_info_show_master(). */
    private static void master(StringBuilder sb, BondState b) {
        BondMode mode = b.mode();
        line(sb, "Bonding Mode", mode.procName() + failOverMacSuffix(b, mode));
        if (usesHashPolicy(b)) {
            line(sb, "Transmit Hash Policy", b.text(BondOption.XMIT_HASH_POLICY) + " (" + b.number(BondOption.XMIT_HASH_POLICY) + ")");
        }
        if (mode.usesPrimary()) {
            String primary = b.text(BondOption.PRIMARY);
            line(sb, "Primary Slave", (primary == null || primary.isEmpty() ? "None" : primary
                    + " (primary_reselect " + b.text(BondOption.PRIMARY_RESELECT) + ")"));
            line(sb, "Currently Active Slave", b.activePort() == null ? "None" : b.activePort());
        }
        line(sb, "MII Status", b.link().carrier() ? "up" : "down");
        line(sb, "MII Polling Interval (ms)", String.valueOf(b.number(BondOption.MIIMON)));
        line(sb, "Up Delay (ms)", String.valueOf(b.number(BondOption.UPDELAY)));
        line(sb, "Down Delay (ms)", String.valueOf(b.number(BondOption.DOWNDELAY)));
        if (b.options().has(BondOption.PEER_NOTIF_DELAY)) {
            line(sb, "Peer Notification Delay (ms)", String.valueOf(b.number(BondOption.PEER_NOTIF_DELAY)));
        }
        if (b.number(BondOption.ARP_INTERVAL) > 0) {
            line(sb, "ARP Polling Interval (ms)", String.valueOf(b.number(BondOption.ARP_INTERVAL)));
            if (b.options().has(BondOption.MISSED_MAX)) {
                line(sb, "ARP Missed Max", String.valueOf(b.number(BondOption.MISSED_MAX)));
            }
            line(sb, "ARP IP target/s (n.n.n.n form)", targets(b, BondOption.ARP_IP_TARGET));
            if (hasNsTargets(b)) {
                line(sb, "NS IPv6 target/s (xx::xx form)", targets(b, BondOption.NS_IP6_TARGET));
            }
        }
        // Not in /proc: the bond's own MAC and the fail_over_mac policy that decides it.
        line(sb, "Fail Over MAC", String.valueOf(b.text(BondOption.FAIL_OVER_MAC)));
        line(sb, "Bond HW addr", Link.mac(b.link().address()));
        if (mode == BondMode.IEEE_802_3AD) {
            ad(sb, b);
        }
    }

    /** The 802.3ad part of bond_info_show_master(). */
    private static void ad(StringBuilder sb, BondState b) {
        sb.append('\n').append("802.3ad info\n");
        if (b.options().has(BondOption.AD_LACP_ACTIVE)) {
            line(sb, "LACP active", String.valueOf(b.text(BondOption.AD_LACP_ACTIVE)));
        }
        line(sb, "LACP rate", String.valueOf(b.text(BondOption.AD_LACP_RATE)));
        line(sb, "Min links", String.valueOf(b.number(BondOption.MIN_LINKS)));
        line(sb, "Aggregator selection policy (ad_select)", String.valueOf(b.text(BondOption.AD_SELECT)));
        // The rest goes to CAP_NET_ADMIN only, in the proc file as in the dump (bond_fill_info()):
        // ad_actor_sys_prio reported means the reader has it.
        if (privileged(b)) {
            line(sb, "System priority", String.valueOf(b.number(BondOption.AD_ACTOR_SYS_PRIO)));
            line(sb, "System MAC address", systemMac(b));
            if (b.adInfo() == null) {
                sb.append("bond ").append(b.name()).append(" has no active aggregator\n");
            } else {
                line(sb, "Active Aggregator Info", "");
                line(sb, "\tAggregator ID", String.valueOf(b.adInfo().aggregatorId()));
                line(sb, "\tNumber of ports", String.valueOf(b.adInfo().numPorts()));
                line(sb, "\tActor Key", String.valueOf(b.adInfo().actorKey()));
                line(sb, "\tPartner Key", String.valueOf(b.adInfo().partnerKey()));
                line(sb, "\tPartner Mac Address", Link.mac(b.adInfo().partnerMac()));
            }
        }
    }

    /** bond_info_show_slave(). */
    private static void port(StringBuilder sb, BondState b, PortState p, ProcFacts.Port facts,
            Function<Link, Ethtool.LinkModes> linkModes) {
        sb.append('\n');
        line(sb, "Slave Interface", p.name());
        line(sb, "MII Status", p.miiStatusName());
        Ethtool.LinkModes lm = linkModes == null ? null : linkModes.apply(p.link());
        line(sb, "Speed", lm == null || lm.speedMbps() <= 0 ? "Unknown" : lm.speedMbps() + " Mbps");
        line(sb, "Duplex", lm == null || lm.duplex() == null ? "Unknown" : lm.duplex());
        line(sb, "Link Failure Count", String.valueOf(p.linkFailureCount()));
        line(sb, "Permanent HW addr", Link.mac(p.permHwaddr()));
        line(sb, "Slave queue ID", String.valueOf(p.queueId()));
        if (b.mode() == BondMode.IEEE_802_3AD) {
            adPort(sb, b, p, facts);
        }
        // Not in /proc: the port's bonding state and the MAC it carries now.
        line(sb, "State", p.stateName());
        line(sb, "Current HW addr", Link.mac(p.link().address()));
        if (p.adAggregatorId() >= 0) {
            line(sb, "Actor Port State", String.join(" ", PortState.lacpStateNames(p.adActorOperPortState())));
            line(sb, "Partner Port State", String.join(" ", PortState.lacpStateNames(p.adPartnerOperPortState())));
        }
    }

    /** The 802.3ad part of bond_info_show_slave(): netlink's values, the rest from the proc file. */
    private static void adPort(StringBuilder sb, BondState b, PortState p, ProcFacts.Port facts) {
        // bond_fill_slave_info() reports the aggregator and port states only for a port in one
        if (p.adAggregatorId() < 0) {
            line(sb, "Aggregator ID", "N/A");
            return;
        }
        line(sb, "Aggregator ID", String.valueOf(p.adAggregatorId()));
        String actorChurn = actorChurn(p, facts);
        String partnerChurn = partnerChurn(p, facts);
        if (actorChurn != null && partnerChurn != null) {
            line(sb, "Actor Churn State", actorChurn);
            line(sb, "Partner Churn State", partnerChurn);
        }
        if (facts == null || facts.actorChurnedCount() == null || facts.partnerChurnedCount() == null) {
            return;
        }
        line(sb, "Actor Churned Count", String.valueOf(facts.actorChurnedCount()));
        line(sb, "Partner Churned Count", String.valueOf(facts.partnerChurnedCount()));
        ProcFacts.Lacpdu actor = actorLacpdu(b, p, facts);
        ProcFacts.Lacpdu partner = partnerLacpdu(b, p, facts);
        if (actor != null && partner != null) {
            lacpdu(sb, "details actor lacp pdu", "port key", actor);
            lacpdu(sb, "details partner lacp pdu", "oper key", partner);
        }
    }

    /** The port's actor churn state: netlink's (Linux 6.18+), else the proc file's, else null. */
    public static String actorChurn(PortState p, ProcFacts.Port facts) {
        return p.adActorChurnState() >= 0 ? PortState.churnName(p.adActorChurnState())
                : facts == null ? null : facts.actorChurnState();
    }

    public static String partnerChurn(PortState p, ProcFacts.Port facts) {
        return p.adPartnerChurnState() >= 0 ? PortState.churnName(p.adPartnerChurnState())
                : facts == null ? null : facts.partnerChurnState();
    }

    /**
     * The "details actor lacp pdu" block: the port state, system priority and MAC from netlink
     * (the actor's system is the bond's), its port priority too where the kernel has
     * actor_port_prio; port key and number from the proc file. Null when that has no block.
     */
    public static ProcFacts.Lacpdu actorLacpdu(BondState b, PortState p, ProcFacts.Port facts) {
        if (facts == null || facts.actor() == null || !privileged(b) || p.adAggregatorId() < 0) {
            return null;
        }
        Long prio = p.options().get(PortOption.ACTOR_PORT_PRIO);
        return new ProcFacts.Lacpdu((int) b.number(BondOption.AD_ACTOR_SYS_PRIO), systemMac(b), facts.actor().key(),
                prio == null ? facts.actor().portPriority() : prio.intValue(), facts.actor().portNumber(),
                p.adActorOperPortState());
    }

    /** The "details partner lacp pdu" block: the port state from netlink, the rest from the proc file. */
    public static ProcFacts.Lacpdu partnerLacpdu(BondState b, PortState p, ProcFacts.Port facts) {
        if (facts == null || facts.partner() == null || !privileged(b) || p.adAggregatorId() < 0) {
            return null;
        }
        ProcFacts.Lacpdu d = facts.partner();
        return new ProcFacts.Lacpdu(d.systemPriority(), d.systemMac(), d.key(), d.portPriority(), d.portNumber(),
                p.adPartnerOperPortState());
    }

    private static void lacpdu(StringBuilder sb, String title, String keyName, ProcFacts.Lacpdu d) {
        line(sb, title, "");
        line(sb, "    system priority", String.valueOf(d.systemPriority()));
        line(sb, "    system mac address", d.systemMac());
        line(sb, "    " + keyName, String.valueOf(d.key()));
        line(sb, "    port priority", String.valueOf(d.portPriority()));
        line(sb, "    port number", String.valueOf(d.portNumber()));
        line(sb, "    port state", String.valueOf(d.portState()));
    }

    /** Whether the dump went to a reader with CAP_NET_ADMIN (it then reports ad_actor_sys_prio in 802.3ad). */
    private static boolean privileged(BondState b) {
        return b.options().has(BondOption.AD_ACTOR_SYS_PRIO);
    }

    /** BOND_AD_INFO(bond).system.sys_mac_addr: ad_actor_system, or the bond's MAC when that is unset. */
    private static String systemMac(BondState b) {
        String sys = b.text(BondOption.AD_ACTOR_SYSTEM);
        return sys == null || sys.equals("00:00:00:00:00:00") ? Link.mac(b.link().address()) : sys;
    }

    /** "192.0.2.1, 192.0.2.2" as the proc file separates them (empty when none). */
    private static String targets(BondState b, BondOption o) {
        java.util.StringJoiner j = new java.util.StringJoiner(", ");
        for (java.net.InetAddress a : b.options().addresses(o)) {
            j.add(org.bondctl.rtnl.Address.text(a));
        }
        return j.toString();
    }

    /**
     * The NS target line is there with IPv6 since Linux 5.18 (CONFIG_IPV6), targets set or not;
     * targets reported prove it, else the running kernel's release decides.
     */
    /**
     * bond_procfs.c prints the NS line whenever the kernel has NS targets (and IPv6), set or
     * not; the dump carries them only when set, so the release decides when it is empty.
     */
    private static boolean hasNsTargets(BondState b) {
        return b.options().has(BondOption.NS_IP6_TARGET)
                || KernelSupport.atLeast(KernelSupport.running().release(), BondOption.NS_IP6_TARGET.since());
    }

    private static String failOverMacSuffix(BondState b, BondMode mode) {
        String fom = b.text(BondOption.FAIL_OVER_MAC);
        if (mode == BondMode.ACTIVE_BACKUP && fom != null && !fom.equals("none")) {
            return " (fail_over_mac " + fom + ")";
        }
        return "";
    }

    /**
     * bond_mode_uses_xmit_hash() (include/net/bonding.h): balance-xor and 802.3ad, and
     * balance-tlb when tlb_dynamic_lb is off; never balance-alb.
     */
    static boolean usesHashPolicy(BondState b) {
        BondMode m = b.mode();
        return m == BondMode.BALANCE_XOR || m == BondMode.IEEE_802_3AD
                || (m == BondMode.BALANCE_TLB && b.options().has(BondOption.TLB_DYNAMIC_LB)
                        && b.number(BondOption.TLB_DYNAMIC_LB) == 0);
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append(':');
        if (!value.isEmpty()) {
            sb.append(' ').append(value);
        }
        sb.append('\n');
    }
}
