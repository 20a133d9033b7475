package org.bondctl.rtnl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.bondctl.error.BondctlException;
import org.bondctl.error.Errno;
import org.bondctl.shim.Shim;
import org.bondctl.wire.NativeBuffer;
import org.bondctl.wire.NetlinkSocket;

/**
 * Reads a /proc/net file of a network namespace: {@code /proc/thread-self/net/...} shows the
 * namespace of the thread that opens it, so the shim opens it from inside the namespace
 * (setns and back in one call) and reads it. For the facts netlink does not carry.
 */
public final class NetnsFile {
    /** /proc/net/bonding files are a few KB; a bond with 100 ports in 802.3ad about 60 KB. */
    private static final int FIRST_TRY = 64 * 1024;
    private static final int MAX = 8 * 1024 * 1024;

    /**
     * The first try's buffer, kept per thread: {@code show} reads one file per bond, and a new
     * direct buffer each time (zeroed, 16 pages) cost more than the read in the test bed. Not
     * zeroed (NativeBuffer): only the bytes the read returned are copied out.
     */
    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> NativeBuffer.allocate(FIRST_TRY));

    private NetnsFile() {}

    /**
     * The file's text as the namespace sees it ({@code netns} null: this process's own), or
     * empty when it does not exist or cannot be read (the reason is not the caller's business:
     * these files only add to what netlink said).
     *
     * @param procNetPath a path below /proc/net, e.g. "bonding/bond0"
     */
    public static Optional<String> readProcNet(String netns, String procNetPath) {
        return readProc(netns, "thread-self/net/" + procNetPath);
    }

    /**
     * A file below /proc as the namespace sees it ({@code netns} null: this process's own), e.g.
     * "sys/net/ipv6/conf/default/disable_ipv6"; empty when it does not exist or cannot be read.
     */
    public static Optional<String> readProc(String netns, String procPath) {
        String path = "/proc/" + procPath;
        String ns = netns == null ? null : NetlinkSocket.netnsPath(netns);
        for (int cap = FIRST_TRY; cap <= MAX; cap *= 4) {
            ByteBuffer buf = cap == FIRST_TRY ? BUFFER.get() : NativeBuffer.allocate(cap);
            int n = Shim.bc_netns_read(ns, path, Shim.address(buf), cap);
            if (n == -Errno.EFBIG) {
                continue;
            }
            if (n < 0) {
                return Optional.empty();
            }
            byte[] b = new byte[n];
            buf.get(0, b);
            return Optional.of(new String(b, StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    /**
     * Writes {@code text} to a file of the namespace ({@code netns} null: this process's own),
     * e.g. "sys/net/ipv6/conf/bond0/disable_ipv6" below /proc: the per-namespace settings that
     * netlink cannot change.
     *
     * @throws BondctlException naming the file and the kernel's reason
     */
    public static void writeProc(String netns, String procPath, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = NativeBuffer.allocate(b.length);
        buf.put(0, b);
        String ns = netns == null ? null : NetlinkSocket.netnsPath(netns);
        int rc = Shim.bc_netns_write(ns, "/proc/" + procPath, Shim.address(buf), b.length);
        if (rc < 0) {
            int errno = -rc;
            BondctlException.Kind kind = errno == Errno.EPERM || errno == Errno.EACCES ? BondctlException.Kind.PERMISSION
                    : errno == Errno.ENOENT ? BondctlException.Kind.NOT_FOUND : BondctlException.Kind.KERNEL;
            throw new BondctlException(kind, "write /proc/" + procPath + ": " + Errno.describe(errno));
        }
    }
}
