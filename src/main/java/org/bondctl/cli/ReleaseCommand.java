package org.bondctl.cli;

import java.util.List;
import org.bondctl.plan.Bonds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "release", description = {"Remove ports from a bond.", "Equivalent to: ip link set IFNAME nomaster"})
final class ReleaseCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "BOND")
    String bond;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IFNAME")
    List<String> ports;

    @Mixin
    PersistArgs persist;

    @Override
    public Integer call() {
        beginChange("release " + String.join(" ", ports) + " from " + bond);
        try (Bonds b = bonds()) {
            persist.run(this, p -> p.portsReleased(ports), () -> b.release(bond, ports));
        }
        return 0;
    }
}
