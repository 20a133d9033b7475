package org.bondctl.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bondctl.error.BondctlException;

/**
 * Starts the process that rolls a pending change back at its deadline, in a session of its own
 * ({@code setsid}): closing the caller's terminal (SIGHUP to its session) or killing the
 * caller does not stop it. Should it die all the same, the change is still rolled back by the
 * next bondctl run after the deadline (the journal is in the state directory), and at boot.
 */
final class RollbackTimer {
    /** What the timer did, appended, in the state directory. */
    static final String LOG = "rollback.log";

    private RollbackTimer() {}

    static void start(String id, List<String> bondctlArgs) {
        Path dir = org.bondctl.plan.Journal.dir();
        List<String> cmd = new ArrayList<>();
        // SIGHUP ignored from the start (nohup; ignored signals stay ignored across fork and exec,
        // and the JVM leaves them so): setsid -f forks, and its child could otherwise get the
        // closing terminal's SIGHUP before its setsid() (seen on 6.12: the timer never ran)
        if (Files.isExecutable(Path.of("/usr/bin/nohup"))) {
            cmd.add("/usr/bin/nohup");
        }
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.addAll(List.of("/usr/bin/setsid", "-f"));
        }
        cmd.addAll(SelfCommand.java());
        cmd.addAll(bondctlArgs);
        cmd.addAll(List.of("rollback-pending", "--id", id));
        try {
            new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(LOG).toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.UNAVAILABLE, "start the rollback timer: " + e.getMessage()
                    + "; the change is rolled back by the next bondctl run after its deadline");
        }
    }
}
