package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bondctl.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ip4/ip6 make the method manual (add) or add an address (modify); lists print with nmcli's
 * separators; a gateway without an address is refused with nmcli's exit codes (4 add, 1
 * modify). Profiles only; NmcliAddFormsVsNmKernelTest compares the same with NM 1.42.
 */
class NmcliAddFormsTest {
    @TempDir
    Path root;

    @Test
    void shortFormsListsAndRefusals() {
        NmcliRoot n = new NmcliRoot(root);
        n.ok("connection", "add", "type", "bond", "con-name", "f1", "ifname", "f1", "mode", "active-backup", "ip4",
                "192.0.2.12/24", "gw4", "192.0.2.1");
        n.ok("connection", "modify", "f1", "ip4", "192.0.2.20/24");
        assertEquals("manual\n192.0.2.12/24, 192.0.2.20/24\n192.0.2.1\n",
                n.ok("-g", "ipv4.method,ipv4.addresses,ipv4.gateway", "connection", "show", "f1").out());
        n.ok("connection", "add", "type", "bond", "con-name", "f2", "ifname", "f2", "mode", "active-backup", "ip6",
                "2001:db8::3/64");
        assertEquals("ipv6.method:manual\nipv6.addresses:2001:db8::3/64\n",
                n.ok("-t", "-f", "ipv6.method,ipv6.addresses", "connection", "show", "f2").out());
        assertEquals("2001\\:db8\\:\\:3/64\n", n.ok("-g", "ipv6.addresses", "connection", "show", "f2").out());

        // RHEL's procedure sets IPv6 addresses and gateway before the method: they were lost
        n.ok("connection", "modify", "f2", "ipv6.method", "auto");
        n.ok("connection", "modify", "f2", "ipv6.addresses", "2001:db8:1::1/64");
        n.ok("connection", "modify", "f2", "ipv6.gateway", "2001:db8:1::fffe");
        assertEquals("auto\n2001\\:db8\\:1\\:\\:1/64\n2001\\:db8\\:1\\:\\:fffe\n",
                n.ok("-g", "ipv6.method,ipv6.addresses,ipv6.gateway", "connection", "show", "f2").out());
        n.ok("connection", "modify", "f2", "ipv6.method", "manual");
        assertEquals("manual\n2001\\:db8\\:1\\:\\:1/64\n",
                n.ok("-g", "ipv6.method,ipv6.addresses", "connection", "show", "f2").out());
        n.ok("connection", "modify", "f2", "ipv6.method", "auto", "ipv6.gateway", "", "ipv6.addresses", "");
        assertEquals("auto\n\n", n.ok("-g", "ipv6.method,ipv6.addresses", "connection", "show", "f2").out(), "removed too");

        Cli.Result add = n.nmcli("connection", "add", "type", "bond", "con-name", "f5", "ifname", "f5", "mode", "active-backup",
                "ipv4.gateway", "192.0.2.1");
        assertEquals(4, add.exit(), add::toString);
        assertEquals("Error: Failed to add 'f5' connection: ipv4.gateway: gateway cannot be set if there are no addresses"
                + " configured\n", add.err());
        assertFalse(Files.exists(root.resolve("etc/NetworkManager/system-connections/f5.nmconnection")));
        Cli.Result mod = n.nmcli("connection", "modify", "f1", "ipv4.addresses", "");
        assertEquals(1, mod.exit(), mod::toString);
        assertEquals("manual\n192.0.2.12/24, 192.0.2.20/24\n",
                n.ok("-g", "ipv4.method,ipv4.addresses", "connection", "show", "f1").out(), "nothing written");
    }

    /**
     * Profiles added without a name get nmcli's, made unique as nmcli makes them (vlan, vlan-1);
     * addresses are separated by commas only (a space is no separator: nmcli reads a bad
     * prefix); {@code -a} is {@code --active}; disabled (IPv6 ignore too) takes no DNS. Texts as
     * NetworkManager 1.42 printed them in the test bed.
     */
    @Test
    void defaultNamesSeparatorsAndShortOptions() {
        NmcliRoot n = new NmcliRoot(root);
        Cli.Result spaced = n.nmcli("connection", "add", "type", "bond", "ifname", "bond1", "ipv4.method", "manual",
                "ipv4.addresses", "192.0.2.10/24 192.0.2.11/24");
        assertEquals(2, spaced.exit(), spaced::toString);
        assertEquals("Error: failed to modify ipv4.addresses: invalid prefix '24 192.0.2.11/24'; <0-32> allowed.\n",
                spaced.err());
        assertEquals("Connection 'bond-bond1'", n.ok("connection", "add", "type", "bond", "ifname", "bond1", "ipv4.method",
                "manual", "ipv4.addresses", "192.0.2.10/24, 192.0.2.11/24").out().substring(0, 23));
        assertEquals("192.0.2.10/24, 192.0.2.11/24\n", n.ok("-g", "ipv4.addresses", "connection", "show", "bond-bond1").out());
        n.ok("connection", "add", "type", "bond-slave", "ifname", "ens192", "master", "bond1");
        n.ok("connection", "add", "type", "ethernet", "ifname", "ens224", "master", "bond1");
        n.ok("connection", "add", "type", "vlan", "dev", "bond1", "id", "30");
        n.ok("connection", "add", "type", "vlan", "dev", "bond1", "id", "31");
        n.ok("connection", "add", "type", "vlan", "dev", "bond1", "id", "32");
        assertEquals("bond-bond1:bond\nbond-slave-ens192:802-3-ethernet\nbond-slave-ens224:802-3-ethernet\nvlan:vlan\n"
                + "vlan-1:vlan\nvlan-2:vlan\n", n.ok("-t", "-f", "NAME,TYPE", "connection", "show").out());
        assertEquals("", n.ok("-t", "-f", "NAME", "connection", "show", "-a").out(), "nothing active under a root");
        Cli.Result six = n.nmcli("connection", "modify", "bond-bond1", "ipv6.method", "manual", "ipv6.addresses",
                "2001:db8::1/129");
        assertEquals("Error: failed to modify ipv6.addresses: invalid prefix '129'; <0-128> allowed.\n", six.err());
        // disabled (and IPv6 ignore) take no DNS, search domains or addresses: NM refuses to save them
        n.ok("connection", "modify", "bond-bond1", "ipv4.dns", "192.0.2.53");
        Cli.Result off = n.nmcli("connection", "modify", "bond-bond1", "ipv4.method", "disabled");
        assertEquals(1, off.exit(), off::toString);
        assertEquals("Error: Failed to modify connection 'bond-bond1': ipv4.dns: this property is not allowed for"
                + " 'method=disabled'\n", off.err());
        Cli.Result ignore = n.nmcli("connection", "modify", "bond-bond1", "ipv6.method", "ignore", "ipv6.dns-search", "a.example");
        assertEquals("Error: Failed to modify connection 'bond-bond1': ipv6.dns-search: this property is not allowed for"
                + " 'method=ignore'\n", ignore.err());
        assertEquals("manual\n192.0.2.53\nauto\n\n", n.ok("-g", "ipv4.method,ipv4.dns,ipv6.method,ipv6.dns-search",
                "connection", "show", "bond-bond1").out(), "nothing written");
    }

    /**
     * -f/-g naming a setting the profile lacks (bond.options of a port) prints the other fields,
     * as nmcli does (seen: "no" and the master); a field of no setting NM has stays an error.
     */
    /**
     * A NIC's own profile made a port (connection.master, slave-type) loses its IP settings, and
     * made a plain ethernet profile again gets NM's defaults back (seen in NM 1.42: ipv4.method
     * auto; its old static address is gone).
     */
    /** A VLAN id as NM 1.42's nmcli refuses it (seen): not a number, out of the property's range, or 4095 at the profile's check. */
    @Test
    void vlanIdsRefusedInNmclisWords() {
        NmcliRoot n = new NmcliRoot(root);
        n.ok("connection", "add", "type", "bond", "con-name", "bA", "ifname", "bA", "mode", "active-backup");
        for (String[] c : new String[][] {{"abc", "2", "Error: failed to modify vlan.id: 'abc' is not a valid number.\n"},
            {"5000", "2", "Error: failed to modify vlan.id: '5000' is out of range [0, 4095].\n"},
            {"4095", "4", "Error: Failed to add 'v1' connection: vlan.id: the vlan id must be in range 0-4094 but is 4095\n"}}) {
            Cli.Result r = n.nmcli("connection", "add", "type", "vlan", "dev", "bA", "id", c[0], "con-name", "v1");
            assertEquals(Integer.parseInt(c[1]), r.exit(), r::toString);
            assertEquals(c[2], r.err());
        }
        assertFalse(Files.exists(root.resolve("etc/NetworkManager/system-connections/v1.nmconnection")));
    }

    @Test
    void anEthernetProfileMadeAPortAndBack() throws java.io.IOException {
        NmcliRoot n = new NmcliRoot(root);
        n.ok("connection", "add", "type", "bond", "con-name", "b7", "ifname", "b7", "mode", "active-backup", "autoconnect", "no");
        n.ok("connection", "add", "type", "ethernet", "con-name", "e1", "ifname", "ens192", "autoconnect", "no", "ipv4.method",
                "manual", "ipv4.addresses", "198.51.100.5/24", "ipv6.method", "disabled");
        n.ok("connection", "modify", "e1", "master", "b7", "slave-type", "bond");
        assertEquals("b7\nbond\n", n.ok("-g", "connection.master,connection.slave-type,ipv4.method,ipv4.addresses", "connection",
                "show", "e1").out());
        n.ok("connection", "modify", "e1", "connection.master", "", "connection.slave-type", "");
        assertEquals("\n\nauto\n\nauto\n", n.ok("-g", "connection.master,connection.slave-type,ipv4.method,ipv4.addresses,"
                + "ipv6.method", "connection", "show", "e1").out());
        String file = java.nio.file.Files.readString(root.resolve("etc/NetworkManager/system-connections/e1.nmconnection"));
        assertTrue(file.contains("[ipv4]\nmethod=auto\n") && !file.contains("198.51.100.5"), file);
        // a plain ethernet profile's own IP settings are shown as they are and kept when another property changes
        n.ok("connection", "modify", "e1", "ipv4.method", "manual", "ipv4.addresses", "198.51.100.7/24");
        n.ok("connection", "modify", "e1", "connection.autoconnect", "yes");
        assertEquals("manual\n198.51.100.7/24\n", n.ok("-g", "ipv4.method,ipv4.addresses", "connection", "show", "e1").out());
    }

    @Test
    void fieldsOfASettingTheProfileLacksAreLeftOut() {
        NmcliRoot n = new NmcliRoot(root);
        n.ok("connection", "add", "type", "bond", "con-name", "b7", "ifname", "b7", "mode", "active-backup");
        n.ok("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "p7", "ifname", "ens192", "master",
                "b7", "autoconnect", "no");
        assertEquals("no\nb7\n", n.ok("-g", "bond.options,connection.autoconnect,connection.master", "connection", "show",
                "p7").out());
        // a whole setting the port has not (seen in NM 1.42: nothing printed, exit 0)
        assertEquals("", n.ok("-f", "ipv4,ipv6", "connection", "show", "p7").out());
        org.bondctl.cli.Cli.Result bad = n.nmcli("-g", "nosuch.thing", "connection", "show", "p7");
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().contains("invalid field 'nosuch.thing'"), bad::toString);
        // a property of a setting the profile has that nmcli does not know: refused with that setting's fields
        bad = n.nmcli("-g", "connection.nosuch", "connection", "show", "b7");
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().startsWith("Error: 'connection show': invalid field 'connection.nosuch'; allowed fields:"
                + " connection.id,connection.uuid,"), bad::toString);
        // an active profile's field nmcli knows and bondctl does not print: left out, as for an inactive profile
        assertEquals("b7\n", n.ok("-g", "IP4.WINS,connection.id", "connection", "show", "b7").out());
    }

    @Test
    void aPlainEthernetProfileKeepsItsMtuAndMacWhenAnotherPropertyChanges() throws java.io.IOException {
        NmcliRoot n = new NmcliRoot(root);
        Path dir = Files.createDirectories(root.resolve("etc/NetworkManager/system-connections"));
        Files.writeString(dir.resolve("e2.nmconnection"), "[connection]\nid=e2\nuuid=0d5b4e4c-5a0f-4f6e-9a53-3a4f1f0e2c11\n"
                + "type=ethernet\ninterface-name=ens256\n\n[ethernet]\ncloned-mac-address=02:00:00:00:00:42\nmtu=9000\n\n"
                + "[ipv4]\naddress1=198.51.100.9/24\nmethod=manual\n\n[ipv6]\nmethod=disabled\n");
        n.ok("connection", "modify", "e2", "connection.autoconnect", "no");
        assertEquals("9000\n02\\:00\\:00\\:00\\:00\\:42\n", n.ok("-g", "802-3-ethernet.mtu,802-3-ethernet.cloned-mac-address",
                "connection", "show", "e2").out());
        Path scripts = Files.createDirectories(root.resolve("etc/sysconfig/network-scripts"));
        Files.writeString(scripts.resolve("ifcfg-e3"), "TYPE=Ethernet\nNAME=e3\nUUID=0d5b4e4c-5a0f-4f6e-9a53-3a4f1f0e2c12\n"
                + "DEVICE=ens257\nONBOOT=yes\nMACADDR=02:00:00:00:00:43\nMTU=9000\nBOOTPROTO=none\nIPADDR=198.51.100.10\nPREFIX=24\n");
        n.ok("connection", "modify", "e3", "connection.autoconnect", "no");
        String f = Files.readString(scripts.resolve("ifcfg-e3"));
        assertTrue(f.contains("MACADDR=02:00:00:00:00:43") && f.contains("MTU=9000") && f.contains("IPADDR=198.51.100.10"), f);
    }

    @Test
    void aTeamPortProfileIsNotTakenForAPlainOne() throws java.io.IOException {
        NmcliRoot n = new NmcliRoot(root);
        Path dir = Files.createDirectories(root.resolve("etc/NetworkManager/system-connections"));
        Files.writeString(dir.resolve("t1.nmconnection"), "[connection]\nid=t1\nuuid=0d5b4e4c-5a0f-4f6e-9a53-3a4f1f0e2c13\n"
                + "type=ethernet\ninterface-name=ens258\nmaster=team0\nslave-type=team\n\n[ethernet]\nmtu=9000\n");
        n.ok("connection", "modify", "t1", "connection.autoconnect", "no");
        String f = Files.readString(dir.resolve("t1.nmconnection"));
        assertTrue(f.contains("master=team0") && f.contains("slave-type=team") && f.contains("mtu=9000"), f);
        assertEquals("team0\nteam\n", n.ok("-g", "connection.master,connection.slave-type", "connection", "show", "t1").out());
        Cli.Result up = n.nmcli("connection", "up", "t1");
        assertEquals(2, up.exit(), up::toString);
        assertTrue(up.err().contains("'t1' is a 802-3-ethernet connection of controller team0"), up::toString);
    }
}
