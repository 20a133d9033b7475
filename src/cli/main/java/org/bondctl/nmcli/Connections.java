package org.bondctl.nmcli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bondctl.bond.options.BondMode;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.error.BondctlException;
import org.bondctl.profile.IpConfig;
import org.bondctl.profile.NmManaged.Verdict;
import org.bondctl.profile.Profile;
import org.bondctl.profile.ProfileFormat;
import org.bondctl.profile.ProfileStore;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Route;
import org.bondctl.rtnl.Rtnl;

/**
 * {@code nmcli connection ...}: show, up, down, add, modify, delete, reload, load, for bond,
 * bond port (ethernet with a master), VLAN and plain ethernet profiles (a NIC's own: up and
 * down by name only). Profiles are read where NetworkManager
 * keeps them and written back in the format they are in; new ones in the format NM would use
 * (NetworkManager.conf's plugins=, else what the directories hold, else keyfile).
 */
final class Connections {
    /** nmcli's connection commands in the order it matches abbreviations ("d" is down, "m" modify). */
    private static final List<String> COMMANDS = List.of("show", "up", "down", "add", "edit", "delete", "reload", "load",
            "modify", "clone", "import", "export", "monitor", "migrate");
    private static final List<String> LIST_FIELDS = List.of("NAME", "UUID", "TYPE", "TIMESTAMP", "TIMESTAMP-REAL",
            "AUTOCONNECT", "AUTOCONNECT-PRIORITY", "READONLY", "DBUS-PATH", "ACTIVE", "DEVICE", "STATE", "ACTIVE-PATH",
            "SLAVE", "FILENAME");
    private static final List<String> LIST_COMMON = List.of("NAME", "UUID", "TYPE", "DEVICE");

    private final Nmcli.Args a;
    private final Output o;
    private final Nmcli.Env env;
    private final PrintWriter out;
    private final PrintWriter err;
    /** NetworkManager's activation times ({@link Timestamps}), read by show. */
    private Map<String, Long> stamps = Map.of();

    Connections(Nmcli.Args a, Output o, Nmcli.Env env, PrintWriter out, PrintWriter err) {
        this.a = a;
        this.o = o;
        this.env = env;
        this.out = out;
        this.err = err;
    }

    void run() {
        String cmd = a.hasNext() ? a.match(COMMANDS, "command") : "show";
        switch (cmd) {
            case "show" -> show();
            case "up" -> up();
            case "down" -> down();
            case "add" -> add();
            case "modify" -> modify();
            case "delete" -> delete();
            case "clone" -> cloneProfile();
            case "reload" -> { // profiles are read from disk by every command; NM autoconnects what it finds
                a.rest();
                profiles();
                warnRejected();
                autoconnectAll();
            }
            case "load" -> load();
            default -> throw new NmcliException(NmcliException.USAGE, "'connection " + cmd + "' is NetworkManager's alone:"
                    + " bondctl nmcli takes connection show, up, down, add, modify, clone, delete, reload and load");
        }
    }

    /** The files the last {@link #profiles()} left out, each with its reason. */
    private final java.util.Set<String> rejected = new java.util.LinkedHashSet<>();

    /** The profiles, as NetworkManager has them: a file it would refuse is left out ({@link #rejected}). */
    private List<Profile> profiles() {
        rejected.clear();
        return Activation.bound(ProfileStore.loadSystemAsNm(env.root(), rejected::add), env);
    }

    /** What NM would log on a reload: each file left out, one line on stderr (the exit stays 0, as nmcli's). */
    private void warnRejected() {
        rejected.forEach(r -> err.println("Warning: not loaded: " + r));
        err.flush();
    }

    /** The profile a command names: by id, uuid or file, with nmcli's optional id|uuid|path keyword. */
    private Profile find(List<Profile> all) {
        return find(all, name -> name + " - no such connection profile.");
    }

    /** What nmcli's up, modify and clone say of a name that is no profile ({@code show} says it otherwise). */
    private static String unknown(String name) {
        return "unknown connection '" + name + "'.";
    }

    /** {@link #find(List)}, with the words of the command for a name that is no profile (nmcli's differ). */
    private Profile find(List<Profile> all, java.util.function.UnaryOperator<String> unknown) {
        Profile p = lookup(all);
        if (p == null) {
            throw new NmcliException(NmcliException.NOT_FOUND, unknown.apply(lastName));
        }
        return p;
    }

    /** The name {@link #lookup} read last. */
    private String lastName;

    /** The profile the next argument names, or null (its name in {@link #lastName}). */
    private Profile lookup(List<Profile> all) {
        if (!a.hasNext()) {
            throw new NmcliException(NmcliException.USAGE, "no connection specified.");
        }
        String kind = null;
        if (List.of("id", "uuid", "path", "filename").contains(a.peek())) {
            kind = a.next();
        }
        String name = a.value(kind == null ? "connection" : kind);
        lastName = name;
        for (Profile p : all) {
            boolean hit = switch (kind == null ? "any" : kind) {
                case "id" -> name.equals(p.id());
                case "uuid" -> name.equalsIgnoreCase(p.uuid());
                case "path", "filename" -> p.file() != null && p.file().toString().equals(name);
                default -> name.equals(p.id()) || name.equalsIgnoreCase(p.uuid())
                        || (p.file() != null && p.file().toString().equals(name));
            };
            if (hit) {
                return p;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ show

    private void show() {
        boolean activeOnly = false;
        while (a.hasNext() && a.peek().startsWith("-")) {
            String opt = a.next();
            if (opt.equals("--active") || opt.equals("-a")) {
                activeOnly = true;
            } else if (opt.equals("--order")) {
                a.value("--order");
            } else {
                throw new NmcliException(NmcliException.USAGE, "invalid option '" + opt + "'");
            }
        }
        List<Profile> all = profiles();
        stamps = Timestamps.read(env.root());
        try (Activation act = Activation.open(env)) {
            if (!a.hasNext()) {
                List<Map<String, String>> rows = new ArrayList<>();
                List<Profile> sorted = new ArrayList<>(all);
                // nmcli's default order: active first (in NmOrder's order), then by name
                Map<Profile, Integer> on = new java.util.IdentityHashMap<>();
                Map<Profile, String> device = new java.util.IdentityHashMap<>();
                RuntimeMarks moved = env.systemRoot() ? RuntimeMarks.moved() : null;
                for (Profile p : all) {
                    // one whose interface-name changed while active: still active on its old device (NM lists it so)
                    String dev = act.active(p, all) ? p.ifname() : act.movedDevice(p, moved);
                    device.put(p, dev);
                    on.put(p, dev == null ? 0 : act.link(dev).map(Link::index).orElse(0));
                }
                sorted.sort(Comparator.comparing((Profile p) -> on.get(p), new NmOrder(act.rtnl()).byInterface())
                        .thenComparing((Profile p) -> p.id()));
                for (Profile p : sorted) {
                    if (!activeOnly || on.get(p) != 0) {
                        rows.add(listRow(p, on.get(p) != 0 ? device.get(p) : null));
                    }
                }
                o.fieldRules(Output.FieldRules.refusing(NmFields::connectionList)).table("NetworkManager connection profiles", LIST_FIELDS, LIST_COMMON, rows);
                return;
            }
            while (a.hasNext()) {
                Profile p = find(all);
                Profile on = activeAs(p, act, all); // one renamed while active: on its old device until its up
                if (activeOnly && on == null) {
                    throw new NmcliException(NmcliException.NOT_FOUND, p.id() + " - no such connection profile.");
                }
                Map<String, String> values = new LinkedHashMap<>();
                boolean parsable = o.style().terse() || o.style().valuesOnly();
                Set<String> atDefault = new java.util.HashSet<>(); // what -o leaves out, by what nmcli shows (not -t)
                for (String f : Props.fields(p)) {
                    boolean time = f.equals("connection.timestamp");
                    values.put(f, time ? Timestamps.of(stamps, p) : Props.show(p, f, parsable));
                    if (o.style().overview() && Props.atDefault(f, time || !parsable ? values.get(f) : Props.show(p, f, false))) {
                        atDefault.add(f);
                    }
                }
                List<String> fields = new ArrayList<>(values.keySet());
                fields.addAll(ACTIVE_FIELDS); // named by -f/-g; printed only while the profile is active
                boolean active = on != null;
                if (active) {
                    activeBlock(on, act, values);
                }
                o.fieldRules(Output.PROFILE_FIELDS).record("Connection profile details (" + p.id() + ")", fields,
                        new ArrayList<>(values.keySet()), values,
                        active ? Devices.LISTS : List.of(), atDefault::contains);
            }
        }
    }

    /** The fields NM adds for an active connection: GENERAL.* and the device's IP4.*, IP6.*. */
    private static final List<String> ACTIVE_FIELDS = List.of("GENERAL.NAME", "GENERAL.UUID", "GENERAL.DEVICES",
            "GENERAL.IP-IFACE", "GENERAL.STATE", "GENERAL.DEFAULT", "GENERAL.DEFAULT6", "GENERAL.SPEC-OBJECT", "GENERAL.VPN",
            "GENERAL.DBUS-PATH", "GENERAL.CON-PATH", "GENERAL.ZONE", "GENERAL.MASTER-PATH", "IP4.ADDRESS", "IP4.GATEWAY",
            "IP4.ROUTE", "IP4.DNS", "IP4.SEARCHES", "IP6.ADDRESS", "IP6.GATEWAY", "IP6.ROUTE", "IP6.DNS", "IP6.SEARCHES");

    /**
     * What {@code connection show NAME} adds for an active profile, as NM 1.42 prints it (seen
     * in the test bed): GENERAL.* (no D-Bus here: its paths are --) and the device's IP4/IP6.
     */
    private static void activeBlock(Profile p, Activation act, Map<String, String> v) {
        Link link = act.link(p.ifname()).orElseThrow();
        List<Route> routes = act.rtnl().routes();
        boolean[] dflt = new boolean[2];
        for (Route r : routes) {
            if (r.isDefault() && r.oif() == link.index() && r.table() == Rtnl.RT_TABLE_MAIN) {
                dflt[r.family() == Rtnl.AF_INET ? 0 : 1] = true;
            }
        }
        v.put("GENERAL.NAME", p.id());
        v.put("GENERAL.UUID", p.uuid());
        v.put("GENERAL.DEVICES", link.name());
        v.put("GENERAL.IP-IFACE", link.name());
        v.put("GENERAL.STATE", "activated");
        v.put("GENERAL.DEFAULT", dflt[0] ? "yes" : "no");
        v.put("GENERAL.DEFAULT6", dflt[1] ? "yes" : "no");
        v.put("GENERAL.SPEC-OBJECT", "--");
        v.put("GENERAL.VPN", "no");
        v.put("GENERAL.DBUS-PATH", "--");
        v.put("GENERAL.CON-PATH", "--");
        v.put("GENERAL.ZONE", "--");
        v.put("GENERAL.MASTER-PATH", "--");
        if (p.type() != Profile.Type.PORT) { // a port has no IP configuration: NM prints no IP4/IP6 for it
            Devices.ipBlocks(v, link, act.rtnl().addresses(link.index()), routes, p);
        }
    }

    /** One profile's row; {@code device}: the interface it is active on (null: not active). */
    private Map<String, String> listRow(Profile p, String device) {
        boolean active = device != null;
        boolean parsable = o.style().terse() || o.style().valuesOnly();
        Map<String, String> r = new LinkedHashMap<>();
        r.put("NAME", p.id());
        r.put("UUID", p.uuid());
        String type = Props.typeName(p);
        r.put("TYPE", parsable ? type : type.equals("802-3-ethernet") ? "ethernet" : type);
        String ts = Timestamps.of(stamps, p);
        r.put("TIMESTAMP", ts);
        r.put("TIMESTAMP-REAL", ts.equals("0") ? "never" : Timestamps.real(Long.parseLong(ts)));
        r.put("AUTOCONNECT", p.autoconnect() ? "yes" : "no");
        r.put("AUTOCONNECT-PRIORITY", "0");
        r.put("READONLY", "no");
        r.put("DBUS-PATH", "--");
        r.put("ACTIVE", active ? "yes" : "no");
        r.put("DEVICE", active ? device : "--");
        r.put("STATE", active ? "activated" : "--");
        r.put("ACTIVE-PATH", "--");
        r.put("SLAVE", p.type() == Profile.Type.PORT ? "bond" : "--");
        r.put("FILENAME", p.file() == null ? "--" : p.file().toString());
        return r;
    }

    // ------------------------------------------------------------------ up / down

    private void up() {
        List<Profile> all = profiles();
        Profile p;
        String on = null; // the device named on the command line
        if (a.hasNext() && a.peek().equals("ifname")) {
            p = forDevice(all);
            on = p.ifname();
        } else {
            p = find(all, Connections::unknown);
            String dev = skipIfname();
            if (dev != null) {
                on = dev;
                p.boundTo(dev); // a NIC's profile that names no interface ("Wired connection 1"): on the one named
            } else if (p.isPlainEthernet() && p.ifname() == null) {
                p.boundTo(freeNic(p, all));
            }
        }
        try (Activation act = Activation.open(env)) {
            if (on != null && act.verdict(on) == Verdict.STRICTLY_UNMANAGED) {
                throw new NmcliException(NmcliException.ACTIVATION, "Connection activation failed: Connection '" + p.id()
                        + "' is not available on device " + on + " because device is strictly unmanaged");
            }
            if (env.systemRoot()) {
                act.keepWith(act.blockedMarks().cleared(p.uuid()));
            }
            act.up(p, all);
        }
        if (p.isPlainEthernet()) {
            // NM would wait for a lease (and fail without one); bondctl says what it left alone
            for (org.bondctl.profile.IpConfig ip : List.of(p.ipv4(), p.ipv6())) {
                if (ip.method().equals("auto") && !ip.isV6() || ip.method().equals("dhcp")) {
                    err.println("Warning: " + p.ifname() + ": " + ip.setting() + ".method " + ip.method() + ": " + ip.unappliedWhy());
                }
            }
        }
        out.println("Connection successfully activated (bondctl nmcli: the kernel now has what " + p.id()
                + " describes; no NetworkManager, no D-Bus path)");
    }

    private void down() {
        List<Profile> all = profiles();
        while (a.hasNext()) {
            Profile p = find(all, name -> "'" + name + "' is not an active connection.\nError: no active connection provided.");
            Set<String> freed;
            try (Activation act = Activation.open(env)) {
                Profile on = activeAs(p, act, all);
                if (on == null) {
                    throw new NmcliException(NmcliException.NOT_FOUND, "'" + p.id() + "' is not an active connection.\n"
                            + "Error: no active connection provided.");
                }
                freed = act.freedBy(on, all);
                if (env.systemRoot()) {
                    // NM autoconnects it no more until it is brought up again
                    act.keepWith(act.blockedMarks().marked(p.uuid()));
                    act.keepWith(RuntimeMarks.moved().deferred().cleared(p.uuid()));
                }
                act.down(on, all);
            }
            out.println("Connection '" + p.id() + "' successfully deactivated (bondctl nmcli, without NetworkManager)");
            autoconnectFreed(freed, all);
        }
    }

    /**
     * The profile as it is active, or null: itself, or - a bond or VLAN profile whose interface-name
     * changed while it was active ({@link RuntimeMarks#moved}) - a copy on the device it is still active on.
     */
    private Profile activeAs(Profile p, Activation act, List<Profile> all) {
        return activeAs(p, act, all, null);
    }

    /** {@link #activeAs(Profile, Activation, List)} with the moved bonds read once by the caller (null: read here). */
    private Profile activeAs(Profile p, Activation act, List<Profile> all, RuntimeMarks moved) {
        if (act.active(p, all)) {
            return p;
        }
        String was = act.movedDevice(p, moved);
        if (was != null) {
            return p.cloned(p.id(), p.uuid()).ifname(was);
        }
        return null;
    }

    /**
     * The NIC NetworkManager activates a NIC's own profile on when the profile names no interface
     * and the line none (seen in NM 1.42: the free ethernet device with the lowest index): an
     * ethernet device (a veth too) NM would manage ({@link Activation#managed}), in no bond or
     * bridge, with no active profile, and - bondctl's caution, not NM's rule - no addresses of
     * its own (a NIC set up by hand or by another tool is not taken); the one whose address the
     * profile's ethernet.mac-address gives, when it gives one.
     */
    private String freeNic(Profile p, List<Profile> all) {
        String mac = p.keyfileValue("ethernet", "mac-address");
        try (Activation act = Activation.open(env)) {
            for (Link l : act.linksByIndex()) {
                boolean ethernet = (l.kind() == null || l.kind().equals("veth")) && (l.flags() & Rtnl.IFF_LOOPBACK) == 0
                        && l.address() != null;
                if (!ethernet || l.master() != 0 || mac != null && !mac.equalsIgnoreCase(l.address().toString())
                        && (l.permAddress() == null || !mac.equalsIgnoreCase(l.permAddress().toString()))) {
                    continue;
                }
                List<Profile> its = all.stream().filter(q -> l.name().equals(q.ifname())).toList();
                boolean held = its.stream().anyMatch(q -> act.active(q, all)) || !act.managed(l, !its.isEmpty());
                boolean configured = act.rtnl().addresses(l.index()).stream().anyMatch(x -> !x.isLinkLocal());
                if (!held && !configured) {
                    return l.name();
                }
            }
        }
        throw new NmcliException(NmcliException.ACTIVATION, "Connection activation failed: No suitable device found for"
                + " this connection (bondctl nmcli: no free ethernet device" + (mac != null ? " with address " + mac : "")
                + " in no bond, without an active profile or addresses of its own; name one: 'connection up " + p.id()
                + " ifname DEV')");
    }

    /**
     * {@code connection up ifname X} without a connection: the profile for device X, which must
     * exist (nmcli: "unknown device 'X'.", with its double stop); an active one first.
     */
    private Profile forDevice(List<Profile> all) {
        a.next();
        String dev = a.value("ifname");
        skipIfname();
        try (Activation act = Activation.open(env)) {
            if (act.link(dev).isEmpty()) {
                throw new NmcliException(NmcliException.NOT_FOUND, "unknown device '" + dev + "'..");
            }
            List<Profile> mine = all.stream().filter(q -> dev.equals(q.ifname())).toList();
            return mine.stream().filter(q -> act.active(q, all)).findFirst().or(() -> mine.stream().findFirst())
                    .orElseThrow(() -> new NmcliException(NmcliException.ACTIVATION, "Connection activation failed: No"
                            + " suitable connection found for device '" + dev + "' (bondctl nmcli activates bond, bond port, VLAN"
                            + " and ethernet profiles; it makes none)"));
        }
    }

    /**
     * "ifname X" after the connection, nmcli's device override: returns X, or null. A profile
     * that names its own interface keeps it; a NIC's own profile that names none is activated on X.
     */
    private String skipIfname() {
        String dev = null;
        if (a.hasNext() && a.peek().equals("ifname")) {
            a.next();
            dev = a.value("ifname");
        }
        if (a.hasNext()) {
            throw new NmcliException(NmcliException.USAGE, "bondctl nmcli takes 'connection up NAME' (and 'ifname X'),"
                    + " not '" + a.peek() + "'");
        }
        return dev;
    }

    // ------------------------------------------------------------------ add / modify / delete

    private void add() {
        List<String[]> props = properties(true);
        String type = null;
        boolean save = true;
        for (String[] kv : props) {
            if (Props.canonical(kv[1]).equals("connection.type")) {
                type = kv[2];
            }
            if (kv[1].equals(SAVE)) {
                save = saveValue(kv[2]);
            }
        }
        props.removeIf(kv -> kv[1].equals(SAVE));
        String uuid = null; // connection.uuid: NM takes one on add (lower-cased), never on modify
        for (String[] kv : props) {
            if (Props.canonical(kv[1]).equals("connection.uuid")) {
                uuid = kv[2];
            }
        }
        props.removeIf(kv -> Props.canonical(kv[1]).equals("connection.uuid"));
        if (type == null) {
            throw new NmcliException(NmcliException.USAGE, "the connection type is required ('type bond|bridge|ethernet|vlan').");
        }
        List<Profile> all = profiles();
        // nmcli takes a port's kind from the profile its master names (slave-type given aside),
        // and warns when the master names none (seen)
        String given = null;
        // a bond-slave or bridge-slave profile has its kind from its type
        boolean slaveType = List.of("bond-slave", "bridge-slave").contains(Props.canonical(type));
        for (String[] kv : props) {
            String prop = Props.canonical(kv[1]);
            given = prop.equals("connection.master") ? kv[2] : given;
            slaveType |= prop.equals("connection.slave-type");
        }
        String master = given;
        Profile.Type controller = master == null ? null : controllerNamed(master, all);
        Profile named = master == null ? null : all.stream().filter(q -> namedBy(q, master)).findFirst().orElse(null);
        if (master != null && named == null) {
            out.flush();
            err.println("Warning: master='" + master + "' doesn't refer to any existing profile.");
        } else if (named != null && controller == null && !slaveType) { // nmcli takes the profile's type as the kind (seen)
            throw new NmcliException(NmcliException.USAGE, "failed to modify connection.slave-type: '" + Props.typeName(named)
                    + "' not among [bond, bridge, ovs-bridge, ovs-port, team, vrf].");
        }
        Profile p = fresh(type, props, controller);
        boolean kindUnknown = master != null && !slaveType && controller == null && p.type() == Profile.Type.PORT;
        try {
            for (String[] kv : props) {
                if (!Props.canonical(kv[1]).equals("connection.type")) {
                    p = Props.set(p, kv[1], kv[0].charAt(0), kv[2]);
                }
            }
        } catch (NmcliException.Unsaved u) {
            throw new NmcliException(NmcliException.ACTIVATION, "Failed to add '" + (p.id().isEmpty() ? defaultId(p) : p.id())
                    + "' connection: " + u.getMessage());
        }
        p = complete(p, type, all);
        if (kindUnknown) {
            throw new NmcliException(NmcliException.ACTIVATION, "Failed to add '" + p.id() + "' connection:"
                    + " connection.slave-type: Cannot set 'master' without 'slave-type'");
        }
        if (uuid != null) {
            if (!Profile.isUuid(uuid)) {
                throw new NmcliException(NmcliException.ACTIVATION, "Failed to add '" + p.id() + "' connection:"
                        + " connection.uuid: '" + uuid + "' is not a valid UUID");
            }
            String u = uuid.toLowerCase(java.util.Locale.ROOT);
            if (all.stream().anyMatch(q -> u.equalsIgnoreCase(q.uuid()))) {
                throw new NmcliException(NmcliException.ACTIVATION, "Failed to add '" + p.id() + "' connection:"
                        + " a connection with this UUID already exists");
            }
            p.uuid(u);
        }
        if (p.type() == Profile.Type.PORT) {
            p.master(masterReference(p.master(), all));
        }
        if (p.bridge() != null) {
            p.bridge(masterReference(p.bridge(), all, Profile.Type.BRIDGE));
        }
        verify(p, "Failed to add '" + p.id() + "' connection", NmcliException.ACTIVATION);
        normalize(p);
        for (Profile q : all) {
            if (q.id().equals(p.id())) {
                throw new NmcliException(NmcliException.USAGE, "a connection named '" + p.id() + "' exists already ("
                        + q.file() + "); bondctl nmcli keeps names unique");
            }
        }
        if (save) {
            new ProfileStore(env.root(), ProfileStore.detect(env.root())).save(p);
        } else {
            ProfileStore.saveInMemory(env.root(), p); // 'save no': in memory, as NM keeps it, until reboot
        }
        out.println("Connection '" + p.id() + "' (" + p.uuid() + ") successfully added.");
        autoconnect(p.uuid());
    }

    /**
     * NetworkManager activates a profile it has just added when the profile autoconnects and its
     * device is there and held by no other active profile: a bond at once (with its autoconnect
     * ports and VLANs, as {@code up}), a VLAN whose parent is up, a port whose NIC is in no other
     * bond (with its bond), a NIC's own profile on a NIC in no bond.
     * Only for the system's own profiles (root /): profiles written into an image's root are not
     * this kernel's. A refusal leaves the kernel as it was and the profile added, as a failed
     * autoconnect does in NM, and is said on stderr; the exit stays 0, as nmcli's.
     */
    private void autoconnect(String uuid) {
        if (!env.systemRoot()) {
            return;
        }
        List<Profile> all = profiles();
        all.stream().filter(q -> uuid.equals(q.uuid())).findFirst()
                .ifPresent(p -> autoconnect(p, all, RuntimeMarks.blocked(), RuntimeMarks.moved(), false));
    }

    /**
     * What NetworkManager does once a deactivation has left NICs free (seen in NM 1.42): on each,
     * the best profile that may autoconnect there comes up - a NIC released from its bond takes
     * its own profile back, a NIC whose own profile went down joins its bond again by its port
     * profile, another profile of the NIC follows the one taken down. The candidates are the
     * NIC's own profiles and its port profiles whose bond or bridge is up (a port never brings a
     * bond back that was taken down), that autoconnect and were not taken down
     * ({@link RuntimeMarks#blocked}), the highest {@code connection.autoconnect-priority} first;
     * the first that comes up holds the NIC. Only for the system's own profiles.
     */
    private void autoconnectFreed(Set<String> nics, List<Profile> all) {
        if (!env.systemRoot() || nics.isEmpty()) {
            return;
        }
        RuntimeMarks blocked = RuntimeMarks.blocked();
        RuntimeMarks moved = RuntimeMarks.moved();
        for (String nic : nics) {
            autoconnectBest(nic, all, q -> q.isPlainEthernet() || isPort(q), blocked, moved);
        }
    }

    private static boolean isPort(Profile q) {
        return q.type() == Profile.Type.PORT || q.type() == Profile.Type.BRIDGE_PORT;
    }

    /**
     * On device {@code dev}, the first of its profiles of the kinds {@code kind} takes that
     * autoconnect and are not blocked, the highest autoconnect-priority first, that comes up (a
     * port only into its bond or bridge that is up).
     */
    private void autoconnectBest(String dev, List<Profile> all, java.util.function.Predicate<Profile> kind,
            RuntimeMarks blocked, RuntimeMarks moved) {
        List<Profile> candidates = all.stream().filter(q -> dev.equals(q.ifname()) && q.autoconnect()
                && !blocked.has(q.uuid()) && kind.test(q))
                .sorted(Comparator.comparingInt(Profile::autoconnectPriority).reversed()).toList();
        for (Profile q : candidates) {
            if (autoconnect(q, all, blocked, moved, isPort(q))) {
                break;
            }
        }
    }

    /**
     * What NetworkManager does when a device becomes one it may autoconnect on again ('device
     * set IFNAME managed yes' or 'autoconnect yes'): the best profile that may autoconnect there
     * comes up (a port only into its bond or bridge that is up), unless one is active there already.
     */
    void autoconnectOn(String dev, List<Profile> all) {
        if (!env.systemRoot()) {
            return;
        }
        try (Activation act = Activation.open(env)) {
            if (all.stream().anyMatch(q -> dev.equals(q.ifname()) && act.active(q, all))) {
                return;
            }
        }
        autoconnectBest(dev, all, q -> true, RuntimeMarks.blocked(), RuntimeMarks.moved());
    }

    /**
     * {@link #autoconnect(String)} of one profile of {@code all}, with the state files read once by
     * the caller; whether it came up. {@code joinOnly}: a port only into a bond or bridge that is
     * up (after a deactivation, which never brings back a bond that was taken down).
     */
    private boolean autoconnect(Profile p, List<Profile> all, RuntimeMarks blocked, RuntimeMarks moved, boolean joinOnly) {
        if (!p.autoconnect() || blocked.has(p.uuid())) {
            return false;
        }
        // a fresh view of the links for each: an activation before this one changed them
        try (Activation act = Activation.open(env)) {
            if (activeAs(p, act, all, moved) != null) {
                return false; // NM leaves an active profile as it is until it is brought up again
            }
            // NM autoconnects a profile only on a device no other active profile holds
            boolean held = all.stream().anyMatch(q -> q != p && p.ifname() != null && p.ifname().equals(q.ifname())
                    && act.active(q, all));
            // nor on one it does not manage (NetworkManager.conf, udev)
            boolean go = !held && act.autoconnects(p.ifname()) && switch (p.type()) {
                case BOND, BRIDGE -> true;
                // a NIC as bridge port: on its NIC, when that is free or in this bridge already
                case BRIDGE_PORT -> (!joinOnly || act.isUp(Activation.bridgeOf(p, all))) && act.link(p.ifname())
                        .map(l -> l.master() == 0 || act.link(Activation.bridgeOf(p, all))
                        .map(b -> b.index() == l.master()).orElse(false)).orElse(false);
                case VLAN -> {
                    String parent = all.stream().filter(q -> q.type() != Profile.Type.PORT && q.isNamedBy(p.vlanParent()))
                            .map(Profile::ifname).findFirst().orElse(p.vlanParent());
                    yield act.link(parent).map(Link::isUp).orElse(false);
                }
                case PORT -> {
                    String bond = Activation.controller(p, all);
                    yield (!joinOnly || act.isUp(bond)) && act.link(p.ifname()).map(l -> l.master() == 0
                            || act.link(bond).map(b -> b.index() == l.master()).orElse(false)).orElse(false);
                }
                // a NIC's own profile: on its NIC, when that is in no bond (seen in NM 1.42)
                default -> p.isPlainEthernet() && act.link(p.ifname()).map(l -> l.master() == 0 && !l.isBond()
                        && !l.isVlan()).orElse(false);
            };
            if (go) {
                act.up(p, all);
            }
            return go;
        } catch (BondctlException | NmcliException e) {
            out.flush();
            err.println("Warning: '" + p.id() + "' is not autoconnected: " + e.getMessage());
            return false;
        }
    }

    /** Whether {@code q} is the profile {@code name} names: its id, UUID or interface. */
    private static boolean namedBy(Profile q, String name) {
        return name.equals(q.id()) || name.equalsIgnoreCase(q.uuid()) || name.equals(q.ifname());
    }

    /** The kind of controller (bond, bridge) the profile {@code name} names is; null for none or another kind. */
    private static Profile.Type controllerNamed(String name, List<Profile> all) {
        return all.stream().filter(q -> (q.type() == Profile.Type.BOND || q.type() == Profile.Type.BRIDGE) && namedBy(q, name))
                .map(Profile::type).findFirst().orElse(null);
    }

    /**
     * A new profile of the type, as nmcli starts one: automatic IP, autoconnect. An ethernet
     * profile with a master is a port: of a bridge when slave-type says so or, without
     * slave-type, when {@code controller} (the kind of profile the master names) is a bridge;
     * else of a bond.
     */
    private static Profile fresh(String type, List<String[]> props, Profile.Type controller) {
        String t = Props.canonical(type);
        IpConfig auto4 = new IpConfig(Rtnl.AF_INET, "auto", List.of(), null, List.of(), List.of(), List.of(), -1, false);
        boolean hasMaster = props.stream().anyMatch(kv -> Props.canonical(kv[1]).equals("connection.master"));
        String slaveType = props.stream().filter(kv -> Props.canonical(kv[1]).equals("connection.slave-type"))
                .map(kv -> kv[2]).reduce((x, y) -> y).orElse(null);
        boolean bridgePort = "bridge".equals(slaveType) || slaveType == null && controller == Profile.Type.BRIDGE;
        Profile p = switch (t) {
            // nmcli's new bond starts as mode=balance-rr: option names merge into that, a
            // bond.options value replaces it all (and must then name the mode itself)
            case "bond" -> new Profile(Profile.Type.BOND, "").bondSettings(new BondSettings().put(BondOption.MODE, 0L));
            case "vlan" -> new Profile(Profile.Type.VLAN, "");
            case "bridge" -> new Profile(Profile.Type.BRIDGE, "").connectionType("bridge");
            case "bridge-slave" -> new Profile(Profile.Type.BRIDGE_PORT, "").connectionType("ethernet");
            case "ethernet", "802-3-ethernet", "bond-slave" -> bridgePort && !t.equals("bond-slave")
                    ? new Profile(Profile.Type.BRIDGE_PORT, "").connectionType("ethernet")
                    : hasMaster || t.equals("bond-slave")
                    ? new Profile(Profile.Type.PORT, "") : new Profile(Profile.Type.OTHER, "").connectionType("ethernet");
            default -> throw new NmcliException(NmcliException.USAGE, "bondctl nmcli adds bond, bridge, ethernet and vlan"
                    + " connections, not '" + type + "'");
        };
        return p.ipv4(auto4).ipv6(IpConfig.AUTO6);
    }

    /**
     * How nmcli stores a new port's {@code master}: as given when it is a bond profile's UUID or
     * interface name (or names no profile), the profile's UUID when it is only its name
     * (NetworkManager 1.42, seen in the test bed: {@code master clB} for a bond on bond80).
     */
    static String masterReference(String master, List<Profile> all) {
        return masterReference(master, all, Profile.Type.BOND);
    }

    /** {@link #masterReference(String, List)} for a controller of the given type (a bridge's port too). */
    static String masterReference(String master, List<Profile> all, Profile.Type controller) {
        List<Profile> bonds = all.stream().filter(b -> b.type() == controller).toList();
        if (bonds.stream().anyMatch(b -> master.equalsIgnoreCase(b.uuid()) || master.equals(b.ifname()))) {
            return master;
        }
        return bonds.stream().filter(b -> master.equals(b.id())).map(Profile::uuid).findFirst().orElse(master);
    }

    private static boolean taken(String id, List<Profile> all) {
        return all.stream().anyMatch(q -> q.id().equals(id));
    }

    /** The name nmcli gives a profile added without one: TYPE-IFNAME. */
    private static String defaultId(Profile p) {
        String t = p.type() == Profile.Type.BOND ? "bond" : p.type() == Profile.Type.VLAN ? "vlan"
                : p.type() == Profile.Type.BRIDGE ? "bridge" : p.type() == Profile.Type.BRIDGE_PORT ? "bridge-slave"
                : p.type() == Profile.Type.PORT ? "bond-slave" : "ethernet";
        return p.ifname() == null ? t : t + "-" + p.ifname();
    }

    /** What nmcli fills in: the name (TYPE-IFNAME), the UUID; what it requires: a VLAN's parent and id. */
    private static Profile complete(Profile p, String type, List<Profile> all) {
        if (p.id().isEmpty()) {
            // nmcli's unique_connection_name(): TYPE-IFNAME, else with -1, -2 ... until no profile has it
            String base = defaultId(p);
            String id = base;
            for (int n = 1; taken(id, all); n++) {
                id = base + "-" + n;
            }
            p.id(id);
        }
        p.uuid(java.util.UUID.randomUUID().toString());
        if (p.type() == Profile.Type.VLAN && (p.vlanParent() == null || p.vlanId() == 0)) {
            throw new NmcliException(NmcliException.USAGE, "a vlan connection needs 'dev PARENT' and 'id ID'.");
        }
        if (p.type() == Profile.Type.PORT && p.master() == null) {
            throw new NmcliException(NmcliException.USAGE, "a bond-slave connection needs 'master BOND'.");
        }
        if (p.type() == Profile.Type.BRIDGE_PORT && p.bridge() == null) {
            throw new NmcliException(NmcliException.USAGE, "a bridge-slave connection needs 'master BRIDGE'.");
        }
        return p;
    }

    private void modify() {
        boolean temporary = temporary();
        List<Profile> all = profiles();
        Profile p = find(all, Connections::unknown);
        String wasIfname = p.ifname();
        try {
            for (String[] kv : properties(false)) {
                if (Props.canonical(kv[1]).equals("connection.uuid")) {
                    throw new NmcliException(NmcliException.USAGE, "failed to modify connection.uuid: the property can't be"
                            + " changed.");
                }
                Props.checkPortSetting(p, kv[1]);
                p = Props.set(p, kv[1], kv[0].charAt(0), kv[2]);
            }
        } catch (NmcliException.Unsaved u) {
            throw new NmcliException(NmcliException.FAILED, "Failed to modify connection '" + p.id() + "': " + u.getMessage());
        }
        verify(p, "Failed to modify connection '" + p.id() + "'", NmcliException.FAILED);
        normalize(p);
        boolean moved = (p.type() == Profile.Type.BOND || p.type() == Profile.Type.VLAN) && wasIfname != null
                && !wasIfname.equals(p.ifname()) && env.systemRoot() && activeDevice(wasIfname, p.type());
        if (moved) {
            // active there until its next activation, as in NM; marked first: a crash before the profile is
            // saved leaves a mark naming the profile's own interface, which changes nothing
            RuntimeMarks.moved().mark(p.uuid(), wasIfname);
        }
        Profile changed = p;
        if (temporary) {
            ProfileStore.saveInMemory(env.root(), changed);
        } else if (ProfileStore.inMemory(env.root(), changed)) {
            // the file it shadows (or a new one) written, then the in-memory one removed: one change
            inOneChange("connection modify " + changed.id(), () -> ProfileStore.persist(env.root(), changed));
        } else {
            ProfileStore.persist(env.root(), changed);
        }
        autoconnect(p.uuid()); // a profile that now autoconnects on a free device comes up, as in NM
    }

    /** nmcli's {@code --temporary}, which it takes only before the profile's name. */
    private boolean temporary() {
        if (a.hasNext() && a.peek().equals("--temporary")) {
            a.next();
            return true;
        }
        return false;
    }

    /**
     * Files that change together (an in-memory profile and the file it shadows): on the system's
     * own root, one {@link org.bondctl.plan.Transaction}, so that a crash between them is undone by
     * the next bondctl run; below another root (an image, no journal outside it) the writes go in
     * the order that keeps the profile in force whole.
     */
    private void inOneChange(String what, Runnable files) {
        if (!env.systemRoot()) {
            files.run();
            return;
        }
        try (org.bondctl.plan.Transaction t = org.bondctl.plan.Transaction.begin("nmcli " + what,
                n -> err.println("bondctl: note: " + n))) {
            files.run();
            t.commit();
        }
    }

    private boolean activeDevice(String ifname, Profile.Type type) {
        try (Activation act = Activation.open(env)) {
            return act.upAs(ifname, type);
        }
    }

    /**
     * What NetworkManager refuses to save, it is refused here too, with nmcli's exit code (4 for
     * add, 1 for modify, as NM 1.42's nmcli has them): method manual without an address, a
     * gateway without an address (NM's words), a bond without a mode (a bond.options value that leaves it out: applied, it would
     * turn an active-backup bond into balance-rr), bond options NM refuses together (primary in
     * balance-rr, lacp_rate fast outside 802.3ad: {@link org.bondctl.profile.NmBondOptions}), and,
     * after the options the mode does not use are dropped as NM drops them, one the kernel
     * refuses in the mode, which the profile would meet at {@code connection up}. Nothing is
     * written, {@code p} is not changed: {@link #normalize} then drops those options.
     */
    static void verify(Profile p, String what, int exit) {
        if (p.ownsNicSettings()) {
            for (IpConfig ip : List.of(p.ipv4(), p.ipv6())) {
                if (ip.gateway() != null && ip.addresses().isEmpty()) { // NM checks this first
                    throw new NmcliException(exit, what + ": " + ip.setting() + ".gateway: gateway cannot be set if there are"
                            + " no addresses configured");
                }
                for (IpConfig.StaticRoute r : ip.routes()) { // NM 1.42's words for a typed route it refuses (seen)
                    int type = r.attrs().routeType();
                    String bad = type == Rtnl.RTN_UNICAST ? null
                            : r.attrs().unapplied() != null ? "cannot have a ECMP multi-hop \"weight\""
                            : Route.isNowhere(type) && r.gateway() != null ? "cannot have a next-hop" : null;
                    if (bad != null) {
                        throw new NmcliException(exit, what + ": " + ip.setting() + ".routes: invalid attribute: a "
                                + Route.typeName(type) + " route " + bad);
                    }
                }
                if (ip.method().equals("manual") && ip.addresses().isEmpty()) {
                    throw new NmcliException(exit, what + ": " + ip.setting() + ".addresses: this property cannot be empty"
                            + " for 'method=manual'");
                }
                // a method without addresses of its own takes no DNS, search domains or addresses
                // (nm-setting-ip4/6-config.c verify(): IPv4 link-local and disabled; IPv6 ignore too)
                if (List.of("disabled", "link-local").contains(ip.method()) || ip.isV6() && ip.method().equals("ignore")) {
                    String key = !ip.dns().isEmpty() ? "dns" : !ip.search().isEmpty() ? "dns-search"
                            : !ip.addresses().isEmpty() ? "addresses" : null;
                    if (key != null) {
                        throw new NmcliException(exit, what + ": " + ip.setting() + "." + key + ": this property is not allowed"
                                + " for 'method=" + ip.method() + "'");
                    }
                }
            }
        }
        if (p.type() == Profile.Type.VLAN && p.vlanId() > org.bondctl.plan.Interfaces.VLAN_ID_MAX) { // the property takes 4095 (seen)
            throw new NmcliException(exit, what + ": vlan.id: the vlan id must be in range 0-" + org.bondctl.plan.Interfaces.VLAN_ID_MAX
                    + " but is " + p.vlanId());
        }
        if (p.type() == Profile.Type.BRIDGE) {
            Map.Entry<org.bondctl.bridge.BridgeOption, String> bad = org.bondctl.bridge.Bridges.verify(p.bridgeOptions());
            if (bad != null) {
                throw new NmcliException(exit, what + ": " + bad.getValue());
            }
        }
        try {
            org.bondctl.bridge.BridgeVlan.verify("bridge.vlans", p.bridgeVlans());
            org.bondctl.bridge.BridgeVlan.verify("bridge-port.vlans", p.bridgePortVlans());
        } catch (IllegalArgumentException e) {
            throw new NmcliException(exit, what + ": " + e.getMessage());
        }
        if (p.type() != Profile.Type.BOND) {
            return;
        }
        if (!p.bondSettings().has(BondOption.MODE)) { // a bond.options value without it: NM's words
            throw new NmcliException(exit, what + ": bond.options: mandatory option 'mode' is missing.");
        }
        // NM's own refusals, then what the kernel would refuse of the options NM's normalization keeps
        String refused = org.bondctl.profile.NmBondOptions.refusal(p.bondSettings());
        if (refused != null) {
            throw new NmcliException(exit, what + ": bond.options: " + refused);
        }
        org.bondctl.bond.options.BondSettings kept = org.bondctl.profile.NmBondOptions.normalized(p.bondSettings(), o -> { });
        BondMode mode = kept.mode(BondMode.BALANCE_RR);
        for (BondOption o : kept.options()) {
            try {
                o.requireMode(mode);
            } catch (BondctlException e) {
                throw new NmcliException(exit, what + ": bond.options: " + e.getMessage() + ".");
            }
        }
    }

    /**
     * NetworkManager's normalization of a profile it accepted ({@link #verify}): a bond's options
     * its mode does not use are dropped, as NM drops them before it saves or applies the profile.
     */
    static Profile normalize(Profile p) {
        if (p.type() == Profile.Type.BOND) {
            p.bondSettings(org.bondctl.profile.NmBondOptions.normalized(p.bondSettings(), o -> { }));
        }
        return p;
    }

    /** [+|-]PROPERTY VALUE pairs: {op, property, value}. */
    private List<String[]> properties(boolean adding) {
        return properties(a, adding);
    }

    /** The {@code [+|-]setting.property value} pairs left in {@code a}: op, property, value. */
    static List<String[]> properties(Nmcli.Args a, boolean adding) {
        List<String[]> out = new ArrayList<>();
        if (!a.hasNext()) {
            throw new NmcliException(NmcliException.USAGE, adding ? "the connection type is required." : "no arguments provided.");
        }
        while (a.hasNext()) {
            String name = a.next();
            if (name.equals("--")) {
                continue;
            }
            char op = name.startsWith("+") ? '+' : name.startsWith("-") ? '-' : '=';
            String prop = op == '=' ? name : name.substring(1);
            if (prop.startsWith("-")) { // --temporary after the name, as nmcli reads it: '-' and a property
                throw new NmcliException(NmcliException.USAGE, "invalid <setting>.<property> '" + prop + "'.");
            }
            if (adding && name.equals(SAVE) && !a.hasNext()) {
                throw new NmcliException(NmcliException.USAGE, "value for 'save' argument is required.");
            }
            String value = a.value(name);
            out.add(new String[] {String.valueOf(op), prop, value});
        }
        return out;
    }

    /** {@code connection add}'s {@code save yes|no}: whether the profile goes to disk or stays in memory. */
    private static final String SAVE = "save";

    private static boolean saveValue(String v) {
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new NmcliException(NmcliException.USAGE, "'save': '" + v
                    + "' is not valid; use [true, yes, on] or [false, no, off].");
        };
    }

    private void delete() {
        List<Profile> all = profiles();
        List<Profile> doomed = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        while (a.hasNext()) {
            Profile p = lookup(all);
            if (p == null) {
                unknown.add("'" + lastName + "'");
                out.flush(); // nmcli's lines in its order, also with both streams on one terminal
                err.println("Error: " + unknown(lastName));
                err.flush();
            } else if (!doomed.contains(p)) {
                doomed.add(p);
            }
        }
        if (doomed.isEmpty() && unknown.isEmpty()) {
            throw new NmcliException(NmcliException.USAGE, "no connection specified.");
        }
        for (Profile p : doomed) {
            Set<String> freed = Set.of();
            try (Activation act = Activation.open(env)) {
                Profile on = activeAs(p, act, all);
                if (on != null && (p.type() != Profile.Type.OTHER || p.isPlainEthernet())) { // not a Wi-Fi profile's
                    freed = act.freedBy(on, all);
                    act.down(on, all); // NM deactivates a connection it deletes
                }
            }
            if (p.shadows() != null && p.shadowOwned() && ProfileStore.inMemory(env.root(), p)) {
                inOneChange("connection delete " + p.id(), () -> new ProfileStore(env.root(), p.format()).delete(p));
            } else {
                new ProfileStore(env.root(), p.format()).delete(p);
            }
            if (env.systemRoot()) {
                RuntimeMarks.blocked().clear(p.uuid());
                RuntimeMarks.moved().clear(p.uuid());
            }
            List<Profile> left = all.stream().filter(q -> q != p).toList();
            autoconnectFreed(freed, left);
            out.println("Connection '" + p.id() + "' (" + p.uuid() + ") successfully deleted.");
        }
        if (!unknown.isEmpty()) { // nmcli deletes the others, then says which it could not
            throw new NmcliException(NmcliException.NOT_FOUND, "cannot delete unknown connection(s): "
                    + String.join(", ", unknown) + ".");
        }
    }

    /**
     * What {@code connection reload} and {@code load} leave NetworkManager to do: every profile
     * that autoconnects, is not active and not blocked by a {@code down}, comes up where its
     * device is free (bonds first, which bring their ports and VLANs; then the rest).
     */
    void autoconnectAll() {
        if (!env.systemRoot()) {
            return;
        }
        List<Profile> all = profiles();
        RuntimeMarks blocked = RuntimeMarks.blocked();
        RuntimeMarks moved = RuntimeMarks.moved();
        for (Profile.Type t : List.of(Profile.Type.BOND, Profile.Type.VLAN, Profile.Type.PORT)) {
            for (Profile p : all) {
                if (p.type() == t) {
                    autoconnect(p, all, blocked, moved, false);
                }
            }
        }
    }

    /**
     * {@code connection clone [--temporary] SOURCE NEW}: every setting of SOURCE under the name
     * NEW and a new UUID, in a new file of the format profiles are added in (the interface name
     * too, as nmcli keeps it); it autoconnects as an added profile does, which it will not while
     * SOURCE holds the interface.
     */
    private void cloneProfile() {
        boolean temporary = temporary();
        List<Profile> all = profiles();
        Profile source = find(all, Connections::unknown);
        if (!a.hasNext()) {
            throw new NmcliException(NmcliException.USAGE, "<new name> argument is missing.");
        }
        String name = a.next();
        if (a.hasNext()) {
            throw new NmcliException(NmcliException.USAGE, "unknown extra argument: '" + a.peek() + "'.");
        }
        for (Profile q : all) {
            if (q.id().equals(name)) {
                throw new NmcliException(NmcliException.USAGE, "a connection named '" + name + "' exists already ("
                        + q.file() + "); bondctl nmcli keeps names unique");
            }
        }
        Profile c = source.cloned(name, java.util.UUID.randomUUID().toString());
        if (temporary) {
            ProfileStore.saveInMemory(env.root(), c);
        } else {
            ProfileFormat f = c.format() != null && !ProfileStore.inMemory(env.root(), source) ? c.format()
                    : ProfileStore.detect(env.root());
            new ProfileStore(env.root(), f).save(c);
        }
        out.println(source.id() + " (" + source.uuid() + ") cloned as " + c.id() + " (" + c.uuid() + ").");
        autoconnect(c.uuid());
    }

    private void load() {
        List<Path> files = new ArrayList<>();
        a.rest().forEach(s -> files.add(Path.of(s)));
        if (files.isEmpty()) {
            throw new NmcliException(NmcliException.USAGE, "no filename specified.");
        }
        for (Path f : files) { // read and checked as NM would; nothing else to load into
            try {
                ProfileStore.load(List.of(f));
            } catch (BondctlException e) {
                if (!java.nio.file.Files.exists(f)) {
                    throw e; // no such file: said as before
                }
                rejected.add(e.getMessage()); // NM's load says nothing of a file it refuses, and exits 0
            }
        }
        warnRejected();
        autoconnectAll();
    }
}
