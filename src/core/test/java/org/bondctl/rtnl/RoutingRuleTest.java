package org.bondctl.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * NetworkManager 1.42's routing-rule text both ways: what {@code nmcli connection modify X
 * ipv4.routing-rules "..."} then showed in {@code nmcli -g ipv4.routing-rules}, and its
 * refusals (seen in the test bed, 2026-12-06).
 */
class RoutingRuleTest {
    private static final int V4 = Rtnl.AF_INET;
    private static final int V6 = Rtnl.AF_INET6;

    private static void normalizes(String given, String nm, int family) {
        assertEquals(nm, RoutingRule.parse(given, family).toString(), given);
        assertEquals(nm, RoutingRule.parse(nm, family).toString(), "NM's own text reads back the same");
    }

    @Test
    void normalizedAsNetworkManagerWritesIt() {
        normalizes("priority 10 from 192.0.2.1 table 5", "priority 10 from 192.0.2.1 table 5", V4);
        normalizes("priority 11 from 192.0.2.0/24 to 198.51.100.0/24 table 5", "priority 11 from 192.0.2.0/24 to 198.51.100.0/24 table 5", V4);
        normalizes("priority 12 iif lo table 5", "priority 12 from 0.0.0.0/0 iif lo table 5", V4);
        normalizes("priority 13 fwmark 0x10/0xff table 5", "priority 13 from 0.0.0.0/0 fwmark 0x10/0xff table 5", V4);
        normalizes("priority 14 fwmark 16 table 5", "priority 14 from 0.0.0.0/0 fwmark 0x10 table 5", V4);
        normalizes("priority 15 tos 0x10 table 5", "priority 15 from 0.0.0.0/0 tos 0x10 table 5", V4);
        // NM reads a TOS as hexadecimal, with or without 0x
        normalizes("priority 16 tos 16 table 5", "priority 16 from 0.0.0.0/0 tos 0x16 table 5", V4);
        normalizes("priority 18 sport 1000-2000 table 5", "priority 18 from 0.0.0.0/0 sport 1000-2000 table 5", V4);
        normalizes("priority 20 suppress_prefixlength 0 table main", "priority 20 from 0.0.0.0/0 suppress_prefixlength 0 table 254", V4);
        normalizes("priority 21 table 5 from 192.0.2.0/24 not", "priority 21 not from 192.0.2.0/24 table 5", V4);
        normalizes("priority 23 oif ens192 iif lo table 5", "priority 23 from 0.0.0.0/0 iif lo oif ens192 table 5", V4);
        normalizes("priority 25 type unicast table 5", "priority 25 from 0.0.0.0/0 table 5", V4);
        normalizes("priority 0 table 5", "priority 0 from 0.0.0.0/0 table 5", V4);
        normalizes("priority 4294967295 table 5", "priority 4294967295 from 0.0.0.0/0 table 5", V4);
        normalizes("priority 29 table 4294967295", "priority 29 from 0.0.0.0/0 table 4294967295", V4);
        normalizes("priority 30 table default", "priority 30 from 0.0.0.0/0 table 253", V4);
        normalizes("priority 31 table local", "priority 31 from 0.0.0.0/0 table 255", V4);
        normalizes("priority 33 to 0.0.0.0/0 table 5", "priority 33 from 0.0.0.0/0 table 5", V4);
        normalizes("priority 34 uidrange 5 table 5", "priority 34 from 0.0.0.0/0 uidrange 5-5 table 5", V4);
        normalizes("priority 35 sport 0 table 5", "priority 35 from 0.0.0.0/0 table 5", V4);
        normalizes("priority 41 fwmark 0x0/0xff table 5", "priority 41 from 0.0.0.0/0 fwmark 0/0xff table 5", V4);
        normalizes("priority 42 from 192.0.2.77/24 table 5", "priority 42 from 192.0.2.77/24 table 5", V4);
        normalizes("priority 46 type blackhole table 5", "priority 46 from 0.0.0.0/0 table 5 type blackhole", V4);
        normalizes("priority 47 fwmark 0/0 table 5", "priority 47 from 0.0.0.0/0 table 5", V4);
        normalizes("priority 49 from all to all table 5", "priority 49 from 0.0.0.0/0 table 5", V4);
        normalizes("priority 55 type prohibit table 0", "priority 55 from 0.0.0.0/0 type prohibit", V4);
        normalizes("priority 61 fwmark 0x10/0xff iif lo oif ens192 ipproto 6 sport 1000-2000 dport 22 tos 0x10 uidrange 10-20"
                + " suppress_prefixlength 8 table 5", "priority 61 from 0.0.0.0/0 tos 0x10 ipproto 6 fwmark 0x10/0xff sport"
                + " 1000-2000 dport 22 iif lo oif ens192 uidrange 10-20 suppress_prefixlength 8 table 5", V4);
        normalizes("priority 62 not to 198.51.100.0/24 type unreachable", "priority 62 not to 198.51.100.0/24 type unreachable", V4);
        normalizes("priority 64 to 2001:db8:1::/48 ipproto 17 dport 53 table 201",
                "priority 64 to 2001:db8:1::/48 ipproto 17 dport 53 table 201", V6);
        normalizes("priority 65 type prohibit", "priority 65 from ::/0 type prohibit", V6);
    }

    private static void refused(String given, String nm, int family) {
        RoutingRule.Invalid e = assertThrows(RoutingRule.Invalid.class, () -> RoutingRule.parse(given, family), given);
        assertEquals(nm, e.getMessage(), given);
    }

    @Test
    void refusedInNetworkManagersWords() {
        refused("priority 200 from 192.0.2.10 ipproto tcp table 300", "invalid value for \"ipproto\"", V4);
        refused("from 192.0.2.1 table 5", "rule is invalid: missing priority", V4);
        refused("priority 6 from 2001:db8::/64 table 5", "invalid \"from\" part", V4);
        refused("priority 7 table 0", "rule is invalid: missing table", V4);
        refused("priority 8 fwmark 5 table 9 bogus 1", "unsupported key \"bogus\"", V4);
        refused("priority 26 type throw", "rule is invalid: invalid action type", V4);
        refused("priority 27 type nat table 5", "rule is invalid: invalid action type", V4);
        refused("priority 28 type goto table 5", "invalid value for \"type\"", V4);
        refused("priority 4294967296 table 5", "invalid value for \"priority\"", V4);
        refused("priority 32 from 192.0.2.1/33 table 5", "invalid \"from\" part", V4);
        refused("priority 36 dport 70000 table 5", "invalid value for \"dport\"", V4);
        refused("priority 37 ipproto 300 table 5", "invalid value for \"ipproto\"", V4);
        refused("priority 38 tos 0x1ff table 5", "invalid value for \"tos\"", V4);
        refused("priority 39 suppress_prefixlength 33 table 5", "rule is invalid: suppress_prefixlength out of range", V4);
        refused("priority 40 suppress_prefixlength -1 table 5", "invalid value for \"suppress_prefixlength\"", V4);
        refused("priority 43 table 5 priority 44", "duplicate key \"priority\"", V4);
        refused("priority 48 dport 22-10 table 5", "rule is invalid: invalid destination port range", V4);
        refused("priority 50 from 192.0.2.0/24 table 5 suppress_ifgroup 3", "unsupported key \"suppress_ifgroup\"", V4);
        refused("priority 54 table 5 goto 55", "unsupported key \"goto\"", V4);
    }

    @Test
    void theKernelsWholeMarkIsTheSameRule() {
        RoutingRule nm = RoutingRule.parse("priority 14 fwmark 16 table 5", V4);
        RoutingRule whole = RoutingRule.parse("priority 14 fwmark 16/0xffffffff table 5", V4);
        assertEquals(0xFFFFFFFFL, nm.kernelMask());
        assertTrue(nm.sameAs(whole));
        assertTrue(nm.sameAs(nm.withProtocol(0)), "who made it is not the rule");
        assertFalse(nm.sameAs(RoutingRule.parse("priority 14 fwmark 16/0xff table 5", V4)));
        assertFalse(nm.sameAs(RoutingRule.parse("priority 14 fwmark 16 table 5", V6)), "another family");
        assertEquals(Rtnl.RTPROT_STATIC, nm.protocol(), "made as NetworkManager makes it");
    }
}
