package org.bondctl.bond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.plan.Bonds;
import org.bondctl.rtnl.MacAddress;
import org.bondctl.rtnl.SeedNetwork;
import org.bondctl.rtnl.WithSeedNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seed's question: how fail_over_mac decides MACs. Observed through bondctl's own view
 * (current and permanent MAC per port, the bond's MAC) across a real failover.
 */
@Tag("kernel")
@WithSeedNetwork
class FailOverMacKernelTest {
    private SeedNetwork net;
    private Bonds bonds;

    @BeforeEach
    void setUp() {
        bonds = new Bonds(net.rtnl);
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

    private static MacAddress mac(BondState s, String port) {
        return s.port(port).orElseThrow().link().address();
    }

    private static MacAddress perm(BondState s, String port) {
        return s.port(port).orElseThrow().permHwaddr();
    }

    @Test
    void noneGivesEveryPortTheBondMac() throws Exception {
        BondState s = failover("none");
        MacAddress bondMac = s.link().address();
        assertEquals(perm(s, "ens192"), bondMac, "bond takes the first port's MAC");
        assertEquals(bondMac, mac(s, "ens224"), "every port carries the bond's MAC");
        s = pullActive();
        assertEquals(bondMac, s.link().address(), "failover changes no MAC");
        assertEquals(bondMac, mac(s, "ens224"), "");
    }

    @Test
    void activeMakesTheBondFollowTheActivePort() throws Exception {
        BondState s = failover("active");
        assertEquals(perm(s, "ens224"), mac(s, "ens224"), "ports keep their own MACs");
        assertEquals(mac(s, "ens192"), s.link().address(), "bond MAC = active port's");
        s = pullActive();
        assertEquals(perm(s, "ens224"), s.link().address(), "the bond's MAC changed with the failover");
        assertTrue(new Bonds(net.rtnl).show("bond0").text(org.bondctl.bond.options.BondOption.FAIL_OVER_MAC).equals("active"));
    }

    @Test
    void followMovesTheBondMacToTheNewActivePort() throws Exception {
        BondState s = failover("follow");
        MacAddress bondMac = s.link().address();
        MacAddress old224 = mac(s, "ens224");
        assertNotEquals(bondMac, old224, "a backup port keeps its own MAC");
        s = pullActive();
        assertEquals(bondMac, s.link().address(), "the bond keeps its MAC");
        assertEquals(bondMac, mac(s, "ens224"), "the new active port took the bond's MAC");
        assertEquals(old224, mac(s, "ens192"), "the old active port got the new one's previous MAC");
    }


    private void waitActive(String port) throws InterruptedException {
        assertEquals(port, bonds.await("bond0", 3000, b -> port.equals(b.activePort())).activePort());
    }
}
