// The tables of bench/failover/run, from the raw data its guest wrote (bench/failover/guest-failover):
//   java bench/failover/FailoverReport.java RAW_DIR RESULTS_DIR
// writes RESULTS_DIR/failover.md and RESULTS_DIR/failover-raw.tsv. Exit 1 when a variant has no sample.
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class FailoverReport {
    /** One pull: the probe's line. */
    record Pull(int index, boolean accelerated, long pull, long toCarrier, long toAck, long carrierToAck) {}

    /** A pause of the monitor's JVM (GC or safepoint): when it ended (CLOCK_MONOTONIC) and how long. */
    record Pause(String what, long end, long nanos) {}

    /** The samples of one condition and variant over all blocks. */
    static final class Series {
        final List<Pull> counted = new ArrayList<>();
        final List<Pull> firstPulls = new ArrayList<>(); // the first pull after each start (cold)
        final List<long[]> windows = new ArrayList<>();
        final List<Pause> pauses = new ArrayList<>();
        boolean gcLogged;
    }

    static final Pattern LOG_TIME = Pattern.compile("\\[(\\d+)ns\\]");
    static final Pattern GC = Pattern.compile("GC\\(\\d+\\) (Pause \\S+).* ([\\d.]+)ms$");
    static final Pattern SAFEPOINT = Pattern.compile("Safepoint \"([^\"]+)\".*Total: (\\d+) ns");

    public static void main(String[] args) throws IOException {
        Path raw = Path.of(args[0]);
        Path results = Path.of(args[1]);
        Map<String, String> meta = meta(raw.resolve("meta.txt"));
        Map<String, Series> series = new TreeMap<>();
        StringBuilder rawOut = new StringBuilder("cond\tvariant\tblock\tindex\taccelerated\tpull_to_carrier_ns\tpull_to_ack_ns\tcarrier_to_ack_ns\n");
        // tag (the files' names: cond-variant-block, made safe for a file name) -> cond, variant, block
        Map<String, String[]> tags = new LinkedHashMap<>();
        for (String l : Files.readAllLines(raw.resolve("blocks.tsv")).stream().skip(1).toList()) {
            String[] r = l.split("\t");
            tags.put(r[3], new String[] {r[0], r[1], r[2]});
        }
        for (Map.Entry<String, String[]> t : tags.entrySet()) {
            Path f = raw.resolve("pulls-" + t.getKey() + ".tsv");
            if (!Files.exists(f)) {
                continue;
            }
            String[] cvb = t.getValue();
            String key = cvb[0] + "\t" + cvb[1];
            Series s = series.computeIfAbsent(key, k -> new Series());
            boolean first = true;
            for (String line : Files.readAllLines(f)) {
                String[] x = line.split("\\s+");
                if (line.startsWith("# window")) {
                    s.windows.add(new long[] {Long.parseLong(x[2]), Long.parseLong(x[3])});
                    continue;
                }
                Pull p = new Pull(Integer.parseInt(x[0]), x[1].equals("1"), Long.parseLong(x[2]), Long.parseLong(x[3]),
                        Long.parseLong(x[4]), Long.parseLong(x[5]));
                if (first) {
                    s.firstPulls.add(p);
                    first = false;
                }
                if (p.index() >= 0) {
                    s.counted.add(p);
                    rawOut.append(key).append('\t').append(cvb[2]).append('\t').append(p.index()).append('\t')
                            .append(p.accelerated() ? 1 : 0).append('\t').append(p.toCarrier()).append('\t')
                            .append(p.toAck()).append('\t').append(p.carrierToAck()).append('\n');
                }
            }
            Path gc = raw.resolve("gc-" + t.getKey() + ".log");
            if (Files.exists(gc)) {
                s.gcLogged = true;
                s.pauses.addAll(pauses(gc));
            }
        }
        StringBuilder md = new StringBuilder();
        header(md, meta);
        boolean complete = latencyTables(md, series);
        pauseTable(md, series);
        coldTable(md, series);
        rss(md, raw.resolve("rss.tsv"), meta);
        blocks(md, raw.resolve("blocks.tsv"));
        Files.createDirectories(results);
        Files.writeString(results.resolve("failover.md"), md.toString());
        Files.writeString(results.resolve("failover-raw.tsv"), rawOut.toString());
        System.out.print(md);
        System.exit(complete && !series.isEmpty() ? 0 : 1);
    }

    static Map<String, String> meta(Path p) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : Files.readAllLines(p)) {
            int eq = l.indexOf('=');
            if (eq > 0) {
                m.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        return m;
    }

    static List<Pause> pauses(Path log) throws IOException {
        List<Pause> out = new ArrayList<>();
        for (String l : Files.readAllLines(log)) {
            Matcher t = LOG_TIME.matcher(l);
            if (!t.find()) {
                continue;
            }
            long end = Long.parseLong(t.group(1));
            Matcher g = GC.matcher(l);
            Matcher s = SAFEPOINT.matcher(l);
            if (g.find()) {
                out.add(new Pause(g.group(1), end, (long) (Double.parseDouble(g.group(2)) * 1e6)));
            } else if (s.find()) {
                out.add(new Pause("safepoint " + s.group(1), end, Long.parseLong(s.group(2))));
            }
        }
        return out;
    }

    static void header(StringBuilder md, Map<String, String> meta) {
        md.append("# Accelerated failover: bondctl monitor against the C floor, timed by an independent probe\n\n");
        md.append("Generated by `bench/failover/run` on ").append(meta.get("date")).append(" (commit ")
                .append(meta.get("commit")).append(").\n\n");
        md.append("- Host: ").append(meta.get("cpu")).append(", ").append(meta.get("cores")).append(" cores, Linux ")
                .append(meta.get("host_kernel")).append(", ").append(meta.get("java")).append('\n');
        md.append("- Guest: User-Mode Linux ").append(meta.get("guest_kernel"))
                .append(" (1 CPU, no vDSO: every clock read and system call traps into the UML kernel), bond0 active-backup ")
                .append("miimon=100 over two veths, no primary, no delays\n");
        md.append("- Load average of the host (1/5/15 min) at start: ").append(meta.get("load_start")).append("; at the end: ")
                .append(meta.get("load_end")).append(" (the guest's, per block, at the end)\n");
        md.append("- Per variant and condition: ").append(meta.get("blocks")).append(" block(s) of ").append(meta.get("pulls"))
                .append(" counted pulls after ").append(meta.get("warmup"))
                .append(" warm-up pulls; each block starts the accelerator afresh; the variants take turns in an order that ")
                .append("rotates per block. `load`: `hog cpu` (spins) and `hog alloc` (maps, writes and unmaps memory in a loop) ")
                .append("at normal priority beside it.\n");
        md.append("- The probe (bench/c/probe.c, SCHED_FIFO 99, memory locked) pulls the cable of the active port (its veth ")
                .append("peer down) and timestamps, on CLOCK_MONOTONIC, the carrier-off notification and the bond's ")
                .append("RTM_NEWLINK with the new active port (the kernel's acknowledgement of the switch).\n\n");
    }

    /** Which C floor a variant is compared with: the one with the same scheduling. */
    static String peer(String variant) {
        String v = base(variant);
        return v.startsWith("bondctl-rt") || v.startsWith("c-") ? "c-rt" : "c";
    }

    /** The variant's name without its JVM options (+OPTS) and other build (@LAUNCHER). */
    static String base(String variant) {
        return variant.split("[+@]", 2)[0];
    }

    static String describe(String variant) {
        String v = base(variant);
        int plus = variant.indexOf('+');
        int at = variant.indexOf('@');
        String extra = (plus < 0 ? "" : ", JVM " + variant.substring(plus + 1, at > plus ? at : variant.length()).replace('~', ' '))
                + (at < 0 ? "" : ", build " + variant.substring(at + 1));
        String d = switch (v) {
            case "c" -> "C floor (bench/c/accel.c)";
            case "c-rt" -> "C floor, SCHED_FIFO 50 + mlockall";
            case "c-shim-rt" -> "C floor receiving as bondctl's shim (recvmmsg of 2, a clock read), SCHED_FIFO 50 + mlockall";
            case "bondctl" -> "`bondctl monitor --accelerate`";
            case "bondctl-rt" -> "`bondctl monitor --accelerate --rt-priority 50 --lock-memory`";
            case "bondctl-rt-nolock" -> "`bondctl monitor --accelerate --rt-priority 50`";
            case "kernel" -> "kernel alone (miimon=100)";
            default -> v;
        };
        return d + extra;
    }

    static boolean latencyTables(StringBuilder md, Map<String, Series> series) {
        boolean complete = true;
        md.append("## Cable pull → failover complete (target 3: median ≤ 1.5 ms, p99 ≤ 5 ms, shipped command)\n\n");
        md.append("| condition | accelerator | N | failed over by the kernel itself | min | median | p90 | p99 | max |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Map.Entry<String, Series> e : series.entrySet()) {
            String[] k = e.getKey().split("\t");
            long[] v = e.getValue().counted.stream().mapToLong(Pull::toAck).sorted().toArray();
            if (v.length == 0) {
                complete = false;
                continue;
            }
            long kernel = e.getValue().counted.stream().filter(p -> !p.accelerated()).count();
            md.append("| ").append(k[0]).append(" | ").append(describe(k[1])).append(" | ").append(v.length).append(" | ")
                    .append(k[1].equals("kernel") ? "all" : String.valueOf(kernel)).append(" | ").append(ms(v[0])).append(" | ")
                    .append(ms(pct(v, 50))).append(" | ").append(ms(pct(v, 90))).append(" | ").append(ms(pct(v, 99)))
                    .append(" | ").append(ms(v[v.length - 1])).append(" |\n");
        }
        md.append("\n## Carrier-off notification → the kernel's acknowledgement of the switch (target 4: ≤ 1.2x the C floor at the median)\n\n");
        md.append("Per pull, both times as the probe received them; the C floor beside each variant is the one with the same ")
                .append("scheduling (normal, or SCHED_FIFO with locked memory).\n\n");
        md.append("| condition | accelerator | N | min | median | p90 | p99 | C floor median | ratio |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Map.Entry<String, Series> e : series.entrySet()) {
            String[] k = e.getKey().split("\t");
            long[] v = e.getValue().counted.stream().filter(Pull::accelerated).mapToLong(Pull::carrierToAck).sorted().toArray();
            if (v.length == 0 || k[1].equals("kernel")) {
                continue;
            }
            Series floor = series.get(k[0] + "\t" + peer(k[1]));
            long[] f = floor == null ? new long[0]
                    : floor.counted.stream().filter(Pull::accelerated).mapToLong(Pull::carrierToAck).sorted().toArray();
            md.append("| ").append(k[0]).append(" | ").append(describe(k[1])).append(" | ").append(v.length).append(" | ")
                    .append(ms(v[0])).append(" | ").append(ms(pct(v, 50))).append(" | ").append(ms(pct(v, 90))).append(" | ")
                    .append(ms(pct(v, 99))).append(" | ").append(f.length == 0 ? "-" : ms(pct(f, 50))).append(" | ")
                    .append(f.length == 0 ? "-" : String.format(Locale.ROOT, "%.2fx", (double) pct(v, 50) / pct(f, 50)))
                    .append(" |\n");
        }
        md.append("\nOnly pulls the accelerator failed over are in this table (those the kernel's MII monitor reached first ")
                .append("are counted in the first).\n\n");
        return complete;
    }

    static void pauseTable(StringBuilder md, Map<String, Series> series) {
        md.append("## The monitor's JVM: GC and safepoints while it was measured\n\n");
        md.append("From `-Xlog:gc,safepoint` (decorated with CLOCK_MONOTONIC, the probe's clock). Window: from the first ")
                .append("counted pull to the end of the block; event path: from a pull to the kernel's acknowledgement.\n\n");
        md.append("| condition | accelerator | GC pauses in the windows | safepoints in the windows | of them during an event path | longest |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: |\n");
        for (Map.Entry<String, Series> e : series.entrySet()) {
            Series s = e.getValue();
            if (!s.gcLogged) {
                continue;
            }
            String[] k = e.getKey().split("\t");
            int gcs = 0;
            int safepoints = 0;
            int onPath = 0;
            long longest = 0;
            for (Pause p : s.pauses) {
                long start = p.end() - p.nanos();
                if (s.windows.stream().noneMatch(w -> p.end() >= w[0] && start <= w[1])) {
                    continue;
                }
                if (p.what().startsWith("Pause")) {
                    gcs++;
                } else {
                    safepoints++;
                }
                longest = Math.max(longest, p.nanos());
                if (s.counted.stream().anyMatch(q -> p.end() >= q.pull() && start <= q.pull() + q.toAck())) {
                    onPath++;
                }
            }
            md.append("| ").append(k[0]).append(" | ").append(describe(k[1])).append(" | ").append(gcs).append(" | ")
                    .append(safepoints).append(" | ").append(onPath).append(" | ")
                    .append(longest == 0 ? "-" : String.format(Locale.ROOT, "%.1f µs", longest / 1e3)).append(" |\n");
        }
        md.append('\n');
    }

    static void coldTable(StringBuilder md, Map<String, Series> series) {
        md.append("## The first pull after each start (cold: before any warm-up), pull → failover complete\n\n");
        md.append("| condition | accelerator | starts | median | max |\n| --- | --- | ---: | ---: | ---: |\n");
        for (Map.Entry<String, Series> e : series.entrySet()) {
            String[] k = e.getKey().split("\t");
            long[] v = e.getValue().firstPulls.stream().mapToLong(Pull::toAck).sorted().toArray();
            if (v.length == 0) {
                continue;
            }
            md.append("| ").append(k[0]).append(" | ").append(describe(k[1])).append(" | ").append(v.length).append(" | ")
                    .append(ms(pct(v, 50))).append(" | ").append(ms(v[v.length - 1])).append(" |\n");
        }
        md.append('\n');
    }

    static void rss(StringBuilder md, Path p, Map<String, String> meta) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        List<String[]> rows = Files.readAllLines(p).stream().skip(1).map(l -> l.split("\t")).filter(r -> r.length >= 4).toList();
        if (rows.isEmpty()) {
            return;
        }
        String[] first = rows.get(0);
        String[] last = rows.get(rows.size() - 1);
        md.append("## Memory of a monitor following ").append(meta.get("rss_bonds")).append(" bonds for ")
                .append(meta.get("rss_seconds")).append(" s\n\n");
        md.append("`bondctl monitor --accelerate` (every bond), one port after another going down and up (two events a ")
                .append("second); VmRSS sampled every 10 s, from when the initial state was printed.\n\n");
        md.append("| | seconds | VmRSS | VmHWM | lines printed |\n| --- | ---: | ---: | ---: | ---: |\n");
        md.append("| start | ").append(first[0]).append(" | ").append(mib(first[1])).append(" | ").append(mib(first[2]))
                .append(" | ").append(first[3]).append(" |\n");
        md.append("| end | ").append(last[0]).append(" | ").append(mib(last[1])).append(" | ").append(mib(last[2]))
                .append(" | ").append(last[3]).append(" |\n");
        long max = rows.stream().mapToLong(r -> Long.parseLong(r[1])).max().orElse(0);
        md.append("\nLargest sample: ").append(mib(String.valueOf(max))).append(" (").append(rows.size()).append(" samples).\n\n");
    }

    static void blocks(StringBuilder md, Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        md.append("## Guest load average per block (1/5/15 min, before → after)\n\n| condition | accelerator | block | before | after |\n");
        md.append("| --- | --- | ---: | --- | --- |\n");
        for (String l : Files.readAllLines(p).stream().skip(1).toList()) {
            String[] r = l.split("\t");
            md.append("| ").append(r[0]).append(" | ").append(describe(r[1])).append(" | ").append(r[2]).append(" | ")
                    .append(r[4]).append(" | ").append(r[5]).append(" |\n");
        }
        md.append('\n');
    }

    /** Nearest-rank percentile of sorted values. */
    static long pct(long[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static String ms(long ns) {
        return String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
    }

    static String mib(String kb) {
        return String.format(Locale.ROOT, "%.1f MiB", Long.parseLong(kb) / 1024.0);
    }
}
