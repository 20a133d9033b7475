package org.bondctl.cli;

import java.io.PrintWriter;
import org.bondctl.error.BondctlException;
import picocli.CommandLine;

/**
 * bondctl's entry point. Exit codes (README "Exit codes"): 0 success, 1 the kernel refused,
 * 2 invalid input, 3 not found, 4 exists or conflicting state, 5 permission (CAP_NET_ADMIN),
 * 6 unavailable (no bonding driver, no netlink), 70 internal error.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int rc = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(rc);
    }

    /** Runs one command line with the given streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(out, err);
        return cl.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new BondctlCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            boolean verbose = verbose(parse);
            if (ex instanceof BondctlException be) {
                line.getErr().println("bondctl: " + be.getMessage());
                if (verbose) {
                    ex.printStackTrace(line.getErr());
                }
                return be.kind().exitCode;
            }
            line.getErr().println("bondctl: internal error: " + ex);
            if (verbose) {
                ex.printStackTrace(line.getErr());
            } else {
                line.getErr().println("bondctl: run with --verbose for the stack trace");
            }
            return BondctlException.Kind.INTERNAL.exitCode;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("bondctl: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return BondctlException.Kind.INVALID.exitCode;
        });
        return cl;
    }

    private static boolean verbose(CommandLine.ParseResult parse) {
        CommandLine.ParseResult p = parse;
        while (p != null) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
            p = p.subcommand();
        }
        return false;
    }
}
