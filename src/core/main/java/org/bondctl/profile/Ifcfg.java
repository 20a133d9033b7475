package org.bondctl.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.bondctl.error.BondctlException;

/**
 * An ifcfg-rh file (shell variable assignments, as NetworkManager's shvar.c reads them) kept
 * as lines: comments and keys bondctl does not manage stay where they were.
 */
final class Ifcfg {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_./:,+@%=-]*");

    static final class Line {
        final String key;
        String value;
        final String raw;
        final int line;

        Line(String key, String value, String raw, int line) {
            this.key = key;
            this.value = value;
            this.raw = raw;
            this.line = line;
        }
    }

    final List<Line> lines = new ArrayList<>();

    static Ifcfg parse(String file, String text) {
        Ifcfg f = new Ifcfg();
        String[] ls = text.split("\n", -1);
        int n = ls.length;
        if (n > 0 && ls[n - 1].isEmpty()) {
            n--;
        }
        for (int i = 0; i < n; i++) {
            String raw = ls[i];
            int lineNo = i + 1;
            String t = raw.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                f.lines.add(new Line(null, null, raw, lineNo));
                continue;
            }
            int eq = t.indexOf('=');
            if (eq <= 0 || !KEY.matcher(t.substring(0, eq)).matches()) {
                throw error(file, lineNo, "malformed line '" + Keyfile.abbreviate(t) + "': expected KEY=VALUE or # comment");
            }
            String key = t.substring(0, eq);
            for (Line l : f.lines) {
                if (key.equals(l.key)) {
                    throw error(file, lineNo, key + " is set twice (first at line " + l.line + ")");
                }
            }
            String value = unescape(file, lineNo, t.substring(eq + 1));
            f.lines.add(new Line(key, value, raw, lineNo));
        }
        return f;
    }

    static BondctlException error(String file, int line, String message) {
        return BondctlException.invalid(file + ":" + line + ": " + message);
    }

    Line find(String key) {
        for (Line l : lines) {
            if (key.equals(l.key)) {
                return l;
            }
        }
        return null;
    }

    String get(String key) {
        Line l = find(key);
        return l == null ? null : l.value;
    }

    int lineOf(String key) {
        Line l = find(key);
        return l == null ? 0 : l.line;
    }

    void set(String key, String value) {
        Line l = find(key);
        if (l != null) {
            l.value = value;
        } else {
            lines.add(new Line(key, value, null, 0));
        }
    }

    void remove(String key) {
        lines.removeIf(l -> key.equals(l.key));
    }

    void removeIf(Pattern keys) {
        lines.removeIf(l -> l.key != null && keys.matcher(l.key).matches());
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        for (Line l : lines) {
            sb.append(l.key == null ? l.raw : l.key + "=" + escape(l.value)).append('\n');
        }
        return sb.toString();
    }

    /**
     * The shell word after '=': bare text with backslash escapes, '...' literal, "..." with
     * \\ \" \$ \` escapes, $'...' ANSI-C escapes. Anything after unquoted white space must be
     * a comment (shvar.c refuses "KEY=a b" as the shell would run "b").
     */
    static String unescape(String file, int line, String s) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) {
                    throw error(file, line, "unterminated ' quote");
                }
                sb.append(s, i + 1, end);
                i = end + 1;
            } else if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                i += 2;
                boolean closed = false;
                while (i < s.length()) {
                    char d = s.charAt(i++);
                    if (d == '\'') {
                        closed = true;
                        break;
                    }
                    if (d == '\\' && i < s.length()) {
                        char e = s.charAt(i++);
                        sb.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            default -> e;
                        });
                    } else {
                        sb.append(d);
                    }
                }
                if (!closed) {
                    throw error(file, line, "unterminated $' quote");
                }
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < s.length()) {
                    char d = s.charAt(i++);
                    if (d == '"') {
                        closed = true;
                        break;
                    }
                    if (d == '\\' && i < s.length() && "\\\"$`\n".indexOf(s.charAt(i)) >= 0) {
                        sb.append(s.charAt(i++));
                    } else if (d == '$' || d == '`') {
                        throw error(file, line, "shell expansion ($ or `) is not supported in ifcfg values");
                    } else {
                        sb.append(d);
                    }
                }
                if (!closed) {
                    throw error(file, line, "unterminated \" quote");
                }
            } else if (c == '\\') {
                if (i + 1 < s.length()) {
                    sb.append(s.charAt(i + 1));
                }
                i += 2;
            } else if (Character.isWhitespace(c)) {
                String rest = s.substring(i).strip();
                if (!rest.isEmpty() && !rest.startsWith("#")) {
                    throw error(file, line, "unquoted white space in value (quote it: \"...\")");
                }
                break;
            } else if (c == '$' || c == '`' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>'
                    || c == '(' || c == ')') {
                throw error(file, line, "unquoted shell character '" + c + "' in value");
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    /** svEscape(): bare when safe, else double-quoted. */
    static String escape(String v) {
        if (!v.isEmpty() && BARE.matcher(v).matches()) {
            return v;
        }
        if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\t') >= 0) {
            StringBuilder sb = new StringBuilder("$'");
            for (char c : v.toCharArray()) {
                switch (c) {
                    case '\n' -> sb.append("\\n");
                    case '\t' -> sb.append("\\t");
                    case '\r' -> sb.append("\\r");
                    case '\\' -> sb.append("\\\\");
                    case '\'' -> sb.append("\\'");
                    default -> sb.append(c);
                }
            }
            return sb.append('\'').toString();
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            if ("\\\"$`".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }
}
