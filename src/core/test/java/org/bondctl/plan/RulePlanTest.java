package org.bondctl.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.rtnl.RoutingRule;
import org.bondctl.rtnl.Rtnl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planner's rules against a kernel's rules and bondctl's record (IpPlanner.owned): only the
 * profiles named are decided, a rule is deleted only where bondctl added it and no profile still
 * asks for it, one someone else made is never deleted, and the record follows.
 */
class RulePlanTest {
    @TempDir
    Path state;
    private static final RoutingRule A = rule("priority 60 from 192.0.2.0/24 table 200");
    private static final RoutingRule A2 = rule("priority 60 from 192.0.2.0/24 table 201");
    private static final RoutingRule B = rule("priority 61 fwmark 0x10 table 5");
    private static final RoutingRule THEIRS = rule("priority 70 from 192.0.2.99 table 9");
    private static final RoutingRule IP_MADE = rule("priority 80 to 198.51.100.0/24 table 8").withProtocol(0);

    private static RoutingRule rule(String text) {
        return RoutingRule.parse(text, Rtnl.AF_INET);
    }

    @BeforeEach
    void setUp() throws Exception {
        System.setProperty("bondctl.state-dir", state.toString());
        Files.writeString(state.resolve("routing-rules@t"), "u1 4 " + A + "\nu2 4 " + B + "\nu3 4 " + IP_MADE + "\n");
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("bondctl.state-dir");
    }

    private static List<String> plan(Map<String, List<RoutingRule>> want) {
        IpPlanner ip = new IpPlanner(null, new LinkedHashMap<>(), false);
        ip.owned(new NetworkSpec.OwnedSpec(want), Map.of(), List.of(A, B, THEIRS, IP_MADE), List.of(), "t");
        List<String> out = new ArrayList<>();
        for (Step s : ip.steps()) {
            out.add(s instanceof Step.WriteStateFile w ? "record: " + new String(w.content(), StandardCharsets.UTF_8).strip()
                    .replace('\n', '|') : s.changes().get(0).object() + ": " + s.changes().get(0).what());
        }
        return out;
    }

    @Test
    void onlyTheProfilesNamedAreDecided() {
        assertEquals(List.of("ipv4: delete rule " + A, "ipv4: add rule " + A2,
                "record: u1 4 " + A2 + "|u2 4 " + B + "|u3 4 " + IP_MADE), plan(Map.of("u1", List.of(A2))));
        assertEquals(List.of(), plan(Map.of("u1", List.of(A))), "as recorded and in the kernel: nothing to do");
    }

    @Test
    void aRuleAnotherProfileStillAsksForStays() {
        Map<String, List<RoutingRule>> want = new LinkedHashMap<>();
        want.put("u1", List.of(B));
        want.put("u2", List.of());
        assertEquals(List.of("ipv4: delete rule " + A, "record: u1 4 " + B + "|u3 4 " + IP_MADE), plan(want));
    }

    @Test
    void onlyRulesBondctlAddedAndProtoStaticAreDeleted() {
        // u3's rule is in the kernel as ip made it (no protocol): taken as it was, never deleted
        assertEquals(List.of("record: u1 4 " + A + "|u2 4 " + B), plan(Map.of("u3", List.of())));
        RoutingRule r71 = rule("priority 71 table 7");
        assertEquals(List.of("ipv4: add rule " + r71, "record: u1 4 " + A + "|u2 4 " + B + "|u3 4 " + IP_MADE + "|u4 4 " + r71),
                plan(Map.of("u4", List.of(r71))), "a new profile's rule added and recorded last");
        // someone else's proto-static rule, asked for by no profile and never recorded: left alone
        assertEquals(List.of("ipv4: delete rule " + A, "record: u2 4 " + B + "|u3 4 " + IP_MADE), plan(Map.of("u1", List.of())));
    }
}
