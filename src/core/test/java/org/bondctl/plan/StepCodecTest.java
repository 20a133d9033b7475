package org.bondctl.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.VlanQos;
import org.junit.jupiter.api.Test;

/** An undo log written down is read back as the same steps (the rollback timer runs what apply recorded). */
class StepCodecTest {
    @Test
    void everyKindOfStepSurvivesTheTrip() throws Exception {
        InetAddress gw = InetAddress.getByName("2001:db8::1");
        List<Step> steps = List.of(
                new Step.CreateBond("bond0", BondSettings.parse(List.of("mode=active-backup", "arp_ip_target=192.0.2.1,192.0.2.2"))),
                new Step.DeleteLink("bond0.100"),
                new Step.SetBondOptions("bond0", BondSettings.parse(List.of("miimon=1000", "primary=")),
                        BondSettings.parse(List.of("miimon=100", "primary=ens192")), "a note; with = and spaces"),
                new Step.SetLinkUp("bond0", false, null),
                new Step.Enslave("bond0", "ens192", true),
                new Step.Release("bond0", "ens224", Map.of(PortOption.QUEUE_ID, 2L), null),
                new Step.SetPortOptions("ens192", Map.of(PortOption.PRIO, 5L), Map.of()),
                new Step.SetMtu("bond0", 9000, 1500),
                new Step.CreateVlan("bond0.100", "bond0", 100, Rtnl.ETH_P_8021AD),
                new Step.AddAddress("bond0", Address.parse("2001:db8::10/64"), 0),
                new Step.AddAddress("bond0", Address.parse("192.0.2.10/24"), 300),
                new Step.DeleteAddress("bond0", Address.parse("192.0.2.10/24"), 0),
                new Step.DeleteAddress("bond0.100", Address.parse("198.51.100.1/24"), 400),
                new Step.SetAddressMetric("bond0", Address.parse("2001:db8::10/64"), 66, 256),
                new Step.AddRoute("bond0", Route.of(Address.parse("2001:db8:1::/48"), gw, 0, 300, 100)),
                new Step.DeleteRoute("bond0", Route.of(Address.parse("198.51.100.0/24"), InetAddress.getByName("192.0.2.254"), 0,
                        50, Rtnl.RT_TABLE_MAIN, org.bondctl.rtnl.RouteAttrs.parse(List.of("src=192.0.2.10", "mtu=1400",
                                "lock-mtu=true", "onlink=true", "tos=16", "scope=0"), Rtnl.AF_INET))),
                new Step.DeleteRoute("bond0", new Route(Rtnl.AF_INET, null, 0, InetAddress.getByName("192.0.2.1"), 0,
                        Rtnl.RTPROT_BOOT, 0, Rtnl.RT_TABLE_MAIN, 0, Rtnl.RTN_UNICAST)),
                new Step.WriteResolvConf(Path.of("/tmp/r"), List.of(gw), List.of("k.local.lab"), "bond0", "nameserver none",
                        "old\ncontent\n".getBytes()),
                new Step.RestoreFile(Path.of("/tmp/r"), null),
                new Step.SetLinkDns("bond0", new org.bondctl.dns.Resolved.LinkDns(List.of("192.0.2.53", "2001:db8::53"),
                        List.of("k.local.lab")), new org.bondctl.dns.Resolved.LinkDns(List.of(), List.of("~."))),
                new Step.SetMac("bond0", org.bondctl.rtnl.MacAddress.parse("02:00:00:00:00:01"), null),
                new Step.SetMac("bond0.100", org.bondctl.rtnl.MacAddress.parse("02:00:00:00:00:02"),
                        org.bondctl.rtnl.MacAddress.parse("02:00:00:00:00:01")),
                new Step.DeleteVlan("bond0.100", "bond0", 100, Rtnl.ETH_P_8021Q, 9000, true, null),
                new Step.DeleteVlan("bond0.101", "bond0", 101, Rtnl.ETH_P_8021Q, 1500, false, new VlanQos(
                        VlanQos.REORDER_HDR | VlanQos.MVRP, VlanQos.parseMap("1:2 7:4294967295", true), List.of())),
                new Step.SetVlanQos("v7", new VlanQos(0, List.of(), VlanQos.parseMap("0:3,4294967295:7", false)),
                        VlanQos.DEFAULT),
                new Step.SetIpv6Disabled("bond0", true, null),
                new Step.SetIpv6Disabled("bond0.100", false, true),
                new Step.RenameLink("bond0", "bond9"),
                new Step.CreateBridge("br0", org.bondctl.bridge.Bridges.withNmDefaults(Map.of())),
                new Step.SetBridgeOptions("br0", Map.of(org.bondctl.bridge.BridgeOption.STP, 0L),
                        Map.of(org.bondctl.bridge.BridgeOption.STP, 1L)),
                new Step.JoinBridge("br0", "bond0"),
                new Step.LeaveBridge("br0", "bond0.10", Map.of(org.bondctl.bridge.BridgePortOption.PATH_COST, 7L), "a note"),
                new Step.SetBridgePortOptions("bond0", Map.of(org.bondctl.bridge.BridgePortOption.HAIRPIN, 1L), Map.of()),
                new Step.LeaveBridge("br0", "bond0", Map.of(), null, org.bondctl.bridge.VlanTable.parse("1 untagged,20 pvid")),
                new Step.SetBridgeVlans("br0", true, org.bondctl.bridge.VlanTable.parse("10 pvid untagged,100-102"), null),
                new Step.SetBridgeVlans("bond0", false, org.bondctl.bridge.VlanTable.EMPTY,
                        org.bondctl.bridge.VlanTable.parse("1 pvid untagged")),
                new Step.AddRule(org.bondctl.rtnl.RoutingRule.parse("priority 61 fwmark 0x10/0xff iif lo oif ens192 ipproto 6"
                        + " sport 1000-2000 dport 22 tos 0x10 uidrange 10-20 suppress_prefixlength 8 table 5", Rtnl.AF_INET)),
                new Step.DeleteRule(org.bondctl.rtnl.RoutingRule.parse("priority 62 not to 2001:db8::/64 type unreachable",
                        Rtnl.AF_INET6).withProtocol(Rtnl.RTPROT_BOOT)));
        List<Step> back = StepCodec.decode(StepCodec.encode(steps));
        assertEquals(steps.size(), back.size());
        for (int i = 0; i < steps.size(); i++) {
            // records with byte[] compare by identity: compare what they print and their bytes
            assertEquals(steps.get(i).changes(), back.get(i).changes(), steps.get(i).toString());
            assertEquals(steps.get(i).getClass(), back.get(i).getClass());
            if (!(steps.get(i) instanceof Step.WriteResolvConf) && !(steps.get(i) instanceof Step.RestoreFile)) {
                assertEquals(steps.get(i).toString(), back.get(i).toString());
            }
        }
        assertArrayEquals("old\ncontent\n".getBytes(), ((Step.WriteResolvConf) back.get(17)).previous());
        assertNull(((Step.WriteResolvConf) back.get(17)).options(), "no options: the file's own stay");
        assertNull(((Step.RestoreFile) back.get(18)).content());
        assertEquals(steps.get(14), back.get(14), "routes compare as values, their attributes too");
        assertEquals(steps.get(15), back.get(15), "routes compare as values");
        assertEquals(steps.get(12), back.get(12), "the metric an undo gives back survives the trip");
        assertEquals(steps.subList(steps.size() - 2, steps.size()), back.subList(steps.size() - 2, steps.size()),
                "rules compare as values, who made them too");
    }

    @Test
    void anAddressStepJournaledBeforeThereWereMetricsHasTheDefault() {
        String old = "AddAddress\tifname=bond0\taddress=192.0.2.10%2F24\n"
                + "DeleteAddress\tifname=bond0\taddress=2001%3Adb8%3A%3A10%2F64\n";
        assertEquals(List.of(new Step.AddAddress("bond0", Address.parse("192.0.2.10/24"), 0),
                new Step.DeleteAddress("bond0", Address.parse("2001:db8::10/64"), 0)), StepCodec.decode(old));
    }

    @Test
    void aStateFileWriteAndItsInverseSurviveTheTrip() {
        Step w = new Step.WriteStateFile(Path.of("/run/bondctl/nmcli-nics"), "ens224 u 1500 -\n".getBytes(), null);
        Step.WriteStateFile back = (Step.WriteStateFile) StepCodec.decode(StepCodec.encode(List.of(w))).get(0);
        assertArrayEquals("ens224 u 1500 -\n".getBytes(), back.content());
        assertNull(back.previous(), "no file before: the undo removes it");
        Step.WriteStateFile undo = (Step.WriteStateFile) StepCodec.decode(StepCodec.encode(back.inverse())).get(0);
        assertNull(undo.content());
        assertArrayEquals("ens224 u 1500 -\n".getBytes(), undo.previous());
        assertEquals(List.of(Change.of("/run/bondctl/nmcli-nics", "remove")), undo.changes());
    }

    @Test
    void aHostNameChangeAndItsInverseSurviveTheTrip() {
        List<Step> back = StepCodec.decode(StepCodec.encode(List.of(new Step.WriteFile(Path.of("/etc/hostname"),
                "server1\n".getBytes(), "old\n".getBytes()), new Step.SetHostname("server1", "old"))));
        Step.WriteFile w = (Step.WriteFile) back.get(0);
        assertArrayEquals("server1\n".getBytes(), w.content());
        assertArrayEquals("old\n".getBytes(), w.previous());
        assertEquals(new Step.SetHostname("server1", "old"), back.get(1));
        Step.WriteFile undo = (Step.WriteFile) StepCodec.decode(StepCodec.encode(w.inverse())).get(0);
        assertArrayEquals("old\n".getBytes(), undo.content());
        assertEquals(List.of(new Step.SetHostname("old", "server1")), back.get(1).inverse());
        assertEquals(List.of(new Change("kernel", "hostname", "old", "server1", null)), back.get(1).changes());
    }

    @Test
    void theOptionsOfAResolvConfWriteSurviveTheTrip() throws Exception {
        for (List<String> options : List.of(List.of("rotate", "timeout:1"), List.<String>of())) {
            Step w = new Step.WriteResolvConf(Path.of("/tmp/r"), List.of(InetAddress.getByName("192.0.2.53")), List.of(), "a",
                    options, "nameserver none", null);
            Step back = StepCodec.decode(StepCodec.encode(List.of(w))).get(0);
            assertEquals(options, ((Step.WriteResolvConf) back).options());
        }
    }
}
