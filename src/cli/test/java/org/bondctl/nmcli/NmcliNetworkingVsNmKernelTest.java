package org.bondctl.nmcli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code nmcli networking off} and {@code on}, the "restart the network" of many runbooks: off
 * deactivates every profile (the bond and its VLAN deleted, a NIC's addresses flushed), sets
 * the NICs down, leaves every device unmanaged and refuses activations in NM's words, and keeps
 * NetworkingEnabled=false in NM's state file; on brings the NICs up and the profiles that
 * autoconnect, but not one 'connection down' took down. The same lines through NetworkManager
 * 1.42's nmcli and through {@code bondctl nmcli} on the system's profiles: the same devices,
 * addresses, links, active profiles, state file and words.
 */
@Tag("kernel")
@Tag("nm")
class NmcliNetworkingVsNmKernelTest {
    static final List<String> IDS = List.of("nB", "nB-p1", "nV", "nPlain");
    static final List<String> NAMES = List.of("bond77", "bond77.77", "ens192", "ens224");
    static final Path STATE = Path.of("/", Networking.FILE);
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond77.77", "bond77");

    /** Networking on again for the classes after this one, whatever happened here (NM reads the file when it starts). */
    @AfterAll
    static void enableNetworking() throws Exception {
        if (Files.exists(STATE) && !Networking.enabled(Path.of("/"))) {
            Files.delete(STATE);
        }
    }

    private static void record(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        SideBySide.recordDevices(side, record, what, GUEST.rtnl(), NAMES);
        StringBuilder links = new StringBuilder();
        for (String n : NAMES) {
            links.append(n).append(GUEST.rtnl().link(n).map(l -> l.isUp() ? " up" : " down").orElse(" none")).append('\n');
        }
        record.put(what + ": links", links.toString());
        record.put(what + ": networking", side.run(List.of("networking")) + side.run(List.of("-t", "-f",
                "STATE,CONNECTIVITY,NETWORKING", "general")));
        if (!what.startsWith("1")) { // NM writes its state file at its first switch (the bondctl side finds NM's)
            record.put(what + ": state file", Files.exists(STATE) ? Files.readString(STATE) : "none\n");
        }
        record.put(what + ": resolv.conf servers", String.join("\n", Files.readAllLines(Path.of("/etc/resolv.conf")).stream()
                .filter(l -> l.startsWith("nameserver")).toList()) + "\n");
    }

    @Test
    void networkingOffAndOnAgain() throws Exception {
        SideBySide.compareOnSystem("nmcli-networking-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            side.run(List.of("connection", "add", "type", "bond", "con-name", "nB", "ifname", "bond77", "bond.options",
                    "mode=active-backup,miimon=100", "ipv4.method", "manual", "ipv4.addresses", "192.0.2.77/24",
                    "ipv4.dns", "192.0.2.53", "ipv6.method", "disabled"));
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "nB-p1", "ifname", "ens192", "master",
                    "bond77"));
            side.run(List.of("connection", "add", "type", "vlan", "con-name", "nV", "dev", "bond77", "id", "77", "ipv4.method",
                    "manual", "ipv4.addresses", "198.51.100.77/24", "ipv6.method", "disabled"));
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "nPlain", "ifname", "ens224", "ipv4.method",
                    "manual", "ipv4.addresses", "192.0.2.177/24", "ipv6.method", "disabled"));
            record(side, record, "1 added");
            record.put("down nPlain", side.attempt(List.of("connection", "down", "nPlain")).replaceAll("\\(.*\\)", "(...)"));
            record.put("off", side.attempt(List.of("networking", "off")));
            record(side, record, "2 off");
            record.put("up while off", side.attempt(List.of("connection", "up", "nB")));
            record.put("connect while off", side.attempt(List.of("device", "connect", "ens224")));
            record.put("off again", side.attempt(List.of("networking", "of")));
            record.put("on", side.attempt(List.of("networking", "on")));
            record(side, record, "3 on");
            record.put("on again", side.attempt(List.of("networking", "on", "extra")));
            record.put("bad word", side.attempt(List.of("networking", "foo")));
        });
    }
}
