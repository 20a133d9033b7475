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

        /** The rule by its fields: family, priority, and each field it has, with ip -j rule's keys where it has them. */
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
                m.put("fwmark", rule.fwmark());
                m.put("fwmask", rule.kernelMask());
            }
            if (rule.sportStart() >= 0) {
                m.put("sport", rule.sportStart() == rule.sportEnd() ? "" + rule.sportStart() : rule.sportStart() + "-" + rule.sportEnd());
            }
            if (rule.dportStart() >= 0) {
                m.put("dport", rule.dportStart() == rule.dportEnd() ? "" + rule.dportStart() : rule.dportStart() + "-" + rule.dportEnd());
            }
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
                m.put("suppress_prefixlength", rule.suppressPrefixlength());
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

        private static String protocol(RoutingRule rule) {
            return Route.protocolName(rule.protocol());
        }
    }
}
