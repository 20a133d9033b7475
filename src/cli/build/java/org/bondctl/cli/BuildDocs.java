package org.bondctl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Build step (pom.xml, execution build-docs): man pages and shell completion from the full
 * picocli model, so they cost bondctl nothing at run time and cannot drift from --help.
 * Compiled and run by Maven outside bondctl.jar (target/build-classes).
 *
 * <pre>java -cp target/build-classes:target/classes org.bondctl.cli.BuildDocs OUT_DIR</pre>
 * writes OUT_DIR/man/man1/bondctl*.1, OUT_DIR/completion/bondctl (bash, picocli's AutoComplete)
 * and OUT_DIR/completion/_bondctl (zsh). The pages' date is SOURCE_DATE_EPOCH's when set
 * (reproducible builds), else today's.
 */
public final class BuildDocs {
    private BuildDocs() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: BuildDocs OUT_DIR");
        }
        Path out = Path.of(args[0]);
        PrintWriter sink = new PrintWriter(new StringWriter());
        CommandLine root = Main.commandLine(sink, sink, List.of());
        String version = Version.build().getProperty("version", "unknown");
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        LocalDate date = epoch == null ? LocalDate.now(ZoneOffset.UTC)
            : LocalDate.ofInstant(Instant.ofEpochSecond(Long.parseLong(epoch)), ZoneOffset.UTC);

        Path man = out.resolve("man/man1");
        Files.createDirectories(man);
        ManPage page = new ManPage(root, version);
        List<String> written = new ArrayList<>();
        for (CommandLine cl : commands(root)) {
            String name = ManPage.pageName(cl.getCommandSpec()) + ".1";
            Files.writeString(man.resolve(name), page.render(cl, date));
            written.add(name);
        }
        Path completion = out.resolve("completion");
        Files.createDirectories(completion);
        Files.writeString(completion.resolve("bondctl"), AutoComplete.bash("bondctl", root));
        Files.writeString(completion.resolve("_bondctl"), ZshCompletion.render(root));
        System.out.println("BuildDocs: " + written.size() + " man pages, bash and zsh completion in " + out);
    }

    /** The root and every command below it that help lists (hidden ones are internal). */
    static List<CommandLine> commands(CommandLine cl) {
        List<CommandLine> all = new ArrayList<>();
        if (!cl.getCommandSpec().usageMessage().hidden()) {
            all.add(cl);
            cl.getSubcommands().values().forEach(sub -> all.addAll(commands(sub)));
        }
        return all;
    }
}
