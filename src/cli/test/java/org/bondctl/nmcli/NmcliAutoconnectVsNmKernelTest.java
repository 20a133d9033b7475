package org.bondctl.nmcli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Rtnetlink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What {@code connection add} does to the kernel without a {@code connection up}: NetworkManager
 * 1.42 autoconnects what it adds, and so does {@code bondctl nmcli} on the system's profiles.
 * The same lines through both, with the kernel read after each: a bond comes up at once, a port
 * on a free NIC is enslaved, a VLAN on the bond comes up, a port whose NIC another active port
 * profile holds is not, nor one whose NIC a plain ethernet profile holds, nor one with autoconnect no. Each side's active profiles (sorted), the
 * one listed first (the profile holding the default route, nmcli's order) and the kernel's
 * links and masters must be the same.
 */
@Tag("kernel")
@Tag("nm")
class NmcliAutoconnectVsNmKernelTest {
    static final List<String> NICS = List.of("ens193", "ens194", "ens195");
    static final List<String> IDS = List.of("acP5", "acE", "acV", "acP3", "acP2", "acP1", "acB1", "acB0");
    static Rtnetlink rtnl;

    @BeforeAll
    static void nics() {
        rtnl = org.bondctl.profile.NmCompatTestAccess.nmGuestWithNics();
        for (String n : NICS) {
            rtnl.link(n).ifPresent(rtnl::deleteLink);
            rtnl.createVeth(n, "q" + n.substring(3));
            rtnl.setUp(rtnl.require("q" + n.substring(3)), true);
        }
    }

    @AfterAll
    static void cleanUp() {
        if (rtnl != null) {
            removeLinks();
            for (String n : NICS) {
                rtnl.link(n).ifPresent(rtnl::deleteLink);
            }
            rtnl.close();
        }
    }

    static void removeLinks() {
        for (String n : List.of("bond70.100", "bond70", "bond71", "bond72", "bond81", "bond82", "bond83")) {
            rtnl.link(n).ifPresent(rtnl::deleteLink);
        }
    }

    @Test
    void addActivatesAsNetworkManagerAutoconnects() throws Exception {
        SideBySide.compareOnSystem("nmcli-autoconnect-vs-nm.txt", IDS, (side, record) -> {
            removeLinks(); // what NetworkManager, stopped right after deleting its profiles, left
            step(side, record, "bond", "connection", "add", "type", "bond", "con-name", "acB0", "ifname", "bond70", "mode",
                    "active-backup", "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24", "ipv4.gateway", "192.0.2.1",
                    "ipv6.method", "disabled");
            step(side, record, "port on a free NIC", "connection", "add", "type", "ethernet", "slave-type", "bond", "con-name",
                    "acP1", "ifname", "ens193", "master", "acB0");
            step(side, record, "vlan on the bond", "connection", "add", "type", "vlan", "con-name", "acV", "dev", "bond70",
                    "id", "100", "ipv4.method", "manual", "ipv4.addresses", "198.51.100.10/24", "ipv6.method", "disabled");
            step(side, record, "second bond", "connection", "add", "type", "bond", "con-name", "acB1", "ifname", "bond71",
                    "mode", "active-backup", "ipv4.method", "disabled", "ipv6.method", "disabled");
            step(side, record, "port of the second bond", "connection", "add", "type", "ethernet", "slave-type", "bond",
                    "con-name", "acP3", "ifname", "ens194", "master", "acB1");
            step(side, record, "port on a held NIC", "connection", "add", "type", "ethernet", "slave-type", "bond",
                    "con-name", "acP2", "ifname", "ens194", "master", "acB0");
            step(side, record, "port with autoconnect no", "connection", "add", "type", "ethernet", "slave-type", "bond",
                    "con-name", "acP4", "ifname", "ens195", "master", "acB1", "autoconnect", "no");
            side.run(List.of("connection", "delete", "acP4"));
            // a plain profile on the NIC: both activate it, and then leave the NIC to it
            side.run(List.of("connection", "add", "type", "ethernet", "con-name", "acE", "ifname", "ens195", "ipv4.method",
                    "disabled", "ipv6.method", "disabled"));
            side.settle();
            step(side, record, "port on a NIC a plain profile holds", "connection", "add", "type", "ethernet", "slave-type",
                    "bond", "con-name", "acP5", "ifname", "ens195", "master", "acB1");
        });
    }

    /**
     * A bond whose autoconnect-slaves is on activates every port of it at its 'connection up', as
     * by name: also one 'device disconnect' took out, whose block that lifts (NM 1.42, seen: the
     * port joins again and then autoconnects as before).
     */
    @Test
    void autoconnectSlavesBringsBackAPortTakenDown() throws Exception {
        SideBySide.compareOnSystem("nmcli-autoconnect-slaves-vs-nm.txt", List.of("acSP2", "acSP1", "acSB"), (side, record) -> {
            removeLinks();
            side.run(List.of("connection", "add", "type", "bond", "con-name", "acSB", "ifname", "bond72", "mode",
                    "active-backup", "connection.autoconnect-slaves", "1", "ipv4.method", "disabled", "ipv6.method", "disabled"));
            side.run(List.of("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "acSP1", "ifname",
                    "ens193", "master", "acSB"));
            step(side, record, "ports", "connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "acSP2",
                    "ifname", "ens194", "master", "acSB");
            step(side, record, "a port taken down", "device", "disconnect", "ens194");
            step(side, record, "the bond up again", "connection", "up", "acSB");
            side.run(List.of("connection", "down", "acSP2"));
            step(side, record, "the port down, its bond down and up", "connection", "down", "acSB");
            step(side, record, "and up", "connection", "up", "acSB");
        });
    }

    static final List<String> RELOAD_IDS = List.of("rlA", "rlB", "rlC");

    private static void handWritten(java.nio.file.Path dir, String id, String ifname, String uuid) throws Exception {
        java.nio.file.Path f = dir.resolve(id + ".nmconnection");
        java.nio.file.Files.writeString(f, "[connection]\nid=" + id + "\nuuid=" + uuid + "\ntype=bond\ninterface-name=" + ifname
                + "\n\n[bond]\nmode=active-backup\n\n[ipv4]\nmethod=disabled\n\n[ipv6]\nmethod=disabled\n");
        java.nio.file.Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    private static void state(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        side.settle();
        TreeSet<String> mine = new TreeSet<>();
        side.run(List.of("-t", "-f", "NAME,DEVICE", "connection", "show", "--active")).lines()
                .filter(l -> l.startsWith("rl")).forEach(mine::add);
        record.put(what + ": active", String.join("\n", mine));
        List<String> links = new ArrayList<>();
        for (String n : List.of("bond81", "bond82", "bond83")) {
            rtnl.link(n).ifPresent(l -> links.add(n + (l.isUp() ? " up" : "")));
        }
        record.put(what + ": links", String.join("\n", links));
    }

    /**
     * Beyond add: a modify that makes a profile autoconnect brings it up, but not after the
     * administrator took it down (NM blocks it until the next up); reload and load bring up the
     * profiles they find (NetworkManager 1.42, seen in the test bed).
     */
    @Test
    void modifyReloadAndLoadActivateAsNetworkManagerDoes() throws Exception {
        SideBySide.compareOnSystem("nmcli-autoconnect-reload-vs-nm.txt", RELOAD_IDS, (side, record) -> {
            for (String n : List.of("bond81", "bond82", "bond83")) {
                rtnl.link(n).ifPresent(rtnl::deleteLink); // what NetworkManager, stopped at once, left
            }
            side.run(List.of("connection", "add", "type", "bond", "con-name", "rlA", "ifname", "bond81", "autoconnect", "no",
                    "mode", "active-backup", "ipv4.method", "disabled", "ipv6.method", "disabled"));
            state(side, record, "added with autoconnect no");
            side.run(List.of("connection", "modify", "rlA", "connection.autoconnect", "yes"));
            state(side, record, "modified to autoconnect");
            side.run(List.of("connection", "down", "rlA"));
            side.run(List.of("connection", "modify", "rlA", "ipv4.method", "manual", "ipv4.addresses", "192.0.2.81/24"));
            state(side, record, "modified after a down");
            handWritten(side.profiles(), "rlB", "bond82", "7a3c1e52-1b7e-4c55-9d0e-5d1f0b6c8a01");
            side.run(List.of("connection", "reload"));
            state(side, record, "reloaded");
            handWritten(side.profiles(), "rlC", "bond83", "7a3c1e52-1b7e-4c55-9d0e-5d1f0b6c8a02");
            side.run(List.of("connection", "load", side.profiles().resolve("rlC.nmconnection").toString()));
            state(side, record, "loaded");
            side.run(List.of("connection", "up", "rlA"));
            state(side, record, "brought up again");
        });
    }

    static final List<String> FREED_IDS = List.of("acE1", "acP1", "acB0", "acE2", "acE3", "acE4", "acE5", "acP6",
            "acW");

    /**
     * A deactivation that frees a NIC autoconnects the best profile left for it, as NetworkManager
     * 1.42 does (seen in the test bed): a NIC released from its bond takes its own profile back,
     * a NIC whose own profile went down joins its active bond again by its port profile, the
     * profile of the highest autoconnect-priority follows one taken down, nothing that a down or
     * {@code device disconnect} blocked comes back, and a port never brings back a bond that was
     * taken down. The same lines through both; active profiles and links after each.
     */
    @Test
    void deactivationAutoconnectsTheNextProfileAsNetworkManagerDoes() throws Exception {
        SideBySide.compareOnSystem("nmcli-autoconnect-freed-vs-nm.txt", FREED_IDS, (side, record) -> {
            removeLinks();
            // NICs without profiles: NM manages them as NetworkManager.conf and udev say (here, ens* managed)
            side.settle();
            record.put("NICs without profiles", side.run(List.of("-t", "-f", "DEVICE,STATE", "device")).lines()
                    .filter(l -> NICS.contains(l.split(":")[0])).sorted().collect(java.util.stream.Collectors.joining("\n")));
            String[] off = {"ipv4.method", "disabled", "ipv6.method", "disabled"};
            side.run(List.of(cat(List.of("connection", "add", "type", "ethernet", "con-name", "acE1", "ifname", "ens193"), off)));
            side.run(List.of(cat(List.of("connection", "add", "type", "bond", "con-name", "acB0", "ifname", "bond70", "mode",
                    "active-backup"), off)));
            step(side, record, "port added on a NIC its own profile holds", "connection", "add", "type", "ethernet",
                    "slave-type", "bond", "con-name", "acP1", "ifname", "ens193", "master", "acB0");
            step(side, record, "port up", "connection", "up", "acP1");
            down(side, record, "bond down: the NIC's own profile back", "connection", "down", "acB0");
            side.run(List.of("connection", "up", "acP1"));
            step(side, record, "the NIC's own profile up", "connection", "up", "acE1");
            down(side, record, "its down: the port joins the bond again", "connection", "down", "acE1");
            down(side, record, "port down: both blocked", "connection", "down", "acP1");
            side.run(List.of(cat(List.of("connection", "add", "type", "ethernet", "con-name", "acE2", "ifname", "ens194",
                    "connection.autoconnect-priority", "5"), off)));
            side.run(List.of(cat(List.of("connection", "add", "type", "ethernet", "con-name", "acE3", "ifname", "ens194"), off)));
            step(side, record, "three profiles on one NIC", cat(List.of("connection", "add", "type", "ethernet", "con-name",
                    "acE4", "ifname", "ens194", "autoconnect", "no"), off));
            side.run(List.of("connection", "up", "acE4"));
            down(side, record, "down: the higher autoconnect-priority", "connection", "down", "acE4");
            down(side, record, "down: the next", "connection", "down", "acE2");
            side.run(List.of("connection", "up", "acE2"));
            down(side, record, "device disconnect: none", "device", "disconnect", "ens194");
            side.run(List.of("connection", "up", "acE4"));
            down(side, record, "down after a disconnect: the one not blocked", "connection", "down", "acE4");
            side.run(List.of(cat(List.of("connection", "add", "type", "ethernet", "con-name", "acE5", "ifname", "ens195"), off)));
            side.run(List.of(cat(List.of("connection", "add", "type", "bond", "con-name", "acB1", "ifname", "bond71", "mode",
                    "active-backup"), off)));
            side.run(List.of("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "acP6", "ifname",
                    "ens195", "master", "acB1", "autoconnect", "no"));
            step(side, record, "a port takes the NIC", "connection", "up", "acP6");
            down(side, record, "its bond deleted: the NIC's own profile back", "connection", "delete", "acB1");
            // a NIC's profile that names no interface: NM takes the free ethernet device of the lowest index
            side.run(List.of(cat(List.of("connection", "add", "type", "ethernet", "con-name", "acW", "autoconnect", "no"),
                    off)));
            step(side, record, "a profile without interface-name up", "connection", "up", "acW");
            record.put("its device", side.run(List.of("-g", "GENERAL.DEVICES", "connection", "show", "acW")).strip());
            down(side, record, "and down", "connection", "down", "acW");
        });
    }

    private static String[] cat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(new String[0]);
    }

    /** {@link #step}, with more time for NM: it autoconnects after a deactivation in its own time. */
    private static void down(SideBySide.Side side, Map<String, String> record, String what, String... line)
            throws Exception {
        side.run(List.of(line));
        side.settle();
        step(side, record, what);
    }

    private static void step(SideBySide.Side side, Map<String, String> record, String what, String... line)
            throws Exception {
        if (line.length > 0) {
            side.run(List.of(line));
        }
        side.settle();
        String active = side.run(List.of("-t", "-f", "NAME,DEVICE", "connection", "show", "--active"));
        TreeSet<String> mine = new TreeSet<>();
        for (String l : active.split("\n")) {
            if (l.startsWith("ac")) {
                mine.add(l);
            }
        }
        record.put(what + ": active", String.join("\n", mine));
        record.put(what + ": listed first", active.lines().filter(l -> l.startsWith("ac")).findFirst().orElse(""));
        List<String> links = new ArrayList<>();
        for (Link l : rtnl.links()) {
            if (l.name().startsWith("bond7") || NICS.contains(l.name())) {
                String master = l.master() == 0 ? "" : rtnl.link(l.master()).map(Link::name).orElse("?");
                // a NIC's own state is NM's business (it sets every NIC it manages up), a bond's or VLAN's is the profile's
                boolean virtual = l.name().startsWith("bond7");
                links.add(l.name() + (master.isEmpty() ? "" : " master " + master) + (virtual && l.isUp() ? " up" : ""));
            }
        }
        links.sort(null);
        record.put(what + ": links", String.join("\n", links));
    }
}
