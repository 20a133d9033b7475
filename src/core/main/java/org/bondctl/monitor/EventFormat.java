package org.bondctl.monitor;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The monitor's output: one line per event, as text or as a JSON object with the same fields.
 * Text: {@code   12.345678 bond0 failover ens192 -> ens224 (accelerated, 1.2 ms after carrier loss)}
 * (seconds of CLOCK_MONOTONIC, the clock of {@code /proc/uptime} and the kernel log). JSON adds
 * the wall-clock time, RFC 3339 in UTC with microseconds ({@code "wall_time":"2026-12-02T13:20:01.123456Z"}).
 */
public final class EventFormat {
    /** RFC 3339 (section 5.6) date-time in UTC, microseconds; java.time loads only when JSON is printed. */
    private static final class Rfc3339 {
        static final DateTimeFormatter FORMAT =
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    }

    private EventFormat() {}

    /**
     * The wall-clock time of a CLOCK_MONOTONIC instant, in RFC 3339: the clocks' distance read
     * now, when the line is printed (off the event thread, which reads the monotonic clock only).
     */
    public static String wallTime(long monotonicNanos) {
        Instant now = Instant.now();
        long ago = System.nanoTime() - monotonicNanos;
        return Rfc3339.FORMAT.format(now.minusNanos(ago));
    }

    public static String text(MonitorEvent e) {
        StringBuilder sb = new StringBuilder(96);
        sb.append(String.format(Locale.ROOT, "%12.6f ", e.nanos() / 1e9));
        sb.append(e.bond() == null ? "-" : e.bond()).append(' ');
        String port = e.port();
        switch (e.kind()) {
            case BOND -> sb.append("state ").append(e.detail());
            case PORT -> sb.append(port).append(" state ").append(portSummary(e));
            case BOND_CREATED -> sb.append("created").append(e.detail() == null ? "" : " (" + e.detail() + ")");
            case BOND_DELETED -> sb.append("deleted");
            case PORT_ADDED -> sb.append("port ").append(port).append(" added (").append(portSummary(e)).append(')');
            case PORT_REMOVED -> sb.append("port ").append(port).append(" removed");
            case CARRIER_LOST -> sb.append(port == null ? "bond" : port).append(" carrier lost");
            case CARRIER_RESTORED -> sb.append(port == null ? "bond" : port).append(" carrier restored");
            case MII_STATUS -> sb.append(port).append(" mii ").append(e.to()).append(" (was ")
                    .append(e.from() == null ? "unknown" : e.from()).append(')');
            case FAILOVER -> {
                sb.append("failover ").append(none(e.from())).append(" -> ").append(none(e.to()));
                sb.append(" (").append(e.accelerated() ? "accelerated" : "kernel");
                if (e.sinceCarrierLoss() >= 0) {
                    sb.append(", ").append(ms(e.sinceCarrierLoss())).append(" ms after carrier loss");
                }
                if (e.reaction() >= 0) {
                    sb.append(", reaction ").append(us(e.reaction())).append(" us");
                }
                sb.append(')');
            }
            case OPTIONS -> sb.append("options ").append(e.detail());
            case ACCELERATE_REFUSED -> sb.append("accelerate ").append(e.from()).append(" -> ").append(none(e.to()))
                    .append(" not done: ").append(e.detail()).append("; left to the MII monitor");
            case RESYNC, NETNS_GONE, ERROR -> sb.append(e.kind().wireName()).append(": ").append(e.detail());
        }
        return sb.toString();
    }

    private static String portSummary(MonitorEvent e) {
        StringBuilder sb = new StringBuilder();
        sb.append("carrier ").append(e.carrier() == 1 ? "up" : "down");
        if (e.miiStatusName() != null) {
            sb.append(", mii ").append(e.miiStatusName());
        }
        if (e.portStateName() != null) {
            sb.append(", ").append(e.portStateName());
        }
        if (e.linkFailures() >= 0) {
            sb.append(", link failures ").append(e.linkFailures());
        }
        return sb.toString();
    }

    private static String none(String s) {
        return s == null ? "(none)" : s;
    }

    static String ms(long ns) {
        return String.format(Locale.ROOT, "%.3f", ns / 1e6);
    }

    static String us(long ns) {
        return String.format(Locale.ROOT, "%.1f", ns / 1e3);
    }

    /** One JSON object (no line break): time, wall-clock time, event and the fields that apply. */
    public static String json(MonitorEvent e) {
        return json(e, wallTime(e.nanos()));
    }

    /** {@link #json(MonitorEvent)} with a given wall-clock time (RFC 3339). */
    public static String json(MonitorEvent e, String wallTime) {
        StringBuilder sb = new StringBuilder(192);
        sb.append("{\"time\":").append(String.format(Locale.ROOT, "%.6f", e.nanos() / 1e9));
        str(sb, "wall_time", wallTime);
        str(sb, "event", e.kind().wireName());
        str(sb, "bond", e.bond());
        str(sb, "port", e.port());
        str(sb, "from", e.from());
        str(sb, "to", e.to());
        if (e.carrier() >= 0) {
            sb.append(",\"carrier\":").append(e.carrier() == 1);
        }
        str(sb, "mii_status", e.miiStatusName());
        str(sb, "state", e.portStateName());
        if (e.linkFailures() >= 0) {
            sb.append(",\"link_failures\":").append(e.linkFailures());
        }
        if (e.kind() == MonitorEvent.Kind.FAILOVER) {
            sb.append(",\"accelerated\":").append(e.accelerated());
        }
        if (e.sinceCarrierLoss() >= 0) {
            sb.append(",\"after_carrier_loss_ms\":").append(ms(e.sinceCarrierLoss()));
        }
        if (e.reaction() >= 0) {
            sb.append(",\"reaction_us\":").append(us(e.reaction()));
        }
        str(sb, "detail", e.detail());
        return sb.append('}').toString();
    }

    private static void str(StringBuilder sb, String key, String v) {
        if (v == null) {
            return;
        }
        sb.append(",\"").append(key).append("\":\"");
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
