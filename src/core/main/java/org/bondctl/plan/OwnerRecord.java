package org.bondctl.plan;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bondctl.fs.PrivateFile;
import org.bondctl.rtnl.RoutingRule;
import org.bondctl.rtnl.Rtnl;

/**
 * What bondctl added that no interface holds as its own - policy routing rules, typed routes
 * ({@link NetworkSpec.OwnedSpec}) - by the profile (UUID) that asked for each: this record is
 * how bondctl knows which are its own to remove, as NetworkManager knows those it added (and
 * leaves others alone, proto static or not: seen). One "OWNER ITEM" a line, OWNER URL-encoded,
 * in the state directory (/run/bondctl: gone at reboot with what it records), one file per
 * kind and network namespace. It is written as the last step of the change that adds or
 * removes the items, so a crash leaves record and kernel in step.
 *
 * @param <T> a rule, or a typed route (as the step that adds it: its interface and route)
 */
final class OwnerRecord<T> {
    final Path file;
    /** The file's bytes when read (null: none). */
    final byte[] original;
    final Map<String, List<T>> byOwner = new LinkedHashMap<>();
    private final Function<T, String> format;

    private OwnerRecord(Path file, Function<String, T> parse, Function<T, String> format) {
        this.file = file;
        this.format = format;
        this.original = PrivateFile.read(file);
        if (original != null) {
            for (String line : new String(original, StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.strip().split(" ", 2);
                if (f.length == 2) {
                    try {
                        T item = parse.apply(f[1]);
                        byOwner.computeIfAbsent(URLDecoder.decode(f[0], StandardCharsets.UTF_8), o -> new ArrayList<>()).add(item);
                    } catch (RuntimeException e) {
                        // a damaged line: that item is no longer known as bondctl's, and stays (the safe side)
                    }
                }
            }
        }
    }

    /** The record of the rules in namespace {@code netns} (null: the current one): "OWNER 4|6 RULE", RULE in NM's text. */
    static OwnerRecord<RoutingRule> rules(String netns) {
        return new OwnerRecord<>(file("routing-rules", netns), text -> {
            String[] f = text.split(" ", 2);
            if (f.length != 2 || !f[0].matches("[46]")) {
                throw new IllegalArgumentException("not a rule: " + text);
            }
            return RoutingRule.parse(f[1], f[0].equals("6") ? Rtnl.AF_INET6 : Rtnl.AF_INET);
        }, r -> (r.family() == Rtnl.AF_INET6 ? 6 : 4) + " " + r);
    }

    /** The record of the typed routes in namespace {@code netns}: "OWNER STEP", STEP the undo log's text of the step that adds it. */
    static OwnerRecord<Step.AddRoute> routes(String netns) {
        return new OwnerRecord<>(file("typed-routes", netns), text -> {
            List<Step> steps = StepCodec.decode(text);
            if (steps.size() != 1 || !(steps.get(0) instanceof Step.AddRoute a)) {
                throw new IllegalArgumentException("not a route: " + text);
            }
            return a;
        }, a -> StepCodec.encode(a));
    }

    private static Path file(String kind, String netns) {
        return Journal.dir().resolve(netns == null ? kind : kind + "@" + netns.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    /** The record's text for {@code owners}. */
    byte[] bytes(Map<String, List<T>> owners) {
        StringBuilder sb = new StringBuilder();
        owners.forEach((owner, items) -> items.forEach(i -> sb.append(URLEncoder.encode(owner, StandardCharsets.UTF_8))
                .append(' ').append(format.apply(i)).append('\n')));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
