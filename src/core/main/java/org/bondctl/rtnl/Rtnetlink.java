package org.bondctl.rtnl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.bondctl.error.BondctlException;
import org.bondctl.error.Errno;
import org.bondctl.wire.AttrIterator;
import org.bondctl.wire.AttrTable;
import org.bondctl.wire.ConsistentDump;
import org.bondctl.wire.MessageBuilder;
import org.bondctl.wire.Netlink;
import org.bondctl.wire.NetlinkException;
import org.bondctl.wire.NetlinkSocket;
import org.bondctl.wire.NlMessage;

/**
 * Links, addresses and routes over one rtnetlink socket: the operations ip(8) offers, typed.
 * Each method names its iproute2 equivalent. Not thread-safe.
 */
public final class Rtnetlink implements AutoCloseable {
    private final NetlinkSocket socket;
    private final MessageBuilder req = new MessageBuilder();
    private final LinkDecoder links = new LinkDecoder();
    private final IpMessages ip = new IpMessages();

    /** Belongs to a session: {@link #close} leaves it open for the session's next user. */
    private boolean shared;
    /** While {@link #together} collects requests: their operation names; null otherwise. */
    private List<String> pending;

    public Rtnetlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    /**
     * Opens a socket in the named network namespace (null: the current one); within a
     * {@link Session} of this thread, the session's socket for that namespace.
     */
    public static Rtnetlink open(String netns) {
        Rtnetlink shared = Session.socket(netns, n -> {
            Rtnetlink r = fresh(n);
            r.shared = true;
            return r;
        });
        return shared != null ? shared : fresh(netns);
    }

    private static Rtnetlink fresh(String netns) {
        return new Rtnetlink(NetlinkSocket.open(netns, NetlinkSocket.DEFAULT_RCVBUF).recycleBufferOnClose());
    }

    /** Starts a {@link Session} on this thread: {@link #open} returns one socket per namespace until it is closed. */
    public static Session session() {
        return Session.open();
    }

    /** Closes a session's socket (its {@link #close} leaves it open). */
    void closeShared() {
        socket.close();
    }

    /**
     * Runs {@code requests} (calls to this object's change methods: setUp, setMaster, setMtu,
     * changeLinkInfo, ...) without waiting for each answer, then sends them all in one datagram
     * and reads their ACKs together (at most {@link NetlinkSocket#MAX_BATCH}). The kernel runs
     * them in order and goes on past a refusal: the result is each request's outcome, null where
     * it was done, so the caller knows exactly what was applied (see {@link #firstFailure}).
     * Look-ups cannot wait for a later answer and are refused inside.
     */
    public NetlinkException[] together(Runnable requests) {
        if (pending != null) {
            throw new IllegalStateException("together() does not nest");
        }
        pending = new ArrayList<>();
        String[] ops;
        try {
            requests.run();
        } finally {
            ops = pending.toArray(String[]::new);
            pending = null;
        }
        return ops.length == 0 ? new NetlinkException[0] : socket.requestAll(req, ops);
    }

    /** The first refusal of a {@link #together} result (the one to report), or null when all were done. */
    public static NetlinkException firstFailure(NetlinkException[] outcomes) {
        for (NetlinkException e : outcomes) {
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    /** Starts a change request: a new message, or the next one of a {@link #together} datagram. */
    private MessageBuilder change(int type, int flags) {
        if (pending != null && !pending.isEmpty()) {
            if (pending.size() == NetlinkSocket.MAX_BATCH) {
                throw new IllegalStateException("more than " + NetlinkSocket.MAX_BATCH + " requests in one datagram");
            }
            return req.then(type, flags);
        }
        return req.begin(type, flags);
    }

    /** Sends the change request built by {@link #change}, or leaves it for the datagram of {@link #together}. */
    private void send(String op) {
        if (pending != null) {
            pending.add(op);
        } else {
            socket.request(req, op, null);
        }
    }

    private void noPipeline(String op) {
        if (pending != null) {
            throw new IllegalStateException(op + ": a look-up cannot wait for the answers of together()");
        }
    }

    public NetlinkSocket socket() {
        return socket;
    }

    @Override
    public void close() {
        if (!shared) {
            socket.close();
        }
    }

    // ---------------------------------------------------------------- links

    /** Every link. Equivalent to: {@code ip -d link show}. */
    public List<Link> links() {
        return dump("list interfaces", () -> Rtnl.beginGetLink(req, Netlink.NLM_F_DUMP, 0), links::decode);
    }

    /**
     * The links whose master is {@code masterIndex}: a bond's ports. The kernel filters the dump
     * (IFLA_MASTER, Linux 4.6+); the result is filtered here too for kernels that ignore it.
     * Equivalent to: {@code ip -d link show master BOND}.
     */
    public List<Link> ports(int masterIndex) {
        List<Link> out = dump("list ports of #" + masterIndex, () -> Rtnl.beginGetLink(req, Netlink.NLM_F_DUMP, 0)
                .attrU32(Rtnl.IFLA_MASTER, masterIndex), links::decode);
        out.removeIf(l -> l.master() != masterIndex);
        return out;
    }

    /** The link named {@code name}, if any. Equivalent to: {@code ip -d link show dev NAME}. */
    public Optional<Link> link(String name) {
        checkName(name);
        noPipeline("look up interface " + name);
        Rtnl.beginGetLink(req, 0, 0).attrString(Rtnl.IFLA_IFNAME, name);
        return getOne("look up interface " + name);
    }

    /** The link with this index, if any. */
    public Optional<Link> link(int index) {
        noPipeline("look up interface #" + index);
        Rtnl.beginGetLink(req, 0, index);
        return getOne("look up interface #" + index);
    }

    private Optional<Link> getOne(String op) {
        noPipeline(op);
        List<Link> out = new ArrayList<>(1);
        try {
            socket.query(req, op, m -> {
                if (m.type() == Rtnl.RTM_NEWLINK) {
                    out.add(links.decode(m));
                }
            });
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV || e.errno() == Errno.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
        return out.stream().findFirst();
    }

    /** The link named {@code name}, or a NOT_FOUND error naming it. */
    public Link require(String name) {
        return link(name).orElseThrow(() -> BondctlException.notFound("interface " + name + ": no such interface"
                + (socket.netns() == null ? "" : " in network namespace " + socket.netns())));
    }

    /**
     * Creates a link of the given kind. {@code data} writes the IFLA_INFO_DATA attributes (may
     * be null). Equivalent to: {@code ip link add NAME type KIND ...}.
     */
    public void createLink(String name, String kind, Consumer<MessageBuilder> data, String op) {
        checkName(name);
        change(Rtnl.RTM_NEWLINK, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)
                .ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0)
                .attrString(Rtnl.IFLA_IFNAME, name);
        linkInfo(kind, data);
        send(op);
    }

    /**
     * Changes kind-specific settings of an existing link (IFLA_INFO_DATA) in place.
     * Equivalent to: {@code ip link set NAME type KIND ...}.
     */
    public void changeLinkInfo(int index, String kind, Consumer<MessageBuilder> data, String op) {
        change(Rtnl.RTM_NEWLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, index, 0, 0);
        linkInfo(kind, data);
        send(op);
    }

    /** Changes port settings of a link enslaved to a {@code slaveKind} master (IFLA_INFO_SLAVE_DATA). */
    public void changeSlaveInfo(int index, String slaveKind, Consumer<MessageBuilder> data, String op) {
        change(Rtnl.RTM_NEWLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, index, 0, 0)
                .nestStart(Rtnl.IFLA_LINKINFO)
                .attrString(Rtnl.IFLA_INFO_SLAVE_KIND, slaveKind)
                .nestStart(Rtnl.IFLA_INFO_SLAVE_DATA);
        data.accept(req);
        req.nestEnd().nestEnd();
        send(op);
    }

    private void linkInfo(String kind, Consumer<MessageBuilder> data) {
        req.nestStart(Rtnl.IFLA_LINKINFO).attrString(Rtnl.IFLA_INFO_KIND, kind);
        if (data != null) {
            req.nestStart(Rtnl.IFLA_INFO_DATA);
            data.accept(req);
            req.nestEnd();
        }
        req.nestEnd();
    }

    /**
     * Creates a veth pair. Equivalent to: {@code ip link add NAME type veth peer name PEER}.
     */
    public void createVeth(String name, String peer) {
        checkName(peer);
        createLink(name, "veth", b -> b.nestStart(Rtnl.VETH_INFO_PEER)
                .ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0)
                .attrString(Rtnl.IFLA_IFNAME, peer)
                .nestEnd(), "create veth pair " + name + "/" + peer);
    }

    /** Equivalent to: {@code ip link set dev NAME up|down}. */
    public void setUp(Link link, boolean up) {
        change(Rtnl.RTM_NEWLINK, 0)
                .ifinfomsg(Rtnl.AF_UNSPEC, link.index(), up ? Rtnl.IFF_UP : 0, Rtnl.IFF_UP);
        send((up ? "bring up " : "bring down ") + link.name());
    }

    /**
     * Sets or clears (masterIndex 0) the link's master. Equivalent to:
     * {@code ip link set dev NAME master BOND} / {@code nomaster}.
     */
    public void setMaster(Link link, int masterIndex, String op) {
        change(Rtnl.RTM_NEWLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, link.index(), 0, 0)
                .attrU32(Rtnl.IFLA_MASTER, masterIndex);
        send(op);
    }

    /**
     * The VLAN entries of every bridge port and bridge, as the kernel reports them: interface index
     * to its struct bridge_vlan_info entries, each {@code flags << 16 | vid} (runs of ids come as a
     * RANGE_BEGIN entry and a RANGE_END one); a bridge's own under its index.
     * Equivalent to: {@code bridge vlan show}. {@code org.bondctl.bridge.VlanTable.read} reads them.
     */
    public java.util.Map<Integer, int[]> bridgeVlanEntries() {
        java.util.Map<Integer, int[]> out = new java.util.HashMap<>();
        AttrTable attrs = new AttrTable(Rtnl.IFLA_MAX_DECODED);
        AttrIterator it = new AttrIterator();
        dump("list bridge VLANs", () -> req.begin(Rtnl.RTM_GETLINK, Netlink.NLM_F_DUMP)
                .ifinfomsg(Rtnl.AF_BRIDGE, 0, 0, 0)
                .attrU32(Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_BRVLAN_COMPRESSED), m -> {
                    if (m.type() != Rtnl.RTM_NEWLINK) {
                        return null;
                    }
                    m.requirePayload(Rtnl.IFINFOMSG_LEN);
                    attrs.parse(m.buffer(), m.payload() + Rtnl.IFINFOMSG_LEN, m.end());
                    int[] entries = new int[8];
                    int n = 0;
                    for (it.reset(attrs, Rtnl.IFLA_AF_SPEC); it.next(); ) {
                        if (it.type() == Rtnl.IFLA_BRIDGE_VLAN_INFO && it.length() >= 4) {
                            if (n == entries.length) {
                                entries = java.util.Arrays.copyOf(entries, n * 2);
                            }
                            entries[n++] = Short.toUnsignedInt(it.buffer().getShort(it.offset())) << 16
                                    | Short.toUnsignedInt(it.buffer().getShort(it.offset() + 2));
                        }
                    }
                    out.put(LinkDecoder.index(m), java.util.Arrays.copyOf(entries, n));
                    return null;
                });
        return out;
    }

    /**
     * Adds VLAN entries ({@code flags << 16 | vid}, as {@link #bridgeVlanEntries} gives them) to a
     * bridge port, or to the bridge itself ({@code self}), or sets the flags of those it has; or
     * deletes them ({@code add} false). Equivalent to:
     * {@code bridge vlan add|del dev NAME vid ID [pvid] [untagged] [self]}.
     */
    public void bridgeVlans(Link link, boolean self, boolean add, int[] entries, String op) {
        change(add ? Rtnl.RTM_SETLINK : Rtnl.RTM_DELLINK, 0).ifinfomsg(Rtnl.AF_BRIDGE, link.index(), 0, 0)
                .nestStart(Rtnl.IFLA_AF_SPEC);
        if (self) {
            req.attrU16(Rtnl.IFLA_BRIDGE_FLAGS, Rtnl.BRIDGE_FLAGS_SELF);
        }
        for (int e : entries) {
            // struct bridge_vlan_info: u16 flags, u16 vid, in the host's order
            req.attrBytes(Rtnl.IFLA_BRIDGE_VLAN_INFO, java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder())
                    .putShort((short) (e >>> 16)).putShort((short) e).array());
        }
        req.nestEnd();
        send(op);
    }

    /** Equivalent to: {@code ip link del dev NAME}. */
    public void deleteLink(Link link) {
        change(Rtnl.RTM_DELLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, link.index(), 0, 0);
        send("delete " + link.name());
    }

    /** Equivalent to: {@code ip link set dev NAME address MAC}. */
    public void setAddress(Link link, byte[] mac, String op) {
        change(Rtnl.RTM_NEWLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, link.index(), 0, 0)
                .attrBytes(Rtnl.IFLA_ADDRESS, mac);
        send(op);
    }

    /**
     * Equivalent to: {@code ip link set dev NAME name NEW}. The kernel renames only a link that
     * is down (dev_change_name(): EBUSY).
     */
    public void setName(Link link, String name, String op) {
        checkName(name);
        change(Rtnl.RTM_NEWLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, link.index(), 0, 0)
                .attrString(Rtnl.IFLA_IFNAME, name);
        send(op);
    }

    /** Equivalent to: {@code ip link set dev NAME mtu MTU}. */
    public void setMtu(Link link, int mtu, String op) {
        change(Rtnl.RTM_NEWLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, link.index(), 0, 0)
                .attrU32(Rtnl.IFLA_MTU, mtu);
        send(op);
    }

    /**
     * Creates a VLAN on {@code parent}. {@code protocol} is the ethertype (ETH_P_8021Q or
     * ETH_P_8021AD, sent big-endian as the kernel wants). Equivalent to: {@code ip link add link
     * PARENT name NAME type vlan id ID protocol 802.1Q|802.1ad}.
     */
    public void createVlan(String name, Link parent, int id, int protocol, String op) {
        checkName(name);
        change(Rtnl.RTM_NEWLINK, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)
                .ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0)
                .attrString(Rtnl.IFLA_IFNAME, name)
                .attrU32(Rtnl.IFLA_LINK, parent.index());
        linkInfo("vlan", b -> b.attrU16(Rtnl.IFLA_VLAN_ID, id)
                .attrU16(Rtnl.IFLA_VLAN_PROTOCOL, Short.toUnsignedInt(Short.reverseBytes((short) protocol))));
        send(op);
    }

    /**
     * Changes a VLAN's flags and priority maps from {@code have} to {@code want} (the mappings
     * that differ; one that goes is sent as a mapping to 0). Equivalent to: {@code ip link set
     * NAME type vlan reorder_hdr on|off gvrp .. loose_binding .. mvrp .. ingress-qos-map F:T ..
     * egress-qos-map F:T ..}.
     */
    public void setVlanQos(Link vlan, VlanQos want, VlanQos have, String op) {
        change(Rtnl.RTM_NEWLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, vlan.index(), 0, 0);
        linkInfo("vlan", b -> want.writeChange(b, have));
        send(op);
    }

    /**
     * Interface names are at most 15 bytes (IFNAMSIZ - 1), printable ASCII without '/', ':',
     * white space or '%' (dev_valid_name(); the kernel would take "bond%d" as a template and
     * pick a name of its own).
     */
    public static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 15 || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c == '/' || c == ':' || c == '%' || c <= ' ' || c > 126)) {
            throw BondctlException.invalid("interface name '" + (name == null ? "" : name.replaceAll("\\p{Cntrl}", "?"))
                    + "': must be 1-15 printable characters without '/', ':', '%' or spaces");
        }
    }

    // ---------------------------------------------------------------- addresses

    /** Equivalent to: {@code ip addr add CIDR dev NAME}. */
    public void addAddress(Link link, Address a) {
        addAddress(link, a, 0);
    }

    /**
     * Equivalent to: {@code ip addr add CIDR dev NAME metric M}: the prefix route the kernel makes
     * for the address gets metric {@code metric} (IFA_RT_PRIORITY; 0: the family's default); a
     * negative metric: {@code ip addr add CIDR dev NAME noprefixroute}, the kernel makes none.
     */
    public void addAddress(Link link, Address a, int metric) {
        addressRequest(Rtnl.RTM_NEWADDR, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, link, a, metric,
                "add address " + a + " to " + link.name());
    }

    /**
     * Equivalent to: {@code ip addr change CIDR dev NAME metric M}: the metric of the address's
     * prefix route, changed in place (NLM_F_REPLACE; the kernel moves the route,
     * fib_modify_prefix_metric() and modify_prefix_route()). IPv6 takes no 0 here: 0 is sent
     * as the family's default, 256, which is what the kernel's route then has.
     */
    public void setAddressMetric(Link link, Address a, int metric) {
        addressRequest(Rtnl.RTM_NEWADDR, Netlink.NLM_F_REPLACE, link, a,
                AddressEntry.effectiveMetric(a.family(), metric),
                "set metric " + metric + " on address " + a + " of " + link.name());
    }

    /** Equivalent to: {@code ip addr del CIDR dev NAME}. */
    public void deleteAddress(Link link, Address a) {
        addressRequest(Rtnl.RTM_DELADDR, 0, link, a, 0, "delete address " + a + " from " + link.name());
    }

    private void addressRequest(int type, int flags, Link link, Address a, int metric, String op) {
        IpMessages.address(change(type, flags), a, link.index(), metric);
        send(op);
    }

    /** Addresses of one link. Equivalent to: {@code ip addr show dev NAME}. */
    public List<Address> addresses(int index) {
        return allAddresses().getOrDefault(index, List.of());
    }

    /** Every address, by interface index, in the kernel's order. Equivalent to: {@code ip addr show}. */
    public java.util.Map<Integer, List<Address>> allAddresses() {
        java.util.Map<Integer, List<Address>> out = new java.util.LinkedHashMap<>();
        addressEntries().forEach(e -> out.computeIfAbsent(e.index(), k -> new ArrayList<>()).add(e.address()));
        return out;
    }

    /** Every address with its flags and prefix-route metric, in the kernel's order. */
    public List<AddressEntry> addressEntries() {
        return dump("list addresses",
                () -> req.begin(Rtnl.RTM_GETADDR, Netlink.NLM_F_DUMP).u8(Rtnl.AF_UNSPEC).u8(0).u8(0).u8(0).u32(0),
                m -> {
                    Address a = ip.address(m);
                    return a == null ? null : ip.entry(m, a);
                });
    }

    // ---------------------------------------------------------------- routes

    /**
     * Adds a route (its oif names the interface; 0 for none). {@code replace}: NLM_F_REPLACE
     * instead of NLM_F_EXCL. Equivalent to: {@code ip route add|replace DEST [via GW] dev IF
     * [metric M] [table T] proto static}.
     */
    public void addRoute(Route r, boolean replace, String op) {
        routeRequest(Rtnl.RTM_NEWROUTE, Netlink.NLM_F_CREATE | (replace ? Netlink.NLM_F_REPLACE : Netlink.NLM_F_EXCL),
                r, r.protocol(), r.scope(), op);
    }

    /**
     * Deletes exactly this route: same destination, table, metric, gateway and interface, whoever
     * installed it (protocol 0 and scope "nowhere" match any, fib_table_delete()). Equivalent
     * to: {@code ip route del DEST [via GW] dev IF metric M table T}.
     */
    public void deleteRoute(Route r, String op) {
        routeRequest(Rtnl.RTM_DELROUTE, 0, r, Rtnl.RTPROT_UNSPEC, Rtnl.RT_SCOPE_NOWHERE, op);
    }

    private void routeRequest(int type, int flags, Route r, int protocol, int scope, String op) {
        IpMessages.route(change(type, flags), r, protocol, scope);
        send(op);
    }

    /**
     * Unicast routes of every table but "local" (the kernel's own host and broadcast routes),
     * both families. Equivalent to: {@code ip route show table all} (+ {@code ip -6}).
     */
    public List<Route> routes() {
        return routeTables().unicast();
    }

    /**
     * The routes that send nowhere (blackhole, unreachable, prohibit, throw) of every table, and
     * the local routes someone added (the kernel's own, proto kernel, left out), both families.
     * Equivalent to: {@code ip route show table all type blackhole} (and the other types).
     */
    public List<Route> typedRoutes() {
        return routeTables().typed();
    }

    /** {@link #routes} and {@link #typedRoutes} from one dump. */
    public RouteTables routeTables() {
        List<Route> unicast = new ArrayList<>();
        List<Route> typed = new ArrayList<>();
        for (Route r : dump("list routes", () -> req.begin(Rtnl.RTM_GETROUTE, Netlink.NLM_F_DUMP)
                .u8(Rtnl.AF_UNSPEC).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0), ip::route)) {
            if (r.type() == Rtnl.RTN_UNICAST && r.table() != Rtnl.RT_TABLE_LOCAL) {
                unicast.add(r);
            } else if (Route.isTyped(r.type()) && (r.type() != Rtnl.RTN_LOCAL || r.protocol() != Rtnl.RTPROT_KERNEL)) {
                typed.add(r);
            }
        }
        return new RouteTables(List.copyOf(unicast), List.copyOf(typed));
    }

    /** A route dump's unicast routes ({@link #routes}) and typed ones ({@link #typedRoutes}). */
    public record RouteTables(List<Route> unicast, List<Route> typed) {}

    // ---------------------------------------------------------------- rules

    /**
     * Adds a policy routing rule, refused when the same rule is there (NLM_F_EXCL). Equivalent
     * to: {@code ip rule add priority P ... protocol static}.
     */
    public void addRule(RoutingRule r, String op) {
        r.encode(change(Rtnl.RTM_NEWRULE, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL));
        send(op);
    }

    /**
     * Deletes a rule: the first of this priority whose every given field and protocol match
     * (fields the rule has not match any, fib_nl_delrule()). Equivalent to: {@code ip rule del
     * priority P ... protocol static}.
     */
    public void deleteRule(RoutingRule r, String op) {
        r.encode(change(Rtnl.RTM_DELRULE, 0));
        send(op);
    }

    /** Every IPv4 and IPv6 policy routing rule, in the kernel's order. Equivalent to: {@code ip rule; ip -6 rule}. */
    public List<RoutingRule> rules() {
        return dump("list rules", () -> req.begin(Rtnl.RTM_GETRULE, Netlink.NLM_F_DUMP)
                .u8(Rtnl.AF_UNSPEC).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0), ip::rule);
    }

    // ---------------------------------------------------------------- plumbing

    private interface Decoder<T> {
        T decode(NlMessage m);
    }

    /** Runs a dump, repeated from the start when the kernel flags it inconsistent ({@link ConsistentDump}). */
    private <T> List<T> dump(String op, Runnable build, Decoder<T> decoder) {
        noPipeline(op);
        List<T> out = new ArrayList<>();
        ConsistentDump.request(socket, req, () -> {
            out.clear();
            build.run();
        }, op, m -> {
                T t = decoder.decode(m);
                if (t != null) {
                    out.add(t);
                }
            });
        return out;
    }
}
