package org.bondctl.nmcli;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Connectivity as scripts ask for it ({@code nmcli networking connectivity}, {@code general
 * status}, {@code device status}'s IP4/IP6-CONNECTIVITY), run by the real nmcli with
 * NetworkManager 1.42 (connectivity checking off, as Debian and RHEL ship it), then by {@code
 * bondctl nmcli} with it stopped, on the system's profiles: a NIC's profile with an address
 * and no gateway and a bond's without IP (limited, connected (local only)), the NIC's with a
 * gateway (full, connected), and down (none for a managed device no profile is active on). The
 * same on both sides.
 */
@Tag("kernel")
@Tag("nm")
class NmcliConnectivityVsNmKernelTest {
    @org.junit.jupiter.api.extension.RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bondcn");

    private static void record(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        side.settle();
        record.put(what, side.run(List.of("networking", "connectivity")) + side.run(List.of("networking", "connectivity", "check"))
                + side.run(List.of("-t", "-f", "STATE,CONNECTIVITY", "general", "status"))
                + String.join("\n", side.run(List.of("-t", "-f", "DEVICE,STATE,IP4-CONNECTIVITY,IP6-CONNECTIVITY", "device",
                        "status")).lines().filter(l -> l.startsWith("ens") || l.startsWith("bondcn:")).sorted().toList()) + "\n");
    }

    @Test
    void connectivityIsNetworkManagers() throws Exception {
        SideBySide.compareOnSystem("nmcli-connectivity-vs-nm.txt", List.of("cn1", "cnB"), (side, record) -> {
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "cn1", "ifname", "ens192", "ipv4.method",
                    "manual", "ipv4.addresses", "192.0.2.10/24", "ipv6.method", "disabled"));
            side.run(List.of("connection", "add", "type", "bond", "con-name", "cnB", "ifname", "bondcn", "ipv4.method",
                    "disabled", "ipv6.method", "disabled"));
            record(side, record, "an address, no gateway; a bond without IP");
            side.run(List.of("connection", "modify", "cn1", "ipv4.gateway", "192.0.2.1"));
            side.run(List.of("connection", "up", "cn1"));
            record(side, record, "a gateway");
            side.run(List.of("connection", "down", "cn1"));
            record(side, record, "down");
        });
    }
}
