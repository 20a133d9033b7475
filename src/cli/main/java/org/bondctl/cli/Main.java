package org.bondctl.cli;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bondctl.error.BondctlException;
import picocli.CommandLine;

/**
 * bondctl's entry point. Exit codes (README "Exit codes"): 0 success, 1 the kernel refused,
 * 2 invalid input, 3 not found, 4 exists or conflicting state, 5 permission (CAP_NET_ADMIN),
 * 6 unavailable (no bonding driver, no netlink), 70 internal error.
 */
public final class Main {
    /**
     * Every subcommand, in the order help lists them. picocli builds a command's model by
     * reflection, which is most of a short run's start-up; so a command line gets the model of
     * the command it names only, and every model only when it names none (help, typos).
     * Keys are the commands' {@code @Command} names (CliHelpTest checks).
     */
    static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        // No bondctl option is a date, time or JDBC type: spare picocli from loading and
        // initialising those classes (java.time's formatters, java.sql) for its converters.
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", "java\\.time\\..*,java\\.sql\\..*");
        }
        COMMANDS.put("add", AddCommand::new);
        COMMANDS.put("set", SetCommand::new);
        COMMANDS.put("enslave", EnslaveCommand::new);
        COMMANDS.put("release", ReleaseCommand::new);
        COMMANDS.put("del", DelCommand::new);
        COMMANDS.put("up", UpCommand::new);
        COMMANDS.put("down", DownCommand::new);
        COMMANDS.put("addr", AddrCommand::new);
        COMMANDS.put("route", RouteCommand::new);
        COMMANDS.put("rule", RuleCommand::new);
        COMMANDS.put("vlan", VlanCommand::new);
        COMMANDS.put("mtu", MtuCommand::new);
        COMMANDS.put("dns", DnsCommand::new);
        COMMANDS.put("port", PortCommand::new);
        COMMANDS.put("show", ShowCommand::new);
        COMMANDS.put("options", OptionsCommand::new);
        COMMANDS.put("lab", LabCommand::new);
        COMMANDS.put("monitor", MonitorCommand::new);
        COMMANDS.put("profile", ProfileCommand::new);
        COMMANDS.put("apply", ApplyCommand::new);
        COMMANDS.put("diff", DiffCommand::new);
        COMMANDS.put("confirm", ConfirmCommand::new);
        COMMANDS.put("rollback-pending", RollbackPendingCommand::new);
        COMMANDS.put("batch", BatchCommand::new);
        COMMANDS.put("nmcli", NmcliCommand::new);
    }

    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        // installed (or linked) as "nmcli": the launcher passes the name it was started by
        String argv0 = System.getProperty("bondctl.argv0", "");
        if (argv0.equals("nmcli") || argv0.endsWith("/nmcli")) {
            List<String> all = new java.util.ArrayList<>(List.of("nmcli"));
            all.addAll(List.of(args));
            args = all.toArray(String[]::new);
        }
        int rc = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(rc);
    }

    /** Runs one command line with the given streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        String name = commandName(args);
        try {
            recover(err, name);
            if ("nmcli".equals(name)) {
                return NmcliCommand.run(out, err, args);
            }
            CommandLine cl = commandLine(out, err, name == null ? List.of() : List.of(name));
            return cl.execute(args);
        } finally {
            org.bondctl.plan.ChangeLock.release();
        }
    }

    /**
     * Before anything else, a bondctl that may change the network puts back what an interrupted
     * bondctl left half-made, and rolls back an unconfirmed change whose time is up: "the old
     * state or the new one, after the next run at the latest". Costs one directory look when
     * there is nothing to do. The rollback timer and confirm do their own.
     */
    private static void recover(PrintWriter err, String name) {
        java.nio.file.Path dir = org.bondctl.plan.Journal.dir();
        if ("rollback-pending".equals(name) || "confirm".equals(name) || !java.nio.file.Files.isDirectory(dir)
                || !BaseCommand.netAdmin()) {
            return;
        }
        try {
            org.bondctl.plan.Recovery.run(dir, n -> err.println("bondctl: note: " + n));
        } catch (RuntimeException e) {
            err.println("bondctl: note: recovery of an interrupted change failed: " + e.getMessage());
        }
    }

    /**
     * The subcommand a command line names, if it is one of ours; null when it names none, or
     * when something before it needs the full model (help, version, an unknown word or option,
     * "--", an @argument-file). Before the name only the global options may stand.
     */
    static String commandName(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--netns")) {
                i++;
            } else if (a.startsWith("--netns=") || a.equals("--json") || a.equals("-v") || a.equals("--verbose")) {
                continue;
            } else {
                return COMMANDS.containsKey(a) ? a : null;
            }
        }
        return null;
    }

    /** The root command with the named subcommands (all of them when names is empty). */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Collection<String> names) {
        // Subcommands before the settings below: picocli applies them to the subcommands it has.
        CommandLine cl = CommandModels.get().commandLine(names);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            boolean verbose = verbose(parse);
            if (ex instanceof BondctlException be) {
                line.getErr().println("bondctl: " + oneLine(be.getMessage()));
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
            c.getErr().println("bondctl: " + oneLine(ex.getMessage()));
            // "Did you mean: bondctl show?" for a mistyped command (the word got the full model,
            // see commandName), "Possible solutions: --json" for a mistyped option.
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return BondctlException.Kind.INVALID.exitCode;
        });
        return cl;
    }

    /** Every error is one line: a newline or other control character a user typed (in a name) is shown as '?'. */
    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\p{Cntrl}", "?");
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
