package org.bondctl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "down", description = {"Bring an interface down.", "Equivalent to: ip link set IFNAME down"})
final class DownCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "IFNAME")
    String ifname;

    @Override
    public Integer call() {
        return UpCommand.setUp(this, ifname, false);
    }
}
