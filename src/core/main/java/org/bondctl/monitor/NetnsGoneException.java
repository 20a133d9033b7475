package org.bondctl.monitor;

import org.bondctl.error.BondctlException;

/** The monitored network namespace was deleted (ip netns del): the monitor stopped. */
public final class NetnsGoneException extends BondctlException {
    private final String netns;

    NetnsGoneException(String netns) {
        super(Kind.NOT_FOUND, "monitor: network namespace " + netns + " was deleted");
        this.netns = netns;
    }

    /** The namespace's name. */
    public String netns() {
        return netns;
    }
}
