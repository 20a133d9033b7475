package org.bondctl.nmcli;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnetlink;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A NIC's own (plain ethernet) profile beside a bond: {@code connection up} gives the NIC the
 * profile's MTU, addresses (an address set by hand goes), routes with an ethernet device's
 * metric (100) and its DNS after the bond's; a second profile on the same NIC replaces the
 * first; {@code connection down} takes the addresses, routes and DNS servers away, gives the
 * MTU back and leaves the NIC up; a method that takes no addresses is refused while the
 * profile has some; a bond's port activated with a profile of its own leaves the bond, and its
 * port profile takes it back without the addresses; a profile bound to no interface comes up
 * on the one {@code connection up NAME ifname DEV} names, and goes down from it. The same lines through NetworkManager 1.42's nmcli and through {@code
 * bondctl nmcli} on the system's profiles must give the same outputs, exit codes and kernel
 * state (metrics only at the first activation: NM's later picks follow its own history).
 */
@Tag("kernel")
@Tag("nm")
class NmcliEthernetVsNmKernelTest {
    static final List<String> IDS = List.of("e1", "e2", "e3", "w1", "bond1-p1", "bond1");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond1");

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        SideBySide.compareOnSystem("nmcli-ethernet-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            Rtnetlink rtnl = GUEST.rtnl();
            Link nic = rtnl.require("ens224");
            rtnl.setMtu(nic, 1500, "test");
            rtnl.setUp(nic, true);
            rtnl.addresses(nic.index()).stream().filter(a -> !a.isLinkLocal()).forEach(a -> rtnl.deleteAddress(nic, a));
            rtnl.addAddress(nic, Address.parse("192.0.2.99/24")); // by hand: the activation takes it away
            side.run(List.of("con", "add", "type", "bond", "con-name", "bond1", "ifname", "bond1", "bond.options",
                    "mode=active-backup", "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24", "ipv4.gateway", "192.0.2.1",
                    "ipv4.dns", "192.0.2.53", "ipv4.dns-search", "b.lab", "ipv6.method", "disabled"));
            side.run(List.of("con", "add", "type", "ethernet", "slave-type", "bond", "con-name", "bond1-p1", "ifname",
                    "ens192", "master", "bond1"));
            side.settle();
            side.run(List.of("con", "add", "type", "ethernet", "con-name", "e1", "ifname", "ens224", "autoconnect", "no",
                    "ipv4.method", "manual", "ipv4.addresses", "198.51.100.5/24", "ipv4.gateway", "198.51.100.1", "ipv4.dns",
                    "198.51.100.53", "ipv4.dns-search", "e.lab", "ipv4.routes", "203.0.113.0/24 198.51.100.7", "ipv6.method",
                    "manual", "ipv6.addresses", "2001:db8:5::5/64", "ethernet.mtu", "1400"));
            side.run(List.of("con", "up", "e1"));
            state(side, record, "e1 up", true);
            record.put("e1 up: show", side.run(List.of("-g", "GENERAL.STATE,GENERAL.DEVICES,IP4.ADDRESS,IP4.GATEWAY",
                    "con", "show", "e1")));

            side.run(List.of("con", "add", "type", "ethernet", "con-name", "e2", "ifname", "ens224", "autoconnect", "no",
                    "ipv4.method", "manual", "ipv4.addresses", "198.51.100.8/24", "ipv4.dns", "198.51.100.54", "ipv6.method",
                    "disabled"));
            side.run(List.of("con", "up", "e2"));
            state(side, record, "e2 replaces e1", false);

            side.run(List.of("con", "down", "e2"));
            state(side, record, "e2 down", false);
            record.put("down again", side.attempt(List.of("con", "down", "e2")));

            record.put("disabled with addresses", side.attempt(List.of("con", "mod", "e1", "ipv6.method", "disabled")));
            side.run(List.of("con", "mod", "e1", "ipv6.addresses", "", "ipv6.method", "disabled"));
            record.put("e1 -g", side.run(List.of("-g", "ipv6.method,ipv6.addresses,802-3-ethernet.mtu", "con", "show", "e1")));

            // the bond's port gets a profile of its own: it leaves the bond; the port's profile takes it back
            side.run(List.of("con", "add", "type", "ethernet", "con-name", "e3", "ifname", "ens192", "autoconnect", "no",
                    "ipv4.method", "manual", "ipv4.addresses", "198.51.100.6/24", "ipv6.method", "disabled"));
            side.run(List.of("con", "up", "e3"));
            state(side, record, "e3 on the port", false);
            record.put("e3 on the port: ens192", addresses(GUEST.rtnl().require("ens192")));
            side.run(List.of("con", "up", "bond1-p1"));
            state(side, record, "port again", false);
            record.put("port again: ens192", addresses(GUEST.rtnl().require("ens192")));

            // a profile bound to no interface, activated on the one named
            side.run(List.of("con", "add", "type", "ethernet", "con-name", "w1", "autoconnect", "no", "ipv4.method", "manual",
                    "ipv4.addresses", "198.51.100.20/24", "ipv6.method", "disabled"));
            side.run(List.of("con", "up", "w1", "ifname", "ens224"));
            record.put("w1 up", side.run(List.of("-g", "connection.interface-name,GENERAL.DEVICES", "con", "show", "w1"))
                    + addresses(GUEST.rtnl().require("ens224")));
            SideBySide.recordActive(side, record, "w1 up");
            side.run(List.of("con", "down", "w1"));
            record.put("w1 down", addresses(GUEST.rtnl().require("ens224")));
            SideBySide.recordActive(side, record, "w1 down");
        });
    }

    private static String addresses(Link l) {
        return String.join("\n", GUEST.rtnl().addresses(l.index()).stream().filter(a -> !a.isLinkLocal())
                .map(Address::toString).sorted().toList()) + "\n";
    }

    /** The NIC's and the bond's state, resolv.conf's servers and domains, the active profiles and the devices. */
    private static void state(SideBySide.Side side, Map<String, String> record, String what, boolean metrics) throws Exception {
        side.settle();
        Rtnetlink rtnl = GUEST.rtnl();
        Link nic = rtnl.require("ens224");
        TreeSet<String> lines = new TreeSet<>();
        rtnl.addresses(nic.index()).stream().filter(a -> !a.isLinkLocal()).forEach(a -> lines.add("address " + a));
        for (Route r : rtnl.routes()) {
            String line = SideBySide.routeLine(r, metrics);
            if (r.oif() == nic.index() && line != null) {
                lines.add(line);
            }
        }
        record.put(what + ": ens224", "mtu " + nic.mtu() + (nic.isUp() ? " up" : " down") + (nic.master() != 0 ? " port" : "")
                + "\n" + String.join("\n", lines) + "\n");
        record.put(what + ": bond1 ports", String.join(",", rtnl.links().stream().filter(l -> l.master() != 0
                && rtnl.link(l.master()).map(Link::name).orElse("").equals("bond1")).map(Link::name).sorted().toList()) + "\n");
        record.put(what + ": resolv.conf", SideBySide.resolvConf());
        SideBySide.recordActive(side, record, what);
        TreeSet<String> devices = new TreeSet<>(side.run(List.of("-t", "-f", "DEVICE,STATE,CONNECTION", "device", "status"))
                .lines().filter(l -> l.startsWith("ens") || l.startsWith("bond1")).toList());
        record.put(what + ": devices", String.join("\n", devices) + "\n");
    }
}
