package org.bondctl.bond.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.MessageBuilder;
import org.junit.jupiter.api.Test;

class BondSettingsTest {
    private static final Set<String> PORTS = new LinkedHashSet<>(List.of("ens192", "ens224"));
    private static final Set<String> EXISTING = Set.of("lo", "ens192", "ens224", "ens256", "bond0");

    private static BondSettings parse(String... items) {
        return BondSettings.parse(List.of(items));
    }

    @Test
    void parsesSeparateItemsAndNmcliStyle() {
        BondSettings s = parse("mode=active-backup,miimon=1000", "primary=ens192");
        assertEquals(List.of(BondOption.MODE, BondOption.MIIMON, BondOption.PRIMARY), List.copyOf(s.options()));
        assertEquals(1L, s.get(BondOption.MODE));
        assertEquals(1000L, s.get(BondOption.MIIMON));
        assertEquals("ens192", s.get(BondOption.PRIMARY));
        assertEquals("mode=active-backup miimon=1000 primary=ens192", s.toString());
    }

    @Test
    void targetListsContinueOverCommas() throws Exception {
        BondSettings s = parse("mode=1,arp_interval=100,arp_ip_target=192.0.2.1,192.0.2.2,miimon=0,arp_validate=all");
        assertEquals(List.of(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("192.0.2.2")),
                s.get(BondOption.ARP_IP_TARGET));
        assertEquals(0L, s.get(BondOption.MIIMON));
        assertEquals(3L, s.get(BondOption.ARP_VALIDATE));
        assertEquals("mode=active-backup arp_interval=100 arp_ip_target=192.0.2.1,192.0.2.2 miimon=0 arp_validate=all",
                s.toString());
        BondSettings v6 = parse("ns_ip6_target=2001:db8::1,2001:db8::2", "arp_ip_target=");
        assertEquals("ns_ip6_target=2001:db8::1,2001:db8::2 arp_ip_target=", v6.toString());
        assertEquals(List.of(), v6.get(BondOption.ARP_IP_TARGET));
    }

    @Test
    void parseErrors() {
        Errors.assertInvalid("option miimon is given twice", () -> parse("miimon=100", "miimon=200"));
        Errors.assertInvalid("option num_peer_notif is given twice (as num_grat_arp and num_unsol_na)",
                () -> parse("num_grat_arp=2,num_unsol_na=3"));
        Errors.assertInvalid("unknown bond option 'moed' (did you mean mode?)", () -> parse("moed=1"));
        Errors.assertInvalid("'192.0.2.2' is not name=value", () -> parse("192.0.2.2"));
        Errors.assertInvalid("'=1' has no option name before '='", () -> parse("=1"));
        Errors.assertInvalid("option miimon: '100,200' is not a number", () -> parse("miimon=100,200"));
        Errors.assertInvalid("option mode: 'fast' is not one of balance-rr, active-backup, balance-xor, broadcast, 802.3ad,"
                + " balance-tlb, balance-alb", () -> parse("mode=fast"));
        // as ip(8) does: no empty list items
        Errors.assertInvalid("an option argument is empty", () -> parse("", "mode=1"));
        Errors.assertInvalid("'mode=1,' has an empty item (two commas, or a comma at an end)", () -> parse("mode=1,"));
        Errors.assertInvalid("'mode=1,,miimon=100' has an empty item (two commas, or a comma at an end)",
                () -> parse("mode=1,,miimon=100"));
    }

    @Test
    void putNormalisesAndWithoutCopies() {
        BondSettings s = new BondSettings().put(BondOption.MIIMON, 100).put(BondOption.MODE, "802.3ad");
        assertEquals(100L, s.get(BondOption.MIIMON));
        assertEquals(4L, s.get(BondOption.MODE));
        BondSettings t = s.without(BondOption.MIIMON);
        assertFalse(t.has(BondOption.MIIMON));
        assertTrue(s.has(BondOption.MIIMON));
        assertTrue(new BondSettings().isEmpty());
        Errors.assertInvalid("option lacp_rate: 2 is not one of 0-1 (slow, fast)", () -> new BondSettings().put(BondOption.AD_LACP_RATE, 2));
        // a number for an interface option is the caller's bug, not the user's input
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new BondSettings().put(BondOption.PRIMARY, 3L));
        assertEquals("option primary is not a number", e.getMessage());
        assertEquals("ens192", new BondSettings().put(BondOption.PRIMARY, "ens192").ifname(BondOption.PRIMARY));
        assertEquals(4L, new BondSettings().put(BondOption.MODE, "802.3ad").number(BondOption.MODE, -1));
    }

    @Test
    void encodesEveryOptionInKernelOrder() {
        BondSettings s = parse("primary=ens192", "miimon=100", "mode=active-backup");
        MessageBuilder b = Wire.nest(m -> s.encode(m, Wire.RESOLVER));
        AttrTable t = Wire.parse(b);
        assertEquals(1L, BondOption.MODE.decode(t, Wire.RESOLVER));
        assertEquals(100L, BondOption.MIIMON.decode(t, Wire.RESOLVER));
        assertEquals("ens192", BondOption.PRIMARY.decode(t, Wire.RESOLVER));
        byte[] p = Wire.payload(b);
        assertEquals(1, p[4 + 2]); // first attribute type after the nest header: IFLA_BOND_MODE
    }

    // ---- validation: the NM seed, then each class of error

    @Test
    void networkManagerSeedValidates() {
        BondSettings seed = parse("mode=active-backup,miimon=1000,primary=ens192,primary_reselect=always,updelay=10000");
        assertEquals(List.of(), seed.validate(BondMode.ACTIVE_BACKUP, 1000, PORTS, EXISTING));
        assertEquals(List.of(), seed.validate(BondMode.ACTIVE_BACKUP, 1000, Set.of(), EXISTING)); // a new bond
    }

    @Test
    void optionNotValidInMode() {
        Errors.assertInvalid("option primary is not valid in mode balance-rr (kernel accepts it in active-backup, balance-tlb, balance-alb)",
                () -> parse("primary=ens192").validate(BondMode.BALANCE_RR, 100, PORTS, EXISTING));
        Errors.assertInvalid("option lacp_rate is not valid in mode active-backup (kernel accepts it in 802.3ad)",
                () -> parse("lacp_rate=fast").validate(BondMode.ACTIVE_BACKUP, 100, PORTS, null));
        Errors.assertInvalid("option arp_interval is not valid in mode 802.3ad (kernel accepts it in balance-rr, active-backup,"
                + " balance-xor, broadcast)", () -> parse("arp_interval=0").validate(BondMode.IEEE_802_3AD, 100, Set.of(), null));
    }

    @Test
    void delaysMustBeMultiplesOfMiimon() {
        Errors.assertInvalid("option updelay=150: not a multiple of miimon=100; the kernel would silently round it down to 100",
                () -> parse("updelay=150").validate(BondMode.ACTIVE_BACKUP, 100, PORTS, null));
        Errors.assertInvalid("option downdelay=50: not a multiple of miimon=100; the kernel would silently round it down to 0",
                () -> parse("downdelay=50").validate(BondMode.ACTIVE_BACKUP, 100, PORTS, null));
        Errors.assertInvalid("option peer_notif_delay=250: not a multiple of miimon=200; the kernel would silently round it down to 200",
                () -> parse("peer_notif_delay=250").validate(BondMode.ACTIVE_BACKUP, 200, PORTS, null));
        assertEquals(List.of(), parse("updelay=200,downdelay=0").validate(BondMode.ACTIVE_BACKUP, 100, PORTS, null));
    }

    @Test
    void delaysNeedMiimonEvenWhenZero() {
        // _bond_option_delay_set() answers EPERM without miimon, before it looks at the value
        Errors.assertInvalid("option updelay: needs MII monitoring, but miimon is 0; the kernel refuses it (EPERM)",
                () -> parse("updelay=0").validate(BondMode.ACTIVE_BACKUP, 0, PORTS, null));
        Errors.assertInvalid("option downdelay: needs MII monitoring, but miimon is 0; the kernel refuses it (EPERM)",
                () -> parse("arp_interval=100,downdelay=200").validate(BondMode.ACTIVE_BACKUP, 0, PORTS, null));
    }

    @Test
    void primaryAndActiveSlaveMustBePorts() {
        Errors.assertInvalid("option primary: ens999 is not a port of this bond (ports: ens192, ens224)",
                () -> parse("primary=ens999").validate(BondMode.ACTIVE_BACKUP, 100, PORTS, EXISTING));
        Errors.assertInvalid("option primary: ens999 does not exist",
                () -> parse("primary=ens999").validate(BondMode.ACTIVE_BACKUP, 100, Set.of(), EXISTING));
        assertEquals(List.of(), parse("primary=ens999").validate(BondMode.ACTIVE_BACKUP, 100, Set.of(), null));
        assertEquals(List.of(), parse("primary=ens256").validate(BondMode.ACTIVE_BACKUP, 100, Set.of(), EXISTING));
        Errors.assertInvalid("option active_slave: ens256 is not a port of this bond (ports: ens192, ens224)",
                () -> parse("active_slave=ens256").validate(BondMode.BALANCE_TLB, 100, PORTS, EXISTING));
        Errors.assertInvalid("option active_slave: the bond has no ports, so ens192 cannot be its active port",
                () -> parse("active_slave=ens192").validate(BondMode.ACTIVE_BACKUP, 100, Set.of(), EXISTING));
        assertEquals(List.of(), parse("active_slave=,primary=").validate(BondMode.ACTIVE_BACKUP, 100, Set.of(), EXISTING));
        assertEquals(List.of(), parse("active_slave=ens224").validate(BondMode.BALANCE_ALB, 100, PORTS, EXISTING));
    }

    @Test
    void arpAndMiiMonitoringExcludeEachOther() {
        Errors.assertInvalid("option arp_interval: cannot be set together with miimon=100: ARP and MII monitoring exclude each other"
                + " (the kernel refuses both, EINVAL)",
                () -> parse("miimon=100,arp_interval=200").validate(BondMode.ACTIVE_BACKUP, 100, PORTS, null));
        Errors.assertInvalid("option arp_validate: cannot be set together with miimon=100: ARP validation needs ARP monitoring"
                + " (the kernel refuses both, EINVAL)",
                () -> parse("miimon=100,arp_validate=active").validate(BondMode.ACTIVE_BACKUP, 100, PORTS, null));
        assertEquals(List.of(), parse("miimon=0,arp_interval=200").validate(BondMode.ACTIVE_BACKUP, 0, PORTS, null));
        assertEquals(List.of(), parse("miimon=100,arp_interval=0,arp_validate=none")
                .validate(BondMode.ACTIVE_BACKUP, 100, PORTS, null));
        assertEquals(List.of("option arp_interval=200 turns ARP monitoring on: the kernel turns MII monitoring off (miimon 100 -> 0)"),
                parse("arp_interval=200").validate(BondMode.ACTIVE_BACKUP, 100, PORTS, null));
    }

    @Test
    void noticesAreWarningsNotOutages() {
        // The outage of a needs-down option is announced by Bonds.set when it happens, not here.
        assertEquals(List.of(), parse("lacp_rate=fast,ad_select=bandwidth").validate(BondMode.IEEE_802_3AD, 100, PORTS, null));
        assertEquals(List.of("option use_carrier=0 is obsolete: Linux 6.18 and later refuse it"),
                parse("use_carrier=0").validate(BondMode.ACTIVE_BACKUP, 100, PORTS, null));
    }
}
