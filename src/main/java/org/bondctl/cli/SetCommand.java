package org.bondctl.cli;

import java.util.ArrayList;
import java.util.List;
import org.bondctl.bond.BondState;
import org.bondctl.bond.Bonds;
import org.bondctl.bond.options.BondSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "set", description = {"Change options of a live bond in place (no teardown).",
    "Equivalent to: ip link set BOND type bond OPTIONS"})
final class SetCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "BOND")
    String bond;

    @Parameters(index = "1..*", paramLabel = "OPTION=VALUE",
            description = "Kernel bond options, e.g. mode=active-backup miimon=1000 primary=ens192 (see 'bondctl options').")
    List<String> words = new ArrayList<>();

    @Mixin
    OptionArgs options;

    @Mixin
    PersistArgs persist;

    @Override
    public Integer call() {
        BondSettings s = options.settings(words);
        requireNetAdmin("set " + bond);
        try (Bonds b = bonds()) {
            BondState st = b.set(bond, s);
            if (global().json) {
                out().println(Json.write(BondJson.of(st)));
            }
            persist.after(this, p -> p.bondChanged(b, bond, s));
        }
        return 0;
    }
}
