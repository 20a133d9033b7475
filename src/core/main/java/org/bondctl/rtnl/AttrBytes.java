package org.bondctl.rtnl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bondctl.wire.AttrTable;

/**
 * The raw attribute stream of a nest the link layer does not decode itself
 * (IFLA_INFO_DATA, IFLA_INFO_SLAVE_DATA), kept for the layer that knows the kind (bond, vlan):
 * immutable, equal by its bytes. Thread-safe (immutable).
 */
public final class AttrBytes extends ByteValue {
    private AttrBytes(byte[] bytes) {
        super(bytes);
    }

    /** A copy of {@code bytes}; null for null (the kernel sent no such nest). */
    public static AttrBytes of(byte[] bytes) {
        return bytes == null ? null : new AttrBytes(bytes.clone());
    }

    /** Indexes the attributes into {@code table} (reused by the caller) and returns it. */
    public AttrTable parseInto(AttrTable table) {
        table.parse(ByteBuffer.wrap(bytes).asReadOnlyBuffer().order(ByteOrder.nativeOrder()), 0, bytes.length);
        return table;
    }

    @Override
    public String toString() {
        return bytes.length + " bytes of attributes";
    }
}
