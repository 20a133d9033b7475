package org.bondctl.rtnl;

import java.util.Arrays;

/**
 * Bytes the kernel reported, kept as an immutable value: a copy taken once, equal by type and
 * content (a record's byte[] would compare by identity). Thread-safe.
 */
abstract class ByteValue {
    final byte[] bytes;

    ByteValue(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Number of bytes. */
    public final int length() {
        return bytes.length;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((ByteValue) o).bytes);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
