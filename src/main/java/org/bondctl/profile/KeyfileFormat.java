package org.bondctl.profile;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Address;

/**
 * NetworkManager's keyfile format (/etc/NetworkManager/system-connections/ID.nmconnection;
 * libnm-core's nm-keyfile.c). bondctl owns [bond] and [bond-port] entirely and the ipv4 keys
 * method, addressN, gateway, dns and dns-search; every other key and section is kept as read.
 */
public final class KeyfileFormat implements ProfileFormat {
    public static final KeyfileFormat INSTANCE = new KeyfileFormat();
    public static final String SUFFIX = ".nmconnection";

    private static final Pattern ADDRESS_KEY = Pattern.compile("address(es)?([0-9]*)");
    /** ipv4 keys NM 1.42 knows and bondctl leaves alone (nm-setting-ip-config.c, nm-setting-ip4-config.c). */
    private static final Set<String> IPV4_OTHER = Set.of("dad-timeout", "dhcp-client-id", "dhcp-fqdn",
            "dhcp-hostname", "dhcp-hostname-flags", "dhcp-iaid", "dhcp-reject-servers", "dhcp-send-hostname",
            "dhcp-timeout", "dhcp-vendor-class-identifier", "dns-options", "dns-priority", "ignore-auto-dns",
            "ignore-auto-routes", "link-local", "may-fail", "never-default", "required-timeout", "route-metric",
            "route-table", "routes", "routing-rules", "auto-route-ext-gw", "mptcp-flags", "replace-local-rule",
            "dhcp-dscp", "gateway");
    private static final Pattern IPV4_NUMBERED = Pattern.compile("(route|routing-rule)[0-9]+(_options)?");
    private static final Set<String> METHODS = Set.of("auto", "manual", "disabled", "link-local", "shared");

    private KeyfileFormat() {}

    @Override
    public String name() {
        return "keyfile";
    }

    @Override
    public Path directory(Path root) {
        return root.resolve("etc/NetworkManager/system-connections");
    }

    @Override
    public boolean isProfileFile(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(SUFFIX) && !n.startsWith(".");
    }

    @Override
    public String fileName(Profile p) {
        // nm_keyfile_utils_create_filename(): '/' is not allowed in a file name
        return p.id().replace('/', '*') + SUFFIX;
    }

    @Override
    public Profile read(Path file, String text) {
        String f = file.toString();
        Keyfile k = Keyfile.parse(f, text);
        Keyfile.Section con = k.section("connection");
        if (con == null) {
            throw Keyfile.error(f, 1, "no [connection] section");
        }
        String type = value(k, "connection", "type");
        if (type == null) {
            throw Keyfile.error(f, con.line, "[connection] has no type");
        }
        String slaveType = value(k, "connection", "slave-type");
        if (slaveType == null) {
            slaveType = value(k, "connection", "port-type");
        }
        String master = value(k, "connection", "master");
        if (master == null) {
            master = value(k, "connection", "controller");
        }
        String fileId = file.getFileName().toString();
        fileId = fileId.endsWith(SUFFIX) ? fileId.substring(0, fileId.length() - SUFFIX.length()) : fileId;
        String id = value(k, "connection", "id");
        Profile.Type t = type.equals("bond") ? Profile.Type.BOND
                : "bond".equals(slaveType) && master != null ? Profile.Type.PORT : Profile.Type.OTHER;
        Profile p = new Profile(t, id == null ? fileId : id);
        p.source(file, this, k);
        String uuid = value(k, "connection", "uuid");
        if (uuid != null) {
            checkUuid(f, line(con, "uuid"), uuid);
            p.uuid(uuid);
        }
        p.ifname(value(k, "connection", "interface-name"));
        String ac = value(k, "connection", "autoconnect");
        if (ac != null) {
            p.autoconnect(bool(f, line(con, "autoconnect"), "autoconnect", ac));
        }
        for (Keyfile.Entry e : con.entries) {
            if (e.key != null) {
                p.line("connection." + e.key, e.line);
            }
        }
        if ("bond".equals(slaveType) && master == null) {
            throw Keyfile.error(f, line(con, "slave-type"), "slave-type=bond but no master=");
        }
        if (t == Profile.Type.BOND) {
            readBond(f, k, p);
            p.ipv4(readIpv4(f, k));
        } else if (t == Profile.Type.PORT) {
            p.master(master);
            readPort(f, k, p);
        }
        return p;
    }

    private static void readBond(String f, Keyfile k, Profile p) {
        BondSettings s = new BondSettings();
        Keyfile.Section sec = k.section("bond");
        if (sec != null) {
            for (Keyfile.Entry e : sec.entries) {
                if (e.key == null || e.key.equals("interface-name")) {
                    continue; // NM < 1.0 kept the interface name here
                }
                BondOption o;
                try {
                    o = BondOption.byName(e.key);
                } catch (BondctlException x) {
                    throw Keyfile.error(f, e.line, "[bond] unknown key " + e.key + ": " + x.getMessage());
                }
                if (o.nmKey() == null) {
                    throw Keyfile.error(f, e.line, "[bond] " + e.key + " is not a NetworkManager bond option");
                }
                if (s.has(o)) {
                    throw Keyfile.error(f, e.line, "[bond] option " + o.kernelName() + " is given twice");
                }
                try {
                    s.put(o, o.parse(Keyfile.unescape(e.value).strip()));
                } catch (BondctlException x) {
                    throw Keyfile.error(f, e.line, "[bond] " + x.getMessage());
                }
                p.line("bond." + o.kernelName(), e.line);
            }
        }
        p.bondSettings(s);
    }

    private static void readPort(String f, Keyfile k, Profile p) {
        Keyfile.Section sec = k.section("bond-port");
        if (sec == null) {
            return;
        }
        for (Keyfile.Entry e : sec.entries) {
            if (e.key == null) {
                continue;
            }
            PortOption o = switch (e.key) {
                case "queue-id" -> PortOption.QUEUE_ID;
                case "prio" -> PortOption.PRIO;
                default -> throw Keyfile.error(f, e.line, "[bond-port] unknown key " + e.key
                        + " (NetworkManager 1.42 knows queue-id and prio)");
            };
            try {
                p.portOptions().put(o, o.parse(Keyfile.unescape(e.value).strip()));
            } catch (BondctlException x) {
                throw Keyfile.error(f, e.line, "[bond-port] " + x.getMessage());
            }
        }
    }

    private static Ipv4 readIpv4(String f, Keyfile k) {
        Keyfile.Section sec = k.section("ipv4");
        if (sec == null) {
            // NM's default for a profile without [ipv4] is method=auto
            return new Ipv4("auto", List.of(), null, List.of(), List.of());
        }
        String method = "auto";
        TreeMap<Integer, Address> addrs = new TreeMap<>();
        InetAddress gateway = null;
        List<InetAddress> dns = new ArrayList<>();
        List<String> search = new ArrayList<>();
        for (Keyfile.Entry e : sec.entries) {
            if (e.key == null) {
                continue;
            }
            String v = Keyfile.unescape(e.value).strip();
            Matcher m = ADDRESS_KEY.matcher(e.key);
            try {
                if (e.key.equals("method")) {
                    if (!METHODS.contains(v)) {
                        throw Keyfile.error(f, e.line, "[ipv4] method=" + v + " is not one of " + new java.util.TreeSet<>(METHODS));
                    }
                    method = v;
                } else if (m.matches()) {
                    // address1=192.0.2.10/24,192.0.2.1 (and the older addresses= list form)
                    int base = m.group(2).isEmpty() ? 0 : Integer.parseInt(m.group(2)) * 1000;
                    int i = 0;
                    for (String item : Keyfile.list(v)) {
                        String[] parts = item.split(",", -1);
                        if (parts.length > 2) {
                            throw Keyfile.error(f, e.line, "[ipv4] " + e.key + "=" + v + ": expected CIDR[,GATEWAY]");
                        }
                        addrs.put(base + i++, Address.parse(parts[0].strip()));
                        if (parts.length == 2 && !parts[1].isBlank()) {
                            gateway = Address.parseIp(parts[1].strip(), "gateway");
                        }
                    }
                } else if (e.key.equals("gateway")) {
                    gateway = Address.parseIp(v, "gateway");
                } else if (e.key.equals("dns")) {
                    for (String d : Keyfile.list(e.value)) {
                        dns.add(Address.parseIp(d, "dns server"));
                    }
                } else if (e.key.equals("dns-search")) {
                    search.addAll(Keyfile.list(e.value));
                } else if (!IPV4_OTHER.contains(e.key) && !IPV4_NUMBERED.matcher(e.key).matches()) {
                    throw Keyfile.error(f, e.line, "[ipv4] unknown key " + e.key);
                }
            } catch (BondctlException x) {
                if (x.getMessage().startsWith(f + ":")) {
                    throw x;
                }
                throw Keyfile.error(f, e.line, "[ipv4] " + e.key + ": " + x.getMessage());
            } catch (NumberFormatException x) {
                throw Keyfile.error(f, e.line, "[ipv4] malformed key " + e.key);
            }
        }
        for (Address a : addrs.values()) {
            if (a.family() != org.bondctl.rtnl.Rtnl.AF_INET) {
                throw Keyfile.error(f, sec.line, "[ipv4] " + a + " is not an IPv4 address");
            }
        }
        return new Ipv4(method, new ArrayList<>(addrs.values()), gateway, dns, search);
    }

    private static void checkUuid(String f, int line, String uuid) {
        if (!uuid.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw Keyfile.error(f, line, "uuid '" + Keyfile.abbreviate(uuid) + "' is not a UUID");
        }
    }

    private static boolean bool(String f, int line, String key, String v) {
        return switch (v.strip().toLowerCase()) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw Keyfile.error(f, line, key + "=" + Keyfile.abbreviate(v) + " is not true or false");
        };
    }

    private static int line(Keyfile.Section s, String key) {
        Keyfile.Entry e = s.find(key);
        return e == null ? s.line : e.line;
    }

    private static String value(Keyfile k, String section, String key) {
        String v = k.get(section, key);
        return v == null ? null : Keyfile.unescape(v).strip();
    }

    // ------------------------------------------------------------------ write

    @Override
    public String write(Profile p) {
        Keyfile k = p.document() instanceof Keyfile d && p.format() == this ? Keyfile.parse("", d.render()) : null;
        boolean fresh = k == null;
        if (fresh) {
            k = new Keyfile();
            k.set("connection", "id", Keyfile.escape(p.id()));
            k.set("connection", "uuid", p.uuid());
            k.set("connection", "type", p.type() == Profile.Type.BOND ? "bond" : "ethernet");
        } else {
            k.set("connection", "uuid", p.uuid());
        }
        if (p.ifname() != null) {
            k.set("connection", "interface-name", Keyfile.escape(p.ifname()));
        }
        if (p.type() == Profile.Type.BOND) {
            writeBond(k, p);
            writeIpv4(k, p.ipv4());
            if (fresh) {
                // what nmcli adds to every new profile (see the seed's reference keyfiles)
                k.set("ipv6", "addr-gen-mode", "default");
                k.set("ipv6", "method", "auto");
                k.sectionOrAdd("proxy");
            }
        } else if (p.type() == Profile.Type.PORT) {
            k.set("connection", "master", Keyfile.escape(p.master()));
            k.set("connection", "slave-type", "bond");
            if (fresh) {
                k.sectionOrAdd("ethernet");
            }
            Keyfile.Section bp = k.sectionOrAdd("bond-port");
            bp.entries.removeIf(e -> e.key != null);
            for (Map.Entry<PortOption, Object> e : p.portOptions().entrySet()) {
                k.set("bond-port", e.getKey().nmKey(), e.getKey().format(e.getValue()));
            }
        }
        return k.render();
    }

    private static void writeBond(Keyfile k, Profile p) {
        Keyfile.Section sec = k.sectionOrAdd("bond");
        sec.entries.removeIf(e -> e.key != null);
        // NM writes the options sorted by name (nm_setting_bond_get_option() order)
        List<BondOption> opts = new ArrayList<>(p.bondSettings().options());
        opts.sort(Comparator.comparing(BondOption::nmKey));
        for (BondOption o : opts) {
            if (o.nmKey() == null) {
                throw BondctlException.invalid("bond option " + o.kernelName()
                        + " has no NetworkManager key: it cannot be saved in a profile");
            }
            k.set("bond", o.nmKey(), Keyfile.escape(o.format(p.bondSettings().get(o))));
        }
    }

    private static void writeIpv4(Keyfile k, Ipv4 v) {
        Keyfile.Section sec = k.sectionOrAdd("ipv4");
        sec.entries.removeIf(e -> e.key != null && (ADDRESS_KEY.matcher(e.key).matches() || e.key.equals("gateway")));
        int insertAt = 0;
        for (int i = 0; i < v.addresses().size(); i++) {
            String val = v.addresses().get(i) + (i == 0 && v.gateway() != null ? "," + v.gateway().getHostAddress() : "");
            sec.entries.add(insertAt++, new Keyfile.Entry("address" + (i + 1), val, null, 0));
        }
        if (v.addresses().isEmpty() && v.gateway() != null) {
            k.set("ipv4", "gateway", v.gateway().getHostAddress());
        }
        if (v.dns().isEmpty()) {
            k.remove("ipv4", "dns");
        } else {
            k.set("ipv4", "dns", Keyfile.joinList(v.dns().stream().map(InetAddress::getHostAddress).toList()));
        }
        if (v.search().isEmpty()) {
            k.remove("ipv4", "dns-search");
        } else {
            k.set("ipv4", "dns-search", Keyfile.joinList(v.search()));
        }
        k.set("ipv4", "method", v.method());
    }
}
