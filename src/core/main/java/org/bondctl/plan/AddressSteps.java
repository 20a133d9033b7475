package org.bondctl.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.bondctl.dns.ResolvConf;
import org.bondctl.error.BondctlException;
import org.bondctl.error.Errno;
import org.bondctl.fs.PrivateFile;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.wire.NetlinkException;

/**
 * The {@link Executor}'s steps on addresses, routes, resolv.conf, profiles and systemd-resolved:
 * each turns the kernel's errno into the user's words, and, while undoing, forgives a state
 * that is already the old one (an address already gone, a route already back).
 */
final class AddressSteps {
    private final Executor x;

    AddressSteps(Executor x) {
        this.x = x;
    }

    void addAddress(Step.AddAddress s) {
        String op = "add address " + s.address() + " to " + s.ifname();
        Optional<Link> l = x.link(s.ifname());
        if (l.isEmpty() && x.undoing()) {
            return;
        }
        try {
            x.rtnetlink().addAddress(l.orElseThrow(() -> BondctlException.notFound(op + ": no such interface")), s.address(), s.metric());
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EACCES && s.address().family() == Rtnl.AF_INET6) {
                // addrconf_add_dev(): the interface has IPv6 turned off by sysctl
                throw new NetlinkException(op + ": IPv6 is disabled on " + s.ifname() + " (sysctl net.ipv6.conf."
                        + s.ifname() + ".disable_ipv6=1)", e);
            }
            if (!x.tolerated(e, Errno.EEXIST)) {
                throw e;
            }
        }
    }

    void deleteAddress(Step.DeleteAddress s) {
        String op = "delete address " + s.address() + " from " + s.ifname();
        Optional<Link> l = x.link(s.ifname());
        if (l.isEmpty() && x.undoing()) {
            return;
        }
        try {
            x.rtnetlink().deleteAddress(l.orElseThrow(() -> BondctlException.notFound(op + ": no such interface")), s.address());
        } catch (NetlinkException e) {
            if (!x.tolerated(e, Errno.EADDRNOTAVAIL, Errno.ENOENT, Errno.ENODEV)) {
                throw e;
            }
        }
    }

    void setAddressMetric(Step.SetAddressMetric s) {
        String op = "set metric " + s.metric() + " on address " + s.address() + " of " + s.ifname();
        Optional<Link> l = x.link(s.ifname());
        if (l.isEmpty() && x.undoing()) {
            return;
        }
        x.rtnetlink().setAddressMetric(l.orElseThrow(() -> BondctlException.notFound(op + ": no such interface")),
                s.address(), s.metric());
    }

    void addRoute(Step.AddRoute s) {
        Optional<Link> l = s.dev() == null ? Optional.empty() : x.link(s.dev());
        String op = "add " + Step.routeText(s.route()) + (s.dev() == null ? "" : " dev " + s.dev());
        if (s.dev() != null && l.isEmpty()) {
            if (x.undoing()) {
                return;
            }
            throw BondctlException.notFound(op + ": no such interface");
        }
        try {
            x.rtnetlink().addRoute(s.route().withOif(l.map(Link::index).orElse(0)), false, op);
        } catch (NetlinkException e) {
            if (x.tolerated(e, Errno.EEXIST)) {
                return;
            }
            if (e.errno() == Errno.EINVAL && sourceReady(s.route(), l, op, e)) {
                x.rtnetlink().addRoute(s.route().withOif(l.map(Link::index).orElse(0)), false, op);
                return;
            }
            if (e.errno() == Errno.ENETUNREACH && l.isPresent() && !l.get().isUp()) {
                throw new NetlinkException(op + " (" + s.dev() + " is down: bring it up first, 'bondctl up "
                        + s.dev() + "')", e);
            }
            throw e;
        }
    }

    /** How long an IPv6 route's source address may take to leave duplicate address detection (1 s by default). */
    private static final long DAD_WAIT_NS = 5_000_000_000L;

    /**
     * Whether an IPv6 route's source address ({@code src=}) that the kernel refused while it was
     * tentative (duplicate address detection, ~1 s after its interface gets carrier) has become
     * usable: waited for while its interface has carrier; without carrier the refusal says why.
     * NetworkManager, a daemon, adds such a route once the address is ready.
     */
    private boolean sourceReady(org.bondctl.rtnl.Route r, Optional<Link> l, String op, NetlinkException e) {
        java.net.InetAddress src = r.attrs().source();
        if (r.family() != Rtnl.AF_INET6 || src == null || l.isEmpty()) {
            return false;
        }
        long end = System.nanoTime() + DAD_WAIT_NS;
        while (true) {
            Optional<org.bondctl.rtnl.AddressEntry> a = x.rtnetlink().addressEntries().stream()
                    .filter(y -> y.address().address().equals(src)).findFirst();
            if (a.isEmpty() || (a.get().flags() & Rtnl.IFA_F_TENTATIVE) == 0) {
                return a.isPresent();
            }
            if (!x.rtnetlink().require(l.get().name()).carrier() || System.nanoTime() > end) {
                throw new NetlinkException(op + " (its source " + org.bondctl.rtnl.Address.text(src) + " is still tentative:"
                        + " duplicate address detection waits for " + l.get().name() + "'s carrier)", e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw e;
            }
        }
    }

    void deleteRoute(Step.DeleteRoute s) {
        Optional<Link> l = s.dev() == null ? Optional.empty() : x.link(s.dev());
        if (s.dev() != null && l.isEmpty()) {
            return; // the interface went, and its routes with it (a change that deletes it before, or someone else)
        }
        String op = "delete " + Step.routeText(s.route()) + (s.dev() == null ? "" : " dev " + s.dev());
        try {
            x.rtnetlink().deleteRoute(s.route().withOif(l.map(Link::index).orElse(0)), op);
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ESRCH && !x.undoing()) {
                throw BondctlException.notFound(op + ": no such route");
            }
            if (!x.tolerated(e, Errno.ESRCH, Errno.ENOENT, Errno.ENODEV)) {
                throw e;
            }
        }
    }

    void addRule(Step.AddRule s) {
        String op = "add " + Step.ruleTarget(s.rule()) + " rule " + s.rule();
        try {
            x.rtnetlink().addRule(s.rule(), op);
        } catch (NetlinkException e) {
            if (!x.tolerated(e, Errno.EEXIST)) {
                throw e;
            }
        }
    }

    void deleteRule(Step.DeleteRule s) {
        String op = "delete " + Step.ruleTarget(s.rule()) + " rule " + s.rule();
        try {
            x.rtnetlink().deleteRule(s.rule(), op);
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENOENT && !x.undoing()) {
                throw BondctlException.notFound(op + ": no such rule");
            }
            if (!x.tolerated(e, Errno.ENOENT)) {
                throw e;
            }
        }
    }

    void writeResolvConf(Step.WriteResolvConf s) {
        ResolvConf.write(s.file(), s.servers(), s.search(), s.ifname(), s.options(), false);
    }

    void restoreFile(Step.RestoreFile s) {
        ResolvConf.restore(s.file(), s.content());
    }

    void writeStateFile(Step.WriteStateFile s) {
        PrivateFile.restore(s.file(), s.content());
    }

    void writeFile(Step.WriteFile s) {
        PrivateFile.restoreReadable(s.file(), s.content());
    }

    /** Through /proc/sys/kernel/hostname: sethostname(2) for this process's UTS namespace. */
    void setHostname(Step.SetHostname s) {
        Path f = Path.of("/proc/sys/kernel/hostname");
        try {
            Files.write(f, s.name().getBytes(StandardCharsets.US_ASCII));
        } catch (AccessDeniedException e) {
            throw new BondctlException(BondctlException.Kind.PERMISSION, "set the host name to " + s.name()
                    + ": permission denied (needs CAP_SYS_ADMIN)");
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.FILE, "set the host name to " + s.name() + ": " + e.getMessage());
        }
    }

    void restoreProfile(Step.RestoreProfile s) {
        PrivateFile.restore(s.file(), s.content());
    }

    void setLinkDns(Step.SetLinkDns s) {
        if (x.undoing() && x.link(s.ifname()).isEmpty()) {
            return; // the link is gone, and its DNS in resolved with it
        }
        org.bondctl.dns.Resolved.set(s.ifname(), s.want());
    }
}
