package org.bondctl.profile;

import java.nio.file.Path;

/** A NetworkManager settings plugin's on-disk format: keyfile or ifcfg-rh. */
public interface ProfileFormat {
    /** "keyfile" or "ifcfg-rh". */
    String name();

    /** The profile directory below the root: etc/NetworkManager/system-connections, ... */
    Path directory(Path root);

    /** Whether NM's plugin would read this file as a profile. */
    boolean isProfileFile(Path file);

    /** The file name NM would give a new profile. */
    String fileName(Profile p);

    /** Parses one file; errors are BondctlException INVALID naming FILE:LINE. */
    Profile read(Path file, String text);

    /**
     * Renders a profile. When it came from a file of this format, its other keys, sections,
     * comments and order are kept; only the keys bondctl manages change.
     */
    String write(Profile p);

    /**
     * Files that belong with the profile written to {@code target} (ifcfg-rh's route-NAME and
     * route6-NAME), with their content; null content: the file must not exist.
     */
    default java.util.Map<Path, String> companions(Profile p, Path target) {
        return java.util.Map.of();
    }

    static ProfileFormat byName(String name) {
        return switch (name) {
            case "keyfile" -> KeyfileFormat.INSTANCE;
            case "ifcfg", "ifcfg-rh" -> IfcfgFormat.INSTANCE;
            default -> throw org.bondctl.error.BondctlException.invalid("profile format '" + name
                    + "': use keyfile or ifcfg");
        };
    }
}
