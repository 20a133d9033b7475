package org.bondctl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "del", description = {"Delete a bond (its ports are released); refused while VLANs are on it, unless --force.",
    "Equivalent to: ip link del BOND"})
final class DelCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "BOND")
    String bond;

    @Option(names = "--force", description = "Also delete the VLANs on the bond.")
    boolean force;

    @Mixin
    PersistArgs persist;

    @Override
    public Integer call() {
        return change("del " + bond, b -> persist.run(this, p -> p.bondDeleted(b, bond, force), () -> b.delete(bond, force)));
    }
}
