package org.bondctl.bond.options;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Consumer;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.MessageBuilder;
import org.bondctl.wire.Netlink;

/** Test helpers: a message with one IFLA_INFO_DATA-like nest, parsed back; a map resolver. */
final class Wire {
    static final int IFLA_INFO_DATA = 2;
    static final Resolver RESOLVER = new MapResolver(Map.of("ens192", 3, "ens224", 4, "bond0", 7));

    private Wire() {}

    /** Builds a message whose only attribute is an IFLA_INFO_DATA nest filled by {@code body}. */
    static MessageBuilder nest(Consumer<MessageBuilder> body) {
        MessageBuilder b = new MessageBuilder(4096).begin(0, 0);
        b.nestStart(IFLA_INFO_DATA);
        body.accept(b);
        b.nestEnd();
        return b;
    }

    /** The nest's content indexed as the kernel's IFLA_INFO_DATA (or IFLA_INFO_SLAVE_DATA). */
    static AttrTable parse(MessageBuilder b) {
        ByteBuffer view = b.view();
        AttrTable top = new AttrTable(IFLA_INFO_DATA);
        top.parse(view, Netlink.HDRLEN, view.limit());
        AttrTable data = new AttrTable(40);
        data.parseNested(top, IFLA_INFO_DATA);
        return data;
    }

    /** Bytes after the 16-byte netlink header. */
    static byte[] payload(MessageBuilder b) {
        byte[] all = b.toBytes();
        return java.util.Arrays.copyOfRange(all, Netlink.HDRLEN, all.length);
    }

    record MapResolver(Map<String, Integer> byName) implements Resolver {
        @Override
        public int ifindex(String ifname) {
            Integer i = byName.get(ifname);
            if (i == null) {
                throw org.bondctl.error.BondctlException.notFound("interface " + ifname + ": no such interface");
            }
            return i;
        }

        @Override
        public String ifname(int ifindex) {
            return byName.entrySet().stream().filter(e -> e.getValue() == ifindex).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
        }
    }
}
