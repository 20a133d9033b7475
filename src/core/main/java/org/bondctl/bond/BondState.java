package org.bondctl.bond;

import static org.bondctl.bond.BondAttrs.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.bond.options.Resolver;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.MacAddress;
import org.bondctl.wire.AttrTable;

/**
 * A bond and its ports, decoded from one link dump: every option the kernel reported, the
 * 802.3ad aggregator info, and each port's state. This is what {@code /proc/net/bonding}
 * shows, from netlink alone. Immutable, but for {@link #options()}, which callers must not
 * change; thread-safe to share once built.
 */
public record BondState(Link link, BondSettings options, AdInfo adInfo, List<PortState> ports) {

    /** IFLA_BOND_AD_INFO (if_link.h). */
    public record AdInfo(int aggregatorId, int numPorts, int actorKey, int partnerKey, MacAddress partnerMac) {}

    /** The bond's interface name. */
    public String name() {
        return link.name();
    }

    /** The bond's mode (balance-rr when not reported). */
    public BondMode mode() {
        return options.mode(BondMode.BALANCE_RR);
    }

    /** A number option's value, 0 when the kernel did not report it. */
    public long number(BondOption o) {
        return options.number(o, 0);
    }

    /** The option's value as text, kernel style, or null when the kernel did not report it. */
    public String text(BondOption o) {
        return options.text(o);
    }

    /** The active port's name, or null. */
    public String activePort() {
        String v = options.has(BondOption.ACTIVE_SLAVE) ? options.ifname(BondOption.ACTIVE_SLAVE) : "";
        return v.isEmpty() ? null : v;
    }

    /** The port with this name, if it is one of the bond's. */
    public java.util.Optional<PortState> port(String name) {
        return ports.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The ports' names, in this state's order. */
    public List<String> portNames() {
        return ports.stream().map(PortState::name).toList();
    }

    /**
     * This state with its ports in the given order (the bond's own, from {@link ProcFacts}); ports
     * the order does not name keep their place after the named ones.
     */
    public BondState inOrder(List<String> order) {
        List<PortState> sorted = new ArrayList<>(ports);
        sorted.sort(java.util.Comparator.comparingInt(p -> {
            int i = order.indexOf(p.name());
            return i < 0 ? Integer.MAX_VALUE : i;
        }));
        return new BondState(link, options, adInfo, List.copyOf(sorted));
    }

    /** Builds the state of {@code bond} from a dump of every link in its namespace. */
    public static BondState of(Link bond, List<Link> all, Resolver resolver) {
        AttrTable data = new AttrTable(BOND_MAX);
        BondSettings options = new BondSettings();
        AdInfo ad = null;
        if (bond.infoData() != null) {
            bond.infoData().parseInto(data);
            options = BondSettings.decode(data, resolver);
            AttrTable adt = new AttrTable(AD_INFO_PARTNER_MAC);
            if (adt.parseNested(data, IFLA_BOND_AD_INFO)) {
                ad = new AdInfo(adt.u16(AD_INFO_AGGREGATOR, 0), adt.u16(AD_INFO_NUM_PORTS, 0),
                        adt.u16(AD_INFO_ACTOR_KEY, 0), adt.u16(AD_INFO_PARTNER_KEY, 0), MacAddress.of(adt.bytes(AD_INFO_PARTNER_MAC)));
            }
        }
        List<PortState> ports = new ArrayList<>();
        for (Link l : all) {
            if (l.master() == bond.index() && l.isBondPort()) {
                ports.add(port(l));
            }
        }
        return new BondState(bond, options, ad, List.copyOf(ports));
    }

    /** The bond port state of one link (its IFLA_INFO_SLAVE_DATA). */
    public static PortState port(Link l) {
        AttrTable s = new AttrTable(SLAVE_MAX);
        Map<PortOption, Long> opts = new EnumMap<>(PortOption.class);
        if (l.slaveData() != null) {
            l.slaveData().parseInto(s);
            for (PortOption o : PortOption.values()) {
                Long v = o.decode(s);
                if (v != null) {
                    opts.put(o, v);
                }
            }
        }
        return new PortState(l,
                s.u8(SLAVE_STATE, 0),
                s.u8(SLAVE_MII_STATUS, 0),
                Integer.toUnsignedLong(s.u32(SLAVE_LINK_FAILURE_COUNT, 0)),
                MacAddress.of(s.bytes(SLAVE_PERM_HWADDR)),
                Collections.unmodifiableMap(opts),
                s.u16(SLAVE_AD_AGGREGATOR_ID, -1),
                s.u8(SLAVE_AD_ACTOR_OPER_PORT_STATE, -1),
                s.u16(SLAVE_AD_PARTNER_OPER_PORT_STATE, -1),
                s.u8(SLAVE_AD_CHURN_ACTOR_STATE, -1),
                s.u8(SLAVE_AD_CHURN_PARTNER_STATE, -1));
    }
}
