package org.bondctl.cli;

import java.time.Instant;
import org.bondctl.plan.Journal;
import org.bondctl.plan.Pending;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The timer process 'apply --confirm-timeout' starts (detached from the caller's session); not for users. */
@Command(name = "rollback-pending", hidden = true)
final class RollbackPendingCommand extends BaseCommand {
    @Option(names = "--id", required = true)
    String id;

    @Override
    public Integer call() throws InterruptedException {
        String outcome = Pending.awaitDeadline(Journal.dir(), id, n -> out().println(Instant.now() + " note: " + n));
        out().println(Instant.now() + " " + outcome);
        return 0;
    }
}
