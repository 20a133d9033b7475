package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bondctl.profile.KeyfileFormat;
import org.bondctl.profile.Profile;
import org.bondctl.profile.ProfileSet;
import org.junit.jupiter.api.Test;

/**
 * NetworkManager's DNS list, replayed on what NM 1.42 did in the test bed (NmcliDnsOrderVsNmKernelTest
 * checks the same against NM itself): a: gateway metric 100, b: metric 50, c: no gateway.
 */
class DnsOrderTest {
    private final DnsOrder order = DnsOrder.load(false);
    private final List<Profile> active = new ArrayList<>();

    private static Profile profile(String id, String ifname, String dns, String prio) {
        return KeyfileFormat.INSTANCE.read(Path.of("/etc/NetworkManager/system-connections/" + id + ".nmconnection"),
                "[connection]\nid=" + id + "\ntype=ethernet\ninterface-name=" + ifname + "\n[ipv4]\naddress1=" + dns
                        + "0/24\ndns=" + dns + "53;\n" + (prio == null ? "" : "dns-priority=" + prio + "\n")
                        + "method=manual\n[ipv6]\nmethod=disabled\n");
    }

    private static final Map<String, Integer> METRICS = Map.of("ens192", 100, "ens224", 50);

    /** Activates (or reapplies) {@code p}: the profiles in resolv.conf's order. */
    private String change(Profile p, boolean reapply, Map<String, Integer> metrics) {
        active.removeIf(q -> q.ifname().equals(p.ifname()));
        List<ProfileSet.DnsEntry> staying = ProfileSet.dnsEntries(active);
        active.add(p);
        return names(order.order(staying, ProfileSet.dnsEntries(List.of(p)), reapply, List.of(), routes(metrics)));
    }

    private String down(String ifname, Map<String, Integer> metrics) {
        active.removeIf(q -> q.ifname().equals(ifname));
        return names(order.order(ProfileSet.dnsEntries(active), List.of(), false, List.of(), routes(metrics)));
    }

    /** The IPv4 default routes of the active interfaces. */
    private List<Map<String, Integer>> routes(Map<String, Integer> metrics) {
        Map<String, Integer> v4 = new java.util.HashMap<>(metrics);
        v4.keySet().removeIf(n -> active.stream().noneMatch(q -> q.ifname().equals(n)));
        return List.of(v4, Map.of());
    }

    private static String names(List<ProfileSet.DnsEntry> entries) {
        return String.join(" ", ProfileSet.dnsOrder(entries).stream().map(e -> e.profile().id()).toList());
    }

    @Test
    void theBestRouteComesFirstAndStaysAheadOfABetterOneThatCameAfter() {
        Profile a = profile("a", "ens192", "192.0.2.", null);
        Profile b = profile("b", "ens224", "198.51.100.", null);
        Profile c = profile("c", "ens192.50", "203.0.113.", null);
        assertEquals("a", change(a, false, METRICS));
        assertEquals("a b", change(b, false, METRICS)); // b's 50 beats a's 100, but a keeps its mark
        assertEquals("a b c", change(c, false, METRICS));
        assertEquals("a b c", change(c, false, METRICS));
        assertEquals("b c a", change(a, false, METRICS)); // made anew: a's mark is gone, b holds the best route
        assertEquals("a c", down("ens224", METRICS)); // a has the best route now
        assertEquals("a b c", change(b, false, METRICS)); // b's 50: marked too, ahead of c
        assertEquals("b c a", change(a, false, METRICS));
        // b up again: NM takes it down first, and meanwhile a, with the best route left, is marked
        assertEquals("a b c", change(b, false, METRICS));
        assertEquals("a c b", change(b, false, Map.of("ens192", 100, "ens224", 500))); // b's new metric: a the best
    }

    @Test
    void aReapplyThatChangesNothingKeepsThePlace() {
        Profile a = profile("a", "ens192.10", "192.0.2.", null);
        Profile b = profile("b", "ens192.20", "198.51.100.", null);
        assertEquals("a", change(a, false, Map.of()));
        assertEquals("a b", change(b, false, Map.of()));
        assertEquals("a b", change(a, true, Map.of()));
        assertEquals("b a", change(profile("a", "ens192.10", "192.0.2.", "100"), true, Map.of()));
        assertEquals("a b", change(b, false, Map.of()));
    }

    @Test
    void prioritiesComeFirstAndANegativeOneAlone() {
        Profile a = profile("a", "ens192.10", "192.0.2.", null);
        Profile b = profile("b", "ens192.20", "198.51.100.", null);
        Profile c = profile("c", "ens192.30", "203.0.113.", "10");
        change(a, false, Map.of());
        change(b, false, Map.of());
        assertEquals("c a b", change(c, false, Map.of()));
        assertEquals("b", change(profile("b", "ens192.20", "198.51.100.", "-5"), false, Map.of()));
        assertEquals("c a", down("ens192.20", Map.of()));
    }

    @Test
    void profilesTheListDoesNotKnowComeFirstInTheFilesOrder() throws Exception {
        Profile a = profile("a", "ens192.10", "192.0.2.", null);
        Profile b = profile("b", "ens192.20", "198.51.100.", null);
        Profile c = profile("c", "ens192.30", "203.0.113.", null);
        List<InetAddress> file = List.of(InetAddress.getByName("198.51.100.53"), InetAddress.getByName("192.0.2.53"));
        assertEquals("b a c", names(order.order(ProfileSet.dnsEntries(List.of(a, b)), ProfileSet.dnsEntries(List.of(c)),
                false, file, List.of(Map.of(), Map.of()))));
    }
}
