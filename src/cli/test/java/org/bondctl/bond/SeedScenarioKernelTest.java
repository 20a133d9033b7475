package org.bondctl.bond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.bondctl.cli.Cli;
import org.bondctl.plan.Bonds;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.MacAddress;
import org.bondctl.rtnl.SeedNetwork;
import org.bondctl.cli.WithSeedCli;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed scenario end to end through the CLI, against the real bonding driver: every step is
 * read back from the kernel, then a pulled cable fails over and the restored one goes back
 * through "going back" (updelay) to the primary.
 */
@Tag("kernel")
@WithSeedCli
class SeedScenarioKernelTest {
    private SeedNetwork net;
    private Cli cli;
    private Bonds bonds;

    @TempDir
    Path tmp;

    private void ok(String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + " -> " + r);
    }

    @Test
    void seedScenarioWithFailoverAndReturn() throws Exception {
        ok("add", "bond0", "mode=active-backup");
        ok("enslave", "bond0", "ens192", "ens224");
        ok("addr", "add", "bond0", "192.0.2.10/24");
        ok("up", "bond0");
        ok("route", "add", "default", "via", "192.0.2.1", "dev", "bond0");
        Path resolv = tmp.resolve("resolv.conf");
        ok("dns", "set", "bond0", "--server", "192.0.2.53", "--search", "k.local.lab", "--resolv-conf", resolv.toString());

        BondState s = waitFor("carrier and an active port", 5000, b -> b.link().carrier() && b.activePort() != null);
        assertEquals("active-backup", s.text(org.bondctl.bond.options.BondOption.MODE));
        assertEquals(List.of("ens192", "ens224"), s.portNames());
        Link bond = net.rtnl.require("bond0");
        assertTrue(net.rtnl.addresses(bond.index()).contains(Address.parse("192.0.2.10/24")));
        Route def = net.rtnl.routes().stream().filter(r -> r.family() == Rtnl.AF_INET && r.isDefault()).findFirst().orElseThrow();
        assertEquals("192.0.2.1", def.gateway().getHostAddress());
        assertEquals(bond.index(), def.oif());
        String conf = Files.readString(resolv);
        assertTrue(conf.contains("nameserver 192.0.2.53\n") && conf.contains("search k.local.lab\n")
                && conf.contains("interface=bond0"), conf);

        // The seed's tuning, on the live bond.
        ok("set", "bond0", "miimon=1000", "primary=ens192", "primary_reselect=always", "updelay=10000");
        s = waitFor("ens192 active", 4000, b -> "ens192".equals(b.activePort()));
        assertEquals(1000, s.number(org.bondctl.bond.options.BondOption.MIIMON));
        assertEquals(10000, s.number(org.bondctl.bond.options.BondOption.UPDELAY));
        assertEquals("ens192", s.text(org.bondctl.bond.options.BondOption.PRIMARY));
        assertEquals("always", s.text(org.bondctl.bond.options.BondOption.PRIMARY_RESELECT));

        Cli.Result show = cli.run("show", "bond0");
        assertEquals(0, show.exit(), show::toString);
        for (String line : List.of("Bonding Mode: fault-tolerance (active-backup)",
                "Primary Slave: ens192 (primary_reselect always)", "Currently Active Slave: ens192",
                "MII Status: up", "MII Polling Interval (ms): 1000", "Up Delay (ms): 10000", "Down Delay (ms): 0",
                "Slave Interface: ens192", "Slave Interface: ens224", "Link Failure Count: 0", "State: active",
                "State: backup")) {
            assertTrue(show.out().contains(line + "\n"), () -> "missing '" + line + "' in\n" + show.out());
        }
        Cli.Result all = cli.run("show"); // every bond: speed and duplex from one ethtool dump
        assertEquals(show.out().replace("Speed: Unknown", "?"), all.out().replace("Speed: Unknown", "?"), all::toString);
        assertTrue(all.out().contains("Speed: 10000 Mbps\nDuplex: full\n"), all::toString);
        MacAddress perm192 = s.ports().get(0).permHwaddr();
        assertTrue(show.out().contains("Permanent HW addr: " + Link.mac(perm192)), show.out());

        // Pull the active cable: the MII monitor (miimon=1000) fails over to ens224.
        net.cable("ens192", false);
        s = waitFor("failover to ens224", 4000, b -> "ens224".equals(b.activePort()));
        PortState p192 = s.ports().stream().filter(p -> p.name().equals("ens192")).findFirst().orElseThrow();
        assertEquals("down", p192.miiStatusName());
        assertEquals(1, p192.linkFailureCount());
        assertEquals("backup", p192.stateName());

        // Restore it: "going back" for updelay, then primary_reselect=always returns to ens192.
        net.cable("ens192", true);
        s = waitFor("ens192 going back", 4000, b -> port(b, "ens192").miiStatus() == MiiStatus.GOING_BACK);
        assertEquals("ens224", s.activePort(), "still on ens224 during updelay");
        Cli.Result going = cli.run("show", "--json", "bond0");
        assertTrue(going.out().contains("\"ifname\":\"ens192\",") && going.out().contains("\"mii_status\":\"GOING_BACK\""),
                going::toString);
        long backAt = System.nanoTime();
        s = waitFor("back to ens192", 15000, b -> "ens192".equals(b.activePort()));
        long waitedMs = (System.nanoTime() - backAt) / 1_000_000;
        assertTrue(waitedMs > 7000, "updelay=10000 held ens192 back for " + waitedMs + " ms");
        assertEquals("up", port(s, "ens192").miiStatusName());

        ok("del", "bond0");
        assertTrue(net.rtnl.link("bond0").isEmpty());
        assertTrue(net.rtnl.require("ens192").master() == 0, "deleting the bond released its ports");
    }

    static PortState port(BondState b, String name) {
        return b.port(name).orElseThrow();
    }

    private BondState waitFor(String what, long timeoutMs, Predicate<BondState> done) throws InterruptedException {
        BondState s = bonds.await("bond0", timeoutMs, done);
        assertTrue(done.test(s), () -> "timed out waiting for " + what + "; last state:\n" + ProcView.render(s, null));
        return s;
    }
}
