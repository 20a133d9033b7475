package org.bondctl.bond.options;

import static org.bondctl.bond.options.BondMode.BALANCE_ALB;
import static org.bondctl.bond.options.BondMode.BALANCE_RR;
import static org.bondctl.bond.options.BondMode.BALANCE_TLB;
import static org.bondctl.bond.options.BondMode.IEEE_802_3AD;
import static org.bondctl.bond.options.NumberDomain.INT_MAX;
import static org.bondctl.bond.options.NumberDomain.names;
import static org.bondctl.bond.options.NumberDomain.range;
import static org.bondctl.bond.options.NumberDomain.switchAsNumber;
import static org.bondctl.bond.options.OptionSpec.option;
import static org.bondctl.bond.options.WireType.IFINDEX;
import static org.bondctl.bond.options.WireType.IPV4_LIST;
import static org.bondctl.bond.options.WireType.IPV6_LIST;
import static org.bondctl.bond.options.WireType.MAC;
import static org.bondctl.bond.options.WireType.U16;
import static org.bondctl.bond.options.WireType.U32;
import static org.bondctl.bond.options.WireType.U8;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.MessageBuilder;

/**
 * Every bond option the kernel takes over netlink, one row each, in IFLA_BOND_* order
 * (include/uapi/linux/if_link.h; IFLA_BOND_AD_INFO, 23, is read-only state and not here).
 * Sources for each row: bond_opts[] in drivers/net/bonding/bond_options.c (value tables,
 * ranges, .unsuppmodes, BOND_OPTFLAG_*), bond_policy in bond_netlink.c (wire types) and
 * nm-setting-bond.c (NetworkManager keys). {@link #since()} is the first mainline release
 * with the netlink attribute; distribution and stable kernels backport some (the 6.1.176 test
 * bed has coupled_control and the port option actor_port_prio), so {@link KernelSupport}
 * trusts it only to say yes and asks the kernel otherwise.
 */
public enum BondOption implements OptionRow {
    MODE(option(1, "mode", U8, "3.13", "bonding mode")
            .values(names(Arrays.stream(BondMode.values()).map(BondMode::kernelName).toArray(String[]::new)))
            .ifDown().noSlaves()),
    ACTIVE_SLAVE(option(2, "active_slave", IFINDEX, "3.13",
            "the port that carries traffic now (it must be up with link up); empty reselects")
            .modes(BondMode.ACTIVE_PORT_MODES)
            // NM treats "active_slave" as a deprecated spelling of "primary": no profile key.
            .nmKey(null)
            .reportedOnlyWhen("the bond has an active port")),
    MIIMON(option(3, "miimon", U32, "3.14", "MII link monitoring interval in ms, 0 = off")
            .values(range(0, INT_MAX))),
    UPDELAY(option(4, "updelay", U32, "3.14",
            "ms before a port whose link came up is used; needs miimon > 0, a multiple of it")
            .values(range(0, INT_MAX))),
    DOWNDELAY(option(5, "downdelay", U32, "3.14",
            "ms before a port whose link went down is disabled; needs miimon > 0, a multiple of it")
            .values(range(0, INT_MAX))),
    USE_CARRIER(option(6, "use_carrier", U8, "3.14",
            "link state from netif_carrier (1) or MII/ethtool ioctls (0); Linux 6.18+ refuses 0")
            .values(switchAsNumber())),
    ARP_INTERVAL(option(7, "arp_interval", U32, "3.14",
            "ARP/NS link monitoring interval in ms, 0 = off; the kernel turns miimon off when it is set")
            .values(range(0, INT_MAX))
            .modes(BondMode.ARP_MONITOR_MODES)),
    ARP_IP_TARGET(option(8, "arp_ip_target", IPV4_LIST, "3.14", "IPv4 addresses the ARP monitor probes")
            .reportedOnlyWhen("targets are set")),
    ARP_VALIDATE(option(9, "arp_validate", U32, "3.14", "which ports validate ARP probes and replies (ARP monitor)")
            .values(names("none", "active", "backup", "all", "filter", "filter_active", "filter_backup"))
            .modes(BondMode.ARP_MONITOR_MODES)),
    ARP_ALL_TARGETS(option(10, "arp_all_targets", U32, "3.14", "a port is up when any or all ARP targets answer")
            .values(names("any", "all"))),
    PRIMARY(option(11, "primary", IFINDEX, "3.14", "preferred port; empty for none")
            .modes(BondMode.ACTIVE_PORT_MODES)
            .reportedOnlyWhen("the primary is a port of the bond")),
    PRIMARY_RESELECT(option(12, "primary_reselect", U8, "3.14", "when the primary port becomes active again")
            .values(names("always", "better", "failure"))),
    FAIL_OVER_MAC(option(13, "fail_over_mac", U8, "3.14", "MAC address policy of active-backup failover")
            .values(names("none", "active", "follow"))
            .noSlaves()),
    XMIT_HASH_POLICY(option(14, "xmit_hash_policy", U8, "3.14",
            "transmit hash of balance-xor, 802.3ad and tlb/alb; vlan+srcmac since 5.12")
            .values(names("layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"))),
    RESEND_IGMP(option(15, "resend_igmp", U32, "3.14", "IGMP membership reports sent after a failover")
            .values(range(0, 255))),
    NUM_PEER_NOTIF(option(16, "num_peer_notif", U8, "3.14", "gratuitous ARPs and unsolicited NAs sent after a failover")
            .values(range(0, 255))
            // sysfs has two files for it and the kernel's own name is num_unsol_na; NM reads
            // num_grat_arp first (_bond_get_option_normalized), so that is the key it writes.
            .aliases("num_grat_arp", "num_unsol_na")
            .nmKey("num_grat_arp")),
    ALL_SLAVES_ACTIVE(option(17, "all_slaves_active", U8, "3.14", "deliver frames received on inactive ports too")
            .values(switchAsNumber())),
    MIN_LINKS(option(18, "min_links", U32, "3.14", "ports that must be up before the bond has carrier")
            .values(range(0, INT_MAX))),
    LP_INTERVAL(option(19, "lp_interval", U32, "3.14", "seconds between learning packets to the peer switch (tlb/alb)")
            .values(range(1, INT_MAX))),
    PACKETS_PER_SLAVE(option(20, "packets_per_slave", U32, "3.14", "packets sent on a port before the next; 0 = random port")
            .values(range(0, 65535))
            .modes(BALANCE_RR)),
    AD_LACP_RATE(option(21, "lacp_rate", U8, "3.14", "LACPDU rate asked of the link partner")
            .values(names("slow", "fast"))
            .modes(IEEE_802_3AD)
            .ifDown()),
    AD_SELECT(option(22, "ad_select", U8, "3.14", "aggregator selection logic; actor_port_prio since 6.18")
            .values(names("stable", "bandwidth", "count", "actor_port_prio"))
            .ifDown()),
    AD_ACTOR_SYS_PRIO(option(24, "ad_actor_sys_prio", U16, "4.2", "LACP actor system priority")
            .values(range(1, 65535))
            .modes(IEEE_802_3AD)
            .reportedOnlyWhen("the bond is in 802.3ad mode and the reader has CAP_NET_ADMIN")),
    AD_USER_PORT_KEY(option(25, "ad_user_port_key", U16, "4.2", "upper 10 bits of the LACP port key")
            .values(range(0, 1023))
            .modes(IEEE_802_3AD)
            .ifDown()
            .reportedOnlyWhen("the bond is in 802.3ad mode and the reader has CAP_NET_ADMIN")),
    AD_ACTOR_SYSTEM(option(26, "ad_actor_system", MAC, "4.2", "LACP actor system MAC; all zeros = the bond's own")
            .modes(IEEE_802_3AD)
            .reportedOnlyWhen("the bond is in 802.3ad mode and the reader has CAP_NET_ADMIN")),
    TLB_DYNAMIC_LB(option(27, "tlb_dynamic_lb", U8, "4.3", "balance flows by load (1) or by hash only (0)")
            .values(switchAsNumber())
            .modes(BALANCE_TLB, BALANCE_ALB)
            .ifDown()),
    PEER_NOTIF_DELAY(option(28, "peer_notif_delay", U32, "5.3",
            "ms between peer notifications; needs miimon > 0, a multiple of it")
            // bond_peer_notif_delay_tbl and the netlink policy (delay_range) cap it at 300 s.
            .values(range(0, 300000))),
    AD_LACP_ACTIVE(option(29, "lacp_active", U8, "5.15", "send LACPDUs (on) or only answer them (off)")
            .values(names("off", "on"))
            .modes(IEEE_802_3AD)
            .ifDown()),
    MISSED_MAX(option(30, "arp_missed_max", U8, "5.17", "ARP monitor intervals a port may miss before it is down")
            .values(range(1, 255))
            .modes(BondMode.ARP_MONITOR_MODES)),
    NS_IP6_TARGET(option(31, "ns_ip6_target", IPV6_LIST, "5.18", "IPv6 addresses the NS monitor probes (netlink only)")
            .reportedOnlyWhen("targets are set")),
    COUPLED_CONTROL(option(32, "coupled_control", U8, "6.9", "coupled (on) or independent (off) LACP mux control")
            .values(names("off", "on"))
            .modes(IEEE_802_3AD)
            .ifDown()
            .nmKey(null)),
    BROADCAST_NEIGH(option(33, "broadcast_neighbor", U8, "6.16", "send ARP/ND packets on every port (netlink only)")
            .values(names("off", "on"))
            .modes(IEEE_802_3AD)
            .nmKey(null));

    /** The row; read through {@link OptionRow}. */
    final OptionSpec spec;

    BondOption(OptionSpec spec) {
        this.spec = spec;
    }

    /** Text to the canonical value; throws BondctlException INVALID naming the option. */
    Object parse(String text) {
        return spec.parse(text);
    }

    /** The canonical value as sysfs shows it. */
    String format(Object value) {
        return spec.format(value);
    }

    /** Writes the attribute; call inside the IFLA_INFO_DATA nest. The value is validated first. */
    void encode(MessageBuilder b, Object value, Resolver r) {
        spec.encode(b, value, r);
    }

    /** The canonical value from a parsed IFLA_INFO_DATA, or null when absent. */
    Object decode(AttrTable infoData, Resolver r) {
        return spec.decode(infoData, r);
    }

    /** By kernel name or alias; '-' may stand for '_'. Throws INVALID, suggesting a close name. */
    public static BondOption byName(String nameOrAlias) {
        return OptionNames.lookup("bond option", nameOrAlias, values(), o -> o.spec);
    }

    /** Checks and normalises a canonical value (Integer becomes Long, text is parsed). */
    Object normalize(Object value) {
        return spec.normalize(value);
    }
}
