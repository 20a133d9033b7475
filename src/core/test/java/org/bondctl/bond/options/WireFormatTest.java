package org.bondctl.bond.options;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.MessageBuilder;
import org.bondctl.wire.Netlink;
import org.junit.jupiter.api.Test;

/** Byte-exact attributes, as bond_policy (bond_netlink.c) expects them. */
class WireFormatTest {

    /** One attribute header in host order followed by {@code payload} and padding. */
    private static byte[] attr(int type, int... bytes) {
        byte[] payload = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            payload[i] = (byte) bytes[i];
        }
        return attr(type, payload);
    }

    private static byte[] attr(int type, byte[] payload) {
        int len = 4 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(Netlink.align(len)).order(ByteOrder.nativeOrder());
        b.putShort((short) len).putShort((short) type).put(payload);
        return b.array();
    }

    private static byte[] only(MessageBuilder b) {
        byte[] p = Wire.payload(b);
        return java.util.Arrays.copyOfRange(p, 4, p.length); // skip the IFLA_INFO_DATA nest header
    }

    @Test
    void modeIsOneByteAttributePaddedToEight() {
        MessageBuilder b = Wire.nest(m -> BondOption.MODE.encode(m, BondOption.MODE.parse("active-backup"), Wire.RESOLVER));
        byte[] got = only(b);
        assertArrayEquals(attr(1, 1), got);
        assertEquals(8, got.length);
        assertEquals(5, ByteBuffer.wrap(got).order(ByteOrder.nativeOrder()).getShort(0));
    }

    @Test
    void numbersUseTheirPolicyWidth() {
        ByteBuffer u32 = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(1000);
        assertArrayEquals(attr(3, u32.array()), only(Wire.nest(m -> BondOption.MIIMON.encode(m, 1000L, Wire.RESOLVER))));
        ByteBuffer u16 = ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) 65535);
        assertArrayEquals(attr(24, u16.array()),
                only(Wire.nest(m -> BondOption.AD_ACTOR_SYS_PRIO.encode(m, 65535L, Wire.RESOLVER))));
        // arp_validate and arp_all_targets are NLA_U32 although their values are tiny
        ByteBuffer v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(3);
        assertArrayEquals(attr(9, v.array()),
                only(Wire.nest(m -> BondOption.ARP_VALIDATE.encode(m, BondOption.ARP_VALIDATE.parse("all"), Wire.RESOLVER))));
    }

    @Test
    void primaryIsTheIfindexOfTheName() {
        ByteBuffer idx = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(3);
        assertArrayEquals(attr(11, idx.array()), only(Wire.nest(m -> BondOption.PRIMARY.encode(m, "ens192", Wire.RESOLVER))));
        assertArrayEquals(attr(11, new byte[4]), only(Wire.nest(m -> BondOption.PRIMARY.encode(m, "", Wire.RESOLVER))));
        Errors.assertNotFound(() -> Wire.nest(m -> BondOption.PRIMARY.encode(m, "ens999", Wire.RESOLVER)));
    }

    @Test
    void arpTargetsAreNestedWithSlotIndexTypesAndBigEndianAddresses() {
        Object targets = BondOption.ARP_IP_TARGET.parse("192.0.2.1,198.51.100.7");
        byte[] got = only(Wire.nest(m -> BondOption.ARP_IP_TARGET.encode(m, targets, Wire.RESOLVER)));
        byte[] e0 = attr(0, 192, 0, 2, 1);
        byte[] e1 = attr(1, 198, 51, 100, 7);
        ByteBuffer expected = ByteBuffer.allocate(4 + e0.length + e1.length).order(ByteOrder.nativeOrder());
        expected.putShort((short) (4 + e0.length + e1.length)).putShort((short) (8 | Netlink.NLA_F_NESTED)).put(e0).put(e1);
        assertArrayEquals(expected.array(), got);
    }

    @Test
    void emptyTargetListIsAnEmptyNestThatClears() {
        byte[] got = only(Wire.nest(m -> BondOption.ARP_IP_TARGET.encode(m, BondOption.ARP_IP_TARGET.parse(""), Wire.RESOLVER)));
        ByteBuffer expected = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
        expected.putShort((short) 4).putShort((short) (8 | Netlink.NLA_F_NESTED));
        assertArrayEquals(expected.array(), got);
    }

    @Test
    void nsTargetsCarrySixteenBytes() {
        byte[] got = only(Wire.nest(m -> BondOption.NS_IP6_TARGET.encode(m, BondOption.NS_IP6_TARGET.parse("2001:db8::1"),
                Wire.RESOLVER)));
        assertEquals(4 + 4 + 16, got.length);
        assertEquals(0x20, got[8] & 0xff);
        assertEquals(1, got[8 + 15]);
    }

    @Test
    void adActorSystemIsSixBytes() {
        byte[] got = only(Wire.nest(m -> BondOption.AD_ACTOR_SYSTEM.encode(m,
                BondOption.AD_ACTOR_SYSTEM.parse("00:11:22:33:44:55"), Wire.RESOLVER)));
        assertArrayEquals(attr(26, 0, 0x11, 0x22, 0x33, 0x44, 0x55), got);
        assertEquals(10, ByteBuffer.wrap(got).order(ByteOrder.nativeOrder()).getShort(0));
    }

    @Test
    void decodesWhatTheKernelDumps() {
        // bond_fill_info() shape: u8 mode, u32 miimon, a target nest, u16 sys prio
        MessageBuilder b = Wire.nest(m -> {
            m.attrU8(1, 4).attrU32(3, 100).attrU16(24, 65535);
            m.nestStart(8).attrBytes(0, new byte[] {10, 0, 0, 1}).attrBytes(3, new byte[] {10, 0, 0, 2}).nestEnd();
        });
        AttrTable t = Wire.parse(b);
        assertEquals(BondMode.IEEE_802_3AD, BondMode.of(((Long) BondOption.MODE.decode(t, Wire.RESOLVER)).intValue()));
        assertEquals(100L, BondOption.MIIMON.decode(t, Wire.RESOLVER));
        assertEquals(65535L, BondOption.AD_ACTOR_SYS_PRIO.decode(t, Wire.RESOLVER));
        assertEquals("10.0.0.1,10.0.0.2", BondOption.ARP_IP_TARGET.format(BondOption.ARP_IP_TARGET.decode(t, Wire.RESOLVER)));
    }

    /** The event path's readers read what decode reads, at each row's own width, absent as asked. */
    @Test
    void readersOnTheRowsReadTheRowsWidth() {
        AttrTable t = Wire.parse(Wire.nest(b -> {
            BondOption.MODE.encode(b, 4L, Wire.RESOLVER);
            b.attrU32(BondOption.MIIMON.id(), 0xfffffffe); // a value above the table's range, as a newer kernel might send
            BondOption.AD_ACTOR_SYS_PRIO.encode(b, 65535L, Wire.RESOLVER);
            BondOption.PRIMARY.encode(b, "ens224", Wire.RESOLVER);
        }));
        assertEquals(4, BondOption.MODE.read(t, -1));
        assertEquals(0xfffffffeL, BondOption.MIIMON.read(t, -1));
        assertEquals(65535, BondOption.AD_ACTOR_SYS_PRIO.read(t, -1));
        assertEquals(4, BondOption.PRIMARY.read(t, -1), "the ifindex");
        assertEquals(-1, BondOption.UPDELAY.read(t, -1), "not sent");
        AttrTable p = Wire.parse(Wire.nest(b -> PortOption.PRIO.encode(b, -5L)));
        assertEquals(-5, PortOption.PRIO.read(p, 0), "S32 is signed");
    }
}
