package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The man pages and completion scripts the build generated (pom.xml, execution build-docs, into
 * target/docs) against the model they come from, rendered by groff and run by bash and zsh.
 */
class BuildDocsTest {
    private static final Path DOCS = Path.of("target/cli/docs");
    private static final Path MAN = DOCS.resolve("man/man1");
    private static final Path BASH = DOCS.resolve("completion/bondctl");
    private static final Path ZSH_DIR = DOCS.resolve("completion");

    private static List<CommandLine> visibleCommands() {
        List<CommandLine> out = new ArrayList<>();
        for (CommandLine c : CliModelTest.allCommands()) {
            CommandSpec s = c.getCommandSpec();
            boolean hidden = false;
            for (CommandSpec p = s; p != null; p = p.parent()) {
                hidden |= p.usageMessage().hidden();
            }
            if (!hidden) {
                out.add(c);
            }
        }
        return out;
    }

    record Run(int exit, String out, String err) {}

    private static Run run(int seconds, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        byte[][] streams = new byte[2][];
        Thread errReader = new Thread(() -> {
            try {
                streams[1] = p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                streams[1] = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        errReader.start();
        streams[0] = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
        errReader.join();
        return new Run(p.exitValue(), new String(streams[0], StandardCharsets.UTF_8),
            new String(streams[1], StandardCharsets.UTF_8));
    }

    @Test
    void oneManPagePerCommandWithEveryOptionAndNoGroffWarning() throws Exception {
        List<String> expected = new ArrayList<>();
        for (CommandLine c : visibleCommands()) {
            CommandSpec spec = c.getCommandSpec();
            String name = spec.qualifiedName("-") + ".1";
            expected.add(name);
            Path page = MAN.resolve(name);
            assertTrue(Files.isRegularFile(page), page + " was not generated");
            // what a reader sees: groff's rendering, with every warning turned on
            Run r = run(30, "groff", "-man", "-Tutf8", "-ww", "-rLL=200n", page.toString());
            assertEquals(0, r.exit(), r.err());
            assertEquals("", r.err(), "groff warnings for " + page);
            String text = r.out().replaceAll(".\b", ""); // no overstrike bold
            assertTrue(text.contains(spec.qualifiedName("-") + " - " + CliModelTest.summary(spec)), text);
            for (OptionSpec o : spec.options()) {
                for (String n : o.hidden() ? new String[0] : o.names()) {
                    assertTrue(text.contains(n), name + " lacks option " + n + ":\n" + text);
                }
            }
            for (String sub : c.getSubcommands().keySet()) {
                if (!c.getSubcommands().get(sub).getCommandSpec().usageMessage().hidden()) {
                    assertTrue(text.contains(spec.qualifiedName("-") + "-" + sub + "(1)"), name + " lacks " + sub);
                }
            }
        }
        List<String> actual;
        try (Stream<Path> s = Files.list(MAN)) {
            actual = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(expected.stream().sorted().toList(), actual, "a page for each visible command, no other");
        assertTrue(expected.size() > 30, expected.toString());
    }

    private static String bashComplete(String line) throws Exception {
        String script = "source \"$1\" 2>/dev/null; read -r -a COMP_WORDS <<<\"$2\"; [[ $2 == *' ' ]] && COMP_WORDS+=('');"
            + " COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE=$2; COMP_POINT=${#2};"
            + " _complete_bondctl 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Run r = run(30, "bash", "-c", script, "bash", BASH.toString(), line);
        assertEquals(0, r.exit(), r.err());
        return r.out();
    }

    @Test
    void bashCompletesCommandsAndOptionsFromTheModel() throws Exception {
        assertEquals("show\n", bashComplete("bondctl sh"));
        assertEquals("--format\n", bashComplete("bondctl route add --fo"));
        List<String> top = new ArrayList<>();
        CliModelTest.allCommands().get(0).getSubcommands().forEach((name, c) -> {
            if (!c.getCommandSpec().usageMessage().hidden()) {
                top.add(name);
            }
        });
        assertEquals(String.join("\n", top) + "\n", bashComplete("bondctl "));
    }

    private static String zshComplete(String line) throws Exception {
        Path driver = Path.of("src/cli/test/resources/zsh-complete.zsh");
        Run r = run(30, "zsh", "-f", driver.toString(), ZSH_DIR.toString(), line);
        assertEquals(0, r.exit(), "zsh (scripts/install-deps.sh installs it): " + r.err());
        // the terminal's bytes, with escape sequences and backspaced characters removed
        return r.out().replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").replaceAll(".\b", "");
    }

    @Test
    void zshCompletesCommandsAndOptionsFromTheModel() throws Exception {
        Run syntax = run(30, "zsh", "-n", ZSH_DIR.resolve("_bondctl").toString());
        assertEquals(0, syntax.exit(), syntax.err());
        assertTrue(zshComplete("bondctl sh").contains("bondctl show"), "bondctl sh<TAB>");
        assertTrue(zshComplete("bondctl route add --fo").contains("bondctl route add --format="), "--fo<TAB>");
        assertTrue(zshComplete("bondctl add bond0 --format=k").contains("--format=keyfile"), "--format=k<TAB>");
    }

    @Test
    void theGeneratorIsNotInTheJar() {
        assertFalse(Files.exists(Path.of("target/cli/classes/org/bondctl/cli/BuildDocs.class")));
        assertFalse(Files.exists(Path.of("target/cli/classes/picocli/AutoComplete.class")));
    }
}
