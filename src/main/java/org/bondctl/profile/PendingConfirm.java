package org.bondctl.profile;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.StepCodec;
import org.bondctl.plan.UndoLog;

/**
 * An applied change waiting for {@code bondctl confirm}. The undo log of the change lives in
 * STATE/pending (STATE is /run/bondctl: gone after a reboot, as the change is not
 * persistent either); a detached {@code bondctl rollback-pending} process sleeps until the
 * deadline and undoes the change unless the directory is gone by then. Confirm and rollback each
 * claim the directory with one atomic rename, so exactly one of them wins.
 */
public final class PendingConfirm {
    public static final Path DEFAULT_STATE = Path.of("/run/bondctl");
    private static final String PENDING = "pending";
    private static final String TOKEN = "token";
    private static final String DEADLINE = "deadline";
    /** The undo log of the applied change (StepCodec text). */
    private static final String UNDO = "undo";
    public static final String LOG = "rollback.log";

    private final Path state;

    public PendingConfirm(Path state) {
        this.state = state;
    }

    public Path pending() {
        return state.resolve(PENDING);
    }

    public boolean isPending() {
        return Files.isDirectory(pending());
    }

    /**
     * Saves the undo log and starts the rollback timer process. {@code bondctlArgs} are the
     * global options the rollback needs (--netns).
     */
    public String start(UndoLog undo, long timeoutSeconds, List<String> bondctlArgs) {
        Path tmp;
        String token = UUID.randomUUID().toString();
        try {
            Files.createDirectories(state);
            if (isPending()) {
                throw BondctlException.conflict("apply --confirm-timeout: another change is waiting for confirmation ("
                        + pending() + "); run 'bondctl confirm' or wait for its rollback");
            }
            tmp = Files.createTempDirectory(state, ".pending.");
            Files.writeString(tmp.resolve(UNDO), StepCodec.encode(undo.steps()));
            long deadline = System.currentTimeMillis() + timeoutSeconds * 1000;
            Files.writeString(tmp.resolve(TOKEN), token);
            Files.writeString(tmp.resolve(DEADLINE), Long.toString(deadline));
            Files.move(tmp, pending(), StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw BondctlException.conflict("apply --confirm-timeout: another change is waiting for confirmation");
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.PERMISSION, "save the undo log in " + state + ": " + e.getMessage());
        }
        List<String> cmd = new ArrayList<>(SelfCommand.java());
        cmd.addAll(bondctlArgs);
        cmd.addAll(List.of("rollback-pending", "--state-dir", state.toString(), "--token", token));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(state.resolve(LOG).toFile()))
                    .redirectErrorStream(true);
            pb.start();
        } catch (IOException e) {
            deleteTree(pending());
            throw new BondctlException(BondctlException.Kind.UNAVAILABLE, "start the rollback timer: " + e.getMessage());
        }
        return token;
    }

    /** Keeps the pending change: true when one was pending (and is now confirmed). */
    public boolean confirm() {
        Path claimed = state.resolve(".confirmed." + ProcessHandle.current().pid());
        try {
            Files.move(pending(), claimed, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.PERMISSION, "confirm: " + e.getMessage());
        }
        deleteTree(claimed);
        return true;
    }

    /** Seconds left before the rollback, or -1 when nothing is pending. */
    public long secondsLeft() {
        try {
            long deadline = Long.parseLong(Files.readString(pending().resolve(DEADLINE)).strip());
            return Math.max(0, (deadline - System.currentTimeMillis() + 999) / 1000);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The timer process: waits for the deadline, then claims the pending undo log (unless it
     * was confirmed or replaced) and returns it; null when there is nothing to roll back.
     */
    public UndoLog awaitDeadline(String token) throws InterruptedException {
        long deadline;
        try {
            if (!Files.readString(pending().resolve(TOKEN)).strip().equals(token)) {
                return null;
            }
            deadline = Long.parseLong(Files.readString(pending().resolve(DEADLINE)).strip());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        while (System.currentTimeMillis() < deadline) {
            if (!isPending()) {
                return null; // confirmed
            }
            Thread.sleep(Math.min(200, Math.max(1, deadline - System.currentTimeMillis())));
        }
        Path claimed = state.resolve(".rolling-back." + token);
        try {
            if (!Files.readString(pending().resolve(TOKEN)).strip().equals(token)) {
                return null;
            }
            Files.move(pending(), claimed, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            return null; // confirm won the race
        }
        try {
            return UndoLog.of(StepCodec.decode(Files.readString(claimed.resolve(UNDO))));
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.PERMISSION, "read " + claimed + ": " + e.getMessage());
        } finally {
            deleteTree(claimed);
        }
    }

    public static String now() {
        return Instant.now().toString();
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
