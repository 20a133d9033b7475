package org.bondctl.plan;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.fs.PrivateFile;
import org.bondctl.rtnl.RoutingRule;
import org.bondctl.rtnl.Rtnl;

/**
 * The policy routing rules bondctl added, by the profile (UUID) that asked for each: a rule has
 * no interface to tie it to, so this record is how bondctl knows which rules are its own to
 * remove, as NetworkManager knows the rules it added (and leaves others alone, proto static or
 * not: seen). One "UUID 4|6 RULE" a line (RULE in NetworkManager's text), in the state
 * directory (/run/bondctl: gone at reboot with the rules), one file per network namespace. It
 * is written as the last step of the change that adds or removes the rules, so a crash leaves
 * record and kernel in step.
 */
final class RuleRecord {
    final Path file;
    /** The file's bytes when read (null: none). */
    final byte[] original;
    final Map<String, List<RoutingRule>> byOwner = new LinkedHashMap<>();

    private RuleRecord(Path file) {
        this.file = file;
        this.original = PrivateFile.read(file);
        if (original != null) {
            for (String line : new String(original, StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.strip().split(" ", 3);
                if (f.length == 3) {
                    int family = f[1].equals("6") ? Rtnl.AF_INET6 : Rtnl.AF_INET;
                    try {
                        byOwner.computeIfAbsent(f[0], o -> new ArrayList<>()).add(RoutingRule.parse(f[2], family));
                    } catch (RoutingRule.Invalid e) {
                        // a damaged line: that rule is no longer known as bondctl's, and stays (the safe side)
                    }
                }
            }
        }
    }

    /** The record of the namespace {@code netns} (null: the current one). */
    static RuleRecord read(String netns) {
        String name = netns == null ? "routing-rules" : "routing-rules@" + netns.replaceAll("[^A-Za-z0-9._-]", "_");
        return new RuleRecord(Journal.dir().resolve(name));
    }

    /** The record's text for {@code owners}. */
    static byte[] bytes(Map<String, List<RoutingRule>> owners) {
        StringBuilder sb = new StringBuilder();
        owners.forEach((owner, rules) -> rules.forEach(r -> sb.append(owner).append(' ')
                .append(r.family() == Rtnl.AF_INET6 ? 6 : 4).append(' ').append(r).append('\n')));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
