package org.bondctl.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bondctl.bond.PortState;
import org.junit.jupiter.api.Test;

/** MAC addresses and attribute bytes are values: equal by content, immune to the source array. */
class ByteValueTest {
    @Test
    void equalByContentAndTypeAndImmutable() {
        byte[] raw = {0x72, 0x16, (byte) 0x96, (byte) 0xba, (byte) 0x81, 0x67};
        MacAddress a = MacAddress.of(raw);
        raw[0] = 0;
        assertEquals(MacAddress.parse("72:16:96:ba:81:67"), a, "a copy, not the caller's array");
        assertEquals("72:16:96:ba:81:67", a.toString());
        assertEquals(1, new java.util.HashSet<>(java.util.List.of(a, MacAddress.parse("72:16:96:ba:81:67"))).size());
        assertNotEquals(AttrBytes.of(a.bytes()), a, "same bytes, another kind of value");
        byte[] out = a.bytes();
        out[1] = 0;
        assertEquals(0x16, a.bytes()[1]);
        assertTrue(MacAddress.parse("01:00:5e:00:00:01").isMulticast());
        assertFalse(a.isZero());
        assertEquals(AttrBytes.of(new byte[] {1, 2}), AttrBytes.of(new byte[] {1, 2}));
    }

    @Test
    void recordsHoldingThemCompareByContent() {
        Link l1 = link(MacAddress.parse("02:00:00:00:00:01"));
        Link l2 = link(MacAddress.parse("02:00:00:00:00:01"));
        assertEquals(l1, l2);
        PortState p1 = new PortState(l1, 0, 0, 0, MacAddress.parse("02:00:00:00:00:02"), java.util.Map.of(), -1, -1, -1, -1, -1);
        PortState p2 = new PortState(l2, 0, 0, 0, MacAddress.parse("02:00:00:00:00:02"), java.util.Map.of(), -1, -1, -1, -1, -1);
        assertEquals(p1, p2);
    }

    private static Link link(MacAddress mac) {
        return new Link(3, "ens192", 0, 0, true, 1500, mac, mac, 0, "veth", null, AttrBytes.of(new byte[] {8, 0, 1, 0}), null,
                0, 0, 68, 65535, 0);
    }
}
