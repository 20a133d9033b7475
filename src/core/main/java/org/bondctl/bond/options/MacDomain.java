package org.bondctl.bond.options;

import java.util.HexFormat;

/**
 * A MAC address "aa:bb:cc:dd:ee:ff" (mac_pton(), lib/net_utils.c). The only MAC option is
 * ad_actor_system, and bond_option_ad_actor_system_set() refuses multicast addresses;
 * 00:00:00:00:00:00 is allowed and means "use the bond's own address".
 */
final class MacDomain implements Domain {
    private static final HexFormat HEX = HexFormat.ofDelimiter(":");

    @Override
    public Object parse(String option, String text) {
        String t = text.trim();
        byte[] mac;
        try {
            mac = t.length() == 17 ? HEX.parseHex(t) : null;
        } catch (IllegalArgumentException e) {
            mac = null;
        }
        if (mac == null || mac.length != 6) {
            throw Domain.invalid(option, "'" + t + "' is not a MAC address (aa:bb:cc:dd:ee:ff)");
        }
        return check(option, mac);
    }

    @Override
    public Object normalize(String option, Object value) {
        if (value instanceof String s) {
            return parse(option, s);
        }
        if (!(value instanceof byte[] b) || b.length != 6) {
            throw Domain.wrongType(option, value, "a 6-byte MAC address");
        }
        return check(option, b.clone());
    }

    private static byte[] check(String option, byte[] mac) {
        if ((mac[0] & 1) != 0) {
            throw Domain.invalid(option, HEX.formatHex(mac) + " is a multicast address");
        }
        return mac;
    }

    @Override
    public String format(Object value) {
        return HEX.formatHex((byte[]) value);
    }

    @Override
    public String describe() {
        return "MAC address aa:bb:cc:dd:ee:ff, not multicast";
    }
}
