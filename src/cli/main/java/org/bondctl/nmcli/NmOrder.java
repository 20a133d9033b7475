package org.bondctl.nmcli;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;

/**
 * nmcli's order among active connections (nmc_active_connection_cmp, NetworkManager 1.42),
 * which sorts both {@code connection show} and {@code device}: the one holding the IPv4 default
 * route first, then the one holding IPv6's, then the one with more addresses. An active bond
 * with the gateway is listed before its ports, as nmcli lists it.
 */
final class NmOrder {
    private final int default4;
    private final int default6;
    private final Map<Integer, List<Address>> addresses;

    NmOrder(Rtnetlink rtnl) {
        List<Route> routes = rtnl.routes();
        default4 = best(routes, Rtnl.AF_INET);
        default6 = best(routes, Rtnl.AF_INET6);
        addresses = rtnl.allAddresses();
    }

    /** The interface of the family's best default route in the main table (lowest metric); 0 for none. */
    private static int best(List<Route> routes, int family) {
        return routes.stream().filter(r -> r.family() == family && r.isDefault() && r.table() == Rtnl.RT_TABLE_MAIN)
                .min(Comparator.comparingInt(Route::effectiveMetric)).map(Route::oif).orElse(0);
    }

    /** Active connections on these interfaces (by index), first first; 0 for an inactive one, which goes last. */
    Comparator<Integer> byInterface() {
        return Comparator.comparing((Integer i) -> i == 0)
                .thenComparing(i -> i != default4)
                .thenComparing(i -> i != default6)
                .thenComparing(i -> -addresses.getOrDefault(i, List.of()).size());
    }
}
