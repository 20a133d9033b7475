package org.bondctl.nmcli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnetlink;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A whole server's network as a runbook writes it with nmcli: an 802.3ad bond with MTU 9000,
 * two VLANs on it (IPv4 and IPv6 with gateways and two DNS servers on one, a static route and
 * an MTU of its own on the other), a management NIC with its own profile (never-default, a DNS
 * server of its own); then a bond option changed by connection up, a route added by device
 * reapply, the management NIC taken down, the bond taken down. The same lines through
 * NetworkManager 1.42's nmcli and through {@code bondctl nmcli} on the system's profiles must
 * leave the same kernel (links, MTUs, addresses, routes with their metrics), resolv.conf, bond
 * options and active profiles after each.
 */
@Tag("kernel")
@Tag("nm")
class NmcliWholeServerVsNmKernelTest {
    static final List<String> IDS = List.of("wsV100", "wsV200", "wsMgmt", "wsP1", "wsB");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond5.100", "bond5.200", "bond5");

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        SideBySide.compareOnSystem("nmcli-whole-server-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            Rtnetlink rtnl = GUEST.rtnl();
            Link mgmt = rtnl.require("ens224");
            rtnl.setMtu(mgmt, 1500, "test");
            rtnl.addresses(mgmt.index()).stream().filter(a -> !a.isLinkLocal()).forEach(a -> rtnl.deleteAddress(mgmt, a));
            side.run(List.of("con", "add", "type", "bond", "con-name", "wsB", "ifname", "bond5", "bond.options",
                    "mode=802.3ad,miimon=100,lacp_rate=fast,xmit_hash_policy=layer3+4", "ipv4.method", "disabled", "ipv6.method",
                    "ignore"));
            side.run(List.of("con", "add", "type", "ethernet", "slave-type", "bond", "con-name", "wsP1", "ifname", "ens192",
                    "master", "wsB"));
            side.settle();
            side.run(List.of("con", "mod", "wsB", "ethernet.mtu", "9000"));
            side.run(List.of("con", "add", "type", "vlan", "con-name", "wsV100", "ifname", "bond5.100", "dev", "bond5", "id", "100",
                    "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24", "ipv4.gateway", "192.0.2.1", "ipv4.dns",
                    "192.0.2.53 192.0.2.54", "ipv4.dns-search", "example.lab", "ipv6.method", "manual", "ipv6.addresses",
                    "2001:db8:100::10/64", "ipv6.gateway", "2001:db8:100::1"));
            side.run(List.of("con", "add", "type", "vlan", "con-name", "wsV200", "ifname", "bond5.200", "dev", "bond5", "id", "200",
                    "ipv4.method", "manual", "ipv4.addresses", "198.51.100.10/25", "ipv4.routes", "203.0.113.0/24 198.51.100.1",
                    "ethernet.mtu", "9000", "ipv6.method", "disabled"));
            side.run(List.of("con", "add", "type", "ethernet", "con-name", "wsMgmt", "ifname", "ens224", "ipv4.method", "manual",
                    "ipv4.addresses", "198.51.100.130/25", "ipv4.never-default", "yes", "ipv4.dns", "198.51.100.153",
                    "ipv6.method", "disabled"));
            side.run(List.of("con", "up", "wsB"));
            state(side, record, "whole server up");
            side.run(List.of("con", "mod", "wsB", "+bond.options", "xmit_hash_policy=layer2+3"));
            side.run(List.of("con", "up", "wsB"));
            state(side, record, "hash policy changed");
            side.run(List.of("con", "mod", "wsV100", "+ipv6.routes", "2001:db8:200::/64 2001:db8:100::1"));
            side.run(List.of("dev", "reapply", "bond5.100"));
            state(side, record, "route reapplied");
            side.run(List.of("con", "down", "wsMgmt"));
            state(side, record, "mgmt down");
            side.run(List.of("con", "down", "wsB"));
            state(side, record, "bond down");
        });
    }

    private static void state(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        side.settle();
        Rtnetlink rtnl = GUEST.rtnl();
        TreeSet<String> lines = new TreeSet<>();
        for (String n : List.of("bond5", "bond5.100", "bond5.200", "ens192", "ens224")) {
            rtnl.link(n).ifPresentOrElse(l -> {
                lines.add("link " + n + " mtu " + l.mtu() + (l.isUp() ? " up" : " down")
                        + (l.master() != 0 ? " master " + rtnl.link(l.master()).map(Link::name).orElse("?") : ""));
                rtnl.addresses(l.index()).stream().filter(a -> !a.isLinkLocal()).forEach(a -> lines.add("address " + n + " " + a));
            }, () -> lines.add("link " + n + " none"));
        }
        for (Route r : rtnl.routes()) {
            String dev = rtnl.link(r.oif()).map(Link::name).orElse("");
            String line = SideBySide.routeLine(r, false);
            if ((dev.startsWith("bond5") || dev.equals("ens224")) && line != null) {
                lines.add(line + " dev " + dev + " metric " + r.effectiveMetric());
            }
        }
        record.put(what + ": kernel", String.join("\n", lines) + "\n");
        StringBuilder more = new StringBuilder(SideBySide.resolvConf());
        Path proc = Path.of("/proc/net/bonding/bond5");
        if (Files.exists(proc)) {
            for (String l : Files.readAllLines(proc)) {
                if (l.startsWith("Bonding Mode") || l.startsWith("Transmit Hash") || l.startsWith("MII Polling")
                        || l.startsWith("LACP rate")) {
                    more.append(l).append('\n');
                }
            }
        }
        record.put(what + ": resolv.conf and bond", more.toString());
        SideBySide.recordActive(side, record, what);
    }
}
