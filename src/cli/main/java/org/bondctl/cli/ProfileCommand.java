package org.bondctl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.dns.ResolvConf;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.Bonds;
import org.bondctl.profile.Profile;
import org.bondctl.profile.ProfileStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "profile", description = "NetworkManager-compatible profiles: save, list, delete.",
        subcommands = {ProfileCommand.Save.class, ProfileCommand.ListProfiles.class, ProfileCommand.Delete.class})
final class ProfileCommand {

    @Command(name = "save", description = {"Write the profiles of a live bond.",
        "The bond's profile (options, MTU, addresses, routes and typed routes, route table, the policy routing rules that"
            + " belong to it, DNS when resolv.conf records it), one port profile per port, and a profile per VLAN on it.",
        "A rule belongs to an interface when its profile lists it, it names the interface (iif, oif), its source prefix holds"
            + " one of the interface's addresses, or it looks up a table only this interface has routes in.",
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

    @Command(name = "list", description = {"List the profiles below --root of both formats: name, type, interface, file.",
        "Equivalent to: nmcli -f NAME,TYPE,DEVICE,FILENAME connection show"})
    static final class ListProfiles extends BaseCommand {
        @Option(names = "--root", paramLabel = "DIR", description = "Read the system's profile directories below DIR.")
        Path root = Path.of("/");

        @Override
        public Integer call() {
            List<Object> json = new ArrayList<>();
            for (Profile p : ProfileStore.loadSystem(root)) {
                String type = p.type() == Profile.Type.OTHER ? String.valueOf(p.connectionType()).toLowerCase()
                        : p.type().name().toLowerCase();
                if (global().json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", p.id());
                    m.put("uuid", p.uuid());
                    m.put("type", type);
                    m.put("interface", p.ifname());
                    m.put("master", p.master());
                    m.put("format", p.format().name());
                    m.put("file", p.file().toString());
                    json.add(m);
                } else {
                    out().println(p.id() + " " + type + " " + (p.ifname() == null ? "-" : p.ifname()) + " " + p.file());
                }
            }
            if (global().json) {
                out().println(Json.write(json));
            }
            return 0;
        }
    }

    @Command(name = "delete", description = {"Delete a profile by name, interface or UUID (and the files that belong with it).",
        "The live interfaces are left as they are. Equivalent to: nmcli connection delete NAME (without deactivating)"})
    static final class Delete extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--root", paramLabel = "DIR", description = "Profiles below DIR instead of /.")
        Path root = Path.of("/");

        @Override
        public Integer call() {
            List<Profile> match = ProfileStore.loadSystem(root).stream().filter(p -> p.isNamedBy(name)).toList();
            if (match.isEmpty()) {
                throw BondctlException.notFound("profile delete " + name + ": no profile has that name, interface or uuid");
            }
            if (match.size() > 1) {
                throw BondctlException.conflict("profile delete " + name + ": " + match.size() + " profiles match ("
                        + String.join(", ", match.stream().map(p -> p.file().toString()).toList()) + "); name one by uuid");
            }
            Profile p = match.get(0);
            new ProfileStore(root, p.format()).delete(p);
            PersistArgs.report(this, List.of(p.file()), root);
            return 0;
        }
    }
}
