package org.bondctl.profile;

import java.util.List;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Rtnl;

/**
 * A whole server's profiles (MTU 9000, two VLANs, IPv4 and IPv6, static routes, DNS) as
 * bondctl writes them: for the format tests here and NmNetworkKernelTest, which has
 * NetworkManager load them.
 */
public final class ServerProfiles {
    private ServerProfiles() {}

    /** The server's profiles as bondctl writes them. */
    public static List<Profile> server() {
        Profile bond = Profile.bond("bond0").bondSettings(BondSettings.parse(List.of("mode=active-backup", "miimon=100",
                "primary=ens192"))).mtu(9000);
        bond.ipv4(new IpConfig(Rtnl.AF_INET, "manual", List.of(Address.parse("192.0.2.10/24")), ip("192.0.2.1"),
                List.of(ip("192.0.2.53")), List.of("k.local.lab"),
                List.of(new IpConfig.StaticRoute(Address.parse("198.51.100.0/25"), ip("192.0.2.1"), 50, 100)), -1, false));
        bond.ipv6(new IpConfig(Rtnl.AF_INET6, "manual", List.of(Address.parse("2001:db8::10/64")), ip("2001:db8::1"),
                List.of(ip("2001:db8::53")), List.of(),
                List.of(new IpConfig.StaticRoute(Address.parse("2001:db8:1::/48"), ip("2001:db8::1"), 20, 0)), -1, false));
        Profile v100 = Profile.vlan("bond0.100", "bond0", 100, Rtnl.ETH_P_8021Q)
                .ipv4(IpConfig.v4("manual", List.of(Address.parse("198.51.100.130/26")), null, List.of(), List.of()))
                .ipv6(new IpConfig(Rtnl.AF_INET6, "ignore", List.of(), null, List.of(), List.of(), List.of(), -1, false));
        Profile storage = Profile.vlan("bond0.200", "bond0", 200, Rtnl.ETH_P_8021Q).mtu(9000)
                .ipv6(new IpConfig(Rtnl.AF_INET6, "manual", List.of(Address.parse("2001:db8:200::5/64")), null, List.of(),
                        List.of(), List.of(), -1, false));
        return List.of(bond, Profile.port("ens192", "bond0"), Profile.port("ens224", "bond0"), v100, storage);
    }

    static java.net.InetAddress ip(String s) {
        return Address.parseIp(s, "test");
    }
}
