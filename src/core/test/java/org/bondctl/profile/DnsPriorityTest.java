package org.bondctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.bondctl.plan.NetworkSpec;
import org.bondctl.rtnl.Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ipv4/ipv6.dns-priority order the servers of profiles as NetworkManager's DNS manager orders
 * them: lower first, equal ones in profile order (a profile's IPv4 before its IPv6), and a negative lowest one
 * alone; read from keyfiles and ifcfg-rh files without a "not applied" report; a profile that
 * leaves it 0 takes NetworkManager.conf's [connection] default, else 100.
 */
class DnsPriorityTest {
    private static Profile keyfile(String id, String dns4, String prio4, String dns6, String prio6) {
        return KeyfileFormatTest.read(id + ".nmconnection", "[connection]\nid=" + id + "\ntype=bond\ninterface-name=" + id
                + "\n\n[bond]\nmode=active-backup\n\n[ipv4]\naddress1=192.0.2." + (10 + id.length()) + "/24\ndns=" + dns4 + ";\n"
                + (prio4 == null ? "" : "dns-priority=" + prio4 + "\n") + "dns-search=" + id + ".lab;\nmethod=manual\n\n[ipv6]\n"
                + (dns6 == null ? "method=ignore\n" : "address1=2001:db8::" + id.length() + "/64\ndns=" + dns6 + ";\n"
                        + (prio6 == null ? "" : "dns-priority=" + prio6 + "\n") + "method=manual\n"));
    }

    private static String servers(List<Profile> profiles) {
        NetworkSpec.DnsSpec d = ProfileSet.dns(profiles, n -> { });
        return d == null ? "none" : String.join(" ", d.servers().stream().map(Address::text).toList()) + " | "
                + String.join(" ", d.search());
    }

    @Test
    void equalPrioritiesKeepProfileOrderIpv4First() {
        Profile a = keyfile("a", "192.0.2.53", null, "2001:db8::53", null);
        Profile bb = keyfile("bb", "198.51.100.53", "0", "2001:db8::54", "100");
        // a profile's IPv4 and IPv6 together, as NM 1.42 adds a device's (seen: a4 a6 b4 b6)
        assertEquals("192.0.2.53 2001:db8::53 198.51.100.53 2001:db8::54 | a.lab bb.lab", servers(List.of(a, bb)));
        assertTrue(a.unapplied().isEmpty() && bb.unapplied().isEmpty(), a.unapplied() + " " + bb.unapplied());
    }

    @Test
    void aLowerPriorityComesFirstFamilyByFamily() {
        Profile a = keyfile("a", "192.0.2.53", null, "2001:db8::53", null);
        Profile bb = keyfile("bb", "198.51.100.53", "10", "2001:db8::54", null);
        // bb's IPv4 (10) first; then the 100s in order: a's IPv4, a's IPv6, bb's IPv6
        assertEquals("198.51.100.53 192.0.2.53 2001:db8::53 2001:db8::54 | bb.lab a.lab", servers(List.of(a, bb)));
        Profile c = keyfile("ccc", "203.0.113.53", "200", null, null);
        assertEquals("198.51.100.53 192.0.2.53 2001:db8::53 2001:db8::54 203.0.113.53 | bb.lab a.lab ccc.lab",
                servers(List.of(c, a, bb)));
    }

    @Test
    void aNegativePriorityShutsOutTheOthers() {
        Profile a = keyfile("a", "192.0.2.53", null, "2001:db8::53", null);
        Profile bb = keyfile("bb", "198.51.100.53", "-5", "2001:db8::54", "-5");
        Profile c = keyfile("ccc", "203.0.113.53", "-1", null, null);
        assertEquals("198.51.100.53 2001:db8::54 | bb.lab", servers(List.of(a, c, bb)));
        // -1 is shut out by -5; alone, it shuts out the default ones
        assertEquals("203.0.113.53 | ccc.lab", servers(List.of(a, c)));
        // a positive priority, however low, shuts out nothing
        Profile d = keyfile("dddd", "203.0.113.54", "1", null, null);
        assertEquals("203.0.113.54 192.0.2.53 2001:db8::53 | dddd.lab a.lab", servers(List.of(a, d)));
    }

    @Test
    void ifcfgPrioritiesAreReadAndNotReportedAsNotApplied() {
        Profile a = IfcfgFormatTest.read("ifcfg-bond0", IfcfgFormatTest.RHEL_BOND);
        Profile b = IfcfgFormatTest.read("ifcfg-bond1", IfcfgFormatTest.RHEL_BOND.replace("bond0", "bond1")
                .replace("192.0.2.53", "198.51.100.53").replace("ba018f33", "ba018f34") + "IPV4_DNS_PRIORITY=-20\n");
        assertEquals("198.51.100.53 | k.local.lab", servers(List.of(a, b)));
        assertTrue(b.unapplied().stream().noneMatch(u -> u.contains("DNS_PRIORITY")), b.unapplied().toString());
    }

    @Test
    void aValueThatIsNotANumberIsReportedAndTakenAsTheDefault() {
        Profile a = keyfile("a", "192.0.2.53", "-50x", null, null);
        Profile bb = keyfile("bb", "198.51.100.53", "50", null, null);
        assertEquals("198.51.100.53 192.0.2.53 | bb.lab a.lab", servers(List.of(a, bb)));
        assertTrue(a.unapplied().stream().anyMatch(u -> u.contains("dns-priority=-50x") && u.contains("not a number")),
                a.unapplied().toString());
    }

    private static void write(Path f, String text) throws IOException {
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }

    private static String bond(String id, String dns, String prio) {
        return "[connection]\nid=" + id + "\ntype=bond\ninterface-name=" + id + "\n[bond]\nmode=active-backup\n[ipv4]\n"
                + "address1=192.0.2." + (10 + id.length()) + "/24\ndns=" + dns + ";\n" + (prio == null ? "" : "dns-priority=" + prio + "\n")
                + "method=manual\n[ipv6]\nmethod=disabled\n";
    }

    @Test
    void aProfileAtZeroTakesNetworkManagerConfsDefault(@TempDir Path root) throws IOException {
        Path sc = root.resolve("etc/NetworkManager/system-connections");
        write(sc.resolve("a.nmconnection"), bond("a", "192.0.2.53", null));
        write(sc.resolve("bb.nmconnection"), bond("bb", "198.51.100.53", "150"));
        assertEquals("192.0.2.53 198.51.100.53 | ", servers(ProfileStore.loadSystem(root)));
        // RHEL's runbook: a NetworkManager-wide default of 200 puts a profile at 0 after one at 150
        write(root.resolve("etc/NetworkManager/conf.d/10-dns-priority.conf"),
                "[connection]\nipv4.dns-priority=200\nipv6.dns-priority=200\n");
        assertEquals("198.51.100.53 192.0.2.53 | ", servers(ProfileStore.loadSystem(root)));
        // a later file wins; in a file, a [connection-*] section before the plain one; one with match-device is
        // for the devices it names (left out)
        write(root.resolve("etc/NetworkManager/conf.d/20-more.conf"), "[connection]\nipv4.dns-priority=300\n"
                + "[connection-mgmt]\nmatch-device=interface-name:a\nipv4.dns-priority=10\n[connection-all]\nipv4.dns-priority=120\n");
        assertEquals("192.0.2.53 198.51.100.53 | ", servers(ProfileStore.loadSystem(root)));
        // a snippet of /etc hides one of the same name in /usr/lib
        write(root.resolve("usr/lib/NetworkManager/conf.d/20-more.conf"), "[connection]\nipv4.dns-priority=-1\n");
        assertEquals("192.0.2.53 198.51.100.53 | ", servers(ProfileStore.loadSystem(root)));
        Files.delete(root.resolve("etc/NetworkManager/conf.d/20-more.conf"));
        Files.delete(root.resolve("etc/NetworkManager/conf.d/10-dns-priority.conf"));
        // /usr/lib's -1 now: a, at 0, takes it and shuts bb (150) out
        assertEquals("192.0.2.53 | ", servers(ProfileStore.loadSystem(root)));
    }

    @Test
    void theOptionsLineIsTheProfilesWhereOneNamesOptions() {
        Profile a = keyfile("a", "192.0.2.53", null, null, null);
        Profile bb = keyfile("bb", "198.51.100.53", "-5", null, null);
        assertEquals(null, ProfileSet.dns(List.of(a), n -> { }).options(), "none named: the file's own stay");
        Profile ao = KeyfileFormatTest.read("ao.nmconnection", "[connection]\nid=ao\ntype=bond\ninterface-name=ao\n[bond]\n"
                + "mode=active-backup\n[ipv4]\naddress1=192.0.2.9/24\ndns=192.0.2.54;\ndns-options=rotate;inet6;timeout:2;trust-ad;\n"
                + "method=manual\n[ipv6]\nmethod=disabled\n");
        assertTrue(ao.unapplied().isEmpty(), ao.unapplied().toString());
        assertEquals(List.of("rotate", "timeout:2", "trust-ad"), ProfileSet.dns(List.of(ao), n -> { }).options());
        assertEquals(List.of("rotate", "timeout:2"), ProfileSet.dns(List.of(ao, a), n -> { }).options(), "a has no trust-ad");
        assertEquals(List.of(), ProfileSet.dns(List.of(ao, bb), n -> { }).options(), "bb's -5 shuts ao out");
    }
}
