package org.bondctl.bond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.cli.Cli;
import org.bondctl.plan.Bonds;
import org.bondctl.rtnl.Rtnetlink;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code bondctl show} against the kernel's own /proc/net/bonding, line for line. /proc/net is
 * per network namespace and shows the reader's, so this test works in the test JVM's own
 * namespace: the UML guest's, which exists only for the test run.
 */
@Tag("kernel")
class ProcViewKernelTest {

    @ParameterizedTest
    @EnumSource(BondMode.class)
    void showMatchesProcNetBonding(BondMode mode) throws Exception {
        List<String> opts = new ArrayList<>(List.of("mode=" + mode.kernelName(), "miimon=100", "updelay=200"));
        if (mode == BondMode.ACTIVE_BACKUP) {
            opts.add("fail_over_mac=active");
        }
        assertShowMatchesProc(opts, mode);
    }

    /**
     * The ARP/NS monitor's lines (interval, missed max, both target lists, set and empty) in the
     * modes that have it.
     */
    @ParameterizedTest
    @EnumSource(value = BondMode.class, names = {"BALANCE_RR", "ACTIVE_BACKUP", "BALANCE_XOR", "BROADCAST"})
    void showMatchesProcNetBondingWithTheArpMonitor(BondMode mode) throws Exception {
        assertShowMatchesProc(List.of("mode=" + mode.kernelName(), "arp_interval=200", "arp_missed_max=3",
                "arp_ip_target=192.0.2.1,192.0.2.2", "ns_ip6_target=2001:db8::1,2001:db8::2"), mode);
        assertShowMatchesProc(List.of("mode=" + mode.kernelName(), "arp_interval=200"), mode);
    }

    private static void assertShowMatchesProc(List<String> opts, BondMode mode) throws Exception {
        try (Rtnetlink r = Rtnetlink.open(null); Bonds bonds = new Bonds(r)) {
            try {
                for (String n : new String[] {"192", "224"}) {
                    r.createVeth("pv" + n, "pp" + n);
                    r.setUp(r.require("pp" + n), true);
                }
                bonds.create("pvbond", BondSettings.parse(opts));
                bonds.enslave("pvbond", List.of("pv192", "pv224"));
                r.setUp(r.require("pvbond"), true);
                if (ProcView.usesPrimary(mode)) {
                    bonds.set("pvbond", BondSettings.parse(List.of("primary=pv192")));
                }
                Thread.sleep(600); // past updelay: MII states settle so both views read the same moment

                String proc = Files.readString(Path.of("/proc/net/bonding/pvbond"));
                Cli.Result show = new Cli(null).run("show", "pvbond");
                assertEquals(0, show.exit(), show::toString);
                List<String> ours = show.out().lines().toList();
                int compared = 0;
                for (String line : proc.lines().toList()) {
                    // Not in netlink: the driver version, and the LACPDU details and churn counters
                    // of each 802.3ad port (bond_procfs.c reads them from the port's state machine).
                    if (line.startsWith("Ethernet Channel Bonding Driver") || line.isBlank()
                            || line.startsWith("details actor lacp pdu:") || line.startsWith("details partner lacp pdu:")
                            || line.startsWith("    ") || line.contains("Churned Count:")) {
                        continue;
                    }
                    assertTrue(ours.contains(line), () -> "line '" + line + "' of /proc/net/bonding/pvbond not in show:\n"
                            + show.out() + "\n--- proc:\n" + proc);
                    compared++;
                }
                assertTrue(compared >= 14, "compared " + compared + " lines");
            } finally {
                for (String n : new String[] {"pvbond", "pv192", "pv224"}) {
                    r.link(n).ifPresent(r::deleteLink);
                }
            }
        }
    }
}
