/**
 * Link speed and duplex over ethtool's generic netlink family
 * ({@link org.bondctl.ethtool.Ethtool}). One instance per thread: it owns a socket.
 */
package org.bondctl.ethtool;
