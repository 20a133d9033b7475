package org.bondctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.cli.Cli;
import org.bondctl.plan.NetState;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A whole server's bond network as profiles bondctl writes - a bond with MTU 9000, two VLANs,
 * IPv4 and IPv6, static routes with a metric and a table, IPv6 DNS - loaded by the real
 * NetworkManager 1.42, which shows the same settings; NM activating them and {@code bondctl
 * apply} of the same files give the same kernel state.
 */
@Tag("kernel")
@Tag("nm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NmNetworkKernelTest {
    static final Path SC = NmCompatKernelTest.SC;
    static Rtnetlink rtnl;
    static String nmPid;
    static Path keep;
    static List<String> nmState;

    @BeforeAll
    static void startNetworkManager() throws Exception {
        rtnl = NmCompatTestAccess.nmGuestWithNics();
        keep = Files.createTempDirectory("nm-network");
        nmPid = NmCompatTestAccess.startNm();
    }

    @AfterAll
    static void cleanUp() {
        if (rtnl == null) {
            return;
        }
        stopNm();
        for (String n : List.of("bond0.100", "bond0.200", "bond0", "ens192", "ens224")) {
            rtnl.link(n).ifPresent(rtnl::deleteLink);
        }
        rtnl.close();
    }

    static void stopNm() {
        NmCompatTestAccess.stopNm(nmPid);
        nmPid = null;
    }

    /** The server's profiles as bondctl writes them. */
    static List<Profile> server() {
        return ServerProfiles.server();
    }

    static String nmcli(String... args) throws Exception {
        return NmCompatKernelTest.nmcli(args);
    }

    /** One field of a connection as {@code nmcli -g} prints it, its ':' escapes undone. */
    static String field(String field, String connection) throws Exception {
        return nmcli("-g", field, "connection", "show", connection).strip().replace("\\:", ":");
    }

    /** Whether NM has the connection activated, waiting up to 30 s for its autoconnect. */
    static boolean activated(String id) throws Exception {
        for (int i = 0; i < 60; i++) {
            if (field("GENERAL.STATE", id).equals("activated")) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    @Test
    @Order(1)
    void networkManagerLoadsTheServerAndReachesItsState() throws Exception {
        ProfileStore store = new ProfileStore(Path.of("/"), KeyfileFormat.INSTANCE);
        List<Path> written = new ArrayList<>();
        for (Profile p : server()) {
            written.add(store.save(p));
        }
        for (NmReload.Loaded l : NmReload.load(written)) {
            assertTrue(l.accepted(), () -> "NM did not load " + l.file() + "; NM lists " + NmCompatKernelTest.listing());
        }
        // NM's own view of what bondctl wrote
        assertEquals("9000", field("802-3-ethernet.mtu", "bond0"));
        assertEquals("2001:db8::10/64", field("ipv6.addresses", "bond0"));
        assertEquals("2001:db8::1", field("ipv6.gateway", "bond0"));
        assertEquals("2001:db8::53", field("ipv6.dns", "bond0"));
        String r4 = field("ipv4.routes", "bond0");
        for (String part : List.of("198.51.100.0/25", "192.0.2.1", "50", "table=100")) {
            assertTrue(r4.contains(part), () -> "ipv4.routes: " + r4);
        }
        String r6 = field("ipv6.routes", "bond0");
        for (String part : List.of("2001:db8:1::/48", "2001:db8::1", "20")) {
            assertTrue(r6.contains(part), () -> "ipv6.routes: " + r6);
        }
        assertEquals("bond0\n100", field("vlan.parent,vlan.id", "bond0.100"));
        assertEquals("9000", field("802-3-ethernet.mtu", "bond0.200"));

        // NM autoconnects what it loaded; up only what it has not (NM 1.42, seen: re-activating an
        // active VLAN whose ipv6.method is ignore leaves IPv6 switched off on it, a freshly
        // activated one has it on - its deactivation sets disable_ipv6 and ignore never clears it)
        for (String id : List.of("bond0", "bond0.100", "bond0.200")) {
            if (!activated(id)) {
                nmcli("--wait", "60", "connection", "up", id);
            }
        }
        nmState = settle(60_000);
        for (Path f : written) {
            Files.copy(f, keep.resolve(f.getFileName()));
        }
        Files.writeString(NmCompatKernelTest.OUT.resolve("nm-network-state.txt"), String.join("\n", nmState) + "\n");
        for (String want : List.of("route 198.51.100.0/25 via 192.0.2.1 dev bond0 metric 50 table 100",
                "route 2001:db8:1::/48 via 2001:db8::1 dev bond0 metric 20 table 254",
                "addr bond0.200 2001:db8:200::5/64", "link bond0.200 kind=vlan up=true mtu=9000 vlan=200/802.1Q parent=bond0 flags 1")) {
            assertTrue(nmState.contains(want), () -> want + " missing in NM's state: " + nmState);
        }
        nmcli("connection", "delete", "bond0.200", "bond0.100", "bond0", "ens192", "ens224");
    }

    @Test
    @Order(2)
    void bondctlApplyOfTheSameFilesReachesTheSameState() throws Exception {
        Assumptions.assumeTrue(nmState != null, "NM's phase did not run");
        stopNm();
        for (String n : List.of("bond0.200", "bond0.100", "bond0")) {
            rtnl.link(n).ifPresent(rtnl::deleteLink);
        }
        for (String p : List.of("ens192", "ens224")) {
            rtnl.setUp(rtnl.require(p), false);
        }
        Cli cli = new Cli(null);
        Path resolv = keep.resolve("resolv.conf");
        Cli.Result r = cli.run("apply", "--resolv-conf", resolv.toString(), keep.toString());
        assertEquals(0, r.exit(), r::toString);
        List<String> ours = settle(30_000);
        // NM autoconnects the two VLANs together and reserves their metrics in whichever order
        // their activations reach IP configuration (seen both ways: 400/401 and 401/400); the
        // files do not say which, bondctl takes the profiles' order. The VLANs hold the same
        // metrics, and apart from which holds which the states are the same.
        Map<String, Integer> nmVlans = vlanMetrics(nmState);
        Map<String, Integer> ourVlans = vlanMetrics(ours);
        assertEquals(new TreeSet<>(nmVlans.values()), new TreeSet<>(ourVlans.values()),
                () -> "the VLANs' metrics: NM " + nmVlans + ", bondctl " + ourVlans);
        List<String> want = nmState.stream().map(l -> withVlanMetric(l, nmVlans, ourVlans)).sorted().toList();
        assertEquals(want, ours, () -> "NM and bondctl differ:" + NetState.diff(want, ours));
        assertEquals("nothing to change: the kernel matches the profiles\n",
                cli.run("apply", "--resolv-conf", resolv.toString(), keep.toString()).out());
        String conf = Files.readString(resolv);
        assertTrue(conf.contains("nameserver 192.0.2.53\nnameserver 2001:db8::53\n"), conf);
    }

    private static final Pattern VLAN_ROUTE = Pattern.compile("^route \\S+ dev (bond0\\.\\d+) metric (\\d+) .*");

    /** The metric each VLAN's routes have in a state (one per VLAN: the device's). */
    static Map<String, Integer> vlanMetrics(List<String> state) {
        Map<String, Integer> out = new TreeMap<>();
        for (String l : state) {
            Matcher m = VLAN_ROUTE.matcher(l);
            if (!m.matches()) {
                continue;
            }
            Integer was = out.put(m.group(1), Integer.valueOf(m.group(2)));
            if (was != null && !was.equals(out.get(m.group(1)))) {
                fail("VLAN " + m.group(1) + " has routes with metrics " + was + " and " + m.group(2) + ": " + state);
            }
        }
        return out;
    }

    /** {@code line} with a VLAN's metric in {@code from} replaced by its metric in {@code to}. */
    static String withVlanMetric(String line, Map<String, Integer> from, Map<String, Integer> to) {
        Matcher m = VLAN_ROUTE.matcher(line);
        if (!m.matches() || !to.containsKey(m.group(1))) {
            return line;
        }
        return line.replace(" metric " + from.get(m.group(1)) + " ", " metric " + to.get(m.group(1)) + " ");
    }

    /** The network's state once it stops changing (NM configures in stages). */
    static List<String> settle(long ms) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        List<String> last = null;
        int same = 0;
        while (System.currentTimeMillis() < end) {
            List<String> now = NetState.of(rtnl);
            boolean complete = now.stream().anyMatch(l -> l.startsWith("route 2001:db8:1::/48"))
                    && now.stream().anyMatch(l -> l.startsWith("addr bond0.200"))
                    && now.stream().anyMatch(l -> l.startsWith("route default via 192.0.2.1"));
            same = complete && now.equals(last) ? same + 1 : 0;
            if (same >= 10) {
                return now;
            }
            last = now;
            Thread.sleep(100);
        }
        fail("the network did not settle; last: " + last + "\nNM connections: " + NmCompatKernelTest.listing());
        return last;
    }
}
