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
        if (mode != IEEE_802_3AD && s.has(BondOption.AD_LACP_RATE) && s.number(BondOption.AD_LACP_RATE, 0) != 0) {
            return "'lacp_rate' option is only valid with mode '802.3ad'";
        }
        return null;
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
