package org.bondctl.rtnl;

import java.util.HashMap;
import java.util.Map;

/**
 * One rtnetlink socket per network namespace for everything a thread does until the session
 * is closed: many commands in one process (a batch) share it instead of opening, binding and
 * closing one each. {@link Rtnetlink#open} returns the session's socket while one is open on
 * the calling thread, and {@link Rtnetlink#close} leaves it open for the next user. Sessions
 * do not nest; a session belongs to the thread that opened it.
 */
public final class Session implements AutoCloseable {
    /** The sockets of this thread's open session, by namespace ("" for the current one); null: none. */
    private static final ThreadLocal<Map<String, Rtnetlink>> SOCKETS = new ThreadLocal<>();

    private Session() {}

    /** Starts a session on this thread. */
    public static Session open() {
        if (SOCKETS.get() != null) {
            throw new IllegalStateException("a session is open already");
        }
        SOCKETS.set(new HashMap<>());
        return new Session();
    }

    /** The session's socket for {@code netns} (opened by {@code fresh} the first time), or null outside a session. */
    static Rtnetlink socket(String netns, java.util.function.Function<String, Rtnetlink> fresh) {
        Map<String, Rtnetlink> sockets = SOCKETS.get();
        return sockets == null ? null : sockets.computeIfAbsent(netns == null ? "" : netns, k -> fresh.apply(netns));
    }

    /** Closes the session's sockets. */
    @Override
    public void close() {
        Map<String, Rtnetlink> all = SOCKETS.get();
        SOCKETS.remove();
        if (all != null) {
            all.values().forEach(Rtnetlink::closeShared);
        }
    }
}
