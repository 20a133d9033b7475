package org.bondctl.monitor;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one reused {@link MonitorEvent} and the listeners it goes to, in order, on the event
 * thread. A listener that throws is counted and reported through the notice consumer (the CLI
 * prints it with --verbose); the others still get the event.
 */
final class EventSink {
    final MonitorEvent ev = new MonitorEvent();
    private MonitorListener[] listeners = {};
    private Consumer<String> notices = n -> { };
    private volatile long listenerErrors;

    void add(MonitorListener l) {
        MonitorListener[] n = Arrays.copyOf(listeners, listeners.length + 1);
        n[listeners.length] = Objects.requireNonNull(l);
        listeners = n;
    }

    void onNotice(Consumer<String> c) {
        notices = Objects.requireNonNull(c);
    }

    /** Starts the next event: every field cleared but kind and time. */
    MonitorEvent start(MonitorEvent.Kind kind, long nanos) {
        return ev.reset(kind, nanos);
    }

    void emit() {
        MonitorListener[] ls = listeners;
        for (int i = 0; i < ls.length; i++) {
            try {
                ls[i].onEvent(ev);
            } catch (RuntimeException e) {
                listenerErrors++;
                notice("listener " + ls[i].getClass().getName() + " failed on a " + ev.kind().wireName()
                        + " event (" + listenerErrors + " so far): " + e + where(e));
            }
        }
    }

    /** Text for --verbose; cold paths only (it allocates). */
    void notice(String text) {
        try {
            notices.accept(text);
        } catch (RuntimeException ignored) {
            // a failing notice consumer must not stop the event thread
        }
    }

    long listenerErrors() {
        return listenerErrors;
    }

    private static String where(Throwable e) {
        StackTraceElement[] st = e.getStackTrace();
        return st.length == 0 ? "" : " at " + st[0];
    }
}
