package org.bondctl.bench.e2e;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.wire.MessageBuilder;
import org.bondctl.wire.NetlinkSocket;

/**
 * Writes the kernel's RTM_NEWLINK messages for the seed's bond0, ens192 and ens224 (one after
 * the other, as in a dump datagram) to a file: the decode benchmark's input
 * (bench/src/main/resources/seed-bond-dump.bin). Run inside the test bed, where veths
 * ens192/p192 and ens224/p224 exist with the peers up (bench/e2e/guest-bench does it).
 */
public final class CaptureDump {
    private CaptureDump() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Seed.reset();
        Seed.run(Path.of("/tmp/capture-resolv.conf"));
        Thread.sleep(200); // let the port states settle (MII status, active/backup)
        ByteBuffer all = ByteBuffer.allocate(64 * 1024);
        try (NetlinkSocket s = NetlinkSocket.open()) {
            MessageBuilder req = new MessageBuilder();
            for (String name : List.of("bond0", "ens192", "ens224")) {
                req.begin(Rtnl.RTM_GETLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0).attrString(Rtnl.IFLA_IFNAME, name);
                s.request(req, "get " + name, m -> {
                    ByteBuffer b = m.buffer().duplicate();
                    b.position(m.offset()).limit(m.end());
                    all.put(b);
                    while (all.position() % 4 != 0) {
                        all.put((byte) 0);
                    }
                });
            }
        }
        Seed.reset();
        Files.write(out, java.util.Arrays.copyOf(all.array(), all.position()));
        System.out.println("wrote " + all.position() + " bytes to " + out);
    }
}
