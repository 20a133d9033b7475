package org.bondctl.bond.options;

import java.util.EnumMap;
import java.util.Map;

/**
 * What a fresh bond reports for each option NetworkManager has a key for: the kernel's defaults
 * (bond_check_params() and bond_opts[], Linux 6.1), with miimon 100 as NetworkManager sets it
 * (nm_setting_bond_get_option_default()). A profile that leaves an option out means this value,
 * as NetworkManager applies it; {@code profile save} leaves out options at this value.
 */
public final class BondDefaults {
    private static final Map<BondOption, String> DEFAULTS = new EnumMap<>(Map.ofEntries(
            Map.entry(BondOption.MIIMON, "100"), Map.entry(BondOption.UPDELAY, "0"),
            Map.entry(BondOption.DOWNDELAY, "0"), Map.entry(BondOption.USE_CARRIER, "1"),
            Map.entry(BondOption.ARP_INTERVAL, "0"), Map.entry(BondOption.ARP_IP_TARGET, ""),
            Map.entry(BondOption.ARP_VALIDATE, "none"), Map.entry(BondOption.ARP_ALL_TARGETS, "any"),
            Map.entry(BondOption.PRIMARY, ""), Map.entry(BondOption.PRIMARY_RESELECT, "always"),
            Map.entry(BondOption.FAIL_OVER_MAC, "none"), Map.entry(BondOption.XMIT_HASH_POLICY, "layer2"),
            Map.entry(BondOption.RESEND_IGMP, "1"), Map.entry(BondOption.NUM_PEER_NOTIF, "1"),
            Map.entry(BondOption.ALL_SLAVES_ACTIVE, "0"), Map.entry(BondOption.MIN_LINKS, "0"),
            Map.entry(BondOption.LP_INTERVAL, "1"), Map.entry(BondOption.PACKETS_PER_SLAVE, "1"),
            Map.entry(BondOption.AD_LACP_RATE, "slow"), Map.entry(BondOption.AD_SELECT, "stable"),
            Map.entry(BondOption.AD_ACTOR_SYS_PRIO, "65535"), Map.entry(BondOption.AD_USER_PORT_KEY, "0"),
            Map.entry(BondOption.AD_ACTOR_SYSTEM, "00:00:00:00:00:00"), Map.entry(BondOption.TLB_DYNAMIC_LB, "1"),
            Map.entry(BondOption.PEER_NOTIF_DELAY, "0"), Map.entry(BondOption.AD_LACP_ACTIVE, "on"),
            Map.entry(BondOption.MISSED_MAX, "2"), Map.entry(BondOption.NS_IP6_TARGET, "")));

    private BondDefaults() {}

    /** The default as text (BondOption.format's form), or null for an option without one here. */
    public static String text(BondOption o) {
        return DEFAULTS.get(o);
    }
}
