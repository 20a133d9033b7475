package org.bondctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every key of the keyfiles NetworkManager 1.42.4 wrote for the seed (../shared/reference) is
 * either applied by bondctl or reported as not applied: none is silently skipped.
 */
class ReferenceKeysTest {
    @Test
    void everyReferenceKeyIsAppliedOrReported() throws Exception {
        List<String> reported = new ArrayList<>();
        for (String name : List.of("bond0.nmconnection", "ens192.nmconnection", "ens224.nmconnection")) {
            String text = KeyfileFormatTest.ref(name);
            Profile p = KeyfileFormat.INSTANCE.read(Path.of(name), text);
            Keyfile k = Keyfile.parse(name, text);
            for (Keyfile.Section s : k.sections) {
                for (Keyfile.Entry e : s.entries) {
                    if (e.key == null) {
                        continue;
                    }
                    String key = s.name + "." + e.key;
                    boolean applied = p.applied().contains(key);
                    boolean isReported = p.unapplied().stream().anyMatch(l -> l.contains(": key not applied by bondctl: " + key + "="));
                    assertTrue(applied ^ isReported, () -> name + ": " + key + " is " + (applied ? "applied and reported" : "ignored"));
                    if (isReported) {
                        reported.add(name + ":" + key);
                    }
                }
            }
        }
        // the seed's bond profile carries NM's automatic IPv6, which bondctl does not run
        assertEquals(List.of("bond0.nmconnection:ipv6.addr-gen-mode", "bond0.nmconnection:ipv6.method"), reported);
    }
}
