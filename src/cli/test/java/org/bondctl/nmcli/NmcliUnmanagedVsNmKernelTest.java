package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bondctl.rtnl.Rtnetlink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Devices NetworkManager does not manage, through NetworkManager 1.42 and {@code bondctl nmcli}
 * side by side. The test bed's NetworkManager.conf leaves every name but ens*, bond* and br*
 * unmanaged ("strictly": nothing activates them), and a udev rule of this test marks ensu*
 * NM_UNMANAGED=1 (an administrator's activation overrules that). Recorded: the refusals on a
 * strictly unmanaged NIC and bond (exit 4 and NM's words), that nothing autoconnects on a
 * udev-unmanaged NIC (a profile of its own, a bond's port), that a named activation takes it and
 * leaves it managed ("disconnected" after its down), and the devices' states and addresses.
 */
@Tag("kernel")
@Tag("nm")
class NmcliUnmanagedVsNmKernelTest {
    static final Path RULE = Path.of("/etc/udev/rules.d/87-bondctl-test-unmanaged.rules");
    /** The NICs: a strictly unmanaged one, two udev-unmanaged ones, a managed one; each with a peer that is up. */
    static final Map<String, String> NICS = Map.of("vum1", "pvum1", "ensu1", "pu1", "ensu2", "pu2", "ens196", "q196");
    static final List<String> IDS = List.of("umS", "umB", "umU1", "umBu", "umPu2", "umP6");
    static Rtnetlink rtnl;

    @BeforeAll
    static void udevRule() throws Exception {
        rtnl = org.bondctl.profile.NmCompatTestAccess.nmGuestWithNics();
        Files.writeString(RULE, "SUBSYSTEM==\"net\", ENV{INTERFACE}==\"ensu*\", ENV{NM_UNMANAGED}=\"1\"\n");
        udevadm("control", "--reload");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (rtnl != null) {
            removeLinks();
            Files.deleteIfExists(RULE);
            udevadm("control", "--reload");
            rtnl.close();
        }
    }

    static void udevadm(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("udevadm"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertEquals(0, p.waitFor(), () -> String.join(" ", cmd));
    }

    static void removeLinks() {
        for (String n : List.of("bondu", "vumb", "vum1", "ensu1", "ensu2", "ens196")) {
            rtnl.link(n).ifPresent(rtnl::deleteLink);
        }
    }

    /** Fresh NICs (new indexes: what one side's activations left does not carry over), known to udev. */
    static void freshNics() throws Exception {
        removeLinks();
        NICS.forEach((nic, peer) -> {
            rtnl.createVeth(nic, peer);
            rtnl.setUp(rtnl.require(peer), true);
        });
        udevadm("settle", "-t", "30");
    }

    static void devices(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        SideBySide.recordDevices(side, record, what, rtnl, List.of("vum1", "ensu1", "ensu2", "ens196", "bondu"));
    }

    @Test
    void unmanagedDevicesAreLeftAloneAsNetworkManagerLeavesThem() throws Exception {
        SideBySide.compareOnSystem("nmcli-unmanaged-vs-nm.txt", IDS, (side, record) -> {
            freshNics();
            // strictly unmanaged (NetworkManager.conf): nothing activates it
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "umS", "ifname", "vum1", "ipv4.method",
                    "manual", "ipv4.addresses", "192.0.2.5/24", "ipv6.method", "disabled"));
            // without ifname NM names whichever device it tried last; the exit is the same
            record.put("up on a strict NIC", side.attempt(List.of("connection", "up", "umS")).substring(0, 1));
            record.put("up on a strict NIC, ifname", side.attempt(List.of("connection", "up", "umS", "ifname", "vum1")));
            record.put("device connect on a strict NIC", side.attempt(List.of("device", "connect", "vum1")));
            side.run(List.of("connection", "add", "type", "bond", "con-name", "umB", "ifname", "vumb", "ipv4.method",
                    "disabled", "ipv6.method", "disabled"));
            record.put("up of a strict bond", side.attempt(List.of("connection", "up", "umB")));
            devices(side, record, "strict");
            // unmanaged by udev: no autoconnect, but an administrator's activation takes it
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "umU2", "ifname", "ensu2", "ipv4.method",
                    "manual", "ipv4.addresses", "192.0.2.8/24", "ipv6.method", "disabled"));
            devices(side, record, "autoconnect on a udev-unmanaged NIC");
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "umU1", "ifname", "ensu1", "autoconnect", "no",
                    "ipv4.method", "manual", "ipv4.addresses", "192.0.2.9/24", "ipv6.method", "disabled"));
            side.run(List.of("connection", "up", "umU1"));
            devices(side, record, "up on a udev-unmanaged NIC");
            side.run(List.of("connection", "down", "umU1"));
            devices(side, record, "down again");
            side.run(List.of("connection", "delete", "umU2"));
            side.run(List.of("connection", "add", "type", "bond", "con-name", "umBu", "ifname", "bondu", "bond.options",
                    "mode=active-backup", "ipv4.method", "disabled", "ipv6.method", "disabled"));
            side.run(List.of("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "umPu2", "ifname",
                    "ensu2", "master", "umBu"));
            side.run(List.of("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "umP6", "ifname",
                    "ens196", "master", "umBu"));
            devices(side, record, "a bond's ports, one on a udev-unmanaged NIC");
            side.run(List.of("connection", "up", "umPu2"));
            devices(side, record, "that port brought up");
        });
    }
}
