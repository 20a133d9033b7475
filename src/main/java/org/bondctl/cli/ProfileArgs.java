package org.bondctl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bondctl.dns.ResolvConf;
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

    ProfileSet load() {
        List<Profile> profiles = paths.isEmpty() ? ProfileStore.loadSystem(root) : ProfileStore.load(paths);
        return ProfileSet.of(profiles);
    }
}
