package org.bondctl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bondctl.bond.BondState;
import org.bondctl.plan.Bonds;
import org.bondctl.bond.ProcView;
import org.bondctl.ethtool.Ethtool;
import org.bondctl.rtnl.Link;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = {"Show bonds as /proc/net/bonding does, from netlink alone.",
    "Adds each port's state and current MAC, the bond's MAC and fail_over_mac. No privileges needed."})
final class ShowCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "BOND")
    String bond;

    @Override
    public Integer call() {
        List<BondState> states;
        try (Bonds b = bonds()) {
            states = bond == null ? b.list() : List.of(b.show(bond));
        }
        if (global().json) {
            List<Object> objs = new ArrayList<>();
            states.forEach(s -> objs.add(BondJson.of(s)));
            out().println(Json.write(bond == null ? objs : objs.get(0)));
            return 0;
        }
        if (states.isEmpty()) {
            return 0;
        }
        // Speed and duplex are only in the text view: one ethtool dump for many bonds, a request
        // per port for one.
        try (Ethtool ethtool = Ethtool.open(global().netns)) {
            Function<Link, Ethtool.LinkModes> modes = null;
            if (ethtool != null && bond == null) {
                Map<Integer, Ethtool.LinkModes> all = ethtool.linkModesAll();
                modes = l -> all.get(l.index());
            } else if (ethtool != null) {
                modes = l -> ethtool.linkModes(l.index());
            }
            boolean first = true;
            for (BondState s : states) {
                if (!first) {
                    out().println();
                }
                first = false;
                out().println("Ethernet Channel Bonding Driver: " + s.name() + " (rtnetlink)");
                out().println();
                out().print(ProcView.render(s, modes));
            }
        }
        return 0;
    }
}
