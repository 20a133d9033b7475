package org.bondctl.cli;

import java.nio.file.Path;
import org.bondctl.error.BondctlException;
import org.bondctl.profile.PendingConfirm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "confirm", description = "Keep the change of 'apply --confirm-timeout' (cancels its rollback).")
final class ConfirmCommand extends BaseCommand {
    @Option(names = "--state-dir", hidden = true)
    Path stateDir = PendingConfirm.DEFAULT_STATE;

    @Override
    public Integer call() {
        if (!new PendingConfirm(stateDir).confirm()) {
            throw BondctlException.notFound("confirm: no change is waiting for confirmation (already confirmed,"
                    + " or rolled back: see " + stateDir.resolve(PendingConfirm.LOG) + ")");
        }
        out().println("confirmed: the applied change stays");
        return 0;
    }
}
