package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The whole command model: summaries, suggestions for typos, --version. No kernel involved. */
class CliModelTest {
    private final Cli cli = new Cli(null);

    /** Every command of the full model (the one help, man pages and completion are made from). */
    static List<CommandLine> allCommands() {
        PrintWriter w = new PrintWriter(new StringWriter());
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(w, w, List.of()), all);
        return all;
    }

    private static void collect(CommandLine c, List<CommandLine> into) {
        into.add(c);
        c.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    /** What a command list ("Commands:") shows for a command: its header, else its first description line. */
    static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String[] description = spec.usageMessage().description();
        return header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
    }

    // Ends with . ! or ?, optionally followed by a closing quote or bracket. (An option's text may
    // start with the lower-case name it is about: "miimon for the tuning step ...".)
    private static final Pattern SENTENCE = Pattern.compile(".+[.!?][)'\"]?");

    static String whyNotASentence(String s) {
        if (!SENTENCE.matcher(s).matches()) {
            return "does not end with . ! or ?";
        }
        if (s.chars().filter(ch -> ch == '(').count() != s.chars().filter(ch -> ch == ')').count()) {
            return "has unbalanced parentheses";
        }
        if (s.chars().filter(ch -> ch == '\'').count() % 2 != 0 && !s.contains("'s ")) {
            return "has an unclosed quote";
        }
        return null;
    }

    @Test
    void everyCommandSummaryIsAWholeSentence() {
        List<String> bad = new ArrayList<>();
        int checked = 0;
        for (CommandLine c : allCommands()) {
            CommandSpec spec = c.getCommandSpec();
            if (spec.usageMessage().hidden()) {
                continue; // not in any command list, man page or completion
            }
            checked++;
            String sum = summary(spec);
            String why = !sum.isEmpty() && Character.isUpperCase(sum.charAt(0)) ? whyNotASentence(sum)
                : "does not start with a capital letter";
            if (why != null) {
                bad.add(spec.qualifiedName() + ": '" + sum + "' " + why);
            }
            for (OptionSpec o : spec.options()) {
                String text = String.join(" ", o.description());
                String whyOpt = o.hidden() ? null : whyNotASentence(text);
                if (whyOpt != null) {
                    bad.add(spec.qualifiedName() + " " + o.longestName() + ": '" + text + "' " + whyOpt);
                }
            }
        }
        assertTrue(checked > 30, "the walk saw only " + checked + " commands");
        assertEquals(List.of(), bad);
    }

    @Test
    void theCheckCatchesASummaryCutMidSentence() {
        // the three summaries issue 11 found cut
        for (String cut : new String[] {"Reach the state of NetworkManager profiles (keyfile, ifcfg-rh) without",
                "Print what 'apply' would change, option by option, comparing after the",
                "Write the profiles of a live bond: the bond (options, IPv4 addresses,"}) {
            assertTrue(whyNotASentence(cut) != null, cut);
        }
        assertEquals(null, whyNotASentence("Keep the change of 'apply --confirm-timeout' (cancels its rollback)."));
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        Cli.Result r = cli.run("shwo");
        assertEquals(2, r.exit(), r::toString);
        String[] lines = r.err().split("\n");
        assertEquals("bondctl: Unmatched argument at index 0: 'shwo'", lines[0], r::toString);
        assertTrue(lines[1].startsWith("Did you mean: bondctl show"), r::toString);
        assertTrue(lines[2].startsWith("Try 'bondctl --help'"), r::toString);
        // after global options, and in a subcommand's own subcommands
        Cli.Result nested = cli.run("--json", "addr", "shwo");
        assertEquals(2, nested.exit(), nested::toString);
        assertTrue(nested.err().contains("Did you mean: addr show"), nested::toString);
        Cli.Result option = cli.run("show", "--jsno");
        assertEquals(2, option.exit(), option::toString);
        assertTrue(option.err().contains("Possible solutions: --json"), option::toString);
    }

    @Test
    void versionNamesTheReleaseTheCommitAndTheRuntime() throws Exception {
        Properties build = Version.build();
        String version = build.getProperty("version");
        String commit = build.getProperty("commit");
        assertTrue(version != null && !version.isEmpty(), "no version in " + Version.RESOURCE);
        assertTrue(commit != null && commit.matches("[0-9a-f]{7,40}|unknown"), "commit " + commit);
        Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
        String head = new String(git.getInputStream().readAllBytes()).trim();
        if (git.waitFor() == 0) { // the tests run from a git checkout: the jar must say which commit
            assertEquals(head, commit);
        }
        Cli.Result r = cli.run("--version");
        assertEquals(0, r.exit(), r::toString);
        String[] lines = r.out().split("\n");
        assertEquals("bondctl " + version + " (commit " + commit + ")", lines[0]);
        assertEquals("Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor")
            + ") at " + System.getProperty("java.home"), lines[1]);
    }
}
