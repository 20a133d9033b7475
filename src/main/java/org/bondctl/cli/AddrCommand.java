package org.bondctl.cli;

import org.bondctl.bond.Bonds;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Rtnetlink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "addr", description = "Interface addresses.",
        subcommands = {AddrCommand.Add.class, AddrCommand.Del.class, AddrCommand.Show.class})
final class AddrCommand {

    /** Adds or deletes an address; --persist records it in the interface's profile. */
    abstract static class Change extends BaseCommand {
        @Parameters(index = "0", paramLabel = "IFNAME")
        String ifname;

        @Parameters(index = "1", paramLabel = "CIDR", description = "e.g. 192.0.2.10/24")
        String cidr;

        @Mixin
        PersistArgs persist;

        abstract boolean adding();

        @Override
        public Integer call() {
            Address a = Address.parse(cidr);
            requireNetAdmin((adding() ? "addr add " : "addr del ") + ifname + " " + cidr);
            try (Bonds b = bonds()) {
                Rtnetlink r = b.rtnetlink();
                if (adding()) {
                    r.addAddress(r.require(ifname), a);
                } else {
                    r.deleteAddress(r.require(ifname), a);
                }
                persist.after(this, p -> p.address(b, ifname, a, adding()));
            }
            return 0;
        }
    }

    @Command(name = "add", description = {"Add an address.", "Equivalent to: ip addr add CIDR dev IFNAME"})
    static final class Add extends Change {
        @Override
        boolean adding() {
            return true;
        }
    }

    @Command(name = "del", description = {"Delete an address.", "Equivalent to: ip addr del CIDR dev IFNAME"})
    static final class Del extends Change {
        @Override
        boolean adding() {
            return false;
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
