package org.bondctl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bondctl.plan.Bonds;
import org.bondctl.error.BondctlException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand shares: global options, output streams, privilege check. */
abstract class BaseCommand implements Callable<Integer> {
    /** CAP_NET_ADMIN (include/uapi/linux/capability.h). */
    private static final int CAP_NET_ADMIN = 12;

    @Spec
    CommandSpec spec;


    /** The root command's options (inherited: they may stand before or after the command). */
    GlobalOptions global() {
        return ((BondctlCommand) spec.root().userObject()).global;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Bonds bonds() {
        Bonds b = Bonds.open(global().netns);
        b.onNotice(n -> err().println("bondctl: note: " + n));
        return b;
    }

    /** Whether this process has CAP_NET_ADMIN: read once (a batch asks on every line). */
    private static Boolean netAdmin;

    /** Fails early, with the reason, when the process lacks CAP_NET_ADMIN. */
    static void requireNetAdmin(String operation) {
        if (netAdmin == null) {
            netAdmin = hasCapability(CAP_NET_ADMIN);
        }
        if (!netAdmin) {
            throw new BondctlException(BondctlException.Kind.PERMISSION,
                    operation + ": needs CAP_NET_ADMIN (run as root, or grant the capability)");
        }
    }

    /**
     * Starts a change: CAP_NET_ADMIN is checked, and the change lock taken (held to the end of
     * the command), so that no other bondctl change interleaves with this one's checks and steps.
     */
    void beginChange(String operation) {
        requireNetAdmin(operation);
        org.bondctl.plan.ChangeLock.acquire(org.bondctl.plan.Journal.dir(), n -> err().println("bondctl: note: " + n));
    }

    /** A change: {@link #beginChange}, then {@code change} with the library, closed after; exit 0. */
    int change(String operation, java.util.function.Consumer<Bonds> change) {
        beginChange(operation);
        try (Bonds b = bonds()) {
            change.accept(b);
        }
        return 0;
    }

    /** Whether this process may change the network (and so recover interrupted changes). */
    static boolean netAdmin() {
        if (netAdmin == null) {
            netAdmin = hasCapability(CAP_NET_ADMIN);
        }
        return netAdmin;
    }

    static boolean hasCapability(int cap) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long eff = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    return (eff & (1L << cap)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return true; // cannot tell: let the kernel decide and report
        }
        return true;
    }
}
