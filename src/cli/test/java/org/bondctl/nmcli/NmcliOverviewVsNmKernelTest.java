package org.bondctl.nmcli;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code nmcli -o} (--overview) on active and inactive profiles and on devices, and the tabular
 * record of {@code connection show NAME}: a bond with DNS servers and search domains (its
 * IP4.SEARCHES), its port, a VLAN on it, a NIC's profile that is not up. The same lines through
 * NetworkManager 1.42's nmcli and through {@code bondctl nmcli} on the system's profiles must
 * print the same, but for NM's D-Bus paths, which bondctl has no daemon for; an active profile
 * shows when it was activated (NM's /var/lib/NetworkManager/timestamps, which bondctl keeps too).
 */
@Tag("kernel")
@Tag("nm")
class NmcliOverviewVsNmKernelTest {
    static final List<String> IDS = List.of("oB", "oB-p1", "oV", "oPlain");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond76.76", "bond76");

    /** The random UUIDs, the seconds of an activation time; NM's D-Bus paths, which bondctl has not; a table's padding. */
    static String masked(String out, boolean table) {
        List<String> lines = new ArrayList<>();
        for (String l : out.split("\n", -1)) {
            l = l.replaceAll("^(connection\\.timestamp:\\s*)[1-9][0-9]*$", "$1TIME").replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID")
                    .replaceAll("(PATH:\\s*)\\S*", "$1PATH").replaceAll("/org/freedesktop/NetworkManager/\\S+", "--");
            lines.add(table ? l.replaceAll(" +", " ") : l);
        }
        return String.join("\n", lines);
    }

    @Test
    void anOverviewLeavesOutWhatIsAtItsDefault() throws Exception {
        SideBySide.compareOnSystem("nmcli-overview-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            side.run(List.of("connection", "add", "type", "bond", "con-name", "oB", "ifname", "bond76", "bond.options",
                    "mode=active-backup,miimon=100,primary=ens192", "ipv4.method", "manual", "ipv4.addresses", "192.0.2.76/24",
                    "ipv4.dns", "192.0.2.53", "ipv4.dns-search", "a.example,b.example",
                    "ipv4.route-metric", "176", "ipv6.method", "disabled", "802-3-ethernet.mtu", "1500"));
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "oB-p1", "ifname", "ens192", "master",
                    "bond76"));
            side.run(List.of("connection", "add", "type", "vlan", "con-name", "oV", "dev", "bond76", "id", "76", "ipv4.method",
                    "manual", "ipv4.addresses", "198.51.100.76/24", "ipv4.route-metric", "276", "ipv6.method", "disabled"));
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "oPlain", "ifname", "ens224", "autoconnect",
                    "no", "ipv6.addr-gen-mode", "eui64", "ipv4.may-fail", "yes"));
            side.settle();
            for (List<String> line : List.of(
                    List.of("-o", "connection", "show", "oB"),
                    List.of("-o", "connection", "show", "oB-p1"),
                    List.of("--overview", "connection", "show", "oV"),
                    List.of("-o", "connection", "show", "oPlain"),
                    List.of("-o", "-t", "connection", "show", "oV"),
                    List.of("-o", "-p", "connection", "show", "oPlain"),
                    List.of("-o", "-f", "ipv4.method,connection.id,IP4", "connection", "show", "oV"),
                    List.of("-o", "device", "show", "bond76"),
                    List.of("-o", "device", "show", "ens192"),
                    List.of("-o", "device", "show", "bond76.76"),
                    List.of("-o", "-f", "IP4,GENERAL.STATE", "device", "show", "bond76.76"),
                    List.of("-g", "IP4.SEARCHES,IP4.DNS", "connection", "show", "oB"))) {
                record.put(String.join(" ", line), masked(side.attempt(line), false));
            }
            for (List<String> line : List.of(
                    List.of("-o", "-m", "tabular", "connection", "show", "oPlain"),
                    List.of("-m", "tabular", "connection", "show", "oPlain"),
                    List.of("-m", "tabular", "-f", "ipv4.method,bond.options,IP4", "connection", "show", "oB"),
                    List.of("-m", "tabular", "device", "show", "bond76"),
                    List.of("-o", "-m", "tabular", "device", "show", "bond76"),
                    List.of("-m", "tabular", "device", "show", "ens192"),
                    List.of("-m", "tabular", "-f", "connection.id,ipv4.method,GENERAL.STATE,IP4,IP6", "connection", "show",
                            "oV"))) {
                record.put(String.join(" ", line), masked(side.attempt(line), true));
            }
        });
    }
}
