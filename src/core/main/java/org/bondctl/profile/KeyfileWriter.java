package org.bondctl.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.bondctl.bond.options.BondOption;
import org.bondctl.bond.options.PortOption;
import org.bondctl.bridge.BridgeOption;
import org.bondctl.bridge.BridgePortOption;
import org.bondctl.error.BondctlException;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.VlanQos;

/**
 * Writes a profile as NetworkManager's keyfile writer would (nm-keyfile.c nm_keyfile_write()):
 * a new file with NM's sections and defaults, or the file it was read from with bondctl's keys
 * changed and every other line kept. The reading half is {@link KeyfileFormat}.
 */
final class KeyfileWriter {
    private KeyfileWriter() {}

    /** The keyfile of {@code p}: {@code k} (a copy of the file it was read from) updated, or a new one when null. */
    static String write(Profile p, Keyfile k) {
        boolean fresh = k == null;
        if (fresh) {
            k = new Keyfile();
            k.set("connection", "id", Keyfile.escape(p.id()));
            k.set("connection", "uuid", p.uuid());
            k.set("connection", "type", switch (p.type()) {
                case BOND -> "bond";
                case VLAN -> "vlan";
                case BRIDGE -> "bridge";
                default -> "ethernet";
            });
        } else {
            k.set("connection", "id", Keyfile.escape(p.id())); // a rename keeps the file, as NM does
            k.set("connection", "uuid", p.uuid());
        }
        // NM writes autoconnect only when it is off (the default is on), before interface-name
        if (p.autoconnect()) {
            k.remove("connection", "autoconnect");
        } else {
            k.set("connection", "autoconnect", "false");
        }
        if (p.autoconnectPorts() < 0) {
            k.remove("connection", "autoconnect-slaves");
        } else {
            k.set("connection", "autoconnect-slaves", Integer.toString(p.autoconnectPorts()));
        }
        if (p.ifname() != null && !p.ifnameDerived()) {
            k.set("connection", "interface-name", Keyfile.escape(p.ifname()));
        }
        // one bondctl could not read keeps those settings as they are
        if (p.ownsNicSettings()) {
            if (p.type() == Profile.Type.BOND) {
                writeBond(k, p);
            } else if (p.type() == Profile.Type.BRIDGE) {
                if (fresh) {
                    k.sectionOrAdd("ethernet"); // nmcli adds it to a new bridge profile
                }
                writeBridge(k, p);
            } else {
                if (fresh) {
                    k.sectionOrAdd("ethernet");
                }
                if (p.type() == Profile.Type.VLAN) {
                    writeVlan(k, p);
                } else {
                    k.remove("connection", "master"); // no longer a port: NM removes master and slave-type
                    k.remove("connection", "slave-type");
                    k.sections.removeIf(s -> s.name.equals("bond-port"));
                }
            }
            writeMtu(k, p);
            writeClonedMac(k, p);
            if (p.bridge() != null) {
                writeBridgePort(k, p);
            } else {
                k.sections.removeIf(s -> s.name.equals("bridge-port"));
                if (p.type() != Profile.Type.BRIDGE_PORT && k.get("connection", "slave-type") != null
                        && "bridge".equals(Keyfile.unescapeOrNull(k.get("connection", "slave-type")))) {
                    k.remove("connection", "master"); // no longer a bridge port
                    k.remove("connection", "slave-type");
                }
            }
        }
        if (p.ownsNicSettings() && p.bridge() == null) {
            // a port made standalone gets the IP sections nmcli gives a new profile (seen in NM 1.42)
            boolean wasPort = !fresh && k.section("ipv4") == null && k.section("ipv6") == null;
            if (wasPort) {
                k.set("ipv6", "addr-gen-mode", "default");
            }
            KeyfileIp.write(k, p.ipv4());
            IpConfig v6 = p.ipv6();
            // an [ipv6] section NM wrote is left as it was unless there is something of bondctl's to
            // write (addresses may come before ipv6.method manual: they are written with method auto)
            if (fresh || v6.managed() || !v6.dns().isEmpty() || !v6.search().isEmpty() || !v6.addresses().isEmpty()
                    || v6.gateway() != null || !v6.routes().isEmpty() || v6.routeMetric() >= 0 || v6.neverDefault()
                    || k.section("ipv6") != null) {
                if (fresh) {
                    k.set("ipv6", "addr-gen-mode", "default"); // what nmcli adds to every new profile
                }
                KeyfileIp.write(k, p.ipv6());
            }
            k.sectionOrAdd("proxy"); // NM adds it to every profile with IP settings it writes (a new one, a hand-written one)
        } else if (p.type() == Profile.Type.BRIDGE_PORT) {
            if (fresh) {
                k.sectionOrAdd("ethernet");
            }
            writeBridgePort(k, p);
        }
        if (p.type() == Profile.Type.PORT) {
            k.set("connection", "master", Keyfile.escape(p.master()));
            k.set("connection", "slave-type", "bond");
            if (fresh) {
                k.sectionOrAdd("ethernet");
            }
            writeClonedMac(k, p);
            // a port has no IP configuration: NM drops these settings from port profiles
            k.sections.removeIf(s -> s.name.equals("ipv4") || s.name.equals("ipv6") || s.name.equals("proxy"));
            if (fresh || !p.portOptions().isEmpty() || k.section("bond-port") != null) {
                Keyfile.Section bp = k.sectionOrAdd("bond-port");
                bp.entries.removeIf(e -> e.key != null);
                for (Map.Entry<PortOption, Long> e : p.portOptions().entrySet()) {
                    k.set("bond-port", e.getKey().nmKey(), e.getKey().format(e.getValue()));
                }
            }
        }
        for (Map.Entry<String, String> e : p.keptChanges().entrySet()) {
            int dot = e.getKey().indexOf('.');
            String section = e.getKey().substring(0, dot);
            String key = e.getKey().substring(dot + 1);
            if (e.getValue() == null) {
                k.remove(section, key);
            } else {
                k.set(section, key, Keyfile.escape(e.getValue()));
                KeyfileIp.sort(k.section(section));
            }
        }
        if (!fresh && (p.ownsNicSettings() || p.type() == Profile.Type.PORT || p.type() == Profile.Type.BRIDGE_PORT)
                && ("ethernet".equals(p.connectionType()) || "802-3-ethernet".equals(p.connectionType()))
                && k.section("ethernet") == null && k.section("802-3-ethernet") == null) {
            k.sectionOrAdd("ethernet"); // an ethernet profile's own setting, which NM writes even when empty (seen in 1.42)
        }
        writeNmmeta(k, p);
        return k.render();
    }

    /**
     * [.nmmeta], last, as NM writes it for an in-memory profile that shadows a persistent file;
     * without one, the section's shadowing keys go (and the section, when nothing is left).
     */
    private static void writeNmmeta(Keyfile k, Profile p) {
        String meta = KeyfileFormat.NMMETA;
        if (p.shadows() != null) {
            k.set(meta, "shadowed-storage", Keyfile.escape(p.shadows().toString()));
            if (p.shadowOwned()) {
                k.set(meta, "shadowed-owned", "true");
            } else {
                k.remove(meta, "shadowed-owned");
            }
            Keyfile.Section m = k.section(meta);
            k.sections.remove(m);
            k.sections.add(m);
            return;
        }
        k.remove(meta, "shadowed-storage");
        k.remove(meta, "shadowed-owned");
        k.sections.removeIf(s -> s.name.equals(meta) && s.entries.stream().noneMatch(e -> e.key != null));
    }

    /** [bridge] as NM writes it: the options the profile gives, sorted by name (NM's property order). */
    private static void writeBridge(Keyfile k, Profile p) {
        writeOptions(k, "bridge", BridgeOption::byNmName, p.bridgeOptions());
        writeVlans(k, "bridge", p.bridgeVlans());
    }

    /** vlans= as NM writes it ("1 pvid untagged,100-102"), after the options; none removes it. */
    private static void writeVlans(Keyfile k, String section, List<org.bondctl.bridge.BridgeVlan> vlans) {
        Keyfile.Section sec = k.sectionOrAdd(section);
        sec.entries.removeIf(e -> "vlans".equals(e.key));
        if (!vlans.isEmpty()) {
            k.set(section, "vlans", Keyfile.escape(org.bondctl.bridge.BridgeVlan.format(vlans, ",")));
        }
    }

    /** The options of {@code section} ({@code byNmName} knows them) written anew, sorted by name; its other keys kept. */
    private static <E extends org.bondctl.bridge.WireOption> void writeOptions(Keyfile k, String section,
            java.util.function.Function<String, E> byNmName, Map<E, Long> options) {
        Keyfile.Section sec = k.sectionOrAdd(section);
        sec.entries.removeIf(e -> e.key != null && byNmName.apply(e.key) != null);
        List<E> opts = new ArrayList<>(options.keySet());
        opts.sort(Comparator.comparing(org.bondctl.bridge.WireOption::nmName));
        for (E o : opts) {
            k.set(section, o.nmName(), o.toNm(options.get(o)));
        }
    }

    /**
     * A bridge port: master= and slave-type=bridge, [bridge-port] with the options it gives, and
     * no IP settings (NM drops them from a port's profile).
     */
    private static void writeBridgePort(Keyfile k, Profile p) {
        k.set("connection", "master", Keyfile.escape(p.bridge()));
        k.set("connection", "slave-type", "bridge");
        k.sections.removeIf(s -> s.name.equals("ipv4") || s.name.equals("ipv6") || s.name.equals("proxy"));
        writeOptions(k, "bridge-port", BridgePortOption::byNmName, p.bridgePortOptions());
        writeVlans(k, "bridge-port", p.bridgePortVlans());
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
            k.set("bond", o.nmKey(), Keyfile.escape(p.bondSettings().text(o)));
        }
    }

    /** [vlan] as NM writes it: egress-priority-map, flags, id, ingress-priority-map, parent, protocol (maps "0:3;5:7;"). */
    private static void writeVlan(Keyfile k, Profile p) {
        for (String key : List.of("egress-priority-map", "flags", "id", "ingress-priority-map", "parent", "protocol")) {
            k.remove("vlan", key); // written anew below, in NM's order; those without a value stay out
        }
        VlanQos q = p.vlanQos();
        setMap(k, "egress-priority-map", q.egress());
        k.set("vlan", "flags", Integer.toString(q.flags()));
        k.set("vlan", "id", Integer.toString(p.vlanId()));
        setMap(k, "ingress-priority-map", q.ingress());
        k.set("vlan", "parent", Keyfile.escape(p.vlanParent()));
        if (p.vlanProtocol() == Rtnl.ETH_P_8021AD) {
            k.set("vlan", "protocol", "802.1ad"); // vlan.protocol: NM 1.44+; 1.42 warns and keeps the profile
        }
    }

    private static void setMap(Keyfile k, String key, List<VlanQos.Mapping> map) {
        if (!map.isEmpty()) {
            k.set("vlan", key, VlanQos.format(map, ";") + ";");
        }
    }

    private static void writeClonedMac(Keyfile k, Profile p) {
        String section = k.section("802-3-ethernet") != null ? "802-3-ethernet" : "ethernet";
        if (p.clonedMac() != null) {
            k.set(section, "cloned-mac-address", Keyfile.escape(p.clonedMac()));
        } else {
            k.remove(section, "cloned-mac-address");
        }
    }

    private static void writeMtu(Keyfile k, Profile p) {
        String section = k.section("802-3-ethernet") != null ? "802-3-ethernet" : "ethernet";
        if (p.mtu() > 0) {
            k.set(section, "mtu", Integer.toString(p.mtu()));
        } else {
            k.remove(section, "mtu");
        }
    }
}
