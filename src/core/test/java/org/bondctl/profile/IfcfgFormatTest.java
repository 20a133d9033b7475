package org.bondctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ifcfg-rh, checked against the format NM's ifcfg-rh plugin documents and writes (RHEL 8):
 * Debian's NetworkManager has no ifcfg-rh plugin, so these are round trips, not NM loads.
 */
class IfcfgFormatTest {
    /** What RHEL 8's NM 1.40 wrote for the seed (nmcli con add type bond ...), as documented. */
    static final String RHEL_BOND = """
            BONDING_OPTS="miimon=1000 mode=active-backup primary=ens192 primary_reselect=always updelay=10000"
            TYPE=Bond
            BONDING_MASTER=yes
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
            NAME=bond0
            UUID=ba018f33-c306-4a77-8f3b-b03910e975e6
            DEVICE=bond0
            ONBOOT=yes
            """;
    static final String RHEL_PORT = """
            TYPE=Ethernet
            NAME=ens192
            UUID=7fbee7bd-50c2-4af0-b6e5-d1f1111c0277
            DEVICE=ens192
            ONBOOT=yes
            MASTER=bond0
            SLAVE=yes
            """;

    static Profile read(String name, String text) {
        return IfcfgFormat.INSTANCE.read(Path.of("/etc/sysconfig/network-scripts/" + name), text);
    }

    /** ONBOOT follows autoconnect, in a new file and in one that had ONBOOT=yes. */
    @Test
    void autoconnectIsOnboot() {
        Profile b = read("ifcfg-bond0", RHEL_BOND);
        String off = IfcfgFormat.INSTANCE.write(b.autoconnect(false));
        assertTrue(off.contains("ONBOOT=no\n") && !off.contains("ONBOOT=yes"), off);
        assertFalse(read("ifcfg-bond0", off).autoconnect());
        assertTrue(IfcfgFormat.INSTANCE.write(read("ifcfg-bond0", off).autoconnect(true)).contains("ONBOOT=yes\n"));
        String fresh = IfcfgFormat.INSTANCE.write(Profile.bond("bond8").autoconnect(false).autoconnectPorts(1));
        assertTrue(fresh.contains("ONBOOT=no\n") && fresh.contains("AUTOCONNECT_SLAVES=yes\n"), fresh);
        assertEquals(1, read("ifcfg-bond8", fresh).autoconnectPorts());
        assertFalse(IfcfgFormat.INSTANCE.write(read("ifcfg-bond8", fresh).autoconnectPorts(-1)).contains("AUTOCONNECT_SLAVES"));
    }

    @Test
    void readsWhatRhelWrites() {
        Profile b = read("ifcfg-bond0", RHEL_BOND);
        assertEquals(Profile.Type.BOND, b.type());
        assertEquals("bond0", b.ifname());
        assertEquals("mode=active-backup miimon=1000 updelay=10000 primary=ens192 primary_reselect=always",
                KeyfileFormatTest.sorted(b.bondSettings()));
        assertEquals(List.of(Address.parse("192.0.2.10/24")), b.ipv4().addresses());
        assertEquals("192.0.2.1", b.ipv4().gateway().getHostAddress());
        assertEquals(List.of("k.local.lab"), b.ipv4().search());
        Profile p = read("ifcfg-ens192", RHEL_PORT);
        assertEquals(Profile.Type.PORT, p.type());
        assertEquals("bond0", p.master());
    }

    @Test
    void rewritingChangesNothingAndNewFilesMatch() {
        assertEquals(RHEL_BOND, IfcfgFormat.INSTANCE.write(read("ifcfg-bond0", RHEL_BOND)));
        assertEquals(RHEL_PORT, IfcfgFormat.INSTANCE.write(read("ifcfg-ens192", RHEL_PORT)));
        Profile fresh = Profile.bond("bond0").uuid("ba018f33-c306-4a77-8f3b-b03910e975e6")
                .bondSettings(BondSettings.parse(List.of("mode=active-backup", "miimon=1000", "primary=ens192",
                        "primary_reselect=always", "updelay=10000")))
                .ipv4(IpConfig.v4("manual", List.of(Address.parse("192.0.2.10/24")), Address.parseIp("192.0.2.1", "gw"),
                        List.of(Address.parseIp("192.0.2.53", "dns")), List.of("k.local.lab")));
        assertEquals(RHEL_BOND, IfcfgFormat.INSTANCE.write(fresh));
        assertEquals(RHEL_PORT, IfcfgFormat.INSTANCE.write(Profile.port("ens192", "bond0").uuid("7fbee7bd-50c2-4af0-b6e5-d1f1111c0277")));
    }

    @Test
    void updatesKeepForeignLinesAndQuoting() {
        String text = "# managed by hand\n" + RHEL_BOND + "ETHTOOL_OPTS=\"-K bond0 gro off\"\nZONE=public\n";
        Profile b = read("ifcfg-bond0", text);
        b.ipv4(b.ipv4().withAddresses(List.of(Address.parse("192.0.2.10/24"), Address.parse("192.0.2.11/25")))
                .withDns(List.of(Address.parseIp("192.0.2.53", "d"), Address.parseIp("192.0.2.54", "d")), List.of("a.lab", "b.lab")));
        String out = IfcfgFormat.INSTANCE.write(b);
        assertTrue(out.startsWith("# managed by hand\n"), out);
        assertTrue(out.contains("ETHTOOL_OPTS=\"-K bond0 gro off\"\n") && out.contains("ZONE=public\n"), out);
        assertTrue(out.contains("IPADDR1=192.0.2.11\nPREFIX1=25\n") && out.contains("DNS2=192.0.2.54\n")
                && out.contains("DOMAIN=\"a.lab b.lab\"\n"), out);
        Profile back = read("ifcfg-bond0", out);
        assertEquals(b.ipv4(), back.ipv4());
        Profile port = read("ifcfg-ens192", RHEL_PORT);
        port.portOptions().put(PortOption.QUEUE_ID, 2L);
        port.portOptions().put(PortOption.PRIO, 7L);
        Profile portBack = read("ifcfg-ens192", IfcfgFormat.INSTANCE.write(port));
        assertEquals(port.portOptions(), portBack.portOptions());
    }

    @Test
    void vlansIpv6RoutesAndMtuSurviveTheTrip(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Profile b = ServerProfiles.server().get(0);
        ProfileStore store = new ProfileStore(dir, IfcfgFormat.INSTANCE);
        java.nio.file.Files.createDirectories(store.directory());
        Path f = store.save(b);
        Profile back = ProfileStore.load(List.of(f)).get(0);
        assertEquals(b.ipv4(), back.ipv4());
        assertEquals(b.ipv6(), back.ipv6());
        assertEquals(9000, back.mtu());
        assertEquals("ADDRESS0=198.51.100.0\nNETMASK0=255.255.255.128\nGATEWAY0=192.0.2.1\nMETRIC0=50\nOPTIONS0=\"table 100\"\n",
                java.nio.file.Files.readString(store.directory().resolve("route-bond0")));
        assertEquals("2001:db8:1::/48 via 2001:db8::1 metric 20\n",
                java.nio.file.Files.readString(store.directory().resolve("route6-bond0")));
        Profile v = ServerProfiles.server().get(4);
        Profile vback = ProfileStore.load(List.of(store.save(v))).get(0);
        assertEquals(Profile.Type.VLAN, vback.type());
        assertEquals("bond0", vback.vlanParent());
        assertEquals(200, vback.vlanId());
        assertEquals(v.ipv6(), vback.ipv6());
        // routes in ip(8) form, as initscripts and older NM wrote route- files
        java.nio.file.Files.writeString(store.directory().resolve("route-bond0"), "198.51.100.0/25 via 192.0.2.1 metric 50 table 100\n");
        assertEquals(b.ipv4().routes(), ProfileStore.load(List.of(f)).get(0).ipv4().routes());
        // route attributes in NM's ip(8) words: OPTIONSn of the key=value form, and a route6 line
        java.nio.file.Files.writeString(store.directory().resolve("route-bond0"), "ADDRESS0=198.51.100.0\nNETMASK0=255.255.255.0\n"
                + "GATEWAY0=192.0.2.1\nOPTIONS0=\"table 100 src 192.0.2.10 mtu lock 1400 onlink tos 0x10 rto_min 100ms\"\n");
        java.nio.file.Files.writeString(store.directory().resolve("route6-bond0"),
                "2001:db8:1::/48 via 2001:db8::1 metric 20 from 2001:db8::/64 initcwnd lock 15 quickack 1\n");
        Profile attrs = ProfileStore.load(List.of(f)).get(0);
        IpConfig.StaticRoute r4 = attrs.ipv4().routes().get(0);
        assertEquals(100, r4.table());
        assertEquals("lock-mtu=true,mtu=1400,onlink=true,rto_min=100,src=192.0.2.10,tos=16", r4.attrs().toString());
        assertEquals("from=2001:db8::/64,initcwnd=15,lock-initcwnd=true,quickack=true",
                attrs.ipv6().routes().get(0).attrs().toString());
        store.save(attrs);
        assertEquals("ADDRESS0=198.51.100.0\nNETMASK0=255.255.255.0\nGATEWAY0=192.0.2.1\n"
                + "OPTIONS0=\"table 100 mtu lock 1400 onlink rto_min 100 src 192.0.2.10 tos 0x10\"\n",
                java.nio.file.Files.readString(store.directory().resolve("route-bond0")));
        assertEquals("2001:db8:1::/48 via 2001:db8::1 metric 20 from 2001:db8::/64 initcwnd lock 15 quickack 1\n",
                java.nio.file.Files.readString(store.directory().resolve("route6-bond0")));
        java.nio.file.Files.writeString(store.directory().resolve("route6-bond0"), "2001:db8:1::/48 via 2001:db8::1 weight 5\n");
        BondctlException weight = assertThrows(BondctlException.class, () -> ProfileStore.load(List.of(f)));
        assertTrue(weight.getMessage().endsWith("route6-bond0:1: weight=5: bondctl adds no multipath routes"),
                weight::getMessage);
        // no routes left: the route files go
        back.ipv4(new IpConfig(back.ipv4().family(), "manual", back.ipv4().addresses(), null, List.of(), List.of(), List.of(), -1, false));
        back.ipv6(IpConfig.AUTO6);
        store.save(back);
        assertTrue(java.nio.file.Files.notExists(store.directory().resolve("route-bond0")));
        assertTrue(java.nio.file.Files.notExists(store.directory().resolve("route6-bond0")));
    }

    /**
     * VLAN flags and maps in NM's ifcfg-rh words: VLAN_FLAGS=LOOSE_BINDING,NO_REORDER_HDR,
     * GVRP= and MVRP= yes or no (GVRP in VLAN_FLAGS only where GVRP= is absent), the maps
     * "from:to" apart by commas; REORDER_HDR= is deprecated and NM ignores it.
     */
    @Test
    void vlanFlagsAndPriorityMaps() {
        String base = "DEVICE=bond0.7\nVLAN=yes\nPHYSDEV=bond0\nVLAN_ID=7\n";
        assertEquals(new org.bondctl.rtnl.VlanQos(2 | 4, List.of(), List.of()),
                read("ifcfg-bond0.7", base + "VLAN_FLAGS=GVRP,LOOSE_BINDING,NO_REORDER_HDR\nREORDER_HDR=yes\n").vlanQos());
        assertEquals(new org.bondctl.rtnl.VlanQos(1 | 8, List.of(), List.of()),
                read("ifcfg-bond0.7", base + "GVRP=no\nVLAN_FLAGS=GVRP\nMVRP=yes\n").vlanQos());
        Profile p = read("ifcfg-bond0.7", base + "VLAN_INGRESS_PRIORITY_MAP=1:2,3:4\nVLAN_EGRESS_PRIORITY_MAP=\"0:3, 5:7\"\n");
        assertEquals("1:2 3:4", org.bondctl.rtnl.VlanQos.format(p.vlanQos().ingress(), " "));
        assertEquals("0:3 5:7", org.bondctl.rtnl.VlanQos.format(p.vlanQos().egress(), " "));
        p.vlanQos(new org.bondctl.rtnl.VlanQos(2 | 4 | 8, p.vlanQos().ingress(), List.of()));
        String text = IfcfgFormat.INSTANCE.write(p);
        for (String line : List.of("VLAN_FLAGS=LOOSE_BINDING,NO_REORDER_HDR\n", "GVRP=yes\n", "MVRP=yes\n",
                "VLAN_INGRESS_PRIORITY_MAP=1:2,3:4\n")) {
            assertTrue(text.contains(line), () -> line + " missing in\n" + text);
        }
        assertFalse(text.contains("VLAN_EGRESS_PRIORITY_MAP"), text);
        assertEquals(p.vlanQos(), read("ifcfg-bond0.7", text).vlanQos());
        BondctlException e = assertThrows(BondctlException.class,
                () -> read("ifcfg-bond0.7", base + "VLAN_EGRESS_PRIORITY_MAP=1:8\n"));
        assertTrue(e.getMessage().endsWith("VLAN_EGRESS_PRIORITY_MAP: invalid priority map '1:8'"), e::getMessage);
    }

    @Test
    void shellQuotingForms() {
        Profile b = read("ifcfg-x", "DEVICE='bond9'\nNAME=$'my\\tbond'\nTYPE=Bond\nBONDING_OPTS='mode=4 lacp_rate=fast' # LACP\n"
                + "NETMASK=255.255.255.128\nIPADDR=198.51.100.9\nMASTER_UUID=\n");
        assertEquals("bond9", b.ifname());
        assertEquals("my\tbond", b.id());
        assertEquals("802.3ad", b.bondSettings().toString().replaceAll(".*mode=([^ ]+).*", "$1"));
        assertEquals(25, b.ipv4().addresses().get(0).prefix());
        assertEquals("$'a\\tb'", Ifcfg.escape("a\tb"));
        assertEquals("\"a \\\"b\\\" \\$c\"", Ifcfg.escape("a \"b\" $c"));
    }

    /**
     * DEFROUTE=no and IPV6_DEFROUTE=no are never-default (svParseBoolean's words, any case): NM
     * drops the gateway (a note says so) and bondctl writes them back as no; a file that had
     * DEFROUTE=yes keeps it, one that had none gets none.
     */
    /**
     * NetworkManager's ifcfg-rh variables for routing rules: ROUTING_RULE_N and ROUTING_RULE6_N,
     * in N's order, in NM's text (quoted: the values have spaces); one NM refuses is reported
     * and left out; written back as NM's writer numbers them.
     */
    @Test
    void routingRulesAreRoutingRuleVariables() {
        Profile b = read("ifcfg-bond0", "TYPE=Bond\nBONDING_MASTER=yes\nBOOTPROTO=none\nIPADDR=192.0.2.10\nPREFIX=24\n"
                + "ROUTING_RULE_2=\"priority 61 fwmark 0x10/0xff iif lo table 5\"\n"
                + "ROUTING_RULE_1=\"priority 60 from 192.0.2.0/24 table 200\"\nROUTING_RULE_3='priority 62 table 0'\n"
                + "IPV6INIT=yes\nIPV6_AUTOCONF=no\nIPV6ADDR=2001:db8::10/64\n"
                + "ROUTING_RULE6_1=\"priority 60 from 2001:db8::/64 type prohibit\"\nNAME=bond0\nDEVICE=bond0\nONBOOT=yes\n");
        assertEquals(List.of("priority 60 from 192.0.2.0/24 table 200", "priority 61 from 0.0.0.0/0 fwmark 0x10/0xff iif lo table 5"),
                b.ipv4().rules().stream().map(Object::toString).toList());
        assertEquals(List.of("priority 60 from 2001:db8::/64 type prohibit"), b.ipv6().rules().stream().map(Object::toString).toList());
        assertEquals(List.of("/etc/sysconfig/network-scripts/ifcfg-bond0:8: key not applied by bondctl: ROUTING_RULE_3=priority 62"
                + " table 0 (not a routing rule NetworkManager takes: rule is invalid: missing table)"), b.unapplied());
        String out = IfcfgFormat.INSTANCE.write(b);
        assertTrue(out.contains("ROUTING_RULE_1=\"priority 60 from 192.0.2.0/24 table 200\"\n")
                && out.contains("ROUTING_RULE_2=\"priority 61 from 0.0.0.0/0 fwmark 0x10/0xff iif lo table 5\"\n")
                && !out.contains("ROUTING_RULE_3") && out.contains("ROUTING_RULE6_1=\"priority 60 from 2001:db8::/64 type prohibit\"\n"), out);
        assertEquals(b.ipv4(), read("ifcfg-bond0", out).ipv4());
        assertEquals(b.ipv6(), read("ifcfg-bond0", out).ipv6());
    }

    /** IPV4_ROUTE_TABLE and IPV6_ROUTE_TABLE (NM's ifcfg-rh names): read, written back, a bad one refused with its line. */
    @Test
    void routeTablesAreRouteTableVariables() {
        Profile b = read("ifcfg-bond0", "TYPE=Bond\nBONDING_MASTER=yes\nBOOTPROTO=none\nIPADDR=192.0.2.10\nPREFIX=24\n"
                + "IPV4_ROUTE_TABLE=5000\nIPV6INIT=yes\nIPV6_AUTOCONF=no\nIPV6ADDR=2001:db8::10/64\nIPV6_ROUTE_TABLE=4294967295\n"
                + "NAME=bond0\nDEVICE=bond0\nONBOOT=yes\n");
        assertEquals(5000, b.ipv4().routeTable());
        assertEquals("4294967295", Integer.toUnsignedString(b.ipv6().routeTable()));
        assertEquals(List.of(), b.unapplied());
        String out = IfcfgFormat.INSTANCE.write(b);
        assertTrue(out.contains("IPV4_ROUTE_TABLE=5000\n") && out.contains("IPV6_ROUTE_TABLE=4294967295\n"), out);
        assertEquals(b.ipv4(), read("ifcfg-bond0", out).ipv4());
        BondctlException e = assertThrows(BondctlException.class, () -> read("ifcfg-bond0",
                "TYPE=Bond\nBONDING_MASTER=yes\nBOOTPROTO=none\nIPADDR=192.0.2.10\nPREFIX=24\nIPV4_ROUTE_TABLE=-1\nDEVICE=bond0\n"));
        assertTrue(e.getMessage().contains("ifcfg-bond0:6: IPV4_ROUTE_TABLE=-1 is not a route table (0 to 4294967295)"),
                e.getMessage());
    }

    @Test
    void defrouteNoIsNeverDefault() {
        Profile b = read("ifcfg-bond0", "TYPE=Bond\nBONDING_MASTER=yes\nBONDING_OPTS=mode=active-backup\nBOOTPROTO=none\n"
                + "IPADDR=192.0.2.10\nPREFIX=24\nGATEWAY=192.0.2.1\nDEFROUTE=N\nIPV6INIT=yes\nIPV6_AUTOCONF=no\n"
                + "IPV6ADDR=2001:db8::10/64\nIPV6_DEFAULTGW=2001:db8::1\nIPV6_DEFROUTE=no\nNAME=bond0\nDEVICE=bond0\nONBOOT=yes\n");
        assertTrue(b.ipv4().neverDefault());
        assertTrue(b.ipv6().neverDefault());
        assertNull(b.ipv4().gateway());
        assertNull(b.ipv6().gateway());
        assertEquals(List.of(
                "/etc/sysconfig/network-scripts/ifcfg-bond0:7: key not applied by bondctl: GATEWAY=192.0.2.1 (DEFROUTE=no: no"
                        + " default route through it (NetworkManager drops the gateway))",
                "/etc/sysconfig/network-scripts/ifcfg-bond0:12: key not applied by bondctl: IPV6_DEFAULTGW=2001:db8::1"
                        + " (IPV6_DEFROUTE=no: no default route through it (NetworkManager drops the gateway))"),
                b.unapplied());
        String out = IfcfgFormat.INSTANCE.write(b);
        assertTrue(out.contains("DEFROUTE=no\n") && out.contains("IPV6_DEFROUTE=no\n"), out);
        assertFalse(out.contains("GATEWAY=") || out.contains("IPV6_DEFAULTGW"), out);
        assertEquals(b.ipv4(), read("ifcfg-bond0", out).ipv4());
        String back = IfcfgFormat.INSTANCE.write(read("ifcfg-bond0", out).ipv4(b.ipv4().withNeverDefault(false)
                .withGateway(org.bondctl.rtnl.Address.parseIp("192.0.2.1", "gw"))));
        assertTrue(back.contains("GATEWAY=192.0.2.1\n") && back.contains("DEFROUTE=yes\n"), back);
        Profile plain = read("ifcfg-bond1", "TYPE=Bond\nBONDING_MASTER=yes\nIPADDR=192.0.2.11\nGATEWAY=192.0.2.1\nDEFROUTE=maybe\n");
        assertFalse(plain.ipv4().neverDefault(), "a word svParseBoolean does not know is the default, yes");
        String none = IfcfgFormat.INSTANCE.write(read("ifcfg-bond2", "TYPE=Bond\nBONDING_MASTER=yes\nIPADDR=192.0.2.12\n"));
        assertFalse(none.contains("DEFROUTE"), none);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "TYPE=Bond\\nBONDING_OPTS=\"mode=active-backup frob=1\" | ifcfg-b:2: BONDING_OPTS: unknown bond option",
        "TYPE=Bond\\nBONDING_OPTS=\"miimon=x\" | ifcfg-b:2: BONDING_OPTS: option miimon",
        "TYPE=Bond\\nthis line | ifcfg-b:2: malformed line",
        "TYPE=Bond\\nNAME=\"open | ifcfg-b:2: unterminated \" quote",
        "TYPE=Bond\\nNAME=a b | ifcfg-b:2: unquoted white space",
        "TYPE=Bond\\nNAME=$(reboot) | ifcfg-b:2: unquoted shell character",
        "TYPE=Bond\\nTYPE=Ethernet | ifcfg-b:2: TYPE is set twice",
        "TYPE=Bond\\nIPADDR=192.0.2.1\\nPREFIX=x | ifcfg-b:3: PREFIX=x is not a number",
        "TYPE=Bond\\nBOOTPROTO=magic | ifcfg-b:2: BOOTPROTO=magic",
        "MASTER=bond0\\nBOND_PORT_WEIGHT=1 | ifcfg-b:2: unknown key BOND_PORT_WEIGHT",
        "TYPE=Bond\\nDNS1=resolver | ifcfg-b:2: DNS1",
    })
    void badFilesNameFileAndLine(String text, String message) {
        BondctlException e = assertThrows(BondctlException.class,
                () -> IfcfgFormat.INSTANCE.read(Path.of("ifcfg-b"), text.replace("\\n", "\n")));
        assertEquals(BondctlException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith(message), () -> e.getMessage() + " does not start with " + message);
    }
}
