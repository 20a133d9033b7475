package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.bondctl.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ARP monitoring and MII monitoring in bond.options, edited line by line as NetworkManager 1.42's
 * nmcli edits them, in profiles only (each expected text and outcome seen in the test bed,
 * /tmp/rt/rb15, stop 42): an arp_interval above 0 takes out miimon and its delays, a miimon
 * above 0 takes out arp_interval and arp_ip_target; "key=" takes a key out; an ARP interval
 * without targets, or targets without an interval, and delays without miimon are refused with
 * exit 1, nothing saved.
 */
class NmcliBondArpTest {
    @TempDir
    Path root;

    private String options(NmcliRoot n) {
        return n.ok("-g", "bond.options", "connection", "show", "bond0").out();
    }

    private static void refused(NmcliRoot n, String words, String... line) {
        Cli.Result r = n.nmcli(line);
        assertEquals(1, r.exit(), r::toString);
        assertEquals("Error: Failed to modify connection 'bond0': bond.options: " + words + "\n", r.err());
    }

    @Test
    void arpAndMiiMonitoringTakeEachOtherOutAndNeedTheirPartners() {
        NmcliRoot n = new NmcliRoot(root);
        n.ok("con", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0", "autoconnect", "no", "bond.options",
                "mode=active-backup,arp_interval=1000,arp_ip_target=192.0.2.1", "ipv4.method", "disabled", "ipv6.method",
                "disabled");
        n.ok("con", "mod", "bond0", "+bond.options", "arp_ip_target=192.0.2.2");
        assertEquals("mode=active-backup,arp_interval=1000,arp_ip_target=192.0.2.2\n", options(n));
        n.ok("con", "mod", "bond0", "+bond.options", "arp_validate=active,arp_all_targets=all");
        assertEquals("mode=active-backup,arp_all_targets=all,arp_interval=1000,arp_ip_target=192.0.2.2,arp_validate=active\n",
                options(n));
        n.ok("con", "mod", "bond0", "bond.options", "mode=active-backup,arp_interval=500,arp_ip_target=192.0.2.1 192.0.2.3");
        String two = "mode=active-backup,arp_interval=500,arp_ip_target=192.0.2.1 192.0.2.3\n";
        assertEquals(two, options(n));
        refused(n, "'arp_interval' option requires 'arp_ip_target' option to be set", "con", "mod", "bond0", "bond.options",
                "mode=active-backup,arp_interval=500,arp_ip_target=");
        refused(n, "'arp_interval' option requires 'arp_ip_target' option to be set", "con", "mod", "bond0", "-bond.options",
                "arp_ip_target");
        refused(n, "'arp_ip_target' option requires 'arp_interval' option to be set", "con", "mod", "bond0", "-bond.options",
                "arp_interval");
        assertEquals(two, options(n), "nothing saved");
        // miimon above 0: the ARP options go
        n.ok("con", "mod", "bond0", "+bond.options", "miimon=100,updelay=200,arp_validate=none");
        assertEquals("mode=active-backup,arp_validate=none,miimon=100,updelay=200\n", options(n));
        // arp_interval above 0: miimon and its delays go; the miimon=0 after it stays
        n.ok("con", "mod", "bond0", "+bond.options", "arp_interval=200,arp_ip_target=192.0.2.1,miimon=0");
        assertEquals("mode=active-backup,arp_interval=200,arp_ip_target=192.0.2.1,arp_validate=none,miimon=0\n", options(n));
        refused(n, "'updelay' option requires 'miimon' option to be enabled", "con", "mod", "bond0", "+bond.options",
                "updelay=100");
        // the bond option aliases edit the same way
        n.ok("con", "mod", "bond0", "miimon", "50");
        assertEquals("mode=active-backup,arp_validate=none,miimon=50\n", options(n));
        // "key=" after a blank (nmcli strips each item) takes the key out too
        n.ok("con", "mod", "bond0", "+bond.options", "miimon=50, arp_validate=");
        assertEquals("mode=active-backup,miimon=50\n", options(n));
    }
}
