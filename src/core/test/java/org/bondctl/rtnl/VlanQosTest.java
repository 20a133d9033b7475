package org.bondctl.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.bondctl.error.BondctlException;
import org.junit.jupiter.api.Test;

class VlanQosTest {
    @Test
    void mapsAreReadInNmsWordsAndKeptAsTheKernelHoldsThem() {
        assertEquals("0:3 5:7", VlanQos.format(VlanQos.parseMap("0:3,5:7", false), " "));
        assertEquals("0:1 7:2", VlanQos.format(VlanQos.parseMap("0:1, 7:2", true), " "));
        assertEquals("2:3 4:5", VlanQos.format(VlanQos.parseMap("2:3 4:5", false), " "));
        assertEquals("9:1 5:6", VlanQos.format(VlanQos.parseMap("9:1;5:6;", false), " ")); // as given; a VlanQos sorts
        // one mapping a priority, the last given; a mapping to 0 is the kernel's "none"; sorted
        VlanQos q = new VlanQos(1, VlanQos.parseMap("3:4000000000 1:2 1:9 4:0", true), VlanQos.parseMap("9:1 5:6", false));
        assertEquals(List.of(new VlanQos.Mapping(1, 9), new VlanQos.Mapping(3, 4000000000L)), q.ingress());
        assertEquals("flags 1 ingress 1:9,3:4000000000 egress 5:6,9:1", q.toString());
        assertEquals(new VlanQos(1, List.of(), List.of()), VlanQos.DEFAULT);
    }

    @Test
    void badValuesInNmcliWords() {
        // ingress maps an 802.1p priority (0-7) to any packet priority; egress the other way round
        for (String bad : new String[] {"8:1", "1", "1:2:3", "a:1", "-1:2", ":1", "1:4294967296"}) {
            BondctlException e = assertThrows(BondctlException.class, () -> VlanQos.parseMap(bad, true));
            assertEquals("invalid priority map '" + bad + "'", e.getMessage());
        }
        assertEquals("invalid priority map '1:8'",
                assertThrows(BondctlException.class, () -> VlanQos.parseMap("4294967295:7,1:8", false)).getMessage());
        assertEquals(15, VlanQos.parseFlags("15"));
        assertEquals("'16' flags are not valid; use combination of 1, 2, 4, 8",
                assertThrows(BondctlException.class, () -> VlanQos.parseFlags("16")).getMessage());
        assertEquals("'gvrp,loose-binding' is not a valid number (or out of range)",
                assertThrows(BondctlException.class, () -> VlanQos.parseFlags("gvrp,loose-binding")).getMessage());
        assertEquals("REORDER_HDR,LOOSE_BINDING", new VlanQos(5, List.of(), List.of()).flagNames());
    }
}
