package org.bondctl.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.bondctl.bond.BondState;
import org.bondctl.bond.PortState;
import org.bondctl.bond.ProcFacts;
import org.bondctl.bond.ProcView;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.WireType;
import org.bondctl.bond.options.PortOption;
import org.bondctl.ethtool.Ethtool;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;

/**
 * The JSON form of a bond and its ports ({@code show --json}, {@code port show --json}, and what
 * the commands that change a bond print): the keys of {@code ip -j -d link show}
 * (linkinfo.info_data for the bond, linkinfo.info_slave_data for a port; iproute2
 * ip/iplink_bond.c and iplink_bond_slave.c) where ip has one, flat in one object, with the
 * same values: enumerations by their kernel names, numbers and 0/1 switches as numbers,
 * target lists as arrays, a port's state and MII status in ip's capitals. Where ip has no key:
 * the kernel's option name, and for the facts only /proc/net/bonding has, its words with
 * underscores. docs/show.schema.json is the contract; README "JSON output" the table.
 */
final class BondJson {
    /** The options whose ip -j key is not the kernel's name (iplink_bond.c's print_opt). */
    private static final Map<BondOption, String> IP_KEYS = Map.of(
            BondOption.PEER_NOTIF_DELAY, "peer_notify_delay",
            BondOption.AD_LACP_RATE, "ad_lacp_rate",
            BondOption.AD_LACP_ACTIVE, "ad_lacp_active");

    /** ip's words for IFLA_BOND_SLAVE_STATE and _MII_STATUS (iplink_bond_slave.c). */
    private static final String[] IP_MII_STATUS = {"UP", "GOING_DOWN", "DOWN", "GOING_BACK"};

    private BondJson() {}

    /** The key of an option in bondctl's JSON (and ip -j's). */
    static String key(BondOption o) {
        return IP_KEYS.getOrDefault(o, o.kernelName());
    }

    static Map<String, Object> of(BondState b) {
        return of(b, null, null);
    }

    static Map<String, Object> of(BondState b, ProcFacts facts, Function<Link, Ethtool.LinkModes> linkModes) {
        Map<String, Object> m = LinkJson.link(b.link());
        m.put("mii_status", b.link().carrier() ? "up" : "down");
        for (BondOption o : b.options().options()) {
            m.put(key(o), value(b.options(), o));
        }
        if (b.adInfo() != null) {
            Map<String, Object> ad = new LinkedHashMap<>();
            ad.put("aggregator", b.adInfo().aggregatorId());
            ad.put("num_ports", b.adInfo().numPorts());
            ad.put("actor_key", b.adInfo().actorKey());
            ad.put("partner_key", b.adInfo().partnerKey());
            ad.put("partner_mac", Link.mac(b.adInfo().partnerMac()));
            m.put("ad_info", ad);
        }
        List<Object> slaves = new ArrayList<>();
        for (PortState p : b.ports()) {
            slaves.add(port(b, p, facts == null ? null : facts.port(p.name()), linkModes));
        }
        m.put("slaves", slaves);
        return m;
    }

    /** One port: its link, ip's info_slave_data keys, speed and duplex, and the 802.3ad facts of /proc. */
    static Map<String, Object> port(BondState b, PortState p, ProcFacts.Port facts, Function<Link, Ethtool.LinkModes> linkModes) {
        Map<String, Object> s = LinkJson.link(p.link());
        s.put("master", b.name());
        s.put("state", p.state() >= 0 && p.state() < PortState.STATES.length
                ? PortState.STATES[p.state()].toUpperCase(Locale.ROOT) : p.stateName());
        s.put("mii_status", p.miiStatus() >= 0 && p.miiStatus() < IP_MII_STATUS.length
                ? IP_MII_STATUS[p.miiStatus()] : p.miiStatusName());
        s.put("link_failure_count", p.linkFailureCount());
        s.put("perm_hwaddr", Link.mac(p.permHwaddr()));
        s.put("queue_id", p.queueId());
        for (Map.Entry<PortOption, Long> e : p.options().entrySet()) {
            s.put(e.getKey().kernelName(), e.getValue());
        }
        Ethtool.LinkModes lm = linkModes == null ? null : linkModes.apply(p.link());
        s.put("speed", lm == null || lm.speedMbps() <= 0 ? null : lm.speedMbps());
        s.put("duplex", lm == null ? null : lm.duplex());
        if (p.adAggregatorId() >= 0) {
            s.put("ad_aggregator_id", p.adAggregatorId());
            s.put("ad_actor_oper_port_state", p.adActorOperPortState());
            s.put("ad_actor_oper_port_state_str", PortState.lacpStateNames(p.adActorOperPortState()));
            s.put("ad_partner_oper_port_state", p.adPartnerOperPortState());
            s.put("ad_partner_oper_port_state_str", PortState.lacpStateNames(p.adPartnerOperPortState()));
            putIfKnown(s, "ad_churn_actor_state", ProcView.actorChurn(p, facts));
            putIfKnown(s, "ad_churn_partner_state", ProcView.partnerChurn(p, facts));
            if (facts != null) {
                putIfKnown(s, "ad_churn_actor_count", facts.actorChurnedCount());
                putIfKnown(s, "ad_churn_partner_count", facts.partnerChurnedCount());
            }
            putIfKnown(s, "ad_actor_lacpdu", lacpdu(ProcView.actorLacpdu(b, p, facts), "port_key"));
            putIfKnown(s, "ad_partner_lacpdu", lacpdu(ProcView.partnerLacpdu(b, p, facts), "oper_key"));
        }
        return s;
    }

    private static Map<String, Object> lacpdu(ProcFacts.Lacpdu d, String keyName) {
        if (d == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("system_priority", d.systemPriority());
        m.put("system_mac", d.systemMac());
        m.put(keyName, d.key());
        m.put("port_priority", d.portPriority());
        m.put("port_number", d.portNumber());
        m.put("port_state", d.portState());
        return m;
    }

    private static void putIfKnown(Map<String, Object> m, String key, Object v) {
        if (v != null) {
            m.put(key, v);
        }
    }

    /**
     * Lists become arrays of text; a number stays a number when the kernel's text for it is one
     * (miimon 100, use_carrier 1), else the text is used (mode "802.3ad", primary "ens192").
     */
    /** Target lists as arrays, numbers that print as numbers as numbers, the rest as ip's text. */
    private static Object value(BondSettings s, BondOption o) {
        WireType w = o.wireType();
        if (w == WireType.IPV4_LIST || w == WireType.IPV6_LIST) {
            return s.addresses(o).stream().map(Address::text).toList();
        }
        String text = s.text(o);
        return w.isNumber() && text.matches("-?[0-9]+") ? (Object) s.number(o, 0) : text;
    }
}
