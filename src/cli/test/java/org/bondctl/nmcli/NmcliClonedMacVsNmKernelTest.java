package org.bondctl.nmcli;

import java.nio.file.Files;
import java.util.List;
import org.bondctl.rtnl.Rtnetlink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ethernet.cloned-mac-address on a bond, run by the real nmcli with NetworkManager 1.42, then
 * by {@code bondctl nmcli} with it stopped: the profile's file and {@code -g} value (the
 * address as NM keeps it), the bond's and its ports' addresses after {@code connection up}, a
 * second address brought up on the live bond, NM's words kept as they are, and the refusal of
 * an address that is none.
 */
@Tag("kernel")
@Tag("nm")
class NmcliClonedMacVsNmKernelTest {
    static final List<String> IDS = List.of("cmP1", "cmP2", "cmB");
    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    static Rtnetlink rtnl;

    @BeforeAll
    static void nics() {
        rtnl = org.bondctl.profile.NmCompatTestAccess.nmGuestWithNics();
    }

    @AfterAll
    static void cleanUp() {
        if (rtnl != null) {
            rtnl.link("bond90").ifPresent(rtnl::deleteLink);
            for (String n : List.of("ens192", "ens224")) {
                rtnl.link(n).ifPresent(rtnl::deleteLink);
            }
            rtnl.close();
        }
    }

    private static String macs() {
        StringBuilder sb = new StringBuilder();
        for (String n : List.of("bond90", "ens192", "ens224")) {
            sb.append(n).append(' ').append(rtnl.link(n).map(l -> l.address().toString()).orElse("absent")).append('\n');
        }
        return sb.toString();
    }

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        SideBySide.compare("nmcli-cloned-mac-vs-nm.txt", IDS, (side, record) -> {
            rtnl.link("bond90").ifPresent(rtnl::deleteLink); // what NetworkManager, stopped at once, left
            side.run(List.of("connection", "add", "type", "bond", "con-name", "cmB", "ifname", "bond90", "autoconnect", "no",
                    "bond.options", "mode=active-backup,miimon=100", "ipv4.method", "disabled", "ipv6.method", "disabled",
                    "connection.autoconnect-slaves", "yes", "ethernet.cloned-mac-address", "02:00:00:00:0b:ab"));
            for (String[] port : new String[][] {{"cmP1", "ens192"}, {"cmP2", "ens224"}}) {
                side.run(List.of("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", port[0], "ifname",
                        port[1], "master", "bond90", "autoconnect", "no"));
            }
            record.put("file cmB", NmcliVsNmKernelTest.semantic(Files.readString(side.profiles().resolve("cmB.nmconnection")))
                    .replaceAll(UUID, "UUID"));
            record.put("-g", side.run(List.of("-g", "802-3-ethernet.cloned-mac-address", "connection", "show", "cmB")));
            side.run(List.of("connection", "up", "cmB"));
            side.settle();
            record.put("macs up", macs());
            side.run(List.of("connection", "modify", "cmB", "ethernet.cloned-mac-address", "02:00:00:00:0b:02"));
            side.run(List.of("connection", "up", "cmB"));
            side.settle();
            record.put("macs second", macs());
            record.put("not an address", side.attempt(List.of("connection", "modify", "cmB", "ethernet.cloned-mac-address",
                    "02:00:00:00:0b:zz")));
            side.run(List.of("connection", "modify", "cmB", "ethernet.cloned-mac-address", "random"));
            record.put("-g random", side.run(List.of("-g", "802-3-ethernet.cloned-mac-address", "connection", "show", "cmB")));
            side.run(List.of("connection", "down", "cmB"));
            side.settle();
        });
    }
}
