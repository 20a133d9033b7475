package org.bondctl.bench.monitor;

import java.io.Writer;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bondctl.monitor.EventPrinter;
import org.bondctl.monitor.LinkMessages;
import org.bondctl.monitor.MetricsServer;
import org.bondctl.monitor.Monitor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The monitor's hot path: decode one received RTM_NEWLINK datagram in place and dispatch the
 * resulting event to its listeners. The datagrams replay a bond's steady state: carrier lost,
 * MII down, backup becomes active, failover, carrier back, going back, up, and the same for the
 * other port, so every operation produces an event; with a trivial listener, and with what
 * {@code bondctl monitor --metrics} adds (the output queue and the metrics; its B/op counts the
 * output thread's formatting too, since -prof gc measures the whole process: that the event
 * thread itself allocates nothing is MonitorReplayTest's per-thread count). Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per
 * event (target: 0). The messages come from bondctl's LinkMessages (what the monitor's warm-up replays).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
public class MonitorDispatchBenchmark {
    /** An offline monitor with one trivial listener, and the replayed cycle. */
    @State(Scope.Thread)
    public static class One {
        final LinkMessages msgs = new LinkMessages();
        Monitor monitor;
        ByteBuffer[] cycle;
        int next;
        long sink;
        long clock;

        @Setup
        public void setUp() {
            monitor = Monitor.offline(Monitor.Options.of(null, Set.of(), false));
            monitor.addListener(e -> sink += e.kind().ordinal() + e.nanos());
            more();
            for (ByteBuffer m : msgs.seedBond()) {
                monitor.process(m, m.capacity(), 1);
            }
            cycle = msgs.failoverCycle();
        }

        void more() { }

        long step() {
            ByteBuffer m = cycle[next];
            if (++next == cycle.length) {
                next = 0;
            }
            monitor.process(m, m.capacity(), ++clock);
            return sink;
        }
    }

    /** The same with what `bondctl monitor --metrics` adds: the output queue and the metrics. */
    @State(Scope.Thread)
    public static class Cli extends One {
        EventPrinter printer;

        @Override
        void more() {
            printer = new EventPrinter(Writer.nullWriter(), Writer.nullWriter(), true, EventPrinter.DEFAULT_QUEUE);
            monitor.addListener(printer);
            monitor.addListener(new MetricsServer(monitor).metrics());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            printer.close();
        }
    }

    /** One datagram decoded and its event dispatched to one listener. */
    @Benchmark
    public long decodeAndDispatch(One s) {
        return s.step();
    }

    /** The same, with the CLI's listeners. */
    @Benchmark
    public long decodeAndDispatchCli(Cli s) {
        return s.step();
    }
}
