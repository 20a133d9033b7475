package org.bondctl.nmcli;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ipv4/ipv6.dns-options as NetworkManager 1.42 takes and writes them: nmcli's '=', '+' and '-'
 * (a later option of a name replacing the earlier one, a bad number dropped, unknown names
 * kept), the keyfile, and resolv.conf's options line: the options NM knows for the family, the
 * first of a name winning across profiles, trust-ad only when every profile with servers asks
 * for it, a profile without servers contributing its options. The same lines through NM's nmcli
 * and through {@code bondctl nmcli} on the system's profiles must give the same outputs, files
 * and resolv.conf after each.
 */
@Tag("kernel")
@Tag("nm")
class NmcliDnsOptionsVsNmKernelTest {
    static final List<String> IDS = List.of("a", "b");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks();

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        SideBySide.compareOnSystem("nmcli-dns-options-vs-nm.txt", IDS, (side, record) -> {
            side.run(List.of("con", "add", "type", "ethernet", "con-name", "a", "ifname", "ens192", "autoconnect", "no",
                    "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24", "ipv4.dns", "192.0.2.53", "ipv4.dns-options",
                    "rotate,timeout:1", "ipv6.method", "manual", "ipv6.addresses", "2001:db8::10/64", "ipv6.dns", "2001:db8::53"));
            side.run(List.of("con", "add", "type", "ethernet", "con-name", "b", "ifname", "ens224", "autoconnect", "no",
                    "ipv4.method", "manual", "ipv4.addresses", "198.51.100.10/24", "ipv4.dns", "198.51.100.53",
                    "ipv4.dns-options", "ndots:3,rotate,no-aaaa", "ipv6.method", "disabled"));
            String fields = "ipv4.dns-options,ipv6.dns-options";
            record.put("add", side.run(List.of("-g", fields, "con", "show", "a")) + keyfile(side, "a"));
            line(side, record, "con up a");
            for (String edit : List.of("+ipv4.dns-options attempts:2", "+ipv4.dns-options timeout:3", "-ipv4.dns-options rotate",
                    "-ipv4.dns-options 0", "ipv4.dns-options bogus,timeout,rotate:1,ndots:x,attempts:99",
                    "ipv4.dns-options ndots:2 edns0")) {
                String[] w = edit.split(" ", 2);
                side.run(List.of("con", "mod", "a", w[0], w[1]));
                record.put("mod " + edit, side.run(List.of("-g", fields, "con", "show", "a")));
            }
            side.run(List.of("con", "mod", "a", "ipv4.dns-options", "debug ndots:2 no-check-names inet6 ip6-dotint edns0"
                    + " single-request trust-ad no-aaaa bogus timeout rotate:1 attempts:99", "ipv6.dns-options",
                    "ndots:5 inet6 rotate"));
            record.put("a's lists", side.run(List.of("-g", fields, "con", "show", "a")) + keyfile(side, "a"));
            line(side, record, "con up a");
            side.run(List.of("con", "mod", "a", "ipv4.dns-options", "single-request-reopen,trust-ad", "ipv6.dns-options", ""));
            line(side, record, "con up a");
            line(side, record, "con up b");
            side.run(List.of("con", "mod", "b", "+ipv4.dns-options", "trust-ad"));
            line(side, record, "con up b");
            side.run(List.of("con", "mod", "a", "ipv4.dns-options", ""));
            record.put("a's emptied", side.run(List.of("-g", fields, "con", "show", "a")) + keyfile(side, "a"));
            line(side, record, "con up a");
            side.run(List.of("con", "mod", "b", "ipv4.dns", ""));
            line(side, record, "con up b");
            line(side, record, "con down a");
            line(side, record, "con down b");
        });
    }

    private static void line(SideBySide.Side side, java.util.Map<String, String> record, String line) throws Exception {
        side.run(List.of(line.split(" ")));
        Thread.sleep(1000); // NM writes resolv.conf in its own time
        StringBuilder conf = new StringBuilder(SideBySide.resolvConf());
        java.nio.file.Files.readAllLines(java.nio.file.Path.of("/etc/resolv.conf")).stream().filter(l -> l.startsWith("options"))
                .forEach(l -> conf.append(l).append('\n'));
        record.put(record.size() + " " + line, conf.toString());
    }

    /** The profile's [ipv4] and [ipv6] dns-options keys. */
    private static String keyfile(SideBySide.Side side, String id) throws Exception {
        StringBuilder sb = new StringBuilder();
        String section = "";
        for (String l : java.nio.file.Files.readAllLines(side.profiles().resolve(id + ".nmconnection"))) {
            if (l.startsWith("[")) {
                section = l;
            } else if (l.startsWith("dns-options=")) {
                sb.append(section).append(' ').append(l).append('\n');
            }
        }
        return sb.toString();
    }
}
