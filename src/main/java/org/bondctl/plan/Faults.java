package org.bondctl.plan;

import org.bondctl.error.BondctlException;

/**
 * Fault injection for the tests that prove every step is undone: the system property
 * {@code bondctl.fault} = {@code fail-before-step:N} makes the N-th step of a plan fail as a
 * kernel refusal would; {@code kill-before-step:N} ends the process there as {@code kill -9}
 * would (no shutdown hook, no finally). Unset, it costs one property read per plan.
 */
final class Faults {
    private final String spec = System.getProperty("bondctl.fault");

    void beforeStep(int n) {
        if (spec == null) {
            return;
        }
        if (spec.equals("fail-before-step:" + n)) {
            throw new BondctlException(BondctlException.Kind.KERNEL, "injected fault before step " + n);
        }
        if (spec.equals("kill-before-step:" + n)) {
            Runtime.getRuntime().halt(137);
        }
    }
}
