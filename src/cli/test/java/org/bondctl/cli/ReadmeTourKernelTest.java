package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bondctl.rtnl.SeedNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's "Usage tour" runs as written (issue 11 item 8): its table is read from README.md
 * (so the two cannot drift), and every bondctl command of its second column that has no
 * placeholder word (IFNAME, FILE, GW ...) runs in order, on the seed's NICs in a namespace of
 * their own (--netns is added, as the README says every command takes it), and must exit 0.
 * monitor runs for a second (--timeout 1: it runs until stopped otherwise).
 */
@Tag("kernel")
class ReadmeTourKernelTest {
    private static final Pattern CODE = Pattern.compile("`(bondctl [^`]*)`");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\b[A-Z]{2,}\\b");

    /** The bondctl commands of the tour table, in order. */
    static List<List<String>> tour() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int start = lines.indexOf("## Usage tour: the seed recipe, step by step");
        assertTrue(start >= 0, "README.md has the usage tour");
        List<List<String>> out = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ") || (inTable && !line.startsWith("|"))) {
                break;
            }
            inTable = line.startsWith("|");
            String[] cells = line.split("(?<!\\\\)\\|");
            if (!inTable || cells.length < 3 || cells[2].strip().startsWith("---") || cells[2].strip().equals("bondctl")) {
                continue;
            }
            Matcher m = CODE.matcher(cells[2]);
            while (m.find()) {
                if (!PLACEHOLDER.matcher(m.group(1)).find()) {
                    out.add(List.of(m.group(1).substring("bondctl ".length()).strip().split("\\s+")));
                }
            }
        }
        return out;
    }

    @Test
    void tourRunsAsWritten() throws Exception {
        List<List<String>> tour = tour();
        assertTrue(tour.size() >= 20, "commands found: " + tour);
        assertEquals(List.of("add", "bond0", "mode=active-backup", "miimon=100"), tour.get(0));
        assertTrue(tour.indexOf(List.of("up", "bond0")) < tour.indexOf(List.of("route", "add", "default", "via", "192.0.2.1",
                "dev", "bond0")), "the gateway after up: the kernel refuses it on a link that is down");
        Path profiles = Path.of("/etc/NetworkManager/system-connections");
        Set<Path> before = listing(profiles);
        try (SeedNetwork net = new SeedNetwork()) {
            Cli cli = new Cli(net.name());
            try {
                for (List<String> cmd : tour) {
                    List<String> args = new ArrayList<>(cmd);
                    if (args.get(0).equals("monitor")) {
                        args.addAll(List.of("--timeout", "1"));
                    }
                    Cli.Result r = cli.run(args.toArray(String[]::new));
                    assertEquals(0, r.exit(), () -> "bondctl " + String.join(" ", cmd) + "\n" + r);
                }
                assertTrue(net.rtnl.link("bond0").isEmpty(), "the tour ends with the bond deleted");
            } finally {
                Files.deleteIfExists(Path.of("/etc/netns", net.name(), "resolv.conf"));
                Files.deleteIfExists(Path.of("/etc/netns", net.name()));
            }
        } finally {
            for (Path p : listing(profiles)) {
                if (!before.contains(p)) {
                    Files.delete(p);
                }
            }
        }
    }

    private static Set<Path> listing(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return new HashSet<>(s.toList());
        }
    }
}
