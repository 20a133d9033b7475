package org.bondctl.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.Bonds;
import org.bondctl.plan.Change;
import org.bondctl.plan.Executor;
import org.bondctl.plan.Plan;
import org.bondctl.plan.Planner;
import org.bondctl.plan.UndoLog;

/**
 * Reaches the state a {@link ProfileSet} describes, over netlink, without NetworkManager: the
 * profiles become a {@link org.bondctl.plan.NetworkSpec}, the {@link Planner} compares it with
 * the kernel, and {@code diff} prints the plan that {@code apply} runs. A failed step undoes
 * the steps before it.
 */
public final class Applier {
    /** NM's default route metric for a bond (nm_device_get_route_metric_default(): NM_DEVICE_TYPE_BOND 300). */
    public static final int BOND_ROUTE_METRIC = 300;

    /** What apply did: the lines it changed, and the undo log that puts them back. */
    public record Applied(List<Change> changes, UndoLog undo) {}

    private final Bonds bonds;
    private final Path resolvConf;
    private final Consumer<String> notices;

    public Applier(Bonds bonds, Path resolvConf, Consumer<String> notices) {
        this.bonds = bonds;
        this.resolvConf = resolvConf;
        this.notices = notices;
    }

    /** The plan that reaches the set; every check has passed when it returns. */
    public Plan plan(ProfileSet set) {
        Plan p = Planner.plan(set.spec(notices), bonds.rtnetlink(), resolvConf);
        p.notices().forEach(notices);
        return p;
    }

    /** What {@link #apply} would change, in the order it would change it. */
    public List<Change> diff(ProfileSet set) {
        return plan(set).changes();
    }

    /**
     * Applies the set. On failure what ran is undone and the error says whether the previous
     * state is back.
     */
    public Applied apply(ProfileSet set) {
        Plan plan = plan(set);
        if (plan.isEmpty()) {
            return new Applied(List.of(), new UndoLog());
        }
        Executor x = new Executor(bonds.rtnetlink(), notices).journaled(org.bondctl.plan.Journal.dir());
        try {
            return new Applied(plan.changes(), x.execute(plan));
        } catch (BondctlException e) {
            throw failed(e);
        }
    }

    /**
     * Applies the set and keeps the change pending until {@code deadlineMillis} (epoch): it is
     * rolled back then unless {@code bondctl confirm} arrives. Returns the changes and the
     * pending change's id (null when nothing changed).
     */
    public Pending applyPending(ProfileSet set, long deadlineMillis) {
        Plan plan = plan(set);
        Executor x = new Executor(bonds.rtnetlink(), notices).journaled(org.bondctl.plan.Journal.dir());
        try {
            return new Pending(plan.changes(), x.executePending(plan, deadlineMillis));
        } catch (BondctlException e) {
            throw failed(e);
        }
    }

    /** What apply --confirm-timeout did: the lines it changed and the id of the change waiting for confirmation. */
    public record Pending(List<Change> changes, String id) {}

    private static BondctlException failed(BondctlException e) {
        List<String> problems = new ArrayList<>();
        for (Throwable t : e.getSuppressed()) {
            problems.add(t.getMessage());
        }
        return new BondctlException(e.kind(), "apply: " + e.getMessage() + (problems.isEmpty()
                ? "; the previous state was restored"
                : "; restoring the previous state failed too: " + String.join("; ", problems)), e);
    }
}
