package org.bondctl.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.Transaction;
import org.bondctl.profile.NmReload;
import org.bondctl.profile.Persist;
import org.bondctl.profile.ProfileStore;
import picocli.CommandLine.Option;

/**
 * --persist, --format and --root: after the live change, write the NetworkManager profiles
 * that the same nmcli steps would have left, and have a running NM load them.
 */
final class PersistArgs {
    @Option(names = "--persist", description = "Also write the change to NetworkManager profiles (keyfile or ifcfg-rh).")
    boolean persist;

    @Option(names = "--format", paramLabel = "keyfile|ifcfg",
            description = "Profile format (default: from NetworkManager.conf plugins=, else the existing profile directory).")
    String format;

    @Option(names = "--root", paramLabel = "DIR", description = "Write profiles below DIR instead of / (image builds).")
    Path root = Path.of("/");

    /**
     * Runs the live change; with --persist, stages the profile update first (so a profile that
     * cannot be written stops the live change before it is made), writes it after, and tells NM.
     * The live change and the profile writes are one {@link Transaction}: if a profile cannot be
     * written after all (a full disk), or the process dies between them, the live change is
     * undone too (by the next bondctl run, after a crash): both happen or neither.
     */
    void run(BaseCommand c, Consumer<Persist> stage, Runnable live) {
        if (!persist) {
            live.run();
            return;
        }
        Persist p = new Persist(ProfileStore.open(root, format));
        stage.accept(p);
        List<Path> written;
        boolean made = false;
        try (Transaction t = Transaction.begin(c.spec.qualifiedName(" ").replaceFirst("^bondctl ", "") + " --persist",
                n -> c.err().println("bondctl: note: " + n))) {
            live.run();
            made = true;
            written = p.commit();
            t.commit();
        } catch (BondctlException e) {
            if (made) {
                throw new BondctlException(e.kind(), e.getMessage() + "; the live change was undone: nothing changed", e);
            }
            throw e;
        }
        report(c, written, root);
    }

    /** With --persist, writes the profile update (no live change: profile save). */
    void after(BaseCommand c, Consumer<Persist> update) {
        run(c, update, () -> {});
    }

    static void report(BaseCommand c, List<Path> written, Path root) {
        for (Path f : written) {
            c.err().println("bondctl: profile " + f + (java.nio.file.Files.exists(f) ? " written" : " deleted"));
        }
        if (written.isEmpty() || !NmReload.running(root)) {
            return;
        }
        for (NmReload.Loaded l : NmReload.load(written)) {
            boolean exists = java.nio.file.Files.exists(l.file());
            if (!exists) {
                c.err().println("bondctl: NetworkManager " + (l.accepted() ? "still lists " + l.file() : "forgot " + l.file()));
            } else if (l.accepted()) {
                c.err().println("bondctl: NetworkManager loaded " + l.file() + " as '" + l.name() + "'");
            } else {
                c.err().println("bondctl: warning: NetworkManager did not accept " + l.file() + " (see its log)");
            }
        }
    }

}
