package org.bondctl.bond.options;

import static org.bondctl.bond.options.BondMode.IEEE_802_3AD;
import static org.bondctl.bond.options.OptionSpec.option;
import static org.bondctl.bond.options.WireType.S32;
import static org.bondctl.bond.options.WireType.U16;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.MessageBuilder;

/**
 * The options of one bond port, set with IFLA_INFO_SLAVE_DATA (bond_slave_policy and
 * bond_slave_changelink(), drivers/net/bonding/bond_netlink.c); ids are IFLA_BOND_SLAVE_*.
 * The other IFLA_BOND_SLAVE_* attributes are read-only state.
 */
public enum PortOption implements OptionRow {
    /** bond_option_queue_id_set(): also refuses a queue id another port already has (EPERM). */
    QUEUE_ID(option(5, "queue_id", U16, "3.18", "transmit queue id of the port, for tc queue mapping; 0 = none")
            .nmKey("queue-id")),
    /** NLA_S32; NM has bond-port.prio since 1.42.8. */
    PRIO(option(9, "prio", S32, "6.0", "failover priority of the port, higher wins when no primary is set")
            .modes(BondMode.ACTIVE_PORT_MODES)),
    /**
     * Range 0-65535: the merged code took any u16 (its table had minval 0; bonding.rst says
     * 1-65535), and after fix 067bf016e99a it is RAWVAL. Before that fix, setting exactly 0,
     * 255 or 65535 dereferenced NULL in the kernel.
     */
    ACTOR_PORT_PRIO(option(10, "actor_port_prio", U16, "6.18", "LACP actor port priority, used by ad_select actor_port_prio")
            .modes(IEEE_802_3AD)
            .nmKey(null)
            .reportedOnlyWhen("the bond is in 802.3ad mode"));

    /** The row; read through {@link OptionRow}. */
    final OptionSpec spec;

    PortOption(OptionSpec spec) {
        this.spec = spec;
    }

    /** Text to the value (every port option is a number); throws INVALID naming the option. */
    public long parse(String text) {
        return (Long) spec.parse(text);
    }

    /** The value as ip prints it. */
    public String format(long value) {
        return spec.format(value);
    }

    /** Writes the attribute; call inside the IFLA_INFO_SLAVE_DATA nest. The value is checked first. */
    public void encode(MessageBuilder b, long value) {
        spec.encode(b, value, null);
    }

    /** The value from a parsed IFLA_INFO_SLAVE_DATA, or null when absent. */
    public Long decode(AttrTable slaveData) {
        return (Long) spec.decode(slaveData, null);
    }

    /**
     * "name=value" items, nmcli's comma form too ({@link OptionPairs}), to values in the order
     * given; names may be NM keys ("queue-id"); naming an option twice is an error.
     */
    public static Map<PortOption, Long> parseAll(List<String> items) {
        Map<PortOption, Long> out = new LinkedHashMap<>();
        OptionPairs.parse(items, PortOption::byName, PortOption::kernelName, (o, v) -> out.put(o, o.parse(v)));
        return out;
    }

    /** By kernel name or NM key ("queue-id"); '-' may stand for '_'. */
    public static PortOption byName(String name) {
        return OptionNames.lookup("port option", name, values(), o -> o.spec);
    }
}
