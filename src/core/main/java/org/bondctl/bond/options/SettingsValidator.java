package org.bondctl.bond.options;

import static org.bondctl.bond.options.BondOption.ACTIVE_SLAVE;
import static org.bondctl.bond.options.BondOption.ARP_INTERVAL;
import static org.bondctl.bond.options.BondOption.ARP_VALIDATE;
import static org.bondctl.bond.options.BondOption.DOWNDELAY;
import static org.bondctl.bond.options.BondOption.MIIMON;
import static org.bondctl.bond.options.BondOption.PEER_NOTIF_DELAY;
import static org.bondctl.bond.options.BondOption.PRIMARY;
import static org.bondctl.bond.options.BondOption.UPDELAY;
import static org.bondctl.bond.options.BondOption.USE_CARRIER;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bondctl.error.BondctlException;

/**
 * The kernel's refusals, found before anything is sent, and its silent surprises, told as
 * notices. Each rule cites the code it mirrors; no rule here is stricter than the kernel
 * except primary naming a non-port while the bond has ports (the kernel records such a name
 * for later; bondctl takes it for a typo).
 * Not checked here, because the caller knows better: BOND_OPTFLAG_NOSLAVES (an unchanged
 * value need not be sent at all) and whether the bond is up.
 */
final class SettingsValidator {
    private SettingsValidator() {}

    static List<String> validate(BondSettings s, BondMode mode, long miimon, Set<String> ports, Set<String> existing) {
        List<String> notices = new ArrayList<>();
        for (BondOption o : s.inKernelOrder()) {
            Object v = s.get(o);
            // bond_opt_check_deps(): .unsuppmodes -> EACCES, whatever the value
            o.requireMode(mode);
            if (o == UPDELAY || o == DOWNDELAY || o == PEER_NOTIF_DELAY) {
                checkDelay(o, s.number(o), miimon);
            }
            if (o == PRIMARY || o == ACTIVE_SLAVE) {
                checkPort(o, (String) v, ports, existing);
            }
            // Options that need the bond down (o.needsDown()) are announced by Bonds.set when it
            // really takes a live bond down: only then is there an outage to tell about.
        }
        checkMonitors(s, miimon, notices);
        // Since 6.18 ("bonding: Remove support for use_carrier") netlink refuses 0 (EINVAL).
        if (s.has(USE_CARRIER) && s.number(USE_CARRIER) == 0) {
            notices.add("option use_carrier=0 is obsolete: Linux 6.18 and later refuse it");
        }
        return notices;
    }

    /** _bond_option_delay_set(): EPERM without miimon; otherwise stored as value / miimon. */
    private static void checkDelay(BondOption o, long value, long miimon) {
        if (miimon == 0) {
            throw invalid(o, "needs MII monitoring, but miimon is 0; the kernel refuses it (EPERM)");
        }
        if (value % miimon != 0) {
            throw BondctlException.invalid("option " + o.kernelName() + "=" + value + ": not a multiple of miimon="
                    + miimon + "; the kernel would silently round it down to " + value / miimon * miimon);
        }
    }

    /**
     * bond_changelink(): active_slave must be a port (bond_option_active_slave_set(), EINVAL)
     * and an ifindex that does not exist is ENODEV; primary resolves its ifindex and an unknown
     * one silently clears it.
     */
    private static void checkPort(BondOption o, String name, Set<String> ports, Set<String> existing) {
        if (name.isEmpty()) {
            return; // clears: allowed in any state
        }
        if (!ports.isEmpty() && !ports.contains(name)) {
            throw invalid(o, name + " is not a port of this bond (ports: " + String.join(", ", new TreeSet<>(ports)) + ")");
        }
        if (o == ACTIVE_SLAVE && ports.isEmpty()) {
            throw invalid(o, "the bond has no ports, so " + name + " cannot be its active port");
        }
        if (existing != null && !existing.contains(name)) {
            throw invalid(o, name + " does not exist");
        }
    }

    /**
     * bond_changelink() refuses arp_interval > 0 and arp_validate != none when the same request
     * has miimon > 0 (EINVAL). Otherwise bond_option_arp_interval_set() silently turns MII
     * monitoring off (and bond_option_miimon_set() turns ARP monitoring off).
     */
    private static void checkMonitors(BondSettings s, long miimon, List<String> notices) {
        long sentMiimon = s.has(MIIMON) ? s.number(MIIMON) : 0;
        long arpInterval = s.has(ARP_INTERVAL) ? s.number(ARP_INTERVAL) : 0;
        if (arpInterval > 0 && sentMiimon > 0) {
            throw invalid(ARP_INTERVAL, "cannot be set together with miimon=" + sentMiimon
                    + ": ARP and MII monitoring exclude each other (the kernel refuses both, EINVAL)");
        }
        if (s.has(ARP_VALIDATE) && s.number(ARP_VALIDATE) != 0 && sentMiimon > 0) {
            throw invalid(ARP_VALIDATE, "cannot be set together with miimon=" + sentMiimon
                    + ": ARP validation needs ARP monitoring (the kernel refuses both, EINVAL)");
        }
        if (arpInterval > 0 && !s.has(MIIMON) && miimon > 0) {
            notices.add("option arp_interval=" + arpInterval + " turns ARP monitoring on: the kernel turns MII monitoring"
                    + " off (miimon " + miimon + " -> 0)");
        }
    }

    private static BondctlException invalid(BondOption o, String reason) {
        return BondctlException.invalid("option " + o.kernelName() + ": " + reason);
    }
}
