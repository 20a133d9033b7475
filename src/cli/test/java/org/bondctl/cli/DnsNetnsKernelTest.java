package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bondctl.rtnl.SeedNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * With --netns and no --resolv-conf, DNS goes to /etc/netns/NAME/resolv.conf (what
 * {@code ip netns exec} shows the namespace as /etc/resolv.conf), never the host's file.
 * Tagged kernel: it writes under /etc, which is a throwaway overlay only in the test bed.
 */
@Tag("kernel")
class DnsNetnsKernelTest {
    @Test
    void namespaceGetsItsOwnResolvConf() throws Exception {
        byte[] hostBefore = Files.exists(Path.of("/etc/resolv.conf")) ? Files.readAllBytes(Path.of("/etc/resolv.conf")) : null;
        try (SeedNetwork net = new SeedNetwork()) {
            Cli cli = new Cli(net.name());
            Path ns = Path.of("/etc/netns", net.name(), "resolv.conf");
            try {
                Cli.Result r = cli.run("dns", "set", "ens192", "--server", "192.0.2.53", "--search", "k.local.lab");
                assertEquals(0, r.exit(), r::toString);
                assertTrue(Files.readString(ns).contains("nameserver 192.0.2.53\n"));
                assertEquals("nameserver 192.0.2.53\nsearch k.local.lab\ninterface ens192\n", cli.run("dns", "show").out());
            } finally {
                Files.deleteIfExists(ns);
                Files.deleteIfExists(ns.getParent());
            }
        }
        byte[] hostAfter = Files.exists(Path.of("/etc/resolv.conf")) ? Files.readAllBytes(Path.of("/etc/resolv.conf")) : null;
        assertTrue(java.util.Arrays.equals(hostBefore, hostAfter), "/etc/resolv.conf untouched");
    }
}
