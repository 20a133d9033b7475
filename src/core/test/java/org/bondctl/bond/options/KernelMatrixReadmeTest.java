package org.bondctl.bond.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.MessageBuilder;
import org.junit.jupiter.api.Test;

/**
 * README's "Kernels and distributions" table against the option table: for each distribution
 * release the options newer than its kernel are exactly those whose "since" is later, so the
 * two cannot drift. And the premise the table rests on: a command sends only what it sets.
 */
class KernelMatrixReadmeTest {
    private static final String BEGIN = "<!-- kernel-matrix";
    private static final String END = "<!-- end kernel-matrix -->";

    /** The rows of the README table: "distribution | kernel | newer options". */
    private static List<String[]> readmeRows() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int from = readme.indexOf(BEGIN);
        int to = readme.indexOf(END);
        assertTrue(from >= 0 && to > from, "README.md has no " + BEGIN + " ... " + END + " section");
        List<String[]> rows = new ArrayList<>();
        for (String line : readme.substring(from, to).lines().toList()) {
            if (line.startsWith("| ") && !line.startsWith("| distribution") && !line.startsWith("| ---")) {
                String[] cells = Arrays.stream(line.substring(1, line.lastIndexOf('|')).split("\\|"))
                        .map(String::trim).toArray(String[]::new);
                assertEquals(3, cells.length, "a row has three cells: " + line);
                rows.add(cells);
            }
        }
        return rows;
    }

    /** What the README must say for a kernel: the options whose first mainline release is later. */
    static String newerThan(String kernel) {
        List<String> bond = new ArrayList<>();
        for (BondOption o : BondOption.values()) {
            if (!KernelSupport.atLeast(kernel, o.since())) {
                bond.add(o.kernelName());
            }
        }
        List<String> port = new ArrayList<>();
        for (PortOption o : PortOption.values()) {
            if (!KernelSupport.atLeast(kernel, o.since())) {
                port.add(o.kernelName());
            }
        }
        String s = bond.isEmpty() ? "none" : String.join(", ", bond);
        return port.isEmpty() ? s : s + "; port: " + String.join(", ", port);
    }

    @Test
    void readmeTableMatchesTheOptionTable() throws Exception {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String[] row : readmeRows()) {
            assertTrue(row[1].matches("\\d+\\.\\d+"), "kernel of " + row[0] + ": " + row[1]);
            assertEquals(newerThan(row[1]), row[2], "README row " + row[0] + " (Linux " + row[1] + ")");
            seen.put(row[0], row[1]);
        }
        // the releases the product brief names
        for (String d : List.of("RHEL 8", "RHEL 9", "RHEL 10", "Debian 12", "Debian 13", "Ubuntu 24.04")) {
            assertTrue(seen.keySet().stream().anyMatch(k -> Arrays.asList(k.split(", ")).contains(d)),
                    d + " missing from the README table " + seen);
        }
    }

    @Test
    void versionsCompareByMajorThenMinor() {
        assertTrue(KernelSupport.atLeast("4.18", "4.2"));
        assertTrue(KernelSupport.atLeast("4.18.0-553.el8_10.x86_64", "4.18"));
        assertFalse(KernelSupport.atLeast("4.18", "5.3"));
        assertTrue(KernelSupport.atLeast("6.12.118", "6.9"));
        assertFalse(KernelSupport.atLeast("6.1.176", "6.9"));
        assertTrue(KernelSupport.atLeast("10.0", "6.16"));
        assertFalse(KernelSupport.atLeast("garbage", "3.13"));
    }

    @Test
    void aCommandSendsOnlyTheOptionsItSets() {
        for (BondOption o : BondOption.values()) {
            String text = BondOptionTableTest.samples(o).get(0);
            BondSettings s = new BondSettings().put(o, text);
            MessageBuilder b = Wire.nest(m -> s.encode(m, Wire.RESOLVER));
            AttrTable t = Wire.parse(b);
            for (int type = 0; type <= t.maxType(); type++) {
                assertEquals(type == o.id(), t.has(type), o.kernelName() + "=" + text + " also wrote attribute " + type);
            }
        }
    }
}
