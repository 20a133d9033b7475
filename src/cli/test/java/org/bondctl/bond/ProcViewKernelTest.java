package org.bondctl.bond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bondctl.bond.options.BondMode;
import org.bondctl.cli.Cli;
import org.bondctl.cli.JsonCheck;
import org.bondctl.rtnl.NetnsFixture;
import org.junit.jupiter.api.Tag;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code bondctl show} against the kernel's own /proc/net/bonding, every line, in order: the
 * proc file read with {@code ip netns exec NS cat} (bondctl's reader is not used), show run
 * with --netns. Only the lines bondctl adds ({@link ProcView#EXTRA_KEYS}) are taken out of
 * show's output before the comparison. The ports are enslaved against ifindex order, so the
 * bond's own order is what is compared. Their peers sit in a second namespace: the switch,
 * or in 802.3ad with LACP the partner bond that answers the LACPDUs.
 */
@Tag("kernel")
class ProcViewKernelTest {

    @ParameterizedTest
    @EnumSource(BondMode.class)
    void everyMode(BondMode mode) throws Exception {
        List<String> opts = new ArrayList<>(List.of("mode=" + mode.kernelName(), "miimon=100", "updelay=200"));
        if (mode == BondMode.ACTIVE_BACKUP) {
            opts.add("fail_over_mac=active");
        }
        try (Pair pair = new Pair()) {
            pair.bond(opts, mode.usesPrimary() ? "primary=pv192" : null);
            Thread.sleep(600); // past updelay: the MII states settle
            pair.compare(mode == BondMode.IEEE_802_3AD ? 20 : 17);
        }
    }

    /**
     * The ARP monitor's interval in the tests where nothing answers it. Its targets never reply
     * (or there are none), so in active-backup it never finds an active port and moves the
     * candidate on at every run: pv224 "going down" and pv192 "going back", then the reverse.
     * A state that swaps back and forth can read the same before and after a show that saw the
     * other phase; a try counts only if it took less than one interval (see compareText), and a
     * try (two proc reads, each a process in the guest, and a show in this JVM) takes 0.2-3 s.
     */
    static final int ARP_INTERVAL_MS = 6000;

    /**
     * The ARP/NS monitor's lines (interval, missed max, both target lists, set and empty) in the
     * modes that have it.
     */
    @ParameterizedTest
    @EnumSource(value = BondMode.class, names = {"BALANCE_RR", "ACTIVE_BACKUP", "BALANCE_XOR", "BROADCAST"})
    void everyModeWithTheArpMonitor(BondMode mode) throws Exception {
        String interval = "arp_interval=" + ARP_INTERVAL_MS;
        for (List<String> opts : List.of(List.of("mode=" + mode.kernelName(), interval, "arp_missed_max=3",
                "arp_ip_target=192.0.2.1,192.0.2.2", "ns_ip6_target=2001:db8::1,2001:db8::2"),
                List.of("mode=" + mode.kernelName(), interval))) {
            try (Pair pair = new Pair()) {
                pair.bond(opts, mode.usesPrimary() ? "primary=pv192" : null);
                pair.compare(15, ARP_INTERVAL_MS);
            }
        }
    }

    /**
     * The MII monitor's two passing states, each held for seconds: a port enslaved after the
     * bond has an active one is "going back" for updelay; the active port whose peer goes
     * down is "going down" for downdelay.
     */
    @Test
    void goingBackAndGoingDown() throws Exception {
        try (Pair pair = new Pair()) {
            pair.bond(List.of("mode=active-backup", "miimon=100", "updelay=20000", "downdelay=20000"), null);
            String proc = pair.compareText();
            assertTrue(proc.contains("Slave Interface: pv192\nMII Status: going back\n"), proc);
            Pair.ip("-n", pair.b.name, "link", "set", "pp224", "down");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!pair.proc().contains("Slave Interface: pv224\nMII Status: going down\n") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            proc = pair.compareText();
            assertTrue(proc.contains("Slave Interface: pv224\nMII Status: going down\n"), proc);
            assertTrue(proc.contains("Slave Interface: pv192\nMII Status: going back\n"), proc);
        }
    }

    @Test
    void lacpWithPartner() throws Exception {
        try (Pair pair = new Pair()) {
            pair.bond(List.of("mode=802.3ad", "miimon=100", "lacp_rate=fast"), null);
            pair.peerBond("mode=802.3ad", "miimon=100", "lacp_rate=fast");
            // collecting and distributing on both ports, both sides: LACPDUs went both ways
            long deadline = System.nanoTime() + 30_000_000_000L;
            String proc = pair.proc();
            while (proc.split("port state: 63\n", -1).length - 1 < 4 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                proc = pair.proc();
            }
            String last = proc;
            assertEquals(4, proc.split("port state: 63\n", -1).length - 1, () -> "LACP did not converge:\n" + last);
            int compared = pair.compare(50);
            assertTrue(compared >= 60, "compared " + compared);
        }
    }

    /** Without CAP_NET_ADMIN the proc file leaves out the system, aggregator and LACPDU lines; so does show. */
    @Test
    void lacpWithPartnerUnprivileged() throws Exception {
        try (Pair pair = new Pair()) {
            pair.bond(List.of("mode=802.3ad", "miimon=100", "lacp_rate=fast"), null);
            pair.peerBond("mode=802.3ad", "miimon=100", "lacp_rate=fast");
            String[] withoutNetAdmin = {"setpriv", "--bounding-set=-net_admin", "--inh-caps=-net_admin"};
            for (int attempt = 0; ; attempt++) {
                String before = pair.unprivileged(withoutNetAdmin, "cat", "/proc/net/bonding/pvbond");
                // the launcher of the checkout (the class path of a console-launcher run is not the JVM's)
                String show = pair.unprivileged(withoutNetAdmin, Path.of("bin/bondctl").toAbsolutePath().toString(), "show", "pvbond");
                String after = pair.unprivileged(withoutNetAdmin, "cat", "/proc/net/bonding/pvbond");
                if (!before.equals(after) && attempt < 9) {
                    continue;
                }
                assertTrue(!before.contains("details actor lacp pdu") && !before.contains("System priority"), before);
                assertTrue(before.contains("Actor Churned Count: 0"), before);
                assertEquals(before.lines().toList(), show.lines()
                        .filter(l -> l.indexOf(':') < 0 || !ProcView.EXTRA_KEYS.contains(l.substring(0, l.indexOf(':')))).toList(),
                        "unprivileged show:\n" + show);
                return;
            }
        }
    }

    @Test
    void arpAndNsTargets() throws Exception {
        try (Pair pair = new Pair()) {
            // The targets never answer, so the ARP monitor moves a port on at every interval.
            pair.bond(List.of("mode=active-backup", "arp_interval=" + ARP_INTERVAL_MS, "arp_ip_target=192.0.2.1,192.0.2.2",
                    "ns_ip6_target=2001:db8::1,2001:db8::2", "arp_validate=all"), "primary=pv192");
            String proc = pair.compareText(ARP_INTERVAL_MS);
            assertTrue(proc.contains("ARP IP target/s (n.n.n.n form): 192.0.2.1, 192.0.2.2\n"), proc);
            assertTrue(proc.contains("NS IPv6 target/s (xx::xx form): 2001:db8::1, 2001:db8::2\n"), proc);
        }
    }

    @Test
    void tlbWithoutDynamicLoadBalancingHasAHashPolicy() throws Exception {
        try (Pair pair = new Pair()) {
            pair.bond(List.of("mode=balance-tlb", "tlb_dynamic_lb=0"), null);
            assertTrue(pair.compareText().contains("Transmit Hash Policy: layer2 (0)\n"));
        }
    }

    /**
     * Namespace A holds bond pvbond with ports pv192 and pv224, enslaved in that order reversed;
     * namespace B their peers pp192 and pp224, up.
     */
    static final class Pair implements AutoCloseable {
        final NetnsFixture a = new NetnsFixture();
        final NetnsFixture b = new NetnsFixture();
        final Cli cli = new Cli(a.name);

        Pair() throws Exception {
            for (String n : new String[] {"192", "224"}) {
                ip("-n", a.name, "link", "add", "pv" + n, "type", "veth", "peer", "name", "pp" + n, "netns", b.name);
                ip("-n", b.name, "link", "set", "pp" + n, "up");
            }
        }

        void bond(List<String> options, String afterUp) {
            List<String> add = new ArrayList<>(List.of("add", "pvbond"));
            add.addAll(options);
            ok(cli.run(add.toArray(String[]::new)));
            ok(cli.run("enslave", "pvbond", "pv224", "pv192"));
            ok(cli.run("up", "pvbond"));
            if (afterUp != null) {
                ok(cli.run("set", "pvbond", afterUp));
            }
        }

        void peerBond(String... options) throws Exception {
            List<String> add = new ArrayList<>(List.of("add", "ppbond"));
            add.addAll(List.of(options));
            Cli peer = new Cli(b.name);
            ok(peer.run(add.toArray(String[]::new)));
            ok(peer.run("enslave", "ppbond", "pp192", "pp224"));
            ok(peer.run("up", "ppbond"));
        }

        /** A command run inside namespace A, after the given prefix (setpriv ...). */
        String unprivileged(String[] prefix, String... cmd) throws IOException, InterruptedException {
            List<String> all = new ArrayList<>(List.of("netns", "exec", a.name));
            all.addAll(List.of(prefix));
            all.addAll(List.of(cmd));
            return ip(all.toArray(String[]::new));
        }

        String proc() throws IOException, InterruptedException {
            return ip("netns", "exec", a.name, "cat", "/proc/net/bonding/pvbond");
        }

        /** Compares show with the proc file; returns the number of lines compared (at least min). */
        int compare(int min) throws Exception {
            return compare(min, Long.MAX_VALUE);
        }

        /** {@link #compare(int)} for a bond whose monitor may change a port every {@code changesEveryMs} (see compareText). */
        int compare(int min, long changesEveryMs) throws Exception {
            int n = compareText(changesEveryMs).split("\n").length;
            assertTrue(n >= min, "compared " + n + " lines");
            return n;
        }

        /** {@link #compareText(long)} for a bond whose monitors settle (the MII monitor, LACP). */
        String compareText() throws Exception {
            return compareText(Long.MAX_VALUE);
        }

        /**
         * Reads the proc file, runs show, reads the proc file again, until the two reads agree
         * (the MII and LACP machines run on their own), then compares; returns the proc text.
         * {@code changesEveryMs}: a bond that never settles, whose monitor may change a port
         * once a run, every that many ms (an ARP monitor nothing answers swaps two states back
         * and forth, which equal reads cannot tell from no change): a try counts only if it took
         * less, so at most one run fell inside it and equal reads prove it changed nothing.
         * Tries for up to two minutes, not a number of times: on a loaded machine many tries
         * in a row can straddle a change.
         */
        String compareText(long changesEveryMs) throws Exception {
            long deadline = System.nanoTime() + 120_000_000_000L;
            long shortest = Long.MAX_VALUE;
            for (boolean last = false; !last; ) {
                last = System.nanoTime() - deadline > 0;
                long t0 = System.nanoTime();
                String before = proc();
                Cli.Result show = cli.run("show", "pvbond");
                String after = proc();
                long tookMs = (System.nanoTime() - t0) / 1_000_000;
                shortest = Math.min(shortest, tookMs);
                ok(show);
                if (!before.equals(after) || tookMs >= changesEveryMs) {
                    Thread.sleep(50);
                    continue;
                }
                List<String> ours = show.out().lines()
                        .filter(l -> l.indexOf(':') < 0 || !ProcView.EXTRA_KEYS.contains(l.substring(0, l.indexOf(':'))))
                        .toList();
                assertEquals(before.lines().toList(), ours, () -> "show differs from /proc/net/bonding/pvbond;\n--- show:\n"
                        + show.out() + "--- proc:\n" + before);
                assertTrue(show.out().indexOf("Slave Interface: pv224") < show.out().indexOf("Slave Interface: pv192"),
                        "ports in the bond's order");
                // the same bond as JSON: valid against the schema, ports in the same order
                Cli.Result json = cli.run("--json", "show", "pvbond");
                ok(json);
                JsonCheck.assertValidShow(json.out());
                assertTrue(json.out().indexOf("\"ifname\":\"pv224\"") < json.out().indexOf("\"ifname\":\"pv192\""));
                List<String> differences = differencesFromIp(JsonCheck.parse(json.out()).get(0));
                if (!differences.isEmpty() && !last) {
                    Thread.sleep(100); // the monitors changed a port between the two reads
                    continue;
                }
                assertEquals(List.of(), differences, "show --json against ip -j -d link show");
                return before;
            }
            fail("/proc/net/bonding/pvbond changed on every read, or no try took less than " + changesEveryMs
                    + " ms (the shortest: " + shortest + " ms):\n" + proc());
            return null;
        }

        /**
         * Where show's JSON differs from ip -j -d link show: every key ip prints in the bond's
         * info_data and each port's info_slave_data must be there with ip's value; one
         * documented exception: ip prints arp_validate none as null (iplink_bond.c), bondctl its name.
         */
        List<String> differencesFromIp(JsonNode ours) throws Exception {
            List<String> out = new ArrayList<>();
            JsonNode ip = JsonCheck.parse(ip("-n", a.name, "-j", "-d", "link", "show", "pvbond")).get(0);
            ip.get("linkinfo").get("info_data").properties().forEach(e -> {
                JsonNode want = e.getKey().equals("arp_validate") && e.getValue().isNull()
                        ? JsonCheck.parse("\"none\"") : e.getValue();
                if (!want.equals(ours.get(e.getKey()))) {
                    out.add("bond key " + e.getKey() + ": ip " + want + ", show " + ours.get(e.getKey()));
                }
            });
            for (JsonNode port : ours.get("slaves")) {
                JsonNode ipPort = JsonCheck.parse(ip("-n", a.name, "-j", "-d", "link", "show", port.get("ifname").asString())).get(0);
                ipPort.get("linkinfo").get("info_slave_data").properties().forEach(e -> {
                    if (!e.getValue().equals(port.get(e.getKey()))) {
                        out.add(port.get("ifname") + " key " + e.getKey() + ": ip " + e.getValue() + ", show " + port.get(e.getKey()));
                    }
                });
                for (String k : List.of("ifindex", "address")) {
                    if (!ipPort.get(k).equals(port.get(k))) {
                        out.add(port.get("ifname") + " key " + k);
                    }
                }
            }
            return out;
        }

        @Override
        public void close() {
            a.close();
            b.close();
        }

        private static void ok(Cli.Result r) {
            assertEquals(0, r.exit(), r::toString);
        }

        static String ip(String... args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of("ip"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), () -> String.join(" ", cmd) + ": " + out);
            return out;
        }
    }
}
