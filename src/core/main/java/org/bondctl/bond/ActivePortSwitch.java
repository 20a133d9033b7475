package org.bondctl.bond;

import org.bondctl.bond.options.BondOption;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.wire.MessageBuilder;
import org.bondctl.wire.Netlink;
import org.bondctl.wire.NetlinkSocket;

/**
 * Makes a port the bond's active one, by ifindex. The kernel accepts it in active-backup,
 * balance-tlb and balance-alb when the port is up, has carrier and the MII monitor marked its
 * link up; otherwise it answers EINVAL (bond_option_active_slave_set, bond_options.c).
 * Equivalent to: {@code ip link set BOND type bond active_slave PORT}.
 * <p>
 * The monitor's accelerator sends it on its event thread between a carrier loss and the switch,
 * where every piece of code touched counts: the request is built once, and each switch only
 * writes the two ifindexes into it. Building it there (eight builder calls, each more code to
 * fetch into a cold cache) cost ~6 us of the ~30 from the receive to the send in User-Mode
 * Linux (bench/README, "The switch request, built before it is needed").
 */
public final class ActivePortSwitch {
    private static final String KIND = "bond";
    /** ifinfomsg.ifi_index: behind the nlmsghdr, its family, pad and type (include/uapi/linux/rtnetlink.h). */
    private static final int BOND_AT = Netlink.HDRLEN + 4;
    private final MessageBuilder req = new MessageBuilder(256);
    /** Where IFLA_BOND_ACTIVE_SLAVE's value is. */
    private final int portAt;

    public ActivePortSwitch() {
        req.begin(Rtnl.RTM_NEWLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0)
                .nestStart(Rtnl.IFLA_LINKINFO).attrString(Rtnl.IFLA_INFO_KIND, KIND)
                .nestStart(Rtnl.IFLA_INFO_DATA).attrU32(BondOption.ACTIVE_SLAVE.id(), 0);
        portAt = req.length() - 4;
        req.nestEnd().nestEnd();
    }

    /** Sends the request and waits for the kernel's answer; throws NetlinkException when refused. */
    public void switchTo(NetlinkSocket socket, int bondIndex, int portIndex) {
        socket.request(build(bondIndex, portIndex), "set active port", null);
    }

    /** The request, not sent (the monitor's warm-up builds it to have the JIT compile it). */
    public MessageBuilder build(int bondIndex, int portIndex) {
        return req.patchInt(BOND_AT, bondIndex).patchInt(portAt, portIndex);
    }
}
