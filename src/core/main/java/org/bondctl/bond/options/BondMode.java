package org.bondctl.bond.options;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.StringJoiner;
import org.bondctl.error.BondctlException;

/**
 * The seven bonding modes: BOND_MODE_* (include/uapi/linux/if_bonding.h) with the names of
 * bond_mode_tbl (drivers/net/bonding/bond_options.c) and the words /proc/net/bonding prints
 * (bond_mode_name(), bond_main.c). The ordinal is the kernel value.
 */
public enum BondMode {
    /** 0: round-robin over the ports. */
    BALANCE_RR(0, "balance-rr", "load balancing (round-robin)"),
    /** 1: one active port, the others standing by. */
    ACTIVE_BACKUP(1, "active-backup", "fault-tolerance (active-backup)"),
    /** 2: a port per flow, by the transmit hash. */
    BALANCE_XOR(2, "balance-xor", "load balancing (xor)"),
    /** 3: every frame on every port. */
    BROADCAST(3, "broadcast", "fault-tolerance (broadcast)"),
    /** 4: LACP link aggregation (IEEE 802.3ad / 802.1AX). */
    IEEE_802_3AD(4, "802.3ad", "IEEE 802.3ad Dynamic link aggregation"),
    /** 5: transmit load balancing by port load. */
    BALANCE_TLB(5, "balance-tlb", "transmit load balancing"),
    /** 6: balance-tlb plus receive balancing by ARP. */
    BALANCE_ALB(6, "balance-alb", "adaptive load balancing");

    private final int value;
    private final String kernelName;
    private final String procName;

    BondMode(int value, String kernelName, String procName) {
        this.value = value;
        this.kernelName = kernelName;
        this.procName = procName;
    }

    /** IFLA_BOND_MODE value. */
    public int value() {
        return value;
    }

    /** The name sysfs, iproute2 and NetworkManager use: "active-backup". */
    public String kernelName() {
        return kernelName;
    }

    /** The "Bonding Mode:" text of /proc/net/bonding. */
    public String procName() {
        return procName;
    }

    /**
     * The modes with one active port at a time, and so with a primary and an active_slave:
     * active-backup, balance-tlb and balance-alb (bond_mode_uses_primary(), include/net/bonding.h).
     */
    public static final Set<BondMode> ACTIVE_PORT_MODES =
            Collections.unmodifiableSet(EnumSet.of(ACTIVE_BACKUP, BALANCE_TLB, BALANCE_ALB));

    /**
     * The modes the ARP/NS monitor works in: all but 802.3ad, balance-tlb and balance-alb
     * (BOND_NO_USES_ARP(), include/net/bonding.h), which need the MII monitor: a bond switched
     * to one of those, or created in one without miimon, gets miimon 100 (bond_option_mode_set(),
     * bond_check_params()).
     */
    public static final Set<BondMode> ARP_MONITOR_MODES =
            Collections.unmodifiableSet(EnumSet.of(BALANCE_RR, ACTIVE_BACKUP, BALANCE_XOR, BROADCAST));

    /** Whether the mode has one active port, a primary and an active_slave ({@link #ACTIVE_PORT_MODES}). */
    public boolean usesPrimary() {
        return ACTIVE_PORT_MODES.contains(this);
    }

    /** A mode by name or number, as the kernel takes it ("active-backup" or "1"). */
    public static BondMode parse(String nameOrNumber) {
        return of(((Long) BondOption.MODE.parse(nameOrNumber)).intValue());
    }

    /** The mode with kernel value {@code value} (BOND_MODE_*); INVALID outside 0-6. */
    public static BondMode of(int value) {
        if (value < 0 || value >= values().length) {
            throw BondctlException.invalid("bond mode " + value + " is not one of 0-" + (values().length - 1));
        }
        return values()[value];
    }

    @Override
    public String toString() {
        return kernelName;
    }

    /** "active-backup, balance-tlb, balance-alb" */
    public static String namesOf(Iterable<BondMode> modes) {
        StringJoiner j = new StringJoiner(", ");
        modes.forEach(m -> j.add(m.kernelName));
        return j.toString();
    }
}
