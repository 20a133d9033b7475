package org.bondctl.profile;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bondctl.bond.BondState;
import org.bondctl.bond.Bonds;
import org.bondctl.bond.PortState;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.dns.ResolvConf;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Address;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnl;

/**
 * --persist: after a live change, the profiles NetworkManager would hold after the same nmcli
 * steps. An existing profile of the interface is updated in place (same file, UUID and
 * foreign keys); a missing bond profile is first captured from the live bond.
 */
public final class Persist {
    private final ProfileStore store;
    private final List<Profile> profiles;
    private final List<Path> written = new ArrayList<>();

    public Persist(ProfileStore store) {
        this.store = store;
        this.profiles = store.load();
    }

    /** Files written or deleted so far (for NetworkManager to load). */
    public List<Path> written() {
        return written;
    }

    public Optional<Profile> find(Profile.Type type, String ifname) {
        return profiles.stream().filter(p -> p.type() == type && ifname.equals(p.ifname())).findFirst();
    }

    /** {@code add BOND OPTIONS}: nmcli con add type bond ifname BOND bond.options OPTIONS. */
    public void bondAdded(String name, BondSettings settings) {
        Profile p = find(Profile.Type.BOND, name).orElseGet(() -> Profile.bond(name));
        p.bondSettings(withMode(settings));
        save(p);
    }

    /** {@code set BOND OPTIONS}: nmcli con mod BOND +bond.options OPTIONS. */
    public void bondChanged(Bonds bonds, String name, BondSettings changes) {
        Profile p = bondProfile(bonds, name);
        BondSettings s = p.bondSettings();
        for (BondOption o : changes.options()) {
            s = s.without(o).put(o, changes.get(o));
        }
        p.bondSettings(s);
        save(p);
    }

    /** {@code enslave BOND PORT...}: nmcli con add type ethernet ifname PORT master BOND. */
    public void portsAdded(Bonds bonds, String bond, List<String> ports) {
        bondProfile(bonds, bond);
        BondState live = bonds.show(bond);
        for (String port : ports) {
            Optional<Profile> other = find(Profile.Type.OTHER, port);
            if (other.isPresent()) {
                throw BondctlException.conflict("--persist: " + other.get().file() + " already configures " + port
                        + " as a standalone interface; delete it (nmcli connection delete " + other.get().id()
                        + ") or make it a port (master=" + bond + ", slave-type=bond)");
            }
            Profile p = find(Profile.Type.PORT, port).orElseGet(() -> Profile.port(port, bond));
            p.master(bond);
            live.ports().stream().filter(x -> x.name().equals(port)).findFirst()
                    .ifPresent(ps -> Capture.port(ps, bond, live.mode(), false).portOptions().forEach(p.portOptions()::put));
            save(p);
        }
    }

    /** {@code release BOND PORT...}: nmcli con delete PORT (its port profile). */
    public void portsReleased(List<String> ports) {
        for (String port : ports) {
            find(Profile.Type.PORT, port).ifPresent(p -> {
                store.delete(p);
                written.add(p.file());
                profiles.remove(p);
            });
        }
    }

    /** {@code addr add|del IFNAME CIDR}: nmcli con mod BOND [+|-]ipv4.addresses CIDR. */
    public void address(Bonds bonds, String ifname, Address a, boolean add) {
        if (a.family() != Rtnl.AF_INET) {
            throw BondctlException.invalid("--persist: only IPv4 addresses are kept in bond profiles");
        }
        Profile p = bondProfile(bonds, ifname);
        List<Address> list = new ArrayList<>(p.ipv4().addresses());
        list.remove(a);
        if (add) {
            list.add(a);
        }
        p.ipv4(p.ipv4().withAddresses(list));
        save(p);
    }

    /** {@code route add|del default via GW dev BOND}: nmcli con mod BOND ipv4.gateway GW. */
    public void gateway(Bonds bonds, String ifname, InetAddress gw, boolean add) {
        Profile p = bondProfile(bonds, ifname);
        if (!add && gw.equals(p.ipv4().gateway()) || add) {
            p.ipv4(p.ipv4().withGateway(add ? gw : null));
        }
        save(p);
    }

    /** {@code dns set IFNAME ...}: nmcli con mod BOND ipv4.dns ... ipv4.dns-search ... */
    public void dns(Bonds bonds, String ifname, List<InetAddress> servers, List<String> search) {
        Profile p = bondProfile(bonds, ifname);
        p.ipv4(p.ipv4().withDns(servers, search));
        save(p);
    }

    /**
     * {@code profile save BOND}: the live bond, its ports, IPv4 addresses, default route and
     * (when resolv.conf records this interface) DNS, as profiles.
     */
    public void saveLive(Bonds bonds, String name, Path resolvConf) {
        BondState s = bonds.show(name);
        Profile live = capture(bonds, s, resolvConf);
        Profile p = find(Profile.Type.BOND, name).orElse(live);
        if (p != live) {
            p.bondSettings(live.bondSettings()).ipv4(live.ipv4());
        }
        save(p);
        for (PortState ps : s.ports()) {
            Profile port = find(Profile.Type.PORT, ps.name()).orElseGet(() -> Profile.port(ps.name(), name));
            port.master(name);
            port.portOptions().clear();
            port.portOptions().putAll(Capture.port(ps, name, s.mode(), false).portOptions());
            save(port);
        }
    }

    private static Profile capture(Bonds bonds, BondState s, Path resolvConf) {
        Link l = s.link();
        List<Address> addrs = bonds.rtnetlink().addresses(l.index()).stream().filter(a -> a.family() == Rtnl.AF_INET).toList();
        InetAddress gw = bonds.rtnetlink().routes().stream()
                .filter(r -> r.family() == Rtnl.AF_INET && r.isDefault() && r.gateway() != null && r.oif() == l.index())
                .map(Route::gateway).findFirst().orElse(null);
        List<InetAddress> dns = List.of();
        List<String> search = List.of();
        if (resolvConf != null) {
            ResolvConf.Config c = ResolvConf.read(resolvConf);
            if (s.name().equals(c.ifname())) {
                dns = c.servers();
                search = c.search();
            }
        }
        return Capture.bond(s, addrs, gw, dns, search, false);
    }

    private Profile bondProfile(Bonds bonds, String name) {
        Optional<Profile> p = find(Profile.Type.BOND, name);
        if (p.isPresent()) {
            return p.get();
        }
        Optional<BondState> live = bonds.find(name);
        if (live.isEmpty()) {
            throw BondctlException.notFound("--persist: " + name + " is not a bond and has no bond profile in "
                    + store.directory() + " (bondctl keeps addresses, routes and DNS in bond profiles only)");
        }
        Profile created = capture(bonds, live.get(), null);
        save(created);
        return created;
    }

    /** NM always records the mode (nmcli fills in balance-rr); so does bondctl. */
    private static BondSettings withMode(BondSettings s) {
        return s.has(BondOption.MODE) ? s : s.without(BondOption.MODE).put(BondOption.MODE, 0L);
    }

    private void save(Profile p) {
        Path f = store.save(p);
        if (!written.contains(f)) {
            written.add(f);
        }
        if (!profiles.contains(p)) {
            profiles.add(p);
        }
    }

}
