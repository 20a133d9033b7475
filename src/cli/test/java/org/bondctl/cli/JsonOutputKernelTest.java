package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bondctl.rtnl.SeedNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * --json like ip -j (issue 11 item 5): every command that prints state prints JSON a real
 * parser takes, lists are arrays even of one, numbers and switches are numbers, and every
 * command that changes something prints the object it changed. On the seed's NICs in a
 * namespace of their own.
 */
@Tag("kernel")
class JsonOutputKernelTest {
    @TempDir
    Path tmp;

    @Test
    void everyCommandPrintsJson() throws Exception {
        try (SeedNetwork net = new SeedNetwork()) {
            Cli cli = new Cli(net.name());
            JsonNode bond = json(cli, "add", "bond0", "mode=active-backup", "miimon=100");
            assertEquals("bond0", bond.get("ifname").asString());
            assertEquals("active-backup", bond.get("mode").asString());
            assertTrue(bond.get("use_carrier").isNumber() && bond.get("all_slaves_active").isNumber()
                    && bond.get("tlb_dynamic_lb").isNumber(), "switches are numbers: " + bond);
            assertTrue(bond.get("slaves").isArray() && bond.get("slaves").isEmpty());

            bond = json(cli, "enslave", "bond0", "ens224", "ens192");
            assertEquals(List.of("ens224", "ens192"), names(bond.get("slaves")), "the bond's order: enslave order");
            assertEquals("bond0", bond.get("slaves").get(0).get("master").asString());

            JsonNode up = json(cli, "up", "bond0");
            assertTrue(up.get("up").asBoolean());
            assertEquals("bond0", up.get("ifname").asString());

            JsonNode addr = json(cli, "addr", "add", "bond0", "192.0.2.10/24");
            assertTrue(addr.get("addr_info").toString().contains("{\"family\":\"inet\",\"local\":\"192.0.2.10\",\"prefixlen\":24}"),
                    addr::toString);

            JsonNode route = json(cli, "route", "add", "default", "via", "192.0.2.1", "dev", "bond0");
            assertEquals("default", route.get("dst").asString());
            assertEquals("192.0.2.1", route.get("gateway").asString());
            assertEquals("bond0", route.get("dev").asString());

            // the keys and values ip -j prints for the same addresses and routes
            // the bond's operstate goes from UNKNOWN to UP on its own once a port's carrier is seen
            // (linkwatch): read both again until it has settled, so both read the same moment
            JsonNode ipAddr = null;
            JsonNode ours = null;
            for (int i = 0; i < 50 && (ours == null || !ipAddr.get("operstate").equals(ours.get("operstate"))); i++) {
                if (i > 0) {
                    Thread.sleep(100);
                }
                ipAddr = JsonCheck.parse(ip("-n", net.name(), "-j", "addr", "show", "dev", "bond0")).get(0);
                ours = JsonCheck.parse(ok(cli, "--json", "addr", "show", "bond0")).get(0);
            }
            for (String k : List.of("ifindex", "ifname", "mtu", "operstate", "address")) {
                assertEquals(ipAddr.get(k), ours.get(k), "addr show key " + k);
            }
            assertEquals(pick(ipAddr.get("addr_info"), "family", "local", "prefixlen"),
                    pick(ours.get("addr_info"), "family", "local", "prefixlen"));
            JsonNode ipRoutes = JsonCheck.parse(ip("-n", net.name(), "-j", "route", "show", "dev", "bond0"));
            List<String> ourRoutes = new ArrayList<>();
            JsonCheck.parse(ok(cli, "--json", "route", "show", "bond0")).forEach(r -> {
                if (r.get("family").asString().equals("inet")) {
                    ourRoutes.add(pick(List.of(r), "dst", "gateway", "protocol").get(0));
                }
            });
            List<JsonNode> ipList = new ArrayList<>();
            ipRoutes.forEach(ipList::add);
            assertEquals(pick(ipList, "dst", "gateway", "protocol"), ourRoutes, "route show against ip -j route");

            JsonNode vlan = json(cli, "vlan", "add", "bond0", "100");
            assertEquals("bond0.100", vlan.get("ifname").asString());
            assertEquals("bond0", vlan.get("link").asString());
            assertEquals(100, vlan.get("id").asInt());

            assertEquals(1400, json(cli, "mtu", "bond0.100", "1400").get("mtu").asInt());

            JsonNode port = json(cli, "port", "set", "ens192", "queue_id=2");
            assertEquals(2, port.get("queue_id").asInt());
            assertEquals("bond0", port.get("master").asString());

            bond = json(cli, "set", "bond0", "miimon=200");
            assertEquals(200, bond.get("miimon").asInt());

            // the lists: arrays, also of one
            String show = ok(cli, "--json", "show", "bond0");
            JsonCheck.assertValidShow(show);
            assertEquals(1, JsonCheck.parse(show).size());
            JsonCheck.assertValidShow(ok(cli, "--json", "show"));
            JsonNode ports = JsonCheck.parse(ok(cli, "--json", "port", "show"));
            assertEquals(List.of("ens224", "ens192"), names(ports));
            JsonNode one = JsonCheck.parse(ok(cli, "--json", "port", "show", "ens192"));
            assertEquals(1, one.size());
            assertEquals(10000, one.get(0).get("speed").asInt(), "veth reports 10 Gb/s");
            assertEquals("full", one.get(0).get("duplex").asString());
            assertTrue(ok(cli, "port", "show", "ens192").startsWith("ens192 ifindex "), "text form too");
            for (List<String> list : List.of(List.of("addr", "show"), List.of("addr", "show", "bond0"), List.of("route", "show"),
                    List.of("vlan", "show"), List.of("options"), List.of("profile", "list", "--root", tmp.toString()))) {
                List<String> args = new ArrayList<>(List.of("--json"));
                args.addAll(list);
                assertTrue(JsonCheck.parse(ok(cli, args.toArray(String[]::new))).isArray(), list + " prints an array");
            }
            JsonNode options = JsonCheck.parse(ok(cli, "--json", "options"));
            assertTrue(options.toString().contains("\"name\":\"peer_notif_delay\",\"kind\":\"bond\",\"json_key\":\"peer_notify_delay\""),
                    "the ip key where it differs from the kernel name");
            assertTrue(options.toString().contains("\"name\":\"queue_id\",\"kind\":\"port\""), "port options listed too");

            Path conf = tmp.resolve("resolv.conf");
            JsonNode dns = json(cli, "dns", "set", "bond0", "--server", "192.0.2.53", "--resolv-conf", conf.toString());
            assertEquals("192.0.2.53", dns.get("servers").get(0).asString());
            assertTrue(JsonCheck.parse(ok(cli, "--json", "dns", "show", "--resolv-conf", conf.toString())).isObject());

            // what a deletion prints: the object as it was
            assertEquals("default", json(cli, "route", "del", "default", "via", "192.0.2.1", "dev", "bond0").get("dst").asString());
            assertEquals("bond0.100", json(cli, "vlan", "del", "bond0.100").get("ifname").asString());
            assertEquals("[]", JsonCheck.parse(ok(cli, "--json", "vlan", "show")).toString());
            assertEquals(List.of("ens192"), names(json(cli, "release", "bond0", "ens224").get("slaves")));
            assertTrue(!json(cli, "down", "bond0").get("up").asBoolean());
            assertTrue(Files.exists(conf));
        }
    }

    private static JsonNode json(Cli cli, String... args) {
        List<String> all = new ArrayList<>(List.of("--json"));
        all.addAll(List.of(args));
        JsonNode n = JsonCheck.parse(ok(cli, all.toArray(String[]::new)));
        assertTrue(n.isObject(), () -> String.join(" ", args) + " prints one object: " + n);
        return n;
    }

    private static String ok(Cli cli, String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(0, r.exit(), r::toString);
        return r.out();
    }

    /** Each element reduced to the given keys (those it has), as text, for comparing with ip -j. */
    private static List<String> pick(Iterable<JsonNode> items, String... keys) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : items) {
            StringBuilder sb = new StringBuilder();
            for (String k : keys) {
                if (n.has(k)) {
                    sb.append(k).append('=').append(n.get(k)).append(' ');
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static String ip(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("ifname").asString()));
        return out;
    }
}
