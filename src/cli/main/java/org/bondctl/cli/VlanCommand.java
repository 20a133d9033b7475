package org.bondctl.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bondctl.error.BondctlException;
import org.bondctl.plan.Bonds;
import org.bondctl.plan.Interfaces;
import org.bondctl.rtnl.Link;
import org.bondctl.rtnl.Rtnetlink;
import org.bondctl.rtnl.Rtnl;
import org.bondctl.rtnl.VlanInfo;
import org.bondctl.rtnl.VlanQos;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "vlan", description = "VLANs on bonds (or on any interface).",
        subcommands = {VlanCommand.Add.class, VlanCommand.Set.class, VlanCommand.Del.class, VlanCommand.Show.class})
final class VlanCommand {

    /** A VLAN's flags and priority maps in ip(8)'s words (ip link ... type vlan reorder_hdr on ...). */
    static final class QosArgs {
        @Option(names = "--reorder-hdr", paramLabel = "on|off", description = "Reorder the headers (default on).")
        String reorder;

        @Option(names = "--gvrp", paramLabel = "on|off", description = "Register the VLAN with GVRP (default off).")
        String gvrp;

        @Option(names = "--mvrp", paramLabel = "on|off", description = "Register the VLAN with MVRP (default off).")
        String mvrp;

        @Option(names = "--loose-binding", paramLabel = "on|off",
                description = "Leave the VLAN's state alone when its parent's changes (default off).")
        String loose;

        @Option(names = "--ingress-qos-map", paramLabel = "FROM:TO[,...]",
                description = "802.1p priority (0-7) of received frames to packet priority; FROM:0 removes one.")
        String ingress;

        @Option(names = "--egress-qos-map", paramLabel = "FROM:TO[,...]",
                description = "Packet priority to the 802.1p priority (0-7) of sent frames; FROM:0 removes one.")
        String egress;

        boolean any() {
            return reorder != null || gvrp != null || mvrp != null || loose != null || ingress != null || egress != null;
        }

        /** {@code base} with these options: flags given set or cleared, mappings given set (to 0: removed). */
        VlanQos on(VlanQos base, String op) {
            int flags = base.flags();
            flags = flag(flags, VlanQos.REORDER_HDR, reorder, "--reorder-hdr", op);
            flags = flag(flags, VlanQos.GVRP, gvrp, "--gvrp", op);
            flags = flag(flags, VlanQos.MVRP, mvrp, "--mvrp", op);
            flags = flag(flags, VlanQos.LOOSE_BINDING, loose, "--loose-binding", op);
            return new VlanQos(flags, merged(base.ingress(), ingress, true, "--ingress-qos-map", op),
                    merged(base.egress(), egress, false, "--egress-qos-map", op));
        }

        private static int flag(int flags, int bit, String v, String option, String op) {
            if (v == null) {
                return flags;
            }
            return switch (v) {
                case "on" -> flags | bit;
                case "off" -> flags & ~bit;
                default -> throw BondctlException.invalid(op + ": " + option + " '" + v + "' is not on or off");
            };
        }

        private static List<VlanQos.Mapping> merged(List<VlanQos.Mapping> base, String v, boolean ingress, String option,
                String op) {
            if (v == null) {
                return base;
            }
            List<VlanQos.Mapping> out = new ArrayList<>(base);
            try {
                out.addAll(VlanQos.parseMap(v, ingress)); // a later mapping of a priority replaces the earlier
            } catch (BondctlException e) {
                throw BondctlException.invalid(op + ": " + option + ": " + e.getMessage()
                        + (ingress ? " (FROM is an 802.1p priority, 0-7)" : " (TO is an 802.1p priority, 0-7)"));
            }
            return out;
        }
    }

    @Command(name = "add", description = {"Create a VLAN on PARENT and bring it up; NAME defaults to PARENT.ID.",
        "Equivalent to: ip link add link PARENT name NAME type vlan id ID [protocol 802.1ad]; ip link set NAME up"})
    static final class Add extends BaseCommand {
        @Parameters(index = "0", paramLabel = "PARENT")
        String parent;

        @Parameters(index = "1", paramLabel = "ID", description = "VLAN id, 1-4094.")
        String id;

        @Parameters(index = "2", arity = "0..1", paramLabel = "NAME")
        String name;

        @Option(names = "--protocol", paramLabel = "802.1Q|802.1ad", description = "VLAN protocol (default 802.1Q).")
        String protocol = "802.1Q";

        @Option(names = "--mtu", paramLabel = "MTU", description = "MTU, at most the MTU of the parent.")
        Integer mtu;

        @Mixin
        QosArgs qos;

        @Mixin
        PersistArgs persist;

        @Override
        public Integer call() {
            Rtnetlink.checkName(parent);
            int vid = vlanId(id);
            String n = name != null ? name : parent + "." + vid;
            Rtnetlink.checkName(n);
            int proto = switch (protocol) {
                case "802.1Q", "802.1q" -> Rtnl.ETH_P_8021Q;
                case "802.1ad" -> Rtnl.ETH_P_8021AD;
                default -> throw BondctlException.invalid("vlan add " + n + ": --protocol " + protocol + " is not 802.1Q or 802.1ad");
            };
            VlanQos q = qos.on(VlanQos.DEFAULT, "vlan add " + n);
            beginChange("vlan add " + n);
            try (Bonds b = bonds()) {
                Interfaces ifs = b.interfaces();
                persist.run(this, p -> p.vlanAdded(n, parent, vid, proto, mtu == null ? 0 : mtu, q),
                        () -> ifs.addVlan(parent, vid, n, proto, mtu == null ? 0 : mtu, q));
                if (global().json) {
                    out().println(Json.write(json(b.rtnetlink(), n)));
                }
            }
            return 0;
        }

        static int vlanId(String text) {
            if (!org.bondctl.rtnl.Address.isDecimal(text, 4) || Integer.parseInt(text) < Interfaces.VLAN_ID_MIN
                    || Integer.parseInt(text) > Interfaces.VLAN_ID_MAX) {
                throw BondctlException.invalid("vlan add: VLAN id '" + text + "' is not 1-4094 (0 is a priority tag, 4095 is reserved)");
            }
            return Integer.parseInt(text);
        }
    }

    @Command(name = "set", description = {"Change a VLAN's flags and priority maps in place (mappings not named stay).",
        "Equivalent to: ip link set NAME type vlan [reorder_hdr on|off] [gvrp on|off] [mvrp on|off]"
            + " [loose_binding on|off] [ingress-qos-map FROM:TO ...] [egress-qos-map FROM:TO ...]"})
    static final class Set extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        QosArgs qos;

        @Mixin
        PersistArgs persist;

        @Override
        public Integer call() {
            Rtnetlink.checkName(name);
            String op = "vlan set " + name;
            if (!qos.any()) {
                throw BondctlException.invalid(op + ": nothing to set (--reorder-hdr, --gvrp, --mvrp, --loose-binding,"
                        + " --ingress-qos-map, --egress-qos-map)");
            }
            beginChange(op);
            try (Bonds b = bonds()) {
                Interfaces ifs = b.interfaces();
                VlanQos now = VlanQos.of(b.rtnetlink().require(name));
                if (now == null) {
                    throw BondctlException.invalid(op + ": not a VLAN");
                }
                VlanQos want = qos.on(now, op);
                persist.run(this, p -> p.vlanQos(b, name, want), () -> ifs.setVlanQos(name, want));
                if (global().json) {
                    out().println(Json.write(json(b.rtnetlink(), name)));
                }
            }
            return 0;
        }
    }

    @Command(name = "del", description = {"Delete a VLAN.", "Equivalent to: ip link del NAME"})
    static final class Del extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        PersistArgs persist;

        @Override
        public Integer call() {
            Rtnetlink.checkName(name);
            beginChange("vlan del " + name);
            try (Bonds b = bonds()) {
                Interfaces ifs = b.interfaces();
                Map<String, Object> was = global().json && b.rtnetlink().link(name).isPresent()
                        ? json(b.rtnetlink(), name) : null;
                persist.run(this, p -> p.vlanDeleted(name), () -> ifs.deleteVlan(name));
                if (global().json) {
                    out().println(Json.write(was)); // the VLAN as it was
                }
            }
            return 0;
        }
    }

    /** The VLAN's JSON as vlan show lists it. */
    static Map<String, Object> json(Rtnetlink r, String name) {
        Link l = r.require(name);
        VlanInfo v = VlanInfo.of(l);
        String parent = r.link(l.parent()).map(Link::name).orElse("#" + l.parent());
        return v == null ? LinkJson.link(l) : LinkJson.vlan(l, v, parent);
    }

    /** " flags REORDER_HDR,GVRP ingress-qos-map 1:2 egress-qos-map 0:3,5:7", for flags or maps other than the default. */
    static String qos(VlanQos q) {
        if (q == null || q.equals(VlanQos.DEFAULT)) {
            return "";
        }
        return " flags " + (q.flagNames().isEmpty() ? "none" : q.flagNames())
                + (q.ingress().isEmpty() ? "" : " ingress-qos-map " + VlanQos.format(q.ingress(), ","))
                + (q.egress().isEmpty() ? "" : " egress-qos-map " + VlanQos.format(q.egress(), ","));
    }

    @Command(name = "show", description = {"List VLANs: name, parent, id, protocol, MTU, state (and flags and priority maps"
        + " other than the kernel's default).",
        "Equivalent to: ip -d link show type vlan"})
    static final class Show extends BaseCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "PARENT", description = "Only the VLANs on this interface.")
        String parent;

        @Override
        public Integer call() {
            try (Rtnetlink r = Rtnetlink.open(global().netns)) {
                List<Link> all = r.links();
                Map<Integer, String> names = new LinkedHashMap<>();
                all.forEach(l -> names.put(l.index(), l.name()));
                if (parent != null && !names.containsValue(parent)) {
                    r.require(parent);
                }
                List<Object> json = new ArrayList<>();
                for (Link l : all) {
                    VlanInfo v = VlanInfo.of(l);
                    String p = names.getOrDefault(l.parent(), "#" + l.parent());
                    if (v == null || (parent != null && !parent.equals(p))) {
                        continue;
                    }
                    if (global().json) {
                        json.add(LinkJson.vlan(l, v, p));
                    } else {
                        out().println(l.name() + " link " + p + " id " + v.id() + " protocol " + v.protocolName() + " mtu "
                                + l.mtu() + (l.isUp() ? " up" : " down") + qos(VlanQos.of(l)));
                    }
                }
                if (global().json) {
                    out().println(Json.write(json));
                }
            }
            return 0;
        }
    }
}
