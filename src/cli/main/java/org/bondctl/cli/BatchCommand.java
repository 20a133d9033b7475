package org.bondctl.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Rtnetlink;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Many command lines, one process: the JVM starts once, so a whole scenario costs one start-up
 * instead of one per step. Every line is read and split before the first one runs, so a typo
 * on line 9 changes nothing; then the lines run in order and the first failure stops the batch.
 */
@Command(name = "batch", description = {"Run bondctl command lines from FILE ('-': standard input) in one process.",
    "One command per line, as on the command line without 'bondctl'; '#' starts a comment;",
    "words may be quoted with '...' or \"...\". --netns/--json/--verbose given to batch apply to every line.",
    "Stops at the first failing line (its number is reported) with that line's exit code.",
    "Equivalent to: ip -batch FILE"})
final class BatchCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "FILE|-")
    String file;

    /** One command line of the batch: its line number and its words. */
    record Line(int number, List<String> words) {}

    @Override
    public Integer call() {
        List<Line> lines = parse(read(), file);
        // One command model for every line, with the commands the lines name: picocli builds it
        // by reflection (the costly part of a line) and resets every option before each parse.
        Set<String> names = new LinkedHashSet<>();
        for (Line line : lines) {
            String name = Main.commandName(line.words().toArray(String[]::new));
            if (name == null) { // a typo or an unusual line: the full model answers it
                names.clear();
                break;
            }
            names.add(name);
        }
        CommandLine cl = Main.commandLine(out(), err(), names);
        // One rtnetlink socket per network namespace for every line (Rtnetlink.session): a
        // line's command opens and closes "its" socket, the session keeps the one underneath.
        try (Rtnetlink.Session session = Rtnetlink.session()) {
            return run(cl, lines);
        }
    }

    private int run(CommandLine cl, List<Line> lines) {
        for (Line line : lines) {
            List<String> args = new ArrayList<>();
            GlobalOptions g = global();
            if (g.netns != null) {
                args.add("--netns");
                args.add(g.netns);
            }
            if (g.json) {
                args.add("--json");
            }
            if (g.verbose) {
                args.add("--verbose");
            }
            args.addAll(line.words());
            int rc = cl.execute(args.toArray(String[]::new));
            out().flush();
            if (rc != 0) {
                err().println("bondctl: batch " + file + ": stopped at line " + line.number() + " ("
                        + String.join(" ", line.words()) + "), exit " + rc);
                return rc;
            }
        }
        return 0;
    }

    private List<String> read() {
        try {
            if (file.equals("-")) {
                BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                return r.lines().toList();
            }
            return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw BondctlException.notFound("batch " + file + ": no such file");
        } catch (IOException | UncheckedIOException e) {
            throw BondctlException.invalid("batch " + file + ": cannot read it: " + e.getMessage());
        }
    }

    /** Splits every line into words; comments and blank lines go. Errors name the line. */
    static List<Line> parse(List<String> text, String source) {
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            List<String> words = words(text.get(i), source, i + 1);
            if (words.isEmpty()) {
                continue;
            }
            if (words.get(0).equals("bondctl")) {
                words = words.subList(1, words.size()); // tolerated: a line pasted from a shell
            }
            if (!words.isEmpty() && words.get(0).equals("batch")) {
                throw BondctlException.invalid("batch " + source + " line " + (i + 1) + ": a batch cannot run a batch");
            }
            if (!words.isEmpty()) {
                out.add(new Line(i + 1, List.copyOf(words)));
            }
        }
        return out;
    }

    /** Shell-like words: blanks separate, '...' and "..." quote, '#' at a word's start ends the line. */
    static List<String> words(String line, String source, int number) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                if (w == null) {
                    w = new StringBuilder();
                }
            } else if (Character.isWhitespace(c)) {
                if (w != null) {
                    words.add(w.toString());
                    w = null;
                }
            } else if (c == '#' && w == null) {
                break;
            } else {
                if (w == null) {
                    w = new StringBuilder();
                }
                w.append(c);
            }
        }
        if (quote != 0) {
            throw BondctlException.invalid("batch " + source + " line " + number + ": unterminated " + quote + " quote");
        }
        if (w != null) {
            words.add(w.toString());
        }
        return words;
    }
}
