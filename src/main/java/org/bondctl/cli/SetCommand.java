package org.bondctl.cli;

import org.bondctl.bond.BondState;
import org.bondctl.bond.Bonds;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.profile.Persist;
import picocli.CommandLine.Command;

@Command(name = "set", description = {"Change options of a live bond in place (no teardown).",
    "Equivalent to: ip link set BOND type bond OPTIONS"})
final class SetCommand extends BondOptionsCommand {
    @Override
    String verb() {
        return "set";
    }

    @Override
    BondState apply(Bonds b, BondSettings s) {
        return b.set(bond, s);
    }

    @Override
    void record(Persist p, Bonds b, BondSettings s) {
        p.bondChanged(b, bond, s);
    }
}
