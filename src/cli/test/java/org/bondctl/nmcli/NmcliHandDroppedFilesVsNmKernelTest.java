package org.bondctl.nmcli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Rtnl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keyfiles written by hand (or by configuration management) into NetworkManager's directory,
 * then {@code connection reload}: a bond, a port naming its bond by UUID with autoconnect off,
 * a VLAN, and a file readable by others, which NM leaves out while it loads the rest; a file
 * edited by hand, reloaded and reapplied; a file changed and loaded by name, then brought up;
 * a file removed and reloaded. The same steps through NetworkManager 1.42's nmcli and through
 * {@code bondctl nmcli} on the system's profiles: outputs, active profiles and the kernel's
 * links, addresses and bond options after each must be the same.
 */
@Tag("kernel")
@Tag("nm")
class NmcliHandDroppedFilesVsNmKernelTest {
    static final List<String> IDS = List.of("bond7-p2", "bond7-p1", "bond7");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond7.7", "bond7");

    private static final String BOND = """
            [connection]
            id=bond7
            uuid=7a7a7a7a-0000-4000-8000-000000000007
            type=bond
            interface-name=bond7

            [bond]
            mode=active-backup
            miimon=100
            primary=ens192

            [ipv4]
            method=manual
            address1=192.0.2.70/24,192.0.2.1

            [ipv6]
            method=disabled
            """;
    private static final String P1 = """
            [connection]
            id=bond7-p1
            uuid=7a7a7a7a-0000-4000-8000-000000000071
            type=ethernet
            interface-name=ens192
            master=bond7
            slave-type=bond
            """;
    private static final String P2 = """
            [connection]
            id=bond7-p2
            uuid=7a7a7a7a-0000-4000-8000-000000000072
            type=ethernet
            interface-name=ens224
            master=7a7a7a7a-0000-4000-8000-000000000007
            slave-type=bond
            autoconnect=false
            """;
    private static final String VLAN = """
            [connection]
            id=v7
            uuid=7a7a7a7a-0000-4000-8000-000000000077
            type=vlan
            interface-name=bond7.7

            [vlan]
            id=7
            parent=bond7

            [ipv4]
            method=manual
            address1=198.51.100.7/24

            [ipv6]
            method=ignore
            """;
    private static final String LOOSE = """
            [connection]
            id=loose
            uuid=7a7a7a7a-0000-4000-8000-0000000000ff
            type=bond
            interface-name=bond8

            [ipv4]
            method=disabled
            """;

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        SideBySide.compareOnSystem("nmcli-hand-dropped-files-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            Path sc = side.profiles();
            write(sc.resolve("bond7.nmconnection"), BOND, "rw-------");
            write(sc.resolve("bond7-p1.nmconnection"), P1, "rw-------");
            write(sc.resolve("bond7-p2.nmconnection"), P2, "rw-------");
            write(sc.resolve("v7.nmconnection"), VLAN, "rw-------");
            write(sc.resolve("loose.nmconnection"), LOOSE, "rw-r--r--"); // NM loads only what root alone reads
            try {
                side.run(List.of("connection", "reload"));
                state(side, record, "reloaded");
                record.put("listed", side.run(List.of("-f", "NAME,UUID,TYPE,AUTOCONNECT", "connection", "show")));
                record.put("loose", side.attempt(List.of("-g", "connection.id", "connection", "show", "loose")));
                record.put("p2", side.run(List.of("-g", "bond.options,connection.autoconnect,connection.master", "connection", "show",
                        "bond7-p2")));
                side.run(List.of("connection", "up", "bond7-p2"));
                state(side, record, "p2 up");
                Path bond = sc.resolve("bond7.nmconnection");
                write(bond, BOND.replace("miimon=100", "miimon=250").replace("primary=ens192", "primary=ens224"), "rw-------");
                side.run(List.of("connection", "reload"));
                record.put("edited options", side.run(List.of("-g", "bond.options", "connection", "show", "bond7")));
                side.run(List.of("device", "reapply", "bond7"));
                state(side, record, "reapplied");
                Path vlan = sc.resolve("v7.nmconnection");
                write(vlan, VLAN.replace("198.51.100.7/24", "198.51.100.8/24"), "rw-------");
                side.run(List.of("connection", "load", vlan.toString()));
                side.run(List.of("connection", "up", "v7"));
                state(side, record, "loaded and up");
                side.run(List.of("connection", "down", "v7"));
                Files.delete(vlan);
                side.run(List.of("connection", "reload"));
                state(side, record, "file removed");
                record.put("v7 gone", side.attempt(List.of("connection", "show", "v7")));
            } finally {
                Files.deleteIfExists(sc.resolve("loose.nmconnection"));
                Files.deleteIfExists(sc.resolve("v7.nmconnection"));
            }
        });
    }

    private static void write(Path f, String text, String mode) throws Exception {
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    }

    private static void state(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        side.settle();
        SideBySide.recordActive(side, record, what);
        List<String> links = new ArrayList<>();
        Map<Integer, List<Address>> addresses = GUEST.rtnl().allAddresses();
        for (String n : List.of("bond7", "bond7.7", "bond8", "ens192", "ens224")) {
            Link l = GUEST.rtnl().link(n).orElse(null);
            if (l != null) {
                // (a NIC's own up or down aside: NM has every device it manages up from its start)
                StringBuilder s = new StringBuilder(n + (n.startsWith("ens") ? "" : l.isUp() ? " up" : " down"));
                if (l.master() != 0) {
                    s.append(" in ").append(GUEST.rtnl().link(l.master()).map(Link::name).orElse("?"));
                }
                addresses.getOrDefault(l.index(), List.of()).stream().filter(a -> a.family() == Rtnl.AF_INET)
                        .forEach(a -> s.append(" ").append(a));
                links.add(s.toString());
            }
        }
        record.put(what + ": links", String.join("\n", links) + "\n");
        Path proc = Path.of("/proc/net/bonding/bond7");
        record.put(what + ": bond7", Files.exists(proc) ? String.join("\n", Files.readAllLines(proc).stream()
                .filter(l -> l.startsWith("MII Polling") || l.startsWith("Primary Slave")).toList()) + "\n" : "none\n");
    }
}
