package org.bondctl.nmcli;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code connection clone}, run by the real nmcli with NetworkManager 1.42, then by {@code bondctl
 * nmcli} with it stopped: a bond with options, addresses, DNS and a kept property, its port and
 * a VLAN on it are cloned; the clones' files are the same key by key (the UUID aside), and so
 * are their {@code connection show}, the line nmcli prints and the refusal of a clone without a
 * new name.
 */
@Tag("kernel")
@Tag("nm")
class NmcliCloneVsNmKernelTest {
    static final List<String> IDS = List.of("clB", "clP", "clV", "clB2", "clP2", "clV2");
    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void clonesAreNetworkManagersClones() throws Exception {
        SideBySide.compare("nmcli-clone-vs-nm.txt", IDS, (side, record) -> {
            side.run(List.of("connection", "add", "type", "bond", "con-name", "clB", "ifname", "bond80", "autoconnect", "no",
                    "bond.options", "mode=active-backup,miimon=100,primary=ens192", "ipv4.method", "manual",
                    "ipv4.addresses", "192.0.2.10/24", "ipv4.gateway", "192.0.2.1", "ipv4.dns", "192.0.2.53",
                    "ipv6.method", "disabled", "connection.zone", "trusted"));
            side.run(List.of("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "clP", "ifname",
                    "ens192", "master", "clB", "autoconnect", "no", "bond-port.queue-id", "2"));
            side.run(List.of("connection", "add", "type", "vlan", "con-name", "clV", "dev", "bond80", "id", "80",
                    "autoconnect", "no", "ipv4.method", "manual", "ipv4.addresses", "198.51.100.80/24"));
            for (String id : List.of("clB", "clP", "clV")) {
                record.put("clone " + id, NmcliVsNmKernelTest.normalize("clone",
                        side.run(List.of("connection", "clone", id, id + "2"))));
                record.put("file " + id + "2", NmcliVsNmKernelTest.semantic(Files.readString(side.profiles()
                        .resolve(id + "2.nmconnection"))).replaceAll(UUID, "UUID")); // the port's master, random on each side
                record.put("show " + id + "2", NmcliVsNmKernelTest.normalize("show",
                        side.run(List.of("connection", "show", id + "2"))));
            }
            record.put("no new name", side.attempt(List.of("connection", "clone", "clB")));
        });
    }
}
