package org.bondctl.nmcli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bondctl.dns.ResolvConf;
import org.bondctl.error.BondctlException;

/**
 * {@code bondctl nmcli ...}: nmcli's front door on a machine without NetworkManager. It takes
 * nmcli's grammar for what bondctl manages - {@code connection} (show, up, down, add, modify,
 * delete, reload, load), {@code device} (status, show), {@code general} (status, hostname),
 * {@code networking} (on, off, connectivity) - with nmcli's
 * abbreviations and output options, reads and writes the profiles where NetworkManager keeps
 * them, and reaches a profile's state on {@code up} through the typed plan. Where
 * NetworkManager runs, it runs nothing: two managers must not fight over one link.
 */
public final class Nmcli {
    /** Where profiles and resolv.conf are, and which network namespace: "/" and the current one normally. */
    public record Env(Path root, Path resolvConf, String netns) {
        public static Env system(String netns) {
            return new Env(Path.of("/"), netns == null ? ResolvConf.DEFAULT : ResolvConf.forNetns(netns), netns);
        }

        /** Whether the profiles are the system's own (root /), for the kernel here, not an image's. */
        boolean systemRoot() {
            return root.toAbsolutePath().normalize().equals(Path.of("/"));
        }
    }

    private static final List<String> OBJECTS = List.of("general", "networking", "radio", "connection", "device", "agent",
            "monitor");

    private Nmcli() {}

    /** Runs one nmcli command line; returns nmcli's exit code. */
    public static int run(List<String> args, PrintWriter out, PrintWriter err, Env env) {
        try {
            Args a = new Args(args);
            Output.Style style = globals(a);
            if (style == null) {
                out.println("nmcli tool, version 1.42.4 (bondctl nmcli: profiles and the kernel, without NetworkManager)");
                return 0;
            }
            if (networkManagerRuns() && env.systemRoot()) {
                throw new NmcliException(NmcliException.UNAVAILABLE, "NetworkManager is running: use its nmcli; bondctl nmcli"
                        + " works only where NetworkManager does not (two managers must not fight over one link)");
            }
            Output o = new Output(out, style);
            String object = a.hasNext() ? a.match(OBJECTS, "object") : "device";
            switch (object) {
                case "connection" -> new Connections(a, o, env, out, err).run();
                case "device" -> new Devices(a, o, env, out, err).run();
                case "general" -> new Devices(a, o, env, out, err).general();
                case "networking" -> new Devices(a, o, env, out, err).networking();
                default -> throw new NmcliException(NmcliException.USAGE, "bondctl nmcli handles the objects connection,"
                        + " device, general and networking; '" + object + "' is NetworkManager's alone");
            }
            out.flush();
            return 0;
        } catch (NmcliException e) {
            out.flush();
            err.println("Error: " + e.getMessage());
            return e.exit;
        } catch (BondctlException e) {
            out.flush();
            err.println("Error: " + e.getMessage());
            return e.kind() == BondctlException.Kind.NOT_FOUND ? NmcliException.NOT_FOUND
                    : e.kind() == BondctlException.Kind.INVALID ? NmcliException.USAGE : NmcliException.FAILED;
        }
    }

    /** nmcli's global options, before the object: -t -p -m -f -g -o -e -w -c -a -s -v -h. Null for --version. */
    private static Output.Style globals(Args a) {
        boolean terse = false;
        boolean pretty = false;
        boolean valuesOnly = false;
        boolean escape = true;
        boolean overview = false;
        Output.Mode mode = null;
        List<String> fields = null;
        while (a.hasNext() && a.peek().startsWith("-")) {
            String opt = a.next().replaceFirst("^--?", "");
            switch (opt) {
                case "t", "terse" -> terse = true;
                case "p", "pretty" -> pretty = true;
                case "m", "mode" -> mode = switch (a.value("--mode")) {
                    case "tabular" -> Output.Mode.TABULAR;
                    case "multiline" -> Output.Mode.MULTILINE;
                    default -> throw new NmcliException(NmcliException.USAGE, "'--mode' argument must be tabular or multiline");
                };
                case "f", "fields" -> fields = List.of(a.value("--fields").split(","));
                case "g", "get-values" -> {
                    fields = List.of(a.value("--get-values").split(","));
                    valuesOnly = true;
                }
                case "o", "overview" -> overview = true;
                case "e", "escape" -> escape = Props.bool(a.value("--escape"));
                case "w", "wait" -> a.value("--wait"); // there is no daemon to wait for
                case "c", "colors" -> a.value("--colors");
                case "a", "ask", "s", "show-secrets" -> { }
                case "v", "version" -> {
                    return null;
                }
                case "h", "help" -> throw new NmcliException(NmcliException.USAGE, "bondctl nmcli has no help of its own:"
                        + " see nmcli(1); it takes the connection, device and general commands for bond, ethernet and VLAN profiles");
                default -> throw new NmcliException(NmcliException.USAGE, "Option '-" + opt + "' is unknown, try 'nmcli -help'.");
            }
        }
        if (terse && pretty) {
            throw new NmcliException(NmcliException.USAGE, "Option '--terse' is mutually exclusive with '--pretty'.");
        }
        return new Output.Style(terse, pretty, mode, fields, valuesOnly, escape, overview);
    }

    /** Whether a NetworkManager process runs here (by /proc, not by nmcli: this may be installed as nmcli). */
    static boolean networkManagerRuns() {
        if (!Files.isDirectory(Path.of("/run/NetworkManager"))) {
            return false;
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).anyMatch(p -> {
                try {
                    return Files.readString(p.resolve("comm")).strip().equals("NetworkManager");
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    /** The arguments after the global options, with nmcli's prefix matching of words. */
    static final class Args {
        private final List<String> words;
        private int i;

        Args(List<String> words) {
            this.words = new ArrayList<>(words);
        }

        boolean hasNext() {
            return i < words.size();
        }

        String peek() {
            return words.get(i);
        }

        String next() {
            return words.get(i++);
        }

        String value(String option) {
            if (!hasNext()) {
                throw new NmcliException(NmcliException.USAGE, "option '" + option + "' requires an argument.");
            }
            return next();
        }

        List<String> rest() {
            List<String> r = words.subList(i, words.size());
            i = words.size();
            return r;
        }

        /** The first of {@code choices} the next word is a prefix of, as nmcli matches commands. */
        String match(List<String> choices, String what) {
            String w = next();
            for (String c : choices) {
                if (!w.isEmpty() && c.startsWith(w)) {
                    return c;
                }
            }
            throw new NmcliException(NmcliException.USAGE, what.equals("object")
                    ? "Object '" + w + "' is unknown, try 'nmcli help'."
                    : "argument '" + w + "' not understood. Try passing --help instead.");
        }
    }
}
