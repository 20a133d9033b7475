package org.bondctl.cli;

import java.util.List;
import org.bondctl.plan.Bonds;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** enslave and release: a bond and ports, --persist, the bond printed after (with --json). */
abstract class PortsCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "BOND")
    String bond;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IFNAME")
    List<String> ports;

    @Mixin
    PersistArgs persist;

    /** "enslave ens192 ens224 to bond0": what the change lock and messages call it. */
    abstract String operation();

    /** The live change with its profile change (persist.run). */
    abstract void change(Bonds b);

    @Override
    public Integer call() {
        return change(operation(), b -> {
            change(b);
            BondOptionsCommand.printBond(this, b, bond);
        });
    }
}
