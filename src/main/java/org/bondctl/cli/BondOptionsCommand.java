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
            BondState[] st = new BondState[1];
            persist.run(this, p -> record(p, b, s, mtu), () -> st[0] = apply(b, s, mtu));
            if (global().json) {
                out().println(Json.write(BondJson.of(st[0])));
            }
        }
        return 0;
    }
}
