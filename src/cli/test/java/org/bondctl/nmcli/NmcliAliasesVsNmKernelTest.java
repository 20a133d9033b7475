package org.bondctl.nmcli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bond options by their nmcli names ("mode active-backup miimon 100", a mode by number,
 * lacp-rate, arp-ip-target, primary; repeated, mixed with bond.options, in modify) and a
 * port's queue-id, connection.autoconnect-slaves (RHEL's bonding procedure sets it): run by the real nmcli with NetworkManager 1.42, then by {@code bondctl
 * nmcli} with NetworkManager stopped. The profiles are the same key by key (uuid aside), and
 * so are {@code -g bond.options}, {@code -g connection.autoconnect-slaves} and the whole
 * {@code connection show} of a bond. The profiles do not autoconnect: this is
 * about what is written, and NetworkManager would otherwise create the bonds.
 */
@Tag("kernel")
@Tag("nm")
class NmcliAliasesVsNmKernelTest {
    static final List<List<String>> LINES = List.of(
            List.of("connection", "add", "type", "bond", "con-name", "alA", "ifname", "alA", "autoconnect", "no",
                    "mode", "active-backup", "miimon", "100"),
            List.of("connection", "add", "type", "bond", "con-name", "alB", "ifname", "alB", "autoconnect", "no",
                    "mode", "4", "lacp-rate", "fast", "downdelay", "200", "updelay", "400", "miimon", "100"),
            List.of("connection", "add", "type", "bond", "con-name", "alC", "ifname", "alC", "autoconnect", "no",
                    "mode", "balance-xor", "arp-interval", "500", "arp-ip-target", "192.0.2.1,192.0.2.2"),
            List.of("connection", "add", "type", "bond", "con-name", "alD", "ifname", "alD", "autoconnect", "no",
                    "mode", "1", "primary", "ens192", "miimon", "100"),
            List.of("connection", "add", "type", "bond", "con-name", "alM", "ifname", "alM", "autoconnect", "no",
                    "mode", "active-backup", "mode", "balance-rr"),
            List.of("connection", "add", "type", "bond", "con-name", "alE", "ifname", "alE", "autoconnect", "no",
                    "bond.options", "miimon=300", "mode", "active-backup"),
            List.of("connection", "modify", "alA", "miimon", "200"),
            List.of("connection", "modify", "alA", "mode", "balance-rr"),
            List.of("connection", "modify", "alA", "+bond.options", "updelay=400"),
            List.of("connection", "modify", "alA", "connection.autoconnect-slaves", "1"),
            List.of("connection", "modify", "alB", "connection.autoconnect-slaves", "0"),
            List.of("connection", "add", "type", "bond-slave", "con-name", "alP", "ifname", "alp1", "master", "alA",
                    "queue-id", "3", "autoconnect", "no"));
    static final List<String> BONDS = List.of("alA", "alB", "alC", "alD", "alM", "alE");

    @Test
    void theSameProfilesAsNetworkManagersNmcli() throws Exception {
        List<String> ids = new ArrayList<>(List.of("alP"));
        ids.addAll(BONDS);
        SideBySide.compare("nmcli-aliases-vs-nm.txt", ids, (side, record) -> {
            for (List<String> line : LINES) {
                side.run(line);
            }
            capture(record, side::run, side.profiles());
        });
    }

    static void capture(Map<String, String> into, NmcliVsNmKernelTest.Shell nmcli, Path dir) throws Exception {
        for (String id : BONDS) {
            into.put("file " + id, NmcliVsNmKernelTest.semantic(Files.readString(dir.resolve(id + ".nmconnection"))));
            into.put("-g bond.options " + id, nmcli.run(List.of("-g", "bond.options", "connection", "show", id)));
        }
        for (String id : List.of("alA", "alB", "alC")) {
            into.put("-g autoconnect-slaves " + id, nmcli.run(List.of("-g", "connection.autoconnect-slaves", "connection", "show", id)));
        }
        into.put("show alA", NmcliVsNmKernelTest.normalize("show alA", nmcli.run(List.of("connection", "show", "alA"))));
        into.put("file alP", NmcliVsNmKernelTest.semantic(Files.readString(dir.resolve("alP.nmconnection"))));
        into.put("-g master,queue-id alP", nmcli.run(List.of("-g", "connection.master,bond-port.queue-id", "connection", "show",
                "alP")));
    }
}
