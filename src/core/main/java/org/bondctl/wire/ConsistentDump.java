package org.bondctl.wire;

/**
 * The one retry policy of every dump: a dump the kernel flags inconsistent (NLM_F_DUMP_INTR,
 * set by netlink_dump_check_consistent() when the table changed while it was being read) is
 * built and read again from the start, up to {@value #ATTEMPTS} times.
 */
public final class ConsistentDump {
    static final int ATTEMPTS = 5;

    private ConsistentDump() {}

    /**
     * Sends the dump request {@code build} writes into {@code req} and hands every message to
     * {@code handler}; {@code build} runs before each attempt and must also drop what the
     * handler collected from an earlier one. Throws {@link NetlinkSocket.DumpInterruptedException}
     * when every attempt was inconsistent.
     */
    public static void request(NetlinkSocket socket, MessageBuilder req, Runnable build, String op,
            NetlinkSocket.Handler handler) {
        for (int attempt = 1; ; attempt++) {
            build.run();
            try {
                socket.request(req, op, handler);
                return;
            } catch (NetlinkSocket.DumpInterruptedException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
