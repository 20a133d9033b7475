package org.bondctl.cli;

import org.bondctl.bond.BondState;
import org.bondctl.plan.Bonds;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.profile.Persist;
import picocli.CommandLine.Command;

@Command(name = "add", description = {"Create a bond; fails if the name exists.",
    "Equivalent to: ip link add BOND type bond OPTIONS"})
final class AddCommand extends BondOptionsCommand {
    @Override
    String verb() {
        return "add";
    }

    @Override
    BondState apply(Bonds b, BondSettings s, int mtu) {
        return b.create(bond, s, mtu);
    }

    @Override
    void record(Persist p, Bonds b, BondSettings s, int mtu) {
        p.bondAdded(bond, s, mtu);
    }
}
