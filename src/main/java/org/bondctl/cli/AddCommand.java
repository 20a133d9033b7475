package org.bondctl.cli;

import org.bondctl.bond.BondState;
import org.bondctl.bond.Bonds;
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
    BondState apply(Bonds b, BondSettings s) {
        return b.create(bond, s);
    }

    @Override
    void record(Persist p, Bonds b, BondSettings s) {
        p.bondAdded(bond, s);
    }
}
