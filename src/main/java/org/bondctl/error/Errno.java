package org.bondctl.error;

import java.nio.ByteBuffer;
import org.bondctl.shim.Shim;

/** Symbolic names and C library text for errno values (include/uapi/asm-generic/errno*.h). */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EFBIG = 27;
    public static final int ERANGE = 34;
    public static final int ENODATA = 61;
    public static final int EMSGSIZE = 90;
    public static final int ENOPROTOOPT = 92;
    public static final int EPROTONOSUPPORT = 93;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETUNREACH = 101;
    public static final int ENOBUFS = 105;
    public static final int ENOTCONN = 107;

    private static final String[] NAMES = new String[134];

    static {
        String[] pairs = {
            "1 EPERM", "2 ENOENT", "3 ESRCH", "4 EINTR", "5 EIO", "6 ENXIO", "7 E2BIG", "9 EBADF",
            "11 EAGAIN", "12 ENOMEM", "13 EACCES", "14 EFAULT", "16 EBUSY", "17 EEXIST", "18 EXDEV",
            "19 ENODEV", "20 ENOTDIR", "21 EISDIR", "22 EINVAL", "23 ENFILE", "24 EMFILE", "28 ENOSPC",
            "34 ERANGE", "39 ENOTEMPTY", "40 ELOOP", "61 ENODATA", "67 ENOLINK", "88 ENOTSOCK",
            "90 EMSGSIZE", "92 ENOPROTOOPT", "93 EPROTONOSUPPORT", "95 EOPNOTSUPP", "97 EAFNOSUPPORT",
            "98 EADDRINUSE", "99 EADDRNOTAVAIL", "100 ENETDOWN", "101 ENETUNREACH", "105 ENOBUFS",
            "107 ENOTCONN", "110 ETIMEDOUT", "113 EHOSTUNREACH", "114 EALREADY",
        };
        for (String p : pairs) {
            int sp = p.indexOf(' ');
            NAMES[Integer.parseInt(p.substring(0, sp))] = p.substring(sp + 1);
        }
    }

    private Errno() {}

    /** "EPERM", or "errno 200" for values without a name here. */
    public static String name(int errno) {
        return errno > 0 && errno < NAMES.length && NAMES[errno] != null ? NAMES[errno] : "errno " + errno;
    }

    /** The C library's text, e.g. "Operation not permitted". */
    public static String text(int errno) {
        ByteBuffer buf = ByteBuffer.allocateDirect(128);
        int n = Shim.bc_strerror(errno, Shim.address(buf), buf.capacity());
        if (n <= 0) {
            return name(errno);
        }
        byte[] b = new byte[n];
        buf.get(0, b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** "Operation not permitted (EPERM)". */
    public static String describe(int errno) {
        return text(errno) + " (" + name(errno) + ")";
    }
}
