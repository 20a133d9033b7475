package org.bondctl.cli;

import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Rtnetlink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "mtu", description = {"Set the MTU of a bond (its ports follow) or of a VLAN (at most the MTU of its parent).",
    "Equivalent to: ip link set IFNAME mtu MTU"})
final class MtuCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "IFNAME")
    String ifname;

    @Parameters(index = "1", paramLabel = "MTU")
    String mtu;

    @Mixin
    PersistArgs persist;

    @Override
    public Integer call() {
        Rtnetlink.checkName(ifname);
        int m = parse("mtu " + ifname, mtu);
        return change("mtu " + ifname, b -> {
            persist.run(this, p -> p.mtu(b, ifname, m), () -> b.interfaces().setMtu(ifname, m));
            if (global().json) {
                out().println(Json.write(LinkJson.link(b.rtnetlink().require(ifname))));
            }
        });
    }

    static int parse(String op, String text) {
        if (!Address.isDecimal(text, 5) || Integer.parseInt(text) > 65535) {
            throw BondctlException.invalid(op + ": '" + text + "' is not an MTU (68-65535)");
        }
        return Integer.parseInt(text);
    }
}
