package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * `monitor --rt-priority` and `--lock-memory` for real, on this machine's kernel (read-only: the
 * monitor follows the host's namespace and changes nothing): the event thread runs SCHED_FIFO
 * at the priority, the other threads keep the normal policy, the process's memory is locked;
 * without CAP_SYS_NICE or CAP_IPC_LOCK one line and exit 5; a priority outside 1-99 exit 2.
 */
class MonitorRealTimeTest {
    /** SCHED_FIFO and SCHED_OTHER (include/uapi/linux/sched.h). */
    private static final int SCHED_FIFO = 1;
    private static final int SCHED_OTHER = 0;

    private static List<String> command(List<String> privileges, String... args) {
        List<String> cmd = new ArrayList<>(privileges);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A monitor in the background, its output discarded. */
    private static Process monitor(String... args) throws IOException {
        return new ProcessBuilder(command(List.of(), args)).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String[] run(List<String> privileges, String... args) throws Exception {
        Process p = new ProcessBuilder(command(privileges, args)).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[] {String.valueOf(p.waitFor()), out, err};
    }

    /** Fields of /proc/PID/task/TID/stat after the command name: [0] is field 3 (state). */
    private static String[] stat(Path task) throws IOException {
        String s = Files.readString(task.resolve("stat"));
        return s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
    }

    private static int policy(Path task) throws IOException {
        return Integer.parseInt(stat(task)[41 - 3]);
    }

    private static int rtPriority(Path task) throws IOException {
        return Integer.parseInt(stat(task)[40 - 3]);
    }

    private static Path eventThread(long pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    if (Files.readString(t.resolve("comm")).strip().equals("bondctl-monitor") && policy(t) == SCHED_FIFO) {
                        return t;
                    }
                }
            } catch (IOException gone) {
                break;
            }
            Thread.sleep(20);
        }
        return null;
    }

    private static long statusKb(long pid, String field) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith(field + ":")) {
                return Long.parseLong(l.substring(field.length() + 1).replace("kB", "").strip());
            }
        }
        throw new IllegalStateException(field);
    }

    @Test
    void eventThreadRunsFifoAndMemoryIsLocked() throws Exception {
        Process p = monitor("monitor", "--rt-priority", "42", "--lock-memory", "--timeout", "30");
        try {
            Path event = eventThread(p.pid());
            assertNotNull(event, "no thread bondctl-monitor under SCHED_FIFO");
            assertEquals(42, rtPriority(event));
            Path main = Path.of("/proc/" + p.pid() + "/task/" + p.pid());
            assertEquals(SCHED_OTHER, policy(main), "the policy is the event thread's alone");
            long locked = statusKb(p.pid(), "VmLck");
            long rss = statusKb(p.pid(), "VmRSS");
            assertTrue(locked > 0 && locked >= rss / 2, "VmLck " + locked + " kB of VmRSS " + rss + " kB");
        } finally {
            p.destroy();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        }
        assertEquals(143, p.exitValue(), "SIGTERM ends the monitor as a service expects");
    }

    /**
     * Locking keeps what the monitor touches, it does not fault in all it maps: its resident
     * memory stays within 64 MB of the same monitor's unlocked (MCL_CURRENT alone made it the
     * whole initial heap, 1/64 of the machine's memory, plus the runtime's module image: 660 MB
     * against 62 on a 23 GB host).
     */
    @Test
    void lockedMemoryIsWhatTheMonitorTouches() throws Exception {
        Process locked = monitor("monitor", "--rt-priority", "42", "--lock-memory", "--timeout", "30");
        Process plain = monitor("monitor", "--rt-priority", "42", "--timeout", "30");
        try {
            assertNotNull(eventThread(locked.pid()), "no thread bondctl-monitor under SCHED_FIFO (locked)");
            assertNotNull(eventThread(plain.pid()), "no thread bondctl-monitor under SCHED_FIFO (not locked)");
            long lockedRss = statusKb(locked.pid(), "VmRSS");
            long plainRss = statusKb(plain.pid(), "VmRSS");
            assertTrue(statusKb(locked.pid(), "VmLck") > 0, "locked");
            assertTrue(lockedRss < plainRss + 64 * 1024, "VmRSS " + lockedRss + " kB locked, " + plainRss + " kB not");
        } finally {
            locked.destroy();
            plain.destroy();
            assertTrue(locked.waitFor(20, TimeUnit.SECONDS) && plain.waitFor(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void withoutTheCapabilitiesOneLineAndExit5() throws Exception {
        String[] nice = run(List.of("setpriv", "--bounding-set=-sys_nice", "--inh-caps=-sys_nice"),
                "monitor", "--rt-priority", "50", "--timeout", "5");
        assertEquals("5", nice[0], nice[2]);
        assertEquals("bondctl: monitor --rt-priority 50: needs CAP_SYS_NICE (run as root, or grant the capability)\n", nice[2]);
        assertEquals("", nice[1]);
        String[] lock = run(List.of("setpriv", "--bounding-set=-ipc_lock", "--inh-caps=-ipc_lock"),
                "monitor", "--lock-memory", "--timeout", "5");
        assertEquals("5", lock[0], lock[2]);
        assertEquals("bondctl: monitor --lock-memory: needs CAP_IPC_LOCK (run as root, or grant the capability): "
                + "mlockall: Cannot allocate memory (ENOMEM)\n", lock[2]);
    }

    @Test
    void priorityOutsideTheRangeIsInvalid() throws Exception {
        for (String bad : List.of("0", "100", "-1")) {
            String[] r = run(List.of(), "monitor", "--rt-priority", bad, "--timeout", "5");
            assertEquals("2", r[0], r[2]);
            assertEquals("bondctl: monitor --rt-priority " + bad + ": expected 1-99\n", r[2]);
        }
    }
}
