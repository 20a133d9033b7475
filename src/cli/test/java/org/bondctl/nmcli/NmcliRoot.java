package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.bondctl.cli.Cli;

/** {@code bondctl nmcli} on a profile root of its own: profiles only, no kernel, no NetworkManager. */
record NmcliRoot(java.nio.file.Path root) {
    Cli.Result nmcli(String... words) {
        List<String> args = new ArrayList<>(List.of("nmcli", "--bondctl-root", root.toString()));
        args.addAll(List.of(words));
        return new Cli(null).run(args.toArray(String[]::new));
    }

    /** A line that must succeed. */
    Cli.Result ok(String... words) {
        Cli.Result r = nmcli(words);
        assertEquals(0, r.exit(), () -> String.join(" ", words) + " -> " + r);
        return r;
    }
}
