package org.bondctl.profile;

import java.util.ArrayList;
import java.util.List;
import org.bondctl.error.BondctlException;

/**
 * A GLib key file (NetworkManager's keyfile format) as lines: sections of key=value entries,
 * comments and blank lines kept in place, so rewriting one key leaves the rest of the file as
 * it was. Values are raw (still escaped); see {@link #unescape}.
 */
final class Keyfile {
    /** One line of a section (or of the preamble): a key with its value, or any other text. */
    static final class Entry {
        final String key;
        String value;
        final String raw;
        final int line;

        Entry(String key, String value, String raw, int line) {
            this.key = key;
            this.value = value;
            this.raw = raw;
            this.line = line;
        }
    }

    static final class Section {
        final String name;
        final int line;
        final List<Entry> entries = new ArrayList<>();

        Section(String name, int line) {
            this.name = name;
            this.line = line;
        }

        Entry find(String key) {
            for (Entry e : entries) {
                if (key.equals(e.key)) {
                    return e;
                }
            }
            return null;
        }
    }

    final List<Entry> preamble = new ArrayList<>();
    final List<Section> sections = new ArrayList<>();

    static Keyfile parse(String file, String text) {
        Keyfile k = new Keyfile();
        Section cur = null;
        String[] lines = text.split("\n", -1);
        int n = lines.length;
        if (n > 0 && lines[n - 1].isEmpty()) {
            n--; // the final newline
        }
        for (int i = 0; i < n; i++) {
            String raw = lines[i];
            int lineNo = i + 1;
            if (raw.endsWith("\r")) {
                raw = raw.substring(0, raw.length() - 1);
            }
            String t = raw.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                (cur == null ? k.preamble : cur.entries).add(new Entry(null, null, raw, lineNo));
                continue;
            }
            if (t.startsWith("[")) {
                if (!t.endsWith("]") || t.length() < 3 || t.indexOf(']') != t.length() - 1) {
                    throw error(file, lineNo, "malformed section header '" + t + "'");
                }
                String name = t.substring(1, t.length() - 1);
                if (k.section(name) != null) {
                    throw error(file, lineNo, "section [" + name + "] appears twice (first at line "
                            + k.section(name).line + ")");
                }
                cur = new Section(name, lineNo);
                k.sections.add(cur);
                continue;
            }
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw error(file, lineNo, "malformed line '" + abbreviate(t) + "': expected [section], key=value or # comment");
            }
            if (cur == null) {
                throw error(file, lineNo, "key '" + t.substring(0, eq).strip() + "' before the first [section]");
            }
            String key = t.substring(0, eq).strip();
            if (key.chars().anyMatch(c -> c < 0x20 || c == '[' || c == ']')) {
                throw error(file, lineNo, "malformed key '" + abbreviate(key) + "'");
            }
            Entry earlier = cur.find(key);
            if (earlier != null) {
                throw error(file, lineNo, "key " + key + " appears twice in [" + cur.name + "] (first at line "
                        + earlier.line + ")");
            }
            cur.entries.add(new Entry(key, t.substring(eq + 1).stripLeading(), raw, lineNo));
        }
        return k;
    }

    static BondctlException error(String file, int line, String message) {
        return BondctlException.invalid(file + ":" + line + ": " + message);
    }

    static String abbreviate(String s) {
        String v = s.chars().anyMatch(c -> c < 0x20) ? s.replaceAll("\\p{Cntrl}", "?") : s;
        return v.length() > 60 ? v.substring(0, 57) + "..." : v;
    }

    Section section(String name) {
        for (Section s : sections) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        return null;
    }

    Section sectionOrAdd(String name) {
        Section s = section(name);
        if (s == null) {
            s = new Section(name, 0);
            // NM writes the hardware setting right after [connection] (nm_setting priority)
            boolean hardware = name.equals("ethernet") || name.equals("802-3-ethernet");
            sections.add(hardware && !sections.isEmpty() && sections.get(0).name.equals("connection") ? 1 : sections.size(), s);
        }
        return s;
    }

    /** The raw value, or null. */
    String get(String section, String key) {
        Section s = section(section);
        Entry e = s == null ? null : s.find(key);
        return e == null ? null : e.value;
    }

    /** Sets a key in place (same position), or adds it after the section's last key. */
    void set(String section, String key, String value) {
        Section s = sectionOrAdd(section);
        Entry e = s.find(key);
        if (e != null) {
            e.value = value;
            return;
        }
        int at = 0;
        for (int i = 0; i < s.entries.size(); i++) {
            if (s.entries.get(i).key != null) {
                at = i + 1;
            }
        }
        s.entries.add(at, new Entry(key, value, null, 0));
    }

    void remove(String section, String key) {
        Section s = section(section);
        if (s != null) {
            s.entries.removeIf(e -> key.equals(e.key));
        }
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : preamble) {
            sb.append(e.raw).append('\n');
        }
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            sb.append('[').append(s.name).append("]\n");
            List<Entry> es = new ArrayList<>(s.entries);
            while (!es.isEmpty() && es.get(es.size() - 1).key == null && es.get(es.size() - 1).raw.isBlank()) {
                es.remove(es.size() - 1);
            }
            for (Entry e : es) {
                sb.append(e.key == null ? e.raw : e.key + "=" + e.value).append('\n');
            }
            if (i < sections.size() - 1) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    // ---- GKeyFile value escapes (g_key_file_parse_value_as_string)

    static String unescape(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\\' || i + 1 == v.length()) {
                sb.append(c);
                continue;
            }
            char n = v.charAt(++i);
            switch (n) {
                case 's' -> sb.append(' ');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '\\' -> sb.append('\\');
                case ';' -> sb.append("\\;"); // kept for the list splitter
                default -> sb.append('\\').append(n);
            }
        }
        return sb.toString();
    }

    /** The unescaped, stripped value, or null. */
    static String unescapeOrNull(String raw) {
        return raw == null ? null : unescape(raw).strip();
    }

    static String escape(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case ' ' -> sb.append(i == 0 ? "\\s" : " ");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A ';'-separated list ("192.0.2.53;192.0.2.54;"), a trailing ';' allowed. */
    static List<String> list(String raw) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        String v = unescape(raw);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length() && v.charAt(i + 1) == ';') {
                cur.append(';');
                i++;
            } else if (c == ';') {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        out.removeIf(String::isEmpty);
        return out;
    }

    static String joinList(List<String> items) {
        StringBuilder sb = new StringBuilder();
        for (String s : items) {
            sb.append(escape(s).replace(";", "\\;")).append(';');
        }
        return sb.toString();
    }
}
