package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connection modify NAME connection.id NEW} (or con-name): the profile is found by its
 * new name, in the same file, as NetworkManager 1.42 does (seen in the test bed: the keyfile
 * keeps its name, its id= changes; ifcfg-rh's NAME= likewise). It used to exit 0 and keep the
 * old name.
 */
class NmcliRenameTest {
    @TempDir
    Path root;

    @Test
    void aKeyfileProfileIsRenamedInPlace() throws IOException {
        NmcliRoot n = new NmcliRoot(root);
        n.ok("connection", "add", "type", "bond", "con-name", "r1", "ifname", "r1", "mode", "active-backup");
        n.ok("connection", "modify", "r1", "connection.id", "r1new");
        n.ok("connection", "modify", "r1new", "con-name", "r1 other");
        assertEquals("r1 other\nr1\n", n.ok("-g", "connection.id,connection.interface-name", "connection", "show", "r1 other").out());
        assertEquals(10, n.nmcli("connection", "show", "r1").exit());
        Path dir = root.resolve("etc/NetworkManager/system-connections");
        try (var files = Files.list(dir)) {
            assertEquals(java.util.List.of(dir.resolve("r1.nmconnection")), files.toList());
        }
        assertTrue(Files.readString(dir.resolve("r1.nmconnection")).startsWith("[connection]\nid=r1 other\n"));
    }

    @Test
    void anIfcfgProfileIsRenamedInPlace() throws IOException {
        Path scripts = Files.createDirectories(root.resolve("etc/sysconfig/network-scripts"));
        Files.writeString(scripts.resolve("ifcfg-ens192"), NmcliRecipe.ifcfg("ens192", NmcliRecipe.UUID_192));
        NmcliRoot n = new NmcliRoot(root);
        n.ok("connection", "modify", "ens192", "connection.id", "System ens192");
        assertEquals("System ens192\n", n.ok("-t", "-f", "NAME", "connection", "show").out());
        String f = Files.readString(scripts.resolve("ifcfg-ens192"));
        assertTrue(f.contains("\nNAME=\"System ens192\"\n"), f);
        n.ok("connection", "modify", "System ens192", "master", "bond0");
        assertTrue(Files.readString(scripts.resolve("ifcfg-ens192")).contains("MASTER=bond0\n"));
        // a file without NAME (NM calls it "System " and its name) gets none when saved for something else
        Files.writeString(scripts.resolve("ifcfg-ens224"), NmcliRecipe.ifcfg("ens224", NmcliRecipe.UUID_224)
                .replace("NAME=ens224\n", ""));
        n.ok("connection", "modify", "System ens224", "master", "bond0"); // NM's id for it
        String g = Files.readString(scripts.resolve("ifcfg-ens224"));
        assertTrue(g.contains("MASTER=bond0\n") && !g.contains("NAME="), g);
    }
}
