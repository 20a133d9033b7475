package org.bondctl.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The effective uid, from /proc/self/status (no native call needed for one number). */
public final class Privilege {
    private static int euid = -2;

    private Privilege() {}

    public static synchronized int euid() {
        if (euid == -2) {
            euid = -1;
            try {
                for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (l.startsWith("Uid:")) {
                        euid = Integer.parseInt(l.substring(4).strip().split("\\s+")[1]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                euid = -1;
            }
        }
        return euid;
    }
}
