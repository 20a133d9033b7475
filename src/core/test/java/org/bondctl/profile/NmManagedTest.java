package org.bondctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NmManagedTest {
    @TempDir
    Path root;

    @Test
    void deviceListsMatchAsNetworkManagerConfSays() {
        // the test bed's: everything but ens*, bond*, br*
        String bed = "except:interface-name:ens*;except:interface-name:bond*;except:interface-name:br*";
        assertFalse(NmManaged.matches(bed, "ens192", null));
        assertFalse(NmManaged.matches(bed, "bond0", null));
        assertTrue(NmManaged.matches(bed, "p192", null));
        assertTrue(NmManaged.matches("interface-name:p*,mac:02:00:00:00:00:01", "p1", null));
        assertTrue(NmManaged.matches("interface-name:p*,mac:02:00:00:00:00:01", "eth1", "02:00:00:00:00:01"));
        assertTrue(NmManaged.matches("mac:02:00:00:00:00:0A", "eth1", "02:00:00:00:00:0a"), "MACs in any case");
        assertFalse(NmManaged.matches("interface-name:p*", "eth1", null));
        assertFalse(NmManaged.matches("interface-name:=p*", "p1", null), "= names one interface, no glob");
        assertTrue(NmManaged.matches("interface-name:~p?", "p1", null));
        assertTrue(NmManaged.matches("*", "eth0", null));
        assertFalse(NmManaged.matches("type:veth", "p1", null), "a kind bondctl does not evaluate matches nothing");
        assertFalse(NmManaged.matches("interface-name:e*;except:interface-name:eth0", "eth0", null), "except wins");
    }

    @Test
    void networkManagerConfThenUdevDecideElseNobody() throws Exception {
        Files.createDirectories(root.resolve("etc/NetworkManager/conf.d"));
        Files.writeString(root.resolve("etc/NetworkManager/conf.d/99-x.conf"), "[keyfile]\nunmanaged-devices=interface-name:p*\n");
        Path udev = Files.createDirectories(root.resolve("run/udev/data"));
        Files.writeString(udev.resolve("n7"), "I:1\nE:ID_NET_DRIVER=veth\nE:NM_UNMANAGED=1\n");
        Files.writeString(udev.resolve("n8"), "I:1\nE:ID_NET_DRIVER=veth\nE:NM_UNMANAGED=0\n");
        Files.writeString(udev.resolve("n9"), "I:1\nE:ID_NET_DRIVER=e1000\n");
        NmManaged m = NmManaged.of(root);
        assertEquals(NmManaged.Verdict.STRICTLY_UNMANAGED, m.verdict(8, "p8", null), "NM.conf first");
        assertEquals(NmManaged.Verdict.STRICTLY_UNMANAGED, m.verdict(0, "p9", null), "a device not made yet, by name");
        assertEquals(NmManaged.Verdict.UDEV_UNMANAGED, m.verdict(7, "ens7", null), "udev's NM_UNMANAGED=1");
        assertEquals(NmManaged.Verdict.MANAGED, m.verdict(8, "ens8", null), "udev's NM_UNMANAGED=0");
        assertEquals(NmManaged.Verdict.MANAGED, m.verdict(9, "ens9", null), "a device udev knows, without the property");
        assertEquals(NmManaged.Verdict.UNKNOWN, m.verdict(10, "ens10", null), "no word from either");
        assertEquals(NmManaged.Verdict.UNKNOWN, m.verdict(0, "bond1", null), "a device not made yet has no udev entry");
    }
}
