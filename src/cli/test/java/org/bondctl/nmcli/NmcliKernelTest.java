package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.bondctl.bond.BondState;
import org.bondctl.bond.options.BondOption;
import org.bondctl.cli.Cli;
import org.bondctl.plan.Bonds;
import org.bondctl.plan.NetState;
import org.bondctl.rtnl.SeedNetwork;
import org.bondctl.cli.WithSeedCli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe's nmcli lines, unchanged, through {@code bondctl nmcli} on the real bonding
 * driver and without NetworkManager, starting from the installer's ifcfg-rh profiles of
 * ens192 and ens224 (RHEL 8): the kernel reaches the seed's state, the profiles stay ifcfg-rh
 * (new ones too: only ifcfg files were there), and the second {@code up} changes the options
 * in place, without the carrier outage NetworkManager's reactivation causes.
 */
@Tag("kernel")
@WithSeedCli
class NmcliKernelTest {
    private SeedNetwork net;
    private Cli cli;

    @TempDir
    Path root;
    Path scripts;
    Path resolv;

    @BeforeEach
    void setUp() throws IOException {
        scripts = Files.createDirectories(root.resolve("etc/sysconfig/network-scripts"));
        resolv = root.resolve("resolv.conf");
        write(scripts.resolve("ifcfg-ens192"), NmcliRecipe.ifcfg("ens192", NmcliRecipe.UUID_192));
        write(scripts.resolve("ifcfg-ens224"), NmcliRecipe.ifcfg("ens224", NmcliRecipe.UUID_224));
    }

    static void write(Path f, String text) throws IOException {
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }

    /** nmcli lines that must each succeed. */
    void runAll(List<List<String>> lines) {
        for (List<String> line : lines) {
            Cli.Result r = nmcli(line);
            assertEquals(0, r.exit(), () -> "nmcli " + String.join(" ", line) + " -> " + r);
        }
    }

    Cli.Result nmcli(List<String> words) {
        List<String> args = new ArrayList<>(List.of("nmcli", "--bondctl-root", root.toString(), "--bondctl-resolv-conf",
                resolv.toString()));
        args.addAll(words);
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void theRecipeRunsUnchanged() throws Exception {
        long start = java.time.Instant.now().getEpochSecond();
        int carrierChanges = -1;
        for (List<String> line : NmcliRecipe.LINES) {
            Cli.Result r = nmcli(line);
            assertEquals(0, r.exit(), () -> "nmcli " + String.join(" ", line) + " -> " + r);
            if (line.equals(List.of("connection", "up", "bond0")) && carrierChanges < 0) {
                Bonds b = new Bonds(net.rtnl);
                b.await("bond0", 10_000, s -> s.link().carrier());
                carrierChanges = net.rtnl.require("bond0").carrierChanges();
            }
        }
        // the kernel has the seed's state
        Bonds bonds = new Bonds(net.rtnl);
        BondState s = bonds.await("bond0", 15_000, b -> "ens192".equals(b.activePort()));
        assertEquals("active-backup", s.text(BondOption.MODE));
        assertEquals("1000", s.text(BondOption.MIIMON));
        assertEquals("10000", s.text(BondOption.UPDELAY));
        assertEquals("ens192", s.text(BondOption.PRIMARY));
        assertEquals("always", s.text(BondOption.PRIMARY_RESELECT));
        assertEquals(List.of("ens192", "ens224"), s.portNames());
        List<String> state = NetState.of(net.rtnl);
        assertTrue(state.contains("addr bond0 192.0.2.10/24"), state::toString);
        assertTrue(state.contains("route default via 192.0.2.1 dev bond0 metric 300 table 254"), state::toString);
        assertTrue(Files.readString(resolv).contains("search k.local.lab\nnameserver 192.0.2.53\n"));
        assertEquals(carrierChanges, net.rtnl.require("bond0").carrierChanges(),
                "the second 'up' changed miimon, primary and updelay in place: no carrier loss");

        // the profiles: still ifcfg-rh, the ports converted in place, the bond new in the same format
        String bond = Files.readString(scripts.resolve("ifcfg-bond0"));
        assertTrue(bond.contains("BONDING_OPTS=\"miimon=1000 mode=active-backup primary=ens192 primary_reselect=always"
                + " updelay=10000\"\n"), bond);
        assertTrue(bond.contains("IPADDR=192.0.2.10\nPREFIX=24\nGATEWAY=192.0.2.1\nDNS1=192.0.2.53\nDOMAIN=k.local.lab\n"), bond);
        String port = Files.readString(scripts.resolve("ifcfg-ens192"));
        assertTrue(port.contains("UUID=" + NmcliRecipe.UUID_192 + "\n") && port.contains("MASTER=bond0\nSLAVE=yes\n"), port);
        assertFalse(port.contains("BOOTPROTO") || port.contains("IPV6INIT"), "a port has no IP settings: " + port);
        assertFalse(Files.exists(root.resolve("etc/NetworkManager/system-connections/bond0.nmconnection")));

        // what nmcli shows, as nmcli shows it
        Cli.Result show = nmcli(List.of("-t", "-f", "NAME,TYPE,DEVICE", "connection", "show"));
        assertEquals(List.of("bond0:bond:bond0", "ens192:802-3-ethernet:ens192", "ens224:802-3-ethernet:ens224"),
                show.out().lines().sorted().toList(), show::toString);
        assertEquals("mode=active-backup,miimon=1000,primary=ens192,primary_reselect=always,updelay=10000\n192.0.2.10/24\n",
                nmcli(List.of("-g", "bond.options,ipv4.addresses", "connection", "show", "bond0")).out());
        Cli.Result dev = nmcli(List.of("-t", "device"));
        assertTrue(dev.out().contains("bond0:bond:connected:bond0\n") && dev.out().contains("p192:ethernet:unmanaged:\n"), dev::toString);

        // NM's record of each activation, in its file under the root: connection.timestamp
        java.util.Map<String, Long> stamps = Timestamps.read(root);
        String bondUuid = nmcli(List.of("-g", "connection.uuid", "connection", "show", "bond0")).out().strip();
        for (String uuid : List.of(bondUuid, NmcliRecipe.UUID_192, NmcliRecipe.UUID_224)) {
            long t = stamps.getOrDefault(uuid, 0L);
            assertTrue(t >= start && t <= java.time.Instant.now().getEpochSecond(), uuid + " " + stamps);
        }
        assertEquals(stamps.get(bondUuid) + "\n", nmcli(List.of("-g", "connection.timestamp", "connection", "show", "bond0")).out());

        // down removes the bond, as NetworkManager does with the devices it made, and stamps the bond and its ports
        Files.writeString(root.resolve(Timestamps.FILE), "[timestamps]\n" + bondUuid + "=1\n" + NmcliRecipe.UUID_192 + "=1\n");
        assertEquals(0, nmcli(List.of("connection", "down", "bond0")).exit());
        assertTrue(net.rtnl.link("bond0").isEmpty());
        stamps = Timestamps.read(root);
        assertTrue(stamps.get(bondUuid) >= start && stamps.get(NmcliRecipe.UUID_192) >= start, stamps::toString);
    }

    /**
     * RHEL's bonding procedure sets connection.autoconnect-slaves 1: connection up then brings
     * the bond's ports with it, also one whose own autoconnect is off; without it, only the
     * ports that autoconnect. The ifcfg files say AUTOCONNECT_SLAVES=yes and ONBOOT=no.
     */
    @Test
    void autoconnectSlavesBringsEveryPort() throws Exception {
        runAll(List.of(
                List.of("connection", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0", "mode", "active-backup",
                        "miimon", "100"),
                List.of("connection", "modify", "ens192", "master", "bond0"),
                List.of("connection", "modify", "ens224", "master", "bond0", "connection.autoconnect", "no"),
                List.of("connection", "up", "bond0")));
        Bonds bonds = new Bonds(net.rtnl);
        assertEquals(List.of("ens192"), bonds.show("bond0").portNames());
        assertTrue(Files.readString(scripts.resolve("ifcfg-ens224")).contains("ONBOOT=no\n"));
        assertEquals(0, nmcli(List.of("connection", "modify", "bond0", "connection.autoconnect-slaves", "1")).exit());
        assertTrue(Files.readString(scripts.resolve("ifcfg-bond0")).contains("AUTOCONNECT_SLAVES=yes\n"));
        Cli.Result up = nmcli(List.of("connection", "up", "bond0"));
        assertEquals(0, up.exit(), up::toString);
        assertEquals(List.of("ens192", "ens224"), bonds.show("bond0").portNames());
    }

    /**
     * ipv4.never-default on a live bond, as a second network's bond is set up: the default
     * route through the gateway goes, in place (no carrier loss), and DEFROUTE=no replaces
     * GATEWAY= in ifcfg-bond0; a default route given as a static route stays; a default route
     * kept with --persist is refused (changing nothing); a gateway set again brings it back.
     */
    @Test
    void neverDefaultTakesTheDefaultRouteAwayInPlace() throws Exception {
        runAll(NmcliRecipe.LINES.subList(0, NmcliRecipe.LINES.indexOf(List.of("connection", "up", "bond0")) + 1));
        Bonds bonds = new Bonds(net.rtnl);
        bonds.await("bond0", 10_000, s -> s.link().carrier());
        String viaGateway = "route default via 192.0.2.1 dev bond0 metric 300 table 254";
        assertTrue(NetState.of(net.rtnl).contains(viaGateway), () -> NetState.of(net.rtnl).toString());
        int carrierChanges = net.rtnl.require("bond0").carrierChanges();

        assertEquals(0, nmcli(List.of("connection", "modify", "bond0", "ipv4.never-default", "yes")).exit());
        String file = Files.readString(scripts.resolve("ifcfg-bond0"));
        assertTrue(file.contains("DEFROUTE=no\n") && !file.contains("GATEWAY="), file);
        assertEquals(0, nmcli(List.of("connection", "up", "bond0")).exit());
        List<String> state = NetState.of(net.rtnl);
        assertTrue(state.stream().noneMatch(l -> l.startsWith("route default")), state::toString);
        assertTrue(state.contains("addr bond0 192.0.2.10/24"), state::toString);
        assertEquals(carrierChanges, net.rtnl.require("bond0").carrierChanges(), "changed in place");

        String files = listing();
        Cli.Result refused = cli.run("route", "add", "default", "via", "192.0.2.1", "dev", "bond0", "--persist", "--root",
                root.toString());
        assertEquals(2, refused.exit(), refused::toString);
        assertTrue(refused.err().contains("bond0's profile has ipv4.never-default=yes"), refused::toString);
        assertEquals(state, NetState.of(net.rtnl));
        assertEquals(files, listing());

        assertEquals(0, nmcli(List.of("connection", "modify", "bond0", "ipv4.routes", "0.0.0.0/0 192.0.2.254 50")).exit());
        assertEquals(0, nmcli(List.of("connection", "up", "bond0")).exit());
        assertTrue(NetState.of(net.rtnl).contains("route default via 192.0.2.254 dev bond0 metric 50 table 254"),
                () -> NetState.of(net.rtnl).toString());

        assertEquals(0, nmcli(List.of("connection", "modify", "bond0", "ipv4.routes", "", "ipv4.gateway", "192.0.2.1")).exit());
        assertEquals("192.0.2.1\nno\n", nmcli(List.of("-g", "ipv4.gateway,ipv4.never-default", "connection", "show", "bond0")).out());
        assertEquals(0, nmcli(List.of("connection", "up", "bond0")).exit());
        state = NetState.of(net.rtnl);
        assertEquals(List.of(viaGateway), state.stream().filter(l -> l.startsWith("route default")).toList(), state::toString);
        file = Files.readString(scripts.resolve("ifcfg-bond0"));
        assertTrue(file.contains("GATEWAY=192.0.2.1\n") && file.contains("DEFROUTE=yes\n"), file);
    }

    /**
     * {@code device connect|reapply|disconnect}, in NetworkManager 1.42's words (seen in the test
     * bed, D-Bus paths aside): connect of a port brings its bond up with it, reapply changes the
     * bond in place (no carrier loss), disconnect releases a port or removes the bond; an
     * inactive device is refused (exit 6), a missing one not found (exit 10).
     */
    @Test
    void deviceConnectReapplyDisconnect() throws Exception {
        runAll(NmcliRecipe.LINES.subList(0, NmcliRecipe.LINES.indexOf(List.of("connection", "up", "bond0"))));
        Cli.Result missing = nmcli(List.of("device", "connect", "bond0"));
        assertEquals(10, missing.exit(), missing::toString);
        assertEquals("Error: Device 'bond0' not found.\n", missing.err());

        Cli.Result connect = nmcli(List.of("device", "connect", "ens192"));
        assertEquals(0, connect.exit(), connect::toString);
        assertEquals("Device 'ens192' successfully activated with '" + NmcliRecipe.UUID_192 + "'.\n", connect.out());
        Bonds bonds = new Bonds(net.rtnl);
        assertEquals(List.of("ens192", "ens224"), bonds.show("bond0").portNames());
        bonds.await("bond0", 10_000, s -> s.link().carrier());
        int carrierChanges = net.rtnl.require("bond0").carrierChanges();

        assertEquals(0, nmcli(List.of("connection", "modify", "bond0", "+bond.options", "miimon=1000")).exit());
        Cli.Result reapply = nmcli(List.of("device", "reapply", "bond0"));
        assertEquals(0, reapply.exit(), reapply::toString);
        assertEquals("Connection successfully reapplied to device 'bond0'.\n", reapply.out());
        assertEquals("1000", bonds.show("bond0").text(BondOption.MIIMON));
        assertEquals(carrierChanges, net.rtnl.require("bond0").carrierChanges(), "reapplied in place");

        Cli.Result off = nmcli(List.of("device", "disconnect", "ens224"));
        assertEquals(0, off.exit(), off::toString);
        assertEquals("Device 'ens224' successfully disconnected.\n", off.out());
        assertEquals(List.of("ens192"), bonds.show("bond0").portNames());
        Cli.Result again = nmcli(List.of("device", "disconnect", "ens224"));
        assertEquals(6, again.exit(), again::toString);
        assertEquals("Error: Device 'ens224' disconnecting failed: This device is not active\nError: not all devices"
                + " disconnected.\n", again.err());
        Cli.Result inactive = nmcli(List.of("device", "reapply", "ens224"));
        assertEquals(6, inactive.exit(), inactive::toString);
        assertEquals("Error: Reapplying connection to device 'ens224' failed: Device is not activated\n", inactive.err());

        assertEquals(0, nmcli(List.of("device", "disconnect", "bond0")).exit());
        assertTrue(net.rtnl.link("bond0").isEmpty());
    }

    /**
     * Routes with attributes and in another table: 'device reapply' replaces a route whose
     * attributes changed and, as NetworkManager 1.42 does without a route-table, leaves one the
     * profile dropped from a table other than main; 'connection up' removes it.
     */
    @Test
    void reapplyKeepsARouteDroppedFromAnotherTableUpRemovesIt() throws Exception {
        runAll(NmcliRecipe.LINES.subList(0, NmcliRecipe.LINES.indexOf(List.of("connection", "up", "bond0"))));
        runAll(List.of(
                List.of("connection", "modify", "bond0", "ipv4.routes",
                        "198.51.100.0/24 192.0.2.254 table=200, 203.0.113.0/24 192.0.2.254 mtu=1400 lock-mtu=true"),
                List.of("connection", "up", "bond0")));
        assertEquals(List.of("198.51.100.0/24 table 200 ", "203.0.113.0/24 table 254 lock-mtu=true mtu=1400"), staticRoutes());
        runAll(List.of(
                List.of("connection", "modify", "bond0", "ipv4.routes", "203.0.113.0/24 192.0.2.254 mtu=1500"),
                List.of("device", "reapply", "bond0")));
        assertEquals(List.of("198.51.100.0/24 table 200 ", "203.0.113.0/24 table 254 mtu=1500"), staticRoutes());
        runAll(List.of(List.of("connection", "up", "bond0")));
        assertEquals(List.of("203.0.113.0/24 table 254 mtu=1500"), staticRoutes());
    }

    /** bond0's static routes but the default: "DEST table T ATTRIBUTES", sorted. */
    private List<String> staticRoutes() {
        int bond = net.rtnl.require("bond0").index();
        return net.rtnl.routes().stream().filter(r -> r.oif() == bond && !r.isDefault()
                && r.protocol() == org.bondctl.rtnl.Rtnl.RTPROT_STATIC)
                .map(r -> r.destinationText() + " table " + r.table() + " " + r.attrs().kernelKey(r.family())).sorted().toList();
    }

    /**
     * A VLAN added as nmcli's help shows it, 'connection add type vlan con-name bond0.100 dev
     * bond0 id 100 ip4 ...', has no interface-name: NetworkManager names its interface
     * bond0.100, and so does bondctl, so 'connection up' creates it with its address. It used
     * to be refused, and the refusal stopped 'connection up' of every other profile too.
     */
    @Test
    void aVlanWithoutIfnameComesUpAsParentDotId() throws Exception {
        runAll(List.of(
                List.of("connection", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0", "mode", "active-backup"),
                List.of("connection", "modify", "ens192", "master", "bond0"),
                List.of("connection", "add", "type", "vlan", "con-name", "bond0.100", "dev", "bond0", "id", "100", "ip4",
                        "198.51.100.10/24"),
                List.of("connection", "up", "bond0"),
                List.of("connection", "up", "bond0.100")));
        List<String> state = NetState.of(net.rtnl);
        assertTrue(state.contains("addr bond0.100 198.51.100.10/24"), state::toString);
        assertFalse(Files.readString(root.resolve("etc/sysconfig/network-scripts/ifcfg-bond0.100")).contains("DEVICE="));
        assertTrue(nmcli(List.of("-t", "device")).out().contains("bond0.100:vlan:connected:bond0.100\n"));
    }

    /**
     * A VLAN on a NIC that is down and has no profile active: the NIC goes up with it, as
     * NetworkManager has every device it manages up (the kernel refuses a VLAN up on a parent
     * that is down: ENETDOWN); its down leaves the NIC up, as NM does.
     */
    @Test
    void aVlanOnANicThatIsDownBringsTheNicUp() throws Exception {
        assertFalse(net.rtnl.require("ens224").isUp(), "test setup: ens224 starts down");
        runAll(List.of(
                List.of("connection", "add", "type", "vlan", "con-name", "v7", "ifname", "ens224.7", "dev", "ens224", "id", "7",
                        "ip4", "198.51.100.7/24"),
                List.of("connection", "up", "v7")));
        assertTrue(net.rtnl.require("ens224").isUp());
        assertTrue(net.rtnl.require("ens224.7").isUp());
        List<String> state = NetState.of(net.rtnl);
        assertTrue(state.contains("addr ens224.7 198.51.100.7/24"), state::toString);
        runAll(List.of(List.of("connection", "down", "v7")));
        assertTrue(net.rtnl.link("ens224.7").isEmpty());
        assertTrue(net.rtnl.require("ens224").isUp());
    }

    /**
     * A broken profile elsewhere (a port of a bond no profile defines) stops its own activation
     * only, as NetworkManager, which loads every profile on its own, does: 'connection up bond0'
     * works beside it, 'connection up' of the broken one says why (exit 4).
     */
    @Test
    void aBrokenProfileElsewhereStopsOnlyItself() throws Exception {
        write(scripts.resolve("ifcfg-stray"), "TYPE=Ethernet\nNAME=stray\nUUID=0f3c1a6e-2b4d-4c8e-9a1b-5d6e7f809102\n"
                + "DEVICE=ens256\nONBOOT=yes\nMASTER=nosuch\nSLAVE=yes\n");
        runAll(List.of(
                List.of("connection", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0", "mode", "active-backup"),
                List.of("connection", "modify", "ens192", "master", "bond0"),
                List.of("connection", "up", "bond0")));
        assertEquals(List.of("ens192"), new Bonds(net.rtnl).show("bond0").portNames());
        Cli.Result stray = nmcli(List.of("connection", "up", "stray"));
        assertEquals(4, stray.exit(), stray::toString);
        assertTrue(stray.err().contains("names controller nosuch"), stray::toString);
    }

    /**
     * RHEL's "Configuring a network bond by using nmcli", IPv4 and IPv6, line by line: new port
     * profiles beside the installer's DHCP ones, the IPv6 addresses and gateway set before
     * ipv6.method manual (they were lost from the profile: never applied), autoconnect-slaves.
     */
    @Test
    void rhelBondProcedureWithIpv6() throws Exception {
        runAll(List.of(
                List.of("connection", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0", "bond.options",
                        "mode=active-backup,miimon=1000"),
                List.of("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "bond0-port1", "ifname",
                        "ens192", "master", "bond0"),
                List.of("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "bond0-port2", "ifname",
                        "ens224", "master", "bond0"),
                List.of("connection", "modify", "bond0", "ipv4.addresses", "192.0.2.1/24"),
                List.of("connection", "modify", "bond0", "ipv4.gateway", "192.0.2.254"),
                List.of("connection", "modify", "bond0", "ipv4.dns", "192.0.2.253"),
                List.of("connection", "modify", "bond0", "ipv4.dns-search", "example.com"),
                List.of("connection", "modify", "bond0", "ipv4.method", "manual"),
                List.of("connection", "modify", "bond0", "ipv6.addresses", "2001:db8:1::1/64"),
                List.of("connection", "modify", "bond0", "ipv6.gateway", "2001:db8:1::fffe"),
                List.of("connection", "modify", "bond0", "ipv6.dns", "2001:db8:1::fffd"),
                List.of("connection", "modify", "bond0", "ipv6.dns-search", "example.com"),
                List.of("connection", "modify", "bond0", "ipv6.method", "manual"),
                List.of("connection", "modify", "bond0", "connection.autoconnect-slaves", "1"),
                List.of("connection", "up", "bond0")));
        assertEquals(List.of("ens192", "ens224"), new Bonds(net.rtnl).show("bond0").portNames());
        List<String> state = NetState.of(net.rtnl);
        for (String want : List.of("addr bond0 192.0.2.1/24", "addr bond0 2001:db8:1::1/64",
                "route default via 192.0.2.254 dev bond0 metric 300 table 254")) {
            assertTrue(state.contains(want), () -> want + " in " + state);
        }
        assertTrue(state.stream().anyMatch(l -> l.startsWith("route default via 2001:db8:1::fffe dev bond0")), state::toString);
        String resolv = Files.readString(this.resolv);
        assertTrue(resolv.contains("nameserver 192.0.2.253\nnameserver 2001:db8:1::fffd\n") && resolv.contains("search example.com"),
                resolv);
        // what scripts ask of an active connection (NM 1.42's GENERAL and IP blocks), and of an inactive one: nothing
        assertEquals("activated\n192.0.2.1/24\n192.0.2.254\n192.0.2.253\nbond0\n", nmcli(List.of("-g",
                "GENERAL.STATE,IP4.ADDRESS,IP4.GATEWAY,IP4.DNS,GENERAL.DEVICES", "connection", "show", "bond0")).out());
        assertTrue(nmcli(List.of("-g", "IP6.ADDRESS", "connection", "show", "bond0")).out().contains("2001\\:db8\\:1\\:\\:1/64"));
        String show = nmcli(List.of("connection", "show", "bond0")).out();
        assertTrue(show.contains("\nGENERAL.STATE:                          activated\n")
                && show.contains("\nIP4.ADDRESS[1]:                         192.0.2.1/24\n"), show);
        assertEquals("", nmcli(List.of("-g", "GENERAL.STATE", "connection", "show", "ens192")).out(), "ens192's DHCP profile is not active");
    }

    /**
     * 'connection up NAME' brings the profile up whatever its autoconnect says (autoconnect is
     * about coming up on its own), as NetworkManager does: a bond with autoconnect no, then a
     * port with autoconnect no. It used to fail ("no applicable profile ... autoconnect off").
     */
    @Test
    void connectionUpIgnoresAutoconnect() throws Exception {
        runAll(List.of(
                List.of("connection", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0", "mode", "active-backup",
                        "autoconnect", "no"),
                List.of("connection", "modify", "ens192", "master", "bond0"),
                List.of("connection", "modify", "ens224", "master", "bond0", "connection.autoconnect", "no"),
                List.of("connection", "up", "bond0")));
        Bonds bonds = new Bonds(net.rtnl);
        assertEquals(List.of("ens192"), bonds.show("bond0").portNames());
        Cli.Result up = nmcli(List.of("connection", "up", "ens224"));
        assertEquals(0, up.exit(), up::toString);
        assertEquals(List.of("ens192", "ens224"), bonds.show("bond0").portNames());
    }

    /**
     * 'connection up bond0' brings the VLANs on it that autoconnect, as NetworkManager
     * autoconnects them once their parent is up: after 'connection down bond0' (which removes
     * them with the bond, as NM does) they come back with it; one with autoconnect no does not.
     */
    @Test
    void aBondComesUpWithItsAutoconnectVlans() throws Exception {
        runAll(List.of(
                List.of("connection", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0", "mode", "active-backup"),
                List.of("connection", "modify", "ens192", "master", "bond0"),
                List.of("connection", "add", "type", "vlan", "con-name", "v100", "dev", "bond0", "id", "100", "ip4",
                        "198.51.100.10/24"),
                List.of("connection", "add", "type", "vlan", "con-name", "v200", "dev", "bond0", "id", "200", "autoconnect",
                        "no"),
                List.of("connection", "up", "bond0")));
        List<String> state = NetState.of(net.rtnl);
        assertTrue(state.contains("addr bond0.100 198.51.100.10/24"), state::toString);
        assertTrue(net.rtnl.link("bond0.200").isEmpty(), "autoconnect no stays down");
        runAll(List.of(List.of("connection", "down", "bond0")));
        assertTrue(net.rtnl.link("bond0.100").isEmpty());
        runAll(List.of(List.of("connection", "up", "bond0")));
        assertTrue(NetState.of(net.rtnl).contains("addr bond0.100 198.51.100.10/24"));
        assertTrue(net.rtnl.link("bond0.200").isEmpty());
    }

    @Test
    void whatIsNotSupportedSaysSoAndChangesNothing() throws Exception {
        assertEquals(0, nmcli(NmcliRecipe.LINES.get(0)).exit());
        List<String> before = NetState.of(net.rtnl);
        String files = listing();
        for (List<String> line : List.of(
                List.of("radio", "wifi", "off"),
                List.of("connection", "modify", "bond0", "ipv4.dhcp-timeout", "30"),
                List.of("connection", "modify", "bond0", "ipv4.foo", "1"),
                List.of("connection", "modify", "bond0", "ipv4.addresses", "300.1.1.1/24"),
                List.of("connection", "add", "type", "wifi", "ifname", "wlan0"),
                List.of("connection", "modify", "nosuch", "ipv4.method", "manual"),
                List.of("connection", "show", "nosuch"),
                List.of("-z", "connection"),
                // out of vlan.id's range (exit 2; 4095 is in it, and refused at the profile's check, exit 4, as by NM)
                List.of("connection", "add", "type", "vlan", "con-name", "v", "dev", "bond0", "id", "5000"))) {
            Cli.Result r = nmcli(line);
            assertTrue(r.exit() == 2 || r.exit() == 10, () -> String.join(" ", line) + " -> " + r);
            assertEquals(1, r.err().lines().count(), r::toString);
            assertTrue(r.err().startsWith("Error: "), r::toString);
            assertEquals(before, NetState.of(net.rtnl));
            assertEquals(files, listing(), "files changed by " + line);
        }
        assertEquals("Error: nosuch - no such connection profile.\n", nmcli(List.of("connection", "show", "nosuch")).err());
    }

    private String listing() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted().toList()) {
                sb.append(p).append(Files.isRegularFile(p) ? ":" + Files.readString(p).hashCode() : "").append('\n');
            }
        }
        return sb.toString();
    }

    /** The MAC addresses of bond0 and its ports, as the kernel has them. */
    private List<String> macs() {
        List<String> out = new ArrayList<>();
        for (String n : List.of("bond0", "ens192", "ens224")) {
            out.add(n + " " + net.rtnl.require(n).address());
        }
        return out;
    }

    /**
     * ethernet.cloned-mac-address on a bond: set at activation, the ports take it; changed and
     * brought up again, changed in place (bond and ports); a refusal after the change puts the
     * old address back; with fail_over_mac=follow refused before any change, as NetworkManager's
     * activation fails there.
     */
    @Test
    void aBondsClonedMacIsItsAndItsPorts() {
        runAll(List.of(
                List.of("connection", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0", "bond.options",
                        "mode=active-backup,miimon=100", "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24",
                        "ethernet.cloned-mac-address", "02:00:00:00:0A:01", "autoconnect", "no"),
                List.of("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "bond0-p1", "ifname",
                        "ens192", "master", "bond0"),
                List.of("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "bond0-p2", "ifname",
                        "ens224", "master", "bond0"),
                List.of("connection", "add", "type", "vlan", "con-name", "v50", "dev", "bond0", "id", "50", "ipv4.method",
                        "disabled", "ipv6.method", "disabled", "ethernet.cloned-mac-address", "02:00:00:00:0a:50"),
                List.of("connection", "up", "bond0")));
        assertEquals(List.of("bond0 02:00:00:00:0a:01", "ens192 02:00:00:00:0a:01", "ens224 02:00:00:00:0a:01"), macs());
        assertEquals("02:00:00:00:0a:50", net.rtnl.require("bond0.50").address().toString(), "a VLAN's own address");
        runAll(List.of(List.of("connection", "modify", "bond0", "802-3-ethernet.cloned-mac-address", "02:00:00:00:0a:02")));
        List<String> before = macs();
        System.setProperty("bondctl.fault", "fail-before-step:2");
        try {
            // the plan: the new address, then the gateway-less nothing else; a fault after the first step
            Cli.Result r = nmcli(List.of("connection", "modify", "bond0", "ipv4.addresses", "192.0.2.11/24"));
            assertEquals(0, r.exit(), r::toString);
            r = nmcli(List.of("connection", "up", "bond0"));
            assertEquals(4, r.exit(), r::toString);
            assertTrue(r.err().contains("injected fault before step 2"), r::toString);
        } finally {
            System.clearProperty("bondctl.fault");
        }
        assertEquals(before, macs(), "the old address is back");
        runAll(List.of(List.of("connection", "up", "bond0")));
        assertEquals(List.of("bond0 02:00:00:00:0a:02", "ens192 02:00:00:00:0a:02", "ens224 02:00:00:00:0a:02"), macs());

        List<String> state = NetState.of(net.rtnl);
        runAll(List.of(List.of("connection", "modify", "bond0", "bond.options",
                "mode=active-backup,miimon=100,fail_over_mac=follow", "ethernet.cloned-mac-address", "02:00:00:00:0a:03")));
        Cli.Result r = nmcli(List.of("connection", "up", "bond0"));
        assertEquals(4, r.exit(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().contains("bond0: ethernet.cloned-mac-address 02:00:00:00:0a:03 with fail_over_mac=follow: the"
                + " bond's address follows its active port"), r::toString);
        assertEquals(state, NetState.of(net.rtnl));
        assertEquals(List.of("bond0 02:00:00:00:0a:02", "ens192 02:00:00:00:0a:02", "ens224 02:00:00:00:0a:02"), macs());
    }
}
