package org.bondctl.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Byte-level encoding and decoding; no kernel involved. */
class WireTest {

    @Test
    void headerAndAttributesAreLaidOutAsTheKernelExpects() {
        MessageBuilder b = new MessageBuilder(256);
        b.begin(16, Netlink.NLM_F_REQUEST).ifinfomsg(0, 7, 1, 1).attrU8(1, 1).attrString(3, "bond0");
        int len = b.finish(42);
        byte[] bytes = b.toBytes();
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        assertEquals(16 + 16 + 8 + 12, len);
        assertEquals(len, buf.getInt(0));
        assertEquals(16, buf.getShort(4));
        assertEquals(Netlink.NLM_F_REQUEST, buf.getShort(6));
        assertEquals(42, buf.getInt(8));
        assertEquals(7, buf.getInt(16 + 4), "ifi_index");
        // u8 attribute: len 5, type 1, value, 3 pad bytes
        assertEquals(5, buf.getShort(32));
        assertEquals(1, buf.getShort(34));
        assertEquals(1, buf.get(36));
        assertEquals(0, buf.get(37));
        // string attribute: "bond0\0" = 6 bytes, len 10, padded to 12
        assertEquals(10, buf.getShort(40));
        assertEquals('b', buf.get(44));
        assertEquals(0, buf.get(49));
    }

    @Test
    void nestedAttributesRoundTrip() {
        MessageBuilder b = new MessageBuilder(256);
        b.begin(16, 0).nestStart(18).attrString(1, "bond").nestStart(2).attrU32(3, 1000).attrU64(9, -2L)
                .attrBytes(25, new byte[] {1, 2, 3, 4, 5, 6}).attrFlag(7).nestEnd().nestEnd();
        b.finish(1);
        ByteBuffer buf = b.view();
        AttrTable top = new AttrTable(20).parse(buf, 16, buf.limit());
        assertTrue(top.has(18));
        assertEquals(Netlink.NLA_F_NESTED, buf.getShort(18) & Netlink.NLA_F_NESTED, "nest flag set");
        AttrTable info = new AttrTable(5);
        assertTrue(info.parseNested(top, 18));
        assertEquals("bond", info.string(1));
        AttrTable data = new AttrTable(30);
        assertTrue(data.parseNested(info, 2));
        assertEquals(1000, data.u32(3));
        assertEquals(-2L, data.u64(9));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, data.bytes(25));
        assertEquals(0, data.length(7));
        assertFalse(data.has(4));
        assertNull(data.string(4));
        assertEquals(-1, data.u32(4, -1));
    }

    @Test
    void unknownTypesAreSkippedAndRepeatedTypesIterate() {
        MessageBuilder b = new MessageBuilder(256);
        b.begin(1, 0).nestStart(8).attrU32(0, 10).attrU32(1, 11).attrU32(2, 12).nestEnd().attrU32(60, 5);
        b.finish(1);
        ByteBuffer buf = b.view();
        AttrTable t = new AttrTable(10).parse(buf, 16, buf.limit());
        assertFalse(t.has(60));
        AttrIterator it = new AttrIterator().reset(t, 8);
        int sum = 0;
        int count = 0;
        while (it.next()) {
            assertEquals(count, it.type());
            sum += it.u32();
            count++;
        }
        assertEquals(3, count);
        assertEquals(33, sum);
    }

    @Test
    void truncatedAndOverrunningInputIsAParseError() {
        ByteBuffer buf = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        buf.putShort(0, (short) 40).putShort(2, (short) 1); // claims 40 bytes in a 20-byte stream
        assertThrows(NetlinkParseException.class, () -> new AttrTable(4).parse(buf, 0, 20));
        buf.putShort(0, (short) 2); // shorter than its own header
        assertThrows(NetlinkParseException.class, () -> new AttrTable(4).parse(buf, 0, 20));
        buf.putShort(0, (short) 5).put(4, (byte) 9);
        AttrTable t = new AttrTable(4).parse(buf, 0, 8);
        assertThrows(NetlinkParseException.class, () -> t.u32(1), "u32 from a 1-byte attribute");

        NlMessage m = new NlMessage().reset(buf, 10);
        assertThrows(NetlinkParseException.class, m::next, "header cut short");
        buf.putInt(0, 1000);
        NlMessage m2 = new NlMessage().reset(buf, 64);
        assertThrows(NetlinkParseException.class, m2::next, "length beyond the datagram");
        buf.putInt(0, 0x8000_0010);
        NlMessage m3 = new NlMessage().reset(buf, 64);
        assertThrows(NetlinkParseException.class, m3::next, "negative length");
    }

    @Test
    void multiPartDatagramWalksEveryMessage() {
        MessageBuilder b = new MessageBuilder(128);
        ByteBuffer dgram = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
        for (int i = 0; i < 3; i++) {
            b.begin(16 + i, Netlink.NLM_F_MULTI).u8(i).pad();
            b.finish(100 + i);
            dgram.put(b.toBytes());
        }
        NlMessage m = new NlMessage().reset(dgram, dgram.position());
        int n = 0;
        while (m.next()) {
            assertEquals(16 + n, m.type());
            assertEquals(100 + n, m.seq());
            assertEquals(n, dgram.get(m.payload()));
            n++;
        }
        assertEquals(3, n);
    }

    /** Random and mutated input: only NetlinkParseException, never another throwable, never a hang. */
    @Test
    void fuzzedInputOnlyRaisesParseErrors() {
        Random rnd = new Random(20261126);
        MessageBuilder b = new MessageBuilder(512);
        b.begin(16, 0).ifinfomsg(0, 3, 0, 0).attrString(3, "bond0")
                .nestStart(18).attrString(1, "bond").nestStart(2).attrU8(1, 1).attrU32(3, 100)
                .nestStart(8).attrBytes(0, new byte[] {(byte) 192, 0, 2, 1}).nestEnd().nestEnd().nestEnd();
        b.finish(1);
        byte[] valid = b.toBytes();
        AttrTable t = new AttrTable(60);
        AttrTable inner = new AttrTable(10);
        AttrIterator it = new AttrIterator();
        NlMessage m = new NlMessage();
        int decoded = 0;
        int refused = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] data = round % 2 == 0 ? valid.clone() : new byte[rnd.nextInt(96)];
            if (round % 2 == 0) {
                for (int k = 1 + rnd.nextInt(2); k > 0; k--) {
                    data[rnd.nextInt(data.length)] = (byte) rnd.nextInt(256);
                }
            } else {
                rnd.nextBytes(data);
            }
            // a mutated message whole most of the time (its attributes get decoded), else cut anywhere
            int len = round % 2 == 0 && round % 10 != 0 ? data.length : rnd.nextInt(data.length + 1);
            ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
            try {
                m.reset(buf, len);
                while (m.next()) {
                    if (m.length() < 32) {
                        continue;
                    }
                    t.parse(buf, m.payload() + 16, m.end());
                    t.string(3);
                    if (inner.parseNested(t, 18)) {
                        inner.string(1);
                        it.reset(inner, 2);
                        while (it.next()) {
                            it.bytes();
                        }
                    }
                    decoded++;
                }
            } catch (NetlinkParseException expected) {
                refused++; // the only acceptable failure
            }
        }
        // both outcomes happen: the decoder reads what holds together and refuses what does not
        final int d = decoded;
        final int r = refused;
        assertTrue(d > 1000 && r > 1000, () -> "decoded " + d + ", refused " + r);
    }
}
