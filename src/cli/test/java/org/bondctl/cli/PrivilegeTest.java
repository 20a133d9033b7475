package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bondctl.rtnl.NeedsRoot;
import org.junit.jupiter.api.Test;

/**
 * Read-only commands work without privileges; changes say that CAP_NET_ADMIN is missing.
 * Runs a real JVM without CAP_NET_ADMIN (setpriv) on the test class path.
 */
@NeedsRoot
class PrivilegeTest {

    private static String[] run(String... args) throws IOException, InterruptedException {
        // Still uid 0 (the class path may live under /root), but without CAP_NET_ADMIN.
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--bounding-set=-net_admin", "--inh-caps=-net_admin",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[] {String.valueOf(p.waitFor()), out, err};
    }

    @Test
    void showWorksAndChangesNeedNetAdmin() throws Exception {
        String[] show = run("show");
        assertEquals("0", show[0], show[2]);
        String[] add = run("add", "bond0", "mode=active-backup");
        assertEquals("5", add[0], add[2]);
        assertEquals("bondctl: add bond0: needs CAP_NET_ADMIN (run as root, or grant the capability)\n", add[2]);
        String[] bad = run("add", "bond0", "mode=nonsense");
        assertEquals("2", bad[0], "invalid input is reported before the privilege check: " + bad[2]);
    }
}
