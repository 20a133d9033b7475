package org.bondctl.shim;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * Raw binding of {@code native/bondctl_shim.c} by JNA direct mapping. Non-API: only the wire
 * layer calls it. Every function returns a value or {@code -errno}; buffers are addresses of
 * direct {@link ByteBuffer}s (see {@link #address}).
 */
public final class Shim {
    static {
        Native.register(Shim.class, NativeLibrary.getInstance("bondctl", Shim.class.getClassLoader()));
    }

    private Shim() {}

    public static native int bc_nl_open(String netnsPath, int protocol, int rcvbuf);

    public static native int bc_nl_open_private(int protocol, int rcvbuf);

    public static native long bc_nl_local_port(int fd);

    public static native int bc_nl_send(int fd, long buf, int len);

    public static native int bc_nl_send_to(int fd, long port, long buf, int len);

    public static native int bc_nl_recv(int fd, long buf, int cap, int timeoutMs, long meta);

    public static native int bc_nl_recv2(int fd, long buf, int cap, long buf2, int cap2, int timeoutMs, long meta);

    public static native int bc_nl_pending(int fd);

    public static native int bc_nl_add_membership(int fd, int group);

    public static native int bc_nl_drop_membership(int fd, int group);

    public static native int bc_shutdown(int fd);

    public static native int bc_close(int fd);

    public static native int bc_strerror(int errnum, long buf, int cap);

    public static native long bc_monotonic_ns();

    public static native int bc_netns_create(String path);

    public static native int bc_netns_unbind(String path);

    public static native int bc_netns_read(String netnsPath, String path, long buf, int cap);

    public static native int bc_netns_write(String netnsPath, String path, long buf, int len);

    public static native int bc_drop_thread_caps();

    public static native int bc_kill(int pid, int sig);

    public static native int bc_sched_fifo(int prio);

    public static native int bc_mlockall();

    public static native int bc_set_rcvtimeo(int fd, int ms);

    /** Address of a direct buffer's first byte. */
    public static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }
}
