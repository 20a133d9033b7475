package org.bondctl.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bondctl.nmcli.Nmcli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code bondctl [--netns NS] nmcli [--bondctl-root DIR] [--bondctl-resolv-conf PATH] ARGS...}:
 * nmcli's own grammar, not picocli's, so Main hands the words over as they are. The picocli
 * class is here for help and the command list only.
 */
@Command(name = "nmcli", description = {"Run nmcli command lines without NetworkManager.",
    "It takes connection show, up, down, add, modify, clone, delete, reload and load; device status, show, connect,"
    + " disconnect, reapply, modify and set; general status, hostname and permissions; networking [on|off|connectivity].",
    "Global options: -t -g -f -m -p -o -e -w.",
    "Bond, bond port, bridge, bridge port, VLAN and plain ethernet profiles, where NetworkManager keeps them; 'up' reaches"
    + " the profile's state through bondctl's plan.",
    "Refuses to run where NetworkManager runs. --bondctl-root DIR and --bondctl-resolv-conf PATH (right after 'nmcli') move"
    + " the profiles and resolv.conf, for image builds and tests."})
final class NmcliCommand extends BaseCommand {
    @Parameters(paramLabel = "ARGS", arity = "0..*", description = "nmcli's arguments, as written for nmcli.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> all = new ArrayList<>(List.of("nmcli"));
        all.addAll(args);
        return run(out(), err(), all.toArray(String[]::new));
    }

    /** The whole bondctl command line, "nmcli" among it. */
    static int run(PrintWriter out, PrintWriter err, String... argv) {
        String netns = null;
        int i = 0;
        for (; i < argv.length && !argv[i].equals("nmcli"); i++) {
            if (argv[i].equals("--netns") && i + 1 < argv.length) {
                netns = argv[++i];
            } else if (argv[i].startsWith("--netns=")) {
                netns = argv[i].substring(8);
            }
        }
        List<String> rest = new ArrayList<>(List.of(argv).subList(Math.min(i + 1, argv.length), argv.length));
        Nmcli.Env env = Nmcli.Env.system(netns);
        while (!rest.isEmpty() && rest.get(0).startsWith("--bondctl-") && rest.size() >= 2) {
            String opt = rest.remove(0);
            String val = rest.remove(0);
            env = switch (opt) {
                case "--bondctl-root" -> new Nmcli.Env(Path.of(val), env.resolvConf(), env.netns());
                case "--bondctl-resolv-conf" -> new Nmcli.Env(env.root(), Path.of(val), env.netns());
                default -> {
                    err.println("Error: unknown option " + opt + " (bondctl nmcli takes --bondctl-root and --bondctl-resolv-conf)");
                    yield null;
                }
            };
            if (env == null) {
                return 2;
            }
        }
        int rc = Nmcli.run(rest, out, err, env);
        out.flush();
        err.flush();
        return rc;
    }
}
