package org.bondctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.bondctl.bridge.BridgeOption;
import org.bondctl.bridge.BridgePortOption;
import org.bondctl.error.BondctlException;
import org.junit.jupiter.api.Test;

/**
 * Bridge profiles as NetworkManager 1.42 wrote them in the test bed (nmcli connection add type
 * bridge, a bond and a VLAN with master= and slave-type=bridge, a bridge-slave NIC), read,
 * written back unchanged, and refused where the kernel or NM would refuse them.
 */
class KeyfileBridgeTest {
    static final String BR0 = "[connection]\nid=br0\nuuid=2ce9536a-c29a-4a0f-8c86-890b568fb5c4\ntype=bridge\n"
            + "interface-name=br0\n\n[ethernet]\n\n[bridge]\nforward-delay=4\nstp=false\n\n[ipv4]\n"
            + "address1=192.0.2.10/24,192.0.2.1\ndns=192.0.2.53;\nmethod=manual\n\n[ipv6]\naddr-gen-mode=default\n"
            + "method=disabled\n\n[proxy]\n";
    static final String BOND0 = "[connection]\nid=bond0\nuuid=109605f4-c871-4db2-815c-168b24e15ea5\ntype=bond\n"
            + "interface-name=bond0\nmaster=br0\nslave-type=bridge\n\n[bond]\nmiimon=100\nmode=active-backup\n\n"
            + "[bridge-port]\nhairpin-mode=true\npath-cost=7\npriority=40\n";
    static final String VLAN = "[connection]\nid=bond0.10\nuuid=5eda44e6-e789-43e3-81bf-999787a9355e\ntype=vlan\n"
            + "interface-name=bond0.10\nmaster=br10\nslave-type=bridge\n\n[ethernet]\n\n[vlan]\nflags=1\nid=10\nparent=bond0\n\n"
            + "[bridge-port]\n";
    static final String NIC = "[connection]\nid=br0-p2\nuuid=f093a821-eccb-45a4-821c-31172ead4618\ntype=ethernet\n"
            + "interface-name=ens2\nmaster=br0\nslave-type=bridge\n\n[ethernet]\n\n[bridge-port]\n";

    private static Profile read(String name, String text) {
        return KeyfileFormatTest.read(name, text);
    }

    @Test
    void readsNetworkManagersBridgeProfiles() {
        Profile br = read("br0.nmconnection", BR0);
        assertEquals(Profile.Type.BRIDGE, br.type());
        assertEquals(Map.of(BridgeOption.FORWARD_DELAY, 400L, BridgeOption.STP, 0L), br.bridgeOptions());
        assertEquals("192.0.2.10/24", br.ipv4().addresses().get(0).toString());
        assertTrue(br.unapplied().stream().noneMatch(u -> u.contains("bridge")), br.unapplied()::toString);

        Profile bond = read("bond0.nmconnection", BOND0);
        assertEquals(Profile.Type.BOND, bond.type());
        assertEquals("br0", bond.bridge());
        assertEquals(Map.of(BridgePortOption.HAIRPIN, 1L, BridgePortOption.PATH_COST, 7L, BridgePortOption.PRIORITY, 40L),
                bond.bridgePortOptions());
        assertEquals(List.of(), bond.unapplied());

        Profile vlan = read("bond0.10.nmconnection", VLAN);
        assertEquals("br10", vlan.bridge());
        assertEquals("bond0", vlan.vlanParent());

        Profile nic = read("br0-p2.nmconnection", NIC);
        assertEquals(Profile.Type.BRIDGE_PORT, nic.type());
        assertEquals("br0", nic.bridge());
        assertNull(nic.master());
    }

    @Test
    void writesThemBackAsTheyWere() {
        for (String[] f : new String[][] {{"br0.nmconnection", BR0}, {"bond0.nmconnection", BOND0},
            {"bond0.10.nmconnection", VLAN}, {"br0-p2.nmconnection", NIC}}) {
            Profile p = read(f[0], f[1]);
            assertEquals(KeyfileFormatTest.semantic(f[1]), KeyfileFormatTest.semantic(KeyfileFormat.INSTANCE.write(p)), f[0]);
        }
    }

    @Test
    void aNewBridgeIsWrittenAsNmcliWritesOne() {
        Profile br = new Profile(Profile.Type.BRIDGE, "br0").ifname("br0").ipv4(IpConfig.v4("manual",
                List.of(org.bondctl.rtnl.Address.parse("192.0.2.10/24")), null, List.of(), List.of()));
        br.bridgeOptions().put(BridgeOption.STP, 0L);
        String text = KeyfileFormat.INSTANCE.write(br);
        assertTrue(text.contains("type=bridge\ninterface-name=br0\n\n[ethernet]\n\n[bridge]\nstp=false\n\n[ipv4]\n"), text);
        Profile bond = Profile.bond("bond0").bridge("br0");
        String b = KeyfileFormat.INSTANCE.write(bond);
        assertTrue(b.contains("interface-name=bond0\nmaster=br0\nslave-type=bridge\n") && b.contains("[bridge-port]")
                && !b.contains("[ipv4]"), b);
    }

    @Test
    void refusesWhatTheKernelOrNetworkManagerRefuses() {
        BondctlException e = assertThrows(BondctlException.class, () -> read("br0.nmconnection",
                BR0.replace("forward-delay=4", "forward-delay=99")));
        assertTrue(e.getMessage().endsWith("br0.nmconnection:10: [bridge] forward-delay: '99' is out of range [0, 30]"),
                e.getMessage());
        e = assertThrows(BondctlException.class, () -> read("br0.nmconnection", BR0.replace("stp=false", "stp=true")
                .replace("forward-delay=4", "forward-delay=1")));
        assertTrue(e.getMessage().contains(":10: [bridge] forward-delay: value '1' is out of range <2-30>"), e.getMessage());
        // with STP off the kernel takes any forward delay
        assertEquals(100L, read("br0.nmconnection", BR0.replace("forward-delay=4", "forward-delay=1")).bridgeOptions()
                .get(BridgeOption.FORWARD_DELAY));
        e = assertThrows(BondctlException.class, () -> read("br0.nmconnection", BR0.replace("stp=false",
                "group-forward-mask=1")));
        assertTrue(e.getMessage().contains("group-forward-mask: the mask can't contain bits 0 (STP), 1 (MAC) or 2 (LACP)"),
                e.getMessage());
        e = assertThrows(BondctlException.class, () -> read("bond0.nmconnection", BOND0.replace("path-cost=7", "path-cost=0")));
        assertTrue(e.getMessage().contains("[bridge-port] path-cost: '0' is out of range [1, 65535]"), e.getMessage());
        e = assertThrows(BondctlException.class, () -> read("bond0.nmconnection", BOND0.replace("master=br0\n", "")));
        assertTrue(e.getMessage().contains("slave-type=bridge but no master="), e.getMessage());
        e = assertThrows(BondctlException.class, () -> read("br0.nmconnection", BR0.replace("interface-name=br0\n",
                "interface-name=br0\nmaster=br1\nslave-type=bridge\n")));
        assertTrue(e.getMessage().contains("a bridge cannot be a port of bridge br1"), e.getMessage());
    }

    /** A VLAN-aware bridge as NM 1.42 wrote it in the test bed (nmcli sorts the lists). */
    @Test
    void vlanFilteringAndVlanListsAreReadAndWrittenBack() {
        String br = BR0.replace("stp=false\n", "stp=false\nvlan-default-pvid=10\nvlan-filtering=true\n"
                + "vlans=100-102,200 pvid,300 untagged\n");
        Profile p = read("br0.nmconnection", br);
        assertEquals(1L, p.bridgeOptions().get(BridgeOption.VLAN_FILTERING));
        assertEquals(10L, p.bridgeOptions().get(BridgeOption.VLAN_DEFAULT_PVID));
        assertEquals("100-102, 200 pvid, 300 untagged", org.bondctl.bridge.BridgeVlan.format(p.bridgeVlans(), ", "));
        assertTrue(p.unapplied().stream().noneMatch(u -> u.contains("bridge")), p.unapplied()::toString);
        assertEquals(KeyfileFormatTest.semantic(br), KeyfileFormatTest.semantic(KeyfileFormat.INSTANCE.write(p)));
        p.bridgeVlans().remove(0);
        assertTrue(KeyfileFormat.INSTANCE.write(p).contains("vlan-filtering=true\nvlans=200 pvid,300 untagged\n\n[ipv4]"));
        String bond = BOND0.replace("priority=40\n", "priority=40\nvlans=20 pvid untagged,30-31\n");
        Profile b = read("bond0.nmconnection", bond);
        assertEquals("20 pvid untagged,30-31", org.bondctl.bridge.BridgeVlan.format(b.bridgePortVlans(), ","));
        assertEquals(KeyfileFormatTest.semantic(bond), KeyfileFormatTest.semantic(KeyfileFormat.INSTANCE.write(b)));
        // the port's list goes when it is a port no more
        b.bridge(null).bridgePortVlans().clear();
        assertTrue(!KeyfileFormat.INSTANCE.write(b).contains("vlans="));

        BondctlException e = assertThrows(BondctlException.class, () -> read("br0.nmconnection",
                br.replace("200 pvid", "200-201 pvid")));
        assertTrue(e.getMessage().endsWith("br0.nmconnection:14: [bridge] vlans: a VLAN range can't be a PVID"), e.getMessage());
        e = assertThrows(BondctlException.class, () -> read("bond0.nmconnection", bond.replace("30-31", "30-31 pvid")));
        assertTrue(e.getMessage().contains(": [bridge-port] vlans: a VLAN range can't be a PVID"), e.getMessage());
        e = assertThrows(BondctlException.class, () -> read("br0.nmconnection", br.replace("vlan-default-pvid=10",
                "vlan-default-pvid=4095")));
        assertTrue(e.getMessage().contains("[bridge] vlan-default-pvid: '4095' is out of range [0, 4094]"), e.getMessage());
    }
}
