package org.bondctl.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bondctl.bond.BondState;
import org.bondctl.bond.LinkResolver;
import org.bondctl.bond.PortState;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.error.BondctlException;

/** What {@link Bonds} checks against the kernel's rules before and after a change. */
final class BondChecks {
    private BondChecks() {}

    /**
     * miimon of a bond created over netlink without miimon or arp_interval: 0 (no link
     * monitoring), except in 802.3ad, balance-tlb and balance-alb, where the kernel forces
     * BOND_DEFAULT_MIIMON (100) because those modes need link state (bond_option_mode_set).
     */
    static long defaultMiimon(BondMode mode) {
        return BondMode.ARP_MONITOR_MODES.contains(mode) ? 0 : 100;
    }

    /**
     * The interfaces the settings name (primary, active_slave) that exist: all that validation
     * needs to know of the namespace, without dumping every link.
     */
    static Set<String> namedInterfaces(BondSettings settings, LinkResolver r) {
        Set<String> out = new HashSet<>();
        for (BondOption o : List.of(BondOption.PRIMARY, BondOption.ACTIVE_SLAVE)) {
            String n = settings.has(o) ? settings.ifname(o) : "";
            if (!n.isEmpty() && r.exists(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** Options that were sent but that the kernel did not report back: it ignored them. */
    static List<String> unsupported(BondSettings settings, BondState state) {
        List<String> missing = new ArrayList<>();
        for (BondOption o : settings.options()) {
            // Some options are only dumped in some states (primary once it is a port, the
            // 802.3ad ones in 802.3ad mode): only the always-reported ones prove support.
            if (o.alwaysReported() && !state.options().has(o)) {
                missing.add(o.kernelName() + " (Linux " + o.since() + "+)");
            }
        }
        return missing;
    }

    /** bond_option_queue_id_set(): a queue id (other than 0) belongs to one port of a bond only (else EPERM). */
    static void queueIdFree(String op, BondState bond, String port, Long q) {
        if (q != null && q != 0) {
            for (PortState other : bond.ports()) {
                if (!other.name().equals(port) && other.queueId() == q) {
                    throw BondctlException.conflict(op + ": " + other.name() + " of " + bond.name() + " has queue_id " + q
                            + " already; the kernel gives a queue id to one port only");
                }
            }
        }
    }
}
