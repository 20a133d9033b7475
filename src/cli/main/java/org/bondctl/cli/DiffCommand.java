package org.bondctl.cli;

import java.util.List;
import org.bondctl.plan.Bonds;
import org.bondctl.plan.Change;
import org.bondctl.profile.Applier;
import org.bondctl.profile.ProfileSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "diff", description = {"Print the plan 'apply' would run, step by step.",
    "Compares after the kernel's own rounding; lists the keys of the profiles that bondctl does not apply (--strict refuses them).",
    "Changes nothing; needs no privileges."})
final class DiffCommand extends BaseCommand {
    @Mixin
    ProfileArgs profiles;

    @Option(names = "--exit-code", description = "Exit 1 when there are differences, 0 when none (as git diff does).")
    boolean exitCode;

    @Override
    public Integer call() {
        ProfileSet set = profiles.load(this);
        try (Bonds b = bonds()) {
            List<Change> changes = new Applier(b, profiles.resolvConf, n -> err().println("bondctl: note: " + n)).diff(set);
            if (global().json) {
                out().println(Json.write(changes.stream().map(ApplyCommand::json).toList()));
            } else if (changes.isEmpty()) {
                out().println("no differences: the kernel matches the profiles");
            } else {
                changes.forEach(c -> out().println(c));
            }
            return exitCode && !changes.isEmpty() ? 1 : 0;
        }
    }
}
