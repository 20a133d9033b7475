package org.bondctl.nmcli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bondctl.fs.PrivateFile;
import org.bondctl.fs.RootPath;
import org.bondctl.plan.Step;

/**
 * Whether networking is enabled, where NetworkManager keeps it across restarts and reboots:
 * {@code NetworkingEnabled} in the {@code [main]} group of {@code
 * /var/lib/NetworkManager/NetworkManager.state} (true when the file or the key is missing).
 * {@code nmcli networking off} sets it false and NM sleeps: it manages no device and
 * activates nothing until {@code networking on}. bondctl nmcli reads and writes the same key,
 * so NetworkManager, installed later, starts asleep or awake as bondctl left it.
 */
public final class Networking {
    public static final String FILE = "var/lib/NetworkManager/NetworkManager.state";
    private static final String KEY = "NetworkingEnabled";

    private Networking() {}

    /** Whether networking is enabled for the profiles below {@code root}. */
    public static boolean enabled(Path root) {
        byte[] b = PrivateFile.read(RootPath.resolve(root, FILE));
        if (b == null) {
            return true;
        }
        boolean main = false;
        for (String l : new String(b, StandardCharsets.UTF_8).split("\n")) {
            l = l.strip();
            if (l.startsWith("[")) {
                main = l.equals("[main]");
            } else if (main && l.startsWith(KEY) && l.substring(KEY.length()).strip().startsWith("=")) {
                return !l.substring(l.indexOf('=') + 1).strip().equalsIgnoreCase("false");
            }
        }
        return true;
    }

    /**
     * The write that sets the key, the file's other lines kept (a new file as NM writes it:
     * the Wi-Fi and WWAN switches on beside it), as a step of a journaled change: replaced
     * atomically, mode 0644 as NM leaves it. Null when the file says so already.
     */
    static Step.WriteFile write(Path root, boolean enabled) {
        Path f = RootPath.resolve(root, FILE);
        byte[] before = PrivateFile.read(f);
        String line = KEY + "=" + enabled;
        List<String> lines = new ArrayList<>();
        if (before == null) {
            lines.addAll(List.of("[main]", line, "WirelessEnabled=true", "WWANEnabled=true"));
        } else {
            boolean main = false;
            boolean set = false;
            for (String l : new String(before, StandardCharsets.UTF_8).split("\n")) {
                String s = l.strip();
                if (s.startsWith("[")) {
                    if (main && !set) {
                        int end = lines.size(); // the group's last line, before the blank ones that end it
                        while (end > 0 && lines.get(end - 1).isBlank()) {
                            end--;
                        }
                        lines.add(end, line);
                        set = true;
                    }
                    main = s.equals("[main]");
                } else if (main && s.startsWith(KEY) && s.substring(KEY.length()).strip().startsWith("=")) {
                    if (!set) {
                        lines.add(line);
                        set = true;
                    }
                    continue;
                }
                lines.add(l);
            }
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            if (main && !set) {
                lines.add(line);
            } else if (!set) {
                lines.add("[main]");
                lines.add(line);
            }
        }
        byte[] after = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.equals(before, after) ? null : new Step.WriteFile(f, after, before);
    }
}
