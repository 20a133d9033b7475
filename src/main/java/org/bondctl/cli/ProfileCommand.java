package org.bondctl.cli;

import java.nio.file.Path;
import org.bondctl.bond.Bonds;
import org.bondctl.dns.ResolvConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "profile", description = "NetworkManager-compatible profiles.", subcommands = ProfileCommand.Save.class)
final class ProfileCommand {

    @Command(name = "save", description = {"Write the profiles of a live bond.",
        "The bond's profile (options, IPv4 addresses, gateway, DNS when resolv.conf records it) and one port profile per port.",
        "Equivalent to the nmcli connection add steps that build the same bond."})
    static final class Save extends BaseCommand {
        @Parameters(index = "0", paramLabel = "BOND")
        String bond;

        @Option(names = "--format", paramLabel = "keyfile|ifcfg", description = "Profile format (default: detected).")
        String format;

        @Option(names = "--root", paramLabel = "DIR", description = "Write below DIR instead of /.")
        Path root = Path.of("/");

        @Option(names = "--resolv-conf", paramLabel = "PATH", description = "Where DNS is read from (default /etc/resolv.conf).")
        Path resolvConf = ResolvConf.DEFAULT;

        @Override
        public Integer call() {
            PersistArgs p = new PersistArgs();
            p.persist = true;
            p.format = format;
            p.root = root;
            try (Bonds b = bonds()) {
                p.after(this, persist -> persist.saveLive(b, bond, resolvConf));
            }
            return 0;
        }
    }
}
