package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bondctl.cli.Cli;
import org.bondctl.cli.WithSeedCli;
import org.bondctl.rtnl.SeedNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nmcli device set}'s words on bad input, as NetworkManager 1.42's nmcli gives them (seen
 * in the test bed), and that a tree of profiles keeps nothing: what it does to the system's own
 * devices is NmcliDeviceSetVsNmKernelTest's. On the host kernel, in a namespace.
 */
@WithSeedCli
class NmcliDeviceSetTest {
    private SeedNetwork net;
    private Cli cli;

    @TempDir
    Path root;

    private String attempt(String... words) {
        List<String> args = new ArrayList<>(List.of("nmcli", "--bondctl-root", root.toString(), "device", "set"));
        args.addAll(List.of(words));
        Cli.Result r = cli.run(args.toArray(String[]::new));
        return r.exit() + " " + r.out() + r.err();
    }

    @Test
    void badLinesAreRefusedInNmclisWords() {
        assertEquals("2 Error: No interface specified.\n", attempt());
        assertEquals("2 Error: No property specified.\n", attempt("ens192"));
        assertEquals("2 Error: property 'foo' is not known.\n", attempt("ens192", "foo", "yes"));
        assertEquals("2 Error: 'autoconnect' argument is missing.\n", attempt("ens192", "autoconnect"));
        assertEquals("2 Error: 'managed': 'maybe' is not valid; use [true, yes, on] or [false, no, off].\n",
                attempt("ens192", "managed", "maybe"));
        assertEquals("10 Error: Device 'ens999' not found.\n", attempt("ifname", "ens999", "managed", "yes"));
    }

    @Test
    void aTreeOfProfilesKeepsNothing() throws Exception {
        String r = attempt("ens192", "managed", "no", "autoconnect", "n");
        assertEquals("0 Warning: bondctl nmcli keeps 'device set' for the system's own devices only; " + root
                + " is a tree of profiles, nothing changed\n", r);
        try (var files = Files.walk(root)) {
            assertEquals(List.of(root), files.toList(), "nothing written below the root");
        }
    }
}
