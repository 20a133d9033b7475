package org.bondctl.rtnl;

import java.net.InetAddress;

/** A route in the main table: destination (null for default), gateway, output interface. */
public record Route(int family, InetAddress destination, int prefix, InetAddress gateway, int oif,
        int protocol, int metric) {
    public boolean isDefault() {
        return prefix == 0;
    }
}
