package org.bondctl.nmcli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The properties bondctl keeps without applying (connection.zone, autoconnect-priority and
 * -retries, ipv4/ipv6 may-fail, ignore-auto-dns/-routes, dns-priority, dhcp-send-hostname,
 * ipv6.addr-gen-mode), run by the real nmcli with NetworkManager 1.42 and by {@code bondctl
 * nmcli} without it: set, set back to defaults, refused; the same profiles key by key, the same
 * {@code -g} of every one of them, the same {@code connection show}, the same refusals, and a
 * hand-written keyfile shown alike.
 */
@Tag("kernel")
@Tag("nm")
class NmcliKeptVsNmKernelTest {
    static List<String> bond(String id, String... props) {
        List<String> l = new ArrayList<>(List.of("connection", "add", "type", "bond", "con-name", id, "ifname", id, "autoconnect",
                "no", "mode", "active-backup", "ipv4.method", "manual", "ipv4.addresses", "192.0.2." + id.substring(1) + "/24"));
        l.addAll(List.of(props));
        return l;
    }

    static final List<List<String>> LINES = List.of(
            bond("k1", "ipv4.may-fail", "no", "ipv6.may-fail", "no", "ipv4.ignore-auto-dns", "yes", "ipv4.ignore-auto-routes",
                    "yes", "ipv6.ignore-auto-dns", "yes", "ipv6.ignore-auto-routes", "yes", "ipv4.dns-priority", "50",
                    "ipv6.dns-priority", "-10", "ipv4.dhcp-send-hostname", "no"),
            bond("k2", "connection.zone", "trusted", "connection.autoconnect-priority", "-5", "connection.autoconnect-retries", "3",
                    "ipv6.addr-gen-mode", "eui64"),
            bond("k3", "ipv6.addr-gen-mode", "default-or-eui64", "ipv4.may-fail", "yes", "ipv4.dns-priority", "0"),
            bond("k4", "ipv6.addr-gen-mode", "1", "ipv6.dhcp-send-hostname", "off"),
            List.of("connection", "modify", "k1", "ipv4.may-fail", "yes", "ipv4.dns-priority", "", "ipv6.ignore-auto-dns", "no"),
            List.of("connection", "modify", "k2", "connection.zone", "", "ipv6.addr-gen-mode", "default"));
    static final List<List<String>> REFUSED = List.of(
            List.of("connection", "modify", "k2", "connection.autoconnect-priority", "1000"),
            List.of("connection", "modify", "k2", "ipv6.addr-gen-mode", "foo"),
            List.of("connection", "modify", "k2", "ipv4.may-fail", "maybe"));
    static final List<String> IDS = List.of("k1", "k2", "k3", "k4");
    static final String FIELDS = "connection.zone,connection.autoconnect-priority,connection.autoconnect-retries,ipv4.may-fail,"
            + "ipv6.may-fail,ipv4.ignore-auto-dns,ipv4.ignore-auto-routes,ipv6.ignore-auto-dns,ipv6.ignore-auto-routes,"
            + "ipv4.dns-priority,ipv6.dns-priority,ipv4.dhcp-send-hostname,ipv6.dhcp-send-hostname,ipv6.addr-gen-mode";
    /** NM's own keyfile words for booleans are true/false and 1/0. */
    static final String HAND = "[connection]\nid=k9\nuuid=5d3e2b0c-1111-4222-8333-444455559999\ntype=bond\ninterface-name=k9\n"
            + "autoconnect=false\nzone=work\nautoconnect-retries=0\n\n[bond]\nmode=active-backup\n\n[ipv4]\n"
            + "address1=192.0.2.9/24\nignore-auto-dns=1\nmay-fail=0\nmethod=manual\n\n[ipv6]\naddr-gen-mode=stable-privacy\n"
            + "method=auto\n";

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        List<String> ids = new ArrayList<>(IDS);
        ids.add("k9");
        SideBySide.compare("nmcli-kept-vs-nm.txt", ids, (side, record) -> {
            for (List<String> line : LINES) {
                side.run(line);
            }
            for (List<String> line : REFUSED) {
                record.put("refused " + String.join(" ", line.subList(3, line.size())), side.attempt(line));
            }
            Path hand = side.profiles().resolve("k9.nmconnection");
            Files.writeString(hand, HAND);
            Files.setPosixFilePermissions(hand, PosixFilePermissions.fromString("rw-------"));
            side.run(List.of("connection", "reload"));
            capture(record, side, side.profiles());
        });
    }

    static void capture(Map<String, String> into, SideBySide.Side nmcli, Path dir) throws Exception {
        for (String id : IDS) {
            into.put("file " + id, NmcliVsNmKernelTest.semantic(Files.readString(dir.resolve(id + ".nmconnection"))));
        }
        for (String id : List.of("k1", "k2", "k3", "k4", "k9")) {
            into.put("-g " + id, nmcli.run(List.of("-g", FIELDS, "connection", "show", id)));
        }
        into.put("show k2", NmcliVsNmKernelTest.normalize("show k2", nmcli.run(List.of("connection", "show", "k2"))));
        into.put("show k9", NmcliVsNmKernelTest.normalize("show k9", nmcli.run(List.of("connection", "show", "k9"))));
    }
}
