package org.bondctl.nmcli;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code nmcli device modify}: the active profile changed on the device only (addresses and a
 * route with an attribute), the profile on disk as it was, and the device put back by
 * {@code device reapply} and by {@code connection up}; DNS servers it added, kept through another
 * profile's activation until the device's reapply (NM's applied connection); the refusals of an invalid change, of IP
 * settings on a bond port and of an inactive device. The same lines through NetworkManager
 * 1.42's nmcli and through {@code bondctl nmcli}: the bond's addresses and routes, the saved
 * profile's view and the exit codes and messages after each.
 */
@Tag("kernel")
@Tag("nm")
class NmcliDeviceModifyVsNmKernelTest {
    static final List<String> IDS = List.of("p1", "bond0");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond0");

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        SideBySide.compareOnSystem("nmcli-device-modify-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            for (org.bondctl.rtnl.Address a : GUEST.rtnl().addresses(GUEST.rtnl().require("ens224").index())) {
                if (!a.isLinkLocal()) { // what the side before left on the NIC
                    GUEST.rtnl().deleteAddress(GUEST.rtnl().require("ens224"), a);
                }
            }
            SideBySide.bondWithPort(side, "ipv4.routes", "198.51.100.0/24 192.0.2.254", "ipv4.dns", "192.0.2.53",
                    "ipv6.method", "disabled");
            state(side, record, "active");
            side.run(List.of("device", "modify", "bond0", "ipv4.addresses", "192.0.2.11/24", "+ipv4.routes",
                    "198.51.99.0/24 192.0.2.254 mtu=1400"));
            state(side, record, "modified on the device");
            // NM's message names the device's D-Bus path: the exit code and the reason are compared
            String invalid = side.attempt(List.of("device", "modify", "bond0", "ipv4.method", "manual", "ipv4.addresses", ""));
            record.put("refused: invalid", invalid.replaceAll(" \\(/org/freedesktop/NetworkManager/Devices/[0-9]+\\)", ""));
            record.put("refused: port", side.attempt(List.of("device", "modify", "ens192", "ipv4.addresses", "192.0.2.12/24")));
            record.put("refused: no device", side.attempt(List.of("device", "modify", "nosuch0", "ipv4.addresses",
                    "192.0.2.12/24")));
            state(side, record, "after the refusals");
            side.run(List.of("device", "reapply", "bond0"));
            state(side, record, "reapplied");
            // the DNS a 'device modify' added stays through another profile's activation, until the device's reapply
            side.run(List.of("device", "modify", "bond0", "+ipv4.dns", "192.0.2.54"));
            side.settle();
            record.put("DNS modified: resolv.conf", SideBySide.resolvConf());
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "e2", "ifname", "ens224", "ipv4.method",
                    "manual", "ipv4.addresses", "198.51.100.10/24", "ipv4.dns", "198.51.100.53", "ipv6.method", "disabled"));
            side.settle();
            record.put("another profile up: resolv.conf", SideBySide.resolvConf());
            side.run(List.of("device", "modify", "bond0", "+ipv4.dns", "192.0.2.55"));
            side.settle();
            record.put("modified twice: resolv.conf", SideBySide.resolvConf());
            side.run(List.of("connection", "delete", "e2"));
            side.run(List.of("device", "reapply", "bond0"));
            side.settle();
            record.put("DNS reapplied: resolv.conf", SideBySide.resolvConf());
            side.run(List.of("device", "modify", "bond0", "ipv4.addresses", "192.0.2.13/24"));
            side.run(List.of("connection", "up", "bond0"));
            state(side, record, "modified, then up");
            side.run(List.of("connection", "down", "bond0"));
            record.put("refused: inactive", side.attempt(List.of("device", "modify", "bond0", "ipv4.addresses",
                    "192.0.2.14/24")));
        });
    }

    /** The bond's IPv4 addresses and static routes as the kernel holds them, and the saved profile's. */
    private static void state(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        side.settle();
        Link bond = GUEST.rtnl().require("bond0");
        TreeSet<String> out = new TreeSet<>();
        GUEST.rtnl().addresses(bond.index()).stream().filter(a -> a.family() == Rtnl.AF_INET)
                .forEach(a -> out.add("address " + a));
        for (Route r : GUEST.rtnl().routes()) {
            if (r.oif() == bond.index() && r.protocol() == Rtnl.RTPROT_STATIC) {
                out.add("route " + r.destinationText() + (r.gateway() == null ? "" : " via " + Address.text(r.gateway()))
                        + " " + r.attrs().kernelKey(r.family()));
            }
        }
        record.put(what + ": kernel", String.join("\n", out) + "\n");
        record.put(what + ": saved", side.run(List.of("-g", "ipv4.addresses,ipv4.routes", "connection", "show", "bond0")));
    }
}
