package org.bondctl.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Rtnetlink;

/**
 * Puts back the old state after a change that did not end: a journal whose process is gone
 * (crashed, killed, its terminal closed) is rolled back, newest step first; a pending change
 * (--confirm-timeout) whose deadline has passed unconfirmed is rolled back too, whoever runs
 * next - the detached timer, any later bondctl, or the boot-time unit. Journals from an
 * earlier boot describe a network that is gone: they are dropped. Also removes what crashed
 * runs leave behind (temporary files whose writer is gone).
 */
public final class Recovery {
    private Recovery() {}

    /** Recovers everything there is to recover in the state directory; returns what it did, a line each. */
    public static List<String> run(Path dir, Consumer<String> notices) {
        List<String> done = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return done;
        }
        String boot = Journal.bootId();
        for (Path f : Journal.files(dir, Journal.CHANGE_PREFIX)) {
            Journal.Record r = read(f);
            if (r == null || Journal.alive(r)) {
                continue;
            }
            done.add(r.forward() != null ? rollForward(r, boot, notices) : rollBack(r, boot, "interrupted change", notices));
        }
        for (Path f : Journal.files(dir, Journal.PENDING_PREFIX)) {
            Journal.Record r = read(f);
            if (r == null || r.deadline() > System.currentTimeMillis() && boot.equals(r.boot())) {
                continue;
            }
            Path claimed = claim(f);
            if (claimed != null) {
                done.add(rollBack(new Journal.Record(claimed, r.boot(), r.pid(), r.startTime(), r.netns(), r.what(),
                        r.begun(), r.deadline(), null), boot, "change not confirmed in time", notices));
            }
        }
        // a roll-back whose process died half-way: its inverses run again (they are idempotent)
        for (Path f : Journal.files(dir, CLAIMED)) {
            String rest = f.getFileName().toString().substring(CLAIMED.length());
            long pid = Long.parseLong(rest.substring(0, rest.indexOf('-')));
            Journal.Record r = read(f);
            if (r != null && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                done.add(rollBack(r, boot, "change whose roll-back was interrupted", notices));
            }
        }
        org.bondctl.fs.Debris.clean(dir);
        return done;
    }

    private static Journal.Record read(Path f) {
        try {
            return Journal.read(f);
        } catch (IOException | RuntimeException e) {
            return null; // being written, or not ours
        }
    }

    /** The name a claimed pending record takes: ".rolling-back-PID-pending-..." (PID: the claimer). */
    static final String CLAIMED = ".rolling-back-";

    /** Takes a pending record for this process by an atomic rename; null when another took it first. */
    static Path claim(Path f) {
        Path to = f.resolveSibling(CLAIMED + ProcessHandle.current().pid() + "-" + f.getFileName());
        try {
            Files.move(f, to, StandardCopyOption.ATOMIC_MOVE);
            return to;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Finishes a change that was past its point of no return (a link deleted, which no undo
     * makes again): the steps from there to the last run again, forgiving what is done already
     * (a link already gone, a file already written); removes the record. The system ends in the
     * new state, as the undo of a change before that point ends it in the old one.
     */
    static String rollForward(Journal.Record r, String boot, Consumer<String> notices) {
        String what = "'" + r.what() + "' (pid " + r.pid() + ")";
        try {
            if (!boot.equals(r.boot())) {
                return "dropped the record of " + what + ": it is from an earlier boot";
            }
            List<String> problems = new ArrayList<>();
            try (Rtnetlink rtnl = Rtnetlink.open(r.netns())) {
                Executor x = new Executor(rtnl, notices);
                for (Step s : r.forward()) {
                    try {
                        x.undoStep(s);
                    } catch (RuntimeException e) {
                        problems.add(e.getMessage());
                        notices.accept("could not finish: " + e.getMessage());
                    }
                }
            } catch (BondctlException e) {
                return "could not finish " + what + ": " + e.getMessage();
            }
            String line = (problems.isEmpty() ? "finished " : "finished, with problems, ") + "interrupted change " + what
                    + " (past a deletion: completed, not undone)";
            notices.accept(line);
            return line;
        } finally {
            try {
                Files.deleteIfExists(r.file());
            } catch (IOException ignored) {
                // the next run finishes it again: its steps forgive what is done
            }
        }
    }

    /** Undoes every step the record began, newest first; removes the record. */
    static String rollBack(Journal.Record r, String boot, String why, Consumer<String> notices) {
        String what = "'" + r.what() + "' (pid " + r.pid() + ")";
        try {
            if (!boot.equals(r.boot())) {
                return "dropped the record of " + what + ": it is from an earlier boot";
            }
            UndoLog log = new UndoLog();
            r.begun().forEach(log::record);
            List<String> problems;
            try (Rtnetlink rtnl = Rtnetlink.open(r.netns())) {
                problems = log.undo(new Executor(rtnl, notices), notices);
            } catch (BondctlException e) {
                return "could not roll back " + what + ": " + e.getMessage();
            }
            String line = (problems.isEmpty() ? "rolled back " : "rolled back, with problems, ") + why + " " + what;
            notices.accept(line);
            return line;
        } finally {
            try {
                Files.deleteIfExists(r.file());
                Files.deleteIfExists(Journal.PERSISTENT_DIR.resolve(r.file().getFileName().toString()
                        .replaceFirst("^\\.rolling-back-[0-9]+-", "")));
            } catch (IOException ignored) {
                // the next run finds nothing left to undo in it
            }
        }
    }
}
