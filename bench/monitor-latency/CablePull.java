// Cable-pull latency benchmark for `bondctl monitor` (bench/monitor-latency/run boots the UML
// test bed and runs this single-file program inside it, on target/core/classes and target/cli/lib).
//
// Each phase builds bond0 (active-backup) on ens192/ens224, whose veth peers p192/p224 are the
// switch ports, then N times: wait a random 0..miimon ms (so pulls fall at any phase of the MII
// timer), pull the active port's cable (p* down, by rtnetlink from this JVM: t0 is taken just
// before the request), wait for the failover, restore the cable, wait until the port's MII
// status is up again. All times are CLOCK_MONOTONIC (System.nanoTime) except (d), which is a
// bash loop and uses $EPOCHREALTIME against a realtime t0.
//
// (a) pull -> carrier-lost event delivered to a Java listener (kernel alone, miimon=100)
// (b) pull -> failover reported by the kernel, with the accelerator (miimon=100)
// (c) pull -> failover reported by the kernel, kernel alone, miimon=100 and miimon=1000
// (d) pull -> a bash loop reading /proc/net/bonding/bond0 every 10 ms sees the new active port
// (e) carrier-loss message received -> switch request sent (accelerator reaction time)
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bondctl.bond.BondState;
import org.bondctl.bond.MiiStatus;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.monitor.Monitor;
import org.bondctl.monitor.MonitorEvent;
import org.bondctl.plan.Bonds;
import org.bondctl.rtnl.Rtnetlink;

public class CablePull {
    record Seen(MonitorEvent e, long delivered) {}

    static Rtnetlink rtnl;
    static Bonds bonds;
    static final Random RANDOM = new Random(42);
    static final BlockingQueue<Seen> QUEUE = new LinkedBlockingQueue<>();
    static final Map<String, List<Long>> SAMPLES = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        Set<String> only = args.length > 2 ? Set.of(args[2].split(",")) : Set.of("accel", "kernel100", "poll", "kernel1000");
        rtnl = Rtnetlink.open(null);
        bonds = new Bonds(rtnl);
        for (String p : List.of("192", "224")) {
            rtnl.createVeth("ens" + p, "p" + p);
            rtnl.setUp(rtnl.require("p" + p), true);
        }
        long started = System.nanoTime();
        if (only.contains("accel")) {
            phase("accel", n, 100, true, false);
        }
        if (only.contains("kernel100")) {
            phase("kernel100", n, 100, false, false);
        }
        if (only.contains("poll")) {
            phase("poll", n, 100, false, true);
        }
        if (only.contains("kernel1000")) {
            phase("kernel1000", n, 1000, false, false);
        }
        report(out, n, (System.nanoTime() - started) / 1e9);
    }

    static void phase(String name, int n, int miimon, boolean accelerate, boolean poll) throws Exception {
        bonds.find("bond0").ifPresent(b -> bonds.delete("bond0"));
        bonds.create("bond0", BondSettings.parse(List.of("mode=active-backup", "miimon=" + miimon)));
        bonds.enslave("bond0", List.of("ens192", "ens224"));
        rtnl.setUp(rtnl.require("bond0"), true);
        waitState(5000, b -> b.activePort() != null && b.ports().stream().allMatch(p -> p.miiStatus() == MiiStatus.UP));
        Process poller = null;
        Path pollLog = Path.of("/tmp/poll-" + name + ".log");
        if (poll) {
            poller = startPoller(pollLog);
        }
        try (Monitor m = Monitor.open(Monitor.Options.of(null, Set.of("bond0"), accelerate))) {
            m.addListener(e -> QUEUE.add(new Seen(e.copy(), System.nanoTime())));
            m.start();
            await(5000, s -> s.e().kind() == MonitorEvent.Kind.PORT);
            int warmup = miimon >= 1000 ? 3 : 30; // JIT: the first pulls are not recorded
            for (int i = -warmup; i < n; i++) {
                boolean record = i >= 0;
                String active = bonds.show("bond0").activePort();
                String other = active.equals("ens192") ? "ens224" : "ens192";
                Thread.sleep(20 + RANDOM.nextInt(miimon));
                QUEUE.clear();
                org.bondctl.rtnl.Link peer = rtnl.require("p" + active.substring(3));
                long t0real = epochMicros();
                long t0 = System.nanoTime();
                rtnl.setUp(peer, false);
                Seen lost = await(5000, s -> s.e().kind() == MonitorEvent.Kind.CARRIER_LOST && active.equals(s.e().port()));
                Seen f = await(5000, s -> s.e().kind() == MonitorEvent.Kind.FAILOVER);
                if (!other.equals(f.e().to())) {
                    throw new IllegalStateException("failover to " + f.e().to() + ", expected " + other);
                }
                if (!record) {
                    // warm-up pull
                } else if (accelerate) {
                    if (!f.e().accelerated()) {
                        throw new IllegalStateException("pull " + i + ": not accelerated");
                    }
                    add("b", f.e().switchedNanos() - t0);
                    add("b2", f.delivered() - t0);
                    add("e", f.e().reaction());
                } else if (miimon == 100 && !poll) {
                    add("a", lost.delivered() - t0);
                    add("c100", f.delivered() - t0);
                } else if (poll) {
                    add("d", (pollSeen(pollLog, t0real, other) - t0real) * 1000);
                } else {
                    add("c1000", f.delivered() - t0);
                }
                // let the MII monitor see the port down (the accelerator is faster), then restore
                if (!(lost.e().miiStatus() == MiiStatus.DOWN)) {
                    awaitMii(active, MiiStatus.DOWN, 5000);
                }
                rtnl.setUp(peer, true);
                await(5000, s -> s.e().kind() == MonitorEvent.Kind.MII_STATUS && active.equals(s.e().port())
                        && s.e().miiStatus() == MiiStatus.UP);
            }
        } finally {
            if (poller != null) {
                poller.destroy();
            }
        }
        bonds.delete("bond0");
    }

    static Process startPoller(Path log) throws IOException, InterruptedException {
        // bash builtins only: read the file, wait 10 ms with read -t on a fifo nobody writes.
        String script = """
                fifo=/tmp/poll.fifo; rm -f $fifo; mkfifo $fifo; exec 3<>$fifo
                prev=
                while :; do
                    cur=
                    while IFS= read -r line; do
                        if [[ $line == "Currently Active Slave: "* ]]; then cur=${line#*: }; break; fi
                    done < /proc/net/bonding/bond0
                    if [[ $cur != "$prev" ]]; then echo "$EPOCHREALTIME $cur" >> "$1"; prev=$cur; fi
                    read -t 0.01 -u 3 || :
                done
                """;
        Files.deleteIfExists(log);
        Process p = new ProcessBuilder("bash", "-c", script, "poller", log.toString()).inheritIO().start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(log) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return p;
    }

    /** Realtime (µs) of the first line after t0 naming the expected port. */
    static long pollSeen(Path log, long t0real, String port) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                String[] f = line.split(" ");
                long t = Math.round(Double.parseDouble(f[0]) * 1e6);
                if (t >= t0real && f.length > 1 && f[1].equals(port)) {
                    return t;
                }
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("poller did not see " + port);
    }

    static long epochMicros() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    static Seen await(long ms, Predicate<Seen> p) throws InterruptedException {
        long deadline = System.nanoTime() + ms * 1_000_000L;
        while (true) {
            Seen s = QUEUE.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (s == null) {
                throw new IllegalStateException("timed out");
            }
            if (p.test(s)) {
                return s;
            }
        }
    }

    static void awaitMii(String port, int mii, long ms) throws InterruptedException {
        long deadline = System.nanoTime() + ms * 1_000_000L;
        while (true) {
            BondState b = bonds.show("bond0");
            if (b.ports().stream().anyMatch(p -> p.name().equals(port) && p.miiStatus() == mii)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(port + " MII status never " + mii);
            }
            Thread.sleep(5);
        }
    }

    static void waitState(long ms, Predicate<BondState> p) throws InterruptedException {
        long deadline = System.nanoTime() + ms * 1_000_000L;
        while (!p.test(bonds.show("bond0"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("bond0 not ready");
            }
            Thread.sleep(10);
        }
    }

    static void add(String key, long ns) {
        SAMPLES.computeIfAbsent(key, k -> new ArrayList<>()).add(ns);
    }

    static final String[][] ROWS = {
        {"a", "(a) cable pull -> carrier-loss event delivered to the Java listener"},
        {"b", "(b) cable pull -> failover complete (kernel acknowledged the switch), `--accelerate` (miimon=100)"},
        {"b2", "(b') cable pull -> failover event delivered to the listener, `--accelerate` (miimon=100)"},
        {"c100", "(c) cable pull -> failover complete, kernel alone, miimon=100"},
        {"c1000", "(c) cable pull -> failover complete, kernel alone, miimon=1000"},
        {"d", "(d) cable pull -> bash loop polling /proc/net/bonding every 10 ms sees it (miimon=100)"},
        {"e", "(e) carrier-loss message received -> switch request sent (reaction)"},
    };

    static void report(Path out, int n, double seconds) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("| measurement | N | min | median | p99 | max |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        StringBuilder raw = new StringBuilder("series,ns\n");
        for (String[] row : ROWS) {
            List<Long> s = SAMPLES.get(row[0]);
            if (s == null) {
                continue;
            }
            long[] v = s.stream().mapToLong(Long::longValue).sorted().toArray();
            boolean micro = row[0].equals("e");
            sb.append("| ").append(row[1]).append(" | ").append(v.length).append(" | ")
                    .append(fmt(v[0], micro)).append(" | ").append(fmt(median(v), micro)).append(" | ")
                    .append(fmt(v[(int) Math.ceil(0.99 * v.length) - 1], micro)).append(" | ")
                    .append(fmt(v[v.length - 1], micro)).append(" |\n");
            for (long x : s) {
                raw.append(row[0]).append(',').append(x).append('\n');
            }
        }
        List<Long> b = SAMPLES.get("b");
        List<Long> c = SAMPLES.get("c100");
        if (b != null && c != null) {
            long[] bv = b.stream().mapToLong(Long::longValue).sorted().toArray();
            long[] cv = c.stream().mapToLong(Long::longValue).sorted().toArray();
            sb.append(String.format(Locale.ROOT, "%nMedian (c) at miimon=100 / median (b): %.1fx. Run time %.0f s.%n",
                    (double) median(cv) / median(bv), seconds));
        }
        Files.writeString(out, sb.toString());
        Files.writeString(Path.of(out.toString().replaceAll("\\.md$", "") + "-raw.csv"), raw.toString());
        System.out.print(sb);
    }

    static long median(long[] v) {
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String fmt(long ns, boolean micro) {
        return micro ? String.format(Locale.ROOT, "%.1f µs", ns / 1e3) : String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
    }
}
