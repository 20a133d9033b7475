package org.bondctl.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.VlanInfo;

/**
 * The JSON of interfaces, addresses, routes and VLANs, with {@code ip -j}'s keys (iproute2
 * ipaddress.c, iproute.c, iplink_vlan.c): what the show commands list and what the commands
 * that change them print.
 */
final class LinkJson {
    private LinkJson() {}

    /** ip -j link's keys for any interface, plus up and carrier as booleans. */
    static Map<String, Object> link(Link l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ifindex", l.index());
        m.put("ifname", l.name());
        m.put("address", Link.mac(l.address()));
        m.put("mtu", l.mtu());
        m.put("operstate", l.operstateName().toUpperCase(Locale.ROOT));
        m.put("up", l.isUp());
        m.put("carrier", l.carrier());
        return m;
    }

    /** ip -j addr's element: the link and addr_info [{family, local, prefixlen}]. */
    static Map<String, Object> addresses(Link l, List<Address> addrs) {
        Map<String, Object> m = link(l);
        List<Object> info = new ArrayList<>();
        for (Address a : addrs) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("family", a.family() == Rtnl.AF_INET ? "inet" : "inet6");
            x.put("local", Address.text(a.address()));
            x.put("prefixlen", a.prefix());
            info.add(x);
        }
        m.put("addr_info", info);
        return m;
    }

    /**
     * ip -j route's keys: dst ("default" or PREFIX/LEN), gateway, dev, protocol, metric, table;
     * and family, since bondctl lists both at once. Unlike ip, table is there for main too.
     */
    static Map<String, Object> route(Route rt, String dev) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", rt.family() == Rtnl.AF_INET ? "inet" : "inet6");
        m.put("dst", rt.destinationText());
        if (rt.gateway() != null) {
            m.put("gateway", Address.text(rt.gateway()));
        }
        if (dev != null) {
            m.put("dev", dev);
        }
        m.put("protocol", Route.protocolName(rt.protocol()));
        m.put("metric", rt.metric());
        m.put("table", rt.table() == Rtnl.RT_TABLE_MAIN ? "main" : Integer.toString(rt.table()));
        if (!rt.attrs().isEmpty()) {
            m.put("attributes", new LinkedHashMap<String, Object>(rt.attrs().values())); // NetworkManager's names: "mtu": "1400"
        }
        return m;
    }

    /** A VLAN: the link, "link" (its parent, as ip -j names it), id and protocol (ip's info_data). */
    private static List<Object> qos(List<org.bondctl.rtnl.VlanQos.Mapping> maps) {
        List<Object> out = new java.util.ArrayList<>();
        maps.forEach(m -> {
            Map<String, Object> e = new java.util.LinkedHashMap<>();
            e.put("from", m.from());
            e.put("to", m.to());
            out.add(e);
        });
        return out;
    }

    static Map<String, Object> vlan(Link l, VlanInfo v, String parent) {
        Map<String, Object> m = link(l);
        m.put("link", parent);
        m.put("id", v.id());
        m.put("protocol", v.protocolName());
        // flags and maps as ip -j -d link names them (info_data's flags, ingress_qos, egress_qos)
        org.bondctl.rtnl.VlanQos q = org.bondctl.rtnl.VlanQos.of(l);
        if (q != null) {
            m.put("flags", q.flagNames().isEmpty() ? List.of() : List.of(q.flagNames().split(",")));
            m.put("ingress_qos", qos(q.ingress()));
            m.put("egress_qos", qos(q.egress()));
        }
        return m;
    }
}
