package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bondctl.bond.BondState;
import org.bondctl.bond.MiiStatus;
import org.bondctl.plan.Bonds;
import org.bondctl.rtnl.SeedNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's output on the seed scenario, byte for byte, against a transcript recorded with the
 * code before the library/CLI split (src/cli/test/resources/seed-transcript.txt, the same
 * on both test bed kernels once normalized): every command's exit code, stdout and stderr. What differs from
 * run to run is replaced before comparing: MAC addresses (veth pairs get random ones) by MAC1,
 * MAC2 ... in order of appearance, interface indexes by IFINDEX, the temporary directory by TMP,
 * the kernel's patch release in the driver's version by KERNEL; and the lines of the IPv6
 * link-local addresses and routes the kernel makes itself are left out (made from the random
 * MACs, they come when addrconf gets to them, in an order of its own).
 * With -Dbondctl.record-transcript=DIR the transcript is written there instead.
 */
@Tag("kernel")
@WithSeedCli
class SeedTranscriptKernelTest {
    private SeedNetwork net;
    private Cli cli;
    private Bonds bonds;

    @TempDir
    Path tmp;

    private final StringBuilder transcript = new StringBuilder();

    private void run(String... args) {
        Cli.Result r = cli.run(args);
        transcript.append("$ bondctl ").append(String.join(" ", args)).append("\nexit ").append(r.exit()).append('\n')
                .append(r.out()).append(r.err().isEmpty() ? "" : "--- stderr\n" + r.err());
    }

    /** Waits until both ports' MII status is up and ens192 is active: show then prints settled state. */
    private void settled() throws InterruptedException {
        BondState s = bonds.await("bond0", 10_000, b -> b.link().carrier() && "ens192".equals(b.activePort())
                && b.ports().size() == 2 && b.ports().stream().allMatch(p -> p.miiStatus() == MiiStatus.UP));
        transcript.append(s.link().carrier() ? "" : "(not settled)\n");
    }

    @Test
    void theSeedScenarioPrintsWhatItPrintedBeforeTheSplit() throws Exception {
        Path resolv = tmp.resolve("resolv.conf");
        run("add", "bond0", "mode=active-backup", "miimon=100");
        run("enslave", "bond0", "ens192", "ens224");
        run("addr", "add", "bond0", "192.0.2.10/24");
        run("up", "bond0");
        run("route", "add", "default", "via", "192.0.2.1", "dev", "bond0");
        run("dns", "set", "bond0", "--server", "192.0.2.53", "--search", "k.local.lab", "--resolv-conf", resolv.toString());
        settled();
        run("show", "bond0");
        run("set", "bond0", "miimon=1000", "primary=ens192", "primary_reselect=always", "updelay=10000");
        settled();
        run("show", "bond0");
        run("port", "show");
        run("addr", "show", "bond0");
        run("route", "show");
        run("dns", "show", "--resolv-conf", resolv.toString());
        run("set", "bond0", "updelay=150");
        run("set", "bond0", "lacp_rate=fast");
        run("enslave", "bond0", "nosuch0");
        run("release", "bond0", "ens224");
        run("release", "bond0", "ens224");
        run("del", "bond0");
        String got = normalized(transcript.toString());
        String name = "seed-transcript.txt";
        String record = System.getProperty("bondctl.record-transcript");
        if (record != null) {
            Files.writeString(Path.of(record, name), got);
            return;
        }
        assertEquals(Files.readString(Path.of("src/cli/test/resources", name)), got);
    }

    private String normalized(String text) {
        Map<String, String> macs = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\\b([0-9a-f]{2}:){5}[0-9a-f]{2}\\b").matcher(text.replace(tmp.toString(), "TMP"));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String mac = m.group();
            String name = mac.equals("00:00:00:00:00:00") ? mac : macs.computeIfAbsent(mac, k -> "MAC" + (macs.size() + 1));
            m.appendReplacement(out, name);
        }
        m.appendTail(out);
        return out.toString().replaceAll("ifindex \\d+", "ifindex IFINDEX").replaceAll("(?m)^\\S+ fe80::[0-9a-f:]+/64\n", "")
                .replaceAll("(?m)^fe80::/64 dev \\S+ proto kernel metric 256\n", "").replaceAll("(?m)Driver: v\\S+$", "Driver: vKERNEL");
    }
}
