package org.bondctl.bond;

import org.bondctl.bond.options.BondOption;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.wire.MessageBuilder;
import org.bondctl.wire.NetlinkSocket;

/**
 * Makes a port the bond's active one, by ifindex, with a request buffer kept for reuse (the
 * monitor's accelerator sends it on its event thread). The kernel accepts it in active-backup,
 * balance-tlb and balance-alb when the port is up, has carrier and the MII monitor marked its
 * link up; otherwise it answers EINVAL (bond_option_active_slave_set, bond_options.c).
 * Equivalent to: {@code ip link set BOND type bond active_slave PORT}.
 */
public final class ActivePortSwitch {
    private static final String KIND = "bond";
    private final MessageBuilder req = new MessageBuilder(256);

    /** Sends the request and waits for the kernel's answer; throws NetlinkException when refused. */
    public void switchTo(NetlinkSocket socket, int bondIndex, int portIndex) {
        req.begin(Rtnl.RTM_NEWLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, bondIndex, 0, 0)
                .nestStart(Rtnl.IFLA_LINKINFO).attrString(Rtnl.IFLA_INFO_KIND, KIND)
                .nestStart(Rtnl.IFLA_INFO_DATA).attrU32(BondOption.ACTIVE_SLAVE.id(), portIndex)
                .nestEnd().nestEnd();
        socket.request(req, "set active port", null);
    }
}
