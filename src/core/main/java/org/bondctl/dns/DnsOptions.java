package org.bondctl.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The resolver options of a profile (ipv4/ipv6.dns-options) as NetworkManager 1.42 handles
 * them, seen in the test bed: nmcli keeps any name, a later option replacing an earlier one of
 * the same name, and drops one whose value is not a number; resolv.conf gets only the options
 * NM knows for the family (resolv.conf(5): {@code ndots:N} and the like with a number, the
 * others without; {@code inet6} and the ip6-* ones in IPv6's only; no-aaaa is newer than 1.42),
 * the first of a name winning across profiles, and {@code trust-ad} only when every profile
 * with servers asks for it.
 */
public final class DnsOptions {
    private DnsOptions() {}

    public static final String TRUST_AD = "trust-ad";

    /** The options NM 1.42 writes: name -> [takes a number, IPv6's only]. */
    private static final Map<String, boolean[]> KNOWN = Map.ofEntries(
            Map.entry("debug", new boolean[] {false, false}),
            Map.entry("ndots", new boolean[] {true, false}),
            Map.entry("timeout", new boolean[] {true, false}),
            Map.entry("attempts", new boolean[] {true, false}),
            Map.entry("rotate", new boolean[] {false, false}),
            Map.entry("no-check-names", new boolean[] {false, false}),
            Map.entry("inet6", new boolean[] {false, true}),
            Map.entry("ip6-bytestring", new boolean[] {false, true}),
            Map.entry("ip6-dotint", new boolean[] {false, true}),
            Map.entry("no-ip6-dotint", new boolean[] {false, true}),
            Map.entry("edns0", new boolean[] {false, false}),
            Map.entry("single-request", new boolean[] {false, false}),
            Map.entry("single-request-reopen", new boolean[] {false, false}),
            Map.entry("no-tld-query", new boolean[] {false, false}),
            Map.entry("use-vc", new boolean[] {false, false}),
            Map.entry("no-reload", new boolean[] {false, false}),
            Map.entry(TRUST_AD, new boolean[] {false, false}));

    /** An option's name: "timeout" of "timeout:2". */
    public static String name(String option) {
        int colon = option.indexOf(':');
        return colon < 0 ? option : option.substring(0, colon);
    }

    /** Whether nmcli keeps the option: a value, where there is one, is a number (0 or more). */
    public static boolean kept(String option) {
        int colon = option.indexOf(':');
        return !option.isEmpty() && (colon < 0 || option.substring(colon + 1).matches("[0-9]{1,9}") && colon > 0);
    }

    /** Whether NM writes the option to resolv.conf for a profile's family. */
    public static boolean written(String option, boolean v6) {
        boolean[] k = KNOWN.get(name(option));
        return k != null && k[0] == option.contains(":") && (v6 || !k[1]);
    }

    /**
     * {@code list} with {@code options} added as nmcli adds them: each one nmcli keeps replaces
     * one of the same name and goes to the end.
     */
    public static List<String> add(List<String> list, List<String> options) {
        List<String> out = new ArrayList<>(list);
        for (String o : options) {
            if (kept(o)) {
                out.removeIf(x -> name(x).equals(name(o)));
                out.add(o);
            }
        }
        return out;
    }

    /** A keyfile list ("rotate;timeout:1;") as options; empty for null. */
    public static List<String> ofKeyfile(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String o : value.split(";")) {
                if (!o.isBlank()) {
                    out.add(o.strip());
                }
            }
        }
        return out;
    }

    /** The options in a keyfile's form ("rotate;timeout:1;"); null for none. */
    public static String toKeyfile(List<String> options) {
        return options.isEmpty() ? null : String.join(";", options) + ";";
    }

    /** Merges profiles' options into resolv.conf's, in the profiles' order. */
    public static final class Merge {
        private final List<String> options = new ArrayList<>();
        private Boolean trustAd;

        /** Adds one profile family's options; {@code servers}: whether it names servers (trust-ad counts only then). */
        public void add(List<String> profileOptions, boolean v6, boolean servers) {
            boolean trust = false;
            for (String o : profileOptions) {
                if (!written(o, v6)) {
                    continue;
                }
                if (o.equals(TRUST_AD)) {
                    trust = true;
                } else if (options.stream().noneMatch(x -> name(x).equals(name(o)))) {
                    options.add(o);
                }
            }
            if (servers) {
                trustAd = trustAd == null ? trust : trustAd && trust;
            }
        }

        /** resolv.conf's options: trust-ad last, when every profile with servers asked for it. */
        public List<String> options() {
            List<String> out = new ArrayList<>(options);
            if (Boolean.TRUE.equals(trustAd)) {
                out.add(TRUST_AD);
            }
            return out;
        }
    }
}
