package org.bondctl.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bondctl.fs.RootPath;

/**
 * NetworkManager.conf and its conf.d snippets below a root, read as NetworkManager.conf(5)
 * says NM reads them: the snippets of /usr/lib/NetworkManager/conf.d, then of
 * /run/NetworkManager/conf.d, then NetworkManager.conf, then /etc/NetworkManager/conf.d, each
 * directory in file name order, a later file overriding an earlier one; a snippet of /etc
 * hides one of the same name in /run or /usr/lib, one of /run one in /usr/lib.
 */
final class NmConf {
    /** One file: its sections in order, each its keys (the last of a key twice). */
    private record File(List<Map.Entry<String, Map<String, String>>> sections) {}

    private final List<File> files = new ArrayList<>();

    private NmConf(Path root) {
        for (Path p : paths(root)) {
            File f = read(p);
            if (f != null) {
                files.add(f);
            }
        }
    }

    static NmConf of(Path root) {
        return new NmConf(root);
    }

    /** The files in the order NetworkManager reads them. */
    static List<Path> paths(Path root) {
        Map<String, Path> usrLib = snippets(RootPath.resolve(root, "usr/lib/NetworkManager/conf.d"));
        Map<String, Path> run = snippets(RootPath.resolve(root, "run/NetworkManager/conf.d"));
        Map<String, Path> etc = snippets(RootPath.resolve(root, "etc/NetworkManager/conf.d"));
        List<Path> out = new ArrayList<>();
        usrLib.forEach((name, p) -> {
            if (!run.containsKey(name) && !etc.containsKey(name)) {
                out.add(p);
            }
        });
        run.forEach((name, p) -> {
            if (!etc.containsKey(name)) {
                out.add(p);
            }
        });
        out.add(RootPath.resolve(root, "etc/NetworkManager/NetworkManager.conf"));
        out.addAll(etc.values());
        return out;
    }

    /** The value of {@code key} in [{@code section}], the last file's that has it; null if none has. */
    String value(String section, String key) {
        String v = null;
        for (File f : files) {
            for (Map.Entry<String, Map<String, String>> s : f.sections) {
                if (s.getKey().equals(section) && s.getValue().containsKey(key)) {
                    v = s.getValue().get(key);
                }
            }
        }
        return v;
    }

    /**
     * A connection default ("ipv4.dns-priority") as NetworkManager looks one up for a profile
     * that leaves the property at 0: in the [connection*] sections, a later file's first; in a
     * file, its sections in order, a plain [connection] last; the first that has the key wins.
     * A section with match-device applies to the devices it names: bondctl, which does not
     * evaluate the match, leaves such sections out. Null if none has the key.
     */
    String connectionDefault(String key) {
        for (int i = files.size() - 1; i >= 0; i--) {
            List<Map<String, String>> sections = new ArrayList<>();
            Map<String, String> plain = null;
            for (Map.Entry<String, Map<String, String>> s : files.get(i).sections) {
                if (s.getKey().equals("connection")) {
                    plain = s.getValue();
                } else if (s.getKey().startsWith("connection")) {
                    sections.add(s.getValue());
                }
            }
            if (plain != null) {
                sections.add(plain);
            }
            for (Map<String, String> s : sections) {
                if (!s.containsKey("match-device") && s.containsKey(key)) {
                    return s.get(key);
                }
            }
        }
        return null;
    }

    private static Map<String, Path> snippets(Path dir) {
        Map<String, Path> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.conf")) {
            for (Path p : ds) {
                out.put(p.getFileName().toString(), p);
            }
        } catch (IOException e) {
            return out; // NM goes on without a directory it cannot read
        }
        return out;
    }

    /** A GLib key file's sections and keys (comments and blank lines left out); null if unreadable. */
    private static File read(Path p) {
        if (!Files.isRegularFile(p)) {
            return null;
        }
        List<Map.Entry<String, Map<String, String>>> sections = new ArrayList<>();
        Map<String, String> keys = null;
        try {
            for (String l : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                String t = l.strip();
                if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
                    continue;
                }
                if (t.startsWith("[") && t.endsWith("]")) {
                    keys = new java.util.LinkedHashMap<>();
                    sections.add(Map.entry(t.substring(1, t.length() - 1).strip(), keys));
                } else if (keys != null && t.indexOf('=') > 0) {
                    keys.put(t.substring(0, t.indexOf('=')).strip(), t.substring(t.indexOf('=') + 1).strip());
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
        return new File(sections);
    }
}
