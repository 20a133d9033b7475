package org.bondctl.nmcli;

/**
 * An nmcli error: the message nmcli would print after "Error: ", and nmcli's exit code
 * (nmcli(1) "EXIT STATUS").
 */
final class NmcliException extends RuntimeException {
    /** Unknown or unspecified error. */
    static final int FAILED = 1;
    /** Invalid user input, wrong nmcli invocation. */
    static final int USAGE = 2;
    /** Connection activation failed. */
    static final int ACTIVATION = 4;
    /** Connection deactivation failed. */
    static final int DEACTIVATION = 5;
    /** Unavailable here (bondctl's code): NetworkManager runs, or the request is outside what bondctl nmcli does. */
    static final int UNAVAILABLE = 6;
    /** Connection, device or access point does not exist. */
    static final int NOT_FOUND = 10;

    final int exit;

    NmcliException(int exit, String message) {
        super(message);
        this.exit = exit;
    }

    /**
     * A value nmcli takes but NetworkManager refuses to save ("ipv4.dns: 1. DNS server address
     * is invalid"): {@code connection add} and {@code modify} say it as NM's refusal, with its exit.
     */
    static final class Unsaved extends RuntimeException {
        Unsaved(String message) {
            super(message);
        }
    }
}
