package org.bondctl.monitor;

import org.bondctl.error.Errno;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.wire.MessageBuilder;
import org.bondctl.wire.NetlinkSocket;

/**
 * Sends a forged RTM_NEWLINK (a bond "bond0" without carrier) to a netlink port, as any local
 * process may try. Run as its own JVM by the foreign-sender test, unprivileged. Exit 0 when
 * sent, 3 when the kernel refused it (EPERM), 1 otherwise.
 */
public final class ForgeLinkMessage {
    private ForgeLinkMessage() {}

    public static void main(String[] args) {
        int port = Integer.parseUnsignedInt(args[0]);
        try (NetlinkSocket s = NetlinkSocket.open(null, 0)) {
            int n = s.sendTo(port, forged());
            System.out.println(n > 0 ? "sent " + n : "refused: " + Errno.describe(-n));
            System.exit(n > 0 ? 0 : n == -Errno.EPERM ? 3 : 1);
        }
    }

    static MessageBuilder forged() {
        MessageBuilder b = new MessageBuilder(512);
        b.begin(Rtnl.RTM_NEWLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, 4242, Rtnl.IFF_UP | Rtnl.IFF_MASTER, 0)
                .attrString(Rtnl.IFLA_IFNAME, "bond0").attrU8(Rtnl.IFLA_CARRIER, 0)
                .nestStart(Rtnl.IFLA_LINKINFO).attrString(Rtnl.IFLA_INFO_KIND, "bond")
                .nestStart(Rtnl.IFLA_INFO_DATA).attrU8(1, 1).attrU32(2, 4243).nestEnd().nestEnd();
        b.finish(1);
        return b;
    }
}
