package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.cli.Cli;
import org.junit.jupiter.api.Assumptions;

/**
 * The same nmcli script run twice: by the real nmcli with NetworkManager 1.42 running, then by
 * {@code bondctl nmcli} with it stopped, each script recording what it saw under names; the two
 * records must be equal (both sides are written to $TESTBED_OUT/REPORT for reading).
 */
final class SideBySide {
    private SideBySide() {}

    /** One side: its nmcli, and the directory its keyfiles are in. */
    interface Side {
        /** Runs an nmcli line that must succeed; returns its standard output. */
        String run(List<String> args) throws Exception;

        /** Runs an nmcli line that may fail; returns "EXIT OUTPUT" (standard error included). */
        String attempt(List<String> args) throws Exception;

        Path profiles();

        /** Waits for what the side does on its own after a line (NetworkManager's autoconnect). */
        default void settle() throws Exception {}
    }

    interface Script {
        void run(Side side, Map<String, String> record) throws Exception;
    }

    /** Runs {@code script} on both sides, deleting the connections {@code ids} from NM's after. */
    static void compare(String report, List<String> ids, Script script) throws Exception {
        compare(report, ids, script, false);
    }

    /**
     * {@link #compare}, with bondctl nmcli on the system's own profiles (root /: NetworkManager's
     * directory, which the guest throws away), where it activates what it adds, as NM
     * autoconnects; the connections {@code ids} are deleted from both sides after.
     */
    static void compareOnSystem(String report, List<String> ids, Script script) throws Exception {
        compare(report, ids, script, true);
    }

    private static void compare(String report, List<String> ids, Script script, boolean system) throws Exception {
        Assumptions.assumeTrue("1".equals(System.getenv("TESTBED_GUEST")) && Files.exists(Path.of("/run/dbus/system_bus_socket")),
                "needs the UML guest booted with --nm (testbed/kernel-tests --nm)");
        String nmPid = org.bondctl.profile.NmCompatTestAccess.startNm();
        Map<String, String> nmSide = new LinkedHashMap<>();
        try {
            script.run(new Side() {
                @Override
                public String run(List<String> args) throws Exception {
                    return NmcliVsNmKernelTest.realNmcli(args);
                }

                @Override
                public String attempt(List<String> args) throws Exception {
                    NmcliVsNmKernelTest.RealRun r = NmcliVsNmKernelTest.realNmcliMayFail(args);
                    return r.exit() + " " + r.out();
                }

                @Override
                public Path profiles() {
                    return NmcliVsNmKernelTest.SC;
                }

                @Override
                public void settle() throws Exception {
                    awaitQuiet(); // NM autoconnects in its own time
                }
            }, nmSide);
            if (!ids.isEmpty()) {
                List<String> delete = new ArrayList<>(List.of("connection", "delete"));
                delete.addAll(ids);
                NmcliVsNmKernelTest.realNmcli(delete);
            }
        } finally {
            org.bondctl.profile.NmCompatTestAccess.stopNm(nmPid);
        }
        Assumptions.assumeFalse(nmSide.isEmpty());

        Path root = system ? Path.of("/") : Files.createTempDirectory("nmcli-side");
        Cli cli = new Cli(null);
        Map<String, String> ourSide = new LinkedHashMap<>();
        script.run(new Side() {
            private Cli.Result nmcli(List<String> args) {
                List<String> all = new ArrayList<>(List.of("nmcli", "--bondctl-root", root.toString()));
                all.addAll(args);
                return cli.run(all.toArray(String[]::new));
            }

            @Override
            public String run(List<String> args) {
                Cli.Result r = nmcli(args);
                assertEquals(0, r.exit(), () -> String.join(" ", args) + " -> " + r);
                return r.out();
            }

            @Override
            public String attempt(List<String> args) {
                Cli.Result r = nmcli(args);
                return r.exit() + " " + r.out() + r.err();
            }

            @Override
            public Path profiles() {
                return root.resolve("etc/NetworkManager/system-connections");
            }
        }, ourSide);
        if (system && !ids.isEmpty()) {
            List<String> delete = new ArrayList<>(List.of("nmcli", "connection", "delete"));
            delete.addAll(ids);
            Cli.Result r = cli.run(delete.toArray(String[]::new));
            assertEquals(0, r.exit(), r::toString);
        }
        StringBuilder text = new StringBuilder();
        nmSide.forEach((k, v) -> text.append("=== ").append(k).append("\n--- NetworkManager\n").append(v)
                .append("--- bondctl nmcli\n").append(ourSide.get(k)));
        Files.writeString(NmcliVsNmKernelTest.OUT.resolve(report), text.toString());
        assertEquals(nmSide, ourSide, "both sides in $TESTBED_OUT/" + report);
    }

    /**
     * The least a settle waits (the fixed wait it replaced, which NM's timers were tuned
     * against); how long NetworkManager and the kernel must then stay unchanged to count as
     * done, with no device connecting or deactivating and no address in duplicate address
     * detection, and with one (a bridge without ports stays "connecting"); the most it waits.
     */
    private static final long LEAST_NANOS = 2_500_000_000L;
    private static final long QUIET_NANOS = 800_000_000L;
    private static final long QUIET_BUSY_NANOS = 2_500_000_000L;
    private static final long MOST_NANOS = 10_000_000_000L;

    /**
     * Waits until NetworkManager has done what the last line started (its autoconnects, an
     * activation's IP configuration, a route it adds once an IPv6 source address has passed
     * duplicate address detection): at least 2.5 s, then until its devices' states and the
     * kernel's links, addresses, routes and rules are unchanged for 0.8 s with nothing busy
     * (a device connecting or deactivating, a tentative address), for 2.5 s with something busy;
     * at most 10 s (the records then show where it was). A shorter least wait was tried: NM's
     * route with an IPv6 src came after the records (NmcliRouteAttributesVsNmKernelTest, once).
     */
    static void awaitQuiet() throws Exception {
        long start = System.nanoTime();
        long since = start;
        String last = null;
        try (org.bondctl.rtnl.Rtnetlink rtnl = org.bondctl.rtnl.Rtnetlink.open(null)) {
            while (true) {
                String devices = NmcliVsNmKernelTest.realNmcliMayFail(List.of("-t", "-f", "DEVICE,STATE,CONNECTION", "device")).out();
                String now = devices + String.join("\n", org.bondctl.plan.NetState.of(rtnl));
                long t = System.nanoTime();
                if (!now.equals(last)) {
                    last = now;
                    since = t;
                }
                boolean busy = devices.contains(":connecting") || devices.contains(":deactivating")
                        || rtnl.addressEntries().stream().anyMatch(e -> (e.flags() & org.bondctl.rtnl.Rtnl.IFA_F_TENTATIVE) != 0);
                if (t - start >= MOST_NANOS
                        || t - start >= LEAST_NANOS && t - since >= (busy ? QUIET_BUSY_NANOS : QUIET_NANOS)) {
                    return;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Adds bond0 (active-backup, miimon 100, IPv4 192.0.2.10/24, then {@code ip}: more ipv4/ipv6
     * words) and its port p1 on ens192: an active bond the test then changes.
     */
    static void bondWithPort(Side side, String... ip) throws Exception {
        List<String> add = new ArrayList<>(List.of("connection", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0",
                "bond.options", "mode=active-backup,miimon=100", "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24"));
        add.addAll(List.of(ip));
        side.run(add);
        side.run(List.of("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "p1", "ifname", "ens192",
                "master", "bond0"));
    }

    /**
     * What each side shows of profile {@code id}'s {@code props} (comma-separated): nmcli -g's
     * values, the lines of 'connection show' that name one of them, and the keyfile's lines
     * {@code key} takes (section headers always), recorded under "{@code what}: ...".
     */
    static void recordProfile(Side side, java.util.Map<String, String> record, String what, String id, String props,
            java.util.function.Predicate<String> key) throws Exception {
        record.put(what + ": nmcli -g", side.run(List.of("-g", props, "connection", "show", id)));
        List<String> names = java.util.Arrays.stream(props.split(",")).map(n -> n.substring(n.indexOf('.') + 1)).toList();
        StringBuilder shown = new StringBuilder();
        side.run(List.of("connection", "show", id)).lines().filter(l -> names.stream().anyMatch(n -> l.contains("." + n + ":")))
                .forEach(l -> shown.append(l).append('\n'));
        record.put(what + ": nmcli", shown.toString());
        StringBuilder keys = new StringBuilder();
        for (String l : Files.readAllLines(side.profiles().resolve(id + ".nmconnection"))) {
            if (l.startsWith("[ipv") || key.test(l)) {
                keys.append(l).append('\n');
            }
        }
        record.put(what + ": keyfile", keys.toString());
    }

    /** /etc/resolv.conf's nameserver and search lines (and NM's note before a fourth server), as both sides leave them. */
    static String resolvConf() throws java.io.IOException {
        StringBuilder dns = new StringBuilder();
        for (String l : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
            if (l.startsWith("nameserver") || l.startsWith("search") || l.startsWith("# NOTE") || l.startsWith("# The nameservers")) {
                dns.append(l).append('\n');
            }
        }
        return dns.toString();
    }

    /**
     * A main-table unicast route as "route DEST [via GW]" and, with {@code metrics}, its metric;
     * null for an IPv6 link-local one (the kernel's).
     */
    static String routeLine(org.bondctl.rtnl.Route r, boolean metrics) {
        if (r.table() != org.bondctl.rtnl.Rtnl.RT_TABLE_MAIN || r.type() != org.bondctl.rtnl.Rtnl.RTN_UNICAST
                || r.family() == org.bondctl.rtnl.Rtnl.AF_INET6 && r.destination() != null && r.destination().isLinkLocalAddress()) {
            return null;
        }
        return "route " + r.destinationText() + (r.gateway() == null ? "" : " via " + org.bondctl.rtnl.Address.text(r.gateway()))
                + (metrics ? " metric " + r.effectiveMetric() : "");
    }

    /**
     * Records, after the side settles, under "WHAT: devices" the lines of 'device status' of
     * {@code names} (sorted, blanks squeezed: the two sides order devices differently), under
     * "WHAT: addresses" their IPv4 addresses as the kernel has them, and the active profiles
     * ({@link #recordActive}).
     */
    static void recordDevices(Side side, Map<String, String> record, String what, org.bondctl.rtnl.Rtnetlink rtnl,
            List<String> names) throws Exception {
        side.settle();
        java.util.TreeSet<String> lines = new java.util.TreeSet<>();
        side.run(List.of("device", "status")).lines().filter(l -> names.contains(l.split("\\s+")[0]))
                .forEach(l -> lines.add(l.strip().replaceAll("\\s+", " ")));
        record.put(what + ": devices", String.join("\n", lines) + "\n");
        StringBuilder addrs = new StringBuilder();
        for (String n : names) {
            rtnl.link(n).ifPresent(l -> rtnl.addresses(l.index()).stream().filter(a -> a.family() == org.bondctl.rtnl.Rtnl.AF_INET)
                    .forEach(a -> addrs.append(n).append(' ').append(a).append('\n')));
        }
        record.put(what + ": addresses", addrs.toString());
        recordActive(side, record, what);
    }

    /** Records, under "WHAT: active", the active profiles and their devices (nmcli -t -f NAME,DEVICE c s --active, sorted). */
    static void recordActive(Side side, Map<String, String> record, String what) throws Exception {
        java.util.TreeSet<String> active = new java.util.TreeSet<>(side.run(List.of("-t", "-f", "NAME,DEVICE", "connection",
                "show", "--active")).lines().toList());
        record.put(what + ": active", String.join("\n", active) + "\n");
    }
}
