package org.bondctl.plan;

import java.util.List;
import java.util.function.Supplier;
import org.bondctl.error.BondctlException;

/**
 * What a change has done so far: the undo log in memory and, for journaled changes, the same
 * inverses in the write-ahead {@link Journal} (started at the first step, so that a change
 * with nothing to do leaves no file). A plan run alone has a scope of its own; the parts of a
 * {@link Transaction} share one.
 */
final class Scope {
    final UndoLog log = new UndoLog();
    private final Supplier<Journal> starter;
    private Journal journal;
    private int steps;
    private boolean over;

    /** {@code starter}: opens the journal (null: not journaled). */
    Scope(Supplier<Journal> starter) {
        this.starter = starter;
    }

    int steps() {
        return steps;
    }

    boolean isOver() {
        return over;
    }

    /** A step is about to run: its number (for fault injection), after the journal has its inverse. */
    int begin(List<Step> inverse) {
        steps++;
        if (starter != null) {
            if (journal == null) {
                journal = starter.get();
            }
            journal.begin(steps, inverse);
        }
        return steps;
    }

    /** Whether the change is past its point of no return ({@link #pointOfNoReturn}). */
    private boolean forwarded;

    boolean forwarded() {
        return forwarded;
    }

    /**
     * The next step deletes a link, which no inverse makes again: the journal keeps {@code rest}
     * (that step and the ones after it), so that the next run finishes the change rather than
     * undo half of it. Once per change; nothing for one not journaled.
     */
    void pointOfNoReturn(List<Step> rest) {
        if (forwarded || starter == null) {
            return;
        }
        forwarded = true;
        if (journal == null) {
            journal = starter.get();
        }
        journal.forward(rest);
    }

    /** Failed past its point of no return: the journal stays, and the next run finishes the change. */
    void leaveForNextRun() {
        over = true;
        if (journal != null) {
            journal.close();
        }
    }

    /** The change is over and stands (or was undone completely): its journal goes. */
    void finish() {
        over = true;
        if (journal != null) {
            journal.finish();
        }
    }

    /** Keeps the journal as a pending change; returns its id (null: nothing was done). */
    String keepPending(long deadlineMillis) {
        over = true;
        return journal == null ? null : journal.keepPending(deadlineMillis);
    }

    /**
     * Undoes everything done so far. With every inverse run the journal goes; otherwise it
     * stays for the next bondctl run. Problems are added to {@code failure} when there is one.
     */
    List<String> rollBack(Executor executor, RuntimeException failure) {
        List<String> problems = log.undo(executor, executor.notices());
        if (failure != null) {
            for (String p : problems) {
                failure.addSuppressed(new BondctlException(BondctlException.Kind.INTERNAL, "could not restore: " + p));
            }
        }
        over = true;
        if (journal != null) {
            if (problems.isEmpty()) {
                journal.finish();
            } else {
                journal.close();
            }
        }
        return problems;
    }
}
