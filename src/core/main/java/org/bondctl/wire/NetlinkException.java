package org.bondctl.wire;

import org.bondctl.error.BondctlException;
import org.bondctl.error.Errno;

/**
 * The kernel answered a request with an error. Carries errno and the extended-ACK text and
 * offset when the kernel gave them.
 */
public class NetlinkException extends BondctlException {
    private final int errno;
    private final String kernelMessage;
    private final int kernelOffset;

    public NetlinkException(String operation, int errno, String kernelMessage, int kernelOffset) {
        super(kindOf(errno), format(operation, errno, kernelMessage));
        this.errno = errno;
        this.kernelMessage = kernelMessage;
        this.kernelOffset = kernelOffset;
    }

    private NetlinkException(NetlinkException cause, String message) {
        super(cause.kind(), message, cause);
        this.errno = cause.errno;
        this.kernelMessage = cause.kernelMessage;
        this.kernelOffset = cause.kernelOffset;
    }

    /** The same kernel error as part of a larger operation: "OPERATION: " and this message. */
    @Override
    public NetlinkException in(String operation) {
        return new NetlinkException(this, operation + ": " + getMessage());
    }

    /** Re-words the same kernel error for a higher-level operation. */
    public NetlinkException(String operation, NetlinkException cause) {
        this(operation, cause.errno, cause.kernelMessage, cause.kernelOffset);
    }

    private static Kind kindOf(int errno) {
        switch (errno) {
            case Errno.ENOENT:
            case Errno.ENODEV:
                return Kind.NOT_FOUND;
            case Errno.EEXIST:
            case Errno.EBUSY:
                return Kind.CONFLICT;
            case Errno.EOPNOTSUPP:
            case Errno.EPROTONOSUPPORT:
            case Errno.EAFNOSUPPORT:
                return Kind.UNAVAILABLE;
            default:
                return Kind.KERNEL;
        }
    }

    static String format(String operation, int errno, String kernelMessage) {
        StringBuilder sb = new StringBuilder();
        sb.append(operation).append(": ").append(Errno.describe(errno));
        if (kernelMessage != null && !kernelMessage.isEmpty()) {
            sb.append("; kernel: ").append(kernelMessage);
        }
        return sb.toString();
    }

    public int errno() {
        return errno;
    }

    /** The extended-ACK text, or null. */
    public String kernelMessage() {
        return kernelMessage;
    }

    /** Offset of the offending attribute in the request, or -1. */
    public int kernelOffset() {
        return kernelOffset;
    }
}
