/**
 * DNS of an interface: {@link org.bondctl.dns.ResolvConf} (resolv.conf read and
 * written atomically, lines bondctl does not own kept) and {@link org.bondctl.dns.Resolved}
 * (per-link DNS in systemd-resolved). Static methods; no shared state.
 */
package org.bondctl.dns;
