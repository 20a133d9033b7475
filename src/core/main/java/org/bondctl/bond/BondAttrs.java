package org.bondctl.bond;

/**
 * The bonding driver's netlink constants that are state, not options (the options are the rows
 * of BondOption and PortOption): IFLA_BOND_AD_INFO and its nest, IFLA_BOND_SLAVE_* and the
 * BOND_STATE_* values, from include/uapi/linux/if_link.h and if_bonding.h. Declared here only.
 */
public final class BondAttrs {
    /** IFLA_BOND_AD_INFO: the bond's 802.3ad aggregator, a nest of IFLA_BOND_AD_INFO_*. */
    public static final int IFLA_BOND_AD_INFO = 23;
    public static final int AD_INFO_AGGREGATOR = 1;
    public static final int AD_INFO_NUM_PORTS = 2;
    public static final int AD_INFO_ACTOR_KEY = 3;
    public static final int AD_INFO_PARTNER_KEY = 4;
    public static final int AD_INFO_PARTNER_MAC = 5;

    /** IFLA_BOND_SLAVE_* read-only state (the port options are PortOption's rows). */
    public static final int SLAVE_STATE = 1;
    public static final int SLAVE_MII_STATUS = 2;
    public static final int SLAVE_LINK_FAILURE_COUNT = 3;
    public static final int SLAVE_PERM_HWADDR = 4;
    public static final int SLAVE_AD_AGGREGATOR_ID = 6;
    public static final int SLAVE_AD_ACTOR_OPER_PORT_STATE = 7;
    public static final int SLAVE_AD_PARTNER_OPER_PORT_STATE = 8;
    public static final int SLAVE_AD_CHURN_ACTOR_STATE = 11;
    public static final int SLAVE_AD_CHURN_PARTNER_STATE = 12;
    /** The highest IFLA_BOND_SLAVE_* bondctl reads. */
    public static final int SLAVE_MAX = 12;
    /** Room for every IFLA_BOND_* of kernels to come (6.16 has 33). */
    public static final int BOND_MAX = 40;

    /** BOND_STATE_* (if_bonding.h): a port's IFLA_BOND_SLAVE_STATE. */
    public static final int STATE_ACTIVE = 0;
    public static final int STATE_BACKUP = 1;

    private BondAttrs() {}
}
