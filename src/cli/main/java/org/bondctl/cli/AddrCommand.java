package org.bondctl.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.plan.Bonds;
import org.bondctl.plan.Interfaces;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "addr", description = "Interface addresses, IPv4 and IPv6.",
        subcommands = {AddrCommand.Add.class, AddrCommand.Del.class, AddrCommand.Show.class})
final class AddrCommand {

    /** Adds or deletes an address; --persist records it in the interface's profile. */
    abstract static class Change extends BaseCommand {
        @Parameters(index = "0", paramLabel = "IFNAME")
        String ifname;

        @Parameters(index = "1", paramLabel = "CIDR", description = "e.g. 192.0.2.10/24 or 2001:db8::10/64")
        String cidr;

        @Parameters(index = "2..*", arity = "0..2", paramLabel = "metric N", description = {
            "add only: the metric of the prefix route the kernel makes for the address (default: 0 for IPv4,"
                + " 256 for IPv6). NetworkManager gives it the profile's route metric: 300 for a bond, 400 for a VLAN."
                + " With --persist the default is the profile's, and another metric is refused."})
        List<String> metricWords = new ArrayList<>();

        @Mixin
        PersistArgs persist;

        abstract boolean adding();

        /** "metric N" after the address, as ip(8) takes it on add (0-4294967295); null when absent. */
        private Integer metric() {
            if (metricWords.isEmpty()) {
                return null;
            }
            String op = "addr " + (adding() ? "add " : "del ") + ifname + " " + cidr;
            if (!adding() || metricWords.size() != 2 || !metricWords.get(0).equals("metric")) {
                throw org.bondctl.error.BondctlException.invalid(op + ": unexpected '" + String.join(" ", metricWords)
                        + "'" + (adding() ? " (the only word after the address is 'metric N')" : ""));
            }
            return (int) RouteCommand.Spec.number(op, "metric", metricWords.get(1)); // as route add reads it
        }

        @Override
        public Integer call() {
            Rtnetlink.checkName(ifname);
            Address a = Address.parse(cidr);
            Integer given = metric();
            int[] metric = {given == null ? 0 : given};
            beginChange((adding() ? "addr add " : "addr del ") + ifname + " " + cidr);
            try (Bonds b = bonds()) {
                Interfaces ifs = b.interfaces();
                // with --persist the address takes the profile's metric, as an apply of it would
                persist.run(this, p -> metric[0] = p.address(b, ifname, a, adding(), given), () -> {
                    if (adding()) {
                        ifs.addAddress(ifname, a, metric[0]);
                    } else {
                        ifs.deleteAddress(ifname, a);
                    }
                });
                if (global().json) {
                    Link l = b.rtnetlink().require(ifname);
                    out().println(Json.write(LinkJson.addresses(l, b.rtnetlink().addresses(l.index()))));
                }
            }
            return 0;
        }
    }

    @Command(name = "add", description = {"Add an address.", "Equivalent to: ip addr add CIDR dev IFNAME [metric N]"})
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

    @Command(name = "show", description = {"List addresses, one per line; with --json as ip -j addr does.",
        "Equivalent to: ip addr show [dev IFNAME]"})
    static final class Show extends BaseCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "IFNAME")
        String ifname;

        @Override
        public Integer call() {
            try (Rtnetlink r = Rtnetlink.open(global().netns)) {
                if (ifname != null) {
                    r.require(ifname);
                }
                Map<Integer, List<Address>> all = r.allAddresses();
                List<Object> json = new ArrayList<>();
                for (Link l : r.links()) {
                    if (ifname != null && !ifname.equals(l.name())) {
                        continue;
                    }
                    List<Address> addrs = all.getOrDefault(l.index(), List.of());
                    if (global().json) {
                        json.add(LinkJson.addresses(l, addrs));
                    } else {
                        addrs.forEach(a -> out().println(l.name() + " " + a));
                    }
                }
                if (global().json) {
                    out().println(Json.write(json));
                }
            }
            return 0;
        }
    }
}
