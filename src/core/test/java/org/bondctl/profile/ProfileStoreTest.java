package org.bondctl.profile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.error.BondctlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileStoreTest {
    @TempDir
    Path root;

    @Test
    void formatFollowsNetworkManagerConfThenDirectories() throws IOException {
        assertSame(KeyfileFormat.INSTANCE, ProfileStore.detect(root));
        Path scripts = Files.createDirectories(root.resolve("etc/sysconfig/network-scripts"));
        Files.writeString(scripts.resolve("ifcfg-eth0"), "DEVICE=eth0\n");
        assertSame(IfcfgFormat.INSTANCE, ProfileStore.detect(root), "only ifcfg files exist");
        Path conf = Files.createDirectories(root.resolve("etc/NetworkManager/conf.d"));
        Files.writeString(root.resolve("etc/NetworkManager/NetworkManager.conf"), "[main]\nplugins=ifcfg-rh,keyfile\n");
        assertSame(IfcfgFormat.INSTANCE, ProfileStore.detect(root));
        Files.writeString(conf.resolve("99-keyfile.conf"), "[logging]\nplugins=nonsense\n[main]\nplugins = keyfile\n");
        assertSame(KeyfileFormat.INSTANCE, ProfileStore.detect(root), "a later conf.d file wins");
    }

    @Test
    void savesAtomicallyPrivatelyAndTouchesNothingElse() throws IOException {
        ProfileStore store = ProfileStore.open(root, "keyfile");
        Path dir = Files.createDirectories(store.directory());
        Files.writeString(dir.resolve("other.nmconnection"), "[connection]\nid=other\ntype=wifi\n");
        Files.setPosixFilePermissions(dir.resolve("other.nmconnection"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("README"), "not a profile\n");
        long otherTime = Files.getLastModifiedTime(dir.resolve("other.nmconnection")).toMillis();

        Persist persist = new Persist(store);
        persist.bondAdded("bond0", BondSettings.parse(List.of("mode=active-backup", "miimon=100")));
        Path f = dir.resolve("bond0.nmconnection");
        assertFalse(Files.exists(f), "staged, not written");
        persist.commit();
        assertEquals(List.of(f), persist.written());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(Set.of("README", "bond0.nmconnection", "other.nmconnection"), ProfileStore.names(dir));
        assertEquals(otherTime, Files.getLastModifiedTime(dir.resolve("other.nmconnection")).toMillis());

        // an update keeps the file, its UUID and foreign keys
        Files.writeString(f, Files.readString(f).replace("[proxy]", "[proxy]\nmethod=none"));
        String uuid = ProfileStore.load(List.of(f)).get(0).uuid();
        Persist again = new Persist(store);
        again.bondAdded("bond0", BondSettings.parse(List.of("mode=802.3ad", "lacp_rate=fast")));
        again.commit();
        Profile p = ProfileStore.load(List.of(f)).get(0);
        assertEquals(uuid, p.uuid());
        assertEquals("802.3ad", p.bondSettings().toString().replaceAll(".*mode=([^ ]+).*", "$1"));
        assertTrue(Files.readString(f).contains("[proxy]\nmethod=none"));
        assertEquals(Set.of("README", "bond0.nmconnection", "other.nmconnection"), ProfileStore.names(dir), "no temp file left");
    }

    @Test
    void insecurePermissionsAreRefusedAsNmRefusesThem() throws IOException {
        Path f = root.resolve("bond0.nmconnection");
        Files.writeString(f, "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        BondctlException e = assertThrows(BondctlException.class, () -> ProfileStore.load(List.of(f)));
        assertTrue(e.getMessage().contains("are insecure") && e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void strayFilesAreSkippedWithANoteNotFatal() throws IOException {
        Path sc = Files.createDirectories(root.resolve("etc/NetworkManager/system-connections"));
        Path bond = sc.resolve("bond0.nmconnection");
        Files.writeString(bond, "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n[bond]\nmode=active-backup\n");
        Files.setPosixFilePermissions(bond, PosixFilePermissions.fromString("rw-------"));
        // someone's wifi profile, world-readable: NetworkManager's business, not a reason to stop
        Files.writeString(sc.resolve("home.nmconnection"), "[connection]\nid=home\ntype=wifi\n[wifi]\nssid=home\n");
        Files.setPosixFilePermissions(sc.resolve("home.nmconnection"), PosixFilePermissions.fromString("rw-r--r--"));
        // and a symbolic link (NM's plugins do not follow them either)
        Path outside = Files.writeString(root.resolve("elsewhere.nmconnection"), "[connection]\nid=x\ntype=bond\n");
        Files.createSymbolicLink(sc.resolve("link.nmconnection"), outside);
        List<String> notes = new java.util.ArrayList<>();
        List<Profile> all = ProfileStore.loadSystem(root, notes::add);
        assertEquals(List.of("bond0", "home"), all.stream().map(Profile::id).sorted().toList());
        assertEquals(List.of(sc.resolve("link.nmconnection") + ": a symbolic link, skipped"), notes);
        assertEquals(List.of("bond0"), ProfileSet.of(all).bonds().stream().map(b -> b.name()).toList());
    }

    @Test
    void aRootCannotBeLeftThroughSymbolicLinks(@TempDir Path outside) throws IOException {
        // R/etc -> OUTSIDE (absolute): below R, it means R/OUTSIDE, as openat2(RESOLVE_IN_ROOT) reads it
        Files.createSymbolicLink(root.resolve("etc"), outside);
        Path dir = KeyfileFormat.INSTANCE.directory(root);
        assertTrue(dir.startsWith(root.toRealPath()), dir.toString());
        assertFalse(dir.startsWith(outside.toRealPath()), dir.toString());
        ProfileStore store = ProfileStore.open(root, "keyfile");
        Persist p = new Persist(store);
        p.bondAdded("bond0", BondSettings.parse(List.of("mode=active-backup")));
        p.commit();
        try (var s = Files.walk(outside)) {
            assertEquals(List.of(outside), s.toList(), "nothing written outside the root");
        }
        assertTrue(Files.exists(dir.resolve("bond0.nmconnection")));
        // a relative link climbing out stops at the root, as ".." does at "/"
        Files.delete(root.resolve("etc"));
        Files.createDirectories(root.resolve("etc/NetworkManager"));
        Files.createSymbolicLink(root.resolve("etc/NetworkManager/system-connections"), Path.of("../../../../../../" + outside));
        Path dir2 = KeyfileFormat.INSTANCE.directory(root);
        assertTrue(dir2.startsWith(root.toRealPath()), dir2.toString());
    }

    static Profile kf(String name, String text) {
        return KeyfileFormat.INSTANCE.read(Path.of(name), text);
    }

    @Test
    void setValidationNamesTheFile() {
        Profile bond = kf("b.nmconnection", "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n[bond]\nmode=active-backup\n");
        Profile port = kf("p.nmconnection", "[connection]\nid=ens192\ntype=ethernet\ninterface-name=ens192\nmaster=bond9\nslave-type=bond\n");
        BondctlException e = assertThrows(BondctlException.class, () -> ProfileSet.of(List.of(bond, port)));
        assertTrue(e.getMessage().startsWith("p.nmconnection:5: port ens192 names controller bond9"), e.getMessage());

        Profile dup = kf("d.nmconnection", "[connection]\nid=other\ntype=bond\ninterface-name=bond0\n");
        e = assertThrows(BondctlException.class, () -> ProfileSet.of(List.of(bond, dup)));
        assertTrue(e.getMessage().startsWith("d.nmconnection:4: interface bond0 is also configured by b.nmconnection:4"), e.getMessage());

        Profile badPrimary = kf("x.nmconnection", "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n[bond]\nmode=active-backup\nprimary=ens999\n");
        Profile port192 = kf("p.nmconnection", "[connection]\nid=ens192\ntype=ethernet\ninterface-name=ens192\nmaster=bond0\nslave-type=bond\n");
        e = assertThrows(BondctlException.class, () -> ProfileSet.of(List.of(badPrimary, port192)));
        assertTrue(e.getMessage().startsWith("x.nmconnection:7: option primary: ens999 is not a port"), e.getMessage());

        Profile byUuid = kf("u.nmconnection", "[connection]\nid=ens192\ntype=ethernet\ninterface-name=ens192\nmaster="
                + bond.uuid() + "\nslave-type=bond\n");
        assertEquals(List.of("ens192"), ProfileSet.of(List.of(bond, byUuid)).bonds().get(0).portNames());
    }

    /** A port with autoconnect off comes up with its bond only when the bond says autoconnect-slaves=1. */
    @Test
    void autoconnectSlavesBringsPortsWhoseAutoconnectIsOff() {
        String bond = "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n%s[bond]\nmode=active-backup\n";
        Profile port = kf("p.nmconnection", "[connection]\nid=ens192\ntype=ethernet\ninterface-name=ens192\nautoconnect=false\n"
                + "master=bond0\nslave-type=bond\n");
        for (String[] c : new String[][] {{"autoconnect-slaves=1\n", "ens192"}, {"autoconnect-slaves=0\n", ""}, {"", ""}}) {
            ProfileSet set = ProfileSet.of(List.of(kf("b.nmconnection", bond.formatted(c[0])), port));
            assertEquals(c[1], String.join(",", set.bonds().get(0).portNames()), c[0]);
        }
        // the bond's own autoconnect off: nothing of it is applied
        ProfileSet off = ProfileSet.of(List.of(kf("b.nmconnection", bond.formatted("autoconnect=false\nautoconnect-slaves=1\n")), port));
        assertEquals(List.of(), off.bonds());
    }

    /**
     * A NIC's own (plain ethernet) profile is applied only when activated by name, with its
     * MTU, cloned address and IP, and the device metric of an ethernet device; an apply of all
     * profiles leaves it out with a notice. One bondctl cannot read fails its activation alone;
     * a team's port is no plain profile.
     */
    @Test
    void aPlainEthernetProfileIsAppliedOnlyWhenActivatedByName() {
        Profile e = kf("e.nmconnection", "[connection]\nid=mgmt\ntype=ethernet\ninterface-name=ens256\n[ethernet]\nmtu=9000\n"
                + "cloned-mac-address=02:00:00:00:00:56\nwake-on-lan=0\n[ipv4]\nmethod=manual\naddress1=198.51.100.5/24,198.51.100.1\n"
                + "dns=198.51.100.53;\n[ipv6]\nmethod=disabled\n");
        assertTrue(e.isPlainEthernet());
        ProfileSet all = ProfileSet.of(List.of(e));
        assertEquals(List.of(), all.nics());
        assertTrue(all.notices().get(0).contains("connection mgmt (type ethernet, not a bond port) is not applied"), all.notices().toString());
        ProfileSet up = ProfileSet.of(List.of(e), List.of(e));
        org.bondctl.plan.NetworkSpec spec = up.spec(n -> { });
        assertEquals(List.of(new org.bondctl.plan.NetworkSpec.NicSpec("ens256", 9000,
                org.bondctl.rtnl.MacAddress.parse("02:00:00:00:00:56"), "e.nmconnection:4")), spec.nics());
        assertEquals(100, spec.ip().get(0).defaultMetric());
        assertEquals("198.51.100.53", org.bondctl.rtnl.Address.text(spec.dns().servers().get(0)));
        assertTrue(up.unapplied().stream().anyMatch(u -> u.contains("wake-on-lan")), up.unapplied().toString());

        Profile bad = kf("bad.nmconnection", "[connection]\nid=bad\ntype=ethernet\ninterface-name=ens257\n[ipv4]\nmethod=manual\n"
                + "address1=198.51.100.300/24\n");
        assertTrue(bad.unusable() != null, "an unreadable address");
        assertEquals(List.of(), ProfileSet.of(List.of(bad, e)).nics(), "the others load");
        BondctlException x = assertThrows(BondctlException.class, () -> ProfileSet.of(List.of(bad), List.of(bad)));
        assertTrue(x.getMessage().contains("bad.nmconnection: bad: ") && x.getMessage().contains("198.51.100.300"), x.getMessage());

        Profile team = kf("t.nmconnection", "[connection]\nid=t\ntype=ethernet\ninterface-name=ens258\nmaster=team0\nslave-type=team\n");
        assertFalse(team.isPlainEthernet());
        assertEquals(List.of(), ProfileSet.of(List.of(team), List.of(team)).nics());
    }

    @Test
    void delaysAreComparedAfterTheKernelsRounding() {
        Profile b = kf("b.nmconnection", "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n[bond]\nmode=active-backup\nmiimon=100\nupdelay=250\n");
        ProfileSet set = ProfileSet.of(List.of(b));
        assertEquals(200L, set.bonds().get(0).settings().number(BondOption.UPDELAY, -1));
        assertTrue(set.notices().get(0).contains("b.nmconnection:8: updelay=250 is not a multiple of miimon=100; the kernel rounds it down to 200"),
                set.notices().toString());
    }

    /**
     * A VLAN profile without interface-name (what nmcli writes for 'connection add type vlan dev
     * bond0 id 100') is NetworkManager's PARENT.ID, the parent cut to fit 15 characters, its
     * parent resolved when named by a profile's UUID or id; the name is not written back.
     */
    @Test
    void aVlanWithoutInterfaceNameIsParentDotId() throws IOException {
        Path dir = Files.createDirectories(root.resolve("etc/NetworkManager/system-connections"));
        String bondUuid = "2e6a4402-387d-462c-8730-50e8d961d36b";
        String[][] files = {
            {"bond0", "[connection]\nid=bond0\nuuid=" + bondUuid + "\ntype=bond\ninterface-name=bond0\n[bond]\nmode=1\n"},
            {"v100", "[connection]\nid=v100\nuuid=78e9313f-ca1e-4e99-9708-6af15bfed7bc\ntype=vlan\n[vlan]\nflags=1\nid=100\n"
                + "parent=bond0\n"},
            {"vu", "[connection]\nid=vu\nuuid=8bd145e9-2728-4887-aa67-b794a551bdcb\ntype=vlan\n[vlan]\nid=300\nparent="
                + bondUuid + "\n"},
            {"vlong", "[connection]\nid=vlong\nuuid=3fa890ae-94cb-4857-8d5c-5e9c39c31d93\ntype=vlan\n[vlan]\nid=4000\n"
                + "parent=averylongname15\n"}};
        for (String[] f : files) {
            Path file = dir.resolve(f[0] + ".nmconnection");
            Files.writeString(file, f[1]);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        java.util.Map<String, Profile> byId = new java.util.HashMap<>();
        ProfileStore.loadSystem(root).forEach(p -> byId.put(p.id(), p));
        assertEquals("bond0.100", byId.get("v100").ifname());
        assertTrue(byId.get("v100").ifnameDerived());
        assertEquals("bond0.300", byId.get("vu").ifname());
        assertEquals("averylongn.4000", byId.get("vlong").ifname());
        assertFalse(byId.get("bond0").ifnameDerived());
        assertFalse(KeyfileFormat.INSTANCE.write(byId.get("v100")).contains("interface-name"));
    }
}
