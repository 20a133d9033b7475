package org.bondctl.bond.options;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.bondctl.error.BondctlException;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.MessageBuilder;

/**
 * The bond options a user set, in the order given. Only these are sent, so a kernel never
 * sees an attribute the user did not ask for (an old kernel ignores attributes it does not
 * know: check the dump afterwards). Values are typed by their row ({@link OptionRow#wireType()}):
 * the getters return numbers, interface names, address lists or text; also the options a
 * bond reports ({@link #decode}). A mutable value: not thread-safe.
 */
public final class BondSettings {
    private final Map<BondOption, Object> values = new LinkedHashMap<>();

    /**
     * Parses "name=value" items and nmcli-style "a=1,b=2" items (see {@link OptionPairs}).
     * Names may be aliases; naming an option twice is an error.
     */
    public static BondSettings parse(List<String> items) {
        BondSettings s = new BondSettings();
        OptionPairs.parse(items, BondOption::byName, BondOption::kernelName, (o, v) -> s.values.put(o, o.parse(v)));
        return s;
    }

    /** Sets (or replaces) an option from its text (sysfs, CLI or keyfile form), checked: INVALID naming the option. */
    public BondSettings put(BondOption o, String text) {
        values.put(o, o.parse(text));
        return this;
    }

    /** Sets (or replaces) a number option (mode, lacp_rate ... as the kernel's value), range checked. */
    public BondSettings put(BondOption o, long value) {
        requireType(o, o.wireType().isNumber(), "a number");
        values.put(o, o.normalize(value));
        return this;
    }

    /**
     * The canonical value, or null when not set: Long, String, a list of addresses or a MAC's
     * bytes. Inside this package only: callers use the typed getters below.
     */
    Object get(BondOption o) {
        return values.get(o);
    }

    /** The mode set, or {@code absent} when MODE is not set. */
    public BondMode mode(BondMode absent) {
        return has(BondOption.MODE) ? BondMode.of((int) number(BondOption.MODE)) : absent;
    }

    /** A number option's value (mode, miimon, lacp_rate as its kernel value ...), or {@code absent} when not set. */
    public long number(BondOption o, long absent) {
        return has(o) ? number(o) : absent;
    }

    /** An interface option's value (primary, active_slave): a name, "" for none; null when not set. */
    public String ifname(BondOption o) {
        requireType(o, o.wireType() == WireType.IFINDEX, "an interface name");
        return (String) values.get(o);
    }

    /** The value as sysfs prints it, or null when not set. */
    public String text(BondOption o) {
        return has(o) ? o.format(values.get(o)) : null;
    }

    /** Sets {@code o} to the value it has in {@code from} (which must have it): values move between settings as they are. */
    public BondSettings copy(BondOption o, BondSettings from) {
        values.put(o, from.values.get(o));
        return this;
    }

    /** Whether {@code o} has the same value here and in {@code other} (false when either lacks it). */
    public boolean sameValue(BondOption o, BondSettings other) {
        return has(o) && other.has(o) && o.format(values.get(o)).equals(o.format(other.values.get(o)));
    }

    private static void requireType(BondOption o, boolean ok, String type) {
        if (!ok) {
            throw new IllegalArgumentException("option " + o.kernelName() + " is not " + type);
        }
    }

    public boolean has(BondOption o) {
        return values.containsKey(o);
    }

    /** The options set, in the order given. */
    public Set<BondOption> options() {
        return Collections.unmodifiableSet(values.keySet());
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** A copy without {@code o}. */
    /** A copy with only {@code o}, as set here (empty when it is not). */
    public BondSettings only(BondOption o) {
        BondSettings s = new BondSettings();
        if (has(o)) {
            s.values.put(o, values.get(o));
        }
        return s;
    }

    public BondSettings without(BondOption o) {
        BondSettings s = new BondSettings();
        s.values.putAll(values);
        s.values.remove(o);
        return s;
    }

    /**
     * Checks the settings against the kernel's rules before anything is sent, and returns
     * notices (non-fatal). Throws BondctlException INVALID naming the option otherwise.
     *
     * @param mode the bond mode once these settings apply (MODE from the settings, else the
     *     bond's current mode; balance-rr for a new bond)
     * @param miimon miimon when the kernel reaches the delay options: MIIMON from the
     *     settings, else the bond's current value. Note bond_option_mode_set() sets 100 when
     *     the mode changes to 802.3ad, balance-tlb or balance-alb with miimon 0, and a new bond
     *     gets 100 unless arp_interval is given (bond_check_params()).
     * @param ports the bond's ports (empty for a new bond)
     * @param existingInterfaces every interface name in the namespace, or null when unknown
     */
    public List<String> validate(BondMode mode, long miimon, Set<String> ports, Set<String> existingInterfaces) {
        return SettingsValidator.validate(this, mode, miimon, ports, existingInterfaces);
    }

    /**
     * The options a bond's IFLA_INFO_DATA carries, as the kernel reported them (not range
     * checked: a newer kernel may report a value the table lacks), in IFLA_BOND_* order.
     */
    public static BondSettings decode(AttrTable infoData, Resolver r) {
        BondSettings s = new BondSettings();
        for (BondOption o : BondOption.values()) {
            Object v = o.decode(infoData, r);
            if (v != null) {
                s.values.put(o, v);
            }
        }
        return s;
    }

    /** A target list option's addresses (arp_ip_target, ns_ip6_target); empty when not set. */
    public List<InetAddress> addresses(BondOption o) {
        requireType(o, o.wireType() == WireType.IPV4_LIST || o.wireType() == WireType.IPV6_LIST, "a target list");
        List<?> l = (List<?>) values.getOrDefault(o, List.of());
        List<InetAddress> out = new ArrayList<>(l.size());
        l.forEach(a -> out.add((InetAddress) a));
        return out;
    }

    /** Writes one option's attribute (set here); call inside the IFLA_INFO_DATA nest. */
    public void encode(MessageBuilder b, BondOption o, Resolver r) {
        o.encode(b, values.get(o), r);
    }

    /** Writes every option, in IFLA_BOND_* order (the order bond_changelink() applies them). */
    public void encode(MessageBuilder b, Resolver r) {
        for (BondOption o : inKernelOrder()) {
            o.encode(b, values.get(o), r);
        }
    }

    /** "mode=active-backup miimon=1000", kernel names and sysfs-style values. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(" ");
        values.forEach((o, v) -> j.add(o.kernelName() + "=" + o.format(v)));
        return j.toString();
    }

    /**
     * The options in IFLA_BOND_* order, the order bond_changelink() applies them (mode before
     * miimon before updelay ...). Send in this order when sending one option per request, so
     * each meets the state {@link #validate} assumed.
     */
    public List<BondOption> inKernelOrder() {
        List<BondOption> out = new ArrayList<>();
        for (BondOption o : BondOption.values()) {
            if (values.containsKey(o)) {
                out.add(o);
            }
        }
        return out;
    }

    long number(BondOption o) {
        requireType(o, o.wireType().isNumber(), "a number");
        return (Long) values.get(o);
    }
}
