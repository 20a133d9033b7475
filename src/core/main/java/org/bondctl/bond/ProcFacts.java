package org.bondctl.bond;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bondctl.rtnl.NetnsFile;

/**
 * What /proc/net/bonding/BOND knows and rtnetlink does not (drivers/net/bonding/bond_procfs.c
 * against bond_fill_slave_info() in bond_netlink.c, Linux 6.1): the ports in the bond's own
 * order (its slave list, i.e. enslave order; a link dump is in ifindex order), and per 802.3ad
 * port the churned counts, the churn states (netlink has them only since 6.18) and the LACPDU
 * fields of the "details actor/partner lacp pdu" blocks that netlink lacks (port key, port
 * number, the partner's system, key, port priority and number). The blocks are printed to
 * CAP_NET_ADMIN only, so an unprivileged reader gets them absent. The header line names the
 * driver's version.
 */
public record ProcFacts(String header, List<String> portOrder, Map<String, Port> ports) {

    /** A port's 802.3ad facts; a field the proc file did not print is null. */
    public record Port(String actorChurnState, String partnerChurnState, Long actorChurnedCount,
            Long partnerChurnedCount, Lacpdu actor, Lacpdu partner) {}

    /**
     * One "details ... lacp pdu" block: system priority and MAC, key ("port key" for the actor,
     * "oper key" for the partner), port priority, port number, port state.
     */
    public record Lacpdu(int systemPriority, String systemMac, int key, int portPriority, int portNumber, int portState) {}

    /** The facts of one bond from the proc file of its namespace, or empty when it cannot be read. */
    public static Optional<ProcFacts> read(String netns, String bond) {
        return NetnsFile.readProcNet(netns, "bonding/" + bond).map(ProcFacts::parse);
    }

    /** Parses the text of /proc/net/bonding/BOND. */
    public static ProcFacts parse(String text) {
        List<String> order = new ArrayList<>();
        Map<String, Port> ports = new LinkedHashMap<>();
        Map<String, String> fields = null;
        String port = null;
        String block = "";
        String header = text.lines().findFirst().orElse("");
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (key.equals("Slave Interface")) {
                if (port != null) {
                    ports.put(port, port(fields));
                }
                port = value;
                order.add(port);
                fields = new LinkedHashMap<>();
                block = "";
            } else if (port != null && key.startsWith("details ")) {
                block = key.startsWith("details actor") ? "actor." : "partner.";
            } else if (port != null) {
                fields.put(key.startsWith("    ") ? block + key.strip() : key, value);
            }
        }
        if (port != null) {
            ports.put(port, port(fields));
        }
        return new ProcFacts(header, List.copyOf(order), ports);
    }

    private static Port port(Map<String, String> f) {
        return new Port(f.get("Actor Churn State"), f.get("Partner Churn State"), number(f.get("Actor Churned Count")),
                number(f.get("Partner Churned Count")), lacpdu(f, "actor.", "port key"), lacpdu(f, "partner.", "oper key"));
    }

    private static Lacpdu lacpdu(Map<String, String> f, String block, String keyName) {
        if (!f.containsKey(block + "port state")) {
            return null;
        }
        return new Lacpdu(integer(f.get(block + "system priority")), f.get(block + "system mac address"),
                integer(f.get(block + keyName)), integer(f.get(block + "port priority")),
                integer(f.get(block + "port number")), integer(f.get(block + "port state")));
    }

    /** -1 for a field that is missing or not a number. */
    private static int integer(String s) {
        Long n = number(s);
        return n == null ? -1 : n.intValue();
    }

    private static Long number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The port's facts, or null when the file did not list it. */
    public Port port(String name) {
        return ports.get(name);
    }
}
