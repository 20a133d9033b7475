package org.bondctl.bond.options;

import java.util.List;
import java.util.Set;
import org.bondctl.wire.AttrTable;

/**
 * What a row of either option table says, bond options ({@link BondOption}, IFLA_BOND_*) and
 * port options ({@link PortOption}, IFLA_BOND_SLAVE_*) alike: its attribute, names, wire
 * type, modes, flags and first release. Each enum adds the typed values of its own kind.
 * Thread-safe (immutable constants).
 */
public sealed interface OptionRow permits BondOption, PortOption {
    /** The netlink attribute type (IFLA_BOND_* or IFLA_BOND_SLAVE_*). */
    default int id() {
        return spec().id;
    }

    /** The kernel/sysfs name ("lacp_rate", "queue_id"); num_peer_notif is the netlink name. */
    default String kernelName() {
        return spec().name;
    }

    /** Other names accepted on input. */
    default List<String> aliases() {
        return spec().aliases();
    }

    /** The key in a NetworkManager profile ([bond] or [bond-port]), or null when NM has none. */
    default String nmKey() {
        return spec().nmKey();
    }

    /** How the value travels in netlink (the kernel's policy type). */
    default WireType wireType() {
        return spec().wire;
    }

    /** The bond modes the kernel accepts it in; elsewhere it answers EACCES, even for value 0. */
    default Set<BondMode> modes() {
        return spec().modes();
    }

    /** Whether the kernel accepts it in mode {@code m}. */
    default boolean inMode(BondMode m) {
        return spec().modes().contains(m);
    }

    /** Refuses (INVALID) the option in a mode the kernel does not take it in: "option X is not valid in mode M (...)". */
    default void requireMode(BondMode m) {
        spec().requireMode(m);
    }

    /** BOND_OPTFLAG_IFDOWN: only while the bond is down (else EBUSY). */
    default boolean needsDown() {
        return spec().needsDown();
    }

    /** BOND_OPTFLAG_NOSLAVES: only while the bond has no ports (else ENOTEMPTY). */
    default boolean needsNoSlaves() {
        return spec().needsNoSlaves();
    }

    /**
     * Whether a kernel that knows the option reports it in every dump. False for active_slave,
     * primary and the target lists (only when set), the ad_actor/ad_user options (only in
     * 802.3ad mode, and only to CAP_NET_ADMIN) and actor_port_prio (only in 802.3ad): their
     * absence does not mean "unsupported".
     */
    default boolean alwaysReported() {
        return spec().alwaysReported();
    }

    /** First mainline Linux release with the netlink attribute, e.g. "3.14". */
    default String since() {
        return spec().since;
    }

    /** One line for --help and docs: meaning, values, modes, flags, first release. */
    default String help() {
        return spec().help();
    }

    /** Value names of an enumeration, index = kernel value; empty for other options. */
    default List<String> valueNames() {
        return spec().valueNames();
    }

    /**
     * The option's number (an ifindex for primary and active_slave) read in place from a parsed
     * IFLA_INFO_DATA or IFLA_INFO_SLAVE_DATA, allocating nothing, or {@code absent} when the
     * kernel did not send it: {@code MIIMON.read(data, 0)}. The width comes from this row.
     */
    default long read(AttrTable data, long absent) {
        return spec().wire.read(data, spec().id, absent);
    }

    private OptionSpec spec() {
        return this instanceof BondOption b ? b.spec : ((PortOption) this).spec;
    }
}
