package org.bondctl.nmcli;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * resolv.conf's order with several active profiles, as NetworkManager 1.42 keeps it: a device's
 * IPv4 and IPv6 servers together, devices in the order they were (re)activated, the device
 * with the best default route ahead of the others and staying there when a better one comes
 * after it, a reapply that changes nothing leaving the order be, one that changes the IP
 * configuration sending the device to the end, ipv4/ipv6.dns-priority (RHEL's "Configuring the
 * order of DNS servers": lower first, a negative one alone), and a profile's search domains
 * without servers of its own. The same lines through NM's nmcli and through {@code bondctl
 * nmcli} on the system's profiles must leave the same nameserver and search lines after each.
 */
@Tag("kernel")
@Tag("nm")
class NmcliDnsOrderVsNmKernelTest {
    static final List<String> IDS = List.of("a", "b", "c");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("ens192.50");

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        SideBySide.compareOnSystem("nmcli-dns-order-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            // a: the only gateway at first (metric 100); b: a better one (50) that comes after; c: a VLAN without
            side.run(List.of("con", "add", "type", "ethernet", "con-name", "a", "ifname", "ens192", "autoconnect", "no",
                    "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24", "ipv4.gateway", "192.0.2.1", "ipv4.dns",
                    "192.0.2.53", "ipv4.dns-search", "a.lab", "ipv6.method", "manual", "ipv6.addresses", "2001:db8:a::1/64",
                    "ipv6.dns", "2001:db8:a::53", "ipv6.dns-search", "a6.lab"));
            side.run(List.of("con", "add", "type", "ethernet", "con-name", "b", "ifname", "ens224", "autoconnect", "no",
                    "ipv4.method", "manual", "ipv4.addresses", "198.51.100.10/24", "ipv4.gateway", "198.51.100.1",
                    "ipv4.route-metric", "50", "ipv4.dns", "198.51.100.53", "ipv4.dns-search", "b.lab", "ipv6.method",
                    "manual", "ipv6.addresses", "2001:db8:b::1/64", "ipv6.dns", "2001:db8:b::53"));
            side.run(List.of("con", "add", "type", "vlan", "con-name", "c", "dev", "ens192", "id", "50", "autoconnect", "no",
                    "ipv4.method", "manual", "ipv4.addresses", "203.0.113.10/24", "ipv4.dns", "203.0.113.53",
                    "ipv4.dns-search", "c.lab", "ipv6.method", "disabled"));
            List<List<String>> lines = new ArrayList<>();
            for (String l : List.of(
                    "con up a", "con up b", "con up c", "con up c", "con up a", "con down b", "con up b",
                    "dev reapply ens192",
                    "con mod a ipv4.dns-search a2.lab", "dev reapply ens192", "con up b",
                    "con mod c ipv4.dns-priority 10", "con up c",
                    "con mod b ipv4.dns-priority -5", "con up b", "con down b", "con up b",
                    "con mod b ipv4.dns-priority 0", "dev reapply ens224",
                    "con mod c ipv4.dns-priority 200", "dev reapply ens192.50",
                    "con mod a ipv4.dns '' ipv4.dns-search a.lab", "con up a",
                    "con mod a ipv4.dns 192.0.2.53 ipv6.dns-priority 5", "con up a",
                    "con mod a ipv6.dns-priority 0 ipv4.dns-priority -1", "con up a",
                    "con down a", "con down c", "con down b")) {
                lines.add(words(l));
            }
            int n = 0;
            for (List<String> l : lines) {
                side.run(l);
                if (!l.get(1).equals("mod")) {
                    Thread.sleep(1000); // NM writes resolv.conf in its own time
                    record.put(String.format("%02d %s", ++n, String.join(" ", l)), SideBySide.resolvConf());
                }
            }
        });
    }

    private static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        for (String w : line.split(" ")) {
            out.add(w.equals("''") ? "" : w);
        }
        return out;
    }
}
