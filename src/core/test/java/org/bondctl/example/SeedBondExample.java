package org.bondctl.example;

// README "Use it from Java": the lines between the markers are the README's code block,
// word for word (ReadmeExampleTest); ReadmeExampleKernelTest runs it on the real bonding driver.
// --- README example
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.monitor.Monitor;
import org.bondctl.monitor.MonitorEvent;
import org.bondctl.plan.Bonds;
import org.bondctl.plan.Interfaces;
import org.bondctl.rtnl.Address;

public final class SeedBondExample {
    /** The seed's bond0 in {@code netns} (null: this one); returns the port a failover chose. */
    public static String run(String netns, Runnable pullCable) throws Exception {
        try (Bonds bonds = Bonds.open(netns)) {
            bonds.create("bond0", BondSettings.parse(List.of("mode=active-backup", "miimon=100")));
            bonds.enslave("bond0", List.of("ens192", "ens224"));
            Interfaces ifs = bonds.interfaces();
            ifs.setUp("bond0", true);
            ifs.addAddress("bond0", Address.parse("192.0.2.10/24"));
            ifs.addRoute(null, InetAddress.getByName("192.0.2.1"), "bond0", 0, 0);
            bonds.set("bond0", BondSettings.parse(List.of("miimon=1000", "primary=ens192",
                    "primary_reselect=always", "updelay=10000")));
            CompletableFuture<String> failover = new CompletableFuture<>();
            try (Monitor monitor = Monitor.open(Monitor.Options.of(netns, Set.of("bond0"), false))) {
                monitor.addListener(e -> {
                    if (e.kind() == MonitorEvent.Kind.FAILOVER) {
                        failover.complete(e.to());
                    }
                }).start();
                pullCable.run(); // the test: the active port's cable
                return failover.get(10, TimeUnit.SECONDS);
            } finally {
                bonds.delete("bond0");
            }
        }
    }
}
// --- end of README example
