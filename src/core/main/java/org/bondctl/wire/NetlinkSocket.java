package org.bondctl.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.bondctl.error.BondctlException;
import org.bondctl.error.Errno;
import org.bondctl.shim.Shim;

/**
 * A NETLINK_ROUTE socket: request/ACK exchanges, dumps, and multicast receive. One thread at a
 * time. Datagrams whose sender port is not 0 (not the kernel) are dropped and counted.
 *
 * <p>Over 400 lines, on purpose: one exchange, one batch of requests in one datagram and the
 * multicast receive share the descriptor, the receive buffer, the sequence numbers and the
 * decoding of ACKs in place, which is this class's whole state; split, each part would reach
 * into the others' fields. What stands on its own is outside (ExtendedAck, ConsistentDump).
 */
public final class NetlinkSocket implements AutoCloseable {
    /**
     * Receive buffer (SO_RCVBUF) for request sockets: 0, the kernel's default, is plenty, as
     * dumps are produced as they are read. Event sockets ask for more (the monitor).
     */
    public static final int DEFAULT_RCVBUF = 0;
    /** Sequence numbers continue across the process's sockets; only the first read of the clock. */
    private static final AtomicInteger NEXT_SEQ = new AtomicInteger((int) (System.nanoTime() & 0x3fff_ffff));
    private static final int RX_CAPACITY = 256 * 1024;
    /** Receive buffers of closed request sockets, for the next socket (a batch opens one a line). */
    private static final ConcurrentLinkedQueue<ByteBuffer> SPARE_RX = new ConcurrentLinkedQueue<>();
    private static final int MAX_SPARE_RX = 4;
    private static final int REPLY_TIMEOUT_MS = 30_000;

    private final int fd;
    private int port; // the kernel-assigned port id, read on first use
    private final String netns;
    private final ByteBuffer rx;
    private final long rxAddress;
    private final ByteBuffer meta;
    private final long metaAddress;
    private final NlMessage msg = new NlMessage();
    private final ExtendedAck ack = new ExtendedAck();
    private int seq = NEXT_SEQ.getAndAdd(1 << 16) & 0x7fff_ffff;
    private long foreignDropped;
    private volatile boolean closed;
    private boolean recycle;
    /** {@link #readAhead}: where a second datagram goes, taken in the same call as the first; null: off. */
    private ByteBuffer ahead;
    private long aheadAddress;
    /** Length and sender of the datagram held in {@link #ahead}; 0: none held. */
    private int aheadLen;
    private int aheadSender;
    /** The last receive took every datagram that waited (none was left for a second call to find). */
    private boolean drained;

    /** Receives the non-control messages of a reply, one at a time, in place. */
    @FunctionalInterface
    public interface Handler {
        void message(NlMessage m);
    }

    private NetlinkSocket(int fd, String netns) {
        this.fd = fd;
        this.netns = netns;
        ByteBuffer spare = SPARE_RX.poll();
        rx = spare != null ? spare : NativeBuffer.allocate(RX_CAPACITY);
        rxAddress = Shim.address(rx);
        meta = ByteBuffer.allocateDirect(32).order(ByteOrder.nativeOrder()); // struct bc_recv_meta
        metaAddress = Shim.address(meta);
    }

    /** A socket in this process's network namespace. */
    public static NetlinkSocket open() {
        return open(null, DEFAULT_RCVBUF);
    }

    /**
     * A socket in the named network namespace (a name under /run/netns, or a path such as
     * /proc/PID/ns/net), or in the current one when netns is null.
     */
    public static NetlinkSocket open(String netns, int rcvbuf) {
        return open(netns, Netlink.NETLINK_ROUTE, rcvbuf);
    }

    /** A socket of another netlink protocol (NETLINK_GENERIC for ethtool). */
    public static NetlinkSocket open(String netns, int protocol, int rcvbuf) {
        String path = netns == null ? null : netnsPath(netns);
        int fd = Shim.bc_nl_open(path, protocol, rcvbuf);
        if (fd < 0) {
            int errno = -fd;
            if (netns != null && errno == Errno.ENOENT) {
                throw BondctlException.notFound("network namespace " + netns + ": no such namespace (" + path + ")");
            }
            if (netns != null && errno == Errno.EPERM) {
                throw new BondctlException(BondctlException.Kind.PERMISSION,
                        "enter network namespace " + netns + ": " + Errno.describe(errno) + " (needs CAP_SYS_ADMIN)");
            }
            throw new BondctlException(BondctlException.Kind.UNAVAILABLE,
                    "open netlink socket" + (netns == null ? "" : " in " + netns) + ": " + Errno.describe(errno));
        }
        return new NetlinkSocket(fd, netns);
    }

    /**
     * A rtnetlink socket in a new network namespace of its own: nothing else can enter it, and
     * it goes away, with all it holds, when the socket is closed. Needs CAP_SYS_ADMIN.
     */
    public static NetlinkSocket openPrivate() {
        int fd = Shim.bc_nl_open_private(Netlink.NETLINK_ROUTE, DEFAULT_RCVBUF);
        if (fd < 0) {
            throw new BondctlException(fd == -Errno.EPERM ? BondctlException.Kind.PERMISSION : BondctlException.Kind.UNAVAILABLE,
                    "open netlink socket in a private network namespace: " + Errno.describe(-fd));
        }
        return new NetlinkSocket(fd, null);
    }

    public static String netnsPath(String netns) {
        if (netns.isEmpty() || netns.equals(".") || netns.equals("..") || netns.chars().anyMatch(c -> c < ' ')) {
            throw BondctlException.invalid("network namespace '" + netns.replaceAll("\\p{Cntrl}", "?")
                    + "': not a name (see ip netns list) or a path");
        }
        return netns.indexOf('/') >= 0 ? netns : "/run/netns/" + netns;
    }

    public String netns() {
        return netns;
    }

    /** The socket's port id, which the kernel assigned at bind (a system call, once). */
    public int port() {
        if (port == 0) {
            long p = Shim.bc_nl_local_port(fd);
            if (p < 0) {
                throw new BondctlException(BondctlException.Kind.UNAVAILABLE, "netlink socket port: " + Errno.describe((int) -p));
            }
            port = (int) p;
        }
        return port;
    }

    public int nextSeq() {
        seq = (seq + 1) & 0x7fff_ffff;
        return seq == 0 ? ++seq : seq;
    }

    /** Messages dropped because their sender was not the kernel. */
    public long foreignDropped() {
        return foreignDropped;
    }

    public void join(int group) {
        int rc = Shim.bc_nl_add_membership(fd, group);
        if (rc < 0) {
            throw new BondctlException(BondctlException.Kind.UNAVAILABLE,
                    "join rtnetlink group " + group + ": " + Errno.describe(-rc));
        }
    }

    /** Sends a finished message as is. Returns -errno or the bytes sent. */
    public int sendRaw(MessageBuilder m) {
        return Shim.bc_nl_send(fd, m.address(), m.length());
    }

    /**
     * Sends a finished message to another netlink socket (by its port id), not to the kernel.
     * Returns -errno or the bytes sent. For tests and tools: the kernel never reads it.
     */
    public int sendTo(int port, MessageBuilder m) {
        return Shim.bc_nl_send_to(fd, Integer.toUnsignedLong(port), m.address(), m.length());
    }

    /**
     * Sends a request and handles the reply: an ACK or error for a change, every part until
     * NLMSG_DONE for a dump. Throws {@link NetlinkException} with the extended-ACK text when the
     * kernel refuses, {@link DumpInterruptedException} when a dump was inconsistent.
     */
    public void request(MessageBuilder req, String operation, Handler handler) {
        exchange(req, operation, handler, false);
    }

    /**
     * Sends a request for one object (a GET that is not a dump) without asking for an ACK:
     * its answer is the object or an error, one datagram to read instead of two.
     */
    public void query(MessageBuilder req, String operation, Handler handler) {
        if ((req.flags() & Netlink.NLM_F_DUMP) == Netlink.NLM_F_DUMP) {
            throw new IllegalArgumentException("query is for one object; a dump goes through request");
        }
        exchange(req, operation, handler, true);
    }

    /**
     * At most this many requests go in one datagram: the kernel queues all their ACKs before
     * sendmsg returns, and a default receive buffer (SO_RCVBUF, ~208 KiB, each ACK charged ~1 KiB
     * of skb) holds a few hundred; past it ACKs would be dropped (netlink_overrun(): ENOBUFS).
     */
    public static final int MAX_BATCH = 64;

    /**
     * Sends every message of {@code req} ({@link MessageBuilder#then}) in one datagram, each
     * asking for an ACK, and reads all the ACKs. The kernel runs the messages in order and goes
     * on after one it refuses (netlink_rcv_skb()), so a refusal in the middle does not stop
     * those behind it: the result holds each message's outcome, null where it was done, the
     * kernel's error (with {@code operations[i]} and the extended-ACK text) where it was not.
     * The caller decides what the others having run means.
     */
    public NetlinkException[] requestAll(MessageBuilder req, String[] operations) {
        int n = req.messages();
        if (n != operations.length) {
            throw new IllegalArgumentException(n + " messages but " + operations.length + " operation names");
        }
        if (n > MAX_BATCH) {
            throw new IllegalArgumentException(n + " messages in one datagram; at most " + MAX_BATCH);
        }
        int[] seqs = new int[n];
        for (int i = 0; i < n; i++) {
            seqs[i] = nextSeq();
            req.finish(i, seqs[i], Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
        }
        int sent = sendRaw(req);
        if (sent < 0) {
            throw new NetlinkException(operations[0] + (n > 1 ? " (and " + (n - 1) + " more in one datagram)" : ""),
                    -sent, null, -1);
        }
        NetlinkException[] out = new NetlinkException[n];
        boolean[] answered = new boolean[n];
        int left = n;
        long[] deadline = {0};
        while (left > 0) {
            int len = awaitDatagram(operations[n - left], deadline);
            if (len == 0) {
                continue;
            }
            msg.reset(rx, len);
            while (msg.next()) {
                if (msg.type() != Netlink.NLMSG_ERROR) {
                    continue; // no request here asked for an answer but its ACK
                }
                int i = indexOf(seqs, msg.seq());
                if (i < 0 || answered[i]) {
                    continue;
                }
                answered[i] = true;
                left--;
                int err = ExtendedAck.code(msg);
                if (err != 0) {
                    out[i] = ack.refusal(operations[i], msg, -err);
                }
            }
        }
        return out;
    }

    private static int indexOf(int[] seqs, int seq) {
        for (int i = 0; i < seqs.length; i++) {
            if (seqs[i] == seq) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Waits for the next datagram of a reply (up to {@link #REPLY_TIMEOUT_MS}, counted from the
     * first wait: most replies are queued when sendmsg returns). Returns its length, 0 for one
     * to skip; throws on a socket error or when the kernel does not answer.
     */
    private int awaitDatagram(String operation, long[] deadline) {
        while (true) {
            int n = receive(0);
            if (n == -Errno.EAGAIN) {
                long now = System.nanoTime();
                if (deadline[0] == 0) {
                    deadline[0] = now + REPLY_TIMEOUT_MS * 1_000_000L;
                } else if (now - deadline[0] >= 0) {
                    throw new BondctlException(BondctlException.Kind.KERNEL,
                            operation + ": no answer from the kernel in " + REPLY_TIMEOUT_MS / 1000 + " s");
                }
                n = receive((int) Math.max(1, (deadline[0] - now) / 1_000_000L));
                if (n == -Errno.EAGAIN) {
                    continue;
                }
            }
            if (n < 0) {
                throw new NetlinkException(operation, -n, null, -1);
            }
            return n;
        }
    }

    private void exchange(MessageBuilder req, String operation, Handler handler, boolean single) {
        boolean dump = (req.flags() & Netlink.NLM_F_DUMP) == Netlink.NLM_F_DUMP;
        if (!dump && !single) {
            req.addFlags(Netlink.NLM_F_ACK);
        }
        req.addFlags(Netlink.NLM_F_REQUEST);
        int mySeq = nextSeq();
        req.finish(mySeq);
        int sent = sendRaw(req);
        if (sent < 0) {
            throw new NetlinkException(operation, -sent, null, -1);
        }
        boolean interrupted = false;
        long[] deadline = {0};
        while (true) {
            int n = awaitDatagram(operation, deadline);
            if (n == 0) {
                continue;
            }
            msg.reset(rx, n);
            while (msg.next()) {
                if (msg.seq() != mySeq) { // from the kernel (receive drops the rest), to us: ours if seq matches
                    continue;
                }
                if ((msg.flags() & Netlink.NLM_F_DUMP_INTR) != 0) {
                    interrupted = true;
                }
                switch (msg.type()) {
                    case Netlink.NLMSG_ERROR: {
                        int err = ExtendedAck.code(msg);
                        if (err != 0) {
                            throw ack.refusal(operation, msg, -err);
                        }
                        if (!dump) {
                            return;
                        }
                        break;
                    }
                    case Netlink.NLMSG_DONE: {
                        if (msg.length() >= Netlink.HDRLEN + 4) {
                            int err = rx.getInt(msg.payload());
                            if (err < 0) {
                                throw ack.refusal(operation, msg, -err);
                            }
                        }
                        if (interrupted) {
                            throw new DumpInterruptedException(operation);
                        }
                        return;
                    }
                    case Netlink.NLMSG_NOOP:
                    case Netlink.NLMSG_OVERRUN:
                        break;
                    default:
                        if (handler != null) {
                            handler.message(msg);
                        }
                        if (single) {
                            return;
                        }
                }
            }
        }
    }

    /**
     * Receives one datagram into the socket's buffer. Returns its length, or -errno (-EAGAIN
     * on timeout, -ENOBUFS when the kernel dropped messages for us). Datagrams from senders
     * other than the kernel are dropped and counted (0 is returned for them). With
     * {@link #readAhead}, a datagram taken with the previous one is returned first, no system call.
     */
    public int receive(int timeoutMs) {
        if (aheadLen != 0) {
            int n = aheadLen;
            aheadLen = 0;
            drained = false; // what came behind it is not known
            rx.put(0, ahead, 0, Math.min(n, RX_CAPACITY));
            meta.putInt(0, aheadSender);
            return checked(n);
        }
        int n = ahead == null ? Shim.bc_nl_recv(fd, rxAddress, RX_CAPACITY, timeoutMs, metaAddress)
                : Shim.bc_nl_recv2(fd, rxAddress, RX_CAPACITY, aheadAddress, RX_CAPACITY, timeoutMs, metaAddress);
        if (n < 0) {
            drained = false;
            return n;
        }
        if (ahead != null) {
            aheadLen = meta.getInt(24); // struct bc_recv_meta.next_len
            aheadSender = meta.getInt(28);
            drained = aheadLen == 0;
        }
        return checked(n);
    }

    private int checked(int n) {
        if (meta.getInt(0) != 0) {
            foreignDropped++;
            return 0;
        }
        if (n > RX_CAPACITY) {
            throw new NetlinkParseException("datagram of " + n + " bytes truncated to " + RX_CAPACITY);
        }
        return n;
    }

    /**
     * Each receive also takes a second datagram, if one waits already, in the same system call
     * (recvmmsg), and {@link #hasPending} knows from it whether one waited, without a poll of
     * its own: the monitor's accelerator asks that question between a carrier loss and the switch
     * request, where each system call counts (in User-Mode Linux one costs tens of microseconds).
     * Costs a second receive buffer.
     */
    public NetlinkSocket readAhead() {
        if (ahead == null) {
            ahead = NativeBuffer.allocate(RX_CAPACITY);
            aheadAddress = Shim.address(ahead);
        }
        return this;
    }

    /**
     * Makes a blocking {@link #receive} ({@code timeoutMs} &lt; 0) give up after {@code ms} with
     * -EAGAIN (SO_RCVTIMEO): a thread that must look up now and then sleeps in one system call.
     */
    public void receiveTimeout(int ms) {
        int rc = Shim.bc_set_rcvtimeo(fd, ms);
        if (rc < 0) {
            throw new BondctlException(BondctlException.Kind.UNAVAILABLE, "netlink socket receive timeout: " + Errno.describe(-rc));
        }
    }

    /**
     * Whether a datagram (or an error) waits to be received: one poll, no waiting; with
     * {@link #readAhead}, after a receive that took every datagram waiting then, no poll:
     * false (what arrived since is read by the next receive).
     */
    public boolean hasPending() {
        if (aheadLen != 0) {
            return true;
        }
        return !drained && Shim.bc_nl_pending(fd) != 0;
    }

    /** The receive buffer holding the last datagram. */
    public ByteBuffer rxBuffer() {
        return rx;
    }

    /**
     * Makes every receive record its CLOCK_MONOTONIC time ({@link #lastReceiveNanos}). Off by
     * default: the clock read is a system call on kernels without a vDSO (User-Mode Linux).
     */
    public void timestampReceives() {
        meta.putInt(20, 1); // struct bc_recv_meta.want = BC_META_TIME
    }

    /** CLOCK_MONOTONIC (ns) when the last datagram was received; 0 unless {@link #timestampReceives}. */
    public long lastReceiveNanos() {
        return meta.getLong(8);
    }

    /** Port id of the last datagram's sender (0, the kernel, for everything receive returns). */
    public int lastSenderPort() {
        return meta.getInt(0);
    }

    /** Multicast group bitmask of the last datagram (0 for unicast replies). */
    public int lastGroups() {
        return meta.getInt(4);
    }

    /** Wakes a thread blocked in {@link #receive} from another thread. */
    public void shutdown() {
        Shim.bc_shutdown(fd);
    }

    /**
     * Hands the receive buffer to the next socket this process opens, once this one is closed.
     * Only for a socket one thread uses, none of whose replies is read after close (requests
     * decoded in their handlers: Rtnetlink, Ethtool), never for one another thread may still be
     * receiving on while it is closed.
     */
    public NetlinkSocket recycleBufferOnClose() {
        recycle = true;
        return this;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Shim.bc_close(fd);
            if (recycle && SPARE_RX.size() < MAX_SPARE_RX) {
                SPARE_RX.offer(rx);
            }
        }
    }

    /** A dump that saw a concurrent change (NLM_F_DUMP_INTR): repeat it. */
    public static final class DumpInterruptedException extends NetlinkException {
        DumpInterruptedException(String operation) {
            super(operation, Errno.EINTR, "dump was interrupted by a concurrent change", -1);
        }
    }
}
