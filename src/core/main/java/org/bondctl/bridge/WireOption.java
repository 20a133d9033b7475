package org.bondctl.bridge;

/** A bridge or bridge-port option as one netlink attribute: its type, width and the kernel's name. */
public interface WireOption {
    int attr();

    /** Bytes on the wire: 1, 2 or 4. */
    int width();

    String kernelName();
}
