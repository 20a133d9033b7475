package org.bondctl.monitor;

import java.util.List;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;

/**
 * The free text of BOND and OPTIONS events: a bond's state in one line, and what changed in
 * its settings. Cold paths only (start, resync, an option change): it allocates.
 */
final class StateText {
    private StateText() {}

    /** "mode active-backup, carrier up, active ens192, primary ens192, miimon 100, ports ens192 ens224" */
    static String bond(LinkState b, List<LinkState> ports, LinkTable links) {
        StringBuilder d = new StringBuilder("mode ").append(b.mode.kernelName());
        d.append(", carrier ").append(b.carrier ? "up" : "down");
        d.append(", active ").append(b.active == 0 ? "(none)" : links.ifname(b.active));
        if (b.primary != 0) {
            d.append(", primary ").append(links.ifname(b.primary));
        }
        d.append(", miimon ").append(b.miimon).append(", ports");
        if (ports.isEmpty()) {
            d.append(" (none)");
        }
        ports.forEach(p -> d.append(' ').append(p.name));
        return d.toString();
    }

    /** "miimon 100 -> 1000, primary (none) -> ens192"; empty when nothing a user sets changed. */
    static String optionChanges(BondSettings was, BondSettings now) {
        StringBuilder d = new StringBuilder();
        for (BondOption o : BondOption.values()) {
            if (o == BondOption.ACTIVE_SLAVE) {
                continue; // state, reported as a failover
            }
            String before = format(was.text(o));
            String after = format(now.text(o));
            if (!before.equals(after)) {
                d.append(d.length() == 0 ? "" : ", ").append(o.kernelName()).append(' ').append(before)
                        .append(" -> ").append(after);
            }
        }
        return d.toString();
    }

    private static String format(String text) {
        return text == null ? "(none)" : text;
    }
}
