package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bondctl.cli.Cli;
import org.bondctl.cli.WithSeedCli;
import org.bondctl.rtnl.SeedNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nmcli -g IP4.ADDRESS device show IFNAME}, the scripts' way to read an address: the
 * list fields (IP4.ADDRESS, IP4.ROUTE, IP4.DNS, IP6 ...) are named without their [n] in -f and
 * -g, and -g prints their values on one line separated by " | " (an empty line for none), as
 * NetworkManager 1.42's nmcli does (seen in the test bed). On the host kernel, in a namespace.
 */
@WithSeedCli
class NmcliDeviceFieldsTest {
    private SeedNetwork net;
    private Cli cli;

    @TempDir
    Path root;

    private String nmcli(String... words) {
        List<String> args = new ArrayList<>(List.of("nmcli", "--bondctl-root", root.toString()));
        args.addAll(List.of(words));
        Cli.Result r = cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r::toString);
        return r.out();
    }

    @Test
    void listFieldsByTheirNames() {
        assertEquals(0, cli.run("up", "ens192").exit());
        assertEquals(0, cli.run("addr", "add", "ens192", "192.0.2.5/24").exit());
        assertEquals(0, cli.run("addr", "add", "ens192", "192.0.2.6/24").exit());
        assertEquals("192.0.2.5/24 | 192.0.2.6/24\n", nmcli("-g", "IP4.ADDRESS", "device", "show", "ens192"));
        assertEquals("192.0.2.5/24 | 192.0.2.6/24\n\n", nmcli("-g", "ip4.address,IP4.GATEWAY", "device", "show", "ens192"));
        assertEquals("IP4.ADDRESS[1]:                         192.0.2.5/24\nIP4.ADDRESS[2]:                         192.0.2.6/24\n",
                nmcli("-f", "IP4.ADDRESS", "device", "show", "ens192"));
        assertEquals("IP4.ADDRESS[1]:192.0.2.5/24\nIP4.ADDRESS[2]:192.0.2.6/24\n",
                nmcli("-t", "-f", "IP4.ADDRESS", "device", "show", "ens192"));
        // none: an empty line, not an error
        assertEquals("\n\n", nmcli("-g", "IP4.ADDRESS,IP4.DNS", "device", "show", "ens224"));
        assertEquals("192.0.2.5/24 | 192.0.2.6/24\n10 (unmanaged)\n",
                nmcli("-g", "IP4.ADDRESS,GENERAL.STATE", "device", "show", "ens192"));
    }
}
