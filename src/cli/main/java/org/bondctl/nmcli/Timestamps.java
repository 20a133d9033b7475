package org.bondctl.nmcli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bondctl.fs.PrivateFile;
import org.bondctl.fs.RootPath;
import org.bondctl.plan.Step;

/**
 * When each profile was last activated, where NetworkManager keeps it: {@code
 * /var/lib/NetworkManager/timestamps}, a key file with one group, {@code [timestamps]}, and a
 * key per profile UUID, its value seconds since the epoch. NM sets a profile's entry when it
 * activates or deactivates it (a deleted profile's entry stays) and shows it as
 * connection.timestamp (TIMESTAMP in the list); bondctl nmcli does the same at its activations
 * and deactivations, in the same file, which NetworkManager reads when it comes.
 */
final class Timestamps {
    static final String FILE = "var/lib/NetworkManager/timestamps";
    private static final String GROUP = "[timestamps]";

    private Timestamps() {}

    /** UUID -> seconds, as the file has them (an unreadable line or value skipped, as GKeyFile's reader would refuse it). */
    static Map<String, Long> read(Path root) {
        return parse(PrivateFile.read(RootPath.resolve(root, FILE)));
    }

    /** The file's bytes (null: no file) as {@link #read} takes them. */
    private static Map<String, Long> parse(byte[] b) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (b == null) {
            return out;
        }
        boolean in = false;
        for (String l : new String(b, StandardCharsets.UTF_8).split("\n")) {
            l = l.strip();
            if (l.startsWith("[")) {
                in = l.equals(GROUP);
            } else if (in && l.contains("=") && !l.startsWith("#")) {
                try {
                    out.put(l.substring(0, l.indexOf('=')).strip(), Long.parseLong(l.substring(l.indexOf('=') + 1).strip()));
                } catch (NumberFormatException e) {
                    // not a time: NM would not read it either
                }
            }
        }
        return out;
    }

    /** What connection.timestamp shows for the profile: its entry, else the keyfile's own key (an old NM's), else 0. */
    static String of(Map<String, Long> stamps, org.bondctl.profile.Profile p) {
        Long t = p.uuid() == null ? null : stamps.get(p.uuid());
        if (t != null) {
            return Long.toString(t);
        }
        String kept = p.keyfileValue("connection", "timestamp");
        return kept == null ? "0" : kept;
    }

    /** TIMESTAMP-REAL: the time as nmcli prints it, strftime's "%c" in the C locale, local time. */
    static String real(long seconds) {
        return java.time.format.DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", java.util.Locale.US)
                .format(java.time.Instant.ofEpochSecond(seconds).atZone(java.time.ZoneId.systemDefault()));
    }

    /**
     * The write that sets {@code uuids} to {@code now}, the others kept in their order (a new one
     * last), as a step of a journaled change (undone with it): the file replaced atomically, mode
     * 0644 as NM leaves it. Null when the file would not change.
     */
    static Step.WriteFile write(Path root, Collection<String> uuids, long now) {
        Path f = RootPath.resolve(root, FILE);
        byte[] before = PrivateFile.read(f);
        Map<String, Long> stamps = parse(before);
        uuids.forEach(u -> stamps.put(u, now));
        if (uuids.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder(GROUP).append('\n');
        stamps.forEach((u, t) -> text.append(u).append('=').append(t).append('\n'));
        byte[] after = text.toString().getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.equals(before, after) ? null : new Step.WriteFile(f, after, before);
    }
}
