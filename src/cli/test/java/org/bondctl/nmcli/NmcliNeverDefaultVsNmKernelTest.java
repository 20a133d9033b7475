package org.bondctl.nmcli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ipv4.never-default and ipv6.never-default, run by the real nmcli with NetworkManager 1.42,
 * then by {@code bondctl nmcli} with NetworkManager stopped: set with a gateway (which goes),
 * cleared (the gateway stays gone), a gateway set after it (which clears it), a default route
 * given as a static route beside it, nmcli's boolean words, a refused value. The profiles are
 * the same key by key, and so are {@code -g ipv4.gateway,ipv4.never-default,...}, a whole
 * {@code connection show} and the refusal's message. A hand-written keyfile with a gateway and
 * never-default=true (and one with never-default=yes, which is not a keyfile boolean) is read
 * as NetworkManager loads it.
 */
@Tag("kernel")
@Tag("nm")
class NmcliNeverDefaultVsNmKernelTest {
    static final List<List<String>> LINES = List.of(
            List.of("connection", "add", "type", "bond", "con-name", "ndA", "ifname", "ndA", "autoconnect", "no", "mode",
                    "active-backup", "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24", "ipv4.gateway", "192.0.2.1",
                    "ipv4.never-default", "yes", "ipv6.method", "manual", "ipv6.addresses", "2001:db8:1::10/64", "ipv6.gateway",
                    "2001:db8:1::1", "ipv6.never-default", "yes"),
            List.of("connection", "add", "type", "bond", "con-name", "ndB", "ifname", "ndB", "autoconnect", "no", "mode",
                    "active-backup", "ipv4.method", "manual", "ipv4.addresses", "198.51.100.10/24", "ipv4.gateway", "198.51.100.1"),
            List.of("connection", "modify", "ndB", "ipv4.never-default", "yes"),
            List.of("connection", "modify", "ndB", "ipv4.never-default", "no"),
            List.of("connection", "add", "type", "bond", "con-name", "ndC", "ifname", "ndC", "autoconnect", "no", "mode",
                    "active-backup", "ipv4.never-default", "yes"),
            List.of("connection", "modify", "ndC", "ipv4.method", "manual", "ipv4.addresses", "192.0.2.20/24", "ipv4.gateway",
                    "192.0.2.1"),
            List.of("connection", "add", "type", "bond", "con-name", "ndD", "ifname", "ndD", "autoconnect", "no", "mode",
                    "active-backup", "ipv4.method", "manual", "ipv4.addresses", "192.0.2.30/24", "ipv4.never-default", "t",
                    "ipv4.routes", "0.0.0.0/0 192.0.2.254 300"),
            List.of("connection", "modify", "ndD", "ipv6.never-default", "On"),
            List.of("connection", "modify", "ndD", "ipv6.never-default", ""),
            List.of("connection", "modify", "ndD", "ipv4.gateway", "192.0.2.1", "ipv4.never-default", "YES"));
    static final List<String> IDS = List.of("ndA", "ndB", "ndC", "ndD");
    static final List<String> REFUSED = List.of("connection", "modify", "ndB", "ipv4.never-default", "maybe");
    /** Written by hand: a gateway with never-default=true (dropped), one with never-default=yes (kept). */
    static final String HAND = "[connection]\nid=ndH\nuuid=5d3e2b0c-1111-4222-8333-444455556666\ntype=bond\ninterface-name=ndH\n"
            + "autoconnect=false\n\n[bond]\nmode=active-backup\n\n[ipv4]\naddress1=192.0.2.40/24,192.0.2.1\nmethod=manual\n"
            + "never-default=true\n\n[ipv6]\naddress1=2001:db8::40/64\ngateway=2001:db8::1\nmethod=manual\nnever-default=yes\n";
    static final List<String> GATEWAYS = List.of("-g", "ipv4.gateway,ipv4.never-default,ipv6.gateway,ipv6.never-default",
            "connection", "show");

    @Test
    void theSameAsNetworkManagersNmcli() throws Exception {
        List<String> ids = new ArrayList<>(List.of("ndH"));
        ids.addAll(IDS);
        SideBySide.compare("nmcli-never-default-vs-nm.txt", ids, (side, record) -> {
            for (List<String> line : LINES) {
                side.run(line);
            }
            record.put("refused", side.attempt(REFUSED));
            hand(side.profiles());
            side.run(List.of("connection", "reload"));
            capture(record, side::run, side.profiles());
        });
    }

    private static void hand(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path f = dir.resolve("ndH.nmconnection");
        Files.writeString(f, HAND);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }

    static void capture(Map<String, String> into, NmcliVsNmKernelTest.Shell nmcli, Path dir) throws Exception {
        for (String id : IDS) {
            into.put("file " + id, NmcliVsNmKernelTest.semantic(Files.readString(dir.resolve(id + ".nmconnection"))));
        }
        for (String id : List.of("ndA", "ndB", "ndC", "ndD", "ndH")) {
            List<String> args = new ArrayList<>(GATEWAYS);
            args.add(id);
            into.put("-g gateways " + id, nmcli.run(args));
        }
        into.put("show ndA", NmcliVsNmKernelTest.normalize("show ndA", nmcli.run(List.of("connection", "show", "ndA"))));
    }
}
