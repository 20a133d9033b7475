package org.bondctl.cli;

import org.bondctl.plan.Bonds;
import picocli.CommandLine.Command;

@Command(name = "enslave", description = {"Add ports to a bond; all or nothing.",
    "Each port is brought down, enslaved and brought up; if one fails, the others are released again.",
    "Equivalent to: ip link set IFNAME down; ip link set IFNAME master BOND; ip link set IFNAME up"})
final class EnslaveCommand extends PortsCommand {
    @Override
    String operation() {
        return "enslave " + String.join(" ", ports) + " to " + bond;
    }

    @Override
    void change(Bonds b) {
        persist.run(this, p -> p.portsAdded(b, bond, ports), () -> b.enslave(bond, ports));
    }
}
