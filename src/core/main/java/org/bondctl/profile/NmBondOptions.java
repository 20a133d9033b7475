package org.bondctl.profile;

import static org.bondctl.bond.options.BondMode.ACTIVE_BACKUP;
import static org.bondctl.bond.options.BondMode.BALANCE_ALB;
import static org.bondctl.bond.options.BondMode.BALANCE_RR;
import static org.bondctl.bond.options.BondMode.BALANCE_TLB;
import static org.bondctl.bond.options.BondMode.IEEE_802_3AD;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;

/**
 * NetworkManager 1.42's own rules for a bond profile's options by mode (nm-setting-bond.c,
 * nm-connection.c), which are not the kernel's: a few combinations its verify() refuses, and
 * the options it strips from a profile whose mode does not use them when it normalizes it
 * (_normalize_bond_options(): 'bond.options mode=802.3ad,arp_interval=100,arp_ip_target=...'
 * is saved as 'mode=802.3ad', exit 0; seen). nmcli's add and modify go through both; a profile
 * NM loads is normalized the same way.
 */
public final class NmBondOptions {
    private NmBondOptions() {}

    private static final Set<BondMode> NOT_ARP = EnumSet.of(IEEE_802_3AD, BALANCE_TLB, BALANCE_ALB);
    private static final Set<BondMode> PRIMARY_MODES = EnumSet.of(ACTIVE_BACKUP, BALANCE_TLB, BALANCE_ALB);

    /** The modes NM keeps each option in (_bond_option_unsupp_mode); the options not named are kept in every mode. */
    private static final Map<BondOption, Set<BondMode>> KEPT_IN = Map.ofEntries(
            Map.entry(BondOption.ACTIVE_SLAVE, PRIMARY_MODES),
            Map.entry(BondOption.AD_ACTOR_SYS_PRIO, EnumSet.of(IEEE_802_3AD)),
            Map.entry(BondOption.AD_ACTOR_SYSTEM, EnumSet.of(IEEE_802_3AD)),
            Map.entry(BondOption.AD_USER_PORT_KEY, EnumSet.of(IEEE_802_3AD)),
            Map.entry(BondOption.ARP_INTERVAL, EnumSet.complementOf(EnumSet.copyOf(NOT_ARP))),
            Map.entry(BondOption.ARP_IP_TARGET, EnumSet.complementOf(EnumSet.copyOf(NOT_ARP))),
            Map.entry(BondOption.ARP_VALIDATE, EnumSet.complementOf(EnumSet.copyOf(NOT_ARP))),
            Map.entry(BondOption.AD_LACP_RATE, EnumSet.of(IEEE_802_3AD)),
            Map.entry(BondOption.PACKETS_PER_SLAVE, EnumSet.of(BALANCE_RR)),
            Map.entry(BondOption.PRIMARY, PRIMARY_MODES),
            Map.entry(BondOption.TLB_DYNAMIC_LB, EnumSet.of(BALANCE_TLB, BALANCE_ALB)));

    /**
     * NM's refusal of the options in their mode, in its words (nm-setting-bond.c verify()),
     * before it would normalize them; null when it takes them.
     */
    public static String refusal(BondSettings s) {
        BondMode mode = s.mode(BALANCE_RR);
        if ((mode == BALANCE_TLB || mode == BALANCE_ALB) && s.number(BondOption.ARP_INTERVAL, 0) > 0) {
            return "'mode=" + mode.kernelName() + "' is incompatible with 'arp_interval > 0'";
        }
        if (!PRIMARY_MODES.contains(mode) && s.has(BondOption.PRIMARY) && !s.text(BondOption.PRIMARY).isEmpty()) {
            return "'primary' option is only valid for 'mode=active-backup'";
        }
        long arpInterval = s.number(BondOption.ARP_INTERVAL, 0);
        // NM's default miimon is 100, or 0 where arp_interval is on (_bond_get_option_normalized())
        long miimon = s.number(BondOption.MIIMON, arpInterval > 0 ? 0 : 100);
        if (miimon == 0) {
            for (BondOption o : List.of(BondOption.UPDELAY, BondOption.DOWNDELAY, BondOption.PEER_NOTIF_DELAY)) {
                if (s.number(o, 0) != 0) {
                    return "'" + o.nmKey() + "' option requires 'miimon' option to be enabled";
                }
            }
        } else if (s.number(BondOption.PEER_NOTIF_DELAY, 0) % miimon != 0 && arpInterval == 0) {
            return "'peer_notif_delay' option needs to be a value multiple of 'miimon' value";
        }
        boolean targets = s.has(BondOption.ARP_IP_TARGET) && !s.addresses(BondOption.ARP_IP_TARGET).isEmpty();
        if (arpInterval > 0 && !targets) {
            return "'arp_interval' option requires 'arp_ip_target' option to be set";
        }
        if (arpInterval == 0 && targets) {
            return "'arp_ip_target' option requires 'arp_interval' option to be set";
        }
        if (mode != IEEE_802_3AD && s.has(BondOption.AD_LACP_RATE) && s.number(BondOption.AD_LACP_RATE, 0) != 0) {
            return "'lacp_rate' option is only valid with mode '802.3ad'";
        }
        return null;
    }

    /**
     * What nmcli does beside setting a bond option (nm-meta-setting-desc.c, seen in 1.42): an
     * arp_interval above 0 takes out miimon, updelay, downdelay and peer_notif_delay; a miimon
     * above 0 takes out arp_interval and arp_ip_target. A later option of the same line may put
     * one back ('arp_interval=200,miimon=0' keeps miimon=0).
     */
    public static BondSettings afterSetting(BondSettings s, BondOption o) {
        if (o == BondOption.ARP_INTERVAL && s.number(o, 0) > 0) {
            return s.without(BondOption.MIIMON).without(BondOption.UPDELAY).without(BondOption.DOWNDELAY)
                    .without(BondOption.PEER_NOTIF_DELAY);
        }
        if (o == BondOption.MIIMON && s.number(o, 0) > 0) {
            return s.without(BondOption.ARP_INTERVAL).without(BondOption.ARP_IP_TARGET);
        }
        return s;
    }

    /** The settings without the options NM strips in their mode; each one stripped goes to {@code stripped}. */
    public static BondSettings normalized(BondSettings s, Consumer<BondOption> stripped) {
        BondMode mode = s.mode(BALANCE_RR);
        BondSettings out = s;
        for (BondOption o : List.copyOf(s.options())) {
            Set<BondMode> kept = KEPT_IN.get(o);
            if (kept != null && !kept.contains(mode)) {
                out = out.without(o);
                stripped.accept(o);
            }
        }
        return out;
    }
}
