package org.bondctl.monitor;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A classic histogram of seconds, observed on the event thread without allocating, exported
 * through the Prometheus client's snapshot model (which writes the formats). The client's own
 * Histogram allocates a lambda on every observation unless C2's escape analysis removes it, and
 * bin/bondctl runs C1 only (measured: 40 bytes per observation, for ever; MonitorReplayTest
 * guards this). One writer (the event thread); any number of scrapes.
 */
final class LatencyHistogram implements Collector {
    private final String name;
    private final String help;
    /** Upper bounds, the last +Inf. */
    private final double[] bounds;
    /** Per bucket (not cumulative), as ClassicHistogramBuckets takes them. */
    private final AtomicLongArray counts;
    private volatile double sum;

    /** {@code name} ends in _seconds; {@code upperBounds} ascending, without +Inf. */
    LatencyHistogram(String name, String help, double[] upperBounds) {
        this.name = name;
        this.help = help;
        bounds = Arrays.copyOf(upperBounds, upperBounds.length + 1);
        bounds[upperBounds.length] = Double.POSITIVE_INFINITY;
        counts = new AtomicLongArray(bounds.length);
    }

    /** Event thread. */
    void observe(double seconds) {
        int i = 0;
        while (seconds > bounds[i]) {
            i++;
        }
        counts.incrementAndGet(i);
        sum += seconds; // one writer: a volatile write is enough
    }

    @Override
    public MetricSnapshot collect() {
        long[] c = new long[bounds.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts.get(i);
        }
        return HistogramSnapshot.builder().name(name).help(help).unit(Unit.SECONDS)
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, c)).sum(sum).build())
                .build();
    }

    @Override
    public String getPrometheusName() {
        return name;
    }
}
