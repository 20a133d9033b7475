/**
 * A bond as the kernel reports it: {@link org.bondctl.bond.BondState} and
 * {@link org.bondctl.bond.PortState} decoded from a link dump, {@link org.bondctl.bond.ProcView}
 * (the text of /proc/net/bonding, from netlink) and {@link org.bondctl.bond.ProcFacts} (the few
 * facts only the proc file has), {@link org.bondctl.bond.BondView} (the event path's allocation-free
 * reader), {@link org.bondctl.bond.MiiStatus} and {@link org.bondctl.bond.BondAttrs} (the
 * driver's state constants).
 * <p>
 * Thread safety: the records are immutable and thread-safe; {@code BondView} and
 * {@code LinkResolver} are reused buffers for one thread.
 */
package org.bondctl.bond;
