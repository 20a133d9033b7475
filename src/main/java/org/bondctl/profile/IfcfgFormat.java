package org.bondctl.profile;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.BondSettings;
import org.bondctl.bond.options.PortOption;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Address;

/**
 * NetworkManager's ifcfg-rh format (/etc/sysconfig/network-scripts/ifcfg-ID; what RHEL 8's NM
 * writes by default; nms-ifcfg-rh-reader.c / -writer.c). A bond has TYPE=Bond,
 * BONDING_MASTER=yes and BONDING_OPTS="mode=... miimon=..."; a port has MASTER= (or
 * MASTER_UUID=) and SLAVE=yes, and BOND_PORT_QUEUE_ID / BOND_PORT_PRIO.
 */
public final class IfcfgFormat implements ProfileFormat {
    public static final IfcfgFormat INSTANCE = new IfcfgFormat();
    public static final String PREFIX = "ifcfg-";

    /** Files the ifcfg-rh plugin ignores (utils_should_ignore_file()). */
    private static final Pattern IGNORED = Pattern.compile(".*(\\.bak|\\.orig|\\.rej|\\.rpmnew|\\.rpmsave|\\.rpmorig|~|\\.swp)$");
    private static final Pattern IPADDR = Pattern.compile("IPADDR([0-9]*)");
    private static final Pattern MANAGED_IP = Pattern.compile("(IPADDR|PREFIX|NETMASK|GATEWAY)[0-9]*|DNS[0-9]+|DOMAIN");

    private IfcfgFormat() {}

    @Override
    public String name() {
        return "ifcfg-rh";
    }

    @Override
    public Path directory(Path root) {
        return root.resolve("etc/sysconfig/network-scripts");
    }

    @Override
    public boolean isProfileFile(Path file) {
        String n = file.getFileName().toString();
        return n.startsWith(PREFIX) && n.length() > PREFIX.length() && !n.equals("ifcfg-lo") && !IGNORED.matcher(n).matches();
    }

    @Override
    public String fileName(Profile p) {
        return PREFIX + p.id().replace('/', '_').replace(' ', '_');
    }

    @Override
    public Profile read(Path file, String text) {
        String f = file.toString();
        Ifcfg c = Ifcfg.parse(f, text);
        String type = c.get("TYPE");
        String master = nonEmpty(c.get("MASTER_UUID"));
        String masterKey = "MASTER_UUID";
        if (master == null) {
            master = nonEmpty(c.get("MASTER"));
            masterKey = "MASTER";
        }
        boolean isBond = "Bond".equalsIgnoreCase(type) || yes(c.get("BONDING_MASTER")) || (type == null && c.get("BONDING_OPTS") != null);
        Profile.Type t = isBond ? Profile.Type.BOND : master != null ? Profile.Type.PORT : Profile.Type.OTHER;
        String fileId = file.getFileName().toString().substring(Math.min(PREFIX.length(), file.getFileName().toString().length()));
        String name = nonEmpty(c.get("NAME"));
        Profile p = new Profile(t, name == null ? fileId : name);
        p.source(file, this, c);
        String uuid = nonEmpty(c.get("UUID"));
        if (uuid != null) {
            if (!uuid.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
                throw Ifcfg.error(f, c.lineOf("UUID"), "UUID '" + Keyfile.abbreviate(uuid) + "' is not a UUID");
            }
            p.uuid(uuid);
        }
        p.ifname(nonEmpty(c.get("DEVICE")));
        if (c.get("ONBOOT") != null) {
            p.autoconnect(!"no".equalsIgnoreCase(c.get("ONBOOT").strip()));
        }
        for (Ifcfg.Line l : c.lines) {
            if (l.key != null) {
                p.line(l.key, l.line);
            }
        }
        if (t == Profile.Type.BOND) {
            p.bondSettings(readBondingOpts(f, c));
            p.ipv4(readIpv4(f, c));
        } else if (t == Profile.Type.PORT) {
            p.master(master);
            p.line("connection.master", c.lineOf(masterKey));
            readPort(f, c, p);
        }
        return p;
    }

    private static BondSettings readBondingOpts(String f, Ifcfg c) {
        BondSettings s = new BondSettings();
        String opts = c.get("BONDING_OPTS");
        if (opts == null) {
            return s;
        }
        int line = c.lineOf("BONDING_OPTS");
        for (String w : opts.strip().split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw Ifcfg.error(f, line, "BONDING_OPTS: '" + Keyfile.abbreviate(w) + "' is not OPTION=VALUE");
            }
            try {
                BondOption o = BondOption.byName(w.substring(0, eq));
                if (o.nmKey() == null) {
                    throw BondctlException.invalid(o.kernelName() + " is not a NetworkManager bond option");
                }
                if (s.has(o)) {
                    throw BondctlException.invalid("option " + o.kernelName() + " is given twice");
                }
                String v = w.substring(eq + 1);
                if (o == BondOption.ARP_IP_TARGET || o == BondOption.NS_IP6_TARGET) {
                    v = v.replace("+", ""); // initscripts' sysfs syntax: arp_ip_target=+192.0.2.1
                }
                s.put(o, o.parse(v));
            } catch (BondctlException x) {
                throw Ifcfg.error(f, line, "BONDING_OPTS: " + x.getMessage());
            }
        }
        return s;
    }

    private static void readPort(String f, Ifcfg c, Profile p) {
        for (Ifcfg.Line l : c.lines) {
            if (l.key == null || !l.key.startsWith("BOND_PORT_")) {
                continue;
            }
            PortOption o = switch (l.key) {
                case "BOND_PORT_QUEUE_ID" -> PortOption.QUEUE_ID;
                case "BOND_PORT_PRIO" -> PortOption.PRIO;
                default -> throw Ifcfg.error(f, l.line, "unknown key " + l.key
                        + " (NetworkManager 1.42 knows BOND_PORT_QUEUE_ID and BOND_PORT_PRIO)");
            };
            try {
                p.portOptions().put(o, o.parse(l.value.strip()));
            } catch (BondctlException x) {
                throw Ifcfg.error(f, l.line, l.key + ": " + x.getMessage());
            }
        }
    }

    private static Ipv4 readIpv4(String f, Ifcfg c) {
        String boot = c.get("BOOTPROTO") == null ? "none" : c.get("BOOTPROTO").strip().toLowerCase();
        TreeMap<Integer, Address> addrs = new TreeMap<>();
        InetAddress gw = null;
        List<InetAddress> dns = new ArrayList<>();
        List<String> search = new ArrayList<>();
        for (Ifcfg.Line l : c.lines) {
            if (l.key == null) {
                continue;
            }
            try {
                Matcher m = IPADDR.matcher(l.key);
                if (m.matches()) {
                    String n = m.group(1);
                    // IPADDR is index -1 so that it comes before IPADDR0 (make_ip4_setting())
                    int idx = n.isEmpty() ? -1 : Integer.parseInt(n);
                    InetAddress a = Address.parseIp(l.value.strip(), l.key);
                    if (a.getAddress().length != 4) {
                        throw BondctlException.invalid(l.value + " is not an IPv4 address");
                    }
                    addrs.put(idx, new Address(a, prefix(f, c, n)));
                } else if (l.key.equals("GATEWAY") || l.key.matches("GATEWAY[0-9]+")) {
                    gw = Address.parseIp(l.value.strip(), l.key);
                } else if (l.key.matches("DNS[0-9]+")) {
                    dns.add(Address.parseIp(l.value.strip(), l.key));
                } else if (l.key.equals("DOMAIN")) {
                    for (String d : l.value.strip().split("\\s+")) {
                        if (!d.isEmpty()) {
                            search.add(d);
                        }
                    }
                }
            } catch (BondctlException x) {
                if (x.getMessage().startsWith(f + ":")) {
                    throw x;
                }
                throw Ifcfg.error(f, l.line, l.key + ": " + x.getMessage());
            } catch (NumberFormatException x) {
                throw Ifcfg.error(f, l.line, "malformed key " + l.key);
            }
        }
        String method = switch (boot) {
            case "dhcp", "bootp" -> "auto";
            case "shared" -> "shared";
            case "autoip" -> "link-local";
            case "none", "static", "" -> addrs.isEmpty() ? "disabled" : "manual";
            default -> throw Ifcfg.error(f, c.lineOf("BOOTPROTO"), "BOOTPROTO=" + Keyfile.abbreviate(boot)
                    + " is not none, static, dhcp, bootp, shared or autoip");
        };
        return new Ipv4(method, new ArrayList<>(addrs.values()), gw, dns, search);
    }

    private static int prefix(String f, Ifcfg c, String n) {
        String pre = c.get("PREFIX" + n);
        try {
            if (pre != null) {
                return Integer.parseInt(pre.strip());
            }
            String mask = c.get("NETMASK" + n);
            if (mask != null) {
                byte[] b = Address.parseIp(mask.strip(), "NETMASK" + n).getAddress();
                int bits = 0;
                for (byte x : b) {
                    bits += Integer.bitCount(x & 0xff);
                }
                return bits;
            }
        } catch (NumberFormatException e) {
            throw Ifcfg.error(f, c.lineOf("PREFIX" + n), "PREFIX" + n + "=" + Keyfile.abbreviate(pre) + " is not a number");
        }
        return 24; // what initscripts (ipcalc) assumes for a class C address; NM does the same
    }

    private static boolean yes(String v) {
        return v != null && (v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true") || v.equals("1"));
    }

    private static String nonEmpty(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }

    // ------------------------------------------------------------------ write

    @Override
    public String write(Profile p) {
        Ifcfg c = p.document() instanceof Ifcfg d && p.format() == this ? Ifcfg.parse("", d.render()) : null;
        boolean fresh = c == null;
        if (fresh) {
            c = new Ifcfg();
        }
        if (p.type() == Profile.Type.BOND) {
            List<BondOption> opts = new ArrayList<>(p.bondSettings().options());
            opts.sort(Comparator.comparing(BondOption::nmKey));
            StringBuilder sb = new StringBuilder();
            for (BondOption o : opts) {
                if (o.nmKey() == null) {
                    throw BondctlException.invalid("bond option " + o.kernelName()
                            + " has no NetworkManager key: it cannot be saved in a profile");
                }
                sb.append(sb.length() == 0 ? "" : " ").append(o.nmKey()).append('=').append(o.format(p.bondSettings().get(o)));
            }
            c.set("BONDING_OPTS", sb.toString());
            c.set("TYPE", "Bond");
            c.set("BONDING_MASTER", "yes");
            if (fresh) {
                c.set("PROXY_METHOD", "none");
                c.set("BROWSER_ONLY", "no");
            }
            writeIpv4(c, p.ipv4(), fresh);
        } else if (p.type() == Profile.Type.PORT) {
            c.set("TYPE", "Ethernet");
        }
        if (fresh) {
            c.set("NAME", p.id());
        }
        c.set("UUID", p.uuid());
        if (p.ifname() != null) {
            c.set("DEVICE", p.ifname());
        }
        if (fresh) {
            c.set("ONBOOT", "yes");
        }
        if (p.type() == Profile.Type.PORT) {
            c.remove("MASTER_UUID");
            c.set("MASTER", p.master());
            c.set("SLAVE", "yes");
            c.remove("BOND_PORT_QUEUE_ID");
            c.remove("BOND_PORT_PRIO");
            for (Map.Entry<PortOption, Object> e : p.portOptions().entrySet()) {
                c.set(e.getKey() == PortOption.QUEUE_ID ? "BOND_PORT_QUEUE_ID" : "BOND_PORT_PRIO",
                        e.getKey().format(e.getValue()));
            }
        }
        return c.render();
    }

    private static void writeIpv4(Ifcfg c, Ipv4 v, boolean fresh) {
        c.set("BOOTPROTO", switch (v.method()) {
            case "auto" -> "dhcp";
            case "shared" -> "shared";
            case "link-local" -> "autoip";
            default -> "none";
        });
        java.util.LinkedHashMap<String, String> want = new java.util.LinkedHashMap<>();
        for (int i = 0; i < v.addresses().size(); i++) {
            // make_ip4_setting() writes IPADDR/PREFIX for the first, then IPADDR1/PREFIX1 ...
            String n = i == 0 ? "" : Integer.toString(i);
            want.put("IPADDR" + n, v.addresses().get(i).address().getHostAddress());
            want.put("PREFIX" + n, Integer.toString(v.addresses().get(i).prefix()));
        }
        if (v.gateway() != null) {
            want.put("GATEWAY", v.gateway().getHostAddress());
        }
        for (int i = 0; i < v.dns().size(); i++) {
            want.put("DNS" + (i + 1), v.dns().get(i).getHostAddress());
        }
        if (!v.search().isEmpty()) {
            want.put("DOMAIN", String.join(" ", v.search()));
        }
        // in place where the key was, so an unchanged file is rewritten byte for byte
        c.lines.removeIf(l -> l.key != null && MANAGED_IP.matcher(l.key).matches() && !want.containsKey(l.key));
        want.forEach(c::set);
        if (fresh) {
            c.set("DEFROUTE", "yes");
            c.set("IPV4_FAILURE_FATAL", "no");
            c.set("IPV6INIT", "yes");
            c.set("IPV6_AUTOCONF", "yes");
            c.set("IPV6_DEFROUTE", "yes");
            c.set("IPV6_FAILURE_FATAL", "no");
            c.set("IPV6_ADDR_GEN_MODE", "default");
        }
    }
}
