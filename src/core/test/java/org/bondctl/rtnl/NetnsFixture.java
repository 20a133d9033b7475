package org.bondctl.rtnl;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh, uniquely named network namespace for one test, removed (with everything in it) on
 * close. Tests never touch the namespace they run in.
 */
public final class NetnsFixture implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    public final String name;

    public NetnsFixture() {
        name = "bondctl-t" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        Netns.create(name);
    }

    public Rtnetlink rtnl() {
        return Rtnetlink.open(name);
    }

    @Override
    public void close() {
        Netns.delete(name);
    }
}
