package org.bondctl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.plan.Bonds;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.Change;
import org.bondctl.profile.Applier;
import org.bondctl.profile.PendingConfirm;
import org.bondctl.profile.ProfileSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "apply", description = {"Reach the state of NetworkManager profiles (keyfile, ifcfg-rh) without NetworkManager.",
    "Bonds, options, ports, VLANs, MTU, IPv4 and IPv6 addresses, routes and DNS: the plan 'diff' prints, run step by step.",
    "Changes only what differs, in place when the kernel allows it; a failed step undoes the steps before it. Idempotent."})
final class ApplyCommand extends BaseCommand {
    @Mixin
    ProfileArgs profiles;

    @Option(names = "--confirm-timeout", paramLabel = "SECONDS",
            description = "Roll back after SECONDS unless 'bondctl confirm' arrives first (for changes over the link being changed).")
    Long confirmTimeout;

    @Option(names = "--state-dir", hidden = true)
    Path stateDir = PendingConfirm.DEFAULT_STATE;

    @Override
    public Integer call() {
        ProfileSet set = profiles.load(this);
        if (confirmTimeout != null && confirmTimeout <= 0) {
            throw BondctlException.invalid("--confirm-timeout: must be at least 1 second");
        }
        requireNetAdmin("apply");
        if (org.bondctl.profile.NmReload.running(java.nio.file.Path.of("/"))) {
            err().println("bondctl: note: NetworkManager is running and manages these profiles itself;"
                    + " 'nmcli connection up' would apply them through NM (with a carrier outage)");
        }
        try (Bonds b = bonds()) {
            Applier a = new Applier(b, profiles.resolvConf, n -> err().println("bondctl: note: " + n));
            PendingConfirm pending = new PendingConfirm(stateDir);
            if (confirmTimeout != null && pending.isPending()) {
                throw BondctlException.conflict("apply: a change is waiting for confirmation; run 'bondctl confirm'"
                        + " or wait " + pending.secondsLeft() + " s for its rollback");
            }
            Applier.Applied applied = a.apply(set);
            List<Change> changes = applied.changes();
            if (global().json) {
                out().println(Json.write(changes.stream().map(ApplyCommand::json).toList()));
            } else if (changes.isEmpty()) {
                out().println("nothing to change: the kernel matches the profiles");
            } else {
                changes.forEach(c -> out().println(c));
                out().println("applied " + changes.size() + " change" + (changes.size() == 1 ? "" : "s"));
            }
            if (confirmTimeout != null && !changes.isEmpty()) {
                List<String> args = new ArrayList<>();
                if (global().netns != null) {
                    args.add("--netns");
                    args.add(global().netns);
                }
                pending.start(applied.undo(), confirmTimeout, args);
                err().println("bondctl: run 'bondctl confirm' within " + confirmTimeout
                        + " s to keep this change; otherwise it is rolled back");
            }
        }
        return 0;
    }

    static Map<String, Object> json(Change c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", c.object());
        m.put("change", c.what());
        m.put("from", c.from());
        m.put("to", c.to());
        m.put("note", c.note());
        return m;
    }
}
