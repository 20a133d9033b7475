package org.bondctl.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the raw measurements of one bench/run into bench/results/RESULTS.md and chart.svg.
 * Inputs (in DIR): e2e.tsv and host.tsv (group, path, run, value in ms), jmh.csv (JMH's CSV,
 * may be absent), meta.txt (key=value: machine, kernels, load). Every number comes from
 * those files; nothing here is a measurement.
 *
 * Usage: Report DIR OUTDIR
 */
public final class Report {
    /** The end-to-end paths in the issue's order, with their labels. */
    static final String[][] PATHS = {
        {"nmcli", "1. nmcli + NetworkManager (seed's 5 commands)", "1 nmcli + NetworkManager"},
        {"ip-steps", "2a. iproute2, one `ip` per step (6)", "2a ip, one per step"},
        {"ip-batch", "2b. iproute2, one `ip -batch`", "2b ip -batch"},
        {"sysfs", "3. sysfs writes + `ip` for address, up, route", "3 sysfs + ip"},
        {"bondctl-steps", "4. bondctl, one process per step (6)", "4 bondctl, one per step"},
        {"bondctl-batch", "5. bondctl batch, one process", "5 bondctl batch"},
        {"library", "6a. bondctl library API in-process (warm)", "6a bondctl library (in-process)"},
        {"library-raw", "6b. bondctl rtnetlink layer in-process, the floor's messages only", "6b bondctl rtnetlink layer"},
        {"c-floor", "6c. C floor: raw rtnetlink, same messages", "6c C floor"},
    };

    private final Map<String, Map<String, List<Double>>> data = new LinkedHashMap<>();
    private final Map<String, String> meta = new LinkedHashMap<>();
    private final List<String[]> jmh = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        Report r = new Report();
        Path dir = Path.of(args[0]);
        Path outDir = Path.of(args[1]);
        for (String f : List.of("e2e.tsv", "host.tsv")) {
            if (Files.exists(dir.resolve(f))) {
                r.readTsv(dir.resolve(f));
            }
        }
        if (Files.exists(dir.resolve("meta.txt"))) {
            for (String l : Files.readAllLines(dir.resolve("meta.txt"))) {
                int eq = l.indexOf('=');
                if (eq > 0) {
                    r.meta.put(l.substring(0, eq), l.substring(eq + 1));
                }
            }
        }
        if (Files.exists(dir.resolve("jmh.csv"))) {
            r.readJmh(dir.resolve("jmh.csv"));
        }
        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve("RESULTS.md"), r.markdown());
        Files.writeString(outDir.resolve("chart.svg"), r.svg());
        System.out.println("report: " + outDir.resolve("RESULTS.md") + " and " + outDir.resolve("chart.svg"));
    }

    void readTsv(Path f) throws IOException {
        for (String l : Files.readAllLines(f)) {
            String[] c = l.split("\t");
            if (c.length < 4 || l.startsWith("#")) {
                continue;
            }
            data.computeIfAbsent(c[0], k -> new LinkedHashMap<>()).computeIfAbsent(c[1], k -> new ArrayList<>())
                    .add(Double.parseDouble(c[3]));
        }
    }

    void readJmh(Path f) throws IOException {
        List<String> lines = Files.readAllLines(f);
        for (int i = 1; i < lines.size(); i++) {
            List<String> cols = new ArrayList<>();
            for (String c : lines.get(i).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
                cols.add(c.replace("\"", ""));
            }
            jmh.add(cols.toArray(String[]::new));
        }
    }

    List<Double> values(String group, String path) {
        return data.getOrDefault(group, Map.of()).getOrDefault(path, List.of());
    }

    static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    double median(String group, String path) {
        return median(values(group, path));
    }

    /** What the processes of the guest paths touched: group "faults", one untimed run each. */
    private static final String[][] FAULTS = {
        {"java-version", "`java -version` (the JVM floor)"},
        {"bondctl-help", "`bondctl --help`"},
        {"bondctl-batch", "`bondctl batch` of the seed scenario"},
        {"bondctl-show", "`bondctl show bond0` (the seed's bond)"},
        {"ip-batch", "`ip -batch` of the seed scenario"},
        {"cat-proc", "`cat /proc/net/bonding/bond0`"},
        {"scale-bondctl-show", "`bondctl show` of the scale phase's bonds"},
        {"scale-ip-d-link-show", "`ip -d link show` of the scale phase's links"},
    };

    private void faults(StringBuilder b) {
        if (!data.containsKey("faults")) {
            return;
        }
        double floor = median("faults", "java-version");
        b.append("### Page faults per process (guest)\n\nMinor page faults of one untimed run of each process (bench/c/faults.c,")
                .append(" wait4's rusage: the same from run to run where the times are not). In UML a first touch of a page")
                .append(" costs ~0.2 ms against ~2 us on the host, so in the guest they are most of a process's time")
                .append(" (bench/README.md, \"Reading the results\").\n\n");
        b.append("| process | minor faults | bondctl: more than `java -version` |\n| --- | ---: | ---: |\n");
        for (String[] f : FAULTS) {
            double n = median("faults", f[0]);
            if (Double.isNaN(n)) {
                continue;
            }
            b.append("| ").append(f[1]).append(" | ").append(String.format(Locale.ROOT, "%,.0f", n)).append(" | ")
                    .append(!f[0].contains("bondctl") || Double.isNaN(floor) ? "" // the JVM's own, not ip's
                            : String.format(Locale.ROOT, "%,.0f", n - floor))
                    .append(" |\n");
        }
        b.append("\n");
    }

    static String ms(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    static String ratio(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, v >= 10 ? "%.0fx" : "%.1fx", v);
    }

    /** A ratio against a target near 1: two decimals. */
    static String ratio2(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2fx", v);
    }

    /** An integer from meta.txt, 0 when absent or not a number. */
    int metaInt(String key) {
        try {
            return Integer.parseInt(meta.getOrDefault(key, "0").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * A tool's time per bond in the scale phase's {@code group} ("scale-create": to the tool's
     * return, "scale-quiet": until the guest is quiet): the difference between its medians at the
     * two sizes (measured in the same rotation) divided by the difference in bonds, so that what
     * does not grow with the number of bonds (a process and JVM start, reading the input) drops
     * out. NaN when the run had no second size.
     */
    double perBond(String group, String tool) {
        int large = metaInt("scale");
        int small = metaInt("scale_small");
        if (small <= 0 || large <= small) {
            return Double.NaN;
        }
        return (median(group, tool) - median(group + "-small", tool)) / (large - small);
    }

    /**
     * {@code tool}'s time per bond over {@code ip -batch}'s in {@code group}; NaN unless both grew
     * with the bonds (a smoke run's few bonds and single run can measure less at the larger size).
     */
    double perBondRatio(String group, String tool) {
        double t = perBond(group, tool);
        double ip = perBond(group, "ip-batch");
        return t > 0 && ip > 0 ? t / ip : Double.NaN;
    }

    /** What does not grow with the bonds: the median at the small size less its bonds' share. */
    double fixedPart(String tool) {
        return median("scale-create-small", tool) - metaInt("scale_small") * perBond("scale-create", tool);
    }

    private String range(List<Double> v) {
        if (v.isEmpty()) {
            return "n/a";
        }
        return ms(v.stream().mapToDouble(d -> d).min().orElse(0)) + " – " + ms(v.stream().mapToDouble(d -> d).max().orElse(0));
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# bondctl benchmark results\n\n");
        b.append("Generated by `bench/run").append(meta.getOrDefault("mode", "").isEmpty() ? "" : " " + meta.get("mode"))
                .append("` on ").append(meta.getOrDefault("date", "?")).append(" (commit ")
                .append(meta.getOrDefault("commit", "?")).append(").\n\n");
        b.append("- Host: ").append(meta.getOrDefault("cpu", "?")).append(", ").append(meta.getOrDefault("cores", "?"))
                .append(" cores, Linux ").append(meta.getOrDefault("host_kernel", "?")).append(", ")
                .append(meta.getOrDefault("java", "?")).append("\n");
        b.append("- End-to-end: User-Mode Linux ").append(meta.getOrDefault("guest_kernel", "?"))
                .append(" guest (1 CPU, no KVM), one boot for every path, ").append(meta.getOrDefault("runs", "?"))
                .append(" runs per path alternating (rotating order), state reset between runs; NetworkManager ")
                .append(meta.getOrDefault("nm", "?")).append("\n");
        b.append("- Load average (1/5/15 min) at start: ").append(meta.getOrDefault("load_start", "?"))
                .append("; before the guest: ").append(meta.getOrDefault("load_e2e", "?"))
                .append("; at the end: ").append(meta.getOrDefault("load_end", "?")).append("\n\n");

        double tHost = median("procstart-host", "true");
        double tGuest = median("procstart-guest", "true");
        double jHost = median("procstart-host", "java-version");
        double jGuest = median("procstart-guest", "java-version");
        b.append("**UML inflates every process start**: `/bin/true` takes ").append(ms(tHost)).append(" ms on the host and ")
                .append(ms(tGuest)).append(" ms in the guest (").append(ratio(tGuest / tHost)).append("); `java -version` ")
                .append(ms(jHost)).append(" ms vs ").append(ms(jGuest)).append(" ms (").append(ratio(jGuest / jHost))
                .append("). Paths that start many processes (nmcli, one `ip` or `bondctl` per step) are penalised more in")
                .append(" the guest than they would be on a real machine; in-process paths (6a-6c) are not. `bondctl --help`")
                .append(" (bin/bondctl, AppCDS) takes ").append(ms(median("procstart-guest", "bondctl-help")))
                .append(" ms in the guest against ").append(ms(median("startup", "bondctl --help (AppCDS, as bin/bondctl)")))
                .append(" ms on the host.\n\n");

        b.append("## Seed scenario to \"bond0 has carrier with both ports enslaved\"\n\n");
        b.append("bond0 active-backup over ens192/ens224 (veth), 192.0.2.10/24 via 192.0.2.1, DNS 192.0.2.53 + search")
                .append(" k.local.lab, miimon=1000, primary=ens192, primary_reselect=always, updelay=10000. Timed from the")
                .append(" first command to ready, polled every 1 ms from /sys/class/net/bond0/{carrier,bonding/slaves}")
                .append(" (the same for every path). 6a-6c are timed in-process (no process start), 5 samples in each round; 6a's JVM was warmed up by running both in-process scenarios ")
                .append(meta.getOrDefault("warmup", "?")).append(" times first.\n\n");
        b.append("| path | median ms | min – max ms | runs | nmcli ÷ path |\n| --- | ---: | ---: | ---: | ---: |\n");
        double nm = median("scenario", "nmcli");
        for (String[] p : PATHS) {
            List<Double> v = values("scenario", p[0]);
            b.append("| ").append(p[1]).append(" | ").append(ms(median(v))).append(" | ").append(range(v)).append(" | ")
                    .append(v.size()).append(" | ").append(p[0].equals("nmcli") ? "1" : v.isEmpty() || Double.isNaN(nm) ? "n/a" : ratio(nm / median(v)))
                    .append(" |\n");
        }
        b.append("\n![end-to-end chart](chart.svg)\n\n");
        faults(b);

        b.append("## Targets\n\n| target | measured | met |\n| --- | --- | --- |\n");
        double batch = median("scenario", "bondctl-batch");
        double speed = nm / batch;
        b.append("| (5) bondctl batch ≥ 10x faster than nmcli | ").append(ratio(speed)).append(" | ")
                .append(Double.isNaN(speed) ? "not measured" : speed >= 10 ? "yes" : "**no**").append(" |\n");
        double lib = median("scenario", "library") / median("scenario", "c-floor");
        b.append("| (6) library within 1.5x of the C floor | ").append(ratio(lib)).append(" | ")
                .append(Double.isNaN(lib) ? "not measured" : lib <= 1.5 ? "yes" : "**no**").append(" |\n");
        double raw = median("scenario", "library-raw") / median("scenario", "c-floor");
        b.append("| (for the reason) rtnetlink layer, the floor's messages, vs the C floor | ").append(ratio(raw))
                .append(" | ").append(Double.isNaN(raw) ? "not measured" : raw <= 1.5 ? "yes" : "**no**").append(" |\n");
        // issue 13: what bondctl adds to the JVM, and scale against ip -batch (the JVM start included)
        double floor = median("scenario-floor", "java-version");
        double withWork = floor + median("scenario", "library");
        double added = batch / withWork;
        b.append("| (13.2) bondctl batch within 1.3x of a bare `java -version` (").append(ms(floor))
                .append(" ms, same rotation) + the in-process work (6a) | ").append(ratio2(added)).append(" (")
                .append(ms(batch - floor)).append(" ms over `java -version`) | ")
                .append(Double.isNaN(added) ? "not measured" : added <= 1.3 ? "yes" : "**no**").append(" |\n");
        target(b, "(13.1) " + meta.getOrDefault("scale", "?") + " bonds x 2 ports: `bondctl batch` no slower than `ip -batch`",
                median("scale-create", "bondctl-batch") / median("scale-create", "ip-batch"), 1.0);
        target(b, "(13.1) the same by `bondctl apply` of the profiles, against `ip -batch`",
                median("scale-create", "bondctl-apply") / median("scale-create", "ip-batch"), 1.0);
        String sizes = meta.getOrDefault("scale", "?") + " and " + meta.getOrDefault("scale_small", "?") + " bonds";
        target(b, "(13.1 per bond, as proposed) `bondctl batch`'s time per bond (" + sizes
                + ": the difference ÷ the bonds between) against `ip -batch`'s", perBondRatio("scale-create", "bondctl-batch"), 1.0);
        target(b, "(13.1 per bond, as proposed) the same by `bondctl apply` of the profiles", perBondRatio("scale-create", "bondctl-apply"), 1.0);
        target(b, "(13.1 per bond, for the reason) `bondctl batch` per bond until the guest is quiet (udevd's work on what each"
                + " tool made included)", perBondRatio("scale-quiet", "bondctl-batch"), 1.0);
        target(b, "(13.1 per bond, for the reason) the same by `bondctl apply`", perBondRatio("scale-quiet", "bondctl-apply"), 1.0);
        target(b, "(13.1, for the reason) `bondctl batch` against `ip -batch` until the guest is quiet (udev done)",
                median("scale-quiet", "bondctl-batch") / median("scale-quiet", "ip-batch"), 1.0);
        target(b, "(13.1) `bondctl show` of all within 1.5x of `ip -d link show` + `cat /proc/net/bonding/*`",
                median("scale-show", "bondctl-show") / median("scale-show", "ip-and-proc"), 1.5);
        List<Double> out = values("outage", "bondctl-set");
        double maxOut = out.stream().mapToDouble(d -> d).max().orElse(Double.NaN);
        b.append("| zero carrier outage for live option changes (bondctl set) | max ").append(ms(maxOut))
                .append(" ms over ").append(out.size()).append(" changes | ")
                .append(out.isEmpty() ? "not measured" : maxOut == 0 ? "yes" : "**no**").append(" |\n\n");

        b.append("## Carrier outage while changing miimon, primary and updelay on a live bond\n\n");
        b.append("Sampler: a bash builtin loop reading /sys/class/net/bond0/carrier every 1 ms, from before the change")
                .append(" until carrier has been back for 1.5 s; outage = time carrier was not 1. Values alternate between")
                .append(" miimon=500 primary=ens224 updelay=5000 and the seed's miimon=1000 primary=ens192 updelay=10000.\n\n");
        b.append("| tool | median outage ms | max ms | command median ms | changes |\n| --- | ---: | ---: | ---: | ---: |\n");
        String[][] outages = {
            {"nmcli", "`nmcli connection modify bond0 +bond.options ...; nmcli connection up bond0`"},
            {"bondctl-set", "`bondctl set bond0 miimon=... primary=... updelay=...`"},
            {"ip-set", "`ip link set bond0 type bond miimon ... primary ... updelay ...`"},
        };
        for (String[] o : outages) {
            List<Double> v = values("outage", o[0]);
            b.append("| ").append(o[1]).append(" | ").append(ms(median(v))).append(" | ")
                    .append(ms(v.stream().mapToDouble(d -> d).max().orElse(Double.NaN))).append(" | ")
                    .append(ms(median("outage-cmd", o[0]))).append(" | ").append(v.size()).append(" |\n");
        }

        b.append("\n## Scale: ").append(meta.getOrDefault("scale", "?")).append(" bonds with 2 ports each\n\n");
        b.append("active-backup, miimon=1000, two dummy ports each, IPv6 off on the new links; the tools (and a bare")
                .append(" `java -version`) take turns in a rotating order; creation and shows start once the guest CPU has been 90% idle")
                .append(" for 0.5 s (the kernel and udevd work on link events well after a fast batch returns: \"until the guest is quiet\"")
                .append(" times that too).\n\n");
        b.append("| step | tool | median ms | min – max ms | runs |\n| --- | --- | ---: | ---: | ---: |\n");
        String[][] scale = {
            {"scale-create", "bondctl-batch", "create + enslave + up", "`bondctl batch` (one process)"},
            {"scale-create", "ip-batch", "create + enslave + up", "`ip -batch`"},
            {"scale-create", "bondctl-apply", "create + enslave + up", "`bondctl apply` of the same as keyfiles (one process)"},
            {"scale-floor", "java-version", "(JVM floor)", "`java -version`, same rotation"},
            {"scale-quiet", "bondctl-batch", "create + enslave + up, until the guest is quiet", "`bondctl batch`"},
            {"scale-quiet", "ip-batch", "create + enslave + up, until the guest is quiet", "`ip -batch`"},
            {"scale-quiet", "bondctl-apply", "create + enslave + up, until the guest is quiet", "`bondctl apply`"},
            {"scale-show", "bondctl-show", "show all", "`bondctl show`"},
            {"scale-show", "ip-d-link-show", "show all", "`ip -d link show`"},
            {"scale-show", "proc-net-bonding", "show all", "`cat /proc/net/bonding/*`"},
            {"scale-show", "ip-and-proc", "show all", "`ip -d link show; cat /proc/net/bonding/*` (one timing)"},
        };
        for (String[] s : scale) {
            List<Double> v = values(s[0], s[1]);
            b.append("| ").append(s[2]).append(" | ").append(s[3]).append(" | ").append(ms(median(v))).append(" | ")
                    .append(range(v)).append(" | ").append(v.size()).append(" |\n");
        }

        int small = metaInt("scale_small");
        if (small > 0) {
            int large = metaInt("scale");
            b.append("\n### Per bond, and what does not grow with the bonds\n\n");
            b.append("The same three tools made ").append(small).append(" bonds (the first ").append(small)
                    .append(" of the ").append(large).append(", same ports and options) in the same rotation. Per bond: (median at ")
                    .append(large).append(" − median at ").append(small).append(") ÷ ").append(large - small)
                    .append("; fixed: the median at ").append(small).append(" less ").append(small)
                    .append(" bonds' share (the process and, for bondctl, the JVM start).\n\n");
            b.append("| tool | median at ").append(small).append(" ms | runs | per bond ms | ÷ `ip -batch` | fixed ms |")
                    .append(" per bond until quiet ms | ÷ `ip -batch` |\n")
                    .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            String[][] tools = {
                {"bondctl-batch", "`bondctl batch`"},
                {"ip-batch", "`ip -batch`"},
                {"bondctl-apply", "`bondctl apply`"},
            };
            for (String[] t : tools) {
                List<Double> v = values("scale-create-small", t[0]);
                b.append("| ").append(t[1]).append(" | ").append(ms(median(v))).append(" | ").append(v.size()).append(" | ")
                        .append(ms(perBond("scale-create", t[0]))).append(" | ").append(ratio2(perBondRatio("scale-create", t[0])))
                        .append(" | ")
                        .append(ms(fixedPart(t[0]))).append(" | ").append(ms(perBond("scale-quiet", t[0]))).append(" | ")
                        .append(ratio2(perBondRatio("scale-quiet", t[0]))).append(" |\n");
            }
        }

        b.append("\n## CLI start-up on the host (process wall time)\n\n| command | median ms | min – max ms | runs |\n")
                .append("| --- | ---: | ---: | ---: |\n");
        for (Map.Entry<String, List<Double>> e : data.getOrDefault("startup", Map.of()).entrySet()) {
            b.append("| ").append(e.getKey()).append(" | ").append(ms(median(e.getValue()))).append(" | ")
                    .append(range(e.getValue())).append(" | ").append(e.getValue().size()).append(" |\n");
        }
        double cds = median("startup", "bondctl show (AppCDS, as bin/bondctl)");
        b.append("\nTarget under 200 ms (`bondctl show`, as bin/bondctl runs it): ").append(ms(cds)).append(" ms, ")
                .append(Double.isNaN(cds) ? "not measured" : cds < 200 ? "met" : "**not met**").append(".\n");

        b.append("\n## Micro-benchmarks (JMH, host)\n\n");
        if (jmh.isEmpty()) {
            b.append("Not run (smoke mode).\n");
        } else {
            b.append("Config: ").append(meta.getOrDefault("jmh_config", "?")).append(".\n\n");
            b.append("`decode*` decode three kernel messages per operation (bond0 and its two ports, captured from")
                    .append(" Linux 6.1: 4,640 bytes); `encodeSeedNewlink` builds one message. `recv*`: one bc_nl_recv")
                    .append(" call on an idle socket (poll, -EAGAIN); `clock*`: bc_monotonic_ns, the binding alone.\n\n");
            b.append("| benchmark | ns/op | ± (99.9%) | ns/message | B/op |\n| --- | ---: | ---: | ---: | ---: |\n");
            Map<String, String> alloc = new LinkedHashMap<>();
            for (String[] r : jmh) {
                if (r[0].endsWith(":gc.alloc.rate.norm")) {
                    alloc.put(r[0].substring(0, r[0].indexOf(':')), r[4]);
                }
            }
            for (String[] r : jmh) {
                if (r[0].contains(":")) {
                    continue;
                }
                String name = r[0].replace("org.bondctl.bench.", "");
                String a = alloc.get(r[0]);
                int messages = name.contains(".decode") ? 3 : name.contains(".encode") ? 1 : 0;
                b.append("| ").append(name).append(" | ").append(num(r[4])).append(" | ").append(num(r[5])).append(" | ")
                        .append(messages == 0 ? "" : num(String.valueOf(Double.parseDouble(r[4]) / messages))).append(" | ")
                        .append(a == null ? "n/a" : String.format(Locale.ROOT, "%.0f", Double.parseDouble(a))).append(" |\n");
            }
        }
        return b.toString();
    }

    /** A target row: measured ratio, met when at most {@code limit}. */
    private static void target(StringBuilder b, String what, double ratio, double limit) {
        b.append("| ").append(what).append(" | ").append(ratio2(ratio)).append(" | ")
                .append(Double.isNaN(ratio) ? "not measured" : ratio <= limit ? "yes" : "**no**").append(" |\n");
    }

    private static String num(String s) {
        try {
            double d = Double.parseDouble(s);
            return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, d >= 100 ? "%.0f" : "%.1f", d);
        } catch (NumberFormatException e) {
            return s;
        }
    }

    /** A horizontal bar chart of the scenario medians, log scale, plain SVG. */
    String svg() {
        int left = 240;
        int width = 900;
        int barH = 24;
        int gap = 10;
        int top = 50;
        List<String[]> rows = new ArrayList<>();
        for (String[] p : PATHS) {
            double m = median("scenario", p[0]);
            if (!Double.isNaN(m) && m > 0) {
                rows.add(new String[] {p[2], String.valueOf(m)});
            }
        }
        double lo = 1;
        double hi = 100;
        for (String[] r : rows) {
            double v = Double.parseDouble(r[1]);
            while (v < lo) {
                lo /= 10;
            }
            while (v > hi) {
                hi *= 10;
            }
        }
        int plotW = width - left - 90;
        int height = top + rows.size() * (barH + gap) + 50;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"13\">\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Seed scenario to a ready bond0, median ms")
                .append(" (log scale, lower is better)</text>\n");
        s.append("<text x=\"10\" y=\"40\" fill=\"#555\">").append(esc("UML " + meta.getOrDefault("guest_kernel", "?")
                + " guest on " + meta.getOrDefault("cpu", "?") + ", " + meta.getOrDefault("runs", "?") + " runs per path"))
                .append("</text>\n");
        double l0 = Math.log10(lo);
        double l1 = Math.log10(hi);
        int axisY = top + rows.size() * (barH + gap);
        for (double t = lo; t <= hi * 1.0001; t *= 10) {
            double x = left + (Math.log10(t) - l0) / (l1 - l0) * plotW;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>\n",
                    x, top - 5, x, axisY));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>\n",
                    x, axisY + 16, t >= 1 ? String.format(Locale.ROOT, "%,.0f", t) : String.valueOf(t)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">ms</text>\n",
                left + plotW / 2, axisY + 34));
        int y = top;
        for (String[] r : rows) {
            double v = Double.parseDouble(r[1]);
            double w = Math.max(1, (Math.log10(v) - l0) / (l1 - l0) * plotW);
            String color = r[0].contains("bondctl") ? "#2b6cb0" : r[0].startsWith("1 ") ? "#c53030" : "#718096";
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
                    left - 8, y + barH - 7, esc(r[0])));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n",
                    left, y, w, barH, color));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s ms</text>\n", left + w + 6, y + barH - 7, ms(v)));
            y += barH + gap;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String esc(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
