package org.bondctl.profile;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.bondctl.error.BondctlException;
import org.junit.jupiter.api.Test;

/**
 * Generated input for both parsers: mutations of real profiles and random lines made of the
 * formats' own tokens. Every input must parse or fail with a BondctlException (INVALID, with
 * the file name); nothing else may escape, and the whole run is time-bounded.
 */
class ParserFuzzTest {
    private static final long BUDGET_NS = 4_000_000_000L;
    private static final String[] KEYFILE_TOKENS = {"[connection]", "[bond]", "[ipv4]", "[bond-port]", "[ipv6]", "id=", "uuid=",
        "type=bond", "type=ethernet", "interface-name=", "master=", "slave-type=bond", "mode=", "miimon=", "primary=",
        "arp_ip_target=", "address1=", "dns=", "dns-search=", "method=manual", "queue-id=", "prio=", "=", ";", ",", "/",
        "\\", "\\s", "#", " ", "\t", "[", "]", "\u00e9", "\u0000", "-1", "4294967296", "192.0.2.1", "bond0", "ens192",
        "active-backup", "802.3ad", "::1", "9999999999999999999999", "ba018f33-c306-4a77-8f3b-b03910e975e6"};
    private static final String[] IFCFG_TOKENS = {"TYPE=Bond", "TYPE=Ethernet", "BONDING_OPTS=", "BONDING_MASTER=yes", "MASTER=",
        "MASTER_UUID=", "SLAVE=yes", "DEVICE=", "NAME=", "UUID=", "IPADDR", "PREFIX", "NETMASK", "GATEWAY=", "DNS1=",
        "DOMAIN=", "BOOTPROTO=", "BOND_PORT_QUEUE_ID=", "BOND_PORT_PRIO=", "ONBOOT=no", "\"", "'", "$'", "\\", "$", "`",
        " ", "#", "=", "mode=4", "miimon=100", "arp_ip_target=+192.0.2.1", "0", "1", "33", "255.255.255.0", "192.0.2.1",
        "bond0", "\n", "TYPE=Bridge", "BRIDGE=", "BRIDGE_UUID=", "BRIDGING_OPTS=", "STP=", "DELAY=", "priority=",
        "hello_time=", "ageing_time=", "multicast_snooping=", "path_cost=", "hairpin_mode=", "yes", "br0"};

    @Test
    void keyfileParserOnlyThrowsItsOwnErrors() throws Exception {
        List<String> seeds = List.of(KeyfileFormatTest.ref("bond0.nmconnection"), KeyfileFormatTest.ref("ens192.nmconnection"));
        int n = fuzz(new Random(42), seeds, KEYFILE_TOKENS, t -> KeyfileFormat.INSTANCE.read(Path.of("f.nmconnection"), t), "f.nmconnection");
        assertTrue(n > 1000, "only " + n + " inputs in the time budget");
    }

    @Test
    void ifcfgParserOnlyThrowsItsOwnErrors() {
        List<String> seeds = List.of(IfcfgFormatTest.RHEL_BOND, IfcfgFormatTest.RHEL_PORT, IfcfgBridgeTest.BRIDGE,
                IfcfgBridgeTest.BOND_PORT, IfcfgBridgeTest.NIC_PORT);
        int n = fuzz(new Random(7), seeds, IFCFG_TOKENS, t -> IfcfgFormat.INSTANCE.read(Path.of("ifcfg-f"), t), "ifcfg-f");
        assertTrue(n > 1000, "only " + n + " inputs in the time budget");
    }

    interface Parser {
        Profile parse(String text);
    }

    private static int fuzz(Random r, List<String> seeds, String[] tokens, Parser parser, String file) {
        long start = System.nanoTime();
        int n = 0;
        while (System.nanoTime() - start < BUDGET_NS && n < 50_000) {
            String input = r.nextInt(3) == 0 ? generate(r, tokens) : mutate(r, seeds.get(r.nextInt(seeds.size())), tokens);
            n++;
            long t0 = System.nanoTime();
            try {
                Profile p = parser.parse(input);
                // what parses must also write and parse again
                p.format().read(Path.of(file), p.format().write(p));
                if (p.type() != Profile.Type.OTHER && p.ifname() != null) {
                    try {
                        ProfileSet.of(List.of(p));
                    } catch (BondctlException e) {
                        // a profile set may be invalid; that is an error of the project's own kind
                    }
                }
            } catch (BondctlException e) {
                if (e.getMessage() == null || e.getMessage().isBlank()) {
                    fail("empty message for input:\n" + input);
                }
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("input #" + n + " escaped with " + e + ":\n" + input, e);
            }
            if (System.nanoTime() - t0 > 500_000_000L) {
                fail("input #" + n + " took over 0.5 s:\n" + input);
            }
        }
        return n;
    }

    private static String generate(Random r, String[] tokens) {
        StringBuilder sb = new StringBuilder();
        int lines = r.nextInt(12);
        for (int i = 0; i < lines; i++) {
            int words = 1 + r.nextInt(4);
            for (int w = 0; w < words; w++) {
                sb.append(tokens[r.nextInt(tokens.length)]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String mutate(Random r, String seed, String[] tokens) {
        StringBuilder sb = new StringBuilder(seed);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && sb.length() > 0; i++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(4)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, tokens[r.nextInt(tokens.length)]);
                case 2 -> sb.setCharAt(at, (char) r.nextInt(128));
                default -> sb.replace(at, Math.min(sb.length(), at + r.nextInt(8)), tokens[r.nextInt(tokens.length)]);
            }
        }
        return sb.toString();
    }
}
