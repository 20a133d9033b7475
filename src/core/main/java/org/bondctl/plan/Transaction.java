package org.bondctl.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.bondctl.error.BondctlException;
import org.bondctl.fs.PrivateFile;
import org.bondctl.rtnl.Rtnetlink;

/**
 * A change made of parts that stand or fall together: a live command with {@code --persist}
 * is its plan and the profile files written after it. One journal and one undo log span every
 * part: a failure in any part (a kernel refusal, a profile that cannot be written) undoes all
 * of them, and a crash anywhere leaves one journal from which the next bondctl run undoes all
 * of them. Nothing is half-made: neither a live change without its profile nor the reverse.
 * <p>
 * While a transaction is open on a thread, every journaled {@link Executor} on that thread
 * (those of {@link Bonds} and {@link Interfaces}) runs its plans inside it, and profile writes
 * announce themselves with {@link #beforeFileChange}. Not thread-safe: one per command.
 */
public final class Transaction implements AutoCloseable {
    private static final ThreadLocal<Transaction> CURRENT = new ThreadLocal<>();

    private final String what;
    private final Consumer<String> notices;
    final Scope scope;
    /** The namespace of the live parts, for undoing them (null: this process's own). */
    private String netns;
    private boolean committed;

    private Transaction(String what, Consumer<String> notices) {
        this.what = what;
        this.notices = notices;
        this.scope = new Scope(() -> Journal.start(Journal.dir(), netns, what));
    }

    /** Opens a transaction on this thread; {@link #commit} it, and close it in any case. */
    public static Transaction begin(String what, Consumer<String> notices) {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("a transaction is open already");
        }
        Transaction t = new Transaction(what, notices);
        CURRENT.set(t);
        return t;
    }

    /** The transaction open on this thread, or null. */
    static Transaction current() {
        return CURRENT.get();
    }

    /** An executor on {@code rtnl} joins: its plans are parts of this change. */
    Scope join(Rtnetlink rtnl) {
        String ns = rtnl.socket().netns();
        if (scope.steps() == 0) {
            netns = ns;
        } else if (!java.util.Objects.equals(netns, ns)) {
            throw new IllegalStateException(what + ": one change spans one network namespace");
        }
        return scope;
    }

    /**
     * A file of the change is about to be written or removed: what it holds now is recorded
     * (journal first) so that undo puts it back. Outside a transaction, does nothing.
     */
    public static void beforeFileChange(Path file) {
        Transaction t = CURRENT.get();
        if (t == null) {
            return;
        }
        List<Step> inverse = List.of(new Step.RestoreProfile(file.toAbsolutePath(), PrivateFile.read(file)));
        t.scope.log.record(inverse);
        t.scope.begin(inverse);
    }

    /** Every part is made: the change stands. */
    public void commit() {
        scope.finish();
        committed = true;
    }

    /** Without {@link #commit}: every part made so far is undone. */
    @Override
    public void close() {
        CURRENT.remove();
        if (committed || scope.isOver()) {
            return;
        }
        if (scope.log.isEmpty()) {
            scope.finish();
            return;
        }
        try (Rtnetlink rtnl = Rtnetlink.open(netns)) {
            scope.rollBack(new Executor(rtnl, notices), null);
        } catch (BondctlException e) {
            // the journal stays: the next bondctl run undoes the rest
            notices.accept("could not undo " + what + " now (" + e.getMessage() + "); the next bondctl run will");
        }
    }
}
