package org.bondctl.bridge;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bridge or bridge-port option: one netlink attribute (type, width, the kernel's name) and one
 * NetworkManager property (name, value in NM's form, default). {@link BridgeOption} and
 * {@link BridgePortOption} are the two sets; what reads, writes or shows either goes through this.
 */
public interface WireOption {
    int attr();

    /** Bytes on the wire: 1, 2 or 4. */
    int width();

    String kernelName();

    /** NetworkManager's property in its setting ("forward-delay", "path-cost"). */
    String nmName();

    /** Whether NetworkManager's property is a boolean (stp, multicast-snooping, hairpin-mode). */
    boolean isBoolean();

    /** NetworkManager's default, in the kernel's units. */
    long nmDefault();

    /** A NetworkManager value as the kernel's, checked against the property's range; errors name the property. */
    long fromNm(String value);

    /** The kernel's value in NetworkManager's keyfile form ("15", "true"). */
    String toNm(long kernel);

    /** The option of {@code values} whose {@code name} is {@code n}, or null. */
    static <E extends WireOption> E find(E[] values, Function<E, String> name, String n) {
        for (E o : values) {
            if (name.apply(o).equals(n)) {
                return o;
            }
        }
        return null;
    }

    /** Every option of {@code type} at NetworkManager's default, then {@code given} over them. */
    static <E extends Enum<E> & WireOption> Map<E, Long> withNmDefaults(Class<E> type, Map<E, Long> given) {
        Map<E, Long> out = new EnumMap<>(type);
        for (E o : type.getEnumConstants()) {
            out.put(o, o.nmDefault());
        }
        out.putAll(given);
        return out;
    }
}
