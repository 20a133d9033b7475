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
 * In-memory profiles, run by the real nmcli with NetworkManager 1.42, then by {@code bondctl
 * nmcli} with it stopped, on the system's own directories: {@code connection modify
 * --temporary} (a keyfile in /run that shadows and owns the persistent file, named after the
 * id even when the persistent file is named otherwise), a persistent modify after it (back to
 * the shadowed file, the /run one gone), a delete (both gone), {@code add save no}, {@code clone
 * --temporary}, a profile only in memory made persistent where its name is taken (NM's
 * ID-UUID.nmconnection), and nmcli's refusals of the flag and of {@code save} where it does not
 * take them. Each step's files (names and keys), {@code connection show} and exit codes are the
 * same on both sides.
 */
@Tag("kernel")
@Tag("nm")
class NmcliTemporaryVsNmKernelTest {
    static final Path ETC = Path.of("/etc/NetworkManager/system-connections");
    static final Path RUN = Path.of("/run/NetworkManager/system-connections");
    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /** The test's files in both directories ("etc/NAME", "run/NAME"), each with its keys. */
    static String files() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Path d : List.of(ETC, RUN)) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            TreeSet<String> names = new TreeSet<>();
            try (var s = Files.list(d)) {
                s.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("tm") || n.startsWith("custom-tm"))
                        .forEach(names::add);
            }
            for (String n : names) {
                sb.append(d.getParent().getParent().getFileName()).append('/').append(n.replaceAll(UUID, "UUID")).append('\n')
                        .append(NmcliVsNmKernelTest.semantic(Files.readString(d.resolve(n))));
            }
        }
        return sb.toString();
    }

    private static void handWritten(String name, String id, String uuid) throws Exception {
        Path f = ETC.resolve(name);
        Files.writeString(f, "[connection]\nid=" + id + "\nuuid=" + uuid + "\ntype=ethernet\ninterface-name=ens224\n"
                + "autoconnect=false\n\n[ipv4]\nmethod=disabled\n\n[ipv6]\nmethod=disabled\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }

    private static void step(SideBySide.Side side, Map<String, String> record, String what, String... args) throws Exception {
        record.put(what, side.attempt(List.of(args)).replaceAll(UUID, "UUID") + files());
    }

    @Test
    void inMemoryProfilesAreNetworkManagers() throws Exception {
        List<String> ids = List.of("tm2", "tm3", "tm4", "tm8", "tm9", "tm10", "tmzz");
        SideBySide.compareOnSystem("nmcli-temporary-vs-nm.txt", ids, (side, record) -> {
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "tm1", "ifname", "ens192", "autoconnect", "no",
                    "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24", "connection.zone", "trusted"));
            step(side, record, "modify --temporary", "connection", "modify", "--temporary", "tm1", "ipv4.addresses",
                    "192.0.2.20/24", "ipv4.dns", "192.0.2.53");
            record.put("show", side.run(List.of("-g", "ipv4.addresses,ipv4.dns,connection.zone", "connection", "show", "tm1")));
            record.put("list", String.join("\n", side.run(List.of("-t", "-f", "NAME,FILENAME", "connection", "show")).lines()
                    .filter(l -> l.startsWith("tm")).sorted().toList()) + "\n");
            step(side, record, "--temporary after the name", "connection", "modify", "tm1", "--temporary", "ipv4.dns",
                    "192.0.2.54");
            step(side, record, "persistent modify", "connection", "modify", "tm1", "ipv4.gateway", "192.0.2.1");
            step(side, record, "modify --temporary again", "connection", "modify", "--temporary", "tm1", "ipv4.dns",
                    "192.0.2.55");
            step(side, record, "delete", "connection", "delete", "tm1");

            step(side, record, "add save no", "connection", "add", "type", "ethernet", "save", "no", "con-name", "tm2",
                    "ifname", "ens224", "autoconnect", "no");
            step(side, record, "add save yes", "connection", "add", "save", "yes", "type", "ethernet", "con-name", "tm3",
                    "ifname", "ens224", "autoconnect", "no");
            step(side, record, "clone --temporary", "connection", "clone", "--temporary", "tm3", "tm4");
            step(side, record, "save maybe", "connection", "add", "save", "maybe", "type", "ethernet", "con-name", "tm5",
                    "ifname", "ens224");
            step(side, record, "save without a value", "connection", "add", "type", "ethernet", "con-name", "tm5", "ifname",
                    "ens224", "save");
            step(side, record, "clone with the flag after the source", "connection", "clone", "tm3", "--temporary", "tm5");
            step(side, record, "add --temporary", "connection", "add", "--temporary", "type", "ethernet", "con-name", "tm5",
                    "ifname", "ens224");
            step(side, record, "a property nmcli does not know", "connection", "add", "type", "ethernet", "con-name", "tm5",
                    "ifname", "ens224", "mode", "active-backup");

            // a persistent file named otherwise than its id; the in-memory copy takes the (new) id's name
            handWritten("custom-tm.nmconnection", "tm7", "8c3f0c8e-1f61-4d7e-9d1a-2b8c3b1e7a01");
            side.run(List.of("connection", "reload"));
            step(side, record, "rename --temporary", "connection", "modify", "--temporary", "tm7", "connection.id", "tm8");
            step(side, record, "persistent modify of the renamed", "connection", "modify", "tm8", "ipv6.method", "ignore");

            // a profile only in memory, made persistent where its name is another profile's file
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "tm9", "ifname", "ens224", "autoconnect",
                    "no"));
            side.run(List.of("connection", "clone", "--temporary", "tm9", "tm10"));
            handWritten("tm10.nmconnection", "tmzz", "8c3f0c8e-1f61-4d7e-9d1a-2b8c3b1e7a02");
            side.run(List.of("connection", "reload"));
            step(side, record, "persistent modify where the name is taken", "connection", "modify", "tm10", "ipv6.method",
                    "ignore");
        });
    }
}
