package org.bondctl.plan;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.bridge.Bridges;
import org.bondctl.bridge.VlanTable;
import org.bondctl.dns.Resolved;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.RouteAttrs;
import org.bondctl.rtnl.VlanQos;

/**
 * Steps as text, one per line, so an undo log can be written down and run by another process
 * (the rollback timer of {@code apply --confirm-timeout}, or the next bondctl after a crash):
 * {@code Type<TAB>key=value<TAB>...}, values URL-encoded, absent values left out.
 */
public final class StepCodec {
    private StepCodec() {}

    public static String encode(List<Step> steps) {
        StringBuilder sb = new StringBuilder();
        steps.forEach(s -> sb.append(encode(s)).append('\n'));
        return sb.toString();
    }

    public static List<Step> decode(String text) {
        List<Step> out = new ArrayList<>();
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            if (!line.isBlank()) {
                try {
                    out.add(decodeLine(line));
                } catch (RuntimeException e) {
                    throw BondctlException.invalid("undo log line " + n + ": " + e.getMessage());
                }
            }
        }
        return out;
    }

    static String encode(Step s) {
        Fields f = new Fields(s.getClass().getSimpleName());
        if (s instanceof Step.CreateBond x) {
            f.put("name", x.name()).put("settings", x.settings().toString());
        } else if (s instanceof Step.DeleteLink x) {
            f.put("name", x.name());
        } else if (s instanceof Step.SetBondOptions x) {
            f.put("bond", x.bond()).put("want", x.want().toString()).put("have", x.have().toString()).put("note", x.note());
        } else if (s instanceof Step.SetLinkUp x) {
            f.put("name", x.name()).put("up", Boolean.toString(x.up())).put("announce", x.announce());
        } else if (s instanceof Step.Enslave x) {
            f.put("bond", x.bond()).put("port", x.port()).put("wasUp", Boolean.toString(x.portWasUp()));
        } else if (s instanceof Step.Release x) {
            f.put("bond", x.bond()).put("port", x.port()).put("options", ports(x.portOptions())).put("note", x.note());
        } else if (s instanceof Step.SetPortOptions x) {
            f.put("port", x.port()).put("want", ports(x.want())).put("have", ports(x.have()));
        } else if (s instanceof Step.SetMtu x) {
            f.put("name", x.name()).put("mtu", Integer.toString(x.mtu())).put("old", Integer.toString(x.old()));
        } else if (s instanceof Step.SetMac x) {
            f.put("name", x.name()).put("mac", x.mac().toString()).put("old", x.old() == null ? null : x.old().toString());
        } else if (s instanceof Step.RenameLink x) {
            f.put("from", x.from()).put("to", x.to());
        } else if (s instanceof Step.SetIpv6Disabled x) {
            f.put("name", x.name()).put("disabled", Boolean.toString(x.disabled()))
                    .put("old", x.old() == null ? null : x.old().toString());
        } else if (s instanceof Step.DeleteVlan x) {
            f.put("name", x.name()).put("parent", x.parent()).put("id", Integer.toString(x.id()))
                    .put("protocol", Integer.toString(x.protocol())).put("mtu", Integer.toString(x.mtu()))
                    .put("up", Boolean.toString(x.up())).put("qos", qos(x.qos()));
        } else if (s instanceof Step.SetVlanQos x) {
            f.put("name", x.name()).put("want", qos(x.want())).put("have", qos(x.have()));
        } else if (s instanceof Step.CreateVlan x) {
            f.put("name", x.name()).put("parent", x.parent()).put("id", Integer.toString(x.id()))
                    .put("protocol", Integer.toString(x.protocol()));
        } else if (s instanceof Step.AddAddress x) {
            f.put("ifname", x.ifname()).put("address", x.address().toString()).put("metric", Integer.toString(x.metric()));
        } else if (s instanceof Step.DeleteAddress x) {
            f.put("ifname", x.ifname()).put("address", x.address().toString()).put("metric", Integer.toString(x.metric()));
        } else if (s instanceof Step.SetAddressMetric x) {
            f.put("ifname", x.ifname()).put("address", x.address().toString()).put("metric", Integer.toString(x.metric()))
                    .put("old", Integer.toString(x.old()));
        } else if (s instanceof Step.AddRoute x) {
            route(f.put("dev", x.dev()), x.route());
        } else if (s instanceof Step.DeleteRoute x) {
            route(f.put("dev", x.dev()), x.route());
        } else if (s instanceof Step.AddRule x) {
            rule(f, x.rule());
        } else if (s instanceof Step.DeleteRule x) {
            rule(f, x.rule());
        } else if (s instanceof Step.WriteResolvConf x) {
            f.put("file", x.file().toString())
                    .put("servers", String.join(" ", x.servers().stream().map(Address::text).toList()))
                    .put("search", String.join(" ", x.search())).put("ifname", x.ifname())
                    .put("options", x.options() == null ? null : String.join(" ", x.options())).put("from", x.from())
                    .put("previous", x.previous() == null ? null : Base64.getEncoder().encodeToString(x.previous()));
        } else if (s instanceof Step.SetLinkDns x) {
            f.put("ifname", x.ifname()).put("servers", String.join(" ", x.want().servers()))
                    .put("domains", String.join(" ", x.want().domains())).put("haveServers", String.join(" ", x.have().servers()))
                    .put("haveDomains", String.join(" ", x.have().domains()));
        } else if (s instanceof Step.CreateBridge x) {
            f.put("name", x.name()).put("options", Bridges.text(x.options()));
        } else if (s instanceof Step.SetBridgeOptions x) {
            f.put("name", x.name()).put("want", Bridges.text(x.want())).put("have", Bridges.text(x.have()));
        } else if (s instanceof Step.JoinBridge x) {
            f.put("bridge", x.bridge()).put("port", x.port());
        } else if (s instanceof Step.LeaveBridge x) {
            f.put("bridge", x.bridge()).put("port", x.port()).put("options", Bridges.text(x.portOptions()))
                    .put("note", x.note()).put("vlans", x.vlans() == null ? null : x.vlans().toString());
        } else if (s instanceof Step.SetBridgePortOptions x) {
            f.put("port", x.port()).put("want", Bridges.text(x.want())).put("have", Bridges.text(x.have()));
        } else if (s instanceof Step.SetBridgeVlans x) {
            f.put("name", x.name()).put("self", Boolean.toString(x.self())).put("want", x.want().toString());
            if (x.have() != null) {
                f.put("have", x.have().toString());
            }
        } else if (s instanceof Step.RestoreFile x) {
            file(f, x.file(), x.content());
        } else if (s instanceof Step.RestoreProfile x) {
            file(f, x.file(), x.content());
        } else if (s instanceof Step.WriteStateFile x) {
            file(f, x.file(), x.content());
            f.put("previous", x.previous() == null ? null : Base64.getEncoder().encodeToString(x.previous()));
        } else if (s instanceof Step.WriteFile x) {
            file(f, x.file(), x.content());
            f.put("previous", x.previous() == null ? null : Base64.getEncoder().encodeToString(x.previous()));
        } else if (s instanceof Step.SetHostname x) {
            f.put("name", x.name()).put("old", x.old());
        }
        return f.toString();
    }

    private static void file(Fields f, Path file, byte[] content) {
        f.put("file", file.toString()).put("content", content == null ? null : Base64.getEncoder().encodeToString(content));
    }

    private static void route(Fields f, Route r) {
        f.put("family", Integer.toString(r.family()))
                .put("dst", r.destination() == null ? null : Address.text(r.destination()))
                .put("prefix", Integer.toString(r.prefix()))
                .put("gateway", r.gateway() == null ? null : Address.text(r.gateway()))
                .put("protocol", Integer.toString(r.protocol())).put("metric", Integer.toString(r.metric()))
                .put("table", Integer.toString(r.table())).put("scope", Integer.toString(r.scope()))
                .put("type", Integer.toString(r.type()))
                .put("attrs", r.attrs().isEmpty() ? null : String.join(" ", r.attrs().words()));
    }

    /** An address step's prefix-route metric; 0 in a journal written before there was one. */
    private static int metric(Map<String, String> m) {
        return m.get("metric") == null ? 0 : Integer.parseInt(m.get("metric"));
    }

    private static Step decodeLine(String line) {
        String[] parts = line.split("\t");
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            m.put(parts[i].substring(0, eq), URLDecoder.decode(parts[i].substring(eq + 1), StandardCharsets.UTF_8));
        }
        return switch (parts[0]) {
            case "CreateBond" -> new Step.CreateBond(m.get("name"), settings(m.get("settings")));
            case "DeleteLink" -> new Step.DeleteLink(m.get("name"));
            case "SetBondOptions" -> new Step.SetBondOptions(m.get("bond"), settings(m.get("want")),
                    settings(m.get("have")), m.get("note"));
            case "SetLinkUp" -> new Step.SetLinkUp(m.get("name"), Boolean.parseBoolean(m.get("up")), m.get("announce"));
            case "Enslave" -> new Step.Enslave(m.get("bond"), m.get("port"), Boolean.parseBoolean(m.get("wasUp")));
            case "Release" -> new Step.Release(m.get("bond"), m.get("port"), ports(m.get("options")), m.get("note"));
            case "SetPortOptions" -> new Step.SetPortOptions(m.get("port"), ports(m.get("want")), ports(m.get("have")));
            case "SetMtu" -> new Step.SetMtu(m.get("name"), Integer.parseInt(m.get("mtu")), Integer.parseInt(m.get("old")));
            case "CreateVlan" -> new Step.CreateVlan(m.get("name"), m.get("parent"), Integer.parseInt(m.get("id")),
                    Integer.parseInt(m.get("protocol")));
            case "SetMac" -> new Step.SetMac(m.get("name"), org.bondctl.rtnl.MacAddress.parse(m.get("mac")),
                    m.get("old") == null ? null : org.bondctl.rtnl.MacAddress.parse(m.get("old")));
            case "RenameLink" -> new Step.RenameLink(m.get("from"), m.get("to"));
            case "SetIpv6Disabled" -> new Step.SetIpv6Disabled(m.get("name"), Boolean.parseBoolean(m.get("disabled")),
                    m.get("old") == null ? null : Boolean.valueOf(m.get("old")));
            case "DeleteVlan" -> new Step.DeleteVlan(m.get("name"), m.get("parent"), Integer.parseInt(m.get("id")),
                    Integer.parseInt(m.get("protocol")), Integer.parseInt(m.get("mtu")), Boolean.parseBoolean(m.get("up")),
                    qos(m.get("qos")));
            case "SetVlanQos" -> new Step.SetVlanQos(m.get("name"), qos(m.get("want")), qos(m.get("have")));
            case "AddAddress" -> new Step.AddAddress(m.get("ifname"), Address.parse(m.get("address")), metric(m));
            case "DeleteAddress" -> new Step.DeleteAddress(m.get("ifname"), Address.parse(m.get("address")), metric(m));
            case "SetAddressMetric" -> new Step.SetAddressMetric(m.get("ifname"), Address.parse(m.get("address")),
                    metric(m), Integer.parseInt(m.get("old")));
            case "AddRoute" -> new Step.AddRoute(m.get("dev"), route(m));
            case "DeleteRoute" -> new Step.DeleteRoute(m.get("dev"), route(m));
            case "AddRule" -> new Step.AddRule(rule(m));
            case "DeleteRule" -> new Step.DeleteRule(rule(m));
            case "WriteResolvConf" -> new Step.WriteResolvConf(Path.of(m.get("file")), ips(m.get("servers")),
                    words(m.get("search")), m.get("ifname"), m.containsKey("options") ? words(m.get("options")) : null,
                    m.get("from"), bytes(m.get("previous")));
            case "SetLinkDns" -> new Step.SetLinkDns(m.get("ifname"),
                    new Resolved.LinkDns(words(m.get("servers")), words(m.get("domains"))),
                    new Resolved.LinkDns(words(m.get("haveServers")), words(m.get("haveDomains"))));
            case "RestoreFile" -> new Step.RestoreFile(Path.of(m.get("file")), bytes(m.get("content")));
            case "RestoreProfile" -> new Step.RestoreProfile(Path.of(m.get("file")), bytes(m.get("content")));
            case "WriteStateFile" -> new Step.WriteStateFile(Path.of(m.get("file")), bytes(m.get("content")),
                    bytes(m.get("previous")));
            case "WriteFile" -> new Step.WriteFile(Path.of(m.get("file")), bytes(m.get("content")), bytes(m.get("previous")));
            case "SetHostname" -> new Step.SetHostname(m.get("name"), m.get("old"));
            case "CreateBridge" -> new Step.CreateBridge(m.get("name"), Bridges.parseOptions(m.get("options")));
            case "SetBridgeOptions" -> new Step.SetBridgeOptions(m.get("name"), Bridges.parseOptions(m.get("want")),
                    Bridges.parseOptions(m.get("have")));
            case "JoinBridge" -> new Step.JoinBridge(m.get("bridge"), m.get("port"));
            case "LeaveBridge" -> new Step.LeaveBridge(m.get("bridge"), m.get("port"),
                    Bridges.parsePortOptions(m.get("options")), m.get("note"),
                    m.get("vlans") == null ? null : VlanTable.parse(m.get("vlans")));
            case "SetBridgePortOptions" -> new Step.SetBridgePortOptions(m.get("port"),
                    Bridges.parsePortOptions(m.get("want")), Bridges.parsePortOptions(m.get("have")));
            case "SetBridgeVlans" -> new Step.SetBridgeVlans(m.get("name"), Boolean.parseBoolean(m.get("self")),
                    VlanTable.parse(m.get("want")), m.get("have") == null ? null : VlanTable.parse(m.get("have")));
            default -> throw new IllegalArgumentException("unknown step " + parts[0]);
        };
    }

    /** A VLAN's flags and maps as "FLAGS;INGRESS;EGRESS", the maps as "from:to,..."; null for the default. */
    private static String qos(VlanQos q) {
        return q == null || q.equals(VlanQos.DEFAULT) ? null
                : q.flags() + ";" + VlanQos.format(q.ingress(), ",") + ";" + VlanQos.format(q.egress(), ",");
    }

    private static VlanQos qos(String s) {
        if (s == null) {
            return VlanQos.DEFAULT;
        }
        String[] p = s.split(";", -1);
        return new VlanQos(Integer.parseInt(p[0]), VlanQos.parseMap(p[1], true), VlanQos.parseMap(p[2], false));
    }

    private static Route route(Map<String, String> m) {
        return new Route(Integer.parseInt(m.get("family")), m.get("dst") == null ? null : Address.parseIp(m.get("dst"), "dst"),
                Integer.parseInt(m.get("prefix")), m.get("gateway") == null ? null : Address.parseIp(m.get("gateway"), "gateway"),
                0, Integer.parseInt(m.get("protocol")), Integer.parseInt(m.get("metric")), Integer.parseInt(m.get("table")),
                Integer.parseInt(m.get("scope")), Integer.parseInt(m.get("type")),
                m.get("attrs") == null ? RouteAttrs.NONE : RouteAttrs.parse(List.of(m.get("attrs").split(" ")),
                        Integer.parseInt(m.get("family"))));
    }

    private static void rule(Fields f, org.bondctl.rtnl.RoutingRule r) {
        f.put("family", Integer.toString(r.family())).put("rule", r.toString()).put("protocol", Integer.toString(r.protocol()));
    }

    private static org.bondctl.rtnl.RoutingRule rule(Map<String, String> m) {
        return org.bondctl.rtnl.RoutingRule.parse(m.get("rule"), Integer.parseInt(m.get("family")))
                .withProtocol(Integer.parseInt(m.get("protocol")));
    }

    private static BondSettings settings(String text) {
        return text == null || text.isBlank() ? new BondSettings() : BondSettings.parse(List.of(text.split(" ")));
    }

    private static String ports(Map<PortOption, Long> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((o, v) -> sb.append(sb.length() == 0 ? "" : " ").append(o.kernelName()).append('=').append(o.format(v)));
        return sb.toString();
    }

    private static Map<PortOption, Long> ports(String text) {
        Map<PortOption, Long> m = new LinkedHashMap<>();
        for (String w : words(text)) {
            int eq = w.indexOf('=');
            PortOption o = PortOption.byName(w.substring(0, eq));
            m.put(o, o.parse(w.substring(eq + 1)));
        }
        return m;
    }

    private static List<InetAddress> ips(String text) {
        return words(text).stream().map(w -> Address.parseIp(w, "server")).toList();
    }

    private static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text.strip().split(" +"));
    }

    private static byte[] bytes(String b64) {
        return b64 == null ? null : Base64.getDecoder().decode(b64);
    }

    /** One line under construction. */
    private static final class Fields {
        private final StringBuilder sb;

        Fields(String type) {
            sb = new StringBuilder(type);
        }

        Fields put(String key, String value) {
            if (value != null) {
                sb.append('\t').append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
            return this;
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
