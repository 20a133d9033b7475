package org.bondctl.cli;

import java.util.List;
import org.bondctl.plan.Bonds;
import org.bondctl.bond.options.PortOption;
import org.bondctl.error.BondctlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "port", description = "Bond port options.", subcommands = PortCommand.Set.class)
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
            java.util.Map<PortOption, Object> values = new java.util.LinkedHashMap<>();
            for (String w : words) {
                int eq = w.indexOf('=');
                if (eq <= 0) {
                    throw BondctlException.invalid("port set " + port + ": '" + w + "' is not OPTION=VALUE");
                }
                PortOption o = PortOption.byName(w.substring(0, eq));
                if (values.put(o, o.parse(w.substring(eq + 1))) != null) {
                    throw BondctlException.invalid("port set " + port + ": option " + o.kernelName() + " given twice");
                }
            }
            beginChange("port set " + port);
            try (Bonds b = bonds()) {
                b.setPort(port, values); // one plan: a refused option puts back those before it
            }
            return 0;
        }
    }
}
