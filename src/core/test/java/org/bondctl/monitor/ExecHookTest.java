package org.bondctl.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --exec hooks as the monitor runs them: the event in the environment, no capabilities (the
 * tests run as root, so there are some to lose), a process group of their own killed at the
 * time limit and at close, a bounded queue whose drops are counted and reported.
 */
class ExecHookTest {
    private final List<String> notices = new CopyOnWriteArrayList<>();

    private static MonitorEvent failover(String from, String to, long sinceLoss) {
        MonitorEvent e = new MonitorEvent().reset(MonitorEvent.Kind.FAILOVER, 2_041_000_000L);
        e.bond = "bond0";
        e.from = from;
        e.to = to;
        e.sinceCarrierLoss = sinceLoss;
        return e;
    }

    private ExecHook hook(String cmd, long timeoutMs, boolean keepCaps, int queue) {
        return new ExecHook(cmd, new ExecHook.Settings(queue, timeoutMs, keepCaps), notices::add);
    }

    /** Capability and process-group lines of /proc/self/status and stat, as the hook's own child sees them. */
    private static Map<String, String> status(Path f) throws Exception {
        return Files.readAllLines(f).stream().map(l -> l.split(":\\s*", 2))
                .collect(Collectors.toMap(a -> a[0], a -> a.length > 1 ? a[1] : ""));
    }

    private static final String REPORT = "grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):' /proc/self/status > %s;"
            + " echo \"pid: $$\" >> %1$s; echo \"pgrp: $(cut -d' ' -f5 /proc/$$/stat)\" >> %1$s";

    /** Dead: no such process, or a zombie (killed; its parent died too and init has not reaped it yet). */
    private static boolean gone(long pid) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                    return true;
                }
            } catch (java.io.IOException e) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    @Test
    void runsWithTheEventInItsEnvironmentWithoutCapabilities(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("hook.out");
        Path caps = tmp.resolve("caps");
        try (ExecHook h = hook("echo \"$BONDCTL_EVENT $BONDCTL_BOND $BONDCTL_FROM>$BONDCTL_TO $BONDCTL_ACCELERATED "
                + "$BONDCTL_AFTER_CARRIER_LOSS_MS $BONDCTL_WALL_TIME\" >> " + out + "; " + String.format(REPORT, caps),
                5000, false, 8)) {
            long t = System.nanoTime();
            h.onEvent(failover(null, "ens192", -1));
            h.onEvent(failover("ens192", "ens224", 41_000_000));
            assertTrue(System.nanoTime() - t < 100_000_000L, "the event thread does not wait for hooks");
        }
        List<String> lines = Files.readAllLines(out);
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(0).matches("failover bond0 >ens192 0  \\d{4}-\\d\\d-\\d\\dT[0-9:.]{15}Z"), lines.get(0));
        assertTrue(lines.get(1).startsWith("failover bond0 ens192>ens224 0 41.000 "), lines.get(1));
        Map<String, String> s = status(caps);
        for (String set : List.of("CapInh", "CapPrm", "CapEff", "CapAmb", "CapBnd")) {
            assertEquals("0000000000000000", s.get(set), set + " of the hook: " + s);
        }
        assertEquals("1", s.get("NoNewPrivs"), s::toString);
        assertEquals(s.get("pid"), s.get("pgrp"), "the hook leads a process group of its own: " + s);
    }

    @Test
    void keepCapsKeepsThem(@TempDir Path tmp) throws Exception {
        Path caps = tmp.resolve("caps");
        try (ExecHook h = hook(String.format(REPORT, caps), 5000, true, 8)) {
            h.onEvent(failover("ens192", "ens224", 1));
        }
        Map<String, String> s = status(caps);
        assertNotEquals("0000000000000000", s.get("CapEff"), "root's hook with --exec-keep-caps: " + s);
        assertEquals("0", s.get("NoNewPrivs"), s::toString);
    }

    @Test
    void aHungHookIsKilledWithItsGroupAndTheNextOneRuns(@TempDir Path tmp) throws Exception {
        Path first = tmp.resolve("first");
        Path bg = tmp.resolve("bg");
        Path later = tmp.resolve("later");
        String cmd = "if [ ! -e " + first + " ]; then touch " + first + "; sleep 1000 & echo $! > " + bg
                + "; sleep 1000; else echo ran >> " + later + "; fi";
        try (ExecHook h = hook(cmd, 500, false, 8)) {
            h.onEvent(failover("ens192", "ens224", 1));
            h.onEvent(failover("ens224", "ens192", 1));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!Files.exists(later) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, h.timedOut());
            assertEquals(2, h.runs());
        }
        assertEquals(List.of("ran"), Files.readAllLines(later));
        assertTrue(gone(Long.parseLong(Files.readString(bg).strip())), "the hook's background job survived");
        assertTrue(notices.stream().anyMatch(n -> n.contains("still running after 500 ms: killed")), notices::toString);
    }

    @Test
    void closeKillsTheRunningHook(@TempDir Path tmp) throws Exception {
        Path bg = tmp.resolve("bg");
        ExecHook h = hook("sleep 1000 & echo $! > " + bg + "; sleep 1000", 60_000, false, 8);
        h.onEvent(failover("ens192", "ens224", 1));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(Files.exists(bg) && Files.size(bg) > 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long t = System.nanoTime();
        h.close(200);
        assertTrue(System.nanoTime() - t < 3_000_000_000L);
        assertTrue(gone(Long.parseLong(Files.readString(bg).strip())), "a hook outlived the monitor");
    }

    @Test
    void aFullQueueDropsCountsAndSays(@TempDir Path tmp) throws Exception {
        Path ran = tmp.resolve("ran");
        try (ExecHook h = hook("sleep 0.3; echo x >> " + ran, 5000, false, 2)) {
            for (int i = 0; i < 10; i++) {
                h.onEvent(failover("ens192", "ens224", 1));
            }
            assertTrue(h.dropped() >= 7, "dropped " + h.dropped());
        }
        assertTrue(Files.readAllLines(ran).size() <= 3);
        assertTrue(notices.stream().anyMatch(n -> n.matches("--exec: \\d+ hook runs dropped: 2 failovers were already waiting.*")),
                notices::toString);
    }
}
