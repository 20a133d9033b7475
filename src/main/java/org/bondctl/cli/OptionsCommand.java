package org.bondctl.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.PortOption;
import picocli.CommandLine.Command;

@Command(name = "options", description = "List every bond and port option: values, modes, flags, kernel version.")
final class OptionsCommand extends BaseCommand {
    @Override
    public Integer call() {
        if (global().json) {
            List<Object> rows = new ArrayList<>();
            for (BondOption o : BondOption.values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", o.kernelName());
                m.put("id", o.id());
                m.put("since", o.since());
                m.put("modes", o.modes().stream().map(BondMode::kernelName).toList());
                m.put("needs_down", o.needsDown());
                m.put("needs_no_slaves", o.needsNoSlaves());
                m.put("values", o.valueNames());
                m.put("help", o.help());
                rows.add(m);
            }
            out().println(Json.write(rows));
            return 0;
        }
        out().println("Bond options (bondctl add|set BOND NAME=VALUE):");
        for (BondOption o : BondOption.values()) {
            out().printf("  %-20s %s%n", o.kernelName(), o.help());
        }
        out().println("Port options (bondctl port set IFNAME NAME=VALUE):");
        for (PortOption o : PortOption.values()) {
            out().printf("  %-20s %s%n", o.kernelName(), o.help());
        }
        return 0;
    }
}
