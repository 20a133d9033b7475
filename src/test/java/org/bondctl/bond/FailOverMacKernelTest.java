package org.bondctl.bond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.plan.Bonds;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.SeedNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seed's question: how fail_over_mac decides MACs. Observed through bondctl's own view
 * (current and permanent MAC per port, the bond's MAC) across a real failover.
 */
@Tag("kernel")
class FailOverMacKernelTest {
    private SeedNetwork net;
    private Bonds bonds;

    @BeforeEach
    void setUp() {
        net = new SeedNetwork();
        bonds = new Bonds(net.rtnl);
    }

    @AfterEach
    void tearDown() {
        net.close();
    }

    private BondState failover(String policy) throws InterruptedException {
        bonds.create("bond0", BondSettings.parse(List.of("mode=active-backup", "miimon=50", "fail_over_mac=" + policy)));
        bonds.enslave("bond0", List.of("ens192", "ens224"));
        net.rtnl.setUp(net.rtnl.require("bond0"), true);
        waitActive("ens192");
        return bonds.show("bond0");
    }

    private BondState pullActive() throws InterruptedException {
        net.cable("ens192", false);
        waitActive("ens224");
        return bonds.show("bond0");
    }

    private static byte[] mac(BondState s, String port) {
        return SeedScenarioKernelTest.port(s, port).link().address();
    }

    private static byte[] perm(BondState s, String port) {
        return SeedScenarioKernelTest.port(s, port).permHwaddr();
    }

    @Test
    void noneGivesEveryPortTheBondMac() throws Exception {
        BondState s = failover("none");
        byte[] bondMac = s.link().address();
        assertArrayEq(perm(s, "ens192"), bondMac, "bond takes the first port's MAC");
        assertArrayEq(bondMac, mac(s, "ens224"), "every port carries the bond's MAC");
        s = pullActive();
        assertArrayEq(bondMac, s.link().address(), "failover changes no MAC");
        assertArrayEq(bondMac, mac(s, "ens224"), "");
    }

    @Test
    void activeMakesTheBondFollowTheActivePort() throws Exception {
        BondState s = failover("active");
        assertArrayEq(perm(s, "ens224"), mac(s, "ens224"), "ports keep their own MACs");
        assertArrayEq(mac(s, "ens192"), s.link().address(), "bond MAC = active port's");
        s = pullActive();
        assertArrayEq(perm(s, "ens224"), s.link().address(), "the bond's MAC changed with the failover");
        assertTrue(new Bonds(net.rtnl).show("bond0").text(org.bondctl.bond.options.BondOption.FAIL_OVER_MAC).equals("active"));
    }

    @Test
    void followMovesTheBondMacToTheNewActivePort() throws Exception {
        BondState s = failover("follow");
        byte[] bondMac = s.link().address();
        byte[] old224 = mac(s, "ens224");
        assertFalse(Arrays.equals(bondMac, old224), "a backup port keeps its own MAC");
        s = pullActive();
        assertArrayEq(bondMac, s.link().address(), "the bond keeps its MAC");
        assertArrayEq(bondMac, mac(s, "ens224"), "the new active port took the bond's MAC");
        assertArrayEq(old224, mac(s, "ens192"), "the old active port got the new one's previous MAC");
    }

    private static void assertArrayEq(byte[] expected, byte[] actual, String what) {
        assertEquals(Link.mac(expected), Link.mac(actual), what);
    }

    private void waitActive(String port) throws InterruptedException {
        assertEquals(port, bonds.await("bond0", 3000, b -> port.equals(b.activePort())).activePort());
    }
}
