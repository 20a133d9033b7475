package org.bondctl.rtnl;

/**
 * One network interface as the kernel reports it in RTM_NEWLINK. {@code infoData} and
 * {@code slaveData} are the raw IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA attribute streams, for
 * the layer that knows the kind (bond) to decode. {@code parent} is IFLA_LINK (a VLAN's lower
 * device; 0 when none), {@code minMtu}/{@code maxMtu} the device's MTU range (0 when the kernel
 * does not report it), {@code disableIpv6} its disable_ipv6 setting (-1: no IPv6 on the link).
 */
public record Link(
        int index,
        String name,
        int flags,
        int operstate,
        boolean carrier,
        int mtu,
        MacAddress address,
        MacAddress permAddress,
        int master,
        String kind,
        String slaveKind,
        AttrBytes infoData,
        AttrBytes slaveData,
        int carrierChanges,
        int parent,
        int minMtu,
        int maxMtu,
        int disableIpv6) {

    /** disable_ipv6 is set: the link has no IPv6 addresses, not even a link-local one. */
    public boolean ipv6Disabled() {
        return disableIpv6 > 0;
    }

    /** The same link under another name, up or down: what a rename planned before it runs will leave. */
    public Link renamed(String newName, boolean up) {
        return new Link(index, newName, up ? flags | Rtnl.IFF_UP : flags & ~Rtnl.IFF_UP, operstate, carrier, mtu, address,
                permAddress, master, kind, slaveKind, infoData, slaveData, carrierChanges, parent, minMtu, maxMtu, disableIpv6);
    }

    /** IFF_UP: administratively up. */
    public boolean isUp() {
        return (flags & Rtnl.IFF_UP) != 0;
    }

    /** IFF_LOWER_UP: the driver signals carrier. */
    public boolean lowerUp() {
        return (flags & Rtnl.IFF_LOWER_UP) != 0;
    }

    /** Kind "bond". */
    public boolean isBond() {
        return "bond".equals(kind);
    }

    /** Kind "vlan". */
    public boolean isVlan() {
        return "vlan".equals(kind);
    }

    /** Kind "bridge". */
    public boolean isBridge() {
        return "bridge".equals(kind);
    }

    /** A port of a bridge (slave kind "bridge"). */
    public boolean isBridgePort() {
        return "bridge".equals(slaveKind);
    }

    /** Enslaved to a bond (slave kind "bond"). */
    public boolean isBondPort() {
        return "bond".equals(slaveKind);
    }

    /** The RFC 2863 operational state as ip prints it ("up", "lowerlayerdown" ...). */
    public String operstateName() {
        return Rtnl.operstate(operstate);
    }

    /** The address as ip prints it, or null when there is none. */
    public static String mac(MacAddress a) {
        return a == null ? null : a.toString();
    }
}
