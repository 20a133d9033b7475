package org.bondctl.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The warm-up runs the accelerator's whole path, decision included, once per carrier loss of an active port. */
class WarmUpTest {
    @Test
    void everyCycleDecidesTwoSwitches() {
        assertEquals(2 * WarmUp.CYCLES, WarmUp.run());
    }
}
