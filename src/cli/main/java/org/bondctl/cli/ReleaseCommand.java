package org.bondctl.cli;

import org.bondctl.plan.Bonds;
import picocli.CommandLine.Command;

@Command(name = "release", description = {"Remove ports from a bond.", "Equivalent to: ip link set IFNAME nomaster"})
final class ReleaseCommand extends PortsCommand {
    @Override
    String operation() {
        return "release " + String.join(" ", ports) + " from " + bond;
    }

    @Override
    void change(Bonds b) {
        persist.run(this, p -> p.portsReleased(ports), () -> b.release(bond, ports));
    }
}
