package org.bondctl.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.bondctl.error.BondctlException;

/**
 * A change made with {@code --confirm-timeout}: its journal kept as "pending" until {@code
 * bondctl confirm}, or rolled back once its deadline has passed - by the timer started with it
 * (detached from the caller's session), or by whichever bondctl runs next ({@link Recovery}).
 * Confirm and roll-back each claim the record with one atomic rename, so exactly one wins.
 */
public final class Pending {
    private Pending() {}

    /** The pending change, if there is one. */
    public static Optional<Journal.Record> current(Path dir) {
        for (Path f : Journal.files(dir, Journal.PENDING_PREFIX)) {
            try {
                return Optional.of(Journal.read(f));
            } catch (IOException | RuntimeException e) {
                // being renamed by a confirm or a roll-back: look again
            }
        }
        return Optional.empty();
    }

    /** Seconds until the pending change is rolled back; -1 when nothing is pending. */
    public static long secondsLeft(Path dir) {
        return current(dir).map(r -> Math.max(0, (r.deadline() - System.currentTimeMillis() + 999) / 1000)).orElse(-1L);
    }

    /** Keeps the pending change: true when one was pending (and is now confirmed). */
    public static boolean confirm(Path dir) {
        for (Path f : Journal.files(dir, Journal.PENDING_PREFIX)) {
            Path claimed = f.resolveSibling(".confirmed-" + ProcessHandle.current().pid() + "-" + f.getFileName());
            try {
                Files.move(f, claimed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(claimed);
                Files.deleteIfExists(Journal.PERSISTENT_DIR.resolve(f.getFileName()));
                return true;
            } catch (java.nio.file.NoSuchFileException e) {
                // the timer took it first
            } catch (IOException e) {
                throw new BondctlException(BondctlException.Kind.FILE, "confirm: " + e.getMessage());
            }
        }
        return false;
    }

    /**
     * The timer: waits for the deadline of pending change {@code id}, then rolls it back unless
     * it was confirmed meanwhile. Returns what happened, for the log.
     */
    public static String awaitDeadline(Path dir, String id, Consumer<String> notices) throws InterruptedException {
        Path f = dir.resolve(Journal.PENDING_PREFIX + id);
        long deadline;
        try {
            deadline = Journal.read(f).deadline();
        } catch (IOException | RuntimeException e) {
            return "confirmed: nothing rolled back";
        }
        while (System.currentTimeMillis() < deadline) {
            if (!Files.exists(f)) {
                return "confirmed: nothing rolled back";
            }
            Thread.sleep(Math.min(200, Math.max(1, deadline - System.currentTimeMillis())));
        }
        List<String> done = Recovery.run(dir, notices);
        return done.isEmpty() ? "confirmed: nothing rolled back" : String.join("; ", done);
    }
}
