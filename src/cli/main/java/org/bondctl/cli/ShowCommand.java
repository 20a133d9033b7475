package org.bondctl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bondctl.bond.BondState;
import org.bondctl.bond.ProcFacts;
import org.bondctl.bond.ProcView;
import org.bondctl.ethtool.Ethtool;
import org.bondctl.plan.Bonds;
import org.bondctl.rtnl.Link;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = {"Show bonds as /proc/net/bonding does: every line of it, from netlink and,"
    + " for what netlink lacks (port order, 802.3ad churn and LACPDU details), from the proc file.",
    "Adds the bond's name, MAC and fail_over_mac, each port's state and current MAC. No privileges needed.",
    "With --json: an array of bonds (one for 'show BOND'), keys as ip -j -d link show names them."})
final class ShowCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "BOND")
    String bond;

    /** A bond with the facts only its proc file has (null when it could not be read). */
    record Shown(BondState state, ProcFacts facts) {}

    @Override
    public Integer call() {
        List<Shown> shown = new ArrayList<>();
        try (Bonds b = bonds()) {
            for (BondState s : bond == null ? b.list() : List.of(b.show(bond))) {
                shown.add(withProcFacts(this, s));
            }
        }
        if (shown.isEmpty()) {
            if (global().json) {
                out().println("[]");
            }
            return 0;
        }
        // Speed and duplex: one ethtool dump for many bonds, a request per port for one.
        try (Ethtool ethtool = Ethtool.open(global().netns)) {
            Function<Link, Ethtool.LinkModes> modes = null;
            if (ethtool != null && bond == null) {
                Map<Integer, Ethtool.LinkModes> all = ethtool.linkModesAll();
                modes = l -> all.get(l.index());
            } else if (ethtool != null) {
                modes = l -> ethtool.linkModes(l.index());
            }
            if (global().json) {
                List<Object> objs = new ArrayList<>();
                for (Shown s : shown) {
                    objs.add(BondJson.of(s.state(), s.facts(), modes));
                }
                out().println(Json.write(objs));
                return 0;
            }
            boolean first = true;
            for (Shown s : shown) {
                if (!first) {
                    out().println();
                }
                first = false;
                out().print(ProcView.render(s.state(), s.facts(), modes));
            }
        }
        return 0;
    }

    /**
     * The bond with its ports in its own order and the facts of its proc file; says where the
     * facts came from with --verbose.
     */
    static Shown withProcFacts(BaseCommand c, BondState s) {
        ProcFacts facts = ProcFacts.read(c.global().netns, s.name()).orElse(null);
        if (c.global().verbose) {
            c.err().println("bondctl: note: " + s.name() + ": " + (facts == null
                    ? "/proc/net/bonding/" + s.name() + " could not be read: ports in ifindex order, no churned counts"
                            + " or LACPDU details (netlink does not carry them)"
                    : "port order, churned counts and LACPDU details from /proc/net/bonding/" + s.name()
                            + " (netlink does not carry them); the rest from netlink"));
        }
        return new Shown(facts == null ? s : s.inOrder(facts.portOrder()), facts);
    }
}
