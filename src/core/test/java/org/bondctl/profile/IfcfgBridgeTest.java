package org.bondctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bridge.BridgeOption;
import org.bondctl.bridge.BridgePortOption;
import org.bondctl.bridge.BridgeVlan;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.NetworkSpec;
import org.bondctl.rtnl.Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bridges in ifcfg-rh, as NetworkManager's ifcfg-rh plugin reads and writes them
 * (nms-ifcfg-rh-reader.c make_bridge_setting(), make_bridge_port_setting(); -writer.c
 * write_bridge_setting(), write_bridge_port_setting()): round trips and NM's rules, not NM
 * loads (Debian's NetworkManager has no ifcfg-rh plugin).
 */
class IfcfgBridgeTest {
    /**
     * A bridge as NM's writer lays it out: STP, DELAY, BRIDGING_OPTS, BRIDGE_VLANS, TYPE, then the
     * IP keys and the connection's.
     */
    static final String BRIDGE = """
            STP=yes
            DELAY=4
            BRIDGING_OPTS="priority=4096 hello_time=1 multicast_snooping=0 vlan_filtering=1 default_pvid=10"
            BRIDGE_VLANS="20 pvid untagged,100-102"
            TYPE=Bridge
            PROXY_METHOD=none
            BROWSER_ONLY=no
            BOOTPROTO=none
            IPADDR=192.0.2.10
            PREFIX=24
            GATEWAY=192.0.2.1
            DNS1=192.0.2.53
            DOMAIN=k.local.lab
            DEFROUTE=yes
            IPV4_FAILURE_FATAL=no
            IPV6INIT=yes
            IPV6_AUTOCONF=yes
            IPV6_DEFROUTE=yes
            IPV6_FAILURE_FATAL=no
            IPV6_ADDR_GEN_MODE=default
            NAME=br0
            UUID=5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e01
            DEVICE=br0
            ONBOOT=yes
            """;
    /** A bond as port of br0: its bond keys, the port options and VLANs, no IP keys, BRIDGE= after ONBOOT. */
    static final String BOND_PORT = """
            BONDING_OPTS="miimon=100 mode=active-backup"
            TYPE=Bond
            BONDING_MASTER=yes
            BRIDGING_OPTS=path_cost=7
            BRIDGE_PORT_VLANS=20,100-102
            NAME=bond0
            UUID=5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e02
            DEVICE=bond0
            ONBOOT=yes
            BRIDGE=br0
            """;
    static final String VLAN_PORT = """
            VLAN=yes
            TYPE=Vlan
            PHYSDEV=bond0
            VLAN_ID=10
            VLAN_FLAGS=REORDER_HDR
            NAME=bond0.10
            UUID=5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e03
            DEVICE=bond0.10
            ONBOOT=yes
            BRIDGE=br1
            """;
    /** A NIC as port, laid out as NM's Test_Write_Bridge_Component.cexpected is. */
    static final String NIC_PORT = """
            TYPE=Ethernet
            MTU=9000
            BRIDGING_OPTS="priority=40 hairpin_mode=1"
            NAME=ens5
            UUID=5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e04
            DEVICE=ens5
            ONBOOT=yes
            BRIDGE=br0
            """;

    static Profile read(String name, String text) {
        return IfcfgFormat.INSTANCE.read(Path.of("/etc/sysconfig/network-scripts/" + name), text);
    }

    static String write(Profile p) {
        return IfcfgFormat.INSTANCE.write(p);
    }

    @Test
    void readsBridgesAndTheirPorts() {
        Profile br = read("ifcfg-br0", BRIDGE);
        assertEquals(Profile.Type.BRIDGE, br.type());
        assertEquals(Map.of(BridgeOption.STP, 1L, BridgeOption.FORWARD_DELAY, 400L, BridgeOption.PRIORITY, 4096L,
                BridgeOption.HELLO_TIME, 100L, BridgeOption.MULTICAST_SNOOPING, 0L, BridgeOption.VLAN_FILTERING, 1L,
                BridgeOption.VLAN_DEFAULT_PVID, 10L), br.bridgeOptions());
        assertEquals(List.of(new BridgeVlan(20, 20, true, true), new BridgeVlan(100, 102, false, false)), br.bridgeVlans());
        assertEquals(List.of(Address.parse("192.0.2.10/24")), br.ipv4().addresses());
        String f = "/etc/sysconfig/network-scripts/ifcfg-br0:";
        assertEquals(List.of(
                f + "16: key not applied by bondctl: IPV6INIT=yes (ipv6.method auto: bondctl runs no DHCPv6 or RA client"
                        + " (the kernel's SLAAC still works): the static addresses and routes are applied, leased ones left to"
                        + " the system's client)",
                f + "20: key not applied by bondctl: IPV6_ADDR_GEN_MODE=default (ipv6.addr-gen-mode: the kernel makes the"
                        + " link-local address its own way)"), br.unapplied());

        Profile bond = read("ifcfg-bond0", BOND_PORT);
        assertEquals(Profile.Type.BOND, bond.type());
        assertEquals("br0", bond.bridge());
        assertEquals(Map.of(BridgePortOption.PATH_COST, 7L), bond.bridgePortOptions());
        assertEquals(BridgeVlan.parseList("v", "20,100-102"), bond.bridgePortVlans());
        assertEquals("mode=active-backup miimon=100", KeyfileFormatTest.sorted(bond.bondSettings()));
        assertEquals(List.of(), bond.unapplied());

        Profile vlan = read("ifcfg-bond0.10", VLAN_PORT);
        assertEquals(Profile.Type.VLAN, vlan.type());
        assertEquals("br1", vlan.bridge());
        assertEquals(Map.of(), vlan.bridgePortOptions());

        Profile nic = read("ifcfg-ens5", NIC_PORT);
        assertEquals(Profile.Type.BRIDGE_PORT, nic.type());
        assertEquals("br0", nic.bridge());
        assertNull(nic.master());
        assertEquals(Map.of(BridgePortOption.PRIORITY, 40L, BridgePortOption.HAIRPIN, 1L), nic.bridgePortOptions());
        assertEquals(List.of("/etc/sysconfig/network-scripts/ifcfg-ens5:2: key not applied by bondctl: MTU=9000"
                + " (bondctl applies only a NIC's bridge membership and bridge-port options)"), nic.unapplied());

        // make_connection_setting() takes BRIDGE_UUID before BRIDGE, and a bridge before a bond
        Profile both = read("ifcfg-ens6", "TYPE=Ethernet\nDEVICE=ens6\nMASTER=bond0\nSLAVE=yes\nBRIDGE=br0\n"
                + "BRIDGE_UUID=5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e01\n");
        assertEquals(Profile.Type.BRIDGE_PORT, both.type());
        assertEquals("5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e01", both.bridge());
        assertTrue(both.unapplied().get(0).endsWith("MASTER=bond0 (NetworkManager takes BRIDGE= and ignores MASTER=)"),
                () -> both.unapplied().toString());
    }

    /**
     * make_bridge_setting(): no STP=, or STP=no, is STP off (a keyfile's default is on), and then
     * NM ignores DELAY, priority, hello_time and max_age (handle_bridge_option()'s only_with_stp).
     */
    @Test
    void stpOffIgnoresTheStpTimesAsNetworkManagerDoes() {
        Profile br = read("ifcfg-br0", "TYPE=Bridge\nDEVICE=br0\nSTP=no\nDELAY=4\n"
                + "BRIDGING_OPTS=\"priority=4096 hello_time=1 ageing_time=600\"\n");
        assertEquals(Map.of(BridgeOption.STP, 0L, BridgeOption.AGEING_TIME, 60_000L), br.bridgeOptions());
        String f = "/etc/sysconfig/network-scripts/ifcfg-br0";
        String why = " (NetworkManager ignores it while STP is off (STP=no, or no STP=))";
        assertEquals(List.of(f + ":4: key not applied by bondctl: DELAY=4" + why,
                f + ":5: key not applied by bondctl: BRIDGING_OPTS=priority=4096" + why,
                f + ":5: key not applied by bondctl: BRIDGING_OPTS=hello_time=1" + why), br.unapplied());
        assertEquals(Map.of(BridgeOption.STP, 0L), read("ifcfg-br1", "TYPE=bridge\nDEVICE=br1\n").bridgeOptions());
        // and NM's writer writes none of them: only STP=no
        String out = write(br);
        assertTrue(out.startsWith("TYPE=Bridge\nDEVICE=br0\nSTP=no\nBRIDGING_OPTS=ageing_time=600\n"), out);
        assertEquals(br.bridgeOptions(), read("ifcfg-br0", out).bridgeOptions());
    }

    @Test
    void newFilesAreLaidOutAsNetworkManagerWritesThem() {
        Profile br = new Profile(Profile.Type.BRIDGE, "br0").uuid("5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e01").ifname("br0")
                .ipv4(IpConfig.v4("manual", List.of(Address.parse("192.0.2.10/24")), Address.parseIp("192.0.2.1", "gw"),
                        List.of(Address.parseIp("192.0.2.53", "dns")), List.of("k.local.lab")));
        br.bridgeOptions().putAll(Map.of(BridgeOption.FORWARD_DELAY, 400L, BridgeOption.PRIORITY, 4096L,
                BridgeOption.HELLO_TIME, 100L, BridgeOption.MULTICAST_SNOOPING, 0L, BridgeOption.VLAN_FILTERING, 1L,
                BridgeOption.VLAN_DEFAULT_PVID, 10L));
        br.bridgeVlans().addAll(BridgeVlan.parseList("v", "20 pvid untagged,100-102"));
        assertEquals(BRIDGE, write(br));
        // STP on with NM's defaults: priority is written all the same, the defaults are not
        Profile plain = new Profile(Profile.Type.BRIDGE, "br2").ifname("br2");
        plain.bridgeOptions().put(BridgeOption.HELLO_TIME, 200L);
        assertTrue(write(plain).startsWith("STP=yes\nBRIDGING_OPTS=priority=32768\nTYPE=Bridge\nPROXY_METHOD=none\n"),
                write(plain));

        Profile bond = Profile.bond("bond0").uuid("5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e02").bridge("br0")
                .bondSettings(BondSettings.parse(List.of("mode=active-backup", "miimon=100")));
        bond.bridgePortOptions().put(BridgePortOption.PATH_COST, 7L);
        bond.bridgePortOptions().put(BridgePortOption.PRIORITY, 32L); // NM's default: left out
        bond.bridgePortVlans().addAll(BridgeVlan.parseList("v", "20,100-102"));
        assertEquals(BOND_PORT, write(bond));

        Profile nic = new Profile(Profile.Type.BRIDGE_PORT, "ens5").uuid("5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e04")
                .ifname("ens5").bridge("br0");
        nic.bridgePortOptions().putAll(Map.of(BridgePortOption.PRIORITY, 40L, BridgePortOption.HAIRPIN, 1L));
        assertEquals(NIC_PORT.replace("MTU=9000\n", ""), write(nic));
    }

    @Test
    void writeThenReadGivesTheSameProfiles() {
        for (String[] f : List.of(new String[] {"ifcfg-br0", BRIDGE}, new String[] {"ifcfg-bond0", BOND_PORT},
                new String[] {"ifcfg-bond0.10", VLAN_PORT}, new String[] {"ifcfg-ens5", NIC_PORT})) {
            Profile p = read(f[0], f[1]);
            assertEquals(f[1], write(p), "an unchanged profile is rewritten byte for byte");
            if (p.type() == Profile.Type.BRIDGE) {
                p.bridgeOptions().put(BridgeOption.MAX_AGE, 1000L);
                p.bridgeOptions().put(BridgeOption.GROUP_FORWARD_MASK, 8L);
                p.bridgeOptions().put(BridgeOption.VLAN_DEFAULT_PVID, 0L);
                p.bridgeVlans().add(new BridgeVlan(4094, 4094, false, true));
            } else {
                p.bridgePortOptions().put(BridgePortOption.PATH_COST, 65535L);
                p.bridgePortVlans().add(new BridgeVlan(30, 39, false, true));
            }
            Profile back = read(f[0], write(p));
            assertEquals(p.type(), back.type());
            assertEquals(p.bridge(), back.bridge());
            assertEquals(p.bridgePortOptions(), back.bridgePortOptions(), f[0]);
            assertEquals(p.type() == Profile.Type.BRIDGE ? p.bridgeOptions() : Map.of(), back.bridgeOptions(), f[0]);
            assertEquals(p.bridgeVlans(), back.bridgeVlans(), f[0]);
            assertEquals(p.bridgePortVlans(), back.bridgePortVlans(), f[0]);
            assertEquals(p.ipv4(), back.ipv4());
        }
    }

    @Test
    void updatesKeepForeignLinesAndWords() {
        String text = "# br0, by hand\n" + BRIDGE.replace("vlan_filtering=1", "multicast_querier=1 vlan_filtering=1")
                + "BRIDGE_MACADDR=02:00:00:00:00:01\nZONE=internal\n";
        Profile br = read("ifcfg-br0", text);
        br.bridgeOptions().put(BridgeOption.PRIORITY, 8192L);
        br.bridgeOptions().put(BridgeOption.AGEING_TIME, 60_000L);
        br.bridgeOptions().remove(BridgeOption.MULTICAST_SNOOPING);
        String out = write(br);
        assertTrue(out.startsWith("# br0, by hand\nSTP=yes\nDELAY=4\nBRIDGING_OPTS=\"priority=8192 hello_time=1"
                + " ageing_time=600 multicast_querier=1 vlan_filtering=1 default_pvid=10\"\n"), out);
        assertTrue(out.endsWith("ONBOOT=yes\nBRIDGE_MACADDR=02:00:00:00:00:01\nZONE=internal\n"), out);

        // a bond that leaves its bridge: BRIDGE= and its port options go, as NM's writer drops them
        Profile bond = read("ifcfg-bond0", BOND_PORT).bridge(null);
        String left = write(bond);
        assertFalse(left.contains("BRIDGE") || left.contains("path_cost"), left);
        assertNull(read("ifcfg-bond0", left).bridge());
        // a NIC's own profile that becomes a bridge port loses its IP keys (NM drops them from a port's file)
        Profile own = read("ifcfg-ens5", "TYPE=Ethernet\nBOOTPROTO=dhcp\nIPV6INIT=yes\nDEVICE=ens5\nETHTOOL_OPTS=\"-K ens5 gro off\"\n");
        String joined = write(own.as(Profile.Type.BRIDGE_PORT).bridge("br0"));
        assertEquals("TYPE=Ethernet\nDEVICE=ens5\nETHTOOL_OPTS=\"-K ens5 gro off\"\n"
                + "UUID=" + own.uuid() + "\nONBOOT=yes\nBRIDGE=br0\n", joined);
        // and one that becomes a bond port again is no bridge's port
        String bonded = write(read("ifcfg-ens5", NIC_PORT).as(Profile.Type.PORT).master("bond0"));
        assertEquals(Profile.Type.PORT, read("ifcfg-ens5", bonded).type());
        assertFalse(bonded.contains("BRIDGE"), bonded);
    }

    /**
     * NM's writer leaves out DELAY, priority, hello_time and max_age with STP off (its reader
     * ignores them then), so a runbook's "bridge.stp no bridge.forward-delay 0" saves as it does
     * on RHEL 8; the other options stay.
     */
    @Test
    void stpTimesWithStpOffAreLeftOutAsNetworkManagerLeavesThemOut() {
        Profile br = new Profile(Profile.Type.BRIDGE, "br0").ifname("br0");
        br.bridgeOptions().putAll(Map.of(BridgeOption.STP, 0L, BridgeOption.FORWARD_DELAY, 0L, BridgeOption.PRIORITY, 4096L,
                BridgeOption.AGEING_TIME, 10000L));
        String text = write(br);
        assertTrue(text.startsWith("STP=no\nBRIDGING_OPTS=ageing_time=100\nTYPE=Bridge\n"), text);
        assertFalse(text.contains("DELAY") || text.contains("priority"), text);
    }

    /**
     * make_bridge_setting() reads vlan_filtering and default_pvid in BRIDGING_OPTS (with STP off
     * too) and BRIDGE_VLANS; make_bridge_port_setting() BRIDGE_PORT_VLANS, only with BRIDGE=.
     * The lists are NM's: entries apart by commas, white space around them ignored.
     */
    @Test
    void readsVlanFilteringAndVlansAsNetworkManagerDoes() {
        Profile br = read("ifcfg-br0", "TYPE=Bridge\nDEVICE=br0\nBRIDGING_OPTS=\"vlan_filtering=1 default_pvid=0\"\n"
                + "BRIDGE_VLANS=\"100-102 untagged, 7 pvid\"\n");
        assertEquals(Map.of(BridgeOption.STP, 0L, BridgeOption.VLAN_FILTERING, 1L, BridgeOption.VLAN_DEFAULT_PVID, 0L),
                br.bridgeOptions());
        assertEquals(List.of(new BridgeVlan(100, 102, false, true), new BridgeVlan(7, 7, true, false)), br.bridgeVlans());
        assertEquals(List.of(), br.unapplied());
        assertEquals("/etc/sysconfig/network-scripts/ifcfg-br0:4", br.where("bridge.vlans"));
        Profile off = read("ifcfg-br1", "TYPE=Bridge\nBRIDGING_OPTS=\"vlan_filtering=0 default_pvid=1\"\nBRIDGE_VLANS=\n");
        assertEquals(Map.of(BridgeOption.STP, 0L, BridgeOption.VLAN_FILTERING, 0L, BridgeOption.VLAN_DEFAULT_PVID, 1L),
                off.bridgeOptions());
        assertEquals(List.of(), off.bridgeVlans());

        Profile vlan = read("ifcfg-bond0.10", VLAN_PORT + "BRIDGE_PORT_VLANS=\"10 pvid untagged\"\n");
        assertEquals(List.of(new BridgeVlan(10, 10, true, true)), vlan.bridgePortVlans());
        assertEquals(List.of(), vlan.unapplied());
        // a port's file has no bridge VLANs, nor bridge options; a file without BRIDGE= no port VLANs
        String f = "/etc/sysconfig/network-scripts/ifcfg-ens5:";
        Profile nic = read("ifcfg-ens5", "TYPE=Ethernet\nDEVICE=ens5\nBRIDGE=br0\nBRIDGE_VLANS=10\n"
                + "BRIDGING_OPTS=vlan_filtering=1\n");
        assertEquals(List.of(), nic.bridgeVlans());
        assertEquals(List.of(f + "5: key not applied by bondctl: BRIDGING_OPTS=vlan_filtering=1 (not a bridge-port option"
                + " NetworkManager knows: it ignores it)", f + "4: key not applied by bondctl: BRIDGE_VLANS=10"),
                nic.unapplied());
        Profile own = read("ifcfg-ens5", "TYPE=Ethernet\nDEVICE=ens5\nBOOTPROTO=none\nBRIDGE_PORT_VLANS=10\n");
        assertEquals(List.of(), own.bridgePortVlans());
        assertEquals(List.of(f + "4: key not applied by bondctl: BRIDGE_PORT_VLANS=10"), own.unapplied());
    }

    /**
     * write_bridge_setting() writes vlan_filtering=1 and default_pvid only when not NM's default
     * (off, 1), after the multicast options, and BRIDGE_VLANS after BRIDGING_OPTS;
     * write_bridge_port_setting() BRIDGE_PORT_VLANS after the port's BRIDGING_OPTS. Entries
     * are apart by commas, and no VLANs is no key.
     */
    @Test
    void vlansAreWrittenWhereNetworkManagerPutsThem() {
        Profile br = new Profile(Profile.Type.BRIDGE, "br0").ifname("br0");
        br.bridgeOptions().putAll(Map.of(BridgeOption.STP, 0L, BridgeOption.AGEING_TIME, 10000L,
                BridgeOption.MULTICAST_SNOOPING, 0L, BridgeOption.VLAN_FILTERING, 1L, BridgeOption.VLAN_DEFAULT_PVID, 0L));
        br.bridgeVlans().addAll(BridgeVlan.parseList("v", "1 pvid untagged, 100-102"));
        String text = write(br);
        assertTrue(text.startsWith("STP=no\nBRIDGING_OPTS=\"ageing_time=100 multicast_snooping=0 vlan_filtering=1"
                + " default_pvid=0\"\nBRIDGE_VLANS=\"1 pvid untagged,100-102\"\nTYPE=Bridge\n"), text);
        // NM's defaults, given or not, are not written
        br.bridgeOptions().putAll(Map.of(BridgeOption.AGEING_TIME, 30000L, BridgeOption.MULTICAST_SNOOPING, 1L,
                BridgeOption.VLAN_FILTERING, 0L, BridgeOption.VLAN_DEFAULT_PVID, 1L));
        br.bridgeVlans().clear();
        String plain = write(br);
        assertTrue(plain.startsWith("STP=no\nTYPE=Bridge\n"), plain);
        assertFalse(plain.contains("VLAN") || plain.contains("pvid") || plain.contains("vlan"), plain);

        Profile nic = new Profile(Profile.Type.BRIDGE_PORT, "ens5").uuid("5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e04")
                .ifname("ens5").bridge("br0");
        nic.bridgePortOptions().put(BridgePortOption.HAIRPIN, 1L);
        nic.bridgePortVlans().addAll(List.of(new BridgeVlan(10, 10, true, true), new BridgeVlan(20, 29, false, false)));
        assertEquals("TYPE=Ethernet\nBRIDGING_OPTS=hairpin_mode=1\nBRIDGE_PORT_VLANS=\"10 pvid untagged,20-29\"\n"
                + "NAME=ens5\nUUID=5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e04\nDEVICE=ens5\nONBOOT=yes\nBRIDGE=br0\n", write(nic));
        Profile vlan = read("ifcfg-bond0.10", VLAN_PORT);
        vlan.bridgePortVlans().add(new BridgeVlan(10, 10, true, true));
        assertEquals(VLAN_PORT + "BRIDGE_PORT_VLANS=\"10 pvid untagged\"\n", write(vlan),
                "a key new to a file goes at its end, as NM's shvar.c puts it");
    }

    /**
     * A hand-written file's VLAN keys are changed where they are, its other lines and comments
     * kept; VLANs removed take the key, and only it, away.
     */
    @Test
    void vlanChangesKeepAHandWrittenFile() {
        String text = """
                # br0: VLAN-aware, by hand
                DEVICE=br0
                NAME=br0
                UUID=5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e01
                TYPE=Bridge
                STP=no
                ONBOOT=yes
                BOOTPROTO=none
                IPV6INIT=no
                # the trunk, and the bridge's own VLAN
                BRIDGE_VLANS="100-102,20 pvid untagged"
                BRIDGING_OPTS="multicast_querier=1 vlan_filtering=1"
                ZONE=internal
                """;
        Profile br = read("ifcfg-br0", text);
        assertEquals(List.of(new BridgeVlan(100, 102, false, false), new BridgeVlan(20, 20, true, true)), br.bridgeVlans());
        assertEquals(text, write(br), "an unchanged bridge is rewritten byte for byte");
        br.bridgeVlans().add(new BridgeVlan(200, 200, false, false));
        String out = write(br);
        assertEquals(text.replace("20 pvid untagged\"", "20 pvid untagged,200\""), out);
        assertEquals(br.bridgeVlans(), read("ifcfg-br0", out).bridgeVlans());

        String port = "# uplink\nTYPE=Bond\nBONDING_MASTER=yes\nBONDING_OPTS=mode=802.3ad\nDEVICE=bond0\n"
                + "BRIDGE_PORT_VLANS=\"10 pvid untagged,20\"\nBRIDGE=br0\nNAME=bond0\n"
                + "UUID=5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e02\nONBOOT=yes\n";
        Profile bond = read("ifcfg-bond0", port);
        assertEquals(port, write(bond), "an unchanged port is rewritten byte for byte");
        bond.bridgePortVlans().clear();
        assertEquals(port.replace("BRIDGE_PORT_VLANS=\"10 pvid untagged,20\"\n", ""), write(bond));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "TYPE=Bridge\\nSTP=yes\\nDELAY=99 | ifcfg-b:3: DELAY: '99' is out of range [0, 30]",
        "TYPE=Bridge\\nSTP=yes\\nDELAY=1 | ifcfg-b:3: DELAY: value '1' is out of range <2-30> (with STP on)",
        "TYPE=Bridge\\nSTP=on\\nBRIDGING_OPTS=\"priority=1 hello_time=11\" | ifcfg-b:3: BRIDGING_OPTS: hello_time: '11' is out of range [0, 10]",
        "TYPE=Bridge\\nSTP=yes\\nBRIDGING_OPTS=hello_time=0 | ifcfg-b:3: BRIDGING_OPTS: hello_time: value '0' is out of range <1-10>",
        "TYPE=Bridge\\nSTP=yes\\nBRIDGING_OPTS=priority=x | ifcfg-b:3: BRIDGING_OPTS: priority: 'x' is not a number",
        "TYPE=Bridge\\nBRIDGING_OPTS=ageing_time=1000001 | ifcfg-b:2: BRIDGING_OPTS: ageing_time: '1000001' is out of range [0, 1000000]",
        "TYPE=Bridge\\nBRIDGING_OPTS=group_fwd_mask=1 | ifcfg-b:2: BRIDGING_OPTS: group_fwd_mask: the mask can't contain bits 0 (STP), 1 (MAC) or 2 (LACP)",
        "TYPE=Bridge\\nBRIDGING_OPTS=multicast_snooping=yes | ifcfg-b:2: BRIDGING_OPTS: multicast_snooping: 'yes' is not 0 or 1",
        "TYPE=Bridge\\nBRIDGING_OPTS=\"ageing_time=1 ageing_time=2\" | ifcfg-b:2: BRIDGING_OPTS: option ageing_time is given twice",
        "TYPE=Bridge\\nBRIDGING_OPTS=\"ageing_time=1 stp\" | ifcfg-b:2: BRIDGING_OPTS: 'stp' is not OPTION=VALUE",
        "TYPE=Bridge\\nSTP=true | ifcfg-b:2: STP=true is not yes or no (NetworkManager would take it as no)",
        "TYPE=Bridge\\nDEVICE=br0\\nBRIDGE=br1 | ifcfg-b:3: a bridge cannot be a port of bridge br1",
        "TYPE=Bond\\nBRIDGE=br0\\nBRIDGING_OPTS=path_cost=0 | ifcfg-b:3: BRIDGING_OPTS: path_cost: '0' is out of range [1, 65535]",
        "VLAN=yes\\nDEVICE=bond0.7\\nBRIDGE=br0\\nBRIDGING_OPTS=priority=64 | ifcfg-b:4: BRIDGING_OPTS: priority: '64' is out of range [0, 63]",
        "TYPE=Ethernet\\nBRIDGE=br0\\nBRIDGING_OPTS=hairpin_mode=true | ifcfg-b:3: BRIDGING_OPTS: hairpin_mode: 'true' is not yes, on, 1",
        "TYPE=Bridge\\nBRIDGING_OPTS=vlan_filtering=yes | ifcfg-b:2: BRIDGING_OPTS: vlan_filtering: 'yes' is not 0 or 1",
        "TYPE=Bridge\\nBRIDGING_OPTS=default_pvid=4095 | ifcfg-b:2: BRIDGING_OPTS: default_pvid: '4095' is out of range [0, 4094]",
        "TYPE=Bridge\\nDEVICE=br0\\nBRIDGE_VLANS=\"1 pvid untagged,5-7 pvid\" | ifcfg-b:3: BRIDGE_VLANS: a VLAN range can't be a PVID",
        "TYPE=Bridge\\nBRIDGE_VLANS=\"100-110,105\" | ifcfg-b:2: BRIDGE_VLANS: duplicate bridge VLAN vid 105",
        "TYPE=Bridge\\nBRIDGE_VLANS=\"1 pvid,2 pvid\" | ifcfg-b:2: BRIDGE_VLANS: only one VLAN can be the PVID",
        "TYPE=Bridge\\nBRIDGE_VLANS=4095 | ifcfg-b:2: BRIDGE_VLANS: invalid VLAN id range start '4095', must be in [1,4094]",
        "TYPE=Bond\\nBRIDGE=br0\\nBRIDGE_PORT_VLANS=\"10 tagged\" | ifcfg-b:3: BRIDGE_PORT_VLANS: invalid option 'tagged'",
        "TYPE=Ethernet\\nBRIDGE=br0\\nBRIDGE_PORT_VLANS=20-10 | ifcfg-b:3: BRIDGE_PORT_VLANS: invalid VLAN id range 20-10, start VLAN id",
    })
    void badValuesNameFileLineAndKey(String text, String message) {
        BondctlException e = assertThrows(BondctlException.class,
                () -> IfcfgFormat.INSTANCE.read(Path.of("ifcfg-b"), text.replace("\\n", "\n")));
        assertEquals(BondctlException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith(message), () -> e.getMessage() + " does not start with " + message);
    }

    /** The keyfiles NM would write for the same two bridges and ports, as {@link #BRIDGE} and the others say them. */
    private static final List<String[]> KEYFILES = List.of(
            new String[] {"br0.nmconnection", "[connection]\nid=br0\nuuid=5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e01\ntype=bridge\n"
                + "interface-name=br0\n\n[ethernet]\n\n[bridge]\nforward-delay=4\nhello-time=1\nmulticast-snooping=false\n"
                + "priority=4096\nvlan-default-pvid=10\nvlan-filtering=true\nvlans=20 pvid untagged,100-102\n\n[ipv4]\n"
                + "address1=192.0.2.10/24,192.0.2.1\ndns=192.0.2.53;\ndns-search=k.local.lab;\nmethod=manual\n\n[ipv6]\naddr-gen-mode=default\nmethod=auto\n\n[proxy]\n"},
            new String[] {"br1.nmconnection", "[connection]\nid=br1\nuuid=5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e05\ntype=bridge\n"
                + "interface-name=br1\n\n[bridge]\nageing-time=600\ngroup-forward-mask=8\nstp=false\n\n[ipv4]\n"
                + "method=disabled\n\n[ipv6]\nmethod=disabled\n"},
            new String[] {"bond0.nmconnection", "[connection]\nid=bond0\nuuid=5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e02\ntype=bond\n"
                + "interface-name=bond0\nmaster=br0\nslave-type=bridge\n\n[bond]\nmiimon=100\nmode=active-backup\n\n"
                + "[bridge-port]\npath-cost=7\nvlans=20,100-102\n"},
            new String[] {"bond0.10.nmconnection", "[connection]\nid=bond0.10\nuuid=5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e03\n"
                + "type=vlan\ninterface-name=bond0.10\nmaster=br1\nslave-type=bridge\n\n[vlan]\nid=10\nparent=bond0\n"},
            new String[] {"ens5.nmconnection", "[connection]\nid=ens5\nuuid=5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e04\n"
                + "type=ethernet\ninterface-name=ens5\nmaster=br0\nslave-type=bridge\n\n[ethernet]\n\n[bridge-port]\n"
                + "hairpin-mode=true\npriority=40\n"});
    private static final List<String[]> IFCFGS = List.of(new String[] {"ifcfg-br0", BRIDGE},
            new String[] {"ifcfg-br1", "TYPE=Bridge\nBRIDGING_OPTS=\"ageing_time=600 group_fwd_mask=8\"\nBOOTPROTO=none\n"
                + "IPV6_DISABLED=yes\nIPV6INIT=no\nNAME=br1\nUUID=5a1b6c0e-6d7f-4a39-9c0c-3f8e0b2d1e05\nDEVICE=br1\n"},
            new String[] {"ifcfg-bond0", BOND_PORT}, new String[] {"ifcfg-bond0.10", VLAN_PORT}, new String[] {"ifcfg-ens5", NIC_PORT});

    /** The same bridges, ports and bridge addresses from ifcfg files as from the keyfiles NM would write instead. */
    @Test
    void ifcfgFilesMakeTheSameSpecAsKeyfiles() {
        NetworkSpec fromKeyfiles = spec(KEYFILES, KeyfileFormat.INSTANCE);
        NetworkSpec fromIfcfg = spec(IFCFGS, IfcfgFormat.INSTANCE);
        assertEquals(2, fromIfcfg.bridges().size());
        assertEquals(List.of("bond0", "ens5"), fromIfcfg.bridges().get(0).portNames());
        assertEquals(0L, fromIfcfg.bridges().get(1).options().get(BridgeOption.STP), "no STP= is off");
        assertEquals(withoutWhere(fromKeyfiles), withoutWhere(fromIfcfg));
        assertEquals(ipWithoutWhere(fromKeyfiles), ipWithoutWhere(fromIfcfg));
    }

    private static NetworkSpec spec(List<String[]> files, ProfileFormat format) {
        List<Profile> profiles = new ArrayList<>();
        for (String[] f : files) {
            profiles.add(format.read(Path.of("/profiles/" + f[0]), f[1]));
        }
        List<String> notices = new ArrayList<>();
        return ProfileSet.of(profiles).spec(notices::add);
    }

    /**
     * The bridges as "name options mtu mac VLANs [port options VLANs, ...]": what the planner
     * applies, not where it came from.
     */
    private static List<String> withoutWhere(NetworkSpec spec) {
        return spec.bridges().stream().map(b -> b.name() + " " + b.options() + " " + b.mtu() + " " + b.mac() + " "
                + b.vlans() + " " + b.ports().stream().map(p -> p.name() + " " + p.options() + " " + p.vlans()).toList())
                .toList();
    }

    private static List<String> ipWithoutWhere(NetworkSpec spec) {
        return spec.ip().stream().map(i -> i.ifname() + " v4 " + family(i.v4()) + " v6 " + family(i.v6()) + " "
                + i.ipv6Disabled() + " " + i.defaultMetric()).toList();
    }

    private static String family(NetworkSpec.FamilySpec f) {
        return f.managed() + " " + f.addresses() + " " + f.gateway() + " " + f.routes() + " " + f.metric();
    }
}
