package org.bondctl.bond.options;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.bondctl.error.BondctlException;
import org.bondctl.wire.MessageBuilder;

/**
 * The bond options a user set, in the order given. Only these are sent, so a kernel never
 * sees an attribute the user did not ask for (an old kernel ignores attributes it does not
 * know: check the dump afterwards). Values are canonical (see {@link BondOption#parse}).
 */
public final class BondSettings {
    private final Map<BondOption, Object> values = new LinkedHashMap<>();

    /**
     * Parses "name=value" items and nmcli-style "a=1,b=2" items (see {@link OptionPairs}).
     * Names may be aliases; naming an option twice is an error.
     */
    public static BondSettings parse(List<String> items) {
        BondSettings s = new BondSettings();
        Map<BondOption, String> givenAs = new EnumMap<>(BondOption.class);
        for (OptionPairs.Pair p : OptionPairs.split(items)) {
            BondOption o = BondOption.byName(p.name());
            String earlier = givenAs.putIfAbsent(o, p.name());
            if (earlier != null) {
                throw BondctlException.invalid("option " + o.kernelName() + " is given twice"
                        + (earlier.equals(p.name()) ? "" : " (as " + earlier + " and " + p.name() + ")"));
            }
            s.values.put(o, o.parse(p.value()));
        }
        return s;
    }

    /** Sets (or replaces) an option; the value is checked and normalised, text is parsed. */
    public BondSettings put(BondOption o, Object value) {
        values.put(o, o.normalize(value));
        return this;
    }

    /** The canonical value, or null when not set. */
    public Object get(BondOption o) {
        return values.get(o);
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
        return ((Number) values.get(o)).longValue();
    }
}
