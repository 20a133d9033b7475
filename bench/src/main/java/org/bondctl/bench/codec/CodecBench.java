package org.bondctl.bench.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bondctl.bond.BondState;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.Resolver;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.LinkDecoder;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.MessageBuilder;
import org.bondctl.wire.Netlink;
import org.bondctl.wire.NlMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encode and decode cost of the seed's messages: the RTM_NEWLINK that creates bond0 with the
 * seed's options, and the kernel's RTM_NEWLINK messages for bond0 and its two ports (captured
 * from Linux 6.1 in the test bed: seed-bond-dump.bin, see CaptureDump). Run with -prof gc for
 * bytes per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBench {
    /** IFLA_BOND_* read by the flyweight decode (include/uapi/linux/if_link.h). */
    private static final int IFLA_BOND_MODE = 1;
    private static final int IFLA_BOND_ACTIVE_SLAVE = 2;
    private static final int IFLA_BOND_MIIMON = 3;
    private static final int IFLA_BOND_UPDELAY = 4;
    private static final int IFLA_BOND_PRIMARY = 11;
    private static final int IFLA_BOND_PRIMARY_RESELECT = 12;
    private static final int IFLA_BOND_SLAVE_STATE = 1;
    private static final int IFLA_BOND_SLAVE_MII_STATUS = 2;

    private static final Resolver SEED_INDEXES = new Resolver() {
        @Override
        public int ifindex(String ifname) {
            return ifname.equals("ens192") ? 3 : 5;
        }

        @Override
        public String ifname(int ifindex) {
            return ifindex == 3 ? "ens192" : ifindex == 5 ? "ens224" : null;
        }
    };

    private final MessageBuilder req = new MessageBuilder(4096);
    private BondSettings seed;
    private ByteBuffer dump;
    private int dumpLength;
    private final NlMessage msg = new NlMessage();
    private final LinkDecoder decoder = new LinkDecoder();
    private final AttrTable attrs = new AttrTable(Rtnl.IFLA_MAX_DECODED);
    private final AttrTable info = new AttrTable(Rtnl.IFLA_INFO_SLAVE_DATA);
    private final AttrTable data = new AttrTable(40);
    private final DecodedLink[] out = {new DecodedLink(), new DecodedLink(), new DecodedLink()};
    private int seq;

    /** What the flyweight decode fills in: plain fields of reused objects, no allocation. */
    public static final class DecodedLink {
        public int index;
        public int flags;
        public int master;
        public int carrier;
        public int mtu;
        public int mode = -1;
        public int miimon;
        public int updelay;
        public int primary;
        public int primaryReselect;
        public int activeSlave;
        public int portState = -1;
        public int miiStatus = -1;
        public boolean bond;
    }

    @Setup
    public void setUp() throws IOException {
        seed = BondSettings.parse(List.of("mode=active-backup", "miimon=1000", "primary=ens192",
                "primary_reselect=always", "updelay=10000"));
        byte[] raw;
        try (InputStream in = CodecBench.class.getResourceAsStream("/seed-bond-dump.bin")) {
            raw = in.readAllBytes();
        }
        dump = ByteBuffer.allocateDirect(raw.length).order(ByteOrder.nativeOrder());
        dump.put(raw).flip();
        dumpLength = raw.length;
        if (decodeLinks().size() != 3 || !decodeFlyweight()[0].bond) {
            throw new IllegalStateException("seed-bond-dump.bin is not bond0 + two ports");
        }
    }

    /** The seed's create request, as Bonds.create builds it (ifindexes already resolved). */
    @Benchmark
    public int encodeSeedNewlink() {
        req.begin(Rtnl.RTM_NEWLINK, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL | Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK)
                .ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0)
                .attrString(Rtnl.IFLA_IFNAME, "bond0")
                .nestStart(Rtnl.IFLA_LINKINFO).attrString(Rtnl.IFLA_INFO_KIND, "bond")
                .nestStart(Rtnl.IFLA_INFO_DATA);
        seed.encode(req, SEED_INDEXES);
        req.nestEnd().nestEnd();
        return req.finish(++seq);
    }

    /** The product's decode: LinkDecoder to Link records (what every dump does). */
    @Benchmark
    public List<Link> decodeLinks() {
        List<Link> links = new ArrayList<>(3);
        msg.reset(dump, dumpLength);
        while (msg.next()) {
            links.add(decoder.decode(msg));
        }
        return links;
    }

    /** The product's full decode for `bondctl show`: Link records, then the bond's state and its ports. */
    @Benchmark
    public BondState decodeBondState() {
        List<Link> links = decodeLinks();
        return BondState.of(links.get(0), links, SEED_INDEXES);
    }

    /** The wire layer alone into reused structures: NlMessage and AttrTable flyweights. */
    @Benchmark
    public DecodedLink[] decodeFlyweight() {
        msg.reset(dump, dumpLength);
        int i = 0;
        while (msg.next()) {
            DecodedLink d = out[i++];
            int p = msg.payload();
            d.index = dump.getInt(p + 4);
            d.flags = dump.getInt(p + 8);
            attrs.parse(dump, p + Rtnl.IFINFOMSG_LEN, msg.end());
            d.master = attrs.u32(Rtnl.IFLA_MASTER, 0);
            d.carrier = attrs.u8(Rtnl.IFLA_CARRIER, 0);
            d.mtu = attrs.u32(Rtnl.IFLA_MTU, 0);
            d.bond = false;
            if (info.parseNested(attrs, Rtnl.IFLA_LINKINFO)) {
                if (data.parseNested(info, Rtnl.IFLA_INFO_DATA) && info.length(Rtnl.IFLA_INFO_KIND) == 5
                        && dump.get(info.offset(Rtnl.IFLA_INFO_KIND)) == 'b') {
                    d.bond = true;
                    d.mode = data.u8(IFLA_BOND_MODE, -1);
                    d.miimon = data.u32(IFLA_BOND_MIIMON, 0);
                    d.updelay = data.u32(IFLA_BOND_UPDELAY, 0);
                    d.primary = data.u32(IFLA_BOND_PRIMARY, 0);
                    d.primaryReselect = data.u8(IFLA_BOND_PRIMARY_RESELECT, 0);
                    d.activeSlave = data.u32(IFLA_BOND_ACTIVE_SLAVE, 0);
                }
                if (data.parseNested(info, Rtnl.IFLA_INFO_SLAVE_DATA)) {
                    d.portState = data.u8(IFLA_BOND_SLAVE_STATE, -1);
                    d.miiStatus = data.u8(IFLA_BOND_SLAVE_MII_STATUS, -1);
                }
            }
        }
        return out;
    }
}
