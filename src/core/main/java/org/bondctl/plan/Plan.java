package org.bondctl.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * The typed steps that take the kernel from its state to the one wanted, in the order they
 * run, and the notices found while planning (values the kernel rounds, ports that move). What
 * {@code diff} prints is {@link #changes()}; what {@code apply} runs is {@link #steps()}: the
 * same list.
 */
public record Plan(List<Step> steps, List<String> notices) {
    /** Copies the lists: a plan is immutable. */
    public Plan {
        steps = List.copyOf(steps);
        notices = List.copyOf(notices);
    }

    /** A plan of these steps and no notices. */
    public static Plan of(Step... steps) {
        return new Plan(List.of(steps), List.of());
    }

    /** Nothing to change. */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** Every line of every step, in order. */
    public List<Change> changes() {
        List<Change> out = new ArrayList<>();
        steps.forEach(s -> out.addAll(s.changes()));
        return out;
    }
}
