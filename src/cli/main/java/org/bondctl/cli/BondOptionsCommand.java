package org.bondctl.cli;

import java.util.ArrayList;
import java.util.List;
import org.bondctl.bond.BondState;
import org.bondctl.plan.Bonds;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.profile.Persist;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** add and set: a bond name, options as OPTION=VALUE words and/or -o lists, --persist. */
abstract class BondOptionsCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "BOND")
    String bond;

    @Parameters(index = "1..*", paramLabel = "OPTION=VALUE",
            description = "Kernel bond options, e.g. mode=active-backup miimon=1000 primary=ens192 (see 'bondctl options').")
    List<String> words = new ArrayList<>();

    @Mixin
    OptionArgs options;

    @Mixin
    PersistArgs persist;

    /** The operation's name for messages: "add" or "set". */
    abstract String verb();

    abstract BondState apply(Bonds b, BondSettings s, int mtu);

    abstract void record(Persist p, Bonds b, BondSettings s, int mtu);

    @Override
    public Integer call() {
        BondSettings s = options.settings(words);
        int mtu = options.mtu(verb() + " " + bond, words);
        beginChange(verb() + " " + bond);
        try (Bonds b = bonds()) {
            persist.run(this, p -> record(p, b, s, mtu), () -> apply(b, s, mtu));
            printBond(this, b, bond);
        }
        return 0;
    }

    /** With --json, the bond as show --json lists it (its ports in the bond's order). */
    static void printBond(BaseCommand c, Bonds b, String bond) {
        if (c.global().json) {
            ShowCommand.Shown s = ShowCommand.withProcFacts(c, b.show(bond));
            c.out().println(Json.write(BondJson.of(s.state(), s.facts(), null)));
        }
    }
}
