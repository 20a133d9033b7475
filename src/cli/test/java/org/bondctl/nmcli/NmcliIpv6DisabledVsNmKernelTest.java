package org.bondctl.nmcli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.NetnsFile;
import org.bondctl.rtnl.Rtnl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ipv6.method disabled} switches IPv6 off on the device (disable_ipv6=1: no address, not
 * even a link-local one), and every other method switches it on again when the profile comes
 * up, "ignore" too (NetworkManager 1.42, seen in the test bed). Manual to ignore: the address
 * goes, as NM's re-activation flushes the device's addresses before it ignores the family. The same lines through NM's
 * nmcli and through {@code bondctl nmcli} on the system's profiles; after each, the kernel's
 * disable_ipv6 of the bond and its VLAN and the bond's global IPv6 addresses must be the same.
 * Last, a bond the administrator made with IPv6 switched off is switched on by a profile that
 * gives it an address.
 */
@Tag("kernel")
@Tag("nm")
class NmcliIpv6DisabledVsNmKernelTest {
    static final List<String> IDS = List.of("v6V", "v6P", "v6B", "v6C");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond72.100", "bond72", "bond73");

    @Test
    void disabledSwitchesIpv6OffAndEveryOtherMethodOn() throws Exception {
        SideBySide.compareOnSystem("nmcli-ipv6-disabled-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            step(side, record, "bond added, ipv6 disabled", "connection", "add", "type", "bond", "con-name", "v6B", "ifname",
                    "bond72", "mode", "active-backup", "ipv4.method", "manual", "ipv4.addresses", "192.0.2.72/24",
                    "ipv6.method", "disabled");
            // a port, for carrier: NetworkManager configures a VLAN's IP only once it has one
            step(side, record, "port added", "connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "v6P",
                    "ifname", "ens192", "master", "v6B");
            step(side, record, "vlan added, ipv6 disabled", "connection", "add", "type", "vlan", "con-name", "v6V", "dev",
                    "bond72", "id", "100", "ipv4.method", "manual", "ipv4.addresses", "198.51.100.72/24", "ipv6.method",
                    "disabled");
            side.run(List.of("connection", "modify", "v6B", "ipv6.method", "manual", "ipv6.addresses", "2001:db8:72::1/64"));
            step(side, record, "manual", "connection", "up", "v6B");
            side.run(List.of("connection", "modify", "v6B", "ipv6.method", "ignore", "ipv6.addresses", ""));
            step(side, record, "manual to ignore: the address goes with NM's re-activation", "connection", "up", "v6B");
            side.run(List.of("connection", "modify", "v6B", "ipv6.method", "manual", "ipv6.addresses", "2001:db8:72::1/64"));
            side.run(List.of("connection", "up", "v6B"));
            side.run(List.of("connection", "modify", "v6B", "ipv6.method", "disabled", "ipv6.addresses", ""));
            step(side, record, "manual to disabled", "connection", "up", "v6B");
            side.run(List.of("connection", "modify", "v6B", "ipv6.method", "ignore"));
            step(side, record, "disabled to ignore", "connection", "up", "v6B");
            side.run(List.of("connection", "modify", "v6B", "ipv6.method", "disabled"));
            side.run(List.of("connection", "up", "v6B"));
            side.run(List.of("connection", "modify", "v6B", "ipv6.method", "auto"));
            step(side, record, "disabled to auto", "connection", "up", "v6B");
            // made by hand with IPv6 off, then given a profile with an address
            GUEST.rtnl().link("bond73").ifPresent(GUEST.rtnl()::deleteLink);
            GUEST.rtnl().createLink("bond73", "bond", b -> {}, "add bond73");
            NetnsFile.writeProc(null, "sys/net/ipv6/conf/bond73/disable_ipv6", "1\n");
            step(side, record, "switched off by hand, then a manual profile", "connection", "add", "type", "bond", "con-name",
                    "v6C", "ifname", "bond73", "mode", "active-backup", "ipv4.method", "disabled", "ipv6.method", "manual",
                    "ipv6.addresses", "2001:db8:73::1/64");
        });
    }

    private static void step(SideBySide.Side side, Map<String, String> record, String what, String... line) throws Exception {
        side.run(List.of(line));
        side.settle();
        List<String> state = new ArrayList<>();
        Map<Integer, List<Address>> addresses = GUEST.rtnl().allAddresses();
        for (String n : List.of("bond72", "bond72.100", "bond73")) {
            Link l = GUEST.rtnl().link(n).orElse(null);
            if (l == null) {
                continue;
            }
            StringBuilder s = new StringBuilder(n + " disable_ipv6=" + l.disableIpv6());
            addresses.getOrDefault(l.index(), List.of()).stream()
                    .filter(a -> a.family() == Rtnl.AF_INET6 && !a.isLinkLocal()).forEach(a -> s.append(" ").append(a));
            state.add(s.toString());
        }
        record.put(what, String.join("\n", state) + "\n");
    }
}
