package org.bondctl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bondctl.dns.ResolvConf;
import org.bondctl.error.BondctlException;
import org.bondctl.profile.Profile;
import org.bondctl.profile.ProfileSet;
import org.bondctl.profile.ProfileStore;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What apply and diff read: profile files or directories, or the system's directories below --root. */
final class ProfileArgs {
    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Profile files or directories (default: /etc/NetworkManager/system-connections and"
                    + " /etc/sysconfig/network-scripts below --root).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--root", paramLabel = "DIR", description = "Read the system's profile directories below DIR.")
    Path root = Path.of("/");

    @Option(names = "--resolv-conf", paramLabel = "PATH", description = "resolv.conf to manage (default /etc/resolv.conf).")
    Path resolvConf = ResolvConf.DEFAULT;

    @Option(names = "--strict", description = "Refuse (exit 2) profiles with keys bondctl does not apply, before anything changes.")
    boolean strict;

    /** The profiles, their notices and unapplied keys printed (or, with --strict, refused). */
    ProfileSet load(BaseCommand c) {
        List<Profile> profiles = paths.isEmpty() ? ProfileStore.loadSystem(root, n -> c.err().println("bondctl: note: " + n))
                : ProfileStore.load(paths);
        ProfileSet set = ProfileSet.of(profiles);
        set.notices().forEach(n -> c.err().println("bondctl: note: " + n));
        if (strict && !set.unapplied().isEmpty()) {
            throw BondctlException.invalid(set.unapplied().get(0) + (set.unapplied().size() > 1
                    ? " (and " + (set.unapplied().size() - 1) + " more key" + (set.unapplied().size() > 2 ? "s" : "")
                    + " bondctl does not apply; --strict refuses them)" : " (--strict refuses it)"));
        }
        set.unapplied().forEach(n -> c.err().println("bondctl: note: " + n));
        return set;
    }
}
