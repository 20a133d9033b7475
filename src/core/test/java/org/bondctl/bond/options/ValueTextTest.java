package org.bondctl.bond.options;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/** Text in and out: the kernel's spellings, and one-line errors naming option and reason. */
class ValueTextTest {

    @Test
    void numbersAndTheirErrors() {
        assertEquals(1000L, BondOption.MIIMON.parse("1000"));
        assertEquals(0L, BondOption.MIIMON.parse(" 0 "));
        assertEquals(2147483647L, BondOption.MIIMON.parse("2147483647"));
        Errors.assertInvalid("option miimon: 'abc' is not a number", () -> BondOption.MIIMON.parse("abc"));
        Errors.assertInvalid("option miimon: '' is not a number", () -> BondOption.MIIMON.parse(""));
        Errors.assertInvalid("option miimon: 2147483648 is out of range 0-2147483647", () -> BondOption.MIIMON.parse("2147483648"));
        Errors.assertInvalid("option miimon: 99999999999999999999 is out of range 0-2147483647",
                () -> BondOption.MIIMON.parse("99999999999999999999"));
        Errors.assertInvalid("option miimon: -1 is out of range 0-2147483647", () -> BondOption.MIIMON.parse("-1"));
        Errors.assertInvalid("option ad_user_port_key: 2000 is out of range 0-1023", () -> BondOption.AD_USER_PORT_KEY.parse("2000"));
        Errors.assertInvalid("option ad_actor_sys_prio: 0 is out of range 1-65535", () -> BondOption.AD_ACTOR_SYS_PRIO.parse("0"));
        Errors.assertInvalid("option lp_interval: 0 is out of range 1-2147483647", () -> BondOption.LP_INTERVAL.parse("0"));
        Errors.assertInvalid("option arp_missed_max: 256 is out of range 1-255", () -> BondOption.MISSED_MAX.parse("256"));
        Errors.assertInvalid("option peer_notif_delay: 300001 is out of range 0-300000", () -> BondOption.PEER_NOTIF_DELAY.parse("300001"));
        Errors.assertInvalid("option num_peer_notif: 256 is out of range 0-255", () -> BondOption.NUM_PEER_NOTIF.parse("256"));
        Errors.assertInvalid("option miimon: a value is required", () -> BondOption.MIIMON.parse(null));
    }

    @Test
    void enumerationsTakeNameOrNumberLikeTheKernel() {
        assertEquals(1L, BondOption.MODE.parse("active-backup"));
        assertEquals(1L, BondOption.MODE.parse("1"));
        assertEquals(4L, BondOption.MODE.parse("802.3ad"));
        assertEquals(5L, BondOption.XMIT_HASH_POLICY.parse("vlan+srcmac"));
        assertEquals(6L, BondOption.ARP_VALIDATE.parse("filter_backup"));
        assertEquals(2L, BondOption.FAIL_OVER_MAC.parse("follow"));
        assertEquals(1L, BondOption.AD_LACP_RATE.parse("fast"));
        assertEquals(1L, BondOption.ALL_SLAVES_ACTIVE.parse("on"));
        assertEquals(0L, BondOption.AD_LACP_ACTIVE.parse("off"));
        StringJoiner modes = new StringJoiner(", ");
        for (BondMode m : BondMode.values()) {
            modes.add(m.kernelName());
        }
        Errors.assertInvalid("option mode: 'foo' is not one of " + modes, () -> BondOption.MODE.parse("foo"));
        Errors.assertInvalid("option mode: 'Active-Backup' is not one of " + modes, () -> BondOption.MODE.parse("Active-Backup"));
        Errors.assertInvalid("option mode: 7 is not one of 0-6 (" + modes + ")", () -> BondOption.MODE.parse("7"));
        Errors.assertInvalid("option lacp_rate: 'medium' is not one of slow, fast", () -> BondOption.AD_LACP_RATE.parse("medium"));
        Errors.assertInvalid("option use_carrier: 'yes' is not one of off, on", () -> BondOption.USE_CARRIER.parse("yes"));
        Errors.assertInvalid("option use_carrier: 2 is not one of 0-1 (off, on)", () -> BondOption.USE_CARRIER.parse("2"));
    }

    @Test
    void formatIsWhatSysfsShows() {
        assertEquals("active-backup", BondOption.MODE.format(1L));
        assertEquals("1000", BondOption.MIIMON.format(1000L));
        assertEquals("1", BondOption.TLB_DYNAMIC_LB.format(1L)); // sysfs "%d", NM INT 0-1
        assertEquals("on", BondOption.AD_LACP_ACTIVE.format(1L)); // sysfs "%s %d", NM "on"
        assertEquals("9", BondOption.XMIT_HASH_POLICY.format(9L)); // a value a newer kernel may report
        assertEquals("layer2+3", BondOption.XMIT_HASH_POLICY.format("layer2+3"));
    }

    @Test
    void interfaceNames() {
        assertEquals("ens192", BondOption.PRIMARY.parse("ens192"));
        assertEquals("", BondOption.PRIMARY.parse(""));
        assertEquals("", BondOption.ACTIVE_SLAVE.parse("  "));
        Errors.assertInvalid("option primary: 'a/b' is not a valid interface name", () -> BondOption.PRIMARY.parse("a/b"));
        Errors.assertInvalid("option primary: 'eth0:1' is not a valid interface name", () -> BondOption.PRIMARY.parse("eth0:1"));
        Errors.assertInvalid("option primary: 'abcdefghijklmnop' is not a valid interface name",
                () -> BondOption.PRIMARY.parse("abcdefghijklmnop"));
        assertEquals("abcdefghijklmno", BondOption.PRIMARY.parse("abcdefghijklmno")); // 15 bytes is the limit
    }

    @Test
    void ipv4TargetLists() throws Exception {
        assertEquals(List.of(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("192.0.2.2")),
                BondOption.ARP_IP_TARGET.parse("192.0.2.1, 192.0.2.2"));
        assertEquals("192.0.2.1,192.0.2.2", BondOption.ARP_IP_TARGET.format(BondOption.ARP_IP_TARGET.parse("192.0.2.1 192.0.2.2")));
        assertEquals(List.of(), BondOption.ARP_IP_TARGET.parse(""));
        Errors.assertInvalid("option arp_ip_target: 'gateway.example' is not an IPv4 address",
                () -> BondOption.ARP_IP_TARGET.parse("gateway.example"));
        Errors.assertInvalid("option arp_ip_target: '192.0.2.256' is not an IPv4 address",
                () -> BondOption.ARP_IP_TARGET.parse("192.0.2.256"));
        Errors.assertInvalid("option arp_ip_target: '2001:db8::1' is not an IPv4 address",
                () -> BondOption.ARP_IP_TARGET.parse("2001:db8::1"));
        Errors.assertInvalid("option arp_ip_target: 192.0.2.1 is given twice",
                () -> BondOption.ARP_IP_TARGET.parse("192.0.2.1,192.0.2.1"));
        Errors.assertInvalid("option arp_ip_target: 0.1.2.3 cannot be a target (the kernel refuses 0.0.0.0/8 and 255.255.255.255)",
                () -> BondOption.ARP_IP_TARGET.parse("0.1.2.3"));
        Errors.assertInvalid("option arp_ip_target: 255.255.255.255 cannot be a target (the kernel refuses 0.0.0.0/8 and 255.255.255.255)",
                () -> BondOption.ARP_IP_TARGET.parse("255.255.255.255"));
        StringJoiner seventeen = new StringJoiner(",");
        for (int i = 1; i <= 17; i++) {
            seventeen.add("192.0.2." + i);
        }
        Errors.assertInvalid("option arp_ip_target: at most 16 targets", () -> BondOption.ARP_IP_TARGET.parse(seventeen.toString()));
    }

    @Test
    void ipv6TargetLists() {
        assertEquals("2001:db8::1,fe80::1", BondOption.NS_IP6_TARGET.format(
                BondOption.NS_IP6_TARGET.parse("2001:0db8:0000:0000:0000:0000:0000:0001,fe80::1")));
        assertEquals("2001:db8:0:1::1", AddressListDomain.text(WireType.inet6(new byte[] {
                0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1})));
        assertEquals("2001:db8:0:1:1:1:1:1", BondOption.NS_IP6_TARGET.format(BondOption.NS_IP6_TARGET.parse("2001:db8:0:1:1:1:1:1")));
        // IPv4-mapped stays IPv6 (InetAddress alone would turn it into an Inet4Address)
        assertEquals("::ffff:192.0.2.1", BondOption.NS_IP6_TARGET.format(BondOption.NS_IP6_TARGET.parse("::ffff:192.0.2.1")));
        Errors.assertInvalid("option ns_ip6_target: '192.0.2.1' is not an IPv6 address",
                () -> BondOption.NS_IP6_TARGET.parse("192.0.2.1"));
        Errors.assertInvalid("option ns_ip6_target: ff02::1 cannot be a target (the kernel refuses ::, ::1 and multicast)",
                () -> BondOption.NS_IP6_TARGET.parse("ff02::1"));
        Errors.assertInvalid("option ns_ip6_target: ::1 cannot be a target (the kernel refuses ::, ::1 and multicast)",
                () -> BondOption.NS_IP6_TARGET.parse("::1"));
    }

    @Test
    void macAddresses() {
        assertArrayEquals(new byte[] {0, 0x11, 0x22, 0x33, 0x44, 0x55}, (byte[]) BondOption.AD_ACTOR_SYSTEM.parse("00:11:22:33:44:55"));
        assertEquals("aa:bb:cc:dd:ee:fe", BondOption.AD_ACTOR_SYSTEM.format(BondOption.AD_ACTOR_SYSTEM.parse("AA:BB:CC:DD:EE:FE")));
        Errors.assertInvalid("option ad_actor_system: '00:11:22:33:44' is not a MAC address (aa:bb:cc:dd:ee:ff)",
                () -> BondOption.AD_ACTOR_SYSTEM.parse("00:11:22:33:44"));
        Errors.assertInvalid("option ad_actor_system: 01:00:5e:00:00:01 is a multicast address",
                () -> BondOption.AD_ACTOR_SYSTEM.parse("01:00:5e:00:00:01"));
    }
}
