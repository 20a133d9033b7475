package org.bondctl.nmcli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code general hostname NAME} through NetworkManager 1.42's nmcli (no systemd-hostnamed in the
 * test bed: NM writes /etc/hostname itself and its policy sets the kernel's name) and through
 * {@code bondctl nmcli}, line by line: what each prints, then the kernel's name and the file.
 * A name NM saves but systemd's rules refuse (x_y, x-) leaves the kernel's name; "" empties the
 * file and puts back the kernel's name from before the first change; extra words are ignored
 * with a warning; an invalid name is refused (exit 1). The guest's /etc and host name are put
 * back after.
 */
@Tag("kernel")
@Tag("nm")
class NmcliHostnameVsNmKernelTest {
    private static final Path FILE = Path.of("/etc/hostname");
    private static final Path KERNEL = Path.of("/proc/sys/kernel/hostname");

    private static String state() throws Exception {
        return "kernel " + Files.readString(KERNEL).strip() + " file [" + (Files.exists(FILE) ? Files.readString(FILE) : "none")
                + "]\n";
    }

    @Test
    void theHostNameIsSavedAndSetAsNetworkManagerDoesIt() throws Exception {
        byte[] file = Files.exists(FILE) ? Files.readAllBytes(FILE) : null;
        String kernel = Files.readString(KERNEL).strip();
        Path mark = org.bondctl.plan.Journal.dir().resolve("nmcli-hostname-original");
        try {
            SideBySide.compareOnSystem("nmcli-hostname-vs-nm.txt", List.of(), (side, record) -> {
                // each side starts from the guest's own name (NM's "name it found" is the one at its start)
                if (file == null) {
                    Files.deleteIfExists(FILE);
                } else {
                    Files.write(FILE, file);
                }
                Files.writeString(KERNEL, kernel);
                Files.deleteIfExists(mark);
                side.settle();
                record.put("start", state());
                List<List<String>> lines = List.of(List.of("general", "hostname"),
                        List.of("general", "hostname", "server1.example.com"),
                        List.of("general", "hostname", "x_y"),
                        List.of("general", "hostname", "good1"),
                        List.of("general", "hostname", "x-"),
                        List.of("general", "hostname", "a..b"),
                        List.of("general", "hostname", "one", "two"),
                        List.of("general", "hostname", ""),
                        List.of("general", "hostname"),
                        List.of("g", "h", "UPPER.Example"));
                for (int i = 0; i < lines.size(); i++) {
                    String key = (i + 1) + ": " + String.join(" ", lines.get(i).stream().map(w -> w.isEmpty() ? "''" : w).toList());
                    record.put(key, side.attempt(lines.get(i)));
                    side.settle();
                    record.put(key + ": then", state());
                }
            });
        } finally {
            if (file == null) {
                Files.deleteIfExists(FILE);
            } else {
                Files.write(FILE, file);
            }
            Files.write(KERNEL, kernel.getBytes(StandardCharsets.US_ASCII));
            Files.deleteIfExists(mark);
        }
    }
}
