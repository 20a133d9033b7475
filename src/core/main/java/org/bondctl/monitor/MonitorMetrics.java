package org.bondctl.monitor;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.bondctl.bond.BondState;
import org.bondctl.bond.MiiStatus;
import org.bondctl.bond.PortState;
import org.bondctl.error.BondctlException;
import org.bondctl.ethtool.Ethtool;
import org.bondctl.plan.Bonds;

/**
 * What {@code bondctl monitor --metrics} exports, all under bondctl's own names (node_exporter's
 * bonding collector keeps its node_bonding_* names; README maps one to the other).
 *
 * <ul>
 * <li>From events, on the event thread, lock-free and without allocation (one cached counter
 *     data point per bond; {@link LatencyHistogram}): failovers by who did them, accelerator refusals, the accelerator's reaction
 *     time and the carrier-loss-to-failover time.
 * <li>From the kernel, read when scraped (one link dump and one ethtool dump, shared by the
 *     families of one scrape): ports, ports up, active port, MII status, link failures, speed,
 *     802.3ad aggregator and actor/partner port state. The event thread is not involved.
 * <li>The monitor's health: messages, malformed and foreign (dropped) messages, resyncs,
 *     listener errors, output events dropped, hook runs dropped, timed out, failed.
 * </ul>
 */
public final class MonitorMetrics implements MonitorListener {
    /** Histogram buckets in seconds: 10 us to 2.5 s. */
    static final double[] BUCKETS = {10e-6, 25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3,
        25e-3, 50e-3, 100e-3, 250e-3, 500e-3, 1.0, 2.5};
    /** A scrape's families share one reading of the kernel's state at most this old. */
    private static final long STATE_TTL_NS = 500_000_000L;

    private record BondPoints(CounterDataPoint kernel, CounterDataPoint accelerated, CounterDataPoint refused) {}

    private record KernelState(List<BondState> bonds, Map<Integer, Ethtool.LinkModes> speeds, long readAt) {}

    private final Monitor monitor;
    private final Counter failovers;
    private final Counter refusals;
    private final LatencyHistogram reaction;
    private final LatencyHistogram failover;
    /** Event thread only. */
    private final Map<String, BondPoints> points = new HashMap<>();
    private volatile EventPrinter printer;
    private volatile ExecHook hook;
    private KernelState state;

    MonitorMetrics(Monitor monitor, PrometheusRegistry r) {
        this.monitor = monitor;
        failovers = Counter.builder().name("bondctl_failovers_total").help("Active port changes seen, by who asked for them.")
                .labelNames("bond", "accelerated").withoutExemplars().register(r);
        refusals = Counter.builder().name("bondctl_accelerate_refused_total")
                .help("Carrier losses of the active port the accelerator left to the MII monitor (downdelay, no usable port, kernel refused).")
                .labelNames("bond").withoutExemplars().register(r);
        reaction = histogram(r, "bondctl_event_to_action_seconds",
                "Accelerator reaction: carrier loss message received to switch acknowledged by the kernel.");
        failover = histogram(r, "bondctl_carrier_loss_to_failover_seconds",
                "Carrier loss message received to the bond's new active port reported.");
        health(r);
        if (!monitor.isOffline()) {
            kernelState(r);
        }
    }

    private static LatencyHistogram histogram(PrometheusRegistry r, String name, String help) {
        LatencyHistogram h = new LatencyHistogram(name, help, BUCKETS);
        r.register(h);
        return h;
    }

    /** Also export the output's dropped events. */
    public void outputs(EventPrinter p) {
        printer = p;
    }

    /** Also export the hook's runs, drops, timeouts and failures. */
    public void hooks(ExecHook h) {
        hook = h;
    }

    @Override
    public void onEvent(MonitorEvent e) {
        switch (e.kind()) {
            case BOND, BOND_CREATED -> points(e.bond());
            case BOND_DELETED -> forget(e.bond());
            case FAILOVER -> {
                BondPoints p = points(e.bond());
                (e.accelerated() ? p.accelerated : p.kernel).inc();
                if (e.accelerated() && e.reaction() >= 0) {
                    reaction.observe(e.reaction() / 1e9);
                }
                if (e.sinceCarrierLoss() >= 0) {
                    failover.observe(e.sinceCarrierLoss() / 1e9);
                }
            }
            case ACCELERATE_REFUSED -> points(e.bond()).refused.inc();
            default -> { }
        }
    }

    private BondPoints points(String bond) {
        BondPoints p = points.get(bond);
        if (p == null) { // cold: once per bond
            p = new BondPoints(failovers.labelValues(bond, "false"), failovers.labelValues(bond, "true"),
                    refusals.labelValues(bond));
            points.put(bond, p);
        }
        return p;
    }

    private void forget(String bond) {
        points.remove(bond);
        failovers.remove(bond, "false");
        failovers.remove(bond, "true");
        refusals.remove(bond);
    }

    // ------------------------------------------------------------------ the monitor's health

    private void health(PrometheusRegistry r) {
        counter(r, "bondctl_monitor_messages_total", "Link messages decoded.", Monitor::messages);
        counter(r, "bondctl_monitor_malformed_messages_total", "Link messages that could not be decoded (skipped).",
                Monitor::malformed);
        counter(r, "bondctl_monitor_foreign_messages_total", "Messages dropped because the kernel did not send them.",
                Monitor::foreignDropped);
        counter(r, "bondctl_monitor_resyncs_total", "State read again after lost messages (ENOBUFS).", Monitor::resyncs);
        counter(r, "bondctl_monitor_listener_errors_total", "Exceptions thrown by event listeners (caught).",
                Monitor::listenerErrors);
        source(r, "bondctl_monitor_output_dropped_events_total", "Events not printed because the output was blocked.",
                () -> printer, EventPrinter::dropped);
        source(r, "bondctl_monitor_hook_runs_total", "--exec hook runs started.", () -> hook, ExecHook::runs);
        source(r, "bondctl_monitor_hook_dropped_total", "--exec hook runs dropped: too many failovers waiting.",
                () -> hook, ExecHook::dropped);
        source(r, "bondctl_monitor_hook_timeouts_total", "--exec hook runs killed at their time limit.",
                () -> hook, ExecHook::timedOut);
        source(r, "bondctl_monitor_hook_failures_total", "--exec hook runs that could not start or exited non-zero.",
                () -> hook, ExecHook::failed);
    }

    private void counter(PrometheusRegistry r, String name, String help, ToLongFunction<Monitor> value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.applyAsLong(monitor))).register(r);
    }

    private static <T> void source(PrometheusRegistry r, String name, String help, Supplier<T> source,
            ToLongFunction<T> value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> {
            T s = source.get();
            if (s != null) {
                cb.call(value.applyAsLong(s));
            }
        }).register(r);
    }

    // ------------------------------------------------------------------ the kernel's state, when scraped

    private void kernelState(PrometheusRegistry r) {
        gauge(r, "bondctl_bond_ports", "Ports of the bond (node_exporter: node_bonding_slaves).", new String[] {"bond"},
                (cb, k) -> k.bonds.forEach(b -> cb.call(b.ports().size(), b.name())));
        gauge(r, "bondctl_bond_ports_up", "Ports whose MII status is up (node_exporter: node_bonding_active).",
                new String[] {"bond"}, (cb, k) -> k.bonds.forEach(b -> cb.call(
                        b.ports().stream().filter(p -> p.miiStatus() == MiiStatus.UP).count(), b.name())));
        gauge(r, "bondctl_bond_active_port", "The bond's active port (1; modes with one active port).",
                new String[] {"bond", "port"}, (cb, k) -> k.bonds.forEach(b -> {
                    if (b.activePort() != null) {
                        cb.call(1, b.name(), b.activePort());
                    }
                }));
        gauge(r, "bondctl_bond_ad_aggregator_id", "802.3ad: the bond's active aggregator.", new String[] {"bond"},
                (cb, k) -> k.bonds.forEach(b -> {
                    if (b.adInfo() != null) {
                        cb.call(b.adInfo().aggregatorId(), b.name());
                    }
                }));
        gauge(r, "bondctl_port_mii_status", "MII status of each port (1 for the current one).",
                new String[] {"bond", "port", "status"}, (cb, k) -> ports(k, (b, p) -> {
                    for (int s = 0; s < MiiStatus.COUNT; s++) {
                        cb.call(p.miiStatus() == s ? 1 : 0, b.name(), p.name(), MiiStatus.name(s));
                    }
                }));
        CounterWithCallback.builder().name("bondctl_port_link_failures_total")
                .help("Link failures of each port, as the kernel counts them.").labelNames("bond", "port")
                .callback(cb -> ports(state(), (b, p) -> cb.call(p.linkFailureCount(), b.name(), p.name()))).register(r);
        gauge(r, "bondctl_port_speed_bytes", "Port speed in bytes per second (ethtool; node_network_speed_bytes).",
                new String[] {"bond", "port"}, (cb, k) -> ports(k, (b, p) -> {
                    Ethtool.LinkModes lm = k.speeds.get(p.link().index());
                    if (lm != null && lm.speedMbps() > 0) {
                        cb.call(lm.speedMbps() * 125_000.0, b.name(), p.name());
                    }
                }));
        gauge(r, "bondctl_port_ad_aggregator_id", "802.3ad: the aggregator the port belongs to.",
                new String[] {"bond", "port"}, (cb, k) -> ports(k, (b, p) -> {
                    if (p.adAggregatorId() >= 0) {
                        cb.call(p.adAggregatorId(), b.name(), p.name());
                    }
                }));
        gauge(r, "bondctl_port_ad_actor_oper_port_state", "802.3ad: the actor's LACP port state bits (IEEE 802.1AX).",
                new String[] {"bond", "port"}, (cb, k) -> ports(k, (b, p) -> {
                    if (p.adActorOperPortState() >= 0) {
                        cb.call(p.adActorOperPortState(), b.name(), p.name());
                    }
                }));
        gauge(r, "bondctl_port_ad_partner_oper_port_state", "802.3ad: the partner's LACP port state bits (IEEE 802.1AX).",
                new String[] {"bond", "port"}, (cb, k) -> ports(k, (b, p) -> {
                    if (p.adPartnerOperPortState() >= 0) {
                        cb.call(p.adPartnerOperPortState(), b.name(), p.name());
                    }
                }));
    }

    private interface Fill {
        void fill(GaugeWithCallback.Callback cb, KernelState k);
    }

    private void gauge(PrometheusRegistry r, String name, String help, String[] labels, Fill fill) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(labels).callback(cb -> fill.fill(cb, state())).register(r);
    }

    private interface PortVisitor {
        void visit(BondState bond, PortState port);
    }

    private static void ports(KernelState k, PortVisitor v) {
        k.bonds.forEach(b -> b.ports().forEach(p -> v.visit(b, p)));
    }

    /** The watched bonds as the kernel has them now (read at most every STATE_TTL_NS). */
    private synchronized KernelState state() {
        long now = System.nanoTime();
        if (state != null && now - state.readAt < STATE_TTL_NS) {
            return state;
        }
        Monitor.Options o = monitor.options();
        List<BondState> bonds = List.of();
        Map<Integer, Ethtool.LinkModes> speeds = Map.of();
        try (Bonds b = Bonds.open(o.netns())) {
            bonds = b.list().stream().filter(s -> o.bonds().isEmpty() || o.bonds().contains(s.name())).toList();
        } catch (BondctlException e) {
            // namespace gone: nothing to report (the monitor stops and says why)
        }
        Ethtool e = bonds.isEmpty() ? null : Ethtool.open(o.netns());
        if (e != null) {
            try (e) {
                speeds = e.linkModesAll();
            }
        }
        state = new KernelState(bonds, speeds, now);
        return state;
    }
}
