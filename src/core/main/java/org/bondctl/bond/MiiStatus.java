package org.bondctl.bond;

/**
 * A port's link status as bonding's MII monitor keeps it: the BOND_LINK_* values
 * (include/net/bonding.h), reported as IFLA_BOND_SLAVE_MII_STATUS, and the words
 * /proc/net/bonding prints for them (bond_slave_link_status(), include/net/bonding.h).
 */
public final class MiiStatus {
    /** BOND_LINK_UP: the port is usable. */
    public static final int UP = 0;
    /** BOND_LINK_FAIL: carrier went away; waiting out downdelay. */
    public static final int GOING_DOWN = 1;
    /** BOND_LINK_DOWN: not usable. */
    public static final int DOWN = 2;
    /** BOND_LINK_BACK: carrier came back; waiting out updelay. */
    public static final int GOING_BACK = 3;

    private static final String[] WORDS = {"up", "going down", "down", "going back"};

    private MiiStatus() {}

    /** Number of defined values (0 to COUNT - 1). */
    public static final int COUNT = WORDS.length;

    /** The /proc word for a value ("going back"); "unknown(N)" for a value this table lacks. */
    public static String name(int status) {
        return status >= 0 && status < WORDS.length ? WORDS[status] : "unknown(" + status + ")";
    }
}
