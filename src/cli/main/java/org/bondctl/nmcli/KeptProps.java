package org.bondctl.nmcli;

import java.util.List;
import java.util.Map;
import org.bondctl.error.BondctlException;
import org.bondctl.profile.Profile;
import org.bondctl.rtnl.Address;

/**
 * nmcli properties that change nothing bondctl does (no DHCP client, no firewalld, one profile
 * per interface, no activation retries) but that runbooks set: bondctl keeps them in the
 * keyfile exactly as NetworkManager 1.42 writes them (checked in the test bed), so the line
 * runs and NetworkManager, if it comes later, finds them; {@code apply} and {@code diff} report
 * each as not applied. A value equal to the default removes the key, as NM does. The DNS
 * priorities are kept the same way, and applied: they order resolv.conf ({@code
 * ProfileSet.dnsOrder}).
 */
final class KeptProps {
    private KeptProps() {}

    private enum Kind { BOOL, INT, STRING, ENUM, LIST }

    /** How a property is kept: its kind, range (INT), names (ENUM) and default (keyfile form, "" for none). */
    private record Kept(Kind kind, long min, long max, List<String> names, String dflt) {}

    private static Kept bool(boolean dflt) {
        return new Kept(Kind.BOOL, 0, 0, List.of(), Boolean.toString(dflt));
    }

    private static Kept integer(long min, long max, long dflt) {
        return new Kept(Kind.INT, min, max, List.of(), Long.toString(dflt));
    }

    private static final Map<String, Kept> KEPT = Map.ofEntries(
            Map.entry("connection.zone", new Kept(Kind.STRING, 0, 0, List.of(), "")),
            Map.entry("connection.autoconnect-priority", integer(-999, 999, 0)),
            Map.entry("connection.autoconnect-retries", integer(-1, Integer.MAX_VALUE, -1)),
            Map.entry("ipv4.may-fail", bool(true)),
            Map.entry("ipv6.may-fail", bool(true)),
            Map.entry("ipv4.ignore-auto-dns", bool(false)),
            Map.entry("ipv6.ignore-auto-dns", bool(false)),
            Map.entry("ipv4.ignore-auto-routes", bool(false)),
            Map.entry("ipv6.ignore-auto-routes", bool(false)),
            Map.entry("ipv4.dhcp-send-hostname", bool(true)),
            Map.entry("ipv6.dhcp-send-hostname", bool(true)),
            Map.entry("ipv4.dns-priority", integer(Integer.MIN_VALUE, Integer.MAX_VALUE, 0)),
            Map.entry("ipv6.dns-priority", integer(Integer.MIN_VALUE, Integer.MAX_VALUE, 0)),
            Map.entry("ipv4.dns-options", new Kept(Kind.LIST, 0, 0, List.of(), "")),
            Map.entry("ipv6.dns-options", new Kept(Kind.LIST, 0, 0, List.of(), "")),
            // NM's numbers for the names: 0 eui64, 1 stable-privacy, 2 default-or-eui64, 3 default
            Map.entry("ipv6.addr-gen-mode", new Kept(Kind.ENUM, 0, 0,
                    List.of("eui64", "stable-privacy", "default-or-eui64", "default"), "default-or-eui64")));

    static boolean kept(String field) {
        return KEPT.containsKey(field);
    }

    /**
     * The properties kept and not applied, for the error that lists what bondctl nmcli sets
     * (autoconnect-priority it uses: it chooses the profile that autoconnects on a freed NIC).
     */
    static String names(String setting) { // ipv4 stands for both families
        String prefix = setting + ".";
        String other = setting.equals("ipv4") ? "ipv6." : null;
        return String.join(", ", KEPT.keySet().stream().filter(k -> !org.bondctl.profile.Kept.applied(k)
                && !k.equals("connection.autoconnect-priority") && (k.startsWith(prefix) || (other != null && k.startsWith(other))))
                .sorted().toList());
    }

    /**
     * Sets {@code setting.prop} (a kept one) to nmcli's {@code value} ({@code op} '=', or for a
     * list '+' and '-' as well), or refuses it in nmcli's words.
     */
    static void set(Profile p, String setting, String prop, char op, String value) {
        Kept k = KEPT.get(setting + "." + prop);
        String v = value.strip();
        if (k.kind == Kind.LIST) {
            // nmcli 1.42: items by ',' or blanks; one it keeps replaces an earlier one of its name; '-' by value or index
            List<String> items = v.isEmpty() ? List.of() : List.of(v.split("[,\\s]+"));
            List<String> have = org.bondctl.dns.DnsOptions.ofKeyfile(p.keptValue(setting, prop));
            List<String> now = switch (op) {
                case '+' -> org.bondctl.dns.DnsOptions.add(have, items);
                case '-' -> {
                    List<String> left = new java.util.ArrayList<>(have);
                    for (String i : items) {
                        if (i.matches("[0-9]{1,9}")) {
                            int n = Integer.parseInt(i);
                            if (n < left.size()) {
                                left.remove(n);
                            }
                        } else {
                            left.remove(i);
                        }
                    }
                    yield left;
                }
                default -> org.bondctl.dns.DnsOptions.add(List.of(), items);
            };
            p.keep(setting, prop, org.bondctl.dns.DnsOptions.toKeyfile(now));
            return;
        }
        String stored = switch (k.kind) {
            case BOOL -> v.isEmpty() ? k.dflt : Boolean.toString(Props.bool(v));
            case STRING, LIST -> value;
            case INT -> {
                if (v.isEmpty()) {
                    yield k.dflt;
                }
                if (!Address.isDecimal(v.startsWith("-") ? v.substring(1) : v, 10) || v.length() > 19) {
                    throw BondctlException.invalid("'" + value + "' is not a valid number (or out of range)");
                }
                long n = Long.parseLong(v);
                if (n < k.min || n > k.max) {
                    throw BondctlException.invalid("'" + value + "' is out of range [" + k.min + ", " + k.max + "]");
                }
                yield Long.toString(n);
            }
            case ENUM -> {
                int i = k.names.indexOf(v);
                if (i < 0 && v.matches("[0-9]") && Integer.parseInt(v) < k.names.size()) {
                    i = Integer.parseInt(v);
                }
                if (i < 0) {
                    throw BondctlException.invalid("invalid option '" + value + "', use one of ["
                            + String.join(",", k.names) + "]");
                }
                yield k.names.get(i);
            }
        };
        p.keep(setting, prop, stored.equals(k.dflt) ? null : stored);
    }

    /**
     * How nmcli shows a kept property's keyfile value ({@code raw}; null: the key is absent);
     * {@code parsable} for -t and -g, which leave out nmcli's words for special values.
     */
    static String show(String field, String raw, boolean parsable) {
        Kept k = KEPT.get(field);
        String v = raw != null ? raw : k.dflt;
        String shown = switch (k.kind) {
            case BOOL -> v.equals("true") || v.equals("1") ? "yes" : "no";
            case STRING -> v.isEmpty() ? "--" : v;
            case INT, ENUM -> v;
            case LIST -> raw == null ? "--" : String.join(",", org.bondctl.dns.DnsOptions.ofKeyfile(raw));
        };
        if (!parsable && field.equals("connection.autoconnect-retries")) {
            return shown + (shown.equals("-1") ? " (default)" : shown.equals("0") ? " (forever)" : "");
        }
        return shown;
    }
}
