package org.bondctl.profile;

import java.util.List;
import java.util.Map;

/**
 * NetworkManager properties that runbooks set but that change nothing bondctl does (no DHCP
 * client, no firewalld, one profile per interface, no activation retries): bondctl keeps them in
 * the profile as NetworkManager 1.42 writes them, and reports each as not applied, with why.
 * The DNS priorities are kept the same way but applied ({@link #applied}).
 * A property is named as in a keyfile ("ipv4.may-fail") and its value is kept in keyfile form
 * ("false"; null for NM's default, which removes the key). In an ifcfg-rh file each has its own
 * variable, with NM's own rules (nms-ifcfg-rh-writer.c and -reader.c): some inverted
 * (IPV4_FAILURE_FATAL is not may-fail), some written only when not the default (PEERDNS=no),
 * and one whose absence means something else than in a keyfile (no IPV6_ADDR_GEN_MODE is eui64).
 */
public final class Kept {
    private Kept() {}

    /** How a property's value becomes its ifcfg-rh variable's, and back. */
    private enum Rule {
        /** The value itself; absent for the default. */
        PLAIN,
        /** Inverted, always written (IPV4_FAILURE_FATAL=no is may-fail=true). */
        FATAL,
        /** true is written "no", false (the default) not at all (PEERDNS=no: ignore-auto-dns). */
        NOT_PEER,
        /** false is written "no", true (the default) not at all (DHCP_SEND_HOSTNAME). */
        NO_WHEN_FALSE,
        /** The mode's name; eui64 not at all (absent is eui64), NM's keyfile default written out. */
        GEN_MODE,
        /** A list: "a;b;" in a keyfile, "a b" in the variable; absent for none. */
        LIST
    }

    private record Var(String name, Rule rule) {}

    private static final Map<String, Var> IFCFG = Map.ofEntries(
            Map.entry("connection.zone", new Var("ZONE", Rule.PLAIN)),
            Map.entry("connection.autoconnect-priority", new Var("AUTOCONNECT_PRIORITY", Rule.PLAIN)),
            Map.entry("connection.autoconnect-retries", new Var("AUTOCONNECT_RETRIES", Rule.PLAIN)),
            Map.entry("ipv4.may-fail", new Var("IPV4_FAILURE_FATAL", Rule.FATAL)),
            Map.entry("ipv6.may-fail", new Var("IPV6_FAILURE_FATAL", Rule.FATAL)),
            Map.entry("ipv4.ignore-auto-dns", new Var("PEERDNS", Rule.NOT_PEER)),
            Map.entry("ipv6.ignore-auto-dns", new Var("IPV6_PEERDNS", Rule.NOT_PEER)),
            Map.entry("ipv4.ignore-auto-routes", new Var("PEERROUTES", Rule.NOT_PEER)),
            Map.entry("ipv6.ignore-auto-routes", new Var("IPV6_PEERROUTES", Rule.NOT_PEER)),
            Map.entry("ipv4.dhcp-send-hostname", new Var("DHCP_SEND_HOSTNAME", Rule.NO_WHEN_FALSE)),
            Map.entry("ipv6.dhcp-send-hostname", new Var("DHCPV6_SEND_HOSTNAME", Rule.NO_WHEN_FALSE)),
            Map.entry("ipv4.dns-priority", new Var("IPV4_DNS_PRIORITY", Rule.PLAIN)),
            Map.entry("ipv6.dns-priority", new Var("IPV6_DNS_PRIORITY", Rule.PLAIN)),
            Map.entry("ipv4.dns-options", new Var("RES_OPTIONS", Rule.LIST)),
            Map.entry("ipv6.dns-options", new Var("IPV6_RES_OPTIONS", Rule.LIST)),
            Map.entry("ipv6.addr-gen-mode", new Var("IPV6_ADDR_GEN_MODE", Rule.GEN_MODE)));

    private static final Map<String, String> WHY = whyNot();

    private static Map<String, String> whyNot() {
        Map<String, String> m = new java.util.HashMap<>();
        m.put("connection.zone", "a firewalld zone: bondctl sets no firewall");
        m.put("connection.autoconnect-priority", "chooses among profiles of one device: bondctl takes one profile per interface");
        m.put("connection.autoconnect-retries", "NetworkManager's activation retries: bondctl applies once, or says why not");
        for (String f : List.of("ipv4", "ipv6")) {
            m.put(f + ".may-fail", "NetworkManager's activation rule: bondctl applies the addresses or fails with a reason");
            m.put(f + ".ignore-auto-dns", "for DHCP/RA servers: bondctl runs no DHCP or RA client");
            m.put(f + ".ignore-auto-routes", "for DHCP/RA routes: bondctl runs no DHCP or RA client");
            m.put(f + ".dhcp-send-hostname", "bondctl runs no DHCP client");
        }
        m.put("ipv6.addr-gen-mode", "the kernel makes the link-local address its own way");
        return Map.copyOf(m);
    }

    /**
     * Whether bondctl applies a kept property all the same, reading it through {@link
     * Profile#keptValue}: the DNS priorities, which order the servers of profiles in resolv.conf
     * ({@link ProfileSet#dnsOrder}), and the DNS options, its options line.
     */
    public static boolean applied(String property) {
        return property.endsWith(".dns-priority") || property.endsWith(".dns-options");
    }

    /** Why a kept property changes nothing bondctl does; null for other keys. */
    public static String why(String property) {
        return WHY.get(property);
    }

    /**
     * Whether a profile of type {@code t} has the property: a bond's, VLAN's or bridge's all, a
     * port's the connection ones only (a port has no IP configuration, and NM drops its IP keys).
     */
    static boolean belongsIn(Profile.Type t, String property) {
        return t == Profile.Type.BOND || t == Profile.Type.VLAN || t == Profile.Type.BRIDGE || property.startsWith("connection.");
    }

    /** The ifcfg-rh variable of a kept property ("ipv4.may-fail": IPV4_FAILURE_FATAL); null for others. */
    static String ifcfgVariable(String property) {
        Var v = IFCFG.get(property);
        return v == null ? null : v.name;
    }

    /** The kept property an ifcfg-rh variable holds; null for other variables. */
    static String propertyOf(String variable) {
        for (Map.Entry<String, Var> e : IFCFG.entrySet()) {
            if (e.getValue().name.equals(variable)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The variable's value for a property's keyfile value ({@code value} null: NM's default); null: no variable. */
    static String toIfcfg(String property, String value) {
        Var v = IFCFG.get(property);
        return switch (v.rule) {
            case PLAIN -> value;
            case FATAL -> "false".equals(value) ? "yes" : "no";
            case NOT_PEER -> "true".equals(value) ? "no" : null;
            case NO_WHEN_FALSE -> "false".equals(value) ? "no" : null;
            case GEN_MODE -> value == null ? "default-or-eui64" : value.equals("eui64") ? null : value;
            case LIST -> value == null ? null : String.join(" ", org.bondctl.dns.DnsOptions.ofKeyfile(value));
        };
    }

    /**
     * The property's keyfile value for the variable's ({@code value} null: absent), read as NM's
     * ifcfg-rh reader reads it (a boolean is yes/true/y/t/1 or no/false/n/f/0, anything else the
     * default); null for NM's default.
     */
    static String fromIfcfg(String property, String value) {
        Var v = IFCFG.get(property);
        String s = value == null || value.isBlank() ? null : value.strip();
        return switch (v.rule) {
            case PLAIN -> s == null || (!property.equals("connection.zone") && !s.matches("-?[0-9]{1,10}")) ? null : s;
            case FATAL -> IfcfgIp.flag(s, false) ? "false" : null;
            case NOT_PEER -> IfcfgIp.flag(s, true) ? null : "true";
            case NO_WHEN_FALSE -> IfcfgIp.flag(s, true) ? null : "false";
            case GEN_MODE -> s == null ? "eui64" : s.equals("default-or-eui64") ? null : s;
            case LIST -> s == null ? null : org.bondctl.dns.DnsOptions.toKeyfile(List.of(s.split("\\s+")));
        };
    }
}
