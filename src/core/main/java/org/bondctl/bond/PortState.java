package org.bondctl.bond;

import java.util.Map;
import org.bondctl.bond.options.PortOption;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.MacAddress;

/**
 * A bond port as the kernel reports it (IFLA_INFO_SLAVE_DATA): its link, bonding state and
 * MII status, failure count, permanent address, and port options.
 */
public record PortState(
        Link link,
        int state,
        int miiStatus,
        long linkFailureCount,
        MacAddress permHwaddr,
        Map<PortOption, Long> options,
        int adAggregatorId,
        int adActorOperPortState,
        int adPartnerOperPortState,
        int adActorChurnState,
        int adPartnerChurnState) {

    /** IFLA_BOND_SLAVE_STATE values (BOND_STATE_*, if_bonding.h). */
    public static final String[] STATES = {"active", "backup"};

    /** 802.3ad churn states (AD_CHURN_MONITOR, AD_CHURN, AD_NO_CHURN in bond_3ad.h), as /proc words them. */
    public static final String[] CHURN_STATES = {"monitoring", "churned", "none"};

    /**
     * Bits of an LACP actor/partner state octet (IEEE 802.1AX-2014 6.4.2.3; AD_STATE_* in
     * bond_3ad.h), low bit first, named as iproute2 names them in ad_actor_oper_port_state_str.
     */
    public static final String[] LACP_STATE_BITS = {"active", "short_timeout", "aggregating", "in_sync", "collecting",
        "distributing", "defaulted", "expired"};

    /** The names of the bits set in an LACP state octet: 63 is active ... distributing. */
    public static java.util.List<String> lacpStateNames(int state) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < LACP_STATE_BITS.length; i++) {
            if ((state & (1 << i)) != 0) {
                out.add(LACP_STATE_BITS[i]);
            }
        }
        return out;
    }

    /** The /proc word for an 802.3ad churn state. */
    public static String churnName(int v) {
        return v >= 0 && v < CHURN_STATES.length ? CHURN_STATES[v] : "unknown(" + v + ")";
    }

    /** The port's interface name. */
    public String name() {
        return link.name();
    }

    /** "active" or "backup". */
    public String stateName() {
        return state >= 0 && state < STATES.length ? STATES[state] : "unknown(" + state + ")";
    }

    /** The MII status as /proc/net/bonding words it. */
    public String miiStatusName() {
        return MiiStatus.name(miiStatus);
    }

    /** The port's queue_id, 0 when not reported. */
    public int queueId() {
        Long q = options.get(PortOption.QUEUE_ID);
        return q == null ? 0 : q.intValue();
    }
}
