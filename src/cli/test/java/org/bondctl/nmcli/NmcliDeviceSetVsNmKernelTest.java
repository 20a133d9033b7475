package org.bondctl.nmcli;

import java.util.List;
import java.util.Map;
import org.bondctl.rtnl.Rtnetlink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code nmcli device set IFNAME managed|autoconnect yes|no} through NetworkManager 1.42 and
 * {@code bondctl nmcli} side by side: managed yes takes a NIC udev marks unmanaged (this test's
 * rule marks ensu*) and its profile autoconnects there (not on one that is down, which NM
 * leaves "unavailable"); managed no leaves an active NIC's
 * addresses in place but lists no profile active on it ('connection down' then finds none);
 * managed yes again makes that profile the NIC's again; an activation named on a NIC made
 * unmanaged takes it; autoconnect no keeps an added profile from coming up, 'device connect'
 * still brings it. Recorded after each line: the devices' states, their IPv4 addresses and the
 * active profiles.
 */
@Tag("kernel")
@Tag("nm")
class NmcliDeviceSetVsNmKernelTest {
    static final Map<String, String> NICS = Map.of("ensu3", "pu3", "ensu4", "pu4", "ens197", "q197", "ens198", "q198");
    static final List<String> IDS = List.of("dsU3", "dsU4", "dsE7", "dsE8");
    static Rtnetlink rtnl;

    @BeforeAll
    static void udevRule() throws Exception {
        rtnl = org.bondctl.profile.NmCompatTestAccess.nmGuestWithNics();
        java.nio.file.Files.writeString(NmcliUnmanagedVsNmKernelTest.RULE,
                "SUBSYSTEM==\"net\", ENV{INTERFACE}==\"ensu*\", ENV{NM_UNMANAGED}=\"1\"\n");
        NmcliUnmanagedVsNmKernelTest.udevadm("control", "--reload");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (rtnl != null) {
            NICS.keySet().forEach(n -> rtnl.link(n).ifPresent(rtnl::deleteLink));
            java.nio.file.Files.deleteIfExists(NmcliUnmanagedVsNmKernelTest.RULE);
            NmcliUnmanagedVsNmKernelTest.udevadm("control", "--reload");
            rtnl.close();
        }
    }

    /**
     * Fresh NICs, up and with carrier but ensu4, which is down (new indexes: one side's marks do
     * not carry over), known to udev.
     */
    static void freshNics() throws Exception {
        NICS.forEach((nic, peer) -> {
            rtnl.link(nic).ifPresent(rtnl::deleteLink);
            rtnl.createVeth(nic, peer);
            rtnl.setUp(rtnl.require(peer), true);
            rtnl.setUp(rtnl.require(nic), !nic.equals("ensu4"));
        });
        NmcliUnmanagedVsNmKernelTest.udevadm("settle", "-t", "30");
    }

    static void devices(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        SideBySide.recordDevices(side, record, what, rtnl, List.of("ensu3", "ens197", "ens198"));
    }

    @Test
    void deviceSetAsNetworkManagerDoesIt() throws Exception {
        SideBySide.compareOnSystem("nmcli-device-set-vs-nm.txt", IDS, (side, record) -> {
            freshNics();
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "dsU3", "ifname", "ensu3", "ipv4.method",
                    "manual", "ipv4.addresses", "192.0.2.12/24", "ipv6.method", "disabled"));
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "dsE7", "ifname", "ens197", "ipv4.method",
                    "manual", "ipv4.addresses", "192.0.2.10/24", "ipv6.method", "disabled"));
            devices(side, record, "added");
            record.put("managed yes, udev's", side.attempt(List.of("device", "set", "ensu3", "managed", "yes")));
            devices(side, record, "managed yes, udev's");
            // one that is down: NM leaves it "unavailable" (a state bondctl does not tell), nothing autoconnects
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "dsU4", "ifname", "ensu4", "ipv4.method",
                    "manual", "ipv4.addresses", "192.0.2.13/24", "ipv6.method", "disabled"));
            side.run(List.of("device", "set", "ensu4", "managed", "yes"));
            side.settle();
            SideBySide.recordActive(side, record, "managed yes, udev's, down");
            record.put("managed no", side.attempt(List.of("device", "set", "ens197", "managed", "no")));
            devices(side, record, "managed no");
            record.put("down on it", side.attempt(List.of("connection", "down", "dsE7")));
            record.put("managed yes", side.attempt(List.of("device", "set", "ifname", "ens197", "managed", "yes")));
            devices(side, record, "managed yes");
            side.run(List.of("device", "set", "ens197", "managed", "no"));
            record.put("up on it", side.attempt(List.of("connection", "up", "dsE7")).substring(0, 1));
            devices(side, record, "up on an unmanaged device");
            record.put("autoconnect no", side.attempt(List.of("device", "set", "ens198", "autoconnect", "no")));
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "dsE8", "ifname", "ens198", "ipv4.method",
                    "manual", "ipv4.addresses", "192.0.2.11/24", "ipv6.method", "disabled"));
            devices(side, record, "added with autoconnect no");
            side.run(List.of("device", "connect", "ens198"));
            devices(side, record, "device connect");
        });
    }
}
