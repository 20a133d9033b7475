package org.bondctl.bond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.KernelSupport;
import org.bondctl.bond.options.PortOption;
import org.bondctl.cli.Cli;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.Bonds;
import org.bondctl.rtnl.LinkEvents;
import org.bondctl.rtnl.SeedNetwork;
import org.bondctl.cli.WithSeedCli;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every bond option, in every mode the table says the kernel accepts it, is set on a live bond
 * and read back from the kernel's own dump. What the kernel must know comes from the table's
 * version column alone: an option of the kernel's mainline release or older must work; a newer
 * one either works (a distribution backport: Debian's 6.1.176 has coupled_control and
 * actor_port_prio) or is refused with exit 6 before anything changes. Port options likewise.
 * Runs on each test bed kernel (6.1 and 6.12: scripts/test.sh).
 */
@Tag("kernel")
@WithSeedCli
class BondOptionsKernelTest {
    private static final KernelSupport KERNEL = KernelSupport.running();

    /** A non-default value for every option (before any ARP monitor is configured). */
    private static final Map<BondOption, String> SAMPLES = new EnumMap<>(BondOption.class);

    static {
        SAMPLES.put(BondOption.MIIMON, "200");
        SAMPLES.put(BondOption.UPDELAY, "400");
        SAMPLES.put(BondOption.DOWNDELAY, "600");
        SAMPLES.put(BondOption.USE_CARRIER, "0");
        SAMPLES.put(BondOption.ARP_IP_TARGET, "192.0.2.1,192.0.2.2");
        SAMPLES.put(BondOption.ARP_ALL_TARGETS, "all");
        SAMPLES.put(BondOption.PRIMARY_RESELECT, "better");
        SAMPLES.put(BondOption.FAIL_OVER_MAC, "active");
        SAMPLES.put(BondOption.XMIT_HASH_POLICY, "layer3+4");
        SAMPLES.put(BondOption.RESEND_IGMP, "3");
        SAMPLES.put(BondOption.NUM_PEER_NOTIF, "4");
        SAMPLES.put(BondOption.ALL_SLAVES_ACTIVE, "1");
        SAMPLES.put(BondOption.MIN_LINKS, "1");
        SAMPLES.put(BondOption.LP_INTERVAL, "5");
        SAMPLES.put(BondOption.PACKETS_PER_SLAVE, "7");
        SAMPLES.put(BondOption.AD_LACP_RATE, "fast");
        SAMPLES.put(BondOption.AD_SELECT, "bandwidth");
        SAMPLES.put(BondOption.AD_ACTOR_SYS_PRIO, "100");
        SAMPLES.put(BondOption.AD_USER_PORT_KEY, "10");
        SAMPLES.put(BondOption.AD_ACTOR_SYSTEM, "02:00:00:00:00:01");
        SAMPLES.put(BondOption.TLB_DYNAMIC_LB, "0");
        SAMPLES.put(BondOption.PEER_NOTIF_DELAY, "1000");
        SAMPLES.put(BondOption.AD_LACP_ACTIVE, "off");
        SAMPLES.put(BondOption.NS_IP6_TARGET, "2001:db8::1,2001:db8::2");
        SAMPLES.put(BondOption.COUPLED_CONTROL, "off");
        SAMPLES.put(BondOption.BROADCAST_NEIGH, "on");
    }

    private SeedNetwork net;
    private Bonds bonds;

    /** Whether the kernel's mainline release has the option: then it must work, no excuse. */
    private static boolean mustKnow(BondOption o) {
        return KernelSupport.atLeast(KERNEL.release(), o.since());
    }

    @ParameterizedTest
    @EnumSource(BondMode.class)
    void everyOptionOfTheModeIsSetAndReadBack(BondMode mode) {
        bonds.create("bond0", BondSettings.parse(List.of("mode=" + mode.kernelName(), "miimon=100")));
        assertEquals(mode, bonds.show("bond0").mode());
        List<String> refused = new ArrayList<>();
        int checked = 0;
        for (BondOption o : BondOption.values()) {
            String sample = SAMPLES.get(o);
            if (sample == null || !o.inMode(mode)) {
                continue;
            }
            if (o == BondOption.TLB_DYNAMIC_LB && mode == BondMode.BALANCE_ALB) {
                continue; // alb always balances dynamically: the kernel forces 1
            }
            String before = texts(bonds.show("bond0"));
            try {
                BondState s = bonds.set("bond0", BondSettings.parse(List.of(o.kernelName() + "=" + sample)));
                assertEquals(new BondSettings().put(o, sample).text(o), s.text(o), o.kernelName() + " in " + mode.kernelName());
                checked++;
            } catch (BondctlException e) {
                if (mustKnow(o)) {
                    throw new AssertionError(o.kernelName() + " (Linux " + o.since() + "+) refused by Linux "
                            + KERNEL.release() + ": " + e.getMessage(), e);
                }
                assertEquals(BondctlException.Kind.UNAVAILABLE, e.kind(), e.getMessage());
                assertTrue(e.getMessage().contains("does not support option " + o.kernelName()), e.getMessage());
                assertEquals(before, texts(bonds.show("bond0")), o.kernelName() + " refused, but the bond changed");
                refused.add(o.kernelName());
            }
        }
        assertTrue(checked >= 14, "only " + checked + " options checked in " + mode.kernelName());
        System.out.println("Linux " + KERNEL.release() + " " + mode.kernelName() + ": " + checked + " options set and read back"
                + (refused.isEmpty() ? "" : "; refused (newer than the kernel): " + refused));
    }

    /**
     * Each option newer than the kernel's mainline release, asked for with `bondctl add` and
     * `bondctl set`: it works and reads back (a backport), or the command exits 6 with one line
     * naming it, and nothing happened: no link event in the namespace, no bond, no option changed.
     */
    @Test
    void anOptionNewerThanTheKernelWorksOrIsRefusedBeforeAnythingChanges() throws Exception {
        Cli cli = new Cli(net.name());
        assertEquals(0, cli.run("add", "bond0", "mode=802.3ad").exit());
        List<String> backported = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (BondOption o : BondOption.values()) {
            if (mustKnow(o) || SAMPLES.get(o) == null) {
                continue;
            }
            BondMode mode = o.inMode(BondMode.IEEE_802_3AD) ? BondMode.IEEE_802_3AD : o.modes().iterator().next();
            String item = o.kernelName() + "=" + SAMPLES.get(o);
            String bond0Before = texts(bonds.show("bond0"));
            boolean works;
            try (LinkEvents events = new LinkEvents(net.name())) {
                Cli.Result add = cli.run("add", "bond1", "mode=" + mode.kernelName(), item);
                works = add.exit() == 0;
                if (!works) {
                    assertEquals(List.of(), events.about("bond1"), "link events after the refused " + add);
                    assertFalse(net.rtnl.link("bond1").isPresent(), "bond1 exists after: " + add);
                    assertRefused(o, add, "add bond1");
                }
            }
            if (works) {
                assertEquals(new BondSettings().put(o, SAMPLES.get(o)).text(o), bonds.show("bond1").text(o), o.kernelName());
                assertEquals(0, cli.run("del", "bond1").exit());
            }
            if (o.inMode(BondMode.IEEE_802_3AD)) {
                try (LinkEvents events = new LinkEvents(net.name())) {
                    Cli.Result set = cli.run("set", "bond0", item);
                    assertEquals(works, set.exit() == 0, "add and set disagree about " + o.kernelName() + ": " + set);
                    if (!works) {
                        assertEquals(List.of(), events.about("bond0"), "link events after the refused " + set);
                        assertEquals(bond0Before, texts(bonds.show("bond0")));
                        assertRefused(o, set, "set bond0");
                    }
                }
            }
            (works ? backported : refused).add(o.kernelName());
        }
        System.out.println("Linux " + KERNEL.release() + ": options newer than its mainline release that work (backports): "
                + backported + "; refused before any change: " + refused);
    }

    /** Every option of the bond as text (a byte[] value has no equals). */
    private static String texts(BondState b) {
        StringBuilder sb = new StringBuilder();
        b.options().options().forEach(o -> sb.append(o.kernelName()).append('=').append(b.text(o)).append(' '));
        return sb.toString();
    }

    private static void assertRefused(BondOption o, Cli.Result r, String op) {
        assertEquals(6, r.exit(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().contains(op + ": this kernel (Linux " + KERNEL.release() + ") does not support option "
                + o.kernelName() + " (Linux " + o.since() + "+); nothing was changed"), r::toString);
    }

    @ParameterizedTest
    @EnumSource(value = BondMode.class, names = {"BALANCE_RR", "ACTIVE_BACKUP", "BALANCE_XOR", "BROADCAST"})
    void arpMonitorOptions(BondMode mode) {
        bonds.create("bond0", BondSettings.parse(List.of("mode=" + mode.kernelName(), "arp_interval=250",
                "arp_ip_target=192.0.2.1,192.0.2.2", "arp_validate=all", "arp_all_targets=all", "arp_missed_max=3")));
        BondState s = bonds.show("bond0");
        assertEquals(250, s.number(BondOption.ARP_INTERVAL));
        assertEquals(0, s.number(BondOption.MIIMON), "the ARP monitor replaces the MII monitor");
        assertEquals("192.0.2.1,192.0.2.2", s.text(BondOption.ARP_IP_TARGET));
        assertEquals("all", s.text(BondOption.ARP_VALIDATE));
        assertEquals("all", s.text(BondOption.ARP_ALL_TARGETS));
        assertEquals(3, s.number(BondOption.MISSED_MAX));
        s = bonds.set("bond0", BondSettings.parse(List.of("arp_ip_target=198.51.100.1")));
        assertEquals("198.51.100.1", s.text(BondOption.ARP_IP_TARGET));
    }

    @ParameterizedTest
    @EnumSource(value = BondMode.class, names = {"ACTIVE_BACKUP", "BALANCE_TLB", "BALANCE_ALB"})
    void primaryAndActivePortWithPorts(BondMode mode) throws Exception {
        bonds.create("bond0", BondSettings.parse(List.of("mode=" + mode.kernelName(), "miimon=100")));
        bonds.enslave("bond0", List.of("ens192", "ens224"));
        net.rtnl.setUp(net.rtnl.require("bond0"), true);
        waitActive();
        BondState s = bonds.set("bond0", BondSettings.parse(List.of("primary=ens224")));
        assertEquals("ens224", s.text(BondOption.PRIMARY));
        s = bonds.set("bond0", BondSettings.parse(List.of("primary_reselect=failure", "active_slave=ens192")));
        assertEquals("ens192", s.activePort());
        s = bonds.set("bond0", BondSettings.parse(List.of("active_slave=ens224")));
        assertEquals("ens224", s.activePort());
    }

    @ParameterizedTest
    @EnumSource(BondMode.class)
    void portOptionsOfTheMode(BondMode mode) {
        bonds.create("bond0", BondSettings.parse(List.of("mode=" + mode.kernelName())));
        bonds.enslave("bond0", List.of("ens192"));
        Map<PortOption, String> samples = Map.of(PortOption.QUEUE_ID, "3", PortOption.PRIO, "-5",
                PortOption.ACTOR_PORT_PRIO, "200");
        for (PortOption o : PortOption.values()) {
            long v = o.parse(samples.get(o));
            if (!o.inMode(mode)) {
                BondctlException e = assertThrows(BondctlException.class, () -> bonds.setPort("ens192", o, v));
                assertEquals(BondctlException.Kind.INVALID, e.kind());
                continue;
            }
            Map<PortOption, Long> before = bonds.show("bond0").ports().get(0).options();
            try {
                bonds.setPort("ens192", o, v);
            } catch (BondctlException e) {
                // only an option newer than the kernel's release, and only before any change
                assertTrue(!KernelSupport.atLeast(KERNEL.release(), o.since()), e.getMessage());
                assertEquals(BondctlException.Kind.UNAVAILABLE, e.kind(), e.getMessage());
                assertEquals(before, bonds.show("bond0").ports().get(0).options());
                System.out.println("Linux " + KERNEL.release() + ": port option " + o.kernelName() + " refused before any change");
                continue;
            }
            PortState p = bonds.show("bond0").ports().get(0);
            assertEquals(o.format(v), o.format(p.options().get(o)), o.kernelName() + " in " + mode.kernelName());
            if (!KernelSupport.atLeast(KERNEL.release(), o.since())) {
                System.out.println("Linux " + KERNEL.release() + ": port option " + o.kernelName() + " (Linux " + o.since()
                        + "+) works (a backport)");
            }
        }
    }

    private void waitActive() throws InterruptedException {
        assertTrue(bonds.await("bond0", 5000, b -> b.activePort() != null).activePort() != null, "an active port");
    }
}
