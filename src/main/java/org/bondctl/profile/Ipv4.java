package org.bondctl.profile;

import java.net.InetAddress;
import java.util.List;
import org.bondctl.rtnl.Address;

/**
 * The IPv4 part of a bond profile, as NetworkManager's ipv4 setting holds it: method,
 * addresses, gateway, DNS servers and search domains. Only {@code manual} (and {@code disabled})
 * are applied by bondctl; {@code auto} (DHCP) profiles are left to a DHCP client.
 */
public record Ipv4(String method, List<Address> addresses, InetAddress gateway, List<InetAddress> dns,
        List<String> search) {
    public static final Ipv4 NONE = new Ipv4("disabled", List.of(), null, List.of(), List.of());

    public Ipv4 {
        addresses = List.copyOf(addresses);
        dns = List.copyOf(dns);
        search = List.copyOf(search);
    }

    /** Whether bondctl reaches this state itself (manual addresses or none at all). */
    public boolean managed() {
        return method.equals("manual") || method.equals("disabled");
    }

    public Ipv4 withAddresses(List<Address> a) {
        return new Ipv4(a.isEmpty() && gateway == null ? "disabled" : "manual", a, gateway, dns, search);
    }

    public Ipv4 withGateway(InetAddress gw) {
        return new Ipv4(method.equals("disabled") && gw != null ? "manual" : method, addresses, gw, dns, search);
    }

    public Ipv4 withDns(List<InetAddress> servers, List<String> domains) {
        return new Ipv4(method, addresses, gateway, servers, domains);
    }
}
