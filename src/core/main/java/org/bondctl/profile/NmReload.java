package org.bondctl.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tells a running NetworkManager about profiles bondctl wrote: {@code nmcli connection load
 * FILE...}, then checks {@code nmcli -g NAME,FILENAME connection}, because load exits 0 even
 * when NM rejected a file (bad permissions, unparsable). NM is taken to be running when
 * /run/NetworkManager exists and {@code nmcli -t -f RUNNING general} says so; nothing is
 * run for a --root other than "/".
 */
public final class NmReload {
    private static final long TIMEOUT_S = 30;

    /** What NM made of one file: the connection name it shows, or null when it has none. */
    public record Loaded(Path file, String name) {
        public boolean accepted() {
            return name != null;
        }
    }

    private NmReload() {}

    public static boolean running(Path root) {
        if (!root.toAbsolutePath().normalize().equals(Path.of("/")) || !Files.isDirectory(Path.of("/run/NetworkManager"))) {
            return false;
        }
        Run r = run(List.of("nmcli", "-t", "-f", "RUNNING", "general"));
        return r != null && r.exit == 0 && r.out.strip().equals("running");
    }

    /** Loads (or, for deleted files, forgets) the files, and reports what NM shows for each. */
    public static List<Loaded> load(List<Path> files) {
        List<String> cmd = new ArrayList<>(List.of("nmcli", "connection", "load"));
        files.forEach(f -> cmd.add(f.toString()));
        run(cmd);
        List<Loaded> out = new ArrayList<>();
        List<String[]> shown = connections();
        for (Path f : files) {
            String name = null;
            for (String[] c : shown) {
                if (c[1].equals(f.toString())) {
                    name = c[0];
                }
            }
            out.add(new Loaded(f, name));
        }
        return out;
    }

    /** {@code nmcli -g NAME,FILENAME connection}: [name, filename] pairs. */
    public static List<String[]> connections() {
        Run r = run(List.of("nmcli", "-g", "NAME,FILENAME", "connection"));
        List<String[]> out = new ArrayList<>();
        if (r == null || r.exit != 0) {
            return out;
        }
        for (String line : r.out.split("\n")) {
            // -g separates fields with ':' and escapes ':' and '\' inside them
            List<String> fields = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < line.length()) {
                    cur.append(line.charAt(++i));
                } else if (c == ':') {
                    fields.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
            }
            fields.add(cur.toString());
            if (fields.size() == 2) {
                out.add(fields.toArray(String[]::new));
            }
        }
        return out;
    }

    record Run(int exit, String out) {}

    static Run run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
