package org.bondctl.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether NetworkManager would manage a device, from what NM itself reads: the
 * {@code unmanaged-devices} of NetworkManager.conf's [keyfile] section ({@link NmConf}), and
 * the {@code NM_UNMANAGED} property udev gives the device (its database,
 * /run/udev/data/n&lt;ifindex&gt;; Debian's rules set it for veths, a distribution's or the
 * administrator's rules may clear it). Where udev has no entry for the device (no udevd, a
 * minimal image), the caller's own rule decides.
 */
public final class NmManaged {
    private final String unmanagedDevices;
    private final Path udevData;

    private NmManaged(Path root) {
        this.unmanagedDevices = NmConf.of(root).value("keyfile", "unmanaged-devices");
        this.udevData = root.resolve("run/udev/data");
    }

    /** NetworkManager's configuration and udev's database below {@code root} ("/" for this system). */
    public static NmManaged of(Path root) {
        return new NmManaged(root);
    }

    /** What NetworkManager.conf and udev say of a device. */
    public enum Verdict {
        /** udev manages it (an entry without NM_UNMANAGED=1). */
        MANAGED,
        /**
         * udev's NM_UNMANAGED=1: NM neither autoconnects nor touches it, but an administrator's
         * activation overrules that (NM_UNMANAGED_USER_UDEV; seen in NM 1.42: 'connection up'
         * works, and the device stays managed afterwards).
         */
        UDEV_UNMANAGED,
        /** NetworkManager.conf's unmanaged-devices matches it: nothing activates it ("strictly unmanaged"). */
        STRICTLY_UNMANAGED,
        /** Neither says (no udev entry: no udevd, a minimal image, a device not made yet). */
        UNKNOWN
    }

    /**
     * NM.conf's and udev's word on a device: one that unmanaged-devices matches is strictly
     * unmanaged; else udev's NM_UNMANAGED=1 makes it unmanaged, and a udev entry without it (or
     * with 0) managed. {@code ifindex} 0: a device not made yet, which has no udev entry.
     */
    public Verdict verdict(int ifindex, String name, String mac) {
        if (unmanagedDevices != null && matches(unmanagedDevices, name, mac)) {
            return Verdict.STRICTLY_UNMANAGED;
        }
        Path f = udevData.resolve("n" + ifindex);
        if (ifindex <= 0 || !Files.isRegularFile(f)) {
            return Verdict.UNKNOWN;
        }
        try {
            for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (l.startsWith("E:NM_UNMANAGED=")) {
                    return l.substring("E:NM_UNMANAGED=".length()).strip().equals("1") ? Verdict.UDEV_UNMANAGED
                            : Verdict.MANAGED;
                }
            }
            return Verdict.MANAGED;
        } catch (IOException e) {
            return Verdict.UNKNOWN;
        }
    }

    /**
     * Whether a device-spec list (NetworkManager.conf(5), "Device List Format") matches the
     * device: entries separated by ',' or ';', {@code interface-name:} with a glob ({@code =}
     * for a plain name, {@code ~} for a glob), {@code mac:}, and {@code except:} before either.
     * An except entry that matches rules the device out; else any plain entry that matches takes
     * it; else a list that had except entries takes it. Other kinds (type:, driver:, s390-subchannels:)
     * match nothing here.
     */
    static boolean matches(String specs, String name, String mac) {
        boolean hasExcept = false;
        boolean matched = false;
        for (String raw : specs.split("[,;]")) {
            String spec = raw.strip();
            if (spec.isEmpty()) {
                continue;
            }
            boolean except = spec.startsWith("except:");
            if (except) {
                spec = spec.substring("except:".length());
                hasExcept = true;
            }
            boolean hit = matchesOne(spec, name, mac);
            if (hit && except) {
                return false;
            }
            matched |= hit && !except;
        }
        return matched || hasExcept;
    }

    private static boolean matchesOne(String spec, String name, String mac) {
        if (spec.equals("*")) {
            return true;
        }
        if (spec.startsWith("interface-name:")) {
            String p = spec.substring("interface-name:".length());
            if (p.startsWith("=")) {
                return p.substring(1).equals(name);
            }
            return glob(p.startsWith("~") ? p.substring(1) : p, name);
        }
        if (spec.startsWith("mac:")) {
            return mac != null && spec.substring(4).strip().toLowerCase(Locale.ROOT).equals(mac.toLowerCase(Locale.ROOT));
        }
        return false;
    }

    /** A shell glob ('*', '?', '[...]') against the whole name. */
    private static boolean glob(String pattern, String name) {
        return java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + pattern).matches(Path.of(name));
    }
}
