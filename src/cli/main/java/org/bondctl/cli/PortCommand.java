package org.bondctl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.bondctl.bond.BondState;
import org.bondctl.bond.PortState;
import org.bondctl.bond.options.PortOption;
import org.bondctl.error.BondctlException;
import org.bondctl.ethtool.Ethtool;
import org.bondctl.plan.Bonds;
import org.bondctl.rtnl.Link;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "port", description = "Bond ports: their options and state.",
        subcommands = {PortCommand.Set.class, PortCommand.Show.class})
final class PortCommand {

    @Command(name = "set", description = {"Change port options (queue_id, prio, actor_port_prio) of a bond port.",
        "Equivalent to: ip link set IFNAME type bond_slave queue_id N prio N"})
    static final class Set extends BaseCommand {
        @Parameters(index = "0", paramLabel = "IFNAME")
        String port;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "OPTION=VALUE")
        List<String> words;

        @Override
        public Integer call() {
            Map<PortOption, Long> values;
            try {
                values = PortOption.parseAll(words);
            } catch (BondctlException e) {
                throw e.in("port set " + port);
            }
            beginChange("port set " + port);
            try (Bonds b = bonds()) {
                b.setPort(port, values); // one plan: a refused option puts back those before it
                if (global().json) {
                    List<Object> one = ports(this, b, port);
                    out().println(Json.write(one.get(0)));
                }
            }
            return 0;
        }
    }

    @Command(name = "show", description = {"List bond ports: bond, state, MII status, options, speed and duplex, 802.3ad state.",
        "Ports in each bond's own order. With --json an array, keys as ip -j -d link show's info_slave_data.",
        "Equivalent to: ip -d link show type bond_slave"})
    static final class Show extends BaseCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "IFNAME", description = "Only this port.")
        String port;

        @Override
        public Integer call() {
            try (Bonds b = bonds()) {
                List<Object> json = ports(this, b, port);
                if (global().json) {
                    out().println(Json.write(json));
                    return 0;
                }
                for (Object o : json) {
                    out().println(text(o));
                }
            }
            return 0;
        }

        /** "ens192 master bond0 state ACTIVE mii_status UP link_failure_count 0 queue_id 0 ...": ip -d's words. */
        @SuppressWarnings("unchecked")
        private static String text(Object o) {
            Map<String, Object> m = (Map<String, Object>) o;
            StringJoiner j = new StringJoiner(" ");
            j.add(String.valueOf(m.get("ifname")));
            for (Map.Entry<String, Object> e : m.entrySet()) {
                if (e.getKey().equals("ifname")) {
                    continue;
                } else if (e.getValue() instanceof List<?> l) {
                    j.add(e.getKey()).add(l.isEmpty() ? "-" : String.join(",", l.stream().map(String::valueOf).toList()));
                } else if (!(e.getValue() instanceof Map<?, ?>) && e.getValue() != null) {
                    j.add(e.getKey()).add(String.valueOf(e.getValue()));
                }
            }
            return j.toString();
        }
    }

    /**
     * The ports of every bond (or the one named), as JSON objects, each bond's in its own
     * order. Naming an interface that is no bond port is an error (not found, or invalid).
     */
    static List<Object> ports(BaseCommand c, Bonds b, String only) {
        List<Object> out = new ArrayList<>();
        List<BondState> bonds;
        if (only != null) {
            Link l = b.rtnetlink().require(only);
            if (!l.isBondPort()) {
                throw BondctlException.invalid("port show " + only + ": not a bond port");
            }
            String master = b.rtnetlink().link(l.master()).map(Link::name).orElseThrow(
                    () -> BondctlException.notFound("port show " + only + ": its bond is gone"));
            bonds = List.of(b.show(master));
        } else {
            bonds = b.list();
        }
        try (Ethtool ethtool = Ethtool.open(c.global().netns)) {
            for (BondState s : bonds) {
                ShowCommand.Shown shown = ShowCommand.withProcFacts(c, s);
                for (PortState p : shown.state().ports()) {
                    if (only == null || only.equals(p.name())) {
                        out.add(BondJson.port(shown.state(), p, shown.facts() == null ? null : shown.facts().port(p.name()),
                                ethtool == null ? null : l -> ethtool.linkModes(l.index())));
                    }
                }
            }
        }
        return out;
    }
}
