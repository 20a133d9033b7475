package org.bondctl.bench.monitor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bondctl.bond.options.BondOption;
import org.bondctl.monitor.Monitor;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.wire.MessageBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The monitor's hot path: decode one received RTM_NEWLINK datagram in place and dispatch the
 * resulting event to a listener. The datagrams replay a bond's steady state: carrier lost,
 * MII down, backup becomes active, failover, carrier back, going back, up, and the same for the
 * other port, so every operation produces an event. Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} is the bytes allocated per event (target: 0).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
public class MonitorDispatchBenchmark {
    private static final int BOND = 10;
    private static final int P192 = 3;
    private static final int P224 = 5;

    private final MessageBuilder b = new MessageBuilder(4096);
    private Monitor monitor;
    private ByteBuffer[] cycle;
    private int next;
    private long sink;
    private long clock;

    @Setup
    public void setUp() {
        monitor = Monitor.offline(Monitor.Options.of(null, Set.of(), false));
        monitor.addListener(e -> sink += e.kind().ordinal() + e.nanos());
        for (ByteBuffer m : new ByteBuffer[] {
            bond(0), port(P192, "ens192", 0, true, 0, 0), port(P224, "ens224", 0, true, 0, 0),
            port(P192, "ens192", BOND, true, 0, 0), port(P224, "ens224", BOND, true, 0, 1), bond(P192)}) {
            monitor.process(m, m.capacity(), 1);
        }
        cycle = new ByteBuffer[] {
            port(P192, "ens192", BOND, false, 0, 0),
            port(P192, "ens192", BOND, false, 2, 1),
            port(P224, "ens224", BOND, true, 0, 0),
            bond(P224),
            port(P192, "ens192", BOND, true, 3, 1),
            port(P192, "ens192", BOND, true, 0, 1),
            port(P224, "ens224", BOND, false, 0, 0),
            port(P224, "ens224", BOND, false, 2, 1),
            port(P192, "ens192", BOND, true, 0, 0),
            bond(P192),
            port(P224, "ens224", BOND, true, 3, 1),
            port(P224, "ens224", BOND, true, 0, 1),
        };
    }

    /** One datagram decoded and its event dispatched. */
    @Benchmark
    public long decodeAndDispatch() {
        ByteBuffer m = cycle[next];
        if (++next == cycle.length) {
            next = 0;
        }
        monitor.process(m, m.capacity(), ++clock);
        return sink;
    }

    private ByteBuffer bond(int active) {
        b.begin(Rtnl.RTM_NEWLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, BOND, Rtnl.IFF_UP | Rtnl.IFF_MASTER | Rtnl.IFF_LOWER_UP, 0)
                .attrString(Rtnl.IFLA_IFNAME, "bond0").attrU8(Rtnl.IFLA_OPERSTATE, 6).attrU8(Rtnl.IFLA_CARRIER, 1)
                .nestStart(Rtnl.IFLA_LINKINFO).attrString(Rtnl.IFLA_INFO_KIND, "bond")
                .nestStart(Rtnl.IFLA_INFO_DATA).attrU8(BondOption.MODE.id(), 1);
        if (active != 0) {
            b.attrU32(BondOption.ACTIVE_SLAVE.id(), active);
        }
        b.attrU32(BondOption.MIIMON.id(), 100).attrU32(BondOption.UPDELAY.id(), 0).attrU32(BondOption.DOWNDELAY.id(), 0)
                .attrU8(BondOption.PRIMARY_RESELECT.id(), 0).nestEnd().nestEnd();
        return done();
    }

    private ByteBuffer port(int index, String name, int master, boolean carrier, int mii, int state) {
        b.begin(Rtnl.RTM_NEWLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, index,
                Rtnl.IFF_UP | Rtnl.IFF_SLAVE | (carrier ? Rtnl.IFF_LOWER_UP : 0), 0)
                .attrString(Rtnl.IFLA_IFNAME, name).attrU8(Rtnl.IFLA_OPERSTATE, carrier ? 6 : 7)
                .attrU8(Rtnl.IFLA_CARRIER, carrier ? 1 : 0);
        if (master != 0) {
            b.attrU32(Rtnl.IFLA_MASTER, master);
        }
        b.nestStart(Rtnl.IFLA_LINKINFO).attrString(Rtnl.IFLA_INFO_KIND, "veth");
        if (master != 0) {
            b.attrString(Rtnl.IFLA_INFO_SLAVE_KIND, "bond").nestStart(Rtnl.IFLA_INFO_SLAVE_DATA)
                    .attrU8(1, state).attrU8(2, mii).attrU32(3, 1).nestEnd();
        }
        b.nestEnd();
        return done();
    }

    private ByteBuffer done() {
        b.finish(0);
        byte[] bytes = b.toBytes();
        ByteBuffer d = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.nativeOrder());
        d.put(0, bytes);
        return d;
    }
}
