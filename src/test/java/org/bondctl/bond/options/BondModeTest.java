package org.bondctl.bond.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class BondModeTest {
    @Test
    void valuesNamesAndProcText() {
        for (BondMode m : BondMode.values()) {
            assertEquals(m.ordinal(), m.value());
            assertSame(m, BondMode.of(m.value()));
            assertSame(m, BondMode.parse(m.kernelName()));
            assertSame(m, BondMode.parse(Integer.toString(m.value())));
            assertEquals(m.kernelName(), BondOption.MODE.format((long) m.value()));
        }
        assertEquals("fault-tolerance (active-backup)", BondMode.ACTIVE_BACKUP.procName());
        assertEquals("IEEE 802.3ad Dynamic link aggregation", BondMode.IEEE_802_3AD.procName());
        assertEquals("802.3ad", BondMode.IEEE_802_3AD.toString());
        Errors.assertInvalid("bond mode 7 is not one of 0-6", () -> BondMode.of(7));
        Errors.assertInvalid("option mode: 'lacp' is not one of balance-rr, active-backup, balance-xor, broadcast, 802.3ad,"
                + " balance-tlb, balance-alb", () -> BondMode.parse("lacp"));
    }
}
