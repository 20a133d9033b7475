package org.bondctl.cli;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.bond.BondState;
import org.bondctl.bond.PortState;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.PortOption;
import org.bondctl.rtnl.Link;

/**
 * The JSON form of a bond for {@code show --json}: option keys are the kernel's option names;
 * enumerations are their kernel names, numbers are numbers, target lists are arrays.
 */
final class BondJson {
    private BondJson() {}

    static Map<String, Object> of(BondState b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", b.name());
        m.put("ifindex", b.link().index());
        m.put("mii_status", b.link().carrier() ? "up" : "down");
        m.put("operstate", b.link().operstateName());
        m.put("hwaddr", Link.mac(b.link().address()));
        m.put("active_slave", b.activePort());
        for (Map.Entry<BondOption, Object> e : b.options().entrySet()) {
            if (e.getKey() != BondOption.ACTIVE_SLAVE) {
                m.put(e.getKey().kernelName(), value(e.getKey().valueNames().isEmpty(), e.getKey().format(e.getValue()), e.getValue()));
            }
        }
        if (b.adInfo() != null) {
            Map<String, Object> ad = new LinkedHashMap<>();
            ad.put("aggregator_id", b.adInfo().aggregatorId());
            ad.put("num_ports", b.adInfo().numPorts());
            ad.put("actor_key", b.adInfo().actorKey());
            ad.put("partner_key", b.adInfo().partnerKey());
            ad.put("partner_mac", Link.mac(b.adInfo().partnerMac()));
            m.put("ad_info", ad);
        }
        List<Object> slaves = new ArrayList<>();
        for (PortState p : b.ports()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", p.name());
            s.put("ifindex", p.link().index());
            s.put("mii_status", p.miiStatusName());
            s.put("state", p.stateName());
            s.put("link_failure_count", p.linkFailureCount());
            s.put("perm_hwaddr", Link.mac(p.permHwaddr()));
            s.put("hwaddr", Link.mac(p.link().address()));
            s.put("carrier", p.link().carrier());
            s.put("queue_id", p.queueId());
            for (Map.Entry<PortOption, Object> e : p.options().entrySet()) {
                if (e.getKey() != PortOption.QUEUE_ID) {
                    s.put(e.getKey().kernelName(), e.getValue());
                }
            }
            if (p.adAggregatorId() >= 0) {
                s.put("ad_aggregator_id", p.adAggregatorId());
                s.put("ad_actor_oper_port_state", p.adActorOperPortState());
                s.put("ad_partner_oper_port_state", p.adPartnerOperPortState());
            }
            slaves.add(s);
        }
        m.put("slaves", slaves);
        return m;
    }

    /** Numbers stay numbers; enumerations, names and addresses become text or arrays of text. */
    private static Object value(boolean plain, String text, Object v) {
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (Object o : l) {
                out.add(o instanceof InetAddress a ? a.getHostAddress() : String.valueOf(o));
            }
            return out;
        }
        if (plain && v instanceof Number) {
            return v;
        }
        return text;
    }
}
