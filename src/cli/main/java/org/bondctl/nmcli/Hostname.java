package org.bondctl.nmcli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bondctl.error.BondctlException;
import org.bondctl.fs.PrivateFile;
import org.bondctl.fs.RootPath;
import org.bondctl.plan.Executor;
import org.bondctl.plan.Journal;
import org.bondctl.plan.Plan;
import org.bondctl.plan.Step;
import org.bondctl.rtnl.Rtnetlink;

/**
 * {@code general hostname [NAME]}, as NetworkManager 1.42 without systemd-hostnamed does it
 * (seen in the test bed, line by line). NAME and a newline are written to /etc/hostname (under
 * the root; a symbolic link there followed; mode 0644), and, for the system's own tree, the
 * kernel's host name is set to it, as NM's policy sets the static one: one journaled change, so
 * a crash leaves both as before or both as after. NAME is checked as NM checks it; "" clears
 * the static name (an empty file). A name NM saves but does not give the kernel (an '_', a label
 * that starts or ends with '-': systemd's rules) leaves the kernel's name as it is; "" puts back
 * the kernel's name from before bondctl nmcli first set one, as NM puts back the one it found.
 * (NM, a daemon, also follows a hand edit of /etc/hostname into the kernel; bondctl does not.)
 */
final class Hostname {
    /** What the kernel's name was before bondctl nmcli first set it: gone at reboot, as NM's memory is. */
    private static final String ORIGINAL = "nmcli-hostname-original";
    private static final Path KERNEL = Path.of("/proc/sys/kernel/hostname");

    private Hostname() {}

    /**
     * The name {@code general hostname} prints, as NM 1.42 does: the static one, /etc/hostname
     * under the root, read as hostname(5) and systemd-hostnamed read it (its first line that is
     * not a comment, stripped); empty when there is none, whatever the kernel's is.
     */
    static String staticName(Path root) {
        try {
            Path f = RootPath.resolve(root, "etc/hostname");
            return !Files.isRegularFile(f) ? "" : Files.readString(f).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst().orElse("");
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** {@code general hostname NAME}: see the class. */
    static void set(Nmcli.Env env, String name) {
        if (!name.isEmpty() && !staticValid(name)) {
            throw new NmcliException(NmcliException.FAILED,
                    "failed to set hostname: The hostname was too long or contained invalid characters");
        }
        Path file = RootPath.resolve(env.root(), "etc/hostname");
        byte[] before = PrivateFile.read(file);
        byte[] after = (name.isEmpty() ? "" : name + "\n").getBytes(StandardCharsets.US_ASCII);
        List<Step> steps = new ArrayList<>();
        if (!Arrays.equals(before, after)) {
            steps.add(new Step.WriteFile(file, after, before));
        }
        if (env.systemRoot()) {
            Path originalFile = Journal.dir().resolve(ORIGINAL);
            byte[] original = PrivateFile.read(originalFile);
            String kernel = kernelName();
            String target = name.isEmpty() ? original == null ? null : new String(original, StandardCharsets.UTF_8).strip()
                    : kernelValid(name) ? name : null;
            if (target != null && !target.isEmpty() && !kernel.equals(target)) {
                steps.add(new Step.SetHostname(target, kernel));
                if (original == null) {
                    steps.add(new Step.WriteStateFile(originalFile, (kernel + "\n").getBytes(StandardCharsets.UTF_8), null));
                }
            }
        }
        if (!steps.isEmpty()) {
            try (Rtnetlink rtnl = Rtnetlink.open(env.netns())) { // the executor's; these steps send nothing
                new Executor(rtnl, n -> { }).journaled(Journal.dir()).execute(new Plan(steps, List.of()));
            }
        }
    }

    /** NetworkManager's check of a host name it is asked to save (nm-settings.c); "" aside. */
    static boolean staticValid(String name) {
        return labels(name, true, false);
    }

    /** systemd's hostname_is_valid(), which a name must pass for NM to set it in the kernel. */
    static boolean kernelValid(String name) {
        return labels(name, false, true);
    }

    /**
     * At most 64 characters: labels of ASCII letters, digits and '-' (with {@code strictHyphens},
     * not at a label's start or end), and '_' with {@code underscore}; one dot between two
     * labels, none at the start or end.
     */
    private static boolean labels(String name, boolean underscore, boolean strictHyphens) {
        if (name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || strictHyphens && (label.startsWith("-") || label.endsWith("-"))) {
                return false;
            }
            for (char c : label.toCharArray()) {
                if (!(c < 128 && Character.isLetterOrDigit(c) || c == '-' || underscore && c == '_')) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String kernelName() {
        try {
            return Files.readString(KERNEL).strip();
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.FILE, "read the host name: " + e.getMessage());
        }
    }
}
