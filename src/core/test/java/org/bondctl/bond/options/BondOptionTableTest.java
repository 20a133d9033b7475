package org.bondctl.bond.options;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.MessageBuilder;
import org.junit.jupiter.api.Test;

/** Walks the whole bond option table: every row, every value name, every wire round trip. */
class BondOptionTableTest {

    /** A few valid texts per option, chosen from its wire type and value names. */
    static List<String> samples(BondOption o) {
        List<String> s = new ArrayList<>();
        switch (o.wireType()) {
            case IFINDEX -> s.addAll(List.of("ens192", ""));
            case IPV4_LIST -> s.addAll(List.of("192.0.2.1,198.51.100.7", "203.0.113.9", ""));
            case IPV6_LIST -> s.addAll(List.of("2001:db8::1,fe80::1", ""));
            case MAC -> s.addAll(List.of("00:11:22:33:44:55", "02:00:00:00:00:00", "00:00:00:00:00:00"));
            default -> {
                s.add("1");
                s.addAll(o.valueNames());
            }
        }
        return s;
    }

    @Test
    void rowsHaveUniqueIdsAndNamesInKernelOrder() {
        Set<String> names = new HashSet<>();
        int lastId = 0;
        for (BondOption o : BondOption.values()) {
            assertTrue(o.id() > lastId, o + " id " + o.id() + " is not after " + lastId);
            assertTrue(o.id() != 23, "IFLA_BOND_AD_INFO is state, not an option");
            lastId = o.id();
            assertTrue(names.add(o.kernelName()), "duplicate name " + o.kernelName());
            for (String a : o.aliases()) {
                assertTrue(names.add(a), "duplicate alias " + a);
            }
            assertTrue(o.kernelName().matches("[a-z0-9_]+"), o.kernelName());
        }
        // include/uapi/linux/if_link.h: 1..32 without 23, then IFLA_BOND_BROADCAST_NEIGH (6.16).
        assertEquals(32, BondOption.values().length);
        assertEquals(1, BondOption.MODE.id());
        assertEquals(22, BondOption.AD_SELECT.id());
        assertEquals(24, BondOption.AD_ACTOR_SYS_PRIO.id());
        assertEquals(32, BondOption.COUPLED_CONTROL.id());
        assertEquals(33, BondOption.BROADCAST_NEIGH.id());
    }

    @Test
    void everyRowHasHelpSinceAndModes() {
        for (BondOption o : BondOption.values()) {
            assertFalse(o.help().isBlank(), o.toString());
            assertFalse(o.help().contains("\n"), "help is one line: " + o);
            assertTrue(o.help().contains("Linux " + o.since() + "+"), o.help());
            assertTrue(o.since().matches("[3-6]\\.[0-9]+"), o + " since " + o.since());
            assertFalse(o.modes().isEmpty(), o.toString());
            for (String name : o.valueNames()) {
                assertTrue(o.help().contains(name) || o.help().contains("off|on"), o + " help lacks " + name);
            }
            if (o.nmKey() != null) {
                assertTrue(o.nmKey().equals(o.kernelName()) || o.aliases().contains(o.nmKey()), o.toString());
            }
        }
    }

    @Test
    void everyValueNameRoundTrips() {
        for (BondOption o : BondOption.values()) {
            List<String> names = o.valueNames();
            for (int i = 0; i < names.size(); i++) {
                Object v = o.parse(names.get(i));
                assertEquals((long) i, v, o + " " + names.get(i));
                assertEquals(v, o.parse(Integer.toString(i)), o + " by number");
                assertEquals(v, o.parse(o.format(v)), o + " format/parse");
                String shown = o.format(v);
                assertTrue(shown.equals(names.get(i)) || shown.equals(Integer.toString(i)), o + " shows " + shown);
            }
        }
        assertEquals("active-backup", BondOption.MODE.format(1L));
        assertEquals("layer3+4", BondOption.XMIT_HASH_POLICY.format(1L));
        assertEquals("always", BondOption.PRIMARY_RESELECT.format(0L));
        assertEquals("1", BondOption.USE_CARRIER.format(BondOption.USE_CARRIER.parse("on")));
    }

    @Test
    void everyOptionRoundTripsThroughTheWire() {
        for (BondOption o : BondOption.values()) {
            for (String text : samples(o)) {
                Object v = o.parse(text);
                MessageBuilder b = Wire.nest(m -> o.encode(m, v, Wire.RESOLVER));
                AttrTable data = Wire.parse(b);
                assertTrue(data.has(o.id()), o + " not written");
                Object back = o.decode(data, Wire.RESOLVER);
                if (v instanceof byte[] mac) {
                    assertArrayEquals(mac, (byte[]) back, o.toString());
                } else {
                    assertEquals(v, back, o + "=" + text);
                }
                assertEquals(o.format(v), o.format(back), o + "=" + text);
                assertEquals(o.format(v), o.format(o.parse(o.format(v))), o + " text is stable");
            }
        }
    }

    @Test
    void absentAttributesDecodeToNull() {
        AttrTable empty = Wire.parse(Wire.nest(m -> {}));
        for (BondOption o : BondOption.values()) {
            assertNull(o.decode(empty, Wire.RESOLVER), o.toString());
        }
    }

    @Test
    void ifindexZeroIsNoneAndUnknownIndexesStayVisible() {
        AttrTable t = Wire.parse(Wire.nest(m -> m.attrU32(BondOption.PRIMARY.id(), 0)
                .attrU32(BondOption.ACTIVE_SLAVE.id(), 99)));
        assertEquals("", BondOption.PRIMARY.decode(t, Wire.RESOLVER));
        assertEquals("#99", BondOption.ACTIVE_SLAVE.decode(t, Wire.RESOLVER));
    }

    @Test
    void byNameFindsNamesAliasesAndDashes() {
        assertSame(BondOption.NUM_PEER_NOTIF, BondOption.byName("num_grat_arp"));
        assertSame(BondOption.NUM_PEER_NOTIF, BondOption.byName("num_unsol_na"));
        assertSame(BondOption.NUM_PEER_NOTIF, BondOption.byName("num_peer_notif"));
        assertSame(BondOption.AD_LACP_RATE, BondOption.byName("lacp_rate"));
        assertSame(BondOption.MISSED_MAX, BondOption.byName("arp_missed_max"));
        assertSame(BondOption.XMIT_HASH_POLICY, BondOption.byName("xmit-hash-policy"));
        for (BondOption o : BondOption.values()) {
            assertSame(o, BondOption.byName(o.kernelName()));
        }
        Errors.assertInvalid("unknown bond option 'foo'", () -> BondOption.byName("foo"));
        Errors.assertInvalid("unknown bond option 'miimom' (did you mean miimon?)", () -> BondOption.byName("miimom"));
        Errors.assertInvalid("unknown bond option 'lacp-rat' (did you mean lacp_rate?)", () -> BondOption.byName("lacp-rat"));
    }

    @Test
    void kernelFactsFromBondOptions() {
        // .unsuppmodes and BOND_OPTFLAG_* of bond_opts[] (bond_options.c)
        assertTrue(BondOption.MODE.needsDown() && BondOption.MODE.needsNoSlaves());
        assertTrue(BondOption.FAIL_OVER_MAC.needsNoSlaves() && !BondOption.FAIL_OVER_MAC.needsDown());
        assertEquals(Set.of(BondMode.IEEE_802_3AD), BondOption.AD_LACP_RATE.modes());
        assertEquals(Set.of(BondMode.BALANCE_RR), BondOption.PACKETS_PER_SLAVE.modes());
        assertEquals(Set.of(BondMode.ACTIVE_BACKUP, BondMode.BALANCE_TLB, BondMode.BALANCE_ALB), BondOption.PRIMARY.modes());
        assertFalse(BondOption.ARP_INTERVAL.inMode(BondMode.IEEE_802_3AD));
        assertTrue(BondOption.ARP_IP_TARGET.inMode(BondMode.IEEE_802_3AD)); // no unsuppmodes in the kernel
        assertTrue(BondOption.XMIT_HASH_POLICY.inMode(BondMode.ACTIVE_BACKUP));
        long down = java.util.Arrays.stream(BondOption.values()).filter(BondOption::needsDown).count();
        assertEquals(7, down); // mode, lacp_rate, ad_select, ad_user_port_key, tlb_dynamic_lb, lacp_active, coupled_control
        assertEquals("num_grat_arp", BondOption.NUM_PEER_NOTIF.nmKey());
        assertNull(BondOption.ACTIVE_SLAVE.nmKey());
        assertEquals("primary_reselect", BondOption.PRIMARY_RESELECT.nmKey());
    }
}
