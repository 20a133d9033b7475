package org.bondctl.cli;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.dns.ResolvConf;
import org.bondctl.dns.Resolved;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.Bonds;
import org.bondctl.plan.Plan;
import org.bondctl.plan.Step;
import org.bondctl.profile.NmReload;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Rtnetlink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dns", description = "DNS servers and search domains: resolv.conf, or the link's in systemd-resolved.",
        subcommands = {DnsCommand.Set.class, DnsCommand.Show.class})
final class DnsCommand {

    /** The system's resolver configuration: /etc/resolv.conf, not a named namespace's or a file given. */
    private static boolean system(BaseCommand c, Path explicit) {
        return explicit == null && c.global().netns == null;
    }

    @Command(name = "set", description = {"Set the DNS servers and search domains of an interface.",
        "Writes resolv.conf atomically, keeping its lines bondctl does not own (options, sortlist, comments) and"
            + " the old file as NAME.bondctl-backup; where /etc/resolv.conf links to systemd-resolved, sets the link's"
            + " DNS in resolved instead (resolvectl dns|domain IFNAME).",
        "Refuses a resolv.conf NetworkManager writes while it runs, unless --force."})
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

        @Option(names = "--force", description = "Write resolv.conf even where NetworkManager runs and writes it.")
        boolean force;

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
            beginChange("dns set");
            if (ifname != null) {
                try (Rtnetlink r = Rtnetlink.open(global().netns)) {
                    r.require(ifname);
                }
            }
            Path target = path != null ? path : ResolvConf.forNetns(global().netns);
            boolean resolved = system(this, path) && Resolved.owns(target);
            if (!resolved && system(this, path) && !force && ResolvConf.writtenByNetworkManager(target)
                    && NmReload.running(Path.of("/"))) {
                throw BondctlException.conflict("dns set: " + target + " belongs to NetworkManager, which runs and rewrites it;"
                        + " set the DNS in its profile (nmcli connection modify " + ifname + " ipv4.dns ..., or bondctl dns set "
                        + ifname + " ... --persist), or pass --force to write the file anyway");
            }
            try (Bonds b = bonds()) {
                Runnable live = resolved ? () -> setInResolved(b, ips) : () -> write(b, target, ips);
                if (persist.persist) {
                    persist.run(this, p -> p.dns(b, ifname, ips, search), live);
                } else {
                    live.run();
                }
            }
            if (global().json) {
                out().println(Json.write(resolved ? Show.linkJson(target, ifname, Resolved.read(ifname))
                        : Show.fileJson(target, ResolvConf.read(target))));
            }
            return 0;
        }

        /** One plan step, as apply would run it, so its inverse is the link's DNS before. */
        private void setInResolved(Bonds b, List<InetAddress> ips) {
            Resolved.LinkDns want = new Resolved.LinkDns(ips.stream().map(Address::text).toList(), search);
            b.executor().execute(Plan.of(new Step.SetLinkDns(ifname, want, Resolved.read(ifname))));
        }

        /**
         * One plan step, as apply would run it: journaled, so that a crash between the write and
         * the rest of the change (--persist) is undone by the next run. Replacing a symbolic link
         * (--force over NetworkManager's) cannot be undone byte for byte: written directly.
         */
        private void write(Bonds b, Path target, List<InetAddress> ips) {
            ResolvConf.ensureNetnsDir(target, global().netns, path == null);
            if (force && java.nio.file.Files.isSymbolicLink(target)) {
                ResolvConf.write(target, ips, search, ifname, true);
                return;
            }
            ResolvConf.validate(ips, search);
            ResolvConf.checkWritable(target, "dns set");
            ResolvConf.Config have = ResolvConf.read(target);
            b.executor().execute(Plan.of(new Step.WriteResolvConf(target, ips, search, ifname,
                    ResolvConf.describe(have.servers(), have.search()), ResolvConf.bytes(target))));
        }
    }

    @Command(name = "show", description = {"Print the DNS servers and search domains: resolv.conf's, or each link's in"
        + " systemd-resolved where /etc/resolv.conf links to it."})
    static final class Show extends BaseCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "IFNAME", description = "With systemd-resolved: only this link.")
        String ifname;

        @Option(names = "--resolv-conf", paramLabel = "PATH",
                description = "File to read (default /etc/resolv.conf; with --netns NAME, /etc/netns/NAME/resolv.conf).")
        Path path;

        @Override
        public Integer call() {
            Path target = path != null ? path : ResolvConf.forNetns(global().netns);
            if (system(this, path) && Resolved.owns(target)) {
                Map<String, Resolved.LinkDns> links = Resolved.readAll();
                List<Object> json = new ArrayList<>();
                links.forEach((name, dns) -> {
                    if (ifname == null || ifname.equals(name)) {
                        json.add(linkJson(target, name, dns));
                        if (!global().json) {
                            out().println("interface " + name + " (systemd-resolved)");
                            dns.servers().forEach(s -> out().println("nameserver " + s));
                            if (!dns.domains().isEmpty()) {
                                out().println("search " + String.join(" ", dns.domains()));
                            }
                        }
                    }
                });
                if (global().json) {
                    out().println(Json.write(json));
                }
                return 0;
            }
            ResolvConf.Config c = ResolvConf.read(target);
            if (global().json) {
                out().println(Json.write(fileJson(target, c)));
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

        /** resolv.conf: the interface bondctl recorded, servers, search domains, the file, "resolver": "file". */
        static Map<String, Object> fileJson(Path file, ResolvConf.Config c) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("interface", c.ifname());
            m.put("servers", c.servers().stream().map(Address::text).toList());
            m.put("search", c.search());
            m.put("file", file.toString());
            m.put("resolver", "file");
            return m;
        }

        /** A link's DNS in systemd-resolved, keys as for a file, "resolver": "systemd-resolved". */
        static Map<String, Object> linkJson(Path file, String ifname, Resolved.LinkDns d) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("interface", ifname);
            m.put("servers", d.servers());
            m.put("search", d.domains());
            m.put("file", file.toString());
            m.put("resolver", "systemd-resolved");
            return m;
        }
    }
}
