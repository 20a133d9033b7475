package org.bondctl.nmcli;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bondctl.rtnl.RoutingRule;
import org.bondctl.rtnl.Rtnl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Policy routing rules (ipv4.routing-rules, ipv6.routing-rules): the same lines through
 * NetworkManager 1.42's nmcli and through {@code bondctl nmcli}, with a rule someone else made
 * (proto static, as NM's own) beside them all along. The kernel's rules, nmcli's view and the
 * profile's rule keys after each step: added with the bond, changed by a reapply, by an up,
 * gone with a down, back with the next up, and the same refusals of bad rules.
 */
@Tag("kernel")
@Tag("nm")
class NmcliRoutingRulesVsNmKernelTest {
    static final List<String> IDS = List.of("p1", "bond0");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond0");

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        RoutingRule theirs = RoutingRule.parse("priority 70 from 192.0.2.99 table 9", Rtnl.AF_INET);
        SideBySide.compareOnSystem("nmcli-routing-rules-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade(); // its links, and the rules NM left
            GUEST.rtnl().addRule(theirs, "test: their rule");
            try {
                SideBySide.bondWithPort(side, "ipv4.routing-rules", "priority 60 from 192.0.2.0/24 table 200,"
                        + " priority 61 fwmark 0x10/0xff iif lo ipproto 6 dport 22 table 5",
                        "ipv6.method", "manual", "ipv6.addresses", "2001:db8:1::10/64",
                        "ipv6.routing-rules", "priority 60 from 2001:db8:1::/64 table 200, priority 65 type prohibit");
                state(side, record, "added");
                side.run(List.of("connection", "modify", "bond0", "ipv4.routing-rules", "priority 60 from 192.0.2.0/24 table 201,"
                        + " priority 62 not to 198.51.100.0/24 type unreachable"));
                side.run(List.of("device", "reapply", "bond0"));
                state(side, record, "changed, reapplied");
                side.run(List.of("connection", "modify", "bond0", "+ipv4.routing-rules", "priority 63 uidrange 1000-2000 table 400",
                        "-ipv6.routing-rules", "1"));
                side.run(List.of("connection", "up", "bond0"));
                state(side, record, "one added, one removed, up");
                side.run(List.of("connection", "down", "bond0"));
                state(side, record, "down");
                for (String bad : List.of("priority 7 table 0", "from 192.0.2.1 table 5", "priority 8 fwmark 5 table 9 bogus 1",
                        "priority 9 ipproto tcp table 5", "priority 10 from 2001:db8::/64 table 5", "priority 11 type throw",
                        "priority 12 tos 0x1ff table 5", "priority 13 dport 22-10 table 5")) {
                    record.put("refused: " + bad, side.attempt(List.of("connection", "modify", "bond0", "+ipv4.routing-rules", bad)));
                }
                side.run(List.of("connection", "up", "bond0"));
                state(side, record, "up again");
            } finally {
                GUEST.rtnl().deleteRule(theirs, "test: their rule");
            }
        });
    }

    /** The kernel's rules but its own, nmcli's view of the profile's rules, and the keyfile's rule keys. */
    private static void state(SideBySide.Side side, Map<String, String> record, String what) throws Exception {
        side.settle();
        TreeSet<String> out = new TreeSet<>();
        for (RoutingRule r : GUEST.rtnl().rules()) {
            if (r.protocol() != Rtnl.RTPROT_KERNEL) {
                out.add((r.family() == Rtnl.AF_INET6 ? "ipv6 " : "ipv4 ") + r + " proto " + r.protocol());
            }
        }
        record.put(what + ": kernel", String.join("\n", out) + "\n");
        SideBySide.recordProfile(side, record, what, "bond0", "ipv4.routing-rules,ipv6.routing-rules", l -> l.startsWith("routing-rule"));
    }
}
