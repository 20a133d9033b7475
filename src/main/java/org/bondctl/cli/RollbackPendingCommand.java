package org.bondctl.cli;

import java.nio.file.Path;
import java.util.List;
import org.bondctl.bond.Bonds;
import org.bondctl.profile.Applier;
import org.bondctl.profile.PendingConfirm;
import org.bondctl.profile.Snapshot;
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
        Snapshot snap = new PendingConfirm(stateDir).awaitDeadline(token);
        if (snap == null) {
            out().println(PendingConfirm.now() + " confirmed: nothing rolled back");
            return 0;
        }
        out().println(PendingConfirm.now() + " not confirmed in time: rolling back");
        try (Bonds b = bonds()) {
            b.onNotice(n -> out().println(PendingConfirm.now() + " note: " + n));
            List<String> problems = new Applier(b, Path.of("/etc/resolv.conf"), n -> out().println(PendingConfirm.now() + " note: " + n))
                    .restore(snap);
            out().println(PendingConfirm.now() + (problems.isEmpty() ? " rolled back" : " rollback incomplete: " + String.join("; ", problems)));
            return problems.isEmpty() ? 0 : 1;
        }
    }
}
