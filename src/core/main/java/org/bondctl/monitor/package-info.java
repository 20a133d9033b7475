/**
 * Link and failover events as they happen: {@link org.bondctl.monitor.Monitor} (its own
 * event thread; listeners are called on it, in order), the parts it runs (link tracking, MII
 * probing, the accelerator that switches at carrier loss, hooks, metrics), and
 * {@link org.bondctl.monitor.MonitorEvent}, reused between events (copy it to keep it).
 * <p>
 * Thread safety: {@code Monitor}'s start, stop, await and counters may be called from any
 * thread; listeners run on the event thread only.
 */
package org.bondctl.monitor;
