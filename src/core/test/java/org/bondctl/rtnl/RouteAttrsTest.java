package org.bondctl.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.bondctl.error.BondctlException;
import org.junit.jupiter.api.Test;

/** NetworkManager's route attributes: its words in and out, its refusals, and what the kernel keeps of them. */
class RouteAttrsTest {
    private static RouteAttrs v4(String... words) {
        return RouteAttrs.parse(List.of(words), Rtnl.AF_INET);
    }

    @Test
    void wordsComeOutByNameWithNetworkManagersValues() {
        RouteAttrs a = v4("src=192.0.2.10", "onlink=yes", "mtu=01400", "lock-mtu=1", "tos=16", "quickack=off");
        assertEquals(List.of("lock-mtu=true", "mtu=1400", "onlink=true", "quickack=false", "src=192.0.2.10", "tos=16"),
                a.words());
        assertEquals("192.0.2.10", v4("src=192.0.2.9", "src=192.0.2.10").values().get("src"), "a later word replaces");
    }

    @Test
    void refusalsAreNetworkManagersWords() {
        assertEquals("invalid option 'tos=0x10': invalid uint8 value '0x10' for attribute 'tos'", refusal(Rtnl.AF_INET, "tos=0x10"));
        assertEquals("invalid option 'tos=300': invalid uint8 value '300' for attribute 'tos'", refusal(Rtnl.AF_INET, "tos=300"));
        assertEquals("invalid option 'mtu=abc': invalid uint32 value 'abc' for attribute 'mtu'", refusal(Rtnl.AF_INET, "mtu=abc"));
        assertEquals("invalid option 'mtu=-1': invalid uint32 value '-1' for attribute 'mtu'", refusal(Rtnl.AF_INET, "mtu=-1"));
        assertEquals("invalid option 'onlink=maybe': invalid boolean value 'maybe' for attribute 'onlink'",
                refusal(Rtnl.AF_INET, "onlink=maybe"));
        assertEquals("invalid option 'bogus=1': unknown attribute 'bogus'", refusal(Rtnl.AF_INET, "bogus=1"));
        assertEquals("src: '2001:db8::1' is not a valid IPv4 address", refusal(Rtnl.AF_INET, "src=2001:db8::1"));
        assertEquals("from: attribute is not valid for a IPv4 route", refusal(Rtnl.AF_INET, "from=192.0.2.0/24"));
        assertEquals("from: invalid prefix 129", refusal(Rtnl.AF_INET6, "from=2001:db8::1/129"));
        assertEquals("tos: attribute is not valid for a IPv6 route", refusal(Rtnl.AF_INET6, "tos=3"));
        assertEquals("type: BLACKHOLE is not a valid route type", refusal(Rtnl.AF_INET, "type=BLACKHOLE"));
    }

    private static String refusal(int family, String word) {
        return assertThrows(BondctlException.class, () -> RouteAttrs.parse(List.of(word), family)).getMessage();
    }

    @Test
    void everyTypeIsAppliedAndMultipathIsNot() {
        assertNull(v4("type=blackhole").unapplied());
        assertEquals(Rtnl.RTN_BLACKHOLE, v4("type=blackhole").routeType());
        assertEquals(Rtnl.RTN_LOCAL, v4("type=local").routeType());
        assertEquals(Rtnl.RTN_THROW, v4("type=throw").routeType());
        assertEquals(Rtnl.RTN_UNICAST, v4("mtu=1400").routeType());
        assertEquals("weight=5", v4("weight=5").unapplied());
        assertNull(v4("type=unicast", "mtu=1400").unapplied());
    }

    @Test
    void theKernelKeepsNoFalseFlagNoZeroAndAtMostIpv4sLargestMtu() {
        assertEquals("", v4("mtu=0", "onlink=false", "quickack=false", "type=unicast", "scope=0").kernelKey(Rtnl.AF_INET));
        assertEquals("mtu=65520", v4("mtu=4294967295").kernelKey(Rtnl.AF_INET));
        assertEquals("lock-mtu=true", v4("lock-mtu=true").kernelKey(Rtnl.AF_INET));
        assertEquals("from=2001:db8::/64 src=2001:db8::10", RouteAttrs.parse(List.of("from=2001:db8:0::5/64",
                "src=2001:db8:0:0::10"), Rtnl.AF_INET6).kernelKey(Rtnl.AF_INET6));
        assertEquals("from=2001:db8::1/128", RouteAttrs.parse(List.of("from=2001:db8::1"), Rtnl.AF_INET6)
                .kernelKey(Rtnl.AF_INET6));
    }

    @Test
    void ifcfgRhsIpWordsGoBothWays() {
        RouteAttrs a = v4("src=192.0.2.10", "onlink=true", "mtu=1400", "lock-mtu=true", "window=1000", "lock-cwnd=true",
                "tos=16", "quickack=true", "rto_min=100", "scope=253", "advmss=1300");
        String text = a.ipText();
        assertEquals("advmss 1300 cwnd lock 0 mtu lock 1400 onlink quickack 1 rto_min 100 scope 253 src 192.0.2.10 tos 0x10"
                + " window 1000", text);
        String[] w = text.split(" ");
        List<String> words = new ArrayList<>();
        for (int i = 0; i < w.length; ) {
            int next = RouteAttrs.ipWords(w, i, words);
            assertEquals(true, next > i, () -> "stuck at " + w[0]);
            i = next;
        }
        assertEquals(a.kernelKey(Rtnl.AF_INET), RouteAttrs.parse(words, Rtnl.AF_INET).kernelKey(Rtnl.AF_INET));
    }
}
