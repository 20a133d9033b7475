package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bondctl.plan.NetState;
import org.bondctl.rtnl.SeedNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'nmcli networking off' keeps NetworkingEnabled=false in NetworkManager's state file, and NM
 * then applies no profile, at boot neither: {@code bondctl apply} of the system's profiles (the
 * boot service's) applies nothing either, says why, and exits 0; profiles named on the command
 * line are applied whatever the file says.
 */
@WithSeedCli
class ApplyNetworkingOffTest {
    private SeedNetwork net;
    private Cli cli;

    @TempDir
    Path root;

    @Test
    void nothingIsAppliedWhileNetworkingIsOff() throws Exception {
        Path dir = Files.createDirectories(root.resolve("etc/NetworkManager/system-connections"));
        Path bond = dir.resolve("bond0.nmconnection");
        Files.writeString(bond, "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n[bond]\nmode=active-backup\n\n"
                + "[ipv4]\nmethod=disabled\n\n[ipv6]\nmethod=disabled\n");
        Files.setPosixFilePermissions(bond, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path state = Files.createDirectories(root.resolve("var/lib/NetworkManager")).resolve("NetworkManager.state");
        Files.writeString(state, "[main]\nNetworkingEnabled=false\nWirelessEnabled=true\nWWANEnabled=true\n");
        List<String> before = NetState.of(net.rtnl);
        Cli.Result r = cli.run("apply", "--root", root.toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("bondctl: note: networking is off (NetworkingEnabled=false in " + state
                + ", 'nmcli networking off'): nothing applied"), r::toString);
        assertEquals(before, NetState.of(net.rtnl));
    }
}
