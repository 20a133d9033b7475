package org.bondctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiles shipped in /usr/lib/NetworkManager/system-connections (an image's, a distribution's):
 * read at the lowest priority, never written. A change goes to a new file in /etc that shadows
 * the /usr/lib one; a delete leaves NM's tombstone in /etc (UUID.nmmeta, a link to /dev/null),
 * which hides the UUID in /etc and /usr/lib; a profile added again under that UUID removes it
 * (all as NetworkManager 1.42 does, seen in the test bed).
 */
class LibProfileTest {
    static final String UUID1 = "8c3f0c8e-1f61-4d7e-9d1a-2b8c3b1e7a11";
    static final String UUID2 = "8c3f0c8e-1f61-4d7e-9d1a-2b8c3b1e7a12";

    @TempDir
    Path root;

    private Path lib;
    private Path etc;

    private Path shipped(String id, String uuid) throws IOException {
        lib = Files.createDirectories(ProfileStore.libDirectory(root));
        etc = KeyfileFormat.INSTANCE.directory(root);
        Path f = lib.resolve(id + ".nmconnection");
        Files.writeString(f, "[connection]\nid=" + id + "\nuuid=" + uuid + "\ntype=ethernet\ninterface-name=ens192\n"
                + "autoconnect=false\n\n[ipv4]\naddress1=192.0.2.10/24\nmethod=manual\n\n[ipv6]\nmethod=disabled\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    private List<String> loaded() {
        return ProfileStore.loadSystem(root).stream().map(p -> p.id() + " " + root.relativize(p.file())).toList();
    }

    @Test
    void aChangeGoesToEtcAndADeleteLeavesATombstone() throws IOException {
        Path f1 = shipped("lib1", UUID1);
        shipped("lib2", UUID2);
        String shippedText = Files.readString(f1);
        assertEquals(List.of("lib1 usr/lib/NetworkManager/system-connections/lib1.nmconnection",
                "lib2 usr/lib/NetworkManager/system-connections/lib2.nmconnection"), loaded());

        Profile p = ProfileStore.loadSystem(root).get(0);
        Path written = ProfileStore.persist(root, p.ipv4(p.ipv4().withAddresses(List.of(
                org.bondctl.rtnl.Address.parse("192.0.2.20/24")))));
        assertEquals(etc.resolve("lib1.nmconnection"), written);
        assertEquals(shippedText, Files.readString(f1), "never written");
        assertEquals(List.of("lib1 etc/NetworkManager/system-connections/lib1.nmconnection",
                "lib2 usr/lib/NetworkManager/system-connections/lib2.nmconnection"), loaded());

        // in memory: no [.nmmeta] names the /usr/lib file
        Profile p2 = ProfileStore.loadSystem(root).get(1);
        Path mem = ProfileStore.saveInMemory(root, p2);
        assertFalse(Files.readString(mem).contains("nmmeta"));

        // deletes: of the /etc copy and of the one in memory, each over /usr/lib: a tombstone each
        ProfileStore store = new ProfileStore(root, KeyfileFormat.INSTANCE);
        for (Profile q : ProfileStore.loadSystem(root)) {
            store.delete(q);
        }
        assertTrue(loaded().isEmpty(), loaded()::toString);
        assertFalse(Files.exists(written) || Files.exists(mem));
        assertEquals(java.util.Set.of(UUID1, UUID2), ProfileStore.tombstones(etc));
        assertEquals(Path.of("/dev/null"), Files.readSymbolicLink(etc.resolve(UUID1 + ".nmmeta")));
        assertTrue(Files.exists(f1), "the shipped file stays");

        // a profile added under a tombstoned UUID takes it away
        Profile again = Profile.bond("bond1").uuid(UUID1);
        new ProfileStore(root, KeyfileFormat.INSTANCE).save(again);
        assertEquals(java.util.Set.of(UUID2), ProfileStore.tombstones(etc));
        assertEquals(List.of("bond1 etc/NetworkManager/system-connections/bond1.nmconnection"), loaded());
    }

    @Test
    void aTombstoneInEtcHidesAProfileInEtcToo() throws IOException {
        shipped("lib1", UUID1);
        Profile e = Profile.bond("bond2").uuid(UUID2);
        new ProfileStore(root, KeyfileFormat.INSTANCE).save(e);
        Files.createSymbolicLink(etc.resolve(UUID2 + ".nmmeta"), Path.of("/dev/null"));
        Files.createSymbolicLink(etc.resolve(UUID1 + ".nmmeta"), Path.of("/etc/hosts")); // not a tombstone
        assertEquals(List.of("lib1 usr/lib/NetworkManager/system-connections/lib1.nmconnection"), loaded());
    }
}
