package org.bondctl.bond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.bondctl.bond.options.BondOption;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.MessageBuilder;
import org.bondctl.wire.Netlink;
import org.junit.jupiter.api.Test;

/**
 * The accelerator's switch request, built once and reused: each use must be exactly
 * {@code ip link set BOND type bond active_slave PORT} for the indexes of that use. The kernel's
 * side (the switch made) is MonitorKernelTest's.
 */
class ActivePortSwitchTest {

    /** The bond and port indexes the request carries, after checking its whole layout. */
    private static int[] decode(MessageBuilder m) {
        ByteBuffer buf = m.view();
        assertEquals(m.length(), buf.getInt(0), "nlmsg_len");
        assertEquals(Rtnl.RTM_NEWLINK, buf.getShort(4));
        assertEquals(Rtnl.AF_UNSPEC, buf.get(Netlink.HDRLEN), "ifi_family");
        AttrTable top = new AttrTable(Rtnl.IFLA_LINKINFO + 1).parse(buf, Netlink.HDRLEN + 16, buf.limit());
        AttrTable info = new AttrTable(Rtnl.IFLA_INFO_DATA + 1);
        assertTrue(info.parseNested(top, Rtnl.IFLA_LINKINFO));
        assertEquals("bond", info.string(Rtnl.IFLA_INFO_KIND));
        AttrTable data = new AttrTable(BondOption.ACTIVE_SLAVE.id() + 1);
        assertTrue(data.parseNested(info, Rtnl.IFLA_INFO_DATA));
        return new int[] {buf.getInt(Netlink.HDRLEN + 4), data.u32(BondOption.ACTIVE_SLAVE.id())};
    }

    @Test
    void everyUseCarriesItsOwnIndexes() {
        ActivePortSwitch s = new ActivePortSwitch();
        MessageBuilder first = s.build(7, 9);
        first.addFlags(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
        int length = first.finish(41); // as a request finishes it before sending
        assertEquals(7, decode(first)[0]);
        assertEquals(9, decode(first)[1]);
        MessageBuilder second = s.build(300, 2);
        assertEquals(length, second.finish(42), "the same request, not one appended to the last");
        assertEquals(300, decode(second)[0]);
        assertEquals(2, decode(second)[1]);
        assertEquals(42, second.view().getInt(8), "nlmsg_seq");
    }

    @Test
    void aPatchPastTheMessageIsRefused() {
        MessageBuilder b = new MessageBuilder(64);
        b.begin(Rtnl.RTM_NEWLINK, 0).attrU32(1, 5);
        b.patchInt(b.length() - 4, 6);
        assertEquals(6, b.view().getInt(b.length() - 4));
        assertThrows(IndexOutOfBoundsException.class, () -> b.patchInt(b.length() - 3, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.patchInt(-1, 1));
    }
}
