package org.bondctl.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bondctl.plan.NetworkSpec.IpSpec;
import org.bondctl.rtnl.AddressEntry;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;

/**
 * The route metric of each interface whose profile leaves it to the device
 * (route-metric -1), picked as NetworkManager picks it: the device type's default (ethernet
 * 100, bond 300, VLAN 400, bridge 425), and where another device holds that one already, the next free one, at most 50
 * above (nm_manager_device_route_metric_reserve(); seen in NM 1.42: VLANs activated in turn get
 * 400, 401, 402, one with both families disabled too). NM keeps its reservations in memory;
 * bondctl reads them off the kernel instead: the metric a device holds is the one its
 * addresses' prefix routes have (IFA_RT_PRIORITY), and one without addresses is placed by the
 * order the kernel made the devices in (one whose addresses hold metrics of their own in both
 * families reserves none). A device keeps the metric it holds, so a second run
 * changes nothing (NM gives a device it activates again a metric anew, bumped past the one it
 * held: that history is NM's own).
 */
public final class DeviceMetrics {
    /** NM's default route metrics (nm_device_get_route_metric_default()). */
    public static final int ETHERNET = 100;
    public static final int BOND = 300;
    public static final int VLAN = 400;
    /** Seen in NM 1.42: a bridge's routes get 425, the next bridge's 426. */
    public static final int BRIDGE = 425;
    /** NM bumps a device's metric at most this far above its type's default. */
    static final int MAX_BUMP = 50;

    private DeviceMetrics() {}

    /**
     * {@code specs} with every device-default metric resolved, in their order. Every bond and
     * VLAN reserves one, whatever its methods (seen: a VLAN with both families disabled takes
     * 400, the next one 401): those in the spec and those up in the kernel; a NIC only while its
     * own profile is in the spec (the kernel cannot tell a NIC NM activated from one it never
     * touched), else by the metric its addresses hold. Their order is
     * NM's activation order as far as the kernel tells it: first, each device keeps the metric
     * its addresses hold; then the devices that exist get the next free one in the order they
     * were made (interface index; NM makes a bond or VLAN when it activates it); then the
     * devices the plan makes, in the spec's order.
     */
    static List<IpSpec> resolve(List<IpSpec> specs, KernelView k) {
        Map<String, Integer> aspired = new LinkedHashMap<>();
        for (Link l : k.links) {
            // a bond's port holds an ethernet device's metric too (seen in NM 1.42: a NIC's own profile
            // activated beside an active port got 101)
            int d = l.isBond() ? BOND : l.isVlan() ? VLAN : l.isBridge() ? BRIDGE : l.isBondPort() ? ETHERNET : 0;
            if (d > 0 && l.isUp() && !(given(k, l, Rtnl.AF_INET, d) && given(k, l, Rtnl.AF_INET6, d))) {
                aspired.put(l.name(), d);
            }
        }
        Set<Integer> taken = new HashSet<>();
        for (IpSpec s : specs) {
            if (s.defaultMetric() > 0 && s.reservesDeviceMetric()) {
                aspired.put(s.ifname(), s.defaultMetric());
            } else {
                aspired.remove(s.ifname()); // not a device NM picks a metric for, or one whose metrics are given
            }
        }
        // what a device outside the reckoning holds stays its own
        for (Link l : k.links) {
            if (!aspired.containsKey(l.name())) {
                held(k, l, 1, Integer.MAX_VALUE).ifPresent(taken::add);
            }
        }
        Map<String, Integer> chosen = new HashMap<>();
        aspired.forEach((name, a) -> k.link(name).flatMap(l -> held(k, l, a, a + MAX_BUMP)).ifPresent(m -> {
            if (taken.add(m)) {
                chosen.put(name, m);
            }
        }));
        List<String> order = new ArrayList<>();
        k.links.stream().filter(l -> aspired.containsKey(l.name())).sorted(Comparator.comparingInt(Link::index))
                .forEach(l -> order.add(l.name()));
        specs.stream().map(IpSpec::ifname).filter(n -> aspired.containsKey(n) && !order.contains(n)).forEach(order::add);
        for (String name : order) {
            if (!chosen.containsKey(name)) {
                int a = aspired.get(name);
                int m = a;
                while (taken.contains(m) && m < a + MAX_BUMP) {
                    m++;
                }
                taken.add(m);
                chosen.put(name, m);
            }
        }
        return specs.stream().map(s -> s.wantsDeviceMetric() ? s.withDeviceMetric(chosen.getOrDefault(s.ifname(), 0)) : s)
                .toList();
    }

    /**
     * {@code spec} with its device-default metric resolved against the kernel as it is now: the
     * metric an address added to the interface this moment gets under the profile (the one the
     * device holds, else the next free one of its type).
     */
    public static IpSpec resolve(IpSpec spec, Rtnetlink rtnl) {
        return resolve(List.of(spec), KernelView.read(rtnl)).get(0);
    }

    /**
     * Whether the addresses of one family of {@code l} hold a metric of the profile's own (one
     * outside the type's range from {@code aspired}): a device whose both families do reserved
     * none, as far as the kernel tells.
     */
    private static boolean given(KernelView k, Link l, int family, int aspired) {
        List<AddressEntry> all = k.entries(l, family);
        return !all.isEmpty() && all.stream().allMatch(e -> e.rtPriority() > 0
                && (e.rtPriority() < aspired || e.rtPriority() > aspired + MAX_BUMP));
    }

    /**
     * The metric device {@code l} holds within [from, to]: the first its addresses ask for
     * their prefix routes (link-local ones aside, and those whose prefix route is someone
     * else's, IFA_F_NOPREFIXROUTE).
     */
    private static Optional<Integer> held(KernelView k, Link l, int from, int to) {
        for (int af : new int[] {Rtnl.AF_INET, Rtnl.AF_INET6}) {
            for (AddressEntry e : k.entries(l, af)) {
                int m = e.rtPriority();
                if (e.prefixMetric() >= 0 && m >= from && m <= to) { // prefixMetric -1: IFA_F_NOPREFIXROUTE
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }
}
