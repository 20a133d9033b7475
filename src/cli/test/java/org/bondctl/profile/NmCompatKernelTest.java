package org.bondctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.bondctl.bond.BondState;
import org.bondctl.bond.PortState;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.cli.Cli;
import org.bondctl.plan.Bonds;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
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
 * The real NetworkManager 1.42 (testbed/kernel-tests --nm): it loads the profiles bondctl
 * writes, shows the same settings, and activating them gives the same kernel state as
 * {@code bondctl apply} of the same files; profiles NM wrote itself are applied by bondctl to
 * the same state. Runs in the guest's own namespace (NM's), one NM start for all.
 */
@Tag("kernel")
@Tag("nm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NmCompatKernelTest {
    static final Path SC = Path.of("/etc/NetworkManager/system-connections");
    static final Path OUT = Path.of(System.getenv().getOrDefault("TESTBED_OUT", "/tmp"));
    static String nmPid;
    static Rtnetlink rtnl;
    static Bonds bonds;
    static Path saved;
    /** config name -> (files dir, kernel state NM reached). */
    static final Map<String, Path> files = new LinkedHashMap<>();
    static final Map<String, Map<String, Object>> nmState = new LinkedHashMap<>();

    @BeforeAll
    static void startNetworkManager() throws Exception {
        rtnl = NmCompatTestAccess.nmGuestWithNics();
        bonds = new Bonds(rtnl);
        saved = Files.createTempDirectory("nm-compat");
        nmPid = NmCompatTestAccess.startNm();
    }

    @AfterAll
    static void cleanUp() {
        if (rtnl == null) {
            return;
        }
        stopNm();
        for (String n : List.of("bond0", "ens192", "ens224")) {
            rtnl.link(n).ifPresent(rtnl::deleteLink);
        }
        rtnl.close();
    }

    static void stopNm() {
        NmCompatTestAccess.stopNm(nmPid);
        nmPid = null;
    }

    record Run(int exit, String out) {
        @Override
        public String toString() {
            return "exit " + exit + ":\n" + out;
        }
    }

    static Run run(int timeoutS, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " timed out");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static String nmcli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("nmcli"));
        cmd.addAll(List.of(args));
        Run r = run(120, cmd.toArray(String[]::new));
        assertEquals(0, r.exit, () -> String.join(" ", cmd) + " -> " + r);
        return r.out;
    }

    /** The configurations checked: the seed, and every mode with its typical options. */
    static Map<String, Profile> configs() {
        Map<String, Profile> m = new LinkedHashMap<>();
        IpConfig seedIp = IpConfig.v4("manual", List.of(Address.parse("192.0.2.10/24")), Address.parseIp("192.0.2.1", "gw"),
                List.of(Address.parseIp("192.0.2.53", "dns")), List.of("k.local.lab"));
        m.put("seed", Profile.bond("bond0").bondSettings(BondSettings.parse(List.of("mode=active-backup", "miimon=1000",
                "primary=ens192", "primary_reselect=always", "updelay=10000"))).ipv4(seedIp));
        Map<BondMode, String> extra = Map.of(
                BondMode.BALANCE_RR, "packets_per_slave=2",
                BondMode.ACTIVE_BACKUP, "fail_over_mac=active",
                BondMode.BALANCE_XOR, "xmit_hash_policy=layer3+4",
                BondMode.BROADCAST, "min_links=1",
                BondMode.IEEE_802_3AD, "lacp_rate=fast,ad_select=bandwidth,xmit_hash_policy=layer2+3",
                BondMode.BALANCE_TLB, "tlb_dynamic_lb=0",
                BondMode.BALANCE_ALB, "lp_interval=2");
        for (BondMode mode : BondMode.values()) {
            IpConfig ip = IpConfig.v4("manual", List.of(Address.parse("198.51.100." + (10 + mode.ordinal()) + "/24")), null, List.of(), List.of());
            m.put(mode.kernelName(), Profile.bond("bond0").bondSettings(BondSettings.parse(List.of("mode=" + mode.kernelName(),
                    "miimon=100", extra.get(mode)))).ipv4(ip));
        }
        return m;
    }

    @Test
    @Order(1)
    void networkManagerLoadsAndActivatesWhatBondctlWrites() throws Exception {
        ProfileStore store = new ProfileStore(Path.of("/"), KeyfileFormat.INSTANCE);
        assertEquals(KeyfileFormat.INSTANCE, ProfileStore.detect(Path.of("/")), "the test bed's NM.conf says plugins=keyfile");
        assertTrue(NmReload.running(Path.of("/")));
        for (Map.Entry<String, Profile> c : configs().entrySet()) {
            Profile bond = c.getValue();
            List<Path> written = new ArrayList<>();
            written.add(store.save(bond));
            for (String port : List.of("ens192", "ens224")) {
                written.add(store.save(Profile.port(port, "bond0")));
            }
            List<NmReload.Loaded> loaded = NmReload.load(written);
            for (NmReload.Loaded l : loaded) {
                assertTrue(l.accepted(), () -> c.getKey() + ": NM did not load " + l.file() + "; NM lists " + listing());
            }
            assertEquals("bond0", loaded.get(0).name());
            // NM's own view of the profile
            Map<String, String> nmOptions = new TreeMap<>();
            for (String kv : nmcli("-g", "bond.options", "connection", "show", "bond0").strip().split(",")) {
                nmOptions.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            Map<String, String> ours = new TreeMap<>();
            bond.bondSettings().options().forEach(o -> ours.put(o.nmKey(), bond.bondSettings().text(o)));
            assertEquals(ours, nmOptions, c.getKey() + ": bond.options as NM shows them");
            String[] ip = nmcli("-g", "ipv4.method,ipv4.addresses,ipv4.gateway,ipv4.dns,ipv4.dns-search", "connection", "show", "bond0")
                    .split("\n", -1);
            assertEquals("manual", ip[0]);
            assertEquals(bond.ipv4().addresses().get(0).toString(), ip[1]);
            assertEquals(bond.ipv4().gateway() == null ? "" : bond.ipv4().gateway().getHostAddress(), ip[2]);
            assertEquals(String.join(",", bond.ipv4().dns().stream().map(a -> a.getHostAddress()).toList()), ip[3]);
            assertEquals(String.join(",", bond.ipv4().search()), ip[4]);

            // NM activates them: record the kernel state it reaches
            nmcli("--wait", "60", "connection", "up", "bond0");
            Map<String, Object> state = waitForState(bond, 60_000);
            nmState.put(c.getKey(), state);
            Path keep = Files.createDirectories(saved.resolve(c.getKey()));
            for (Path f : written) {
                Files.copy(f, keep.resolve(f.getFileName()));
            }
            files.put(c.getKey(), keep);
            nmcli("connection", "delete", "bond0", "ens192", "ens224");
            waitGone();
        }
        // a file NM must refuse: mode 0644. load exits 0 all the same; bondctl tells.
        Path bad = store.save(Profile.bond("bond9"));
        Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rw-r--r--"));
        NmReload.Loaded l = NmReload.load(List.of(bad)).get(0);
        assertFalse(l.accepted(), "NM took a 0644 keyfile");
        Files.delete(bad);
    }

    static String listing() {
        return NmReload.connections().stream().map(a -> a[0] + "=" + a[1]).toList().toString();
    }

    @Test
    @Order(2)
    void bondctlReadsWhatNetworkManagerWrites() throws Exception {
        nmcli("connection", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0", "bond.options",
                "mode=802.3ad,miimon=200,lacp_rate=fast,xmit_hash_policy=layer3+4,updelay=400",
                "ipv4.method", "manual", "ipv4.addresses", "203.0.113.10/24", "ipv4.gateway", "203.0.113.1",
                "ipv4.dns", "203.0.113.53", "ipv4.dns-search", "nm.example");
        nmcli("connection", "add", "type", "ethernet", "con-name", "ens192", "ifname", "ens192", "master", "bond0",
                "bond-port.queue-id", "3");
        nmcli("connection", "add", "type", "ethernet", "con-name", "ens224", "ifname", "ens224", "master", "bond0");
        nmcli("--wait", "60", "connection", "up", "bond0");
        List<Path> nmFiles = new ArrayList<>();
        try (var s = Files.list(SC)) {
            s.filter(p -> p.toString().endsWith(".nmconnection")).forEach(nmFiles::add);
        }
        assertEquals(3, nmFiles.size(), nmFiles::toString);
        List<Profile> read = ProfileStore.load(nmFiles);
        ProfileSet set = ProfileSet.of(read);
        Profile bond = set.bonds().get(0).profile();
        Map<String, Object> state = waitForState(bond, 60_000);
        Path keep = Files.createDirectories(saved.resolve("nm-written"));
        for (Path f : nmFiles) {
            Files.copy(f, keep.resolve(f.getFileName()));
        }
        Files.writeString(OUT.resolve("nm-written-bond0.nmconnection"), Files.readString(SC.resolve("bond0.nmconnection")));
        files.put("nm-written", keep);
        nmState.put("nm-written", state);

        // --persist on NM's own files: updated in place (same UUID, NM's other keys kept), reloaded
        String uuid = nmcli("-g", "connection.uuid", "connection", "show", "bond0").strip();
        Cli cli = new Cli(null);
        Cli.Result changed = cli.run("set", "bond0", "miimon=100", "updelay=200", "--persist");
        assertEquals(0, changed.exit(), changed::toString);
        assertTrue(changed.err().contains("NetworkManager loaded " + SC.resolve("bond0.nmconnection") + " as 'bond0'"), changed::toString);
        assertEquals(uuid, nmcli("-g", "connection.uuid", "connection", "show", "bond0").strip());
        String opts = nmcli("-g", "bond.options", "connection", "show", "bond0");
        assertTrue(opts.contains("miimon=100") && opts.contains("updelay=200") && opts.contains("lacp_rate=fast"), opts);
        assertTrue(Files.readString(SC.resolve("bond0.nmconnection")).contains("[ipv6]\naddr-gen-mode=default\nmethod=auto"));
        Cli.Result rel = cli.run("release", "bond0", "ens224", "--persist");
        assertEquals(0, rel.exit(), rel::toString);
        assertTrue(rel.err().contains("NetworkManager forgot " + SC.resolve("ens224.nmconnection")), rel::toString);
        assertTrue(NmReload.connections().stream().noneMatch(c -> c[0].equals("ens224")), NmCompatKernelTest::listing);
        nmcli("connection", "delete", "bond0", "ens192");
        waitGone();
    }

    @Test
    @Order(3)
    void bondctlApplyReachesTheStateNetworkManagerReached() throws Exception {
        stopNm();
        Assumptions.assumeFalse(files.isEmpty(), "the NM phases did not run");
        Cli cli = new Cli(null);
        Path resolv = saved.resolve("resolv.conf");
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, Path> c : files.entrySet()) {
            rtnl.link("bond0").ifPresent(rtnl::deleteLink);
            for (String p : List.of("ens192", "ens224")) {
                rtnl.setUp(rtnl.require(p), false);
            }
            Cli.Result r = cli.run("apply", "--resolv-conf", resolv.toString(), c.getValue().toString());
            assertEquals(0, r.exit(), () -> c.getKey() + ": " + r);
            Profile bond = ProfileSet.of(ProfileStore.load(List.of(c.getValue()))).bonds().get(0).profile();
            Map<String, Object> ours = waitForState(bond, 30_000);
            if (!ours.equals(nmState.get(c.getKey()))) {
                mismatches.add(c.getKey() + ":\n  NM:      " + nmState.get(c.getKey()) + "\n  bondctl: " + ours);
            }
            Cli.Result again = cli.run("apply", "--resolv-conf", resolv.toString(), c.getValue().toString());
            assertEquals("nothing to change: the kernel matches the profiles\n", again.out(), () -> c.getKey() + ": " + again);
        }
        StringBuilder report = new StringBuilder();
        nmState.forEach((k, v) -> report.append(k).append(": ").append(v).append('\n'));
        Files.writeString(OUT.resolve("nm-compat-states.txt"), report.toString());
        assertTrue(mismatches.isEmpty(), () -> String.join("\n", mismatches));
        assertEquals(9, files.size());
    }

    /**
     * The kernel state a profile leads to, once settled: every bond option (but the active
     * port, which depends on timing), the ports and their options, IPv4 addresses, the
     * default route.
     */
    static Map<String, Object> waitForState(Profile bond, long ms) throws Exception {
        long end = System.currentTimeMillis() + ms;
        Map<String, Object> last = null;
        while (System.currentTimeMillis() < end) {
            last = state();
            boolean ports = List.of("ens192", "ens224").equals(last.get("ports"));
            boolean addr = last.get("ipv4").equals(bond.ipv4().addresses().stream().map(Address::toString).toList());
            boolean gw = bond.ipv4().gateway() == null || bond.ipv4().gateway().getHostAddress().equals(last.get("gateway"));
            if (ports && addr && gw) {
                return last;
            }
            Thread.sleep(100);
        }
        fail("state not reached; last: " + last + "\nNM connections: " + listing());
        return last;
    }

    static Map<String, Object> state() {
        Map<String, Object> m = new TreeMap<>();
        BondState s = bonds.find("bond0").orElse(null);
        if (s == null) {
            m.put("ports", List.of());
            m.put("ipv4", List.of());
            return m;
        }
        for (BondOption o : s.options().options()) {
            if (o != BondOption.ACTIVE_SLAVE) {
                m.put(o.kernelName(), s.text(o));
            }
        }
        m.put("ports", s.portNames());
        Map<String, String> portOpts = new TreeMap<>();
        for (PortState p : s.ports()) {
            p.options().forEach((o, v) -> portOpts.put(p.name() + "." + o.kernelName(), o.format(v)));
        }
        m.put("port-options", portOpts);
        Link l = s.link();
        m.put("ipv4", new ArrayList<>(new TreeSet<>(rtnl.addresses(l.index()).stream().filter(a -> a.family() == Rtnl.AF_INET)
                .map(Address::toString).toList())));
        rtnl.routes().stream().filter(r -> r.family() == Rtnl.AF_INET && r.isDefault() && r.oif() == l.index() && r.gateway() != null)
                .findFirst().ifPresent(r -> {
                    m.put("gateway", r.gateway().getHostAddress());
                    m.put("metric", r.metric());
                });
        m.put("up", l.isUp());
        return m;
    }

    static void waitGone() throws InterruptedException {
        for (int i = 0; i < 300 && rtnl.link("bond0").isPresent(); i++) {
            Thread.sleep(100);
        }
        rtnl.link("bond0").ifPresent(rtnl::deleteLink);
    }
}
