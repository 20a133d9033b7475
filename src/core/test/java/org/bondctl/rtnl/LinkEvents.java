package org.bondctl.rtnl;

import java.util.ArrayList;
import java.util.List;
import org.bondctl.error.Errno;
import org.bondctl.wire.NetlinkSocket;
import org.bondctl.wire.NlMessage;

/**
 * The link events (RTNLGRP_LINK) of one network namespace from the moment this is opened: the
 * proof that a refused command changed no link (every link created, changed or deleted is
 * announced there: rtnl_notify in net/core/rtnetlink.c).
 */
public final class LinkEvents implements AutoCloseable {
    private final NetlinkSocket socket;

    public LinkEvents(String netns) {
        socket = NetlinkSocket.open(netns, NetlinkSocket.DEFAULT_RCVBUF);
        socket.join(Rtnl.RTNLGRP_LINK);
    }

    /**
     * The events about {@code ifname} that arrived by now, waiting 200 ms for stragglers, as
     * "new bond1"/"del bond1"; "overflow" when events were lost (which may have named it).
     */
    public List<String> about(String ifname) {
        List<String> out = new ArrayList<>();
        NlMessage m = new NlMessage();
        LinkDecoder d = new LinkDecoder();
        for (int n = socket.receive(200); n != -Errno.EAGAIN; n = socket.receive(200)) {
            if (n < 0) {
                out.add("overflow (errno " + -n + ")");
                continue;
            }
            m.reset(socket.rxBuffer(), n);
            while (m.next()) {
                if ((m.type() == Rtnl.RTM_NEWLINK || m.type() == Rtnl.RTM_DELLINK) && ifname.equals(d.decode(m).name())) {
                    out.add((m.type() == Rtnl.RTM_NEWLINK ? "new " : "del ") + ifname);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        socket.close();
    }
}
