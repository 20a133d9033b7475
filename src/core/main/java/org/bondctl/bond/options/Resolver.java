package org.bondctl.bond.options;

/**
 * Interface name lookup for the options whose wire value is an ifindex (primary,
 * active_slave): the user speaks names, the kernel speaks indexes.
 */
public interface Resolver {
    /** The ifindex of {@code ifname}; throws BondctlException NOT_FOUND when it does not exist. */
    int ifindex(String ifname);

    /** The name of {@code ifindex}, or null when unknown. */
    String ifname(int ifindex);
}
