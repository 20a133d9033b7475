package org.bondctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiles NetworkManager keeps in memory (nmcli's --temporary, add save no): a keyfile in
 * /run/NetworkManager/system-connections that shadows the persistent file of its UUID, with
 * [.nmmeta] naming that file as the system below the root sees it; a persistent write goes back
 * to the shadowed file and removes the in-memory one; a delete takes both.
 */
class InMemoryProfileTest {
    static final String UUID = "8c3f0c8e-1f61-4d7e-9d1a-2b8c3b1e7a01";

    @TempDir
    Path root;

    private Path etc;
    private Path run;

    /** A persistent keyfile in a file named otherwise than its id, with a key bondctl does not model. */
    private Path persistent() throws IOException {
        etc = Files.createDirectories(KeyfileFormat.INSTANCE.directory(root));
        run = ProfileStore.runDirectory(root);
        Path f = etc.resolve("custom.nmconnection");
        Files.writeString(f, "[connection]\nid=e7\nuuid=" + UUID + "\ntype=ethernet\ninterface-name=ens224\nzone=trusted\n\n"
                + "[ethernet]\n\n[ipv4]\naddress1=192.0.2.10/24\nmethod=manual\n\n[ipv6]\naddr-gen-mode=default\nmethod=auto\n\n"
                + "[proxy]\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    private static java.net.InetAddress ip(String s) throws IOException {
        return java.net.InetAddress.getByName(s);
    }

    private Profile only() {
        List<Profile> all = ProfileStore.loadSystem(root);
        assertEquals(1, all.size(), all::toString);
        return all.get(0);
    }

    @Test
    void aTemporaryChangeShadowsThePersistentFileUntilAPersistentOne() throws IOException {
        Path custom = persistent();
        String before = Files.readString(custom);
        Profile p = only();
        p.id("e8");
        p.ipv4(p.ipv4().withDns(List.of(ip("192.0.2.53")), List.of()));
        Path mem = ProfileStore.saveInMemory(root, p);

        assertEquals(run.resolve("e8.nmconnection"), mem, "named after the id, as NM names it");
        assertEquals(before, Files.readString(custom), "the persistent file is not touched");
        String text = Files.readString(mem);
        assertTrue(text.endsWith("\n[.nmmeta]\nshadowed-storage=/etc/NetworkManager/system-connections/custom.nmconnection\n"
                + "shadowed-owned=true\n"), text);
        assertTrue(text.contains("zone=trusted") && text.contains("dns=192.0.2.53;"), text);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mem)));

        Profile loaded = only(); // the in-memory profile wins over the file of its UUID
        assertEquals(mem, loaded.file());
        assertEquals("e8", loaded.id());
        assertEquals(Path.of("/etc/NetworkManager/system-connections/custom.nmconnection"), loaded.shadows());
        assertTrue(loaded.shadowOwned());
        assertTrue(ProfileStore.inMemory(root, loaded));
        assertTrue(loaded.unapplied().stream().noneMatch(u -> u.contains("nmmeta")), loaded.unapplied()::toString);

        // a second temporary change stays in the same file, still shadowing
        loaded.ipv4(loaded.ipv4().withDns(List.of(ip("192.0.2.54")), List.of()));
        assertEquals(mem, ProfileStore.saveInMemory(root, loaded));
        assertTrue(Files.readString(mem).contains("dns=192.0.2.54;\n") && Files.readString(mem).contains("shadowed-owned=true"));

        // a persistent change goes to the shadowed file, keeps its name, and ends the in-memory one
        Profile again = only();
        assertEquals(custom, ProfileStore.persist(root, again));
        assertFalse(Files.exists(mem));
        String now = Files.readString(custom);
        assertTrue(now.contains("id=e8") && now.contains("dns=192.0.2.54;") && now.contains("zone=trusted"), now);
        assertFalse(now.contains("nmmeta") || now.contains("shadowed"), now);
        Profile last = only();
        assertEquals(custom, last.file());
        assertNull(last.shadows());
    }

    @Test
    void aPersistChangeStartsFromTheProfileInMemoryAndEndsIt() throws IOException {
        ProfileStore store = ProfileStore.open(root, "keyfile");
        Persist first = new Persist(store);
        first.bondAdded("bond0", org.bondctl.bond.options.BondSettings.parse(List.of("mode=active-backup", "miimon=100")));
        Path etcFile = first.commit().get(0);
        // nmcli connection modify --temporary bond0 ipv4.dns 192.0.2.53
        Profile p = only();
        p.ipv4(p.ipv4().withDns(List.of(ip("192.0.2.53")), List.of()));
        Path mem = ProfileStore.saveInMemory(root, p);

        // bondctl set bond0 miimon=200 --persist: NM's persistent update of the profile in force
        Persist again = new Persist(store);
        again.bondAdded("bond0", org.bondctl.bond.options.BondSettings.parse(List.of("mode=active-backup", "miimon=200")));
        assertEquals(List.of(etcFile, mem), again.commit());
        assertFalse(Files.exists(mem));
        String text = Files.readString(etcFile);
        assertTrue(text.contains("miimon=200") && text.contains("dns=192.0.2.53;") && !text.contains("nmmeta"), text);
        assertEquals(etcFile, only().file());
    }

    @Test
    void deletingAnInMemoryProfileDeletesTheFileItOwns() throws IOException {
        Path custom = persistent();
        Profile p = only();
        Path mem = ProfileStore.saveInMemory(root, p);
        new ProfileStore(root, KeyfileFormat.INSTANCE).delete(only());
        assertFalse(Files.exists(mem));
        assertFalse(Files.exists(custom));
        assertTrue(ProfileStore.loadSystem(root).isEmpty());
    }

    @Test
    void aProfileOnlyInMemoryGoesToANewFileNamedAsNmNamesItWhenThatIsTaken() throws IOException {
        persistent();
        Profile fresh = Profile.bond("bond9");
        fresh.id("e10");
        Path mem = ProfileStore.saveInMemory(root, fresh);
        assertEquals(run.resolve("e10.nmconnection"), mem);
        assertFalse(Files.readString(mem).contains("nmmeta"), "it shadows nothing");
        // another profile's file holds e10.nmconnection in /etc: NM's fallback is ID-UUID
        Path taken = etc.resolve("e10.nmconnection");
        Files.writeString(taken, "[connection]\nid=zz\nuuid=8c3f0c8e-1f61-4d7e-9d1a-2b8c3b1e7a02\ntype=ethernet\n");
        Files.setPosixFilePermissions(taken, PosixFilePermissions.fromString("rw-------"));
        Profile e10 = ProfileStore.loadSystem(root).stream().filter(q -> q.id().equals("e10")).findFirst().orElseThrow();
        Path written = ProfileStore.persist(root, e10);
        assertEquals(etc.resolve("e10-" + fresh.uuid() + ".nmconnection"), written);
        assertFalse(Files.exists(mem));
        assertTrue(Files.readString(taken).contains("id=zz"), "the other file is left alone");
        assertEquals(3, ProfileStore.loadSystem(root).size());
    }
}
