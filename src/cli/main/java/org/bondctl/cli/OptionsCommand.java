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
                rows.add(row("bond", o.kernelName(), BondJson.key(o), o.id(), o.wireType().name().toLowerCase(java.util.Locale.ROOT),
                        o.since(), o.modes(), o.needsDown(), o.needsNoSlaves(), o.aliases(), o.nmKey(), o.valueNames(), o.help()));
            }
            for (PortOption o : PortOption.values()) {
                rows.add(row("port", o.kernelName(), o.kernelName(), o.id(), o.wireType().name().toLowerCase(java.util.Locale.ROOT),
                        o.since(), o.modes(), false, false, o.aliases(), o.nmKey(), o.valueNames(), o.help()));
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

    /** One option: its name, its key in show --json, the netlink attribute and type, and the kernel's rules for it. */
    private static Map<String, Object> row(String kind, String name, String jsonKey, int id, String type, String since,
            java.util.Set<BondMode> modes, boolean needsDown, boolean needsNoSlaves, List<String> aliases, String nmKey,
            List<String> values, String help) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("kind", kind);
        m.put("json_key", jsonKey);
        m.put("id", id);
        m.put("type", type);
        m.put("since", since);
        m.put("modes", modes.stream().map(BondMode::kernelName).toList());
        m.put("needs_down", needsDown);
        m.put("needs_no_slaves", needsNoSlaves);
        m.put("aliases", aliases);
        m.put("nm_key", nmKey);
        m.put("values", values);
        m.put("help", help);
        return m;
    }
}
