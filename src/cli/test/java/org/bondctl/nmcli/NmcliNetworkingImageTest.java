package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bondctl.cli.Cli;
import org.bondctl.cli.WithSeedCli;
import org.bondctl.plan.NetState;
import org.bondctl.rtnl.SeedNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code networking off|on} on an image's profiles ({@code --bondctl-root DIR}): the switch in
 * the image's NetworkManager.state changes, as NM writes it, and nothing in the kernel here (run
 * in a namespace of its own: were it to act on the kernel, it would act there, not on the
 * host's links). Unknown words are refused in nmcli's.
 */
@WithSeedCli
class NmcliNetworkingImageTest {
    private SeedNetwork net;
    private Cli cli;

    @TempDir
    Path root;

    private Cli.Result nmcli(String... words) {
        List<String> args = new java.util.ArrayList<>(List.of("nmcli", "--bondctl-root", root.toString()));
        args.addAll(List.of(words));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void anImagesSwitchAloneChanges() throws Exception {
        List<String> before = NetState.of(net.rtnl);
        assertEquals("enabled\n", nmcli("networking").out());
        Cli.Result r = nmcli("networking", "off");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.out() + r.err());
        assertEquals("disabled\n", nmcli("networking").out());
        assertEquals("[main]\nNetworkingEnabled=false\nWirelessEnabled=true\nWWANEnabled=true\n",
                Files.readString(root.resolve("var/lib/NetworkManager/NetworkManager.state")));
        assertEquals(before, NetState.of(net.rtnl), "the kernel here is not the image's");
        assertEquals(0, nmcli("networking", "on").exit());
        assertEquals("enabled\n", nmcli("networking").out());
        assertEquals(before, NetState.of(net.rtnl));
        r = nmcli("networking", "foo");
        assertEquals(2, r.exit(), r::toString);
        assertEquals("Error: argument 'foo' not understood. Try passing --help instead.\n", r.err());
    }
}
