package org.bondctl.rtnl;

/**
 * One address as the kernel's dump has it: the interface index, the address, its IFA_F_* flags,
 * the metric asked for its prefix route (IFA_RT_PRIORITY; 0 when none was) and its broadcast
 * address (IFA_BROADCAST, IPv4; null when it has none).
 */
public record AddressEntry(int index, Address address, int flags, int rtPriority, java.net.InetAddress broadcast) {
    /**
     * The metric of the prefix route the kernel keeps for this address: its IFA_RT_PRIORITY,
     * else the family's default (0 for IPv4, 256 for IPv6); -1 when the kernel keeps none
     * (IFA_F_NOPREFIXROUTE: whoever added the address owns its prefix route).
     */
    public int prefixMetric() {
        return (flags & Rtnl.IFA_F_NOPREFIXROUTE) != 0 ? -1 : effectiveMetric(address.family(), rtPriority);
    }

    /** A requested prefix-route metric as the kernel will hold it: 0 means the family's default. */
    public static int effectiveMetric(int family, int metric) {
        return metric == 0 && family == Rtnl.AF_INET6 ? Rtnl.IPV6_PREFIX_METRIC_DEFAULT : metric;
    }
}
