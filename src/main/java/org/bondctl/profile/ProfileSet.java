package org.bondctl.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.error.BondctlException;

/**
 * A validated set of profiles: every bond with its ports, ready to apply. Building one checks
 * everything that can be checked without the kernel (each bond's options against its mode and
 * ports, ports naming a bond profile, interface names and UUIDs used once); the first problem
 * is an error naming FILE:LINE, and nothing of the set is applied.
 */
public final class ProfileSet {
    /** One bond to reach: its profile, its options after the kernel's rounding, its ports. */
    public record BondPlan(Profile profile, BondSettings settings, List<Profile> ports) {
        public String name() {
            return profile.ifname();
        }

        public List<String> portNames() {
            return ports.stream().map(Profile::ifname).toList();
        }
    }

    private final List<BondPlan> bonds;
    private final List<String> notices;

    private ProfileSet(List<BondPlan> bonds, List<String> notices) {
        this.bonds = bonds;
        this.notices = notices;
    }

    public List<BondPlan> bonds() {
        return bonds;
    }

    /** Things the user should know: skipped profiles, values the kernel rounds. */
    public List<String> notices() {
        return notices;
    }

    public static ProfileSet of(List<Profile> profiles) {
        List<String> notices = new ArrayList<>();
        Map<String, Profile> byIfname = new HashMap<>();
        Map<String, Profile> byUuid = new HashMap<>();
        List<Profile> bondProfiles = new ArrayList<>();
        List<Profile> portProfiles = new ArrayList<>();
        for (Profile p : profiles) {
            Profile other = byUuid.putIfAbsent(p.uuid().toLowerCase(), p);
            if (other != null) {
                throw BondctlException.invalid(p.where("connection.uuid") + ": uuid " + p.uuid() + " is also the uuid of "
                        + other.where("connection.uuid"));
            }
            if (p.type() == Profile.Type.OTHER) {
                continue;
            }
            if (!p.autoconnect()) {
                notices.add(p.file() + ": " + p.id() + " has autoconnect off (ONBOOT=no): not applied");
                continue;
            }
            if (p.ifname() == null) {
                throw BondctlException.invalid(p.where("connection.id") + ": " + p.type().name().toLowerCase()
                        + " profile " + p.id() + " names no interface (interface-name= / DEVICE=); bondctl applies"
                        + " only profiles bound to an interface");
            }
            org.bondctl.rtnl.Rtnetlink.checkName(p.ifname());
            Profile dup = byIfname.putIfAbsent(p.ifname(), p);
            if (dup != null) {
                throw BondctlException.invalid(p.where("connection.interface-name") + ": interface " + p.ifname()
                        + " is also configured by " + dup.where("connection.interface-name"));
            }
            (p.type() == Profile.Type.BOND ? bondProfiles : portProfiles).add(p);
        }
        Map<Profile, List<Profile>> portsOf = new LinkedHashMap<>();
        bondProfiles.forEach(b -> portsOf.put(b, new ArrayList<>()));
        for (Profile port : portProfiles) {
            Profile bond = null;
            for (Profile b : bondProfiles) {
                if (port.master().equals(b.ifname()) || port.master().equalsIgnoreCase(b.uuid())
                        || port.master().equals(b.id())) {
                    bond = b;
                    break;
                }
            }
            if (bond == null) {
                throw BondctlException.invalid(port.where("connection.master") + ": port " + port.ifname()
                        + " names controller " + port.master() + ", but no bond profile has that interface name,"
                        + " id or uuid");
            }
            portsOf.get(bond).add(port);
        }
        List<BondPlan> plans = new ArrayList<>();
        for (Map.Entry<Profile, List<Profile>> e : portsOf.entrySet()) {
            Profile b = e.getKey();
            BondSettings s = rounded(b, notices);
            BondMode mode = s.has(BondOption.MODE) ? BondMode.of(((Number) s.get(BondOption.MODE)).intValue()) : BondMode.BALANCE_RR;
            Set<String> ports = new LinkedHashSet<>();
            e.getValue().forEach(p -> ports.add(p.ifname()));
            try {
                s.validate(mode, miimon(s), ports, null).forEach(n -> notices.add(b.file() + ": " + n));
            } catch (BondctlException x) {
                String key = x.getMessage().startsWith("option ") ? x.getMessage().substring(7).split("[ :=]")[0] : "";
                throw BondctlException.invalid(b.where("bond." + key) + ": " + x.getMessage());
            }
            for (Profile port : e.getValue()) {
                port.portOptions().forEach((o, v) -> {
                    if (!o.inMode(mode)) {
                        throw BondctlException.invalid(port.where("connection.master") + ": port option " + o.kernelName()
                                + " is not valid in mode " + mode.kernelName() + " of " + b.ifname());
                    }
                });
            }
            plans.add(new BondPlan(b, s, List.copyOf(e.getValue())));
        }
        return new ProfileSet(List.copyOf(plans), List.copyOf(notices));
    }

    /** miimon as the kernel will have it: given, else 0 with ARP monitoring, else 100. */
    static long miimon(BondSettings s) {
        if (s.has(BondOption.MIIMON)) {
            return ((Number) s.get(BondOption.MIIMON)).longValue();
        }
        boolean arp = s.has(BondOption.ARP_INTERVAL) && ((Number) s.get(BondOption.ARP_INTERVAL)).longValue() > 0;
        return arp ? 0 : 100;
    }

    /**
     * The delays as the kernel stores them: in whole miimon intervals, rounded down
     * (_bond_option_delay_set()). NetworkManager writes what it was given, so a profile may
     * say updelay=150 with miimon=100; the kernel will report 100, and so must the plan.
     */
    static BondSettings rounded(Profile b, List<String> notices) {
        BondSettings s = b.bondSettings();
        long miimon = miimon(s);
        if (miimon == 0) {
            return s;
        }
        BondSettings out = s;
        for (BondOption o : List.of(BondOption.UPDELAY, BondOption.DOWNDELAY, BondOption.PEER_NOTIF_DELAY)) {
            if (s.has(o)) {
                long v = ((Number) s.get(o)).longValue();
                if (v % miimon != 0) {
                    long r = v / miimon * miimon;
                    notices.add(b.where("bond." + o.kernelName()) + ": " + o.kernelName() + "=" + v
                            + " is not a multiple of miimon=" + miimon + "; the kernel rounds it down to " + r);
                    out = out.without(o).put(o, r);
                }
            }
        }
        return out;
    }
}
