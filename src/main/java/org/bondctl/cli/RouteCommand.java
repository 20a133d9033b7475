package org.bondctl.cli;

import java.net.InetAddress;
import java.util.List;
import org.bondctl.bond.Bonds;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnetlink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "route", description = "Default routes.",
        subcommands = {RouteCommand.Add.class, RouteCommand.Del.class, RouteCommand.Show.class})
final class RouteCommand {

    /** "default via GATEWAY [dev IFNAME] [metric N]". */
    record Spec(InetAddress gateway, String dev, int metric) {
        static Spec parse(String op, List<String> w) {
            if (w.size() < 3 || !w.get(0).equals("default") || !w.get(1).equals("via")) {
                throw BondctlException.invalid(op + ": expected 'default via GATEWAY [dev IFNAME] [metric N]'");
            }
            InetAddress gw = Address.parseIp(w.get(2), op + " gateway");
            String dev = null;
            int metric = 0;
            for (int i = 3; i < w.size(); i += 2) {
                if (i + 1 >= w.size()) {
                    throw BondctlException.invalid(op + ": '" + w.get(i) + "' needs a value");
                }
                switch (w.get(i)) {
                    case "dev" -> dev = w.get(i + 1);
                    case "metric" -> {
                        try {
                            metric = Integer.parseInt(w.get(i + 1));
                        } catch (NumberFormatException e) {
                            throw BondctlException.invalid(op + ": metric '" + w.get(i + 1) + "' is not a number");
                        }
                    }
                    default -> throw BondctlException.invalid(op + ": unknown word '" + w.get(i) + "'");
                }
            }
            return new Spec(gw, dev, metric);
        }
    }

    /** Adds or deletes a default route; --persist keeps the gateway in the bond profile of 'dev IFNAME'. */
    abstract static class Change extends BaseCommand {
        @Parameters(paramLabel = "default via GATEWAY [dev IFNAME] [metric N]", arity = "3..*")
        List<String> words;

        @Mixin
        PersistArgs persist;

        abstract boolean adding();

        @Override
        public Integer call() {
            String op = adding() ? "route add" : "route del";
            Spec s = Spec.parse(op, words);
            if (persist.persist && s.dev() == null) {
                throw BondctlException.invalid(op + " --persist: name the bond with 'dev IFNAME' (the gateway is kept in its profile)");
            }
            requireNetAdmin(op + " default via " + s.gateway().getHostAddress());
            try (Bonds b = bonds()) {
                Rtnetlink r = b.rtnetlink();
                Link dev = s.dev() == null ? null : r.require(s.dev());
                if (adding()) {
                    r.addDefaultRoute(s.gateway(), dev, s.metric(), false);
                } else {
                    r.deleteDefaultRoute(s.gateway(), dev, s.metric());
                }
                persist.after(this, p -> p.gateway(b, s.dev(), s.gateway(), adding()));
            }
            return 0;
        }
    }

    @Command(name = "add", description = {"Add a default route.",
        "Equivalent to: ip route add default via GATEWAY [dev IFNAME] [metric N]"})
    static final class Add extends Change {
        @Override
        boolean adding() {
            return true;
        }
    }

    @Command(name = "del", description = {"Delete a default route.",
        "Equivalent to: ip route del default via GATEWAY [dev IFNAME]"})
    static final class Del extends Change {
        @Override
        boolean adding() {
            return false;
        }
    }

    @Command(name = "show", description = {"List default routes of the main table.", "Equivalent to: ip route show default"})
    static final class Show extends BaseCommand {
        @Override
        public Integer call() {
            try (Rtnetlink r = Rtnetlink.open(global().netns)) {
                List<Link> links = r.links();
                for (Route rt : r.routes()) {
                    if (!rt.isDefault() || rt.gateway() == null) {
                        continue;
                    }
                    String dev = links.stream().filter(l -> l.index() == rt.oif()).map(Link::name).findFirst().orElse("?");
                    out().println("default via " + rt.gateway().getHostAddress() + " dev " + dev
                            + (rt.metric() > 0 ? " metric " + rt.metric() : ""));
                }
            }
            return 0;
        }
    }
}
