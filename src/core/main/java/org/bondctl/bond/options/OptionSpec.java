package org.bondctl.bond.options;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bondctl.error.BondctlException;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.MessageBuilder;

/**
 * One row of an option table (bond or port): everything else about the option follows from
 * it. Rows are built once, in the enum constant declarations, with the fluent setters below.
 */
final class OptionSpec {
    static final Set<BondMode> ALL_MODES = Collections.unmodifiableSet(EnumSet.allOf(BondMode.class));

    final int id;
    final String name;
    final WireType wire;
    final String since;
    private final String description;
    private Domain domain;
    private Set<BondMode> modes = ALL_MODES;
    private boolean ifDown;
    private boolean noSlaves;
    private List<String> aliases = List.of();
    private String nmKey;
    private String reportedOnlyWhen;

    private OptionSpec(int id, String name, WireType wire, String since, String description) {
        this.id = id;
        this.name = name;
        this.wire = wire;
        this.since = since;
        this.description = description;
        this.nmKey = name;
        this.domain = switch (wire) {
            case U8 -> NumberDomain.range(0, 0xff);
            case U16 -> NumberDomain.range(0, 0xffff);
            case U32 -> NumberDomain.range(0, 0xffff_ffffL);
            case U64 -> NumberDomain.range(0, Long.MAX_VALUE);
            case S32 -> NumberDomain.range(Integer.MIN_VALUE, Integer.MAX_VALUE);
            case IFINDEX -> new IfnameDomain();
            case IPV4_LIST -> AddressListDomain.ipv4();
            case IPV6_LIST -> AddressListDomain.ipv6();
            case MAC -> new MacDomain();
        };
    }

    /** A row: wire id and type, kernel name, first mainline release, one-line description. */
    static OptionSpec option(int id, String name, WireType wire, String since, String description) {
        return new OptionSpec(id, name, wire, since, description);
    }

    /** The kernel's value table or range, when narrower than the wire type. */
    OptionSpec values(Domain d) {
        this.domain = d;
        return this;
    }

    /** The modes the kernel accepts it in: the complement of .unsuppmodes. */
    OptionSpec modes(BondMode first, BondMode... rest) {
        this.modes = Collections.unmodifiableSet(EnumSet.of(first, rest));
        return this;
    }

    /** The modes the kernel accepts it in, as one of BondMode's named sets. */
    OptionSpec modes(Set<BondMode> modes) {
        this.modes = modes;
        return this;
    }

    /**
     * bond_opt_check_deps(): outside its modes the kernel refuses an option (EACCES), whatever
     * the value. The one wording of that refusal, for bond and port options alike.
     */
    void requireMode(BondMode mode) {
        if (!modes.contains(mode)) {
            throw BondctlException.invalid("option " + name + " is not valid in mode " + mode.kernelName()
                    + " (kernel accepts it in " + BondMode.namesOf(modes) + ")");
        }
    }

    /** BOND_OPTFLAG_IFDOWN: the kernel answers EBUSY while the bond is up. */
    OptionSpec ifDown() {
        this.ifDown = true;
        return this;
    }

    /** BOND_OPTFLAG_NOSLAVES: the kernel answers ENOTEMPTY while the bond has ports. */
    OptionSpec noSlaves() {
        this.noSlaves = true;
        return this;
    }

    OptionSpec aliases(String... names) {
        this.aliases = List.of(names);
        return this;
    }

    /** NetworkManager's key when it differs from the kernel name; null when NM has none. */
    OptionSpec nmKey(String key) {
        this.nmKey = key;
        return this;
    }

    /** The dump (bond_fill_info / bond_fill_slave_info) carries it only under this condition. */
    OptionSpec reportedOnlyWhen(String condition) {
        this.reportedOnlyWhen = condition;
        return this;
    }

    // ---- what follows from the row

    List<String> aliases() {
        return aliases;
    }

    String nmKey() {
        return nmKey;
    }

    Set<BondMode> modes() {
        return modes;
    }

    boolean needsDown() {
        return ifDown;
    }

    boolean needsNoSlaves() {
        return noSlaves;
    }

    boolean alwaysReported() {
        return reportedOnlyWhen == null;
    }

    List<String> valueNames() {
        return domain.names();
    }

    Object parse(String text) {
        if (text == null) {
            throw Domain.invalid(name, "a value is required");
        }
        return domain.parse(name, text);
    }

    Object normalize(Object value) {
        return domain.normalize(name, value);
    }

    /** Kernel-style text. Numbers are not range-checked: a newer kernel may report a value this table lacks. */
    String format(Object value) {
        return domain.format(value instanceof String s && wire != WireType.IFINDEX ? parse(s) : value);
    }

    void encode(MessageBuilder b, Object value, Resolver r) {
        wire.encode(b, id, normalize(value), r);
    }

    Object decode(AttrTable t, Resolver r) {
        return wire.decode(t, id, r);
    }

    /** "lacp rate ... [slow|fast]; only in 802.3ad; bond must be down; Linux 3.14+" */
    String help() {
        StringBuilder sb = new StringBuilder(description).append(" [").append(domain.describe()).append(']');
        if (!modes.equals(ALL_MODES)) {
            sb.append("; only in ").append(BondMode.namesOf(modes));
        }
        if (ifDown) {
            sb.append("; bond must be down");
        }
        if (noSlaves) {
            sb.append("; bond must have no ports");
        }
        return sb.append("; Linux ").append(since).append('+').toString();
    }
}
