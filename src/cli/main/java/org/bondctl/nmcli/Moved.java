package org.bondctl.nmcli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bondctl.fs.PrivateFile;
import org.bondctl.plan.Journal;

/**
 * Bond profiles whose interface-name changed while they were active: the device they are
 * active on until their next activation, as NetworkManager keeps an active connection on its
 * device when the profile is modified. {@code connection up} then renames that bond instead of
 * making a second one beside it, and {@code connection down} takes down that one. One "UUID
 * IFNAME" a line in the state directory (/run/bondctl, gone at reboot as NM's runtime state is).
 * Only for the system's own profiles.
 */
final class Moved {
    private final Path file;
    private final Map<String, String> devices = new LinkedHashMap<>();

    private Moved(Path file) {
        this.file = file;
        byte[] b = PrivateFile.read(file);
        if (b != null) {
            new String(b, StandardCharsets.UTF_8).lines().map(l -> l.strip().split("\\s+"))
                    .filter(f -> f.length == 2).forEach(f -> devices.put(f[0], f[1]));
        }
    }

    static Moved load() {
        return new Moved(Journal.dir().resolve("nmcli-moved"));
    }

    /** The device the profile is still active on under its old name, or null. */
    String device(String uuid) {
        return devices.get(uuid);
    }

    /** Records the device, unless one is recorded already (a second rename before the next up). */
    void record(String uuid, String ifname) {
        if (devices.putIfAbsent(uuid, ifname) == null) {
            save();
        }
    }

    void clear(String uuid) {
        if (devices.remove(uuid) != null) {
            save();
        }
    }

    private void save() {
        StringBuilder sb = new StringBuilder();
        devices.forEach((u, d) -> sb.append(u).append(' ').append(d).append('\n'));
        PrivateFile.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
