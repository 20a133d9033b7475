package org.bondctl.plan;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bondctl.error.BondctlException;

/**
 * One change at a time: every bondctl that changes the network holds an exclusive lock on
 * STATE/lock from its checks to its last step, so two commands cannot both see a port free and
 * both enslave it (the kernel moves a port between bonds without a word). A second change waits
 * for the first, up to a minute. The lock goes with the process, however it ends.
 */
public final class ChangeLock {
    private static final long WAIT_MS = 60_000;
    private static FileChannel channel;
    private static FileLock lock;

    private ChangeLock() {}

    /** Takes the lock (again: a no-op) or fails after a minute naming what holds it. */
    public static synchronized void acquire(Path dir, java.util.function.Consumer<String> notices) {
        if (lock != null && lock.isValid()) {
            return;
        }
        Path f = Journal.ensureDir(dir).resolve("lock");
        try {
            channel = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long end = System.currentTimeMillis() + WAIT_MS;
            boolean told = false;
            while ((lock = tryLock()) == null) {
                if (System.currentTimeMillis() > end) {
                    throw BondctlException.conflict("another bondctl has been changing the network for a minute (" + f
                            + " is locked); try again when it is done");
                }
                if (!told) {
                    notices.accept("waiting for another bondctl change to finish");
                    told = true;
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.FILE, "lock " + f + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BondctlException.conflict("interrupted while waiting for another bondctl change");
        }
    }

    private static FileLock tryLock() throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** Gives the lock up (end of a command). */
    public static synchronized void release() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // the process ends soon; the kernel drops the lock with the file
        }
        lock = null;
        channel = null;
    }
}
