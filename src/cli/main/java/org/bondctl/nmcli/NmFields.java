package org.bondctl.nmcli;

import java.util.List;
import java.util.Map;

/**
 * nmcli's words for a field {@code -f}/{@code -g} names that it does not know, per command, as
 * NetworkManager 1.42.4's nmcli prints them (seen in the test bed): the groups and fields it
 * lists are NM's, also where bondctl prints fewer.
 */
final class NmFields {
    private NmFields() {}

    /** The groups of {@code device show}, in nmcli's order. */
    static final List<String> DEVICE_GROUPS = List.of("GENERAL", "CAPABILITIES", "INTERFACE-FLAGS", "WIFI-PROPERTIES", "AP",
            "WIRED-PROPERTIES", "WIMAX-PROPERTIES", "NSP", "IP4", "DHCP4", "IP6", "DHCP6", "BOND", "TEAM", "BRIDGE", "VLAN",
            "BLUETOOTH", "CONNECTIONS");

    /** The fields of the groups whose lists were seen; IP4 and IP6 are also those of {@code connection show}. */
    private static final Map<String, List<String>> GROUP_FIELDS = Map.of(
            "GENERAL", List.of("DEVICE", "TYPE", "NM-TYPE", "DBUS-PATH", "VENDOR", "PRODUCT", "DRIVER", "DRIVER-VERSION",
                    "FIRMWARE-VERSION", "HWADDR", "MTU", "STATE", "REASON", "IP4-CONNECTIVITY", "IP6-CONNECTIVITY", "UDI", "PATH",
                    "IP-IFACE", "IS-SOFTWARE", "NM-MANAGED", "AUTOCONNECT", "FIRMWARE-MISSING", "NM-PLUGIN-MISSING",
                    "PHYS-PORT-ID", "CONNECTION", "CON-UUID", "CON-PATH", "METERED"),
            "IP4", List.of("ADDRESS", "GATEWAY", "ROUTE", "DNS", "DOMAIN", "SEARCHES", "WINS"),
            "IP6", List.of("ADDRESS", "GATEWAY", "ROUTE", "DNS", "DOMAIN", "SEARCHES"),
            "WIRED-PROPERTIES", List.of("CARRIER", "S390-SUBCHANNELS"),
            "BOND", List.of("SLAVES"),
            "CONNECTIONS", List.of("AVAILABLE-CONNECTION-PATHS", "AVAILABLE-CONNECTIONS"));

    /**
     * Every field of a group but GENERAL (IP4, IP6, WIRED-PROPERTIES ...), in nmcli's order: the
     * columns of its table in tabular mode; null for GENERAL or a group not known here.
     */
    static List<String> groupColumns(String group) {
        return group.equals("GENERAL") ? null : GROUP_FIELDS.get(group);
    }

    /** The GENERAL fields of an active profile in {@code connection show NAME}. */
    private static final List<String> ACTIVE_GENERAL = List.of("NAME", "UUID", "DEVICES", "IP-IFACE", "STATE", "DEFAULT",
            "DEFAULT6", "SPEC-OBJECT", "VPN", "DBUS-PATH", "CON-PATH", "ZONE", "MASTER-PATH");

    /** What {@code connection show NAME} lists for a field of no setting or group it knows. */
    private static final String PROFILE_ALLOWED = "6lowpan,802-11-olpc-mesh,802-11-wireless,802-11-wireless-security,"
            + "802-1x,802-3-ethernet,adsl,bluetooth,bond,bond-port,bridge,bridge-port,cdma,connection,dcb,dummy,ethtool,"
            + "generic,gsm,hostname,infiniband,ip-tunnel,ipv4,ipv6,loopback,macsec,macvlan,match,ovs-bridge,ovs-dpdk,"
            + "ovs-external-ids,ovs-interface,ovs-other-config,ovs-patch,ovs-port,ppp,pppoe,proxy,serial,sriov,tc,team,"
            + "team-port,tun,user,veth,vlan,vpn,vrf,vxlan,wifi-p2p,wimax,wireguard,wpan and GENERAL,IP4,DHCP4,IP6,DHCP6,VPN,"
            + " or profile,active.";

    private static String group(String field) {
        int dot = field.indexOf('.');
        return dot < 0 ? null : field.substring(0, dot);
    }

    private static String qualified(String group, List<String> fields) {
        return String.join(",", fields.stream().map(f -> group + "." + f).toList());
    }

    /** {@code device show}: a group's fields for a field of a group nmcli knows, else the groups. */
    static String deviceShow(String field) {
        String g = group(field);
        List<String> fields = g == null ? null : GROUP_FIELDS.get(g.toUpperCase());
        return "'device show': invalid field '" + field + "'; allowed fields: "
                + (fields == null ? String.join(",", DEVICE_GROUPS) : qualified(g.toUpperCase(), fields));
    }

    /**
     * {@code connection show NAME}: for a field of a setting the profile has or of an active
     * profile's group, that one's fields ({@code profileFields}: the profile's, setting.property);
     * else every setting and group nmcli knows.
     */
    static String connectionShow(String field, List<String> profileFields) {
        String g = group(field);
        if (g != null) {
            String prefix = "'connection show': invalid field '" + field + "'; allowed fields: ";
            if (g.equals("GENERAL")) {
                return prefix + qualified(g, ACTIVE_GENERAL);
            }
            if (g.equals("IP4") || g.equals("IP6")) {
                return prefix + qualified(g, GROUP_FIELDS.get(g));
            }
            List<String> ofSetting = profileFields.stream().filter(f -> f.startsWith(g + ".")).toList();
            if (!ofSetting.isEmpty()) {
                return prefix + String.join(",", ofSetting);
            }
        }
        return "invalid field '" + field + "'; allowed fields: " + PROFILE_ALLOWED;
    }

    /**
     * {@code device show}: a field nmcli knows that this device's output has not (a group
     * bondctl does not print, CAPABILITIES, or one of its known fields): left out, as nmcli
     * prints the others.
     */
    static final Output.FieldRules DEVICE_SHOW = new Output.FieldRules() {
        @Override
        public boolean deviceDetails() {
            return true;
        }

        @Override
        public boolean skips(String field, List<String> all) {
            String g = group(field);
            if (g == null) {
                return DEVICE_GROUPS.contains(field.toUpperCase());
            }
            List<String> known = GROUP_FIELDS.get(g.toUpperCase());
            return known != null && known.contains(field.substring(g.length() + 1).toUpperCase());
        }

        @Override
        public String refusal(String field, List<String> all) {
            return deviceShow(field);
        }
    };

    /**
     * Whether {@code field} is one of an active profile's GENERAL, IP4 or IP6 fields that
     * {@code connection show NAME} knows (IP4.WINS: nmcli's, which bondctl does not print).
     */
    static boolean activeField(String field) {
        String g = group(field);
        String f = g == null ? null : field.substring(g.length() + 1).toUpperCase();
        return g != null && switch (g.toUpperCase()) {
            case "GENERAL" -> ACTIVE_GENERAL.contains(f);
            case "IP4", "IP6" -> GROUP_FIELDS.get(g.toUpperCase()).contains(f);
            default -> false;
        };
    }

    /** {@code device status}. */
    static String deviceStatus(String field, List<String> fields) {
        return "'device status': invalid field '" + field + "'; allowed fields: " + String.join(",", fields);
    }

    /** {@code connection show} (the list). */
    static String connectionList(String field, List<String> fields) {
        return "invalid field '" + field + "'; allowed fields: " + String.join(",", fields) + ".";
    }

    /** {@code general status}. */
    static String general(List<String> fields) {
        return "only these fields are allowed: " + String.join(",", fields);
    }
}
