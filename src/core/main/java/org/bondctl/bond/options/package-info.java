/**
 * Every bond and port option the kernel takes, declared once: the tables
 * {@link org.bondctl.bond.options.BondOption} and {@link org.bondctl.bond.options.PortOption}
 * (rows of {@link org.bondctl.bond.options.OptionRow}: attribute, wire type, values, modes,
 * flags, first release, NetworkManager key), {@link org.bondctl.bond.options.BondMode},
 * {@link org.bondctl.bond.options.BondSettings} (typed values, validation against the kernel's
 * rules, encoding) and {@link org.bondctl.bond.options.KernelSupport} (which options the
 * running kernel knows).
 * <p>
 * Thread safety: the tables and modes are immutable constants; {@code BondSettings} is a
 * mutable value for one thread; {@code KernelSupport.running()} is safe to share.
 */
package org.bondctl.bond.options;
