package org.bondctl.bond.options;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.bondctl.bond.MiiStatus;
import org.junit.jupiter.api.Test;

/** The named mode set agrees with the option table's rows; the MII words are /proc's. */
class BondModeTest {
    @Test
    void modesThatUsePrimaryAreTheModesOfPrimaryAndActiveSlave() {
        Set<BondMode> uses = Arrays.stream(BondMode.values()).filter(BondMode::usesPrimary).collect(Collectors.toSet());
        assertEquals(Set.of(BondMode.ACTIVE_BACKUP, BondMode.BALANCE_TLB, BondMode.BALANCE_ALB), uses);
        assertEquals(uses, BondOption.PRIMARY.modes());
        assertEquals(uses, BondOption.ACTIVE_SLAVE.modes());
    }

    @Test
    void miiStatusWords() {
        assertEquals("up", MiiStatus.name(MiiStatus.UP));
        assertEquals("going down", MiiStatus.name(MiiStatus.GOING_DOWN));
        assertEquals("down", MiiStatus.name(MiiStatus.DOWN));
        assertEquals("going back", MiiStatus.name(MiiStatus.GOING_BACK));
        assertEquals("unknown(4)", MiiStatus.name(4));
        assertEquals(4, MiiStatus.COUNT);
    }
}
