package org.bondctl.cli;

import org.bondctl.bond.Bonds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "del", description = {"Delete a bond (its ports are released).", "Equivalent to: ip link del BOND"})
final class DelCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "BOND")
    String bond;

    @Override
    public Integer call() {
        requireNetAdmin("del " + bond);
        try (Bonds b = bonds()) {
            b.delete(bond);
        }
        return 0;
    }
}
