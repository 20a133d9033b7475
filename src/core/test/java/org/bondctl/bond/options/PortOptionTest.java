package org.bondctl.bond.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;
import org.bondctl.wire.AttrTable;
import org.junit.jupiter.api.Test;

class PortOptionTest {

    @Test
    void tableRows() {
        Set<Integer> ids = new HashSet<>();
        for (PortOption o : PortOption.values()) {
            assertTrue(ids.add(o.id()));
            assertFalse(o.help().isBlank());
            assertTrue(o.help().contains("Linux " + o.since() + "+"), o.help());
            assertSame(o, PortOption.byName(o.kernelName()));
        }
        // include/uapi/linux/if_link.h IFLA_BOND_SLAVE_*
        assertEquals(5, PortOption.QUEUE_ID.id());
        assertEquals(9, PortOption.PRIO.id());
        assertEquals(10, PortOption.ACTOR_PORT_PRIO.id());
        assertEquals("queue-id", PortOption.QUEUE_ID.nmKey());
        assertEquals("prio", PortOption.PRIO.nmKey());
        assertNull(PortOption.ACTOR_PORT_PRIO.nmKey());
        assertSame(PortOption.QUEUE_ID, PortOption.byName("queue-id"));
        assertEquals(Set.of(BondMode.ACTIVE_BACKUP, BondMode.BALANCE_TLB, BondMode.BALANCE_ALB), PortOption.PRIO.modes());
        assertEquals(Set.of(BondMode.IEEE_802_3AD), PortOption.ACTOR_PORT_PRIO.modes());
        assertTrue(PortOption.QUEUE_ID.inMode(BondMode.BROADCAST));
        Errors.assertInvalid("unknown port option 'prioo' (did you mean prio?)", () -> PortOption.byName("prioo"));
    }

    @Test
    void roundTripsThroughTheWire() {
        for (PortOption o : PortOption.values()) {
            for (String text : new String[] {"0", "1", "255", "65535"}) {
                long v = o.parse(text);
                AttrTable t = Wire.parse(Wire.nest(m -> o.encode(m, v)));
                assertEquals(v, o.decode(t), o + "=" + text);
                assertEquals(text, o.format(o.decode(t)));
            }
        }
    }

    @Test
    void prioIsSigned() {
        long v = PortOption.PRIO.parse("-5");
        assertEquals(-5L, v);
        byte[] p = Wire.payload(Wire.nest(m -> PortOption.PRIO.encode(m, v)));
        assertEquals(-5, ByteBuffer.wrap(p, 8, 4).order(ByteOrder.nativeOrder()).getInt());
        assertEquals(-5L, PortOption.PRIO.decode(Wire.parse(Wire.nest(m -> PortOption.PRIO.encode(m, v)))));
        Errors.assertInvalid("option prio: 2147483648 is out of range -2147483648 to 2147483647", () -> PortOption.PRIO.parse("2147483648"));
        Errors.assertInvalid("option queue_id: 65536 is out of range 0-65535", () -> PortOption.QUEUE_ID.parse("65536"));
        Errors.assertInvalid("option actor_port_prio: 'high' is not a number", () -> PortOption.ACTOR_PORT_PRIO.parse("high"));
    }
}
