/**
 * Netlink messages: {@link org.bondctl.wire.MessageBuilder} and
 * {@link org.bondctl.wire.AttrTable} (attributes written and read in place, no allocation),
 * {@link org.bondctl.wire.NetlinkSocket} (requests, ACKs with extended-ACK text, dumps,
 * multicast), {@link org.bondctl.wire.ConsistentDump} and the {@link org.bondctl.wire.Netlink}
 * constants (include/uapi/linux/netlink.h). For requests the typed layers above have no method
 * for. Builders, tables and sockets are for one thread each.
 */
package org.bondctl.wire;
