package org.bondctl.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.RouteAttrs;
import org.bondctl.rtnl.RoutingRule;
import org.bondctl.rtnl.Rtnl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The records of the rules and typed routes bondctl added: one file per kind and namespace, read
 * back as written, a damaged line skipped, an owner with a space kept whole.
 */
class OwnerRecordTest {
    @TempDir
    Path state;

    @AfterEach
    void tearDown() {
        System.clearProperty("bondctl.state-dir");
    }

    @Test
    void readBackAsWrittenPerNamespaceAndADamagedLineIsSkipped() throws Exception {
        System.setProperty("bondctl.state-dir", state.toString());
        Map<String, List<RoutingRule>> owners = Map.of("u1", List.of(
                RoutingRule.parse("priority 60 from 192.0.2.0/24 table 200", Rtnl.AF_INET),
                RoutingRule.parse("priority 65 type prohibit", Rtnl.AF_INET6)));
        byte[] text = OwnerRecord.rules(null).bytes(owners);
        assertEquals("u1 4 priority 60 from 192.0.2.0/24 table 200\nu1 6 priority 65 from ::/0 type prohibit\n", new String(text));
        Files.write(state.resolve("routing-rules@ns-1"), text);
        OwnerRecord<RoutingRule> r = OwnerRecord.rules("ns-1");
        assertEquals(owners, r.byOwner);
        assertArrayEquals(text, r.original);
        assertEquals(state.resolve("routing-rules@_proc_7_ns_net"), OwnerRecord.rules("/proc/7/ns/net").file);
        assertEquals(Map.of(), OwnerRecord.rules(null).byOwner, "no file: nothing recorded");
        Files.writeString(state.resolve("routing-rules"), "u2 4 priority table\nu2 4 priority 7 from 192.0.2.1 table 9\n");
        assertEquals(Map.of("u2", List.of(RoutingRule.parse("priority 7 from 192.0.2.1 table 9", Rtnl.AF_INET))),
                OwnerRecord.rules(null).byOwner);
    }

    @Test
    void typedRoutesAreRecordedWithTheirInterfaceOrNone() throws Exception {
        System.setProperty("bondctl.state-dir", state.toString());
        Step.AddRoute blackhole = new Step.AddRoute(null, Route.of(Address.parse("198.51.100.0/24"), null, 0, 300,
                Rtnl.RT_TABLE_MAIN, RouteAttrs.parse(List.of("type=blackhole", "mtu=1300"), Rtnl.AF_INET)));
        Step.AddRoute local = new Step.AddRoute("bond0", Route.of(Address.parse("2001:db8::77/128"), null, 0, 300,
                Rtnl.RT_TABLE_LOCAL, RouteAttrs.parse(List.of("type=local"), Rtnl.AF_INET6)));
        Map<String, List<Step.AddRoute>> owners = new java.util.LinkedHashMap<>();
        owners.put("u1", List.of(blackhole, local));
        owners.put("id:my bond", List.of(blackhole));
        byte[] text = OwnerRecord.routes(null).bytes(owners);
        assertTrue(new String(text).startsWith("u1 AddRoute\t"), new String(text));
        Files.write(state.resolve("typed-routes"), (new String(text) + "u2 AddRoute\tdev=x\n").getBytes());
        assertEquals(owners, OwnerRecord.routes(null).byOwner, "read back as written, the damaged line left out");
        assertEquals(Rtnl.RTN_BLACKHOLE, OwnerRecord.routes(null).byOwner.get("id:my bond").get(0).route().type());
    }
}
