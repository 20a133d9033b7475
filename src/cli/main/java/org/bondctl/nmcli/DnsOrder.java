package org.bondctl.nmcli;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bondctl.fs.PrivateFile;
import org.bondctl.plan.Journal;
import org.bondctl.profile.ProfileSet.DnsEntry;

/**
 * NetworkManager's list of DNS configurations (nm-dns-manager.c), which orders resolv.conf,
 * kept between runs in the state directory (/run/bondctl/nmcli-dns, gone at reboot as NM's
 * memory is): one entry per active interface and family, as NM 1.42 was seen keeping them in
 * the test bed.
 * <ul>
 * <li>An activation (and a reapply that changes the interface's IP configuration) puts the
 * interface's entries at the end, IPv4 before IPv6; a deactivation removes them.
 * <li>The interface with the best default route of a family (the lowest metric; on a tie the
 * one that had it) is marked best, and stays marked until its entry is made anew, though
 * another takes the best route after it (seen: an interface with metric 100 stays ahead of
 * one with 50 that came after it).
 * <li>The list is sorted in place, stably: lower dns-priority first, then the marked ones.
 * </ul>
 * resolv.conf takes the servers and search domains of the entries in that order; when the
 * first has a negative priority, those of its priority alone.
 */
final class DnsOrder {
    private static final String FILE = "nmcli-dns";

    /** One entry: interface and family, whether it has the best route now (B), had it (b) or not (-), and its configuration's fingerprint. */
    private record Slot(String key, char best, String fingerprint) {}

    private final Path file;
    private final List<Slot> slots = new ArrayList<>();
    /** The file's bytes when read (null: no file). */
    private final byte[] original;

    private DnsOrder(Path file) {
        this.file = file;
        byte[] b = file == null ? null : PrivateFile.read(file);
        this.original = b;
        if (b != null) {
            for (String l : new String(b, StandardCharsets.UTF_8).lines().toList()) {
                String[] f = l.strip().split("\\s+");
                if (f.length == 3 && f[1].length() == 1 && "Bb-".contains(f[1])) {
                    slots.add(new Slot(f[0], f[1].charAt(0), f[2]));
                }
            }
        }
    }

    /** The system's list ({@code system}), or an empty one that is not kept (another root's profiles). */
    static DnsOrder load(boolean system) {
        return new DnsOrder(system ? Journal.dir().resolve(FILE) : null);
    }

    static String key(DnsEntry e) {
        return e.profile().ifname() + "/" + (e.v6() ? "6" : "4");
    }

    /**
     * The interface's whole IP configuration, both families: NM makes both entries of a device
     * anew when either changes (seen: a reapply that changed the IPv4 search domain sent the
     * unchanged IPv6 entry to the end too).
     */
    private static String fingerprint(DnsEntry e) {
        org.bondctl.profile.Profile p = e.profile();
        return Integer.toHexString(java.util.Objects.hash(p.ipv4().toString(), p.ipv6().toString(),
                p.keptValue("ipv4", "dns-priority"), p.keptValue("ipv6", "dns-priority"),
                p.keptValue("ipv4", "dns-options"), p.keptValue("ipv6", "dns-options")));
    }

    /**
     * The entries active after a change, in NetworkManager's order, and the list kept for the
     * next run.
     *
     * @param staying the entries of the profiles that stay active, unchanged
     * @param made the entries of the profiles the change activates, IPv4 before IPv6 of each
     * @param reapply whether the change is a reapply: an entry whose configuration did not change keeps its place
     * @param fileServers resolv.conf's servers now: entries the list does not know yet (activated
     *     by another way) are placed first, by where their servers are in the file
     * @param bestMetrics for each family (index 0 IPv4, 1 IPv6), interface -> metric of the default
     *     route it will have
     */
    List<DnsEntry> order(List<DnsEntry> staying, List<DnsEntry> made, boolean reapply, List<InetAddress> fileServers,
            List<Map<String, Integer>> bestMetrics) {
        Map<String, DnsEntry> after = new LinkedHashMap<>();
        staying.forEach(e -> after.putIfAbsent(key(e), e));
        made.forEach(e -> after.put(key(e), e));
        Set<String> madeKeys = new java.util.HashSet<>();
        made.forEach(e -> madeKeys.add(key(e)));
        Set<String> old = new java.util.HashSet<>();
        slots.forEach(s -> old.add(s.key()));
        List<Slot> next = new ArrayList<>();
        for (Slot s : slots) {
            DnsEntry e = after.get(s.key());
            boolean anew = madeKeys.contains(s.key()) && !(reapply && s.fingerprint().equals(fingerprint(e)));
            if (e != null && !anew) {
                next.add(s);
            }
        }
        // entries the list does not know (NM's or bondctl apply's activations, or a list lost): first, in file order
        List<DnsEntry> unknown = new ArrayList<>(staying.stream().filter(e -> !old.contains(key(e))
                && !madeKeys.contains(key(e))).toList());
        unknown.sort(Comparator.comparingInt(e -> e.servers().stream().mapToInt(fileServers::indexOf)
                .filter(i -> i >= 0).min().orElse(Integer.MAX_VALUE)));
        List<Slot> head = new ArrayList<>();
        unknown.forEach(e -> head.add(new Slot(key(e), '-', fingerprint(e))));
        next.addAll(0, head);
        if (!reapply) {
            // NM takes an active interface down before it activates it again: meanwhile the best route
            // is another's, which that marks (seen: a at 100 stays ahead of b at 50 after b's up again)
            markBest(next, bestMetrics);
        }
        for (DnsEntry e : made) {
            String k = key(e);
            if (next.stream().noneMatch(s -> s.key().equals(k))) {
                next.add(new Slot(k, '-', fingerprint(e)));
            }
        }
        markBest(next, bestMetrics);
        next.sort(Comparator.<Slot>comparingInt(s -> after.get(s.key()).priority()).thenComparing(s -> s.best() == '-'));
        slots.clear();
        slots.addAll(next);
        // fingerprints follow the configuration the entries have now
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            slots.set(i, new Slot(s.key(), s.best(), fingerprint(after.get(s.key()))));
        }
        return slots.stream().map(s -> after.get(s.key())).toList();
    }

    /**
     * Marks the interface with the best default route of each family among {@code slots} (the
     * lowest metric; on a tie the one marked now), demoting the one marked now to "had it".
     */
    private static void markBest(List<Slot> slots, List<Map<String, Integer>> bestMetrics) {
        for (int f = 0; f < 2; f++) {
            String family = f == 0 ? "/4" : "/6";
            Map<String, Integer> metrics = bestMetrics.get(f);
            Slot current = slots.stream().filter(s -> s.key().endsWith(family) && s.best() == 'B').findFirst().orElse(null);
            Slot best = null;
            int bestMetric = Integer.MAX_VALUE;
            for (Slot s : slots) {
                Integer m = s.key().endsWith(family) ? metrics.get(s.key().substring(0, s.key().length() - 2)) : null;
                if (m != null && (m < bestMetric || m == bestMetric && s == current)) {
                    best = s;
                    bestMetric = m;
                }
            }
            if (best != null && best != current) {
                for (int i = 0; i < slots.size(); i++) {
                    Slot s = slots.get(i);
                    if (s == current) {
                        slots.set(i, new Slot(s.key(), 'b', s.fingerprint()));
                    } else if (s == best) {
                        slots.set(i, new Slot(s.key(), 'B', s.fingerprint()));
                    }
                }
            }
        }
    }

    /**
     * The write that keeps the list for the next run, as the last step of the change that made it
     * (null: unchanged, or another root's list, which is not kept).
     */
    org.bondctl.plan.Step.WriteStateFile step() {
        if (file == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        slots.forEach(s -> sb.append(s.key()).append(' ').append(s.best()).append(' ').append(s.fingerprint()).append('\n'));
        return org.bondctl.plan.Step.WriteStateFile.ifChanged(file, sb.toString().getBytes(StandardCharsets.UTF_8), original);
    }
}
