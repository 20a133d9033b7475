package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bondctl.cli.Cli;
import org.bondctl.error.BondctlException;
import org.bondctl.profile.Profile;
import org.bondctl.profile.ProfileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ethernet.cloned-mac-address in the profile formats (the keyfile form and the kernel side are
 * checked against NetworkManager in NmcliClonedMacVsNmKernelTest): an ifcfg-rh bond keeps it as
 * MACADDR (NM's variable) and reads it back; NM's words have no ifcfg-rh form here and are
 * refused in one line; a port's, or a word on a bond, is kept and reported as not applied; an
 * address that is none stops the file from loading.
 */
class NmcliClonedMacTest {
    @TempDir
    Path root;

    @Test
    void ifcfgKeepsItAsMacaddr() throws IOException {
        Path scripts = Files.createDirectories(root.resolve("etc/sysconfig/network-scripts"));
        Files.writeString(scripts.resolve("ifcfg-ens192"), NmcliRecipe.ifcfg("ens192", NmcliRecipe.UUID_192));
        NmcliRoot n = new NmcliRoot(root);
        n.ok("connection", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0", "mode", "active-backup",
                "autoconnect", "no", "ethernet.cloned-mac-address", "2:0:0:0:a:1");
        String f = Files.readString(scripts.resolve("ifcfg-bond0"));
        assertTrue(f.contains("\nMACADDR=02:00:00:00:0A:01\n"), f);
        assertEquals("02\\:00\\:00\\:00\\:0A\\:01\n", n.ok("-g", "802-3-ethernet.cloned-mac-address", "connection", "show",
                "bond0").out());
        Cli.Result r = n.nmcli("connection", "modify", "bond0", "ethernet.cloned-mac-address", "random");
        assertEquals(2, r.exit(), r::toString);
        assertEquals("Error: ethernet.cloned-mac-address random: bondctl writes an address only into an ifcfg-rh profile,"
                + " and bond0 is one\n", r.err());
        assertEquals(f, Files.readString(scripts.resolve("ifcfg-bond0")));
        n.ok("connection", "modify", "bond0", "ethernet.cloned-mac-address", "");
        assertTrue(!Files.readString(scripts.resolve("ifcfg-bond0")).contains("MACADDR"));
    }

    @Test
    void keptWhereNotAppliedAndRefusedWhereNoAddress() throws IOException {
        NmcliRoot n = new NmcliRoot(root);
        n.ok("connection", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0", "mode", "active-backup",
                "autoconnect", "no", "ethernet.cloned-mac-address", "stable");
        n.ok("connection", "add", "type", "ethernet", "slave-type", "bond", "con-name", "p1", "ifname", "ens192", "master",
                "bond0", "ethernet.cloned-mac-address", "02:00:00:00:00:05");
        Path dir = root.resolve("etc/NetworkManager/system-connections");
        Profile bond = ProfileStore.load(List.of(dir.resolve("bond0.nmconnection"))).get(0);
        assertTrue(bond.unapplied().stream().anyMatch(l -> l.contains("ethernet.cloned-mac-address=stable (NetworkManager"
                + " makes stable addresses from its own secret key")), () -> bond.unapplied().toString());
        Profile port = ProfileStore.load(List.of(dir.resolve("p1.nmconnection"))).get(0);
        assertTrue(port.unapplied().stream().anyMatch(l -> l.contains("ethernet.cloned-mac-address=02:00:00:00:00:05 (a port"
                + " takes its bond's address")), () -> port.unapplied().toString());
        Files.writeString(dir.resolve("bond0.nmconnection"), Files.readString(dir.resolve("bond0.nmconnection"))
                .replace("cloned-mac-address=stable", "cloned-mac-address=02:00:00:00:00"));
        BondctlException e = assertThrows(BondctlException.class,
                () -> ProfileStore.load(List.of(dir.resolve("bond0.nmconnection"))));
        assertTrue(e.getMessage().contains("[ethernet] cloned-mac-address: '02:00:00:00:00' is not a valid Ethernet MAC"),
                e::getMessage);
    }
}
