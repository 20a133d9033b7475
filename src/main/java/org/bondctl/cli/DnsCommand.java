package org.bondctl.cli;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bondctl.dns.ResolvConf;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.plan.Bonds;
import org.bondctl.error.BondctlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dns", description = "DNS servers and search domains (resolv.conf).",
        subcommands = {DnsCommand.Set.class, DnsCommand.Show.class})
final class DnsCommand {

    @Command(name = "set", description = {"Write resolv.conf atomically, keeping NAME.bondctl-backup.",
        "IFNAME records which connection the servers belong to (as nmcli's ipv4.dns)."})
    static final class Set extends BaseCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "IFNAME")
        String ifname;

        @Option(names = "--server", paramLabel = "IP", required = true, description = "Name server (up to 3).")
        List<String> servers = new ArrayList<>();

        @Option(names = "--search", paramLabel = "DOMAIN", description = "Search domain (repeatable).")
        List<String> search = new ArrayList<>();

        @Option(names = "--resolv-conf", paramLabel = "PATH",
                description = "File to write (default /etc/resolv.conf; with --netns NAME, /etc/netns/NAME/resolv.conf).")
        Path path;

        @Mixin
        PersistArgs persist;

        @Override
        public Integer call() {
            if (persist.persist && ifname == null) {
                throw BondctlException.invalid("dns set --persist: name the bond (IFNAME): DNS is kept in its profile");
            }
            if (ifname == null && path == null) {
                throw BondctlException.invalid("dns set: name the interface the servers belong to (dns set IFNAME ...),"
                        + " or the file to write (--resolv-conf PATH); bondctl does not replace the system's resolver"
                        + " configuration for no interface");
            }
            List<InetAddress> ips = new ArrayList<>();
            for (String s : servers) {
                ips.add(Address.parseIp(s, "dns set --server"));
            }
            ResolvConf.validate(ips, search);
            if (ifname != null) {
                try (Rtnetlink r = Rtnetlink.open(global().netns)) {
                    r.require(ifname);
                }
            }
            Path target = path != null ? path : ResolvConf.forNetns(global().netns);
            if (persist.persist) {
                try (Bonds b = bonds()) {
                    persist.run(this, p -> p.dns(b, ifname, ips, search), () -> write(target, ips));
                }
            } else {
                write(target, ips);
            }
            return 0;
        }

        private void write(Path target, List<InetAddress> ips) {
            ResolvConf.ensureNetnsDir(target, global().netns, path == null);
            ResolvConf.write(target, ips, search, ifname);
        }
    }

    @Command(name = "show", description = "Print the servers and search domains of resolv.conf.")
    static final class Show extends BaseCommand {
        @Option(names = "--resolv-conf", paramLabel = "PATH",
                description = "File to read (default /etc/resolv.conf; with --netns NAME, /etc/netns/NAME/resolv.conf).")
        Path path;

        @Override
        public Integer call() {
            ResolvConf.Config c = ResolvConf.read(path != null ? path : ResolvConf.forNetns(global().netns));
            if (global().json) {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("interface", c.ifname());
                m.put("servers", c.servers().stream().map(Address::text).toList());
                m.put("search", c.search());
                out().println(Json.write(m));
            } else {
                c.servers().forEach(s -> out().println("nameserver " + Address.text(s)));
                if (!c.search().isEmpty()) {
                    out().println("search " + String.join(" ", c.search()));
                }
                if (c.ifname() != null) {
                    out().println("interface " + c.ifname());
                }
            }
            return 0;
        }
    }
}
