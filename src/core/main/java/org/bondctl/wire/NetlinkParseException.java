package org.bondctl.wire;

import org.bondctl.error.BondctlException;

/** Malformed or truncated netlink data: the only exception the decoders throw. */
public final class NetlinkParseException extends BondctlException {
    public NetlinkParseException(String message) {
        super(Kind.INTERNAL, "malformed netlink data: " + message);
    }
}
