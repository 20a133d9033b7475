package org.bondctl.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.Resolver;
import org.bondctl.dns.ResolvConf;
import org.bondctl.plan.Bonds;
import org.bondctl.plan.Interfaces;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;

/**
 * The seed scenario through bondctl's library API, step for step what the CLI path runs
 * (bench/e2e/seed.bondctl): add with the seed's options, enslave, address, up, default route,
 * DNS; then "bond0 has carrier with both ports enslaved", read from sysfs as every path does.
 */
final class Seed {
    static final List<String> OPTIONS = List.of("mode=active-backup", "miimon=1000", "primary=ens192",
            "primary_reselect=always", "updelay=10000");

    private Seed() {}

    /** Runs the scenario on a fresh socket; returns when bond0 is ready. */
    static void run(Path resolvConf) throws IOException, InterruptedException {
        try (Bonds bonds = Bonds.open(null)) {
            Interfaces ifs = new Interfaces(bonds.rtnetlink(), n -> { });
            bonds.create("bond0", BondSettings.parse(OPTIONS));
            bonds.enslave("bond0", List.of("ens192", "ens224"));
            ifs.addAddress("bond0", Address.parse("192.0.2.10/24"));
            ifs.setUp("bond0", true);
            ifs.addRoute(null, Address.parseIp("192.0.2.1", "gateway"), "bond0", 0, Rtnl.RT_TABLE_MAIN);
            ResolvConf.write(resolvConf, List.of(Address.parseIp("192.0.2.53", "dns")), List.of("k.local.lab"), "bond0");
        }
        awaitReady(60_000);
    }

    /**
     * The same changes through the rtnetlink layer alone: exactly the C floor's requests (one
     * look-up per name instead of its if_nametoindex), none of the library's validation dumps
     * and read-backs. The gap between this and {@link #run} is what the bond layer's checks cost.
     */
    static void runRaw(Path resolvConf) throws IOException, InterruptedException {
        try (Rtnetlink r = Rtnetlink.open(null)) {
            Link ens192 = r.require("ens192");
            Link ens224 = r.require("ens224");
            BondSettings settings = BondSettings.parse(OPTIONS);
            r.createLink("bond0", "bond", b -> settings.encode(b, new Resolver() {
                @Override
                public int ifindex(String ifname) {
                    return ens192.index();
                }

                @Override
                public String ifname(int ifindex) {
                    return "ens192";
                }
            }), "add bond0");
            Link bond = r.require("bond0");
            for (Link port : List.of(ens192, ens224)) {
                r.setMaster(port, bond.index(), "enslave " + port.name());
                r.setUp(port, true);
            }
            r.addAddress(bond, Address.parse("192.0.2.10/24"));
            r.setUp(bond, true);
            r.addRoute(Route.of(null, Address.parseIp("192.0.2.1", "gateway"), bond.index(), 0, Rtnl.RT_TABLE_MAIN), false,
                    "add default route");
            ResolvConf.write(resolvConf, List.of(Address.parseIp("192.0.2.53", "dns")), List.of("k.local.lab"), "bond0");
        }
        awaitReady(60_000);
    }

    /** Deletes bond0 (the kernel releases and closes its ports); its address and route go with it. */
    static void reset() {
        try (Rtnetlink r = Rtnetlink.open(null)) {
            r.link("bond0").ifPresent(r::deleteLink);
            for (String p : List.of("ens192", "ens224")) {
                Link l = r.require(p);
                if (l.isUp()) {
                    r.setUp(l, false);
                }
            }
        }
    }

    /**
     * Polls /sys/class/net/bond0/carrier and bonding/slaves every millisecond, as the shell
     * paths and the C floor do.
     */
    static void awaitReady(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        Path carrier = Path.of("/sys/class/net/bond0/carrier");
        Path slaves = Path.of("/sys/class/net/bond0/bonding/slaves");
        while (true) {
            try {
                if (Files.readString(carrier).strip().equals("1")) {
                    List<String> s = List.of(Files.readString(slaves).strip().split(" "));
                    if (s.contains("ens192") && s.contains("ens224")) {
                        return;
                    }
                }
            } catch (IOException notYet) {
                // no bond0 yet, or down (EINVAL): keep polling
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("bond0 not ready after " + timeoutMs + " ms");
            }
            Thread.sleep(1);
        }
    }
}
