package org.bondctl.nmcli;

import java.util.List;
import java.util.Map;
import org.bondctl.bridge.Bridges;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A KVM host's runbook: a bridge carrying the host's address over an active-backup bond, a
 * second bridge over a VLAN of the bond with a NIC beside it, port and bridge options changed
 * (by up and by device reapply), a NIC taken out, the bridge taken down, brought back by its
 * port's up and up again, the bond
 * made standalone. The same
 * lines through NetworkManager 1.42's nmcli and through {@code bondctl nmcli} on the system's
 * profiles must leave the same links, masters, bridge and port options, addresses, routes with
 * their metrics, resolv.conf and active profiles.
 */
@Tag("kernel")
@Tag("nm")
class NmcliBridgeVsNmKernelTest {
    static final List<String> IDS = List.of("xBr", "xBd", "xP1", "xBr40", "xV40", "xE");
    /** Whether routes are compared with their metrics. */
    private static boolean metrics = true;
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond5.40", "br40", "bond5", "br5");

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        SideBySide.compareOnSystem("nmcli-bridge-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            metrics = true;
            side.run(List.of("con", "add", "type", "bridge", "con-name", "xBr", "ifname", "br5", "bridge.stp", "no",
                    "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24", "ipv4.gateway", "192.0.2.1", "ipv4.dns",
                    "192.0.2.53", "ipv6.method", "disabled"));
            side.run(List.of("con", "add", "type", "bond", "con-name", "xBd", "ifname", "bond5", "bond.options",
                    "mode=active-backup,miimon=100", "master", "xBr", "slave-type", "bridge"));
            side.run(List.of("con", "add", "type", "ethernet", "slave-type", "bond", "con-name", "xP1", "ifname", "ens192",
                    "master", "xBd"));
            state(side, record, "made");
            for (String id : List.of("xBr", "xBd", "xP1")) {
                record.put("file " + id, file(side, id));
                record.put("show " + id, uuidsAsIds(side, side.run(List.of("-f", "connection.type,connection.master,"
                        + "connection.slave-type,bridge,bridge-port", "connection", "show", id))));
            }
            side.run(List.of("con", "mod", "xBd", "bridge-port.priority", "40", "bridge-port.path-cost", "7"));
            side.run(List.of("con", "up", "xBd"));
            state(side, record, "port options by up");
            side.run(List.of("con", "mod", "xBr", "bridge.forward-delay", "4", "bridge.priority", "4096",
                    "bridge.multicast-snooping", "no"));
            side.run(List.of("dev", "reapply", "br5"));
            state(side, record, "bridge options by reapply");
            side.run(List.of("con", "add", "type", "bridge", "con-name", "xBr40", "ifname", "br40", "bridge.stp", "no",
                    "ipv4.method", "manual", "ipv4.addresses", "198.51.100.10/24", "ipv4.dns",
                    "198.51.100.51,198.51.100.52,198.51.100.53", "ipv6.method", "disabled")); // four servers in all
            side.run(List.of("con", "add", "type", "vlan", "con-name", "xV40", "ifname", "bond5.40", "dev", "bond5", "id", "40",
                    "master", "xBr40", "slave-type", "bridge"));
            side.run(List.of("con", "add", "type", "bridge-slave", "con-name", "xE", "ifname", "ens224", "master", "br40",
                    "bridge-port.hairpin-mode", "yes"));
            state(side, record, "second bridge over a VLAN and a NIC");
            for (String id : List.of("xBd", "xBr", "xBr40", "xV40", "xE")) {
                record.put("file " + id + " after", file(side, id));
            }
            record.put("refused forward-delay", side.attempt(List.of("con", "mod", "xBr", "bridge.forward-delay", "99")));
            record.put("refused port priority", side.attempt(List.of("con", "mod", "xE", "bridge-port.priority", "64")));
            record.put("refused mask", side.attempt(List.of("con", "mod", "xBr", "bridge.group-forward-mask", "1")));
            record.put("refused hello-time", side.attempt(List.of("con", "add", "type", "bridge", "con-name", "xBr9",
                    "ifname", "br9", "bridge.hello-time", "0")));
            side.run(List.of("con", "down", "xE"));
            state(side, record, "NIC port down");
            side.run(List.of("con", "down", "xBr"));
            state(side, record, "first bridge down");
            // NM gives a device it activates again a metric past the one it held (its history): metrics left out;
            // its DNS servers go where NM's list puts them (the best default route first, DnsOrder)
            metrics = false;
            // a port brought up brings its bridge, though 'con down' took the bridge down (NM: as its controller)
            side.run(List.of("con", "up", "xBd"));
            state(side, record, "its bond up, the bridge with it");
            side.run(List.of("con", "up", "xBr"));
            state(side, record, "first bridge up again");
            // the bond made standalone again: out of the bridge, with IP settings of its own
            side.run(List.of("con", "mod", "xBd", "connection.master", "", "connection.slave-type", "", "ipv4.method",
                    "disabled", "ipv6.method", "disabled"));
            record.put("file xBd standalone", file(side, "xBd"));
            side.run(List.of("con", "up", "xBd"));
            state(side, record, "bond standalone");
        });
    }

    /**
     * A VLAN-aware bridge: filtering on with a default PVID and VLANs of its own, a bond port
     * with its VLANs, a NIC port with none; the default PVID and the VLANs changed by up, a
     * port's VLANs by up, filtering off. The same VLAN tables on every device after every line
     * (as `bridge vlan show` lists them), the same files and refusals.
     */
    @Test
    void aVlanFilteringBridgeTheSameAsNetworkManagers() throws Exception {
        SideBySide.compareOnSystem("nmcli-bridge-vlans-vs-nm.txt", List.of("xBr", "xBd", "xP1", "xE"), (side, record) -> {
            GUEST.removeMade();
            metrics = true;
            side.run(List.of("con", "add", "type", "bridge", "con-name", "xBr", "ifname", "br5", "bridge.stp", "no",
                    "bridge.vlan-filtering", "yes", "bridge.vlan-default-pvid", "10", "bridge.vlans", "300 untagged, 100-102",
                    "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24", "ipv6.method", "disabled"));
            side.run(List.of("con", "add", "type", "bond", "con-name", "xBd", "ifname", "bond5", "bond.options",
                    "mode=active-backup,miimon=100", "master", "xBr", "slave-type", "bridge", "bridge-port.vlans",
                    "30-31, 20 pvid untagged"));
            side.run(List.of("con", "add", "type", "ethernet", "slave-type", "bond", "con-name", "xP1", "ifname", "ens192",
                    "master", "xBd"));
            side.run(List.of("con", "add", "type", "bridge-slave", "con-name", "xE", "ifname", "ens224", "master", "br5"));
            state(side, record, "made");
            for (String id : List.of("xBr", "xBd", "xE")) {
                record.put("file " + id, file(side, id));
                record.put("show " + id, uuidsAsIds(side, side.run(List.of("-f", "bridge,bridge-port", "connection", "show", id))));
            }
            side.run(List.of("con", "mod", "xBr", "bridge.vlan-default-pvid", "5", "+bridge.vlans", "7 untagged"));
            side.run(List.of("con", "up", "xBr"));
            metrics = false; // NM's metric history after a re-activation (see above)
            state(side, record, "new default PVID and VLANs by up");
            side.run(List.of("con", "mod", "xBd", "bridge-port.vlans", "40"));
            side.run(List.of("con", "up", "xBd"));
            state(side, record, "port VLANs by up");
            record.put("refused range pvid", side.attempt(List.of("con", "mod", "xBr", "bridge.vlans", "5-7 pvid")));
            record.put("refused two pvids", side.attempt(List.of("con", "mod", "xBd", "bridge-port.vlans", "5 pvid, 6 pvid")));
            record.put("refused overlap", side.attempt(List.of("con", "mod", "xBr", "+bridge.vlans", "101")));
            record.put("refused pvid", side.attempt(List.of("con", "mod", "xBr", "bridge.vlan-default-pvid", "4095")));
            side.run(List.of("con", "mod", "xBr", "-bridge.vlans", "100-102"));
            record.put("file xBr removed", file(side, "xBr"));
            // NM 1.42 reapplies no bridge-port change; a bridge's reapply leaves its ports' VLANs to the kernel
            side.run(List.of("con", "mod", "xE", "bridge-port.priority", "40"));
            record.put("refused port reapply", side.attempt(List.of("dev", "reapply", "ens224"))
                    .replaceAll(" \\(/org/freedesktop/NetworkManager/Devices/[0-9]+\\)", ""));
            side.run(List.of("con", "mod", "xE", "bridge-port.priority", "32"));
            side.run(List.of("con", "mod", "xBr", "bridge.vlan-default-pvid", "7", "bridge.vlans", "7 untagged, 200"));
            side.run(List.of("dev", "reapply", "br5"));
            state(side, record, "default PVID and VLANs by reapply");
            side.run(List.of("con", "mod", "xBr", "bridge.vlan-filtering", "no"));
            side.run(List.of("dev", "reapply", "br5"));
            state(side, record, "filtering off by reapply");
            side.run(List.of("con", "mod", "xBr", "bridge.vlan-filtering", "yes"));
            side.run(List.of("con", "up", "xBr"));
            state(side, record, "filtering on by up");
            side.run(List.of("con", "mod", "xBr", "bridge.vlan-filtering", "no"));
            side.run(List.of("con", "up", "xBr"));
            state(side, record, "filtering off");
        });
    }

    /** The profile's keyfile, key by key, with the UUIDs of this test's profiles written as their names (random on each side). */
    private static String file(SideBySide.Side side, String id) throws Exception {
        return uuidsAsIds(side, NmcliVsNmKernelTest.semantic(java.nio.file.Files.readString(
                side.profiles().resolve(id + ".nmconnection"))));
    }

    private static String uuidsAsIds(SideBySide.Side side, String text) throws Exception {
        for (String id : IDS) {
            String uuid = side.attempt(List.of("-g", "connection.uuid", "connection", "show", id)).strip();
            uuid = uuid.substring(uuid.indexOf(' ') + 1).strip();
            if (uuid.length() == 36) {
                text = text.replace(uuid, "<" + id + ">");
            }
        }
        return text;
    }

    private static void state(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        side.settle();
        StringBuilder sb = new StringBuilder();
        List<Link> links = GUEST.rtnl().links();
        Map<Integer, org.bondctl.bridge.VlanTable> vlans = org.bondctl.bridge.VlanTable.read(GUEST.rtnl());
        for (String n : List.of("br5", "br40", "bond5", "bond5.40", "ens192", "ens224")) {
            Link l = links.stream().filter(x -> x.name().equals(n)).findFirst().orElse(null);
            if (l == null) {
                sb.append(n).append(" none\n");
                continue;
            }
            String master = links.stream().filter(x -> x.index() == l.master()).map(Link::name).findFirst().orElse("-");
            sb.append(n).append(l.isUp() ? " up" : " down").append(" master ").append(master).append(' ')
                    .append(Bridges.text(Bridges.options(l))).append(' ').append(Bridges.text(Bridges.portOptions(l))).append('\n');
            if (vlans.containsKey(l.index())) {
                sb.append("  vlans ").append(vlans.get(l.index())).append('\n');
            }
            for (Address a : GUEST.rtnl().addresses(l.index())) {
                if (!a.isLinkLocal()) {
                    sb.append("  addr ").append(a).append('\n');
                }
            }
        }
        GUEST.rtnl().routes().stream().filter(r -> links.stream().anyMatch(x -> x.index() == r.oif()
                && x.name().startsWith("br"))).map(r -> SideBySide.routeLine(r, metrics)).filter(java.util.Objects::nonNull)
                .sorted().forEach(r -> sb.append(r).append('\n'));
        record.put(what, sb.toString());
        record.put(what + ": dns", SideBySide.resolvConf()); // in NM's order, after a re-activation too (DnsOrder)
        SideBySide.recordActive(side, record, what);
        record.put(what + ": devices", String.join("\n", new java.util.TreeSet<>(side.run(List.of("-t", "-f",
                "DEVICE,TYPE,STATE,CONNECTION", "device")).lines().filter(l -> l.matches("(br|bond).*|ens[^:]*:[^:]*:[^:]*:.+"))
                .toList())) + "\n"); // a test bed NIC without profile: NM's veth "disconnected", bondctl's "unmanaged"
    }
}
