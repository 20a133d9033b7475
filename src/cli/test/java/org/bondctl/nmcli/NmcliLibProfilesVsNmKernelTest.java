package org.bondctl.nmcli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Profiles shipped in /usr/lib/NetworkManager/system-connections, run by the real nmcli with
 * NetworkManager 1.42, then by {@code bondctl nmcli} with it stopped, on the system's own
 * directories (the guest's /usr/lib is an overlay it throws away): listed where they are; a
 * modify writes a copy to /etc that shadows the shipped file; a modify --temporary keeps one in
 * /run; a delete of each leaves NM's tombstone in /etc (UUID.nmmeta, a link to /dev/null); a
 * profile added under a tombstoned UUID removes the tombstone. Outputs, listings and the three
 * directories after each step are the same on both sides.
 */
@Tag("kernel")
@Tag("nm")
class NmcliLibProfilesVsNmKernelTest {
    static final Path LIB = Path.of("/usr/lib/NetworkManager/system-connections");
    static final Path ETC = Path.of("/etc/NetworkManager/system-connections");
    static final Path RUN = Path.of("/run/NetworkManager/system-connections");
    static final String UUID = "8c3f0c8e-1f61-4d7e-9d1a-2b8c3b1e7a1";

    /** The test's files in the three directories, each with its keys (a link: where it points). */
    static String files() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Path d : List.of(LIB, ETC, RUN)) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            TreeSet<String> names = new TreeSet<>();
            try (var s = Files.list(d)) {
                s.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("lib") || n.startsWith(UUID))
                        .forEach(names::add);
            }
            for (String n : names) {
                Path f = d.resolve(n);
                sb.append(d).append('/').append(n);
                sb.append(Files.isSymbolicLink(f) ? " -> " + Files.readSymbolicLink(f) + "\n"
                        : "\n" + NmcliVsNmKernelTest.semantic(Files.readString(f)));
            }
        }
        return sb.toString();
    }

    private static String list(SideBySide.Side side) throws Exception {
        return String.join("\n", side.run(List.of("-t", "-f", "NAME,UUID,FILENAME", "connection", "show")).lines()
                .filter(l -> l.startsWith("lib")).sorted().toList()) + "\n";
    }

    private static void step(SideBySide.Side side, Map<String, String> record, String what, String... args) throws Exception {
        record.put(what, side.attempt(List.of(args)) + files() + list(side));
    }

    @Test
    void shippedProfilesAreShadowedAndTombstonedAsNetworkManagerDoes() throws Exception {
        SideBySide.compareOnSystem("nmcli-lib-profiles-vs-nm.txt", List.of("lib3b"), (side, record) -> {
            Files.createDirectories(LIB);
            for (int i = 1; i <= 3; i++) {
                Path f = LIB.resolve("lib" + i + ".nmconnection");
                Files.writeString(f, "[connection]\nid=lib" + i + "\nuuid=" + UUID + i + "\ntype=ethernet\n"
                        + "interface-name=ens192\nautoconnect=false\n\n[ipv4]\naddress1=192.0.2.1" + i + "/24\nmethod=manual\n\n"
                        + "[ipv6]\nmethod=disabled\n");
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            }
            try {
                step(side, record, "reload", "connection", "reload");
                step(side, record, "modify", "connection", "modify", "lib1", "ipv4.addresses", "192.0.2.20/24");
                step(side, record, "modify --temporary", "connection", "modify", "--temporary", "lib2", "ipv4.method",
                        "link-local", "ipv4.addresses", "");
                record.put("show", side.run(List.of("-g", "ipv4.method,ipv4.addresses", "connection", "show", "lib2")));
                step(side, record, "delete the shipped one", "connection", "delete", "lib3");
                step(side, record, "delete the copy in /etc", "connection", "delete", "lib1");
                step(side, record, "delete the one in memory", "connection", "delete", "lib2");
                step(side, record, "reload keeps the tombstones", "connection", "reload");
                step(side, record, "add under a tombstoned UUID", "connection", "add", "type", "ethernet", "con-name", "lib3b",
                        "ifname", "ens192", "autoconnect", "no", "connection.uuid", (UUID + "3").toUpperCase());
                step(side, record, "add under a UUID in use", "connection", "add", "type", "ethernet", "con-name", "lib4",
                        "ifname", "ens192", "autoconnect", "no", "connection.uuid", UUID + "3");
                step(side, record, "add under no UUID", "connection", "add", "type", "ethernet", "con-name", "lib4",
                        "ifname", "ens192", "autoconnect", "no", "connection.uuid", "8c3f0c8e1f614d7e9d1a2b8c3b1e7a17");
                step(side, record, "modify the UUID", "connection", "modify", "lib3b", "connection.uuid", UUID + "8");
            } finally {
                for (int i = 1; i <= 3; i++) {
                    Files.deleteIfExists(LIB.resolve("lib" + i + ".nmconnection"));
                    Files.deleteIfExists(ETC.resolve(UUID + i + ".nmmeta"));
                }
                side.run(List.of("connection", "reload"));
            }
        });
    }
}
