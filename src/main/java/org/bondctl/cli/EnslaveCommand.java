package org.bondctl.cli;

import java.util.List;
import org.bondctl.plan.Bonds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "enslave", description = {"Add ports to a bond; all or nothing.",
    "Each port is brought down, enslaved and brought up; if one fails, the others are released again.",
    "Equivalent to: ip link set IFNAME down; ip link set IFNAME master BOND; ip link set IFNAME up"})
final class EnslaveCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "BOND")
    String bond;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IFNAME")
    List<String> ports;

    @Mixin
    PersistArgs persist;

    @Override
    public Integer call() {
        beginChange("enslave " + String.join(" ", ports) + " to " + bond);
        try (Bonds b = bonds()) {
            persist.run(this, p -> p.portsAdded(b, bond, ports), () -> b.enslave(bond, ports));
        }
        return 0;
    }
}
