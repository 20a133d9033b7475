package org.bondctl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.bondctl.bond.BondState;
import org.bondctl.bond.MiiStatus;
import org.bondctl.plan.Bonds;
import org.bondctl.bond.PortState;
import org.bondctl.bond.ProcView;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.error.BondctlException;
import org.bondctl.ethtool.Ethtool;
import org.bondctl.rtnl.Netns;
import org.bondctl.rtnl.Rtnetlink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The seed scenario in a sandbox: throwaway NICs ens192/ens224 (veth pairs whose peers p192/p224
 * play the switch ports) in a network namespace of its own, bond0 configured as the RHEL recipe
 * does, then a pulled cable, the failover, and the return through "going back". Runs where the
 * kernel has bonding; elsewhere it boots the UML test bed and runs itself there.
 */
@Command(name = "lab", description = {"Run the seed scenario in a throwaway network namespace.",
    "Active-backup bond0 over ens192/ens224, address, gateway, DNS, tuning, a pulled cable and the return.",
    "Uses the UML test bed when this kernel has no bonding driver."})
final class LabCommand extends BaseCommand {
    @Option(names = "--here", description = "Never boot the test bed; fail if this kernel has no bonding.")
    boolean here;

    @Option(names = "--miimon", description = "miimon for the tuning step (default ${DEFAULT-VALUE}, as the seed).")
    long miimon = 1000;

    @Option(names = "--updelay", description = "updelay for the tuning step (default ${DEFAULT-VALUE}, as the seed).")
    long updelay = 10000;

    private long t0;
    private Ethtool ethtool;

    @Override
    public Integer call() throws Exception {
        beginChange("lab");
        String ns = "bondctl-lab-" + ProcessHandle.current().pid();
        Netns.create(ns);
        Path dir = Files.createTempDirectory("bondctl-lab");
        t0 = System.nanoTime();
        try {
            try (Rtnetlink probe = Rtnetlink.open(ns)) {
                if (!bondingAvailable(probe)) {
                    if (here) {
                        throw new BondctlException(BondctlException.Kind.UNAVAILABLE,
                                "lab: this kernel has no bonding driver (and --here was given)");
                    }
                    return inTestBed();
                }
            }
            return scenario(ns, dir.resolve("resolv.conf"));
        } finally {
            Netns.delete(ns);
            deleteTree(dir);
        }
    }

    private static boolean bondingAvailable(Rtnetlink r) {
        try {
            r.createLink("bondctl-probe", "bond", null, "probe bonding");
            r.deleteLink(r.require("bondctl-probe"));
            return true;
        } catch (BondctlException e) {
            if (e.kind() == BondctlException.Kind.UNAVAILABLE) {
                return false;
            }
            throw e;
        }
    }

    private int inTestBed() throws IOException, InterruptedException {
        String home = System.getProperty("bondctl.home");
        if (home == null || !Files.isExecutable(Path.of(home, "testbed", "uml-run"))) {
            throw new BondctlException(BondctlException.Kind.UNAVAILABLE,
                    "lab: this kernel has no bonding driver and the UML test bed was not found (run bin/bondctl from the repository)");
        }
        say("this kernel has no bonding driver: booting the UML test bed (Linux 6.1 with bonding.ko)");
        List<String> cmd = new ArrayList<>(List.of(home + "/testbed/uml-run", "--", home + "/bin/bondctl", "lab", "--here",
                "--miimon", String.valueOf(miimon), "--updelay", String.valueOf(updelay)));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        return p.waitFor();
    }

    private int scenario(String ns, Path resolvConf) throws InterruptedException {
        try (Bonds bonds = Bonds.open(ns); Ethtool ethtool = Ethtool.open(ns)) {
            this.ethtool = ethtool;
            Rtnetlink r = bonds.rtnetlink();
            bonds.onNotice(n -> say("note: " + n));
            say("network namespace " + ns + ": NICs ens192, ens224 (veth; peers p192, p224 are the switch ports)");
            for (String[] pair : new String[][] {{"ens192", "p192"}, {"ens224", "p224"}}) {
                r.createVeth(pair[0], pair[1]);
                r.setUp(r.require(pair[1]), true);
            }
            // NM adds miimon=100 to a new bond profile by default; the kernel's own default is 0.
            step("bondctl add bond0 mode=active-backup miimon=100",
                    "nmcli connection add type bond con-name bond0 ifname bond0 bond.options mode=active-backup");
            bonds.create("bond0", BondSettings.parse(List.of("mode=active-backup", "miimon=100")));
            step("bondctl enslave bond0 ens192 ens224",
                    "nmcli connection add type ethernet slave-type bond con-name ens192 ifname ens192 master bond0 (and ens224)");
            bonds.enslave("bond0", List.of("ens192", "ens224"));
            step("bondctl addr add bond0 192.0.2.10/24", "nmcli connection modify bond0 ipv4.addresses 192.0.2.10/24 ipv4.method manual");
            r.addAddress(r.require("bond0"), org.bondctl.rtnl.Address.parse("192.0.2.10/24"));
            step("bondctl up bond0", "nmcli connection up bond0");
            r.setUp(r.require("bond0"), true);
            step("bondctl route add default via 192.0.2.1 dev bond0", "nmcli connection modify bond0 ipv4.gateway 192.0.2.1");
            r.addRoute(org.bondctl.rtnl.Route.of(null, org.bondctl.rtnl.Address.parseIp("192.0.2.1", "gateway"), r.require("bond0").index(), 0, org.bondctl.rtnl.Rtnl.RT_TABLE_MAIN), false, "add default route");
            step("bondctl dns set bond0 --server 192.0.2.53 --search k.local.lab --resolv-conf " + resolvConf,
                    "nmcli connection modify bond0 ipv4.dns 192.0.2.53 ipv4.dns-search k.local.lab");
            org.bondctl.dns.ResolvConf.write(resolvConf, List.of(org.bondctl.rtnl.Address.parseIp("192.0.2.53", "dns")),
                    List.of("k.local.lab"), "bond0");
            BondState s = waitFor(bonds, "bond0 has carrier and an active port", 15_000,
                    b -> b.link().carrier() && b.activePort() != null);
            show(s);

            String tuning = "miimon=" + miimon + " primary=ens192 primary_reselect=always updelay=" + updelay;
            step("bondctl set bond0 " + tuning,
                    "nmcli connection modify bond0 +bond.options \"" + tuning.replace(' ', ',') + "\"; nmcli connection up bond0");
            bonds.set("bond0", BondSettings.parse(List.of(tuning.split(" "))));
            s = waitFor(bonds, "ens192 is active (primary)", 3 * miimon + 5_000, b -> "ens192".equals(b.activePort()));
            show(s);

            step("pull the cable of the active port: p192 down", "(unplug ens192)");
            r.setUp(r.require("p192"), false);
            s = waitFor(bonds, "failover to ens224", 3 * miimon + 5_000, b -> "ens224".equals(b.activePort()));
            show(s);

            step("restore the cable: p192 up", "(plug ens192 back)");
            r.setUp(r.require("p192"), true);
            s = waitFor(bonds, "ens192 MII status 'going back' (updelay " + updelay + " ms)", 3 * miimon + 5_000,
                    b -> port(b, "ens192").miiStatus() == MiiStatus.GOING_BACK || "ens192".equals(b.activePort()));
            show(s);
            s = waitFor(bonds, "back to the primary ens192", updelay + 3 * miimon + 5_000,
                    b -> "ens192".equals(b.activePort()));
            show(s);
            step("bondctl del bond0", "nmcli connection delete bond0 ens192 ens224");
            bonds.delete("bond0");
            say("done: the namespace and its NICs are removed");
        }
        return 0;
    }

    private static PortState port(BondState b, String name) {
        return b.port(name).orElseThrow(() -> new BondctlException(BondctlException.Kind.INTERNAL, name + " left bond0"));
    }

    private BondState waitFor(Bonds bonds, String what, long timeoutMs, Predicate<BondState> done) throws InterruptedException {
        say("waiting: " + what);
        BondState s = bonds.await("bond0", timeoutMs, done);
        if (!done.test(s)) {
            throw new BondctlException(BondctlException.Kind.KERNEL, "lab: timed out waiting until " + what);
        }
        say("reached: " + what);
        return s;
    }

    private void step(String bondctl, String nmcli) {
        out().println();
        say("$ " + bondctl);
        out().println("            (nmcli: " + nmcli + ")");
    }

    private void show(BondState s) {
        out().println();
        for (String line : ProcView.render(s, ethtool == null ? null : l -> ethtool.linkModes(l.index())).split("\n")) {
            out().println("    " + line);
        }
        out().println();
    }

    private void say(String text) {
        out().printf("[%7.3f] %s%n", (System.nanoTime() - t0) / 1e9, text);
        out().flush();
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: nothing else depends on it
        }
    }
}
