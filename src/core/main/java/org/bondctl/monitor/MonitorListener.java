package org.bondctl.monitor;

/**
 * Receives the monitor's events on its event thread, in order. The event object is reused for
 * the next event once this returns: call {@link MonitorEvent#copy()} to keep it. Return
 * quickly: the next netlink message (and the accelerator) waits for every listener.
 */
@FunctionalInterface
public interface MonitorListener {
    void onEvent(MonitorEvent event);
}
