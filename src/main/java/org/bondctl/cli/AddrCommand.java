package org.bondctl.cli;

import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.bond.Bonds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "addr", description = "Interface addresses.",
        subcommands = {AddrCommand.Add.class, AddrCommand.Del.class, AddrCommand.Show.class})
final class AddrCommand {

    @Command(name = "add", description = {"Add an address.", "Equivalent to: ip addr add CIDR dev IFNAME"})
    static final class Add extends BaseCommand {
        @Parameters(index = "0", paramLabel = "IFNAME")
        String ifname;

        @Parameters(index = "1", paramLabel = "CIDR", description = "e.g. 192.0.2.10/24")
        String cidr;

        @Mixin
        PersistArgs persist;

        @Override
        public Integer call() {
            Address a = Address.parse(cidr);
            requireNetAdmin("addr add " + ifname + " " + cidr);
            try (Rtnetlink r = Rtnetlink.open(global().netns)) {
                r.addAddress(r.require(ifname), a);
            }
            try (Bonds b = bonds()) {
                persist.after(this, p -> p.address(b, ifname, a, true));
            }
            return 0;
        }
    }

    @Command(name = "del", description = {"Delete an address.", "Equivalent to: ip addr del CIDR dev IFNAME"})
    static final class Del extends BaseCommand {
        @Parameters(index = "0", paramLabel = "IFNAME")
        String ifname;

        @Parameters(index = "1", paramLabel = "CIDR")
        String cidr;

        @Mixin
        PersistArgs persist;

        @Override
        public Integer call() {
            Address a = Address.parse(cidr);
            requireNetAdmin("addr del " + ifname + " " + cidr);
            try (Rtnetlink r = Rtnetlink.open(global().netns)) {
                r.deleteAddress(r.require(ifname), a);
            }
            try (Bonds b = bonds()) {
                persist.after(this, p -> p.address(b, ifname, a, false));
            }
            return 0;
        }
    }

    @Command(name = "show", description = {"List addresses.", "Equivalent to: ip addr show [dev IFNAME]"})
    static final class Show extends BaseCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "IFNAME")
        String ifname;

        @Override
        public Integer call() {
            try (Rtnetlink r = Rtnetlink.open(global().netns)) {
                for (Link l : r.links()) {
                    if (ifname != null && !ifname.equals(l.name())) {
                        continue;
                    }
                    for (Address a : r.addresses(l.index())) {
                        out().println(l.name() + " " + a);
                    }
                }
                if (ifname != null) {
                    r.require(ifname);
                }
            }
            return 0;
        }
    }
}
