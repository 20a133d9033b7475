package org.bondctl.error;

/**
 * Every failure bondctl reports. The {@link Kind} decides the CLI's exit code; the message is
 * the one line a user sees: operation, object, reason.
 */
public class BondctlException extends RuntimeException {
    /** What went wrong, from the user's point of view. Exit codes are documented in README. */
    public enum Kind {
        /** The kernel refused the change. */
        KERNEL(1),
        /** Invalid input: usage, unknown option, bad value, out of range, not valid in this mode. */
        INVALID(2),
        /** A named bond, interface or namespace does not exist. */
        NOT_FOUND(3),
        /** It already exists, or the current state forbids the change. */
        CONFLICT(4),
        /** The change needs CAP_NET_ADMIN (or file permissions). */
        PERMISSION(5),
        /** The system cannot do it: no bonding driver, no netlink, unsupported kernel. */
        UNAVAILABLE(6),
        /** A file could not be read or written: a profile, resolv.conf, the state directory. */
        FILE(7),
        /** A bug or malformed kernel data. */
        INTERNAL(70);

        /** The CLI's exit code for it (README, "Errors and exit codes"). */
        public final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    private final Kind kind;

    /** A failure of {@code kind}; {@code message} is the one line the user sees. */
    public BondctlException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** A failure of {@code kind} caused by {@code cause} (shown with --verbose). */
    public BondctlException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** What went wrong, and so the CLI's exit code. */
    public Kind kind() {
        return kind;
    }

    /**
     * This failure as part of a larger operation: the same kind, the message "OPERATION: " and
     * this one, this as the cause. Context is added this way on the way up, so a lower layer
     * never needs to be told what its caller is doing.
     */
    public BondctlException in(String operation) {
        return new BondctlException(kind, operation + ": " + getMessage(), this);
    }

    /** INVALID (exit 2): bad input, refused before anything is sent. */
    public static BondctlException invalid(String message) {
        return new BondctlException(Kind.INVALID, message);
    }

    /** NOT_FOUND (exit 3): a named bond, interface or namespace does not exist. */
    public static BondctlException notFound(String message) {
        return new BondctlException(Kind.NOT_FOUND, message);
    }

    /** CONFLICT (exit 4): it exists already, or the current state forbids the change. */
    public static BondctlException conflict(String message) {
        return new BondctlException(Kind.CONFLICT, message);
    }
}
