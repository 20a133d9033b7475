package org.bondctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The keyfiles NetworkManager 1.42.4 wrote for the seed, read and written back. */
class KeyfileFormatTest {
    /** A copy of ../shared/reference/nm-1.42.4-keyfiles (test resources). */
    static final Path REF = Path.of("src/core/test/resources/nm-1.42.4-keyfiles");

    static String ref(String name) throws IOException {
        Path p = REF.resolve(name);
        if (Files.exists(p)) {
            return Files.readString(p);
        }
        try (var in = KeyfileFormatTest.class.getResourceAsStream("/nm-1.42.4-keyfiles/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static Profile read(String name, String text) {
        return KeyfileFormat.INSTANCE.read(Path.of("/etc/NetworkManager/system-connections/" + name), text);
    }

    /** A keyfile as {section.key: value}, without the keys NM stamps itself. */
    static Map<String, String> semantic(String text) {
        Keyfile k = Keyfile.parse("x", text);
        Map<String, String> m = new LinkedHashMap<>();
        for (Keyfile.Section s : k.sections) {
            m.put("[" + s.name + "]", "");
            for (Keyfile.Entry e : s.entries) {
                if (e.key != null && !e.key.equals("timestamp") && !e.key.equals("uuid")) {
                    m.put(s.name + "." + e.key, e.value);
                }
            }
        }
        return m;
    }

    @Test
    void readsTheSeedBond() throws IOException {
        Profile p = read("bond0.nmconnection", ref("bond0.nmconnection"));
        assertEquals(Profile.Type.BOND, p.type());
        assertEquals("bond0", p.id());
        assertEquals("ba018f33-c306-4a77-8f3b-b03910e975e6", p.uuid());
        assertEquals("bond0", p.ifname());
        assertEquals("mode=active-backup miimon=1000 updelay=10000 primary=ens192 primary_reselect=always",
                sorted(p.bondSettings()));
        assertEquals("manual", p.ipv4().method());
        assertEquals(List.of(Address.parse("192.0.2.10/24")), p.ipv4().addresses());
        assertEquals("192.0.2.1", p.ipv4().gateway().getHostAddress());
        assertEquals("192.0.2.53", p.ipv4().dns().get(0).getHostAddress());
        assertEquals(List.of("k.local.lab"), p.ipv4().search());
    }

    static String sorted(BondSettings s) {
        BondSettings o = new BondSettings();
        s.inKernelOrder().forEach(x -> o.copy(x, s));
        return o.toString();
    }

    @Test
    void readsTheSeedPorts() throws IOException {
        for (String n : List.of("ens192", "ens224")) {
            Profile p = read(n + ".nmconnection", ref(n + ".nmconnection"));
            assertEquals(Profile.Type.PORT, p.type());
            assertEquals(n, p.ifname());
            assertEquals("bond0", p.master());
            assertTrue(p.portOptions().isEmpty());
        }
    }

    @Test
    void rewritingAnNmFileChangesNothing() throws IOException {
        for (String n : List.of("bond0", "ens192", "ens224")) {
            String text = ref(n + ".nmconnection");
            assertEquals(text, KeyfileFormat.INSTANCE.write(read(n + ".nmconnection", text)), n);
        }
    }

    @Test
    void aNewProfileIsWhatNmWrote() throws IOException {
        Profile bond = Profile.bond("bond0").bondSettings(BondSettings.parse(List.of(
                "mode=active-backup", "miimon=1000", "primary=ens192", "primary_reselect=always", "updelay=10000")))
                .ipv4(IpConfig.v4("manual", List.of(Address.parse("192.0.2.10/24")), Address.parseIp("192.0.2.1", "gw"),
                        List.of(Address.parseIp("192.0.2.53", "dns")), List.of("k.local.lab")));
        assertEquals(semantic(ref("bond0.nmconnection")), semantic(KeyfileFormat.INSTANCE.write(bond)));
        for (String n : List.of("ens192", "ens224")) {
            assertEquals(semantic(ref(n + ".nmconnection")), semantic(KeyfileFormat.INSTANCE.write(Profile.port(n, "bond0"))));
        }
        assertEquals(Profile.stableUuid("bond0"), Profile.bond("bond0").uuid(), "stable");
        assertEquals(Profile.stableUuid("bond0"), read("b", KeyfileFormat.INSTANCE.write(bond)).uuid());
    }

    @Test
    void anUpdateKeepsWhatBondctlDoesNotManage() throws IOException {
        String text = ref("bond0.nmconnection").replace("[ipv6]", "# kept comment\n[ipv6]\nmtu-hint=1\n")
                .replace("type=bond\n", "type=bond\nautoconnect-priority=5\n")
                .replace("method=manual\n", "method=manual\nmay-fail=false\nroute1=198.51.100.0/24,192.0.2.254\n")
                + "\n[user]\norg.example.owner=ops\n";
        Profile p = read("bond0.nmconnection", text);
        p.bondSettings(p.bondSettings().without(BondOption.UPDELAY).put(BondOption.MIIMON, 500L));
        p.ipv4(p.ipv4().withAddresses(List.of(Address.parse("192.0.2.11/24"), Address.parse("198.51.100.5/24"))));
        String out = KeyfileFormat.INSTANCE.write(p);
        for (String kept : List.of("autoconnect-priority=5", "# kept comment", "mtu-hint=1", "may-fail=false",
                "route1=198.51.100.0/24,192.0.2.254", "[user]\norg.example.owner=ops", "timestamp=1795505846",
                "uuid=ba018f33-c306-4a77-8f3b-b03910e975e6")) {
            assertTrue(out.contains(kept), () -> kept + " lost:\n" + out);
        }
        assertTrue(out.contains("[bond]\nmiimon=500\nmode=active-backup\nprimary=ens192\nprimary_reselect=always\n\n"), out);
        assertTrue(out.contains("address1=192.0.2.11/24,192.0.2.1\naddress2=198.51.100.5/24\n"), out);
        assertFalse(out.contains("updelay"), out);
        Profile again = read("bond0.nmconnection", out);
        assertEquals(2, again.ipv4().addresses().size());
    }

    /** Off is written as NM writes it (autoconnect=false, before interface-name); on again removes it. */
    @Test
    void autoconnectOffIsWrittenAndOnAgainRemovesIt() throws IOException {
        Profile bond = Profile.bond("bond7").autoconnect(false);
        String off = KeyfileFormat.INSTANCE.write(bond);
        assertTrue(off.contains("type=bond\nautoconnect=false\ninterface-name=bond7\n"), off);
        Profile back = read("bond7.nmconnection", off);
        assertFalse(back.autoconnect());
        String on = KeyfileFormat.INSTANCE.write(back.autoconnect(true));
        assertFalse(on.contains("autoconnect"), on);
        assertTrue(read("bond7.nmconnection", on).autoconnect());
        Profile ports = read("bond7.nmconnection", KeyfileFormat.INSTANCE.write(Profile.bond("bond7").autoconnectPorts(1)));
        assertEquals(1, ports.autoconnectPorts());
        String none = KeyfileFormat.INSTANCE.write(ports.autoconnectPorts(-1));
        assertFalse(none.contains("autoconnect-slaves"), none);
        Profile port = Profile.port("ens192", "bond7").autoconnect(false);
        assertFalse(read("ens192.nmconnection", KeyfileFormat.INSTANCE.write(port)).autoconnect());
    }

    @Test
    void portOptionsAndListsRoundTrip() {
        Profile port = Profile.port("ens192", "bond0");
        port.portOptions().put(PortOption.QUEUE_ID, 3L);
        port.portOptions().put(PortOption.PRIO, -5L);
        String text = KeyfileFormat.INSTANCE.write(port);
        assertTrue(text.contains("[bond-port]\nqueue-id=3\nprio=-5\n") || text.contains("[bond-port]\nprio=-5\nqueue-id=3\n"), text);
        Profile back = read("ens192.nmconnection", text);
        assertEquals(port.portOptions(), back.portOptions());

        Profile bond = Profile.bond("bond1").bondSettings(BondSettings.parse(List.of("mode=balance-xor",
                "arp_interval=100", "arp_ip_target=192.0.2.1,192.0.2.2", "xmit_hash_policy=layer3+4", "num_grat_arp=3")));
        String bt = KeyfileFormat.INSTANCE.write(bond);
        assertTrue(bt.contains("arp_ip_target=192.0.2.1,192.0.2.2\n") && bt.contains("num_grat_arp=3\n"), bt);
        assertEquals(sorted(bond.bondSettings()), sorted(read("bond1.nmconnection", bt).bondSettings()));
        assertEquals("disabled", read("bond1.nmconnection", bt).ipv4().method());
    }

    @Test
    void escapesAndLists() {
        assertEquals(List.of("a b", "c;d"), Keyfile.list(Keyfile.joinList(List.of("a b", "c;d"))));
        assertEquals(" x\\y\n", Keyfile.unescape(Keyfile.escape(" x\\y\n")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[connection]\\nid=b\\ntype=bond\\ninterface-name=b\\n[bond]\\nmode=active-backup\\nfrobnicate=1 | b.nmconnection:7: [bond] unknown key frobnicate",
        "[connection]\\nid=b\\ntype=bond\\n[bond]\\nmiimon=-1 | b.nmconnection:5: [bond] option miimon",
        "[connection]\\nid=b\\ntype=bond\\n[bond]\\nmode=fast | b.nmconnection:5: [bond] option mode",
        "id=b | b.nmconnection:1: key 'id' before the first [section]",
        "[connection]\\nid=b\\nthis is not a key | b.nmconnection:3: malformed line",
        "[connection\\nid=b | b.nmconnection:1: malformed section header",
        "[connection]\\nid=b\\nid=c | b.nmconnection:3: key id appears twice",
        "[connection]\\nid=b | b.nmconnection:1: [connection] has no type",
        "[ipv4]\\nmethod=manual | b.nmconnection:1: no [connection] section",
        "[connection]\\nid=b\\ntype=bond\\n[ipv4]\\naddress1=192.0.2.300/24 | b.nmconnection:5: [ipv4] address1",
        "[connection]\\nid=b\\ntype=bond\\n[ipv4]\\nmethod=dhcp | b.nmconnection:5: [ipv4] method=dhcp",
        "[connection]\\nid=b\\ntype=bond\\n[ipv4]\\ndns=2001:db8::53 | b.nmconnection:5: [ipv4] dns: dns server 2001:db8::53 is not an IPv4 address",
        "[connection]\\nid=b\\ntype=vlan\\n[vlan]\\nparent=bond0\\nid=4095 | b.nmconnection:6: [vlan] id=4095 is not 1-4094",
        "[connection]\\nid=b\\ntype=bond\\n[ipv4]\\nroute1=198.51.100.7/24,192.0.2.1 | b.nmconnection:5: [ipv4] route1",
        "[connection]\\nid=b\\ntype=bond\\nuuid=xyz | b.nmconnection:4: uuid 'xyz' is not a UUID",
        "[connection]\\nid=p\\ntype=ethernet\\nslave-type=bond | b.nmconnection:4: slave-type=bond but no master=",
        "[connection]\\nid=p\\ntype=ethernet\\nmaster=b\\nslave-type=bond\\n[bond-port]\\nweight=1 | b.nmconnection:7: [bond-port] unknown key weight",
        "[connection]\\nid=p\\ntype=ethernet\\nmaster=b\\nslave-type=bond\\n[bond-port]\\nqueue-id=70000 | b.nmconnection:7: [bond-port] option queue_id",
    })
    void badKeyfilesNameFileAndLine(String text, String message) {
        BondctlException e = assertThrows(BondctlException.class,
                () -> KeyfileFormat.INSTANCE.read(Path.of("b.nmconnection"), text.replace("\\n", "\n")));
        assertEquals(BondctlException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith(message), () -> e.getMessage() + " does not start with " + message);
    }

    @Test
    void vlansIpv6RoutesAndMtuSurviveTheTrip() {
        for (Profile p : ServerProfiles.server()) {
            String text = KeyfileFormat.INSTANCE.write(p);
            Profile back = read(p.id() + ".nmconnection", text);
            assertEquals(p.type(), back.type(), text);
            assertEquals(p.mtu(), back.mtu(), text);
            assertEquals(p.vlanParent(), back.vlanParent(), text);
            assertEquals(p.vlanId(), back.vlanId(), text);
            if (p.type() != Profile.Type.PORT) {
                assertEquals(p.ipv4(), back.ipv4(), text);
                assertEquals(p.ipv6(), back.ipv6(), text);
            }
            assertEquals(text, KeyfileFormat.INSTANCE.write(back), "rewritten unchanged");
        }
        String bond = KeyfileFormat.INSTANCE.write(ServerProfiles.server().get(0));
        assertTrue(bond.contains("[ipv6]\naddr-gen-mode=default\naddress1=2001:db8::10/64,2001:db8::1\ndns=2001:db8::53;\nmethod=manual\n"
                + "route1=2001:db8:1::/48,2001:db8::1,20\n"), bond);
        assertTrue(bond.contains("route1=198.51.100.0/25,192.0.2.1,50\nroute1_options=table=100\n"), bond);
        Profile ad = Profile.vlan("qinq", "bond0", 300, org.bondctl.rtnl.Rtnl.ETH_P_8021AD);
        assertEquals(org.bondctl.rtnl.Rtnl.ETH_P_8021AD, read("qinq.nmconnection", KeyfileFormat.INSTANCE.write(ad)).vlanProtocol());
    }

    /**
     * Typed routes as NM 1.42 wrote them (seen in the test bed): the type among the options, a
     * metric without a next hop after the family's any address; read and written back the same.
     */
    @Test
    void typedRoutesAsNetworkManagerWroteThem() {
        String v4 = "route1=198.51.100.0/24\nroute1_options=type=blackhole\nroute2=198.51.101.0/24,0.0.0.0,50\n"
                + "route2_options=type=unreachable\nroute3=198.51.102.0/24\nroute3_options=table=100,type=prohibit\n"
                + "route4=192.0.2.77/32\nroute4_options=type=local\n";
        String v6 = "route1=2001:db8:b::/48,::,20\nroute1_options=type=throw\n";
        Profile p = read("b.nmconnection", "[connection]\nid=b\ntype=bond\ninterface-name=b\n[bond]\nmode=1\n"
                + "[ipv4]\naddress1=192.0.2.10/24\nmethod=manual\n" + v4
                + "[ipv6]\naddress1=2001:db8::10/64\nmethod=manual\n" + v6);
        assertEquals(List.of(), p.unapplied());
        assertEquals(org.bondctl.rtnl.Rtnl.RTN_UNREACHABLE, p.ipv4().routes().get(1).attrs().routeType());
        assertEquals(50, p.ipv4().routes().get(1).metric());
        String text = KeyfileFormat.INSTANCE.write(p);
        assertTrue(text.contains(v4) && text.contains(v6), text);
    }

    /** route-table, NM 1.42's key (seen): read, written back in NM's key order, a bad one refused. */
    @Test
    void routeTableAsNetworkManagerWroteIt() {
        String v4 = "[ipv4]\naddress1=192.0.2.10/24,192.0.2.1\nmethod=manual\nroute-table=5000\nroute1=198.51.101.0/24,192.0.2.254\n";
        Profile p = read("b.nmconnection", "[connection]\nid=b\ntype=bond\ninterface-name=b\n[bond]\nmode=1\n" + v4
                + "[ipv6]\naddress1=2001:db8::10/64\nmethod=manual\nroute-table=4294967295\n");
        assertEquals(5000, p.ipv4().routeTable());
        assertEquals(-1, p.ipv6().routeTable(), "4294967295, unsigned in an int");
        String text = KeyfileFormat.INSTANCE.write(p);
        assertTrue(text.contains(v4) && text.contains("route-table=4294967295\n"), text);
        BondctlException e = assertThrows(BondctlException.class, () -> read("b.nmconnection",
                "[connection]\nid=b\ntype=bond\ninterface-name=b\n[ipv4]\nmethod=disabled\nroute-table=abc\n"));
        assertTrue(e.getMessage().contains("'abc' is not a route table (0 to 4294967295)"), e.getMessage());
    }

    /**
     * The routing rules of a keyfile NM 1.42 wrote (seen in the test bed): read in NM's text, a    /**
     * The routing rules of a keyfile NM 1.42 wrote (seen in the test bed): read in NM's text, a
     * rule NM refuses reported and left out, and written back as NM wrote them, in NM's key
     * order (after the routes; routing-rule10 after routing-rule9).
     */
    @Test
    void routingRulesAsNetworkManagerWroteThem() {
        String rules = "routing-rule1=priority 60 from 192.0.2.0/24 table 200\nrouting-rule2=priority 61 from 0.0.0.0/0 tos 0x10"
                + " ipproto 6 fwmark 0x10/0xff sport 1000-2000 dport 22 iif lo oif ens192 uidrange 10-20 suppress_prefixlength 8"
                + " table 5\nrouting-rule3=priority 62 not to 198.51.100.0/24 type unreachable\nrouting-rule4=priority 63 from"
                + " 0.0.0.0/0 type blackhole\nrouting-rule5=priority 5 from 0.0.0.0/0 table 254\nrouting-rule6=priority 6 from"
                + " 0.0.0.0/0 table 6\nrouting-rule7=priority 7 from 0.0.0.0/0 table 7\nrouting-rule8=priority 8 from 0.0.0.0/0"
                + " table 8\nrouting-rule9=priority 9 from 0.0.0.0/0 table 9\nrouting-rule10=priority 10 from 0.0.0.0/0 table 10\n";
        String nm = "[connection]\nid=e1\nuuid=60099a4a-c487-4eef-bc63-8e89a4d27371\ntype=ethernet\ninterface-name=ens192\n\n"
                + "[ethernet]\n\n[ipv4]\naddress1=192.0.2.10/24\nmethod=manual\nroute1=198.51.100.0/24,192.0.2.1\n" + rules
                + "\n[ipv6]\naddr-gen-mode=default\naddress1=2001:db8::10/64\nmethod=manual\nrouting-rule1=priority 60 from"
                + " 2001:db8::/64 table 200\nrouting-rule2=priority 65 from ::/0 type prohibit\n\n[proxy]\n";
        Profile p = read("e1.nmconnection", nm);
        assertEquals(10, p.ipv4().rules().size());
        assertEquals("priority 62 not to 198.51.100.0/24 type unreachable", p.ipv4().rules().get(2).toString());
        assertEquals(List.of("priority 60 from 2001:db8::/64 table 200", "priority 65 from ::/0 type prohibit"),
                p.ipv6().rules().stream().map(Object::toString).toList());
        String out = KeyfileFormat.INSTANCE.write(p);
        assertTrue(out.contains("route1=198.51.100.0/24,192.0.2.1\n" + rules), out);
        assertTrue(out.contains("method=manual\nrouting-rule1=priority 60 from 2001:db8::/64 table 200\n"), out);
        Profile bad = read("e1.nmconnection", nm.replace("routing-rule5=priority 5 from 0.0.0.0/0 table 254",
                "routing-rule5=priority 5 table 0"));
        assertEquals(9, bad.ipv4().rules().size());
        assertTrue(bad.unapplied().stream().anyMatch(n -> n.contains("ipv4.routing-rule5=priority 5 table 0 (not a routing rule"
                + " NetworkManager takes: rule is invalid: missing table)")), () -> bad.unapplied().toString());
    }

    /** vlan.flags and the priority maps as NM 1.42 wrote them (seen in the test bed), read and written back. */
    @Test
    void vlanFlagsAndPriorityMaps() {
        String nm = "[connection]\nid=bond1.10\nuuid=811f0c15-6b9e-4ea0-93d7-e0dac0a58bcc\ntype=vlan\ninterface-name=bond1.10\n\n"
                + "[ethernet]\n\n[vlan]\negress-priority-map=0:3;5:7;\nflags=3\nid=10\ningress-priority-map=1:2;\nparent=bond1\n";
        Profile p = read("bond1.10.nmconnection", nm);
        assertEquals(new org.bondctl.rtnl.VlanQos(3, org.bondctl.rtnl.VlanQos.parseMap("1:2", true),
                org.bondctl.rtnl.VlanQos.parseMap("0:3,5:7", false)), p.vlanQos());
        assertTrue(KeyfileFormat.INSTANCE.write(p).contains("[vlan]\negress-priority-map=0:3;5:7;\nflags=3\nid=10\n"
                + "ingress-priority-map=1:2;\nparent=bond1\n"), () -> KeyfileFormat.INSTANCE.write(p));
        p.vlanQos(org.bondctl.rtnl.VlanQos.DEFAULT);
        assertTrue(KeyfileFormat.INSTANCE.write(p).contains("[vlan]\nflags=1\nid=10\nparent=bond1\n"), () -> KeyfileFormat.INSTANCE.write(p));
        BondctlException e = assertThrows(BondctlException.class, () -> read("v.nmconnection",
                nm.replace("ingress-priority-map=1:2;", "ingress-priority-map=8:2;")));
        assertTrue(e.getMessage().endsWith("v.nmconnection:13: [vlan] ingress-priority-map: invalid priority map '8:2'"), e::getMessage);
    }

    @Test
    void keysNotAppliedAreReportedWithFileAndLine() {
        Profile p = read("b.nmconnection", "[connection]\nid=b\ntype=bond\ninterface-name=b\nzone=trusted\n[bond]\nmode=1\n"
                + "[ipv4]\nmethod=manual\naddress1=192.0.2.10/24\nfoo=1\nroute1=198.51.100.0/24,192.0.2.1\nroute1_options=table=7,onlink=true,bogus=1\n"
                + "route2=203.0.113.0/24\nroute2_options=type=blackhole,weight=3\n"
                + "[ipv6]\nmethod=auto\naddr-gen-mode=default\n[ethernet]\nmtu=9000\ncloned-mac-address=stable\n");
        assertEquals(List.of(
                "/etc/NetworkManager/system-connections/b.nmconnection:21: key not applied by bondctl: ethernet.cloned-mac-address=stable"
                        + " (NetworkManager makes stable addresses from its own secret key: bondctl sets a fixed address only)",
                "/etc/NetworkManager/system-connections/b.nmconnection:13: key not applied by bondctl: ipv4.route1_options=bogus=1"
                        + " (not a route attribute bondctl can set: invalid option 'bogus=1': unknown attribute 'bogus')",
                "/etc/NetworkManager/system-connections/b.nmconnection:15: key not applied by bondctl: ipv4.route2_options=weight=3"
                        + " (bondctl adds no multipath routes: the route is left out)",
                "/etc/NetworkManager/system-connections/b.nmconnection:18: key not applied by bondctl: ipv6.addr-gen-mode=default (the kernel makes the link-local address its own way)",
                "/etc/NetworkManager/system-connections/b.nmconnection:17: key not applied by bondctl: ipv6.method=auto (bondctl runs no DHCPv6 or RA client (the kernel's SLAAC still works):"
                        + " the static addresses and routes are applied, leased ones left to the system's client)",
                "/etc/NetworkManager/system-connections/b.nmconnection:5: key not applied by bondctl: connection.zone=trusted (a firewalld zone: bondctl sets no firewall)",
                "/etc/NetworkManager/system-connections/b.nmconnection:11: key not applied by bondctl: ipv4.foo=1"),
                p.unapplied());
        assertEquals(9000, p.mtu());
        assertEquals(7, p.ipv4().routes().get(0).table());
        assertEquals("onlink=true", p.ipv4().routes().get(0).attrs().toString(), "the attributes it knows stay");
        assertTrue(KeyfileFormat.INSTANCE.write(p).contains("route1=198.51.100.0/24,192.0.2.1\nroute1_options=onlink=true,table=7\n"
                + "route2=203.0.113.0/24\nroute2_options=type=blackhole,weight=3\n"), () -> KeyfileFormat.INSTANCE.write(p));
    }

    /**
     * never-default as NetworkManager 1.42 loads it (seen in the test bed): true drops the
     * gateway (a note says so), a value GLib's keyfile does not take as a boolean ("yes") is
     * the default, false, and the gateway stays; bondctl writes never-default=true, no gateway.
     */
    @Test
    void neverDefaultDropsTheGatewayAsNetworkManagerDoes() {
        Profile p = read("h.nmconnection", "[connection]\nid=h\ntype=bond\ninterface-name=h\n[bond]\nmode=1\n"
                + "[ipv4]\naddress1=192.0.2.10/24,192.0.2.1\nmethod=manual\nnever-default=true\n"
                + "[ipv6]\naddress1=2001:db8::10/64\ngateway=2001:db8::1\nmethod=manual\nnever-default=yes\n");
        assertTrue(p.ipv4().neverDefault());
        assertNull(p.ipv4().gateway());
        assertFalse(p.ipv6().neverDefault());
        assertEquals("2001:db8::1", org.bondctl.rtnl.Address.text(p.ipv6().gateway()));
        assertEquals(List.of(
                "/etc/NetworkManager/system-connections/h.nmconnection:8: key not applied by bondctl: ipv4.address1=192.0.2.1"
                        + " (never-default=true: no default route through it (NetworkManager drops the gateway))",
                "/etc/NetworkManager/system-connections/h.nmconnection:15: key not applied by bondctl: ipv6.never-default=yes"
                        + " (not true or false: NetworkManager takes it as false (a default route through the gateway))"),
                p.unapplied());
        String text = KeyfileFormat.INSTANCE.write(Profile.bond("n").ipv4(p.ipv4()));
        assertTrue(text.contains("[ipv4]\naddress1=192.0.2.10/24\nmethod=manual\nnever-default=true\n"), text);
        assertEquals(p.ipv4(), read("n.nmconnection", text).ipv4());
        String cleared = KeyfileFormat.INSTANCE.write(read("n.nmconnection", text).ipv4(p.ipv4().withNeverDefault(false)));
        assertFalse(cleared.contains("never-default"), cleared);
    }

    @Test
    void otherConnectionTypesAreKeptApart() {
        Profile p = read("wifi.nmconnection", "[connection]\nid=wifi\ntype=wifi\n[wifi]\nssid=x\n");
        assertEquals(Profile.Type.OTHER, p.type());
        assertNull(p.ifname());
    }
}
