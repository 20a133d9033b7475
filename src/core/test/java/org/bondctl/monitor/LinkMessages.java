package org.bondctl.monitor;

import org.bondctl.bond.BondAttrs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bondctl.bond.BondState;
import org.bondctl.bond.options.BondOption;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.wire.MessageBuilder;

/**
 * RTM_NEWLINK/DELLINK messages as the kernel sends them for bonds and ports, for replay tests
 * and the dispatch benchmark (bench/ uses it from the test jar). Each call returns a new direct
 * buffer in native byte order holding one message.
 */
public final class LinkMessages {
    /** The ifindexes of {@link #seedBond} and {@link #failoverCycle}. */
    public static final int BOND = 10;
    public static final int P192 = 3;
    public static final int P224 = 5;

    private final MessageBuilder b = new MessageBuilder(4096);

    /**
     * bond0 (active-backup, miimon 100) appears, ens192 and ens224 appear and are enslaved
     * (ens224 as backup), ens192 becomes active: six messages.
     */
    public ByteBuffer[] seedBond() {
        return new ByteBuffer[] {
            bond(BOND, "bond0", true, 1, 0, 100, 0),
            port(P192, "ens192", 0, true, 0, 0, 0),
            port(P224, "ens224", 0, true, 0, 0, 0),
            port(P192, "ens192", BOND, true, 0, 0, 0),
            port(P224, "ens224", BOND, true, 0, 1, 0),
            bond(BOND, "bond0", true, 1, P192, 100, 0),
        };
    }

    /**
     * After {@link #seedBond}, a steady state that comes back to where it started: ens192 loses
     * carrier, goes MII down, ens224 becomes active, ens192 returns (going back, up); then the
     * same for ens224. Every message changes something: twelve messages, each an event.
     */
    public ByteBuffer[] failoverCycle() {
        return new ByteBuffer[] {
            port(P192, "ens192", BOND, false, 0, 0, 0),
            port(P192, "ens192", BOND, false, 2, 1, 1),
            port(P224, "ens224", BOND, true, 0, 0, 0),
            bond(BOND, "bond0", true, 1, P224, 100, 0),
            port(P192, "ens192", BOND, true, 3, 1, 1),
            port(P192, "ens192", BOND, true, 0, 1, 1),
            port(P224, "ens224", BOND, false, 0, 0, 1),
            port(P224, "ens224", BOND, false, 2, 1, 1),
            port(P192, "ens192", BOND, true, 0, 0, 1),
            bond(BOND, "bond0", true, 1, P192, 100, 0),
            port(P224, "ens224", BOND, true, 3, 1, 1),
            port(P224, "ens224", BOND, true, 0, 1, 1),
        };
    }

    /** A bond: mode, active port, miimon, primary. */
    public ByteBuffer bond(int index, String name, boolean carrier, int mode, int active, int miimon, int primary) {
        b.begin(Rtnl.RTM_NEWLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, index, Rtnl.IFF_UP | Rtnl.IFF_MASTER
                | (carrier ? Rtnl.IFF_LOWER_UP : 0), 0)
                .attrString(Rtnl.IFLA_IFNAME, name).attrU8(Rtnl.IFLA_OPERSTATE, carrier ? 6 : 2)
                .attrU8(Rtnl.IFLA_CARRIER, carrier ? 1 : 0)
                .nestStart(Rtnl.IFLA_LINKINFO).attrString(Rtnl.IFLA_INFO_KIND, "bond")
                .nestStart(Rtnl.IFLA_INFO_DATA).attrU8(BondOption.MODE.id(), mode);
        if (active != 0) {
            b.attrU32(BondOption.ACTIVE_SLAVE.id(), active);
        }
        b.attrU32(BondOption.MIIMON.id(), miimon).attrU32(BondOption.UPDELAY.id(), 0)
                .attrU32(BondOption.DOWNDELAY.id(), 0);
        if (primary != 0) {
            b.attrU32(BondOption.PRIMARY.id(), primary);
        }
        b.attrU8(BondOption.PRIMARY_RESELECT.id(), 0).nestEnd().nestEnd();
        return done();
    }

    /** A bond port: carrier, MII status (MiiStatus), state (0 active, 1 backup), link failure count. */
    public ByteBuffer port(int index, String name, int master, boolean carrier, int mii, int state, int failures) {
        b.begin(Rtnl.RTM_NEWLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, index, Rtnl.IFF_UP | Rtnl.IFF_SLAVE
                | (carrier ? Rtnl.IFF_LOWER_UP : 0), 0)
                .attrString(Rtnl.IFLA_IFNAME, name).attrU8(Rtnl.IFLA_OPERSTATE, carrier ? 6 : 7)
                .attrU8(Rtnl.IFLA_CARRIER, carrier ? 1 : 0);
        if (master != 0) {
            b.attrU32(Rtnl.IFLA_MASTER, master);
        }
        b.nestStart(Rtnl.IFLA_LINKINFO).attrString(Rtnl.IFLA_INFO_KIND, "veth");
        if (master != 0) {
            b.attrString(Rtnl.IFLA_INFO_SLAVE_KIND, "bond").nestStart(Rtnl.IFLA_INFO_SLAVE_DATA)
                    .attrU8(BondAttrs.SLAVE_STATE, state)
                    .attrU8(BondAttrs.SLAVE_MII_STATUS, mii).attrU32(BondAttrs.SLAVE_LINK_FAILURE_COUNT, failures).nestEnd();
        }
        b.nestEnd();
        return done();
    }

    public ByteBuffer delete(int index, String name) {
        b.begin(Rtnl.RTM_DELLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, index, 0, 0).attrString(Rtnl.IFLA_IFNAME, name);
        return done();
    }

    private ByteBuffer done() {
        b.finish(0);
        byte[] bytes = b.toBytes();
        ByteBuffer d = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.nativeOrder());
        d.put(0, bytes);
        return d;
    }
}
