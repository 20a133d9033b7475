package org.bondctl.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The inverses of the steps that ran, newest last: undoing runs them newest first. Undo is
 * forgiving where the old state is already there (an address already gone, a port already
 * released), so a step that failed half-way, or never ran, is undone safely too.
 */
public final class UndoLog {
    private final List<List<Step>> entries = new ArrayList<>();

    /** Records the inverse of one step (which may be several steps, run in their order). */
    void record(List<Step> inverse) {
        if (!inverse.isEmpty()) {
            entries.add(List.copyOf(inverse));
        }
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The steps undo runs, in the order it runs them. */
    public List<Step> steps() {
        List<Step> out = new ArrayList<>();
        List<List<Step>> reversed = new ArrayList<>(entries);
        Collections.reverse(reversed);
        reversed.forEach(out::addAll);
        return out;
    }

    /** An undo log that runs these steps, in this order (read back from a saved log). */
    public static UndoLog of(List<Step> steps) {
        UndoLog u = new UndoLog();
        u.entries.add(List.copyOf(steps));
        return u;
    }

    /**
     * Runs every inverse, newest first, and carries on past failures. Returns the failures
     * ("restore X: why"); empty when all of the old state is back.
     */
    public List<String> undo(Executor executor, Consumer<String> notices) {
        List<String> problems = new ArrayList<>();
        for (Step s : steps()) {
            try {
                executor.undoStep(s);
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        entries.clear();
        problems.forEach(p -> notices.accept("could not restore: " + p));
        return problems;
    }
}
