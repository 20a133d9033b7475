package org.bondctl.nmcli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.bondctl.fs.PrivateFile;
import org.bondctl.plan.Journal;

/**
 * The profiles whose autoconnect the administrator blocked by taking them down ({@code
 * connection down}, {@code device disconnect}), as NetworkManager blocks them until the next
 * {@code connection up} or its own restart: one UUID a line in the state directory
 * (/run/bondctl, gone at reboot as NM's runtime state is). Only for the system's own profiles.
 */
final class Blocked {
    private final Path file;
    private final Set<String> uuids = new LinkedHashSet<>();

    private Blocked(Path file) {
        this.file = file;
        byte[] b = PrivateFile.read(file);
        if (b != null) {
            new String(b, StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(uuids::add);
        }
    }

    static Blocked load() {
        return new Blocked(Journal.dir().resolve("nmcli-autoconnect-blocked"));
    }

    boolean has(String uuid) {
        return uuids.contains(uuid);
    }

    void block(String uuid) {
        if (uuids.add(uuid)) {
            save();
        }
    }

    void unblock(String uuid) {
        if (uuids.remove(uuid)) {
            save();
        }
    }

    private void save() {
        StringBuilder sb = new StringBuilder();
        uuids.forEach(u -> sb.append(u).append('\n'));
        PrivateFile.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
