package org.bondctl.nmcli;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * nmcli's short forms and list outputs, run by the real nmcli with NetworkManager 1.42 and by
 * {@code bondctl nmcli} without it: {@code ip4}/{@code gw4}/{@code ip6}/{@code gw6} in add (the
 * method becomes manual; a later ipv4.method wins) and {@code ip4} in modify (one address
 * more); IPv6 addresses and gateway set before ipv6.method manual (RHEL's bonding procedure);
 * a VLAN added without ifname; lists of addresses, DNS servers, search domains and
 * routes as -g, -t and -f print them; a gateway without an address refused in add (exit 4) and
 * in modify (exit 1) in NM's words. The same files key by key and the same outputs.
 */
@Tag("kernel")
@Tag("nm")
class NmcliAddFormsVsNmKernelTest {
    static final List<List<String>> LINES = List.of(
            List.of("connection", "add", "type", "bond", "con-name", "f1", "ifname", "f1", "autoconnect", "no", "mode",
                    "active-backup", "ip4", "192.0.2.12/24", "gw4", "192.0.2.1", "ip6", "2001:db8::3/64", "gw6", "2001:db8::1"),
            List.of("connection", "add", "type", "bond", "con-name", "f2", "ifname", "f2", "autoconnect", "no", "mode",
                    "active-backup", "ip4", "192.0.2.21/24", "ipv4.method", "auto"),
            List.of("connection", "add", "type", "bond", "con-name", "f3", "ifname", "f3", "autoconnect", "no", "mode",
                    "active-backup", "ipv4.addresses", "192.0.2.31/24"),
            List.of("connection", "modify", "f1", "ip4", "192.0.2.20/24"),
            // RHEL's bonding procedure: IPv6 addresses and gateway before ipv6.method manual
            List.of("connection", "modify", "f3", "ipv6.addresses", "2001:db8:1::1/64"),
            List.of("connection", "modify", "f3", "ipv6.gateway", "2001:db8:1::fffe"),
            List.of("connection", "modify", "f3", "ipv6.dns", "2001:db8:1::fffd"),
            List.of("connection", "modify", "f3", "ipv6.dns-search", "example.com"),
            List.of("connection", "modify", "f3", "ipv6.method", "manual"),
            List.of("connection", "add", "type", "bond", "con-name", "f4", "ifname", "f4", "autoconnect", "no", "mode",
                    "active-backup", "ipv4.method", "manual", "ipv4.addresses", "192.0.2.11/24,192.0.2.12/24", "ipv4.dns",
                    "192.0.2.53,192.0.2.54", "ipv4.dns-search", "a.example,b.example", "ipv4.routes",
                    "198.51.100.0/24 192.0.2.1, 203.0.113.0/24 192.0.2.1 50", "ipv6.method", "manual", "ipv6.addresses",
                    "2001:db8::1/64,2001:db8::2/64", "ipv6.dns", "2001:db8::53,2001:db8::54"),
            List.of("connection", "add", "type", "vlan", "con-name", "f4.100", "dev", "f4", "id", "100", "autoconnect", "no",
                    "ip4", "198.51.100.10/24"));
    static final List<List<String>> REFUSED = List.of(
            List.of("connection", "add", "type", "bond", "con-name", "f5", "ifname", "f5", "autoconnect", "no", "mode",
                    "active-backup", "ipv6.gateway", "2001:db8::1"),
            List.of("connection", "modify", "f1", "ipv4.addresses", ""));
    static final List<String> IDS = List.of("f1", "f2", "f3", "f4", "f4.100");
    static final String FIELDS = "ipv4.method,ipv4.addresses,ipv4.gateway,ipv4.dns,ipv4.dns-search,ipv4.routes,ipv6.method,"
            + "ipv6.addresses,ipv6.gateway,ipv6.dns";

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        SideBySide.compare("nmcli-add-forms-vs-nm.txt", IDS, (side, record) -> {
            for (List<String> line : LINES) {
                side.run(line);
            }
            for (List<String> line : REFUSED) {
                record.put("refused " + String.join(" ", line), side.attempt(line));
            }
            for (String id : IDS) {
                record.put("file " + id, NmcliVsNmKernelTest.semantic(java.nio.file.Files.readString(
                        side.profiles().resolve(id + ".nmconnection"))));
                record.put("-g " + id, side.run(List.of("-g", FIELDS, "connection", "show", id)));
                record.put("-t " + id, side.run(List.of("-t", "-f", FIELDS, "connection", "show", id)));
                record.put("-f " + id, side.run(List.of("-f", FIELDS, "connection", "show", id)));
            }
            record.put("-g interface-name,parent f4.100", side.run(List.of("-g", "connection.interface-name,vlan.parent",
                    "connection", "show", "f4.100")));
        });
    }
}
