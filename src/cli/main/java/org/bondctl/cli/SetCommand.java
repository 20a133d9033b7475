package org.bondctl.cli;

import org.bondctl.bond.BondState;
import org.bondctl.plan.Bonds;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.profile.Persist;
import picocli.CommandLine.Command;

@Command(name = "set", description = {"Change options of a live bond in place (no teardown).",
    "mtu=N among the options sets the bond's MTU (its ports follow).",
    "Equivalent to: ip link set BOND type bond OPTIONS [mtu N]"})
final class SetCommand extends BondOptionsCommand {
    @Override
    String verb() {
        return "set";
    }

    @Override
    BondState apply(Bonds b, BondSettings s, int mtu) {
        return b.set(bond, s, mtu);
    }

    @Override
    void record(Persist p, Bonds b, BondSettings s, int mtu) {
        if (!s.isEmpty()) {
            p.bondChanged(b, bond, s);
        }
        if (mtu > 0) {
            p.mtu(b, bond, mtu);
        }
    }
}
