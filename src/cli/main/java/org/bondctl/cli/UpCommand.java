package org.bondctl.cli;

import org.bondctl.plan.Interfaces;
import org.bondctl.rtnl.Rtnetlink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "up", description = {"Bring an interface up.", "Equivalent to: ip link set IFNAME up"})
final class UpCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "IFNAME")
    String ifname;

    @Override
    public Integer call() {
        return setUp(this, ifname, true);
    }

    static int setUp(BaseCommand c, String ifname, boolean up) {
        Rtnetlink.checkName(ifname);
        c.beginChange((up ? "up " : "down ") + ifname);
        try (Rtnetlink r = Rtnetlink.open(c.global().netns)) {
            new Interfaces(r, n -> c.err().println("bondctl: note: " + n)).setUp(ifname, up);
            if (c.global().json) {
                c.out().println(Json.write(LinkJson.link(r.require(ifname))));
            }
        }
        return 0;
    }
}
