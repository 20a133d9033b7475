package org.bondctl.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bondctl.cli.Cli;
import org.bondctl.rtnl.SeedNetwork;
import org.bondctl.cli.WithSeedCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at every step and at every file write of an apply, a closed terminal, a killed
 * rollback timer, an unusable state directory: every time the network ends in the old state or
 * the new one, after the next bondctl run at the latest. bondctl runs as its own process here
 * (bin/bondctl), killed by the fault injector as kill -9 would; the next run is this JVM's.
 */
@Tag("kernel")
@WithSeedCli
class CrashRecoveryKernelTest {
    private SeedNetwork net;
    private Cli cli;

    @TempDir
    Path tmp;
    Path state;
    Path before;
    Path after;
    Path resolv;

    @BeforeEach
    void setUp() throws IOException {
        state = tmp.resolve("state");
        System.setProperty("bondctl.state-dir", state.toString());
        resolv = tmp.resolve("resolv.conf");
        Files.writeString(resolv, "nameserver 198.51.100.53\noptions edns0\n");
        // the routes carry NetworkManager's attributes: the old one's must come back with them
        before = profiles("before", "miimon=100", "9000", "192.0.2.10/24", "198.51.100.0/25,192.0.2.1,50", "192.0.2.53", 100, "ignore",
                "disabled", "route1_options=initcwnd=20,quickack=true,src=192.0.2.10\n"
                + "routing-rule1=priority 60 from 192.0.2.0/24 table 200\n", "egress-priority-map=0:3;\n");
        // v100 on another VLAN id: deleted and made anew, its address with it (and IPv6 on it, switched off before);
        // IPv6 switched off on bond0
        // and the bond's route metric: its default route and its kept address's prefix route move to 77;
        // the VLAN made anew has flags and a priority map of its own (the old one's come back with it)
        after = profiles("after", "miimon=200", "8000", "192.0.2.20/24", "198.51.100.128/25,192.0.2.1,60", "192.0.2.54", 101,
                "disabled", "ignore", "route-metric=77\nroute1_options=lock-mtu=true,mtu=1400,src=192.0.2.20\n"
                + "routing-rule1=priority 61 from 192.0.2.0/24 fwmark 0x10 table 201\n",
                "flags=5\ningress-priority-map=1:2;\n");
        Cli.Result r = cli.run("apply", "--resolv-conf", resolv.toString(), before.toString());
        assertEquals(0, r.exit(), r::toString);
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("bondctl.state-dir");
    }

    /**
     * A bond with a VLAN (id {@code vid}), addresses, a route, a policy routing rule and DNS: enough steps to kill
     * between; ipv6.method {@code bond6} on the bond and {@code vlan6} on the VLAN (disabled:
     * IPv6 switched off on the link); {@code vlanExtra}: the VLAN's flags and priority maps.
     */
    private Path profiles(String name, String miimon, String mtu, String address, String route, String dns, int vid,
            String bond6, String vlan6, String ipv4Extra, String vlanExtra) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(name));
        write(d.resolve("bond0.nmconnection"), "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n[bond]\nmode=active-backup\n"
                + miimon + "\n[ethernet]\nmtu=" + mtu + "\n[ipv4]\nmethod=manual\naddress1=" + address + ",192.0.2.1\n"
                + "address2=198.51.100.200/26\nroute1=" + route + "\ndns=" + dns + ";\n" + ipv4Extra + "[ipv6]\nmethod=" + bond6 + "\n");
        write(d.resolve("v100.nmconnection"), "[connection]\nid=v100\ntype=vlan\ninterface-name=v100\n[vlan]\nparent=bond0\nid="
                + vid + "\n" + vlanExtra + "[ethernet]\nmtu=" + mtu + "\n[ipv4]\nmethod=manual\naddress1=203.0.113.10/24\n[ipv6]\nmethod=" + vlan6 + "\n");
        for (String p : List.of("ens192", "ens224")) {
            write(d.resolve(p + ".nmconnection"), "[connection]\nid=" + p + "\ntype=ethernet\ninterface-name=" + p
                    + "\nmaster=bond0\nslave-type=bond\n");
        }
        return d;
    }

    /** A copy of the profiles the test starts from, in a directory of its own to change. */
    private Path copyOfBefore(String name) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(name));
        try (var s = Files.list(before)) {
            for (Path f : s.toList()) {
                write(d.resolve(f.getFileName()), Files.readString(f));
            }
        }
        return d;
    }

    private static void write(Path f, String text) throws IOException {
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }

    record Run(int exit, String out) {}

    /** bin/bondctl as a process of its own, with JVM options (the fault injector's property). */
    private Run bondctl(String javaOpts, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bin/bondctl", "--netns", net.name()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("BONDCTL_JAVA_OPTS", "-Dbondctl.state-dir=" + state + " " + javaOpts);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("bondctl timed out: " + cmd);
        }
        return new Run(p.exitValue(), out);
    }

    private String whole() throws IOException {
        return String.join("\n", NetState.of(net.rtnl)) + "\n---\n" + Files.readString(resolv);
    }

    /** {@link #whole} and what bondctl nmcli lists as active (NAME:DEVICE), for the crash tests of nmcli changes. */
    private String stateAndActive() {
        try {
            Cli.Result active = cli.run("nmcli", "-t", "-f", "NAME,DEVICE", "connection", "show", "--active");
            return whole() + "\n---\n" + active.out();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The next bondctl run (this JVM's): it recovers first, whatever command it is. */
    private void nextRun() {
        Cli.Result r = cli.run("show");
        assertEquals(0, r.exit(), r::toString);
    }

    @Test
    void killedAtEveryStepAndEveryWriteTheNextRunPutsBackTheOldState() throws Exception {
        String old = whole();
        assertTrue(old.contains("link v100 kind=vlan up=true mtu=9000 ipv6=off vlan=100/802.1Q parent=bond0 flags 1 egress 0:3")
                && !old.contains("bond0 ipv6=off")
                && old.contains("route 198.51.100.0/25 via 192.0.2.1 dev bond0 metric 50 table 254 initcwnd=20 quickack=true src=192.0.2.10")
                && old.contains("rule 4 priority 60 from 192.0.2.0/24 table 200 proto 4"),
                old);
        String[] apply = {"apply", "--resolv-conf", resolv.toString(), after.toString()};
        for (String fault : List.of("kill-before-step", "kill-at-write")) {
            int n = 1;
            for (; ; n++) {
                Run r = bondctl("-Dbondctl.fault=" + fault + ":" + n, apply);
                if (r.exit() == 0) {
                    break; // past the last step (write): the change is made
                }
                assertEquals(137, r.exit(), fault + ":" + n + " -> " + r.out());
                nextRun();
                String now = whole();
                final int k = n;
                assertEquals(old, now, () -> "after " + fault + ":" + k + NetState.diff(List.of(old.split("\n")),
                        List.of(now.split("\n"))));
                try (var s = Files.list(tmp)) {
                    assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".bondctl-tmp")), "debris removed");
                }
            }
            assertTrue(n - 1 >= 7, fault + ": a plan of at least 7 steps/writes, saw " + (n - 1));
            String made = whole();
            assertTrue(made.contains("link bond0 kind=bond up=true mtu=8000 ipv6=off") && !made.contains("link v100 kind=vlan up=true mtu=8000 ipv6=off")
                    && made.contains("route 198.51.100.192/26 dev bond0 metric 77 table 254")
                    && made.contains("route 198.51.100.128/25 via 192.0.2.1 dev bond0 metric 60 table 254 lock-mtu=true mtu=1400 src=192.0.2.20")
                    && made.contains("rule 4 priority 61 from 192.0.2.0/24 fwmark 0x10 table 201 proto 4")
                    && !made.contains("priority 60 from 192.0.2.0/24")
                    && made.contains("vlan=101/802.1Q parent=bond0 flags 5 ingress 1:2"), made);
            nextRun();
            assertEquals(made, whole(), "a finished change is not rolled back");
            assertEquals(0, cli.run("apply", "--resolv-conf", resolv.toString(), before.toString()).exit());
            assertEquals(old, whole());
        }
    }

    /**
     * The bond's routes moved to a table of their own (ipv4.route-table: its prefix routes, its
     * gateway's and static routes), with typed routes (a blackhole in that table, an unreachable
     * one in main): killed before each step in turn, the next run puts back the bond's routes in
     * main; then the way back, killed the same way.
     */
    @Test
    void aRouteTableAndTypedRoutesAreKilledAtEveryStep() throws Exception {
        Path tables = copyOfBefore("tables");
        String bond = Files.readString(tables.resolve("bond0.nmconnection"));
        write(tables.resolve("bond0.nmconnection"), bond.replace("[ipv4]\n", "[ipv4]\nroute-table=300\n"
                + "route2=198.51.102.0/24\nroute2_options=type=blackhole\n"
                + "route3=198.51.103.0/24\nroute3_options=table=254,type=unreachable\n"));
        String old = whole();
        int n = killEachApplyStep(new String[] {"apply", "--resolv-conf", resolv.toString(), tables.toString()}, old);
        assertTrue(n >= 6, "prefix routes, gateway, routes, typed routes, old routes out: " + n);
        String made = whole();
        assertTrue(made.contains("route default via 192.0.2.1 dev bond0 metric 300 table 300")
                && !made.contains("route default via 192.0.2.1 dev bond0 metric 300 table 254")
                && made.contains("route 198.51.100.0/25 via 192.0.2.1 dev bond0 metric 50 table 300")
                && made.matches("(?s).*\nblackhole 198\\.51\\.102\\.0/24 metric \\d+ table 300 .*")
                && made.matches("(?s).*\nunreachable 198\\.51\\.103\\.0/24 metric \\d+ table 254 .*"), made);
        int back = killEachApplyStep(new String[] {"apply", "--resolv-conf", resolv.toString(), before.toString()}, made);
        assertTrue(back >= 6, "and back: " + back);
        assertEquals(old, whole());
    }

    /**
     * A bond host made a KVM host: the bond's address, route and DNS move to a new bridge that
     * takes the bond as its port (the VLAN stays on the bond); killed before each step in turn,
     * the next run puts back the bond with its address; then the way back, killed the same way.
     */
    @Test
    void aBondMovedIntoABridgeIsKilledAtEveryStep() throws Exception {
        Path kvm = copyOfBefore("kvm");
        // VLANs where the kernel's bridge has them (not in the test bed's own 6.12 build)
        boolean vlans = NetState.bridgeVlansInKernel(net.rtnl);
        String bond = Files.readString(kvm.resolve("bond0.nmconnection"));
        String ip = bond.substring(bond.indexOf("[ipv4]"));
        write(kvm.resolve("bond0.nmconnection"), bond.substring(0, bond.indexOf("[ipv4]")).replace("interface-name=bond0\n",
                "interface-name=bond0\nmaster=br0\nslave-type=bridge\n") + "[bridge-port]\npath-cost=7\n" + (vlans ? "vlans=20 pvid untagged\n" : ""));
        write(kvm.resolve("br0.nmconnection"), "[connection]\nid=br0\ntype=bridge\ninterface-name=br0\n[bridge]\nstp=false\n"
                + (vlans ? "vlan-default-pvid=10\nvlan-filtering=true\nvlans=100 untagged\n" : "") + ip);
        String old = whole();
        String[] toBridge = {"apply", "--resolv-conf", resolv.toString(), kvm.toString()};
        int n = killEachApplyStep(toBridge, old);
        assertTrue(n >= 6, "bridge, address moves, join, port cost, up, routes: " + n);
        String made = whole();
        assertTrue(made.contains("link bond0 kind=bond up=true mtu=9000 master=br0") && made.contains("addr br0 192.0.2.10/24")
                && !made.contains("addr bond0 ") && made.contains("route default via 192.0.2.1 dev br0")
                && made.contains("bridge-port bond0 cost=7") && made.contains("link v100 kind=vlan up=true")
                && (!vlans || made.contains("bridge-vlans bond0 10 untagged,20 pvid untagged")
                        && made.contains("bridge-vlans br0 10 pvid untagged,100 untagged")), made);
        // the way back: the bond's own profile again, the bridge kept without port or address (apply
        // deletes no link; with the bridge's profile gone, its address and routes would stay and the
        // bond's same routes be refused, EEXIST: rolled back)
        Path back = copyOfBefore("back");
        write(back.resolve("br0.nmconnection"), "[connection]\nid=br0\ntype=bridge\ninterface-name=br0\n[bridge]\n"
                + "stp=false\n[ipv4]\nmethod=disabled\n[ipv6]\nmethod=disabled\n");
        killEachApplyStep(new String[] {"apply", "--resolv-conf", resolv.toString(), back.toString()}, made);
        String again = whole();
        assertTrue(again.contains("addr bond0 192.0.2.10/24") && again.contains("link bond0 kind=bond up=true mtu=9000\n")
                && again.contains("route default via 192.0.2.1 dev bond0"), again);
    }

    /** {@code apply} killed before each step in turn until it runs through; each time the next run puts back {@code old}. */
    private int killEachApplyStep(String[] apply, String old) throws Exception {
        return killEachStep(() -> {
            try {
                return whole();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, old, apply);
    }

    /**
     * {@code bondctl nmcli connection up} of a bond profile whose interface-name changed while it
     * was active renames the bond (down, rename, up, addresses and routes put back): killed
     * before each step in turn, the next run puts back the old bond; the profiles are the
     * system's (root /, the guest's throwaway /etc), in the test's namespace.
     */
    @Test
    void aBondRenamedByItsProfileIsKilledAtEveryStep() throws Exception {
        net.rtnl.link("v100").ifPresent(net.rtnl::deleteLink);
        net.rtnl.link("bond0").ifPresent(net.rtnl::deleteLink);
        List<String> ids = List.of("krP1", "krP2", "krB");
        try {
            nmcli("connection", "add", "type", "bond", "con-name", "krB", "ifname", "bond0", "mode", "active-backup",
                    "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24", "ipv4.gateway", "192.0.2.1", "ipv6.method",
                    "manual", "ipv6.addresses", "2001:db8::10/64");
            nmcli("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "krP1", "ifname", "ens192",
                    "master", "krB");
            nmcli("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "krP2", "ifname", "ens224",
                    "master", "krB");
            nmcli("connection", "modify", "krB", "connection.interface-name", "bond9");
            String old = whole();
            assertTrue(old.contains("link bond0 kind=bond up=true") && old.contains("addr bond0 2001:db8::10/64")
                    && old.contains("route default via 192.0.2.1 dev bond0"), old);
            int n = 1;
            for (; ; n++) {
                Run r = bondctl("-Dbondctl.fault=kill-before-step:" + n, "nmcli", "connection", "up", "krB");
                if (r.exit() == 0) {
                    break;
                }
                assertEquals(137, r.exit(), "kill-before-step:" + n + " -> " + r.out());
                nextRun();
                String now = whole();
                final int k = n;
                assertEquals(old, now, () -> "after kill-before-step:" + k + NetState.diff(List.of(old.split("\n")),
                        List.of(now.split("\n"))));
            }
            assertTrue(n - 1 >= 4, "down, rename, up and more: " + (n - 1));
            String made = whole();
            assertTrue(made.contains("link bond9 kind=bond up=true") && !made.contains("link bond0 ")
                    && made.contains("link ens192 kind=veth up=true mtu=1500 master=bond9") && made.contains("addr bond9 192.0.2.10/24")
                    && made.contains("addr bond9 2001:db8::10/64") && made.contains("route default via 192.0.2.1 dev bond9"), made);
        } finally {
            List<String> delete = new ArrayList<>(List.of("connection", "delete"));
            delete.addAll(ids);
            cli.run(cat(new String[] {"nmcli"}, delete.toArray(String[]::new)));
        }
    }

    /**
     * {@code bondctl nmcli connection up} of a VLAN profile whose interface-name and id changed
     * while it was active (the old VLAN deleted, its address with it, the new one made), then
     * moved onto a NIC that is down and has no profile (the NIC brought up first): killed before
     * each step and at each file write in turn, the next run puts back the old VLAN, the NIC
     * down, and what bondctl nmcli lists as active; the profiles are the system's (root /, the
     * guest's throwaway /etc), in the test's namespace.
     */
    @Test
    void aVlanRenamedAndMovedByItsProfileIsKilledAtEveryStep() throws Exception {
        net.rtnl.link("v100").ifPresent(net.rtnl::deleteLink);
        net.rtnl.createVeth("ens256", "p256"); // both ends down
        java.util.function.Supplier<String> state = this::stateAndActive;
        try {
            nmcli("connection", "add", "type", "vlan", "con-name", "krV", "ifname", "bond0.100", "dev", "bond0", "id", "100",
                    "ipv4.method", "manual", "ipv4.addresses", "203.0.113.10/24", "ipv6.method", "disabled");
            String old = state.get();
            assertTrue(old.contains("link bond0.100 kind=vlan up=true") && old.contains("addr bond0.100 203.0.113.10/24")
                    && old.contains("link ens256 kind=veth up=false") && old.contains("krV:bond0.100"), old);
            nmcli("connection", "modify", "krV", "connection.interface-name", "bond0v101", "vlan.id", "101");
            assertEquals(old, state.get(), "a modify changes no device");
            int steps = killEachStep(state, "up", "krV");
            String renamed = state.get();
            assertTrue(renamed.contains("link bond0v101 kind=vlan up=true") && renamed.contains("vlan=101/802.1Q parent=bond0")
                    && renamed.contains("addr bond0v101 203.0.113.10/24") && !renamed.contains("bond0.100")
                    && renamed.contains("krV:bond0v101"), renamed);
            assertTrue(steps >= 4, "old VLAN's address and link out, new VLAN made, up, address: " + steps);
            // the same rename at every file write (the journal, the mark of the move): back to bond0.100 first
            nmcli("connection", "modify", "krV", "connection.interface-name", "bond0.100", "vlan.id", "100");
            nmcli("connection", "up", "krV");
            assertEquals(old, state.get());
            nmcli("connection", "modify", "krV", "connection.interface-name", "bond0v101", "vlan.id", "101");
            int writes = killEach(state, old, "kill-at-write", "nmcli", "connection", "up", "krV");
            assertEquals(renamed, state.get());
            assertTrue(writes >= 2, "journal writes: " + writes);
            // moved onto a NIC that is down: the NIC goes up in the same change, and down again with its undo
            nmcli("connection", "modify", "krV", "vlan.parent", "ens256", "connection.interface-name", "ens256.101");
            int moved = killEachStep(state, "up", "krV");
            String onNic = state.get();
            assertTrue(onNic.contains("link ens256 kind=veth up=true") && onNic.contains("link ens256.101 kind=vlan up=true")
                    && onNic.contains("vlan=101/802.1Q parent=ens256") && onNic.contains("addr ens256.101 203.0.113.10/24")
                    && !onNic.contains("bond0v101") && onNic.contains("krV:ens256.101"), onNic);
            assertTrue(moved >= 5, "old VLAN out, NIC up, new VLAN made, up, address: " + moved);
        } finally {
            cli.run("nmcli", "connection", "delete", "krV");
            net.rtnl.link("ens256").ifPresent(net.rtnl::deleteLink);
        }
    }

    /**
     * {@code bondctl nmcli networking off}: every active profile deactivated (a bond with its port
     * and a VLAN on it: the VLAN and the bond deleted), the NICs NM manages down, the DNS servers
     * out, NetworkingEnabled=false in NM's state file - one change. Killed before each step and at
     * each file write in turn, the next run puts back the profiles active and networking on, or -
     * killed past the first deletion, which no undo makes again - finishes the change (the
     * journal's steps from there on): the old state or the new one, never one between. The
     * profiles are the system's (root /, the guest's throwaway /etc and /var), in the test's
     * namespace.
     */
    @Test
    void networkingOffKilledAtEveryStepEndsOnOrOff() throws Exception {
        net.rtnl.link("v100").ifPresent(net.rtnl::deleteLink);
        net.rtnl.link("bond0").ifPresent(net.rtnl::deleteLink);
        List<String> ids = List.of("kwP1", "kwV", "kwB");
        Path nmState = Path.of("/var/lib/NetworkManager/NetworkManager.state");
        java.util.function.Supplier<String> state = () -> {
            try {
                return stateAndActive() + "---\n" + (Files.exists(nmState) ? Files.readString(nmState) : "none");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        try {
            nmcli("connection", "add", "type", "bond", "con-name", "kwB", "ifname", "bond0", "mode", "active-backup",
                    "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24", "ipv4.gateway", "192.0.2.1", "ipv4.dns",
                    "192.0.2.53", "ipv6.method", "disabled");
            nmcli("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "kwP1", "ifname", "ens192",
                    "master", "kwB");
            nmcli("connection", "add", "type", "vlan", "con-name", "kwV", "dev", "bond0", "id", "100", "ipv4.method", "manual",
                    "ipv4.addresses", "203.0.113.10/24", "ipv6.method", "disabled");
            nmcli("networking", "off");
            String off = state.get();
            assertTrue(!off.contains("link bond0") && off.contains("---\n---\n") && off.contains("NetworkingEnabled=false"), off);
            nmcli("networking", "on");
            String on = state.get();
            assertTrue(on.contains("link bond0 kind=bond up=true") && on.contains("link bond0.100 kind=vlan up=true")
                    && on.contains("kwB:bond0\n") && on.contains("kwV:bond0.100\n") && on.contains("kwP1:ens192\n")
                    && on.contains("NetworkingEnabled=true"), on);
            int[] ends = killEachOldOrNew(state, on, off, () -> nmcli("networking", "on"), "nmcli", "networking", "off");
            assertTrue(ends[0] >= 1 && ends[1] >= 1, "flushes and downs before the deletions: undone " + ends[0]
                    + ", finished " + ends[1]);
        } finally {
            cli.run("nmcli", "networking", "on");
            List<String> delete = new ArrayList<>(List.of("nmcli", "connection", "delete"));
            delete.addAll(ids);
            cli.run(delete.toArray(String[]::new));
            Files.deleteIfExists(nmState);
        }
    }

    /**
     * {@code bondctl nmcli connection down} of a bond with a port and a VLAN on it (the VLAN and
     * the bond deleted, the port up again, the DNS servers out, the times stamped): killed
     * before each step and at each write in turn, the next run leaves the bond, its VLAN and
     * port active as before, or - past the first deletion - finishes the down.
     */
    @Test
    void aBondsDownKilledAtEveryStepEndsUpOrDown() throws Exception {
        net.rtnl.link("v100").ifPresent(net.rtnl::deleteLink);
        net.rtnl.link("bond0").ifPresent(net.rtnl::deleteLink);
        List<String> ids = List.of("kdP1", "kdV", "kdB");
        java.util.function.Supplier<String> state = this::stateAndActive;
        try {
            nmcli("connection", "add", "type", "bond", "con-name", "kdB", "ifname", "bond0", "mode", "active-backup",
                    "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24", "ipv4.dns", "192.0.2.53", "ipv6.method",
                    "disabled");
            nmcli("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "kdP1", "ifname", "ens192",
                    "master", "kdB");
            nmcli("connection", "add", "type", "vlan", "con-name", "kdV", "dev", "bond0", "id", "100", "ipv4.method", "manual",
                    "ipv4.addresses", "203.0.113.10/24", "ipv6.method", "disabled");
            nmcli("connection", "down", "kdB");
            String down = state.get();
            assertTrue(!down.contains("link bond0") && down.contains("link ens192 kind=veth up=true")
                    && !down.contains("kdB:"), down);
            nmcli("connection", "up", "kdB");
            String up = state.get();
            assertTrue(up.contains("link bond0 kind=bond up=true") && up.contains("kdV:bond0.100\n")
                    && up.contains("kdP1:ens192\n"), up);
            // the VLAN's deletion is the first step: every kill before a step finishes the down
            int[] ends = killEachOldOrNew(state, up, down, () -> nmcli("connection", "up", "kdB"), "nmcli", "connection", "down",
                    "kdB");
            assertTrue(ends[1] >= 3, "the VLAN, the bond, the port up, DNS: finished " + ends[1]);
        } finally {
            List<String> delete = new ArrayList<>(List.of("nmcli", "connection", "delete"));
            delete.addAll(ids);
            cli.run(delete.toArray(String[]::new));
        }
    }

    /**
     * bondctl {@code args} killed before each step, then at each file write, in turn until it
     * runs through: after each kill the next run must leave {@code old} (undone) or {@code done}
     * (finished, past a deletion: {@code back} then makes {@code old} again). Returns how many
     * kills before a step were undone and how many finished.
     */
    private int[] killEachOldOrNew(java.util.function.Supplier<String> state, String old, String done, Runnable back,
            String... args) throws Exception {
        int[] ends = new int[2];
        for (String fault : List.of("kill-before-step", "kill-at-write")) {
            int undone = 0;
            int finished = 0;
            for (int n = 1; ; n++) {
                Run r = bondctl("-Dbondctl.fault=" + fault + ":" + n, args);
                if (r.exit() == 0) {
                    assertEquals(done, state.get());
                    break;
                }
                assertEquals(137, r.exit(), fault + ":" + n + " -> " + r.out());
                nextRun();
                String now = state.get();
                if (now.equals(old)) {
                    undone++;
                    continue;
                }
                final int k = n;
                assertEquals(done, now, () -> String.join(" ", args) + " " + fault + ":" + k + ": neither before nor after"
                        + NetState.diff(List.of(old.split("\n")), List.of(now.split("\n"))));
                finished++;
                back.run();
                assertEquals(old, state.get());
            }
            back.run();
            assertEquals(old, state.get());
            if (fault.equals("kill-before-step")) {
                ends = new int[] {undone, finished};
            }
        }
        return ends;
    }

    /**
     * {@code bondctl nmcli general hostname NAME}: /etc/hostname written and the kernel's name
     * set, one change; killed before each step and at each file write in turn, the next run puts
     * back both (the guest's throwaway /etc and UTS namespace; put back at the end).
     */
    @Test
    void aHostNameChangeKilledAtEveryStepPutsBackFileAndKernelTogether() throws Exception {
        Path file = Path.of("/etc/hostname");
        Path kernel = Path.of("/proc/sys/kernel/hostname");
        byte[] fileBefore = Files.exists(file) ? Files.readAllBytes(file) : null;
        String kernelBefore = Files.readString(kernel).strip();
        java.util.function.Supplier<String> state = () -> {
            try {
                return Files.readString(kernel).strip() + " [" + (Files.exists(file) ? Files.readString(file) : "none") + "]";
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        try {
            Files.writeString(file, "before.example\n");
            Files.writeString(kernel, "before");
            String old = state.get();
            assertEquals("before [before.example\n]", old);
            int steps = killEach(state, old, "kill-before-step", "nmcli", "general", "hostname", "after.example");
            assertEquals("after.example [after.example\n]", state.get());
            assertEquals(3, steps, "the file, the kernel's name, the name from before the first change (for \"\")");
            Files.writeString(file, "before.example\n");
            Files.writeString(kernel, "before");
            int writes = killEach(state, old, "kill-at-write", "nmcli", "general", "hostname", "after.example");
            assertEquals("after.example [after.example\n]", state.get());
            assertTrue(writes >= 2, "the journal and /etc/hostname: " + writes);
        } finally {
            if (fileBefore == null) {
                Files.deleteIfExists(file);
            } else {
                Files.write(file, fileBefore);
            }
            Files.writeString(kernel, kernelBefore);
        }
    }

    /**
     * {@code bondctl nmcli connection up} of a NIC's own profile while the NIC is a bond's port
     * (released, its MTU and address set, its addresses, routes and DNS put in), then {@code
     * connection down} of it (all taken away, MTU and address given back): each killed before
     * every step in turn, the next run puts back the state before it; the profiles are the
     * system's (root /, the guest's throwaway /etc), in the test's namespace.
     */
    @Test
    void aNicsOwnProfileOnAPortIsKilledAtEveryStepUpAndDown() throws Exception {
        Path nsResolv = org.bondctl.dns.ResolvConf.forNetns(net.name());
        try {
            nmcli("connection", "add", "type", "ethernet", "con-name", "krE", "ifname", "ens224", "autoconnect", "no",
                    "ethernet.mtu", "1400", "ethernet.cloned-mac-address", "02:00:00:00:02:24", "ipv4.method", "manual",
                    "ipv4.addresses", "198.51.100.5/24", "ipv4.gateway", "198.51.100.1", "ipv4.dns", "198.51.100.54",
                    "ipv4.routes", "203.0.113.0/24 198.51.100.7", "ipv6.method", "manual", "ipv6.addresses", "2001:db8:5::5/64");
            java.util.function.Supplier<String> state = () -> {
                try {
                    // what bondctl nmcli remembers (the profile active on the NIC) must agree with the kernel
                    Cli.Result active = cli.run("nmcli", "-t", "-f", "NAME,DEVICE", "connection", "show", "--active");
                    return whole() + "\n---\nmac " + net.rtnl.require("ens224").address() + "\n---\n"
                            + (Files.exists(nsResolv) ? Files.readString(nsResolv) : "none") + "\n---\n" + active.out();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            String port = state.get();
            assertTrue(port.contains("link ens224 kind=veth up=true mtu=9000 master=bond0"), port);
            int up = killEachStep(state, "up", "krE");
            assertTrue(up >= 8, "release, MTU, address, up, addresses, routes, DNS: " + up);
            String own = state.get();
            // metric 101: the bond's other port holds an ethernet device's 100, as in NM
            assertTrue(own.contains("link ens224 kind=veth up=true mtu=1400\n") && own.contains("addr ens224 198.51.100.5/24")
                    && own.contains("addr ens224 2001:db8:5::5/64") && own.contains("route 203.0.113.0/24 via 198.51.100.7 dev ens224")
                    && own.contains("route default via 198.51.100.1 dev ens224 metric 101") && own.contains("mac 02:00:00:00:02:24")
                    && own.contains("nameserver 198.51.100.54"), own);
            int down = killEachStep(state, "down", "krE");
            assertTrue(down >= 5, "routes, addresses, MTU, address, DNS: " + down);
            String after = state.get();
            // the MTU it had as a port is not known (the kernel gave it back its own at the release): left as it is
            assertTrue(after.contains("link ens224 kind=veth up=true mtu=1400\n") && !after.contains("addr ens224")
                    && !after.contains("dev ens224") && !after.contains("198.51.100.54") && !after.contains("krE:"), after);
            // and at every file write (journal, resolv.conf, the marks of the profile active on the NIC and of
            // the DNS order, which go with the kernel's change): up and down again, the NIC on its own now, at
            // MTU 1300 with a VLAN that follows it: the profile's 1400 raises both, its down gives 1300 back to the
            // NIC, and the kernel lowers the VLAN with it (an undo must raise the VLAN again too)
            net.rtnl.setMtu(net.rtnl.require("ens224"), 1300, "test");
            net.rtnl.createVlan("ens224.7", net.rtnl.require("ens224"), 7, org.bondctl.rtnl.Rtnl.ETH_P_8021Q, "test");
            int upWrites = killEach(state, state.get(), "kill-at-write", "nmcli", "connection", "up", "krE");
            String again = state.get();
            assertTrue(again.contains("krE:ens224") && again.contains("addr ens224 198.51.100.5/24"), again);
            assertTrue(again.contains("link ens224.7 kind=vlan up=false mtu=1400 vlan=7/802.1Q parent=ens224"), again);
            int downWrites = killEach(state, again, "kill-at-write", "nmcli", "connection", "down", "krE");
            String back = state.get();
            assertTrue(back.contains("link ens224 kind=veth up=true mtu=1300\n")
                    && back.contains("link ens224.7 kind=vlan up=false mtu=1300 vlan=7/802.1Q parent=ens224"), back);
            assertTrue(upWrites >= 6 && downWrites >= 5, upWrites + " and " + downWrites + " writes");
        } finally {
            cli.run("nmcli", "connection", "delete", "krE");
            net.rtnl.link("ens224.7").ifPresent(net.rtnl::deleteLink);
        }
    }

    /**
     * An in-memory profile (nmcli's --temporary) made persistent, the file it shadows written and
     * its own file in /run removed, then one deleted with the file it owns: each is one change.
     * Killed at every file write in turn, the next run puts both files back as they were; run
     * through, the persistent file alone is left, then neither. The profiles are the system's
     * (root /: the guest's throwaway /etc and /run).
     */
    @Test
    void anInMemoryProfileAndTheFileItShadowsChangeTogether() throws Exception {
        Path etc = Path.of("/etc/NetworkManager/system-connections/krT.nmconnection");
        Path run = Path.of("/run/NetworkManager/system-connections/krT.nmconnection");
        java.util.function.Supplier<String> state = () -> {
            try {
                return (Files.exists(etc) ? Files.readString(etc) : "no " + etc) + "\n---\n"
                        + (Files.exists(run) ? Files.readString(run) : "no " + run);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        try {
            nmcli("connection", "add", "type", "ethernet", "con-name", "krT", "ifname", "krT0", "autoconnect", "no",
                    "ipv4.method", "manual", "ipv4.addresses", "192.0.2.70/24");
            nmcli("connection", "modify", "--temporary", "krT", "ipv4.addresses", "192.0.2.71/24");
            String old = state.get();
            assertTrue(old.contains("address1=192.0.2.70/24") && old.contains("address1=192.0.2.71/24")
                    && old.contains("shadowed-storage=" + etc), old);
            int modify = killEach(state, old, "kill-at-write", "nmcli", "connection", "modify", "krT", "ipv4.dns", "192.0.2.53");
            String made = state.get();
            assertTrue(made.contains("address1=192.0.2.71/24") && made.contains("dns=192.0.2.53;") && !Files.exists(run)
                    && !made.contains("nmmeta"), made);
            nmcli("connection", "modify", "--temporary", "krT", "ipv4.dns", "192.0.2.54");
            int delete = killEach(state, state.get(), "kill-at-write", "nmcli", "connection", "delete", "krT");
            assertTrue(!Files.exists(etc) && !Files.exists(run), state.get());
            // the journal and the profile (modify); the journal before each of the two files goes (delete)
            assertTrue(modify >= 3 && delete >= 2, modify + " and " + delete + " writes");
        } finally {
            cli.run("nmcli", "connection", "delete", "krT");
        }
    }

    /** nmcli connection ACTION PROFILE killed before each step in turn until it runs through; returns its steps. */
    /**
     * {@code nmcli device set IFNAME managed no}, then {@code yes}: no kernel change, marks in
     * the state directory, each file written whole. Killed at each write in turn, the device is
     * as it was or as asked ('device status': disconnected or unmanaged), never anything else;
     * run through, as asked. The profile is the system's (root /, the guest's throwaway /etc).
     */
    @Test
    void deviceSetKilledAtEveryWriteLeavesTheDeviceAsItWasOrAsAsked() throws Exception {
        java.util.function.Supplier<String> status = () -> {
            Cli.Result r = cli.run("nmcli", "-t", "-f", "DEVICE,STATE", "device");
            assertEquals(0, r.exit(), r::toString);
            return r.out().lines().filter(l -> l.startsWith("ens224:")).findFirst().orElse("no ens224: " + r.out());
        };
        Path marks = state.resolve("nmcli-unmanaged");
        java.util.function.Supplier<String> file = () -> {
            try {
                return Files.exists(marks) ? Files.readString(marks) : "absent";
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        try {
            nmcli("connection", "add", "type", "ethernet", "con-name", "krD", "ifname", "ens224", "autoconnect", "no",
                    "ipv4.method", "disabled", "ipv6.method", "disabled");
            int writes = 0;
            String fileBefore = file.get();
            for (String[] step : List.of(new String[] {"no", "ens224:disconnected", "ens224:unmanaged"},
                    new String[] {"yes", "ens224:unmanaged", "ens224:disconnected"})) {
                assertEquals(step[1], status.get());
                List<String> killedFiles = new ArrayList<>();
                for (int n = 1; ; n++) {
                    Run r = bondctl("-Dbondctl.fault=kill-at-write:" + n, "nmcli", "device", "set", "ens224", "managed", step[0]);
                    String now = status.get();
                    if (r.exit() == 0) {
                        assertEquals(step[2], now, "managed " + step[0] + " run through");
                        writes += n - 1;
                        break;
                    }
                    assertEquals(137, r.exit(), "kill-at-write:" + n + " -> " + r.out());
                    assertTrue(now.equals(step[1]) || now.equals(step[2]), "killed at write " + n + ": " + now);
                    killedFiles.add(file.get());
                }
                // a file killed while written is the old one or the new one whole, never a part
                String fileAfter = file.get();
                for (String f : killedFiles) {
                    assertTrue(f.equals(fileBefore) || f.equals(fileAfter), "the marks file after a kill: '" + f + "'");
                }
                fileBefore = fileAfter;
            }
            assertTrue(writes >= 2, writes + " writes");
        } finally {
            cli.run("nmcli", "connection", "delete", "krD");
        }
    }

    private int killEachStep(java.util.function.Supplier<String> state, String action, String profile) throws Exception {
        return killEachStep(state, state.get(), "nmcli", "connection", action, profile);
    }

    private int killEachStep(java.util.function.Supplier<String> state, String old, String... args) throws Exception {
        return killEach(state, old, "kill-before-step", args);
    }

    /**
     * bondctl {@code args} killed before each step ({@code fault} kill-before-step) or at each file
     * write (kill-at-write) in turn until it runs through; after each kill the next run must put
     * back {@code old}. Returns the steps or writes.
     */
    private int killEach(java.util.function.Supplier<String> state, String old, String fault, String... args)
            throws Exception {
        int n = 1;
        for (; ; n++) {
            Run r = bondctl("-Dbondctl.fault=" + fault + ":" + n, args);
            if (r.exit() == 0) {
                return n - 1;
            }
            assertEquals(137, r.exit(), args[0] + " " + fault + ":" + n + " -> " + r.out());
            nextRun();
            String now = state.get();
            final int k = n;
            assertEquals(old, now, () -> String.join(" ", args) + " after " + fault + ":" + k
                    + NetState.diff(List.of(old.split("\n")), List.of(now.split("\n"))));
        }
    }

    private void nmcli(String... args) {
        Cli.Result r = cli.run(cat(new String[] {"nmcli"}, args));
        assertEquals(0, r.exit(), () -> String.join(" ", args) + " -> " + r);
    }

    /** The kernel's bond0 (options, ports, addresses, routes) and every file below {@code root}. */
    private String liveAndProfiles(Path root) throws IOException {
        StringBuilder sb = new StringBuilder(String.join("\n", NetState.of(net.rtnl))).append("\n---\n");
        try (var s = Files.walk(root)) {
            for (Path f : s.sorted().toList()) {
                sb.append(root.relativize(f)).append(Files.isRegularFile(f) ? ":\n" + Files.readString(f) : "/").append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void aLiveChangeAndItsProfileStandOrFallTogether() throws Exception {
        Path root = tmp.resolve("root");
        assertEquals(0, cli.run("profile", "save", "bond0", "--root", root.toString(), "--format", "keyfile",
                "--resolv-conf", resolv.toString()).exit());
        String[] persist = {"--persist", "--root", root.toString(), "--format", "keyfile"};
        standOrFallTogether(root, cat(new String[] {"set", "bond0", "miimon=300", "updelay=600"}, persist),
                cat(new String[] {"set", "bond0", "miimon=100", "updelay=0"}, persist), "miimon=300", "updelay=600");
        // resolv.conf and the profile's DNS: one change too
        standOrFallTogether(root, cat(new String[] {"dns", "set", "bond0", "--server", "198.51.100.99", "--search", "new.example",
            "--resolv-conf", resolv.toString()}, persist), cat(new String[] {"dns", "set", "bond0", "--server", "192.0.2.53",
                "--resolv-conf", resolv.toString()}, persist), "nameserver 198.51.100.99", "dns=198.51.100.99;");
    }

    private static String[] cat(String[] a, String[] b) {
        List<String> l = new ArrayList<>(List.of(a));
        l.addAll(List.of(b));
        return l.toArray(String[]::new);
    }

    /**
     * {@code change} (live and --persist) fails at each of its writes in turn (exit 7, nothing
     * changed), then is killed at each in turn (the next run puts the state back); {@code back}
     * sets the state the kill loop starts from.
     */
    private void standOrFallTogether(Path root, String[] change, String[] back, String... made) throws Exception {
        String old = liveAndProfiles(root) + Files.readString(resolv);
        int n = 1;
        for (; ; n++) {
            System.setProperty("bondctl.fault", "fail-at-write:" + n);
            org.bondctl.error.Faults.resetWrites();
            Cli.Result r;
            try {
                r = cli.run(change);
            } finally {
                System.clearProperty("bondctl.fault");
            }
            if (r.exit() == 0) {
                break;
            }
            final int k = n;
            assertEquals(7, r.exit(), () -> "fail-at-write:" + k + " -> " + r);
            assertTrue(r.err().contains("injected fault at write " + n), r::toString);
            assertEquals(old, liveAndProfiles(root) + Files.readString(resolv), "after fail-at-write:" + n);
        }
        assertTrue(n - 1 >= 3, "journal and profile writes: " + (n - 1));
        String after = liveAndProfiles(root) + Files.readString(resolv);
        for (String m : made) {
            assertTrue(after.contains(m), () -> m + " missing in\n" + after);
        }
        // killed at any write: the next run puts back the state before, live and files alike
        assertEquals(0, cli.run(back).exit());
        String before = liveAndProfiles(root) + Files.readString(resolv);
        for (n = 1; ; n++) {
            Run r = bondctl("-Dbondctl.fault=kill-at-write:" + n, change);
            if (r.exit() == 0) {
                break;
            }
            assertEquals(137, r.exit(), "kill-at-write:" + n + " -> " + r.out());
            nextRun();
            assertEquals(before, liveAndProfiles(root) + Files.readString(resolv), "after kill-at-write:" + n);
        }
        assertEquals(after, liveAndProfiles(root) + Files.readString(resolv));
    }

    @Test
    void aClosedTerminalDoesNotStopTheRollback() throws Exception {
        String old = whole();
        // script(1) runs apply on a pseudo-terminal that closes when it ends: its session gets SIGHUP
        Process p = new ProcessBuilder("script", "-qec", "BONDCTL_JAVA_OPTS=-Dbondctl.state-dir=" + state + " bin/bondctl --netns "
                + net.name() + " apply --confirm-timeout 4 --resolv-conf " + resolv + " " + after, "/dev/null")
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        String made = whole();
        assertFalse(made.equals(old), "the change is made: " + out);
        // the timer writes its line once the roll-back is done (seen once in CI on 6.1: not within 30 s,
        // never since; the failure now says what the timer wrote and which bondctl processes ran)
        try {
            waitFor(() -> log().contains("rolled back change not confirmed in time"), 30_000);
        } catch (AssertionError e) {
            Process ps = new ProcessBuilder("ps", "-eo", "pid,etimes,args").redirectErrorStream(true).start();
            String procs = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains("rollback-pending") || l.contains("bondctl")).reduce("", (a, b) -> a + "\n" + b);
            fail(e.getMessage() + "; rollback.log: [" + log() + "]; pending: " + Pending.current(state) + "; processes:" + procs);
        }
        assertEquals(old, whole());
        assertTrue(Pending.current(state).isEmpty());
    }

    @Test
    void aKilledTimerStillRollsBackByTheNextRunAfterTheDeadline() throws Exception {
        String old = whole();
        Run r = bondctl("", "apply", "--confirm-timeout", "3", "--resolv-conf", resolv.toString(), after.toString());
        assertEquals(0, r.exit(), r.out());
        List<ProcessHandle> timers = ProcessHandle.allProcesses().filter(h -> h.info().arguments()
                .map(a -> String.join(" ", a).contains("rollback-pending")).orElse(false)).toList();
        assertFalse(timers.isEmpty(), "a timer runs");
        timers.forEach(ProcessHandle::destroyForcibly);
        Thread.sleep(4000);
        assertFalse(whole().equals(old), "nobody rolled back yet: the timer is dead");
        nextRun();
        assertEquals(old, whole(), "the next run after the deadline rolls back");
        // and a confirmed change stays, whatever runs next
        assertEquals(0, bondctl("", "apply", "--confirm-timeout", "3", "--resolv-conf", resolv.toString(), after.toString()).exit());
        assertEquals(0, cli.run("confirm").exit());
        String made = whole();
        Thread.sleep(4000);
        nextRun();
        assertEquals(made, whole());
    }

    @Test
    void anUnusableStateDirectoryStopsTheChangeBeforeItStarts() throws Exception {
        String old = whole();
        Path notADir = Files.writeString(tmp.resolve("file"), "x");
        System.setProperty("bondctl.state-dir", notADir.resolve("state").toString());
        Cli.Result r = cli.run("apply", "--resolv-conf", resolv.toString(), after.toString());
        assertEquals(7, r.exit(), r::toString);
        assertTrue(r.err().contains("state directory"), r::toString);
        assertEquals(old, whole());
        assertEquals(2, cli.run("apply", "--confirm-timeout", "10000000000000000", after.toString()).exit(), "overflow refused");
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private String log() throws IOException {
        Path f = state.resolve("rollback.log");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    static void waitFor(Check c, long ms) throws Exception {
        long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end) {
            if (c.ok()) {
                return;
            }
            Thread.sleep(100);
        }
        fail("not within " + ms + " ms");
    }
}
