package org.bondctl.cli;

import java.util.List;
import org.bondctl.bond.Bonds;
import org.bondctl.profile.Applier;
import org.bondctl.profile.ProfileSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "diff", description = {"Print what 'apply' would change, option by option.",
    "Compares after the kernel's own rounding. Changes nothing; needs no privileges."})
final class DiffCommand extends BaseCommand {
    @Mixin
    ProfileArgs profiles;

    @Override
    public Integer call() {
        ProfileSet set = profiles.load();
        set.notices().forEach(n -> err().println("bondctl: note: " + n));
        try (Bonds b = bonds()) {
            List<Applier.Change> changes = new Applier(b, profiles.resolvConf, n -> err().println("bondctl: note: " + n)).diff(set);
            if (global().json) {
                out().println(Json.write(changes.stream().map(ApplyCommand::json).toList()));
            } else if (changes.isEmpty()) {
                out().println("no differences: the kernel matches the profiles");
            } else {
                changes.forEach(c -> out().println(c));
            }
        }
        return 0;
    }
}
