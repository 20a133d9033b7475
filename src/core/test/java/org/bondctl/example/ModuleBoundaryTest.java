package org.bondctl.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The library's boundary: what module org.bondctl.core exports, and that no CLI is in reach. */
class ModuleBoundaryTest {
    @Test
    void exportsTheApiAndNotTheShimOrTheFileHelpers() throws Exception {
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(Path.of("target/core/classes/module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        assertEquals("org.bondctl.core", d.name());
        Set<String> exported = d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("org.bondctl.bond", "org.bondctl.bond.options", "org.bondctl.bridge", "org.bondctl.dns", "org.bondctl.error",
                "org.bondctl.ethtool", "org.bondctl.monitor", "org.bondctl.plan", "org.bondctl.profile", "org.bondctl.rtnl",
                "org.bondctl.wire"), exported);
        for (String inside : List.of("shim", "fs")) { // in the module, not exported
            assertTrue(Files.isDirectory(Path.of("target/core/classes/org/bondctl", inside)), inside);
        }
        assertTrue(d.requires().stream().noneMatch(r -> r.name().contains("picocli")), d.requires()::toString);
    }

    @Test
    void theCoresTestsRunWithoutPicocliOrTheCli() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("picocli.CommandLine"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.bondctl.cli.Main"));
    }

    @Test
    void everyExportedPackageSaysWhatItIs() {
        for (String p : new TreeSet<>(Set.of("bond", "bond/options", "dns", "error", "ethtool", "monitor", "plan", "profile",
                "rtnl", "wire"))) {
            assertTrue(Files.isRegularFile(Path.of("src/core/main/java/org/bondctl", p, "package-info.java")),
                    "no package-info.java in org.bondctl." + p.replace('/', '.'));
        }
    }
}
