package org.bondctl.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.RoutingRule;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;
import picocli.CommandLine.Command;

@Command(name = "rule", description = "Policy routing rules, both families (ip rule).",
        subcommands = {RuleCommand.Show.class})
final class RuleCommand {

    @Command(name = "show", description = {"List the policy routing rules, both families, in the kernel's order, in"
            + " NetworkManager's words (the profiles' routing-rules), with who made each.",
        "Equivalent to: ip rule show; ip -6 rule show"})
    static final class Show extends BaseCommand {
        @Override
        public Integer call() {
            try (Rtnetlink r = Rtnetlink.open(global().netns)) {
                List<Object> json = new ArrayList<>();
                for (RoutingRule rule : r.rules()) {
                    if (global().json) {
                        json.add(json(rule));
                    } else {
                        out().println(text(rule));
                    }
                }
                if (global().json) {
                    out().println(Json.write(json));
                }
            }
            return 0;
        }

        /** "ipv4 priority 100 from 192.0.2.0/24 table 200 proto static". */
        static String text(RoutingRule rule) {
            return (rule.family() == Rtnl.AF_INET6 ? "ipv6 " : "ipv4 ") + rule + " proto " + protocol(rule);
        }

        /**
         * The rule by its fields: family, priority, and each field it has, with ip -j rule's keys
         * and forms (fwmark "0x10", sport_start/sport_end, suppress_prefixlen); unlike ip, "not"
         * is true, ipproto a number, the action always there, and "text" NetworkManager's words.
         */
        static Map<String, Object> json(RoutingRule rule) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("family", rule.family() == Rtnl.AF_INET ? "inet" : "inet6");
            m.put("priority", rule.priority());
            if (rule.invert()) {
                m.put("not", true);
            }
            if (rule.from() != null) {
                m.put("src", Address.text(rule.from().address()));
                m.put("srclen", rule.from().prefix());
            }
            if (rule.to() != null) {
                m.put("dst", Address.text(rule.to().address()));
                m.put("dstlen", rule.to().prefix());
            }
            if (rule.tos() != 0) {
                m.put("tos", rule.tos());
            }
            if (rule.ipproto() != 0) {
                m.put("ipproto", rule.ipproto());
            }
            if (rule.fwmark() != 0 || rule.fwmask() != 0) {
                m.put("fwmark", "0x" + Long.toHexString(rule.fwmark()));
                m.put("fwmask", "0x" + Long.toHexString(rule.kernelMask()));
            }
            ports(m, "sport", rule.sportStart(), rule.sportEnd());
            ports(m, "dport", rule.dportStart(), rule.dportEnd());
            if (rule.iif() != null) {
                m.put("iif", rule.iif());
            }
            if (rule.oif() != null) {
                m.put("oif", rule.oif());
            }
            if (rule.uidStart() >= 0) {
                m.put("uid_start", rule.uidStart());
                m.put("uid_end", rule.uidEnd());
            }
            if (rule.suppressPrefixlength() >= 0) {
                m.put("suppress_prefixlen", rule.suppressPrefixlength());
            }
            if (rule.table() != 0) {
                m.put("table", rule.table() == Rtnl.RT_TABLE_MAIN ? "main" : rule.table() == Rtnl.RT_TABLE_LOCAL ? "local"
                        : rule.table() == 253 ? "default" : Long.toString(rule.table()));
            }
            m.put("action", switch (rule.action()) {
                case RoutingRule.FR_ACT_TO_TBL -> "lookup";
                case RoutingRule.FR_ACT_BLACKHOLE -> "blackhole";
                case RoutingRule.FR_ACT_UNREACHABLE -> "unreachable";
                case RoutingRule.FR_ACT_PROHIBIT -> "prohibit";
                default -> Integer.toString(rule.action());
            });
            m.put("protocol", protocol(rule));
            m.put("text", rule.toString()); // NetworkManager's words, as in a profile's routing-rules
            return m;
        }

        /** As ip -j: "dport": 22 for one port, "dport_start" and "dport_end" for a range. */
        private static void ports(Map<String, Object> m, String key, int start, int end) {
            if (start >= 0 && start == end) {
                m.put(key, start);
            } else if (start >= 0) {
                m.put(key + "_start", start);
                m.put(key + "_end", end);
            }
        }

        private static String protocol(RoutingRule rule) {
            return Route.protocolName(rule.protocol());
        }
    }
}
