package org.bondctl.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.plan.Bonds;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.Change;
import org.bondctl.profile.Applier;
import org.bondctl.plan.Journal;
import org.bondctl.plan.Pending;
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

    /** A week: longer is surely a mistake (and overflows no clock). */
    static final long MAX_CONFIRM_TIMEOUT = 7 * 24 * 3600;

    @Option(names = "--confirm-timeout", paramLabel = "SECONDS",
            description = "Roll back after SECONDS unless 'bondctl confirm' arrives first (for changes over the link being changed).")
    String confirmTimeout;

    @Override
    public Integer call() {
        Long timeout = confirmTimeout == null ? null : timeout(confirmTimeout);
        ProfileSet set = profiles.load(this);
        if (profiles.paths.isEmpty() && !org.bondctl.nmcli.Networking.enabled(profiles.root)) {
            // the system's profiles, with networking off: NetworkManager activates none of them (at boot neither)
            err().println("bondctl: note: networking is off (NetworkingEnabled=false in "
                    + org.bondctl.fs.RootPath.resolve(profiles.root, org.bondctl.nmcli.Networking.FILE)
                    + ", 'nmcli networking off'): nothing applied, as NetworkManager applies nothing then;"
                    + " 'nmcli networking on' turns it on");
            return 0;
        }
        beginChange("apply");
        if (org.bondctl.profile.NmReload.running(java.nio.file.Path.of("/"))) {
            err().println("bondctl: note: NetworkManager is running and manages these profiles itself;"
                    + " 'nmcli connection up' would apply them through NM (with a carrier outage)");
        }
        try (Bonds b = bonds()) {
            Applier a = new Applier(b, profiles.resolvConf, n -> err().println("bondctl: note: " + n));
            if (timeout != null && Pending.current(Journal.dir()).isPresent()) {
                throw BondctlException.conflict("apply: a change is waiting for confirmation; run 'bondctl confirm'"
                        + " or wait " + Pending.secondsLeft(Journal.dir()) + " s for its rollback");
            }
            List<Change> changes;
            String pendingId = null;
            if (timeout == null) {
                changes = a.apply(set).changes();
            } else {
                Applier.Pending p = a.applyPending(set, System.currentTimeMillis() + timeout * 1000);
                changes = p.changes();
                pendingId = p.id();
            }
            if (global().json) {
                out().println(Json.write(changes.stream().map(ApplyCommand::json).toList()));
            } else if (changes.isEmpty()) {
                out().println("nothing to change: the kernel matches the profiles");
            } else {
                changes.forEach(c -> out().println(c));
                out().println("applied " + changes.size() + " change" + (changes.size() == 1 ? "" : "s"));
            }
            if (pendingId != null) {
                List<String> args = new ArrayList<>();
                if (global().netns != null) {
                    args.add("--netns");
                    args.add(global().netns);
                }
                RollbackTimer.start(pendingId, args);
                err().println("bondctl: run 'bondctl confirm' within " + timeout
                        + " s to keep this change; otherwise it is rolled back");
            }
        }
        return 0;
    }

    /** 1 second to a week, ASCII digits. */
    static long timeout(String text) {
        if (!org.bondctl.rtnl.Address.isDecimal(text, 7) || Long.parseLong(text) < 1
                || Long.parseLong(text) > MAX_CONFIRM_TIMEOUT) {
            throw BondctlException.invalid("--confirm-timeout " + text + ": seconds from 1 to " + MAX_CONFIRM_TIMEOUT
                    + " (a week)");
        }
        return Long.parseLong(text);
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
