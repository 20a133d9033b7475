package org.bondctl.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a crashed bondctl leaves behind, removed by the next one: temporary files are named
 * after the process writing them (".NAME.PID-NONCE.bondctl-tmp"), so a file whose process is
 * gone is debris, and one whose process runs is left alone.
 */
public final class Debris {
    /** ".resolv.conf.1234-5.bondctl-tmp", ".bond0.nmconnection.1234-x9.bondctl-tmp". */
    private static final Pattern TEMP = Pattern.compile("\\..*\\.([0-9]+)-[^.]*\\.bondctl-tmp");

    private Debris() {}

    /** The name of a temporary file for {@code target}, next to it, owned by this process. */
    public static Path tempFor(Path target, String nonce) {
        return target.toAbsolutePath().resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + nonce + ".bondctl-tmp");
    }

    /** Removes the temporary files of dead bondctl processes in {@code dir}. */
    public static void clean(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*.bondctl-tmp")) {
            for (Path f : ds) {
                Matcher m = TEMP.matcher(f.getFileName().toString());
                if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // best effort: debris is harmless, only untidy
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
