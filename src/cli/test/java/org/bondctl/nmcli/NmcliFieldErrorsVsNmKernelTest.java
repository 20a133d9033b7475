package org.bondctl.nmcli;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A field {@code -f} or {@code -g} names that nmcli does not know: refused with exit 2 in
 * words that differ per command ('device show': and 'device status': before them, a group's
 * fields for a field of a known group, a period after the list of {@code connection show},
 * NM's every setting and group for a profile's unknown one, another sentence for {@code
 * general}); known fields of a profile and of its active connection asked for mixed, printed
 * the profile's first, then the active ones. The same lines through NetworkManager 1.42's
 * nmcli and through {@code bondctl nmcli} on the system's profiles: exit codes and words must
 * be the same.
 */
@Tag("kernel")
@Tag("nm")
class NmcliFieldErrorsVsNmKernelTest {
    static final List<String> IDS = List.of("fB");
    @RegisterExtension
    static final NmGuestLinks GUEST = new NmGuestLinks("bond75");

    @Test
    void unknownFieldsAreRefusedInNetworkManagersWords() throws Exception {
        SideBySide.compareOnSystem("nmcli-field-errors-vs-nm.txt", IDS, (side, record) -> {
            GUEST.removeMade();
            side.run(List.of("connection", "add", "type", "bond", "con-name", "fB", "ifname", "bond75", "mode", "active-backup",
                    "ipv4.method", "manual", "ipv4.addresses", "192.0.2.75/24", "ipv6.method", "disabled"));
            side.settle();
            for (List<String> line : List.of(
                    List.of("-f", "nosuch", "device", "show", "ens192"),
                    List.of("-f", "GENERAL.nosuch", "device", "show", "ens192"),
                    List.of("-f", "IP4.nosuch", "device", "show", "ens192"),
                    List.of("-f", "IP6.nosuch", "device", "show", "ens192"),
                    List.of("-f", "WIRED-PROPERTIES.nosuch", "device", "show", "ens192"),
                    List.of("-g", "GENERAL.DEVICE,nosuch", "device", "show", "ens192"),
                    List.of("-f", "nosuch", "device"),
                    List.of("-g", "nosuch", "device", "status"),
                    List.of("-f", "nosuch", "connection", "show"),
                    List.of("-f", "NAME,nosuch", "connection", "show", "--active"),
                    List.of("-f", "nosuch", "connection", "show", "fB"),
                    List.of("-f", "nosuch.x", "connection", "show", "fB"),
                    List.of("-f", "ipv4.nosuch", "connection", "show", "fB"),
                    List.of("-f", "GENERAL.nosuch", "connection", "show", "fB"),
                    List.of("-f", "IP4.nosuch", "connection", "show", "fB"),
                    List.of("-f", "nosuch", "general"))) {
                record.put(String.join(" ", line), side.attempt(line));
            }
            // known fields of the profile and of its active connection, asked for mixed: nmcli prints the
            // profile's first, then the active ones, each part in the order asked
            for (List<String> line : List.of(
                    List.of("-f", "connection.id,GENERAL.STATE,ipv4.addresses,IP4.ADDRESS", "connection", "show", "fB"),
                    List.of("-g", "IP4.ADDRESS,connection.id,bond.options", "connection", "show", "fB"),
                    List.of("-t", "-f", "IP4.ADDRESS,GENERAL.NAME,connection.interface-name", "connection", "show", "fB"),
                    List.of("-f", "GENERAL.NAME,ipv4.method,connection.id", "connection", "show", "fB"))) {
                record.put(String.join(" ", line), side.attempt(line));
            }
        });
    }
}
