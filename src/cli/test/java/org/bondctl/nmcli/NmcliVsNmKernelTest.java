package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.bondctl.cli.Cli;
import org.bondctl.plan.Bonds;
import org.bondctl.plan.NetState;
import org.bondctl.rtnl.Rtnetlink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The recipe's nmcli lines run twice from the same starting profiles: by the real nmcli with
 * the real NetworkManager 1.42, then by {@code bondctl nmcli} with NetworkManager stopped. The
 * profiles they leave are the same key by key (uuid and timestamp aside), {@code connection
 * show bond0} is the same field by field, the -t, -g and -f outputs of {@code connection show}
 * and {@code device} are the same, and so is the kernel state (links, options, addresses,
 * routes, /proc/net/bonding/bond0) and the resolver's servers and domains. NetworkManager
 * enslaves the ports when it activates their profiles, which it does not while the NICs are
 * busy with their old DHCP activation: its side is taken at the state of its next start
 * (networking off and on), the state bondctl's {@code connection up bond0} reaches at once.
 */
@Tag("kernel")
@Tag("nm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NmcliVsNmKernelTest {
    static final Path SC = Path.of("/etc/NetworkManager/system-connections");
    static final Path OUT = Path.of(System.getenv().getOrDefault("TESTBED_OUT", "/tmp"));
    static Rtnetlink rtnl;
    static String nmPid;
    /** What each side left: name -> text. */
    static final Map<String, String> nmSide = new LinkedHashMap<>();
    static final Map<String, String> ourSide = new LinkedHashMap<>();

    /** The outputs compared, as nmcli arguments. */
    static final List<List<String>> SHOWS = List.of(
            List.of("connection", "show", "bond0"),
            List.of("-t", "connection", "show", "bond0"),
            List.of("-g", "bond.options,ipv4.addresses,ipv4.gateway,ipv4.dns,ipv4.dns-search,connection.master",
                    "connection", "show", "bond0"),
            List.of("-f", "connection.id,bond.options,ipv4.method,ipv6.method", "connection", "show", "bond0"),
            List.of("-g", "connection.master,connection.slave-type", "connection", "show", "ens192"),
            List.of("connection", "show"),
            List.of("-t", "connection", "show"),
            List.of("-t", "-f", "NAME,TYPE,DEVICE", "connection", "show"),
            List.of("device"),
            List.of("-t", "device"),
            List.of("-g", "DEVICE,STATE", "device"));

    @BeforeAll
    static void start() throws Exception {
        rtnl = org.bondctl.profile.NmCompatTestAccess.nmGuestWithNics();
        // NM first: with the NICs' DHCP profiles in place it would wait for DHCP before "started"
        nmPid = org.bondctl.profile.NmCompatTestAccess.startNm();
        startingProfiles(SC);
    }

    @AfterAll
    static void cleanUp() {
        if (rtnl == null) {
            return;
        }
        org.bondctl.profile.NmCompatTestAccess.stopNm(nmPid);
        for (String n : List.of("bond0", "ens192", "ens224")) {
            rtnl.link(n).ifPresent(rtnl::deleteLink);
        }
        rtnl.close();
    }

    static void startingProfiles(Path dir) throws Exception {
        Files.createDirectories(dir);
        for (String[] nic : new String[][] {{"ens192", NmcliRecipe.UUID_192}, {"ens224", NmcliRecipe.UUID_224}}) {
            Path f = dir.resolve(nic[0] + ".nmconnection");
            Files.writeString(f, NmcliRecipe.keyfile(nic[0], nic[1]));
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
    }

    static String realNmcli(List<String> args) throws Exception {
        RealRun r = realNmcliMayFail(args);
        assertEquals(0, r.exit(), () -> "nmcli " + String.join(" ", args) + " -> " + r.out());
        return r.out();
    }

    record RealRun(int exit, String out) {}

    /** The real nmcli's exit code and output (standard error included). */
    static RealRun realNmcliMayFail(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("nmcli"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nmcli timed out");
        return new RealRun(p.exitValue(), out);
    }

    @Test
    @Order(1)
    void theRealNmcliWithNetworkManager() throws Exception {
        // two managers must not fight over one link: with NM running, bondctl nmcli does nothing
        Cli.Result refused = new Cli(null).run("nmcli", "connection", "modify", "ens192", "master", "bond0");
        assertEquals(6, refused.exit(), refused::toString);
        assertTrue(refused.err().startsWith("Error: NetworkManager is running: use its nmcli;"), refused::toString);
        assertEquals(NmcliRecipe.keyfile("ens192", NmcliRecipe.UUID_192), Files.readString(SC.resolve("ens192.nmconnection")));
        realNmcli(List.of("connection", "reload"));
        for (List<String> line : NmcliRecipe.LINES) {
            realNmcli(line);
        }
        // NM enslaves a port when it activates the port's profile: not while the NIC is still busy
        // with its old (DHCP) activation, but at the next start. Networking off and on is that start.
        realNmcli(List.of("networking", "off"));
        realNmcli(List.of("networking", "on"));
        settle();
        capture(nmSide, args -> realNmcli(args), SC, Path.of("/run/NetworkManager/resolv.conf"));
        realNmcli(List.of("connection", "delete", "bond0", "ens192", "ens224"));
        for (int i = 0; i < 300 && rtnl.link("bond0").isPresent(); i++) {
            Thread.sleep(100);
        }
    }

    @Test
    @Order(2)
    void bondctlNmcliWithoutNetworkManager() throws Exception {
        Assumptions.assumeFalse(nmSide.isEmpty(), "the NM side did not run");
        org.bondctl.profile.NmCompatTestAccess.stopNm(nmPid);
        nmPid = null;
        rtnl.link("bond0").ifPresent(rtnl::deleteLink);
        Path root = Files.createTempDirectory("nmcli-root");
        Path sc = root.resolve("etc/NetworkManager/system-connections");
        startingProfiles(sc);
        Cli cli = new Cli(null);
        Shell ours = args -> {
            List<String> all = new ArrayList<>(List.of("nmcli", "--bondctl-root", root.toString(), "--bondctl-resolv-conf",
                    root.resolve("resolv.conf").toString()));
            all.addAll(args);
            Cli.Result r = cli.run(all.toArray(String[]::new));
            assertEquals(0, r.exit(), () -> String.join(" ", all) + " -> " + r);
            return r.out();
        };
        for (List<String> line : NmcliRecipe.LINES) {
            ours.run(line);
        }
        settle();
        capture(ourSide, ours, sc, root.resolve("resolv.conf"));
        // what NM keeps in /run is its own: compare the resolver's lines only
        StringBuilder report = new StringBuilder();
        List<String> differ = new ArrayList<>();
        for (String k : nmSide.keySet()) {
            String a = normalize(k, nmSide.get(k));
            String b = normalize(k, ourSide.get(k));
            report.append("=== ").append(k).append("\n--- NetworkManager\n").append(a).append("--- bondctl nmcli\n").append(b);
            if (!a.equals(b)) {
                differ.add(k);
            }
        }
        Files.writeString(OUT.resolve("nmcli-vs-nm.txt"), report.toString());
        assertEquals(List.of(), differ, "outputs that differ (both sides in $TESTBED_OUT/nmcli-vs-nm.txt)");
    }

    interface Shell {
        String run(List<String> args) throws Exception;
    }

    static void settle() throws Exception {
        // updelay=10000: a port NM re-enslaved is "going back" for 10 s
        new Bonds(rtnl).await("bond0", 40_000, s -> "ens192".equals(s.activePort()) && s.link().carrier()
                && "1000".equals(s.text(org.bondctl.bond.options.BondOption.MIIMON)) && s.ports().size() == 2
                && s.ports().stream().allMatch(p -> p.miiStatusName().equals("up")));
        Thread.sleep(2000); // NM finishes its IP configuration a little after the bond is up
    }

    static void capture(Map<String, String> into, Shell nmcli, Path dir, Path resolv) throws Exception {
        for (String f : List.of("bond0.nmconnection", "ens192.nmconnection", "ens224.nmconnection")) {
            into.put("file " + f, semantic(Files.readString(dir.resolve(f))));
        }
        for (List<String> args : SHOWS) {
            into.put("nmcli " + String.join(" ", args), nmcli.run(args));
        }
        into.put("kernel", String.join("\n", NetState.of(rtnl)) + "\n");
        into.put("/proc/net/bonding/bond0", Files.readString(Path.of("/proc/net/bonding/bond0")));
        into.put("resolver", String.join("\n", Files.readAllLines(resolv).stream()
                .filter(l -> l.startsWith("nameserver") || l.startsWith("search")).sorted().toList()) + "\n");
    }

    /** A keyfile as sorted section.key=value lines, uuid and timestamp aside. */
    static String semantic(String text) {
        TreeMap<String, String> m = new TreeMap<>();
        String section = "";
        for (String l : text.split("\n")) {
            if (l.startsWith("[")) {
                section = l;
                m.put(section, "");
            } else if (l.contains("=") && !l.startsWith("uuid=") && !l.startsWith("timestamp=")) {
                m.put(section + l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
            }
        }
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    /**
     * What may differ and does not count: the bond's UUID (random on both sides), NM's
     * bookkeeping (timestamps, D-Bus paths, the GENERAL.* and IP4.* block of an active profile,
     * which bondctl, having no daemon, does not print), the order of listed rows, link failure
     * counts and the MII state of a port that went through NM's reactivation.
     */
    static String normalize(String what, String text) {
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (l.matches("(?i).*(timestamp|dbus-path|con-path|GENERAL\\.|IP[46]\\.).*") || l.startsWith("Link Failure Count")) {
                continue;
            }
            lines.add(l.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID"));
        }
        if (!what.startsWith("/proc") && !what.startsWith("file") && !what.contains("show bond0")) {
            lines.sort(null);
        }
        return String.join("\n", lines) + "\n";
    }
}
