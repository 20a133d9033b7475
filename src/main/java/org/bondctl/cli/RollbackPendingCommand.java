package org.bondctl.cli;

import java.nio.file.Path;
import java.util.List;
import org.bondctl.plan.Bonds;
import org.bondctl.plan.UndoLog;
import org.bondctl.profile.PendingConfirm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The timer process 'apply --confirm-timeout' starts; not for users. */
@Command(name = "rollback-pending", hidden = true)
final class RollbackPendingCommand extends BaseCommand {
    @Option(names = "--state-dir", required = true)
    Path stateDir;

    @Option(names = "--token", required = true)
    String token;

    @Override
    public Integer call() throws InterruptedException {
        UndoLog undo = new PendingConfirm(stateDir).awaitDeadline(token);
        if (undo == null) {
            out().println(PendingConfirm.now() + " confirmed: nothing rolled back");
            return 0;
        }
        out().println(PendingConfirm.now() + " not confirmed in time: rolling back");
        try (Bonds b = bonds()) {
            b.onNotice(n -> out().println(PendingConfirm.now() + " note: " + n));
            List<String> problems = undo.undo(b.executor(), n -> out().println(PendingConfirm.now() + " note: " + n));
            out().println(PendingConfirm.now() + (problems.isEmpty() ? " rolled back" : " rollback incomplete: " + String.join("; ", problems)));
            return problems.isEmpty() ? 0 : 1;
        }
    }
}
