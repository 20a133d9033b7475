package org.bondctl.bond.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.bondctl.error.BondctlException;
import org.junit.jupiter.api.function.Executable;

final class Errors {
    private Errors() {}

    /** Asserts an INVALID error with exactly this one-line message. */
    static void assertInvalid(String message, Executable e) {
        BondctlException x = assertThrows(BondctlException.class, e);
        assertEquals(BondctlException.Kind.INVALID, x.kind(), x.getMessage());
        assertEquals(message, x.getMessage());
    }

    static void assertNotFound(Executable e) {
        BondctlException x = assertThrows(BondctlException.class, e);
        assertEquals(BondctlException.Kind.NOT_FOUND, x.kind(), x.getMessage());
    }
}
