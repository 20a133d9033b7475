package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bondctl.rtnl.NeedsRoot;
import org.junit.jupiter.api.Test;

/** `monitor` needs no privileges (read-only, in this namespace); `--accelerate` says it needs CAP_NET_ADMIN. */
@NeedsRoot
class MonitorPrivilegeTest {

    private static String[] run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--bounding-set=-net_admin", "--inh-caps=-net_admin",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[] {String.valueOf(p.waitFor()), out, err};
    }

    @Test
    void monitorRunsWithoutNetAdminAccelerateDoesNot() throws Exception {
        String[] plain = run("monitor", "--timeout", "0.3");
        assertEquals("0", plain[0], plain[2]);
        String[] acc = run("monitor", "--accelerate", "--timeout", "0.3");
        assertEquals("5", acc[0], acc[2]);
        assertEquals("bondctl: monitor --accelerate: needs CAP_NET_ADMIN (run as root, or grant the capability)\n", acc[2]);
        String[] bad = run("monitor", "--metrics", "nowhere:x");
        assertEquals("2", bad[0], bad[2]);
    }
}
