package org.bondctl.bond.options;

import java.util.List;
import org.bondctl.error.BondctlException;

/**
 * The values an option takes, as text and as canonical Java values: the kernel's value table
 * or range for numbers, and the rules bond_options.c applies to names, targets and MACs.
 * Every error names the option: "option miimon: 'abc' is not a number".
 */
interface Domain {
    /** Text (CLI, keyfile, sysfs) to the canonical value. */
    Object parse(String option, String text);

    /** A canonical value (or a compatible one: Integer for Long, text) checked and normalised. */
    Object normalize(String option, Object value);

    /** The canonical value as sysfs shows it. */
    String format(Object value);

    /** One phrase for help text: "0-255", "slow|fast", "IPv4 addresses, at most 16". */
    String describe();

    /** Value names for enumerations, index = kernel value; empty otherwise. */
    default List<String> names() {
        return List.of();
    }

    static BondctlException invalid(String option, String reason) {
        return BondctlException.invalid("option " + option + ": " + reason);
    }

    static BondctlException wrongType(String option, Object value, String expected) {
        return invalid(option, "expects " + expected + ", not " + (value == null ? "null" : value.getClass().getSimpleName()));
    }
}
