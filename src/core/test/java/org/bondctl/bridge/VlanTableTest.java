package org.bondctl.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VlanTableTest {
    private static List<BridgeVlan> list(String text) {
        return BridgeVlan.parseList("bridge.vlans", text);
    }

    @Test
    void entriesParseAndPrintInNetworkManagersForm() {
        assertEquals("100 pvid untagged", BridgeVlan.parse("bridge.vlans", " 100  untagged pvid ").toString());
        assertEquals("200-210", BridgeVlan.parse("bridge.vlans", "200-210").toString());
        assertEquals(List.of(new BridgeVlan(1, 1, true, true), new BridgeVlan(5, 7, false, false)), list("1 pvid untagged, 5-7"));
    }

    @Test
    void badEntriesAreRefusedInNetworkManagersWords() {
        Map<String, String> bad = Map.of(
                "0", "bridge.vlans: invalid VLAN id range start '0', must be in [1,4094]",
                "5-4095", "bridge.vlans: invalid VLAN id range end '4095', must be in [1,4094]",
                "9-5", "bridge.vlans: invalid VLAN id range 9-5, start VLAN id must be less than end VLAN id",
                "5-7 pvid", "bridge.vlans: a VLAN range can't be a PVID",
                "5 tagged", "bridge.vlans: invalid option 'tagged'",
                "5-7, 6", "bridge.vlans: duplicate bridge VLAN vid 6",
                "5 pvid, 6 pvid", "bridge.vlans: only one VLAN can be the PVID");
        bad.forEach((text, why) -> assertEquals(why, assertThrows(IllegalArgumentException.class, () -> list(text)).getMessage(), text));
    }

    @Test
    void theDefaultPvidComesFirstAndTheProfilesVlansOverIt() {
        // NM sets the default PVID (every device gets it, untagged), then adds the profile's VLANs
        assertEquals("1 pvid untagged,100-102", VlanTable.withDefaultPvid(1, list("100-102")).toString());
        // a PVID of the profile's takes over; the default stays, untagged
        assertEquals("1 untagged,20 pvid untagged", VlanTable.withDefaultPvid(1, list("20 pvid untagged")).toString());
        // the profile's flags for the default's id replace the default's
        assertEquals("10", VlanTable.withDefaultPvid(10, list("10")).toString());
        assertEquals("", VlanTable.withDefaultPvid(0, list("")).toString());
        assertEquals(VlanTable.EMPTY, VlanTable.withDefaultPvid(0, List.of()));
    }

    @Test
    void theDifferenceIsWhatToDeleteAndWhatToAdd() {
        VlanTable have = VlanTable.withDefaultPvid(1, list("100-105, 300 untagged"));
        VlanTable want = VlanTable.withDefaultPvid(1, list("103-110, 300, 20 pvid"));
        assertEquals("100-102", BridgeVlan.format(have.missingFrom(want), ","));
        // 1 loses the PVID, 300 its untagged flag
        assertEquals("1 untagged,20 pvid,106-110,300", BridgeVlan.format(want.notIn(have), ","));
        assertTrue(want.notIn(want).isEmpty());
        assertTrue(want.missingFrom(want).isEmpty());
    }

    @Test
    void kernelEntriesRoundTripWithRanges() {
        VlanTable t = VlanTable.withDefaultPvid(1, list("100-102 untagged, 4094"));
        int[] e = VlanTable.toEntries(t.entries());
        assertArrayEquals(new int[] {
            (VlanTable.FLAG_PVID | VlanTable.FLAG_UNTAGGED) << 16 | 1,
            (VlanTable.FLAG_UNTAGGED | VlanTable.FLAG_RANGE_BEGIN) << 16 | 100,
            (VlanTable.FLAG_UNTAGGED | VlanTable.FLAG_RANGE_END) << 16 | 102,
            4094}, e);
        assertEquals(t, VlanTable.fromEntries(e));
        assertEquals(t, VlanTable.parse(t.toString()));
    }
}
