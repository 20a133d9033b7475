package org.bondctl.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bondctl.cli.Cli;
import org.bondctl.cli.WithSeedCli;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.SeedNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A KVM host's network on the real bonding, 8021q and bridge drivers: a bond as the port of a
 * bridge that carries the host's address, and a VLAN of the bond as the port of a second
 * bridge, all from NetworkManager keyfiles. Apply twice is a no-op; options and port options
 * change in place; a refusal before any step puts back the state before it; a port whose profile
 * names no bridge any more leaves it, a port no profile names (a VM's tap) stays.
 */
@Tag("kernel")
@WithSeedCli
class BridgeKernelTest {
    private SeedNetwork net;
    private Cli cli;

    @TempDir
    Path tmp;

    private Cli.Result ok(String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + " -> " + r);
        return r;
    }

    private static final String BR0 = "[connection]\nid=br0\ntype=bridge\ninterface-name=br0\n[ethernet]\n[bridge]\n%s"
            + "[ipv4]\naddress1=192.0.2.10/24,192.0.2.1\ndns=192.0.2.53;\nmethod=manual\n[ipv6]\nmethod=disabled\n";
    private static final String BOND0 = "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\nmaster=br0\n"
            + "slave-type=bridge\n[bond]\nmiimon=100\nmode=active-backup\n[bridge-port]\n%s";

    private Path server() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("kvm"));
        write(dir.resolve("br0.nmconnection"), String.format(BR0, "forward-delay=4\nstp=false\n"));
        write(dir.resolve("bond0.nmconnection"), String.format(BOND0, "path-cost=7\npriority=40\n"));
        for (String nic : List.of("ens192", "ens224")) {
            write(dir.resolve(nic + ".nmconnection"), "[connection]\nid=" + nic + "\ntype=ethernet\ninterface-name=" + nic
                    + "\nmaster=bond0\nslave-type=bond\n");
        }
        write(dir.resolve("bond0.10.nmconnection"), "[connection]\nid=bond0.10\ntype=vlan\ninterface-name=bond0.10\n"
                + "master=br10\nslave-type=bridge\n[ethernet]\n[vlan]\nflags=1\nid=10\nparent=bond0\n[bridge-port]\n");
        write(dir.resolve("br10.nmconnection"), "[connection]\nid=br10\ntype=bridge\ninterface-name=br10\n[ethernet]\n"
                + "[bridge]\nstp=false\n[ipv4]\naddress1=198.51.100.10/24\nmethod=manual\n[ipv6]\nmethod=disabled\n");
        return dir;
    }

    @Test
    void aBondInABridgeAndAVlanInAnotherFromTheirProfiles() throws IOException {
        Path dir = server();
        Path resolv = tmp.resolve("resolv.conf");
        List<String> before = NetState.of(net.rtnl);
        String plan = ok("diff", "--resolv-conf", resolv.toString(), dir.toString()).out();
        assertTrue(plan.contains("br0: create bridge (none) -> forward_delay=400 hello_time=200 max_age=2000"
                + " ageing_time=30000 stp_state=0 priority=32768 group_fwd_mask=0 mcast_snooping=1 vlan_filtering=0"
                + " vlan_default_pvid=1\n")
                && plan.contains("br0: add port bond0\n") && plan.contains("bond0: bridge cost (none) -> 7\n"), plan);
        applyFailingBeforeEachStep(dir, resolv, before);

        List<String> s = NetState.of(net.rtnl);
        Link br0 = net.rtnl.require("br0");
        Link bond0 = net.rtnl.require("bond0");
        Link vlan = net.rtnl.require("bond0.10");
        assertEquals(br0.index(), bond0.master(), s::toString);
        assertEquals(net.rtnl.require("br10").index(), vlan.master(), s::toString);
        assertEquals(bond0.index(), net.rtnl.require("ens192").master());
        for (String line : List.of("bridge br0 stp_state=0", "bridge br0 forward_delay=400", "bridge br0 hello_time=200",
                "bridge br0 max_age=2000", "bridge br0 ageing_time=30000", "bridge br0 priority=32768",
                "bridge br10 stp_state=0", "bridge br10 forward_delay=1500", "bridge-port bond0 priority=40",
                "bridge-port bond0 cost=7", "bridge-port bond0 hairpin=0", "bridge-port bond0.10 cost=100",
                "bridge-port bond0.10 priority=32", "addr br0 192.0.2.10/24", "addr br10 198.51.100.10/24",
                "route default via 192.0.2.1 dev br0 metric 425 table 254",
                "route 192.0.2.0/24 dev br0 metric 425 table 254",
                "route 198.51.100.0/24 dev br10 metric 426 table 254")) {
            assertTrue(s.contains(line), () -> line + " not in " + s);
        }
        assertTrue(s.stream().noneMatch(l -> l.startsWith("addr bond0")), s::toString);
        assertTrue(Files.readString(resolv).contains("nameserver 192.0.2.53\n"));
        assertEquals("nothing to change: the kernel matches the profiles\n",
                ok("apply", "--resolv-conf", resolv.toString(), dir.toString()).out());

        // a VM's tap device that libvirt put in the bridge (a veth here): no profile names it
        net.rtnl.createVeth("vnet0", "pvnet0");
        net.rtnl.setMaster(net.rtnl.require("vnet0"), net.rtnl.require("br0").index(), "test: vnet0 into br0");

        // options and port options change in place, each step undone when a later one fails
        write(dir.resolve("br0.nmconnection"), String.format(BR0, "ageing-time=100\nhello-time=1\nmulticast-snooping=false\n"
                + "priority=4096\nstp=true\n"));
        write(dir.resolve("bond0.nmconnection"), String.format(BOND0, "hairpin-mode=true\n"));
        List<String> mid = NetState.of(net.rtnl);
        assertEquals("br0: forward_delay 400 -> 1500\nbr0: hello_time 200 -> 100\nbr0: ageing_time 30000 -> 10000\n"
                + "br0: stp_state 0 -> 1\nbr0: priority 32768 -> 4096\nbr0: mcast_snooping 1 -> 0\n"
                + "bond0: bridge priority 40 -> 32\nbond0: bridge cost 7 -> 100\nbond0: bridge hairpin 0 -> 1\n",
                ok("diff", "--resolv-conf", resolv.toString(), dir.toString()).out());
        applyFailingBeforeEachStep(dir, resolv, mid);
        List<String> s2 = NetState.of(net.rtnl);
        for (String line : List.of("bridge br0 stp_state=1", "bridge br0 hello_time=100", "bridge br0 ageing_time=10000",
                "bridge br0 priority=4096", "bridge br0 mcast_snooping=0", "bridge-port bond0 hairpin=1",
                "bridge-port bond0 cost=100")) {
            assertTrue(s2.contains(line), () -> line + " not in " + s2);
        }
        assertEquals(br0.index(), net.rtnl.require("bond0").master(), "the bond stays in the bridge");
        assertEquals(br0.index(), net.rtnl.require("vnet0").master(), "a port no profile names stays in the bridge");

        // the VLAN no longer a bridge port: it leaves br10, and gets its own address
        write(dir.resolve("bond0.10.nmconnection"), "[connection]\nid=bond0.10\ntype=vlan\ninterface-name=bond0.10\n"
                + "[ethernet]\n[vlan]\nflags=1\nid=10\nparent=bond0\n[ipv4]\naddress1=203.0.113.10/24\nmethod=manual\n"
                + "[ipv6]\nmethod=disabled\n");
        List<String> mid2 = NetState.of(net.rtnl);
        applyFailingBeforeEachStep(dir, resolv, mid2);
        List<String> s3 = NetState.of(net.rtnl);
        assertEquals(0, net.rtnl.require("bond0.10").master(), s3::toString);
        assertTrue(s3.contains("addr bond0.10 203.0.113.10/24"), s3::toString);
        assertEquals("nothing to change: the kernel matches the profiles\n",
                ok("apply", "--resolv-conf", resolv.toString(), dir.toString()).out());
    }

    /**
     * A VLAN-aware bridge: filtering on, a default PVID, the bridge's own VLANs and a port's, as
     * NetworkManager makes them (the default PVID on every device, the profile's VLANs over it).
     * Changing the default PVID moves the kernel's default VLANs too; every undo puts back the
     * tables as they were, the kernel's side effects included.
     */
    @Test
    void aVlanFilteringBridgeGetsTheVlansOfItsProfiles() throws IOException {
        Path dir = server();
        Path resolv = tmp.resolve("resolv.conf");
        write(dir.resolve("br0.nmconnection"), String.format(BR0, "stp=false\nvlan-default-pvid=10\nvlan-filtering=true\n"
                + "vlans=100 untagged,200-202\n"));
        write(dir.resolve("bond0.nmconnection"), String.format(BOND0, "vlans=20 pvid untagged,30-31\n"));
        List<String> before = NetState.of(net.rtnl);
        if (!NetState.bridgeVlansInKernel(net.rtnl)) {
            // a kernel built without CONFIG_BRIDGE_VLAN_FILTERING: refused before anything changes
            Cli.Result r = cli.run("apply", "--resolv-conf", resolv.toString(), dir.toString());
            assertEquals(6, r.exit(), r::toString);
            assertTrue(r.err().contains("add bridge br0: this kernel's bridge has no VLAN filtering (built without"
                    + " CONFIG_BRIDGE_VLAN_FILTERING)"), r::toString);
            assertEquals(before, NetState.of(net.rtnl));
            return;
        }
        String plan = ok("diff", "--resolv-conf", resolv.toString(), dir.toString()).out();
        assertTrue(plan.contains("br0: bridge vlans (none) -> 10 pvid untagged,100 untagged,200-202\n")
                && plan.contains("bond0: bridge port vlans (none) -> 10 untagged,20 pvid untagged,30-31\n"), plan);
        applyFailingBeforeEachStep(dir, resolv, before);
        List<String> s = NetState.of(net.rtnl);
        for (String line : List.of("bridge br0 vlan_filtering=1", "bridge br0 vlan_default_pvid=10",
                "bridge-vlans br0 10 pvid untagged,100 untagged,200-202", "bridge-vlans bond0 10 untagged,20 pvid untagged,30-31",
                "bridge-vlans bond0.10 1 pvid untagged")) {
            assertTrue(s.contains(line), () -> line + " not in " + s);
        }
        assertEquals("nothing to change: the kernel matches the profiles\n",
                ok("apply", "--resolv-conf", resolv.toString(), dir.toString()).out());

        // the default PVID changes (the kernel moves each device's default VLAN with it) and the port's VLANs
        write(dir.resolve("br0.nmconnection"), String.format(BR0, "stp=false\nvlan-default-pvid=5\nvlan-filtering=true\n"
                + "vlans=100 untagged\n"));
        write(dir.resolve("bond0.nmconnection"), String.format(BOND0, "vlans=30,40-41 untagged\n"));
        List<String> mid = NetState.of(net.rtnl);
        applyFailingBeforeEachStep(dir, resolv, mid);
        List<String> s2 = NetState.of(net.rtnl);
        for (String line : List.of("bridge br0 vlan_filtering=1", "bridge br0 vlan_default_pvid=5",
                "bridge-vlans br0 5 pvid untagged,100 untagged", "bridge-vlans bond0 5 pvid untagged,30,40-41 untagged")) {
            assertTrue(s2.contains(line), () -> line + " not in " + s2);
        }
        assertEquals("nothing to change: the kernel matches the profiles\n",
                ok("apply", "--resolv-conf", resolv.toString(), dir.toString()).out());

        // the bond leaves the bridge: an undo joins it again with its VLANs
        write(dir.resolve("bond0.nmconnection"), "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n[bond]\n"
                + "miimon=100\nmode=active-backup\n[ipv4]\nmethod=disabled\n[ipv6]\nmethod=disabled\n");
        List<String> mid2 = NetState.of(net.rtnl);
        applyFailingBeforeEachStep(dir, resolv, mid2);
        assertEquals(0, net.rtnl.require("bond0").master());

        // filtering off: as NM 1.42, the default PVID back to 1, the bridge in no VLAN, its ports in VLAN 1
        write(dir.resolve("br0.nmconnection"), String.format(BR0, "stp=false\nvlan-default-pvid=5\n"));
        write(dir.resolve("bond0.nmconnection"), String.format(BOND0, "vlans=30\n"));
        List<String> mid3 = NetState.of(net.rtnl);
        applyFailingBeforeEachStep(dir, resolv, mid3);
        List<String> s3 = NetState.of(net.rtnl);
        for (String line : List.of("bridge br0 vlan_filtering=0", "bridge br0 vlan_default_pvid=1", "bridge-vlans br0 ",
                "bridge-vlans bond0 1 pvid untagged")) {
            assertTrue(s3.contains(line), () -> line + " not in " + s3);
        }
        assertEquals("nothing to change: the kernel matches the profiles\n",
                ok("apply", "--resolv-conf", resolv.toString(), dir.toString()).out());
    }

    /**
     * A NIC that a profile makes a bridge's port joins and is brought up, as NetworkManager
     * brings it up (seen; the kernel's bridge opens no port, unlike a bond); taken down again
     * by someone, the next apply brings it back.
     */
    @Test
    void aNicJoinsItsBridgeAndIsBroughtUp() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("nicport"));
        Path resolv = tmp.resolve("resolv.conf");
        write(dir.resolve("br0.nmconnection"), String.format(BR0, "stp=false\n"));
        write(dir.resolve("brport.nmconnection"), "[connection]\nid=brport\ntype=ethernet\ninterface-name=ens224\n"
                + "master=br0\nslave-type=bridge\n[ethernet]\n[bridge-port]\n");
        net.rtnl.setUp(net.rtnl.require("ens224"), false);
        ok("apply", "--resolv-conf", resolv.toString(), dir.toString());
        org.bondctl.rtnl.Link port = net.rtnl.require("ens224");
        assertEquals(net.rtnl.require("br0").index(), port.master());
        assertTrue(port.isUp(), port::toString);
        assertEquals("nothing to change: the kernel matches the profiles\n",
                ok("apply", "--resolv-conf", resolv.toString(), dir.toString()).out());
        net.rtnl.setUp(port, false);
        ok("apply", "--resolv-conf", resolv.toString(), dir.toString());
        assertTrue(net.rtnl.require("ens224").isUp());
    }

    @Test
    void badBridgeProfilesAreRefusedNamingTheLineAndChangeNothing() throws IOException {
        Path dir = server();
        Path resolv = tmp.resolve("resolv.conf");
        List<String> before = NetState.of(net.rtnl);
        write(dir.resolve("br0.nmconnection"), String.format(BR0, "forward-delay=99\n"));
        Cli.Result r = cli.run("apply", "--resolv-conf", resolv.toString(), dir.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("br0.nmconnection:7: [bridge] forward-delay: '99' is out of range [0, 30]"), r::toString);
        write(dir.resolve("br0.nmconnection"), String.format(BR0, "forward-delay=1\nstp=true\n"));
        r = cli.run("apply", "--resolv-conf", resolv.toString(), dir.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("br0.nmconnection:7: [bridge] forward-delay: value '1' is out of range <2-30> (with STP"
                + " on)"), r::toString);
        write(dir.resolve("br0.nmconnection"), String.format(BR0, ""));
        write(dir.resolve("bond0.nmconnection"), String.format(BOND0, "").replace("master=br0", "master=br9"));
        r = cli.run("apply", "--resolv-conf", resolv.toString(), dir.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("bond0 names controller br9, but no bridge profile has that interface name"), r::toString);
        // a bridge in a bridge: the kernel would refuse it half-way (ELOOP)
        write(dir.resolve("bond0.nmconnection"), String.format(BOND0, ""));
        write(dir.resolve("br10.nmconnection"), "[connection]\nid=br10\ntype=bridge\ninterface-name=br10\nmaster=br0\n"
                + "slave-type=bridge\n[bridge]\nstp=false\n");
        r = cli.run("apply", "--resolv-conf", resolv.toString(), dir.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("br10.nmconnection:6: a bridge cannot be a port of bridge br0"), r::toString);
        assertEquals(before, NetState.of(net.rtnl));
    }

    private void applyFailingBeforeEachStep(Path dir, Path resolv, List<String> before) {
        WholeNetworkKernelTest.applyFailingBeforeEachStep(cli, net, dir, resolv, before);
    }

    private static void write(Path f, String text) throws IOException {
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
}
