package org.bondctl.cli;

import org.bondctl.error.BondctlException;
import org.bondctl.plan.Journal;
import org.bondctl.plan.Pending;
import picocli.CommandLine.Command;

@Command(name = "confirm", description = "Keep the change of 'apply --confirm-timeout' (cancels its rollback).")
final class ConfirmCommand extends BaseCommand {
    @Override
    public Integer call() {
        if (!Pending.confirm(Journal.dir())) {
            throw BondctlException.notFound("confirm: no change is waiting for confirmation (already confirmed,"
                    + " or rolled back: see " + Journal.dir().resolve(RollbackTimer.LOG) + ")");
        }
        out().println("confirmed: the applied change stays");
        return 0;
    }
}
