package org.bondctl.plan;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bondctl.error.BondctlException;
import org.bondctl.error.Faults;

/**
 * The write-ahead record of one change, so that no crash, {@code kill -9} or closed terminal
 * can leave the system between the old state and the new one. Before each step runs, its
 * inverse is written to a file in the state directory (/run/bondctl); when the
 * plan has run (or has been undone in-process), the file goes. A file whose process is gone
 * is an interrupted change: the next bondctl run puts the old state back from it
 * ({@link Recovery}). A change made with {@code --confirm-timeout} keeps its journal as
 * "pending" until {@code bondctl confirm}, or until its deadline rolls it back.
 * <p>
 * Every inverse is safe to run whether or not its step ran: steps that create something run
 * only after the planner (or the facade) saw it absent, and the others restore values.
 */
public final class Journal {
    static final String HEADER = "bondctl-journal 1";
    static final String CHANGE_PREFIX = "change-";
    static final String PENDING_PREFIX = "pending-";
    /** The directory that survives the caller's session; /run is the kernel's lifetime, as live changes are. */
    public static final Path DEFAULT_DIR = Path.of("/run/bondctl");
    /** A copy of pending changes that outlives /run being cleaned; read only for the same boot. */
    public static final Path PERSISTENT_DIR = Path.of("/var/lib/bondctl");

    /** Journals this process started: part of each one's name. */
    private static final AtomicLong SERIAL = new AtomicLong();

    private final Path file;
    private final FileChannel ch;

    private Journal(Path file, FileChannel ch) {
        this.file = file;
        this.ch = ch;
    }

    /**
     * The state directory: the system property {@code bondctl.state-dir}, else the environment
     * variable BONDCTL_STATE_DIR, else /run/bondctl.
     */
    public static Path dir() {
        String p = System.getProperty("bondctl.state-dir", System.getenv("BONDCTL_STATE_DIR"));
        return p == null || p.isEmpty() ? DEFAULT_DIR : Path.of(p);
    }

    /** Directories {@link #ensureDir} made private in this process: a batch starts hundreds of journals. */
    private static final java.util.Set<Path> ENSURED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Creates the state directory, private to root (0700 whatever the umask). */
    static Path ensureDir(Path dir) {
        if (ENSURED.contains(dir) && Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            ENSURED.add(dir);
            return dir;
        } catch (IOException | UnsupportedOperationException e) {
            throw new BondctlException(BondctlException.Kind.FILE, "state directory " + dir + ": " + e.getMessage()
                    + " (bondctl records every change there first, so that a crash cannot leave it half-made)");
        }
    }

    /** Starts the record of a change in network namespace {@code netns} (null: the current one). */
    static Journal start(Path dir, String netns, String what) {
        ensureDir(dir);
        // Unique within the boot without a random number (SecureRandom reads /dev/urandom on every
        // call; a batch starts a journal a line): pid, this process's start time, a counter.
        String start = startTime();
        Path f = dir.resolve(CHANGE_PREFIX + ProcessHandle.current().pid() + "-"
                + (start != null ? start : Long.toHexString(System.nanoTime())) + "-" + SERIAL.incrementAndGet());
        try {
            FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Journal j = new Journal(f, ch);
            j.append(HEADER + "\nboot " + bootId() + "\npid " + ProcessHandle.current().pid() + " " + startTime()
                    + "\nnetns " + (netns == null ? "-" : enc(netns)) + "\nwhat " + enc(what) + "\n");
            return j;
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.FILE, "write " + f + ": " + e.getMessage());
        }
    }

    /** Step {@code n} is about to run; these steps undo it. */
    void begin(int n, List<Step> inverse) {
        StringBuilder sb = new StringBuilder("begin ").append(n).append('\n');
        for (Step s : inverse) {
            sb.append("inverse ").append(StepCodec.encode(s)).append('\n');
        }
        append(sb.toString());
    }

    /**
     * The change is at its point of no return (a link is about to be deleted, which no inverse
     * makes again): these steps, from that one to the last, are what recovery runs to finish
     * it. Written whole before the step begins; a record cut before "forward-end" has none.
     */
    void forward(List<Step> rest) {
        StringBuilder sb = new StringBuilder();
        for (Step s : rest) {
            sb.append("forward ").append(StepCodec.encode(s)).append('\n');
        }
        append(sb.append("forward-end\n").toString());
    }

    private void append(String text) {
        try {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            Faults.write();
            // No fsync: what this must survive is the death of this process (a crash, kill -9,
            // a closed terminal), and a write is in the page cache for the next process the
            // moment it returns. What only an fsync survives, the machine going down, also
            // takes the kernel state the record is about: a record of another boot is dropped
            // unread (Recovery). Files that outlive a boot (profiles, resolv.conf) are synced.
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.FILE, "write " + file + ": " + e.getMessage());
        }
    }

    /** The change is over (made, or undone in-process): nothing to recover. */
    void finish() {
        close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.FILE, "remove " + file + ": " + e.getMessage());
        }
    }

    /**
     * The change is made and waits for {@code bondctl confirm} until {@code deadlineMillis}
     * (epoch): the record becomes "pending", with a copy under /var/lib/bondctl. Returns its id.
     */
    String keepPending(long deadlineMillis) {
        append("deadline " + deadlineMillis + "\n");
        close();
        String id = file.getFileName().toString().substring(CHANGE_PREFIX.length());
        Path pending = file.resolveSibling(PENDING_PREFIX + id);
        try {
            Files.move(file, pending, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.FILE, "keep " + pending + ": " + e.getMessage());
        }
        copyToPersistent(pending);
        return id;
    }

    private static void copyToPersistent(Path pending) {
        if (!pending.getParent().equals(DEFAULT_DIR)) {
            return; // a test's own state directory: nothing outside it is touched
        }
        try {
            ensureDir(PERSISTENT_DIR);
            Files.copy(pending, PERSISTENT_DIR.resolve(pending.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | BondctlException e) {
            // best effort: /run holds the record that counts
        }
    }

    void close() {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closed already, or the file system is gone: the record is what was flushed
        }
    }

    Path file() {
        return file;
    }

    // ------------------------------------------------------------------ reading

    /**
     * A journal as read back: who wrote it, and the inverses of the steps that began, in order;
     * {@code forward}: the steps that finish the change, null when it never reached a deletion.
     */
    record Record(Path file, String boot, long pid, String startTime, String netns, String what, List<List<Step>> begun,
            long deadline, List<Step> forward) {
        boolean pending() {
            return deadline > 0;
        }
    }

    static Record read(Path f) throws IOException {
        String boot = null;
        long pid = -1;
        String start = null;
        String netns = null;
        String what = "";
        long deadline = 0;
        List<List<Step>> begun = new ArrayList<>();
        List<Step> forwardSteps = new ArrayList<>();
        List<Step> forward = null;
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException("not a bondctl journal");
        }
        for (String l : lines.subList(1, lines.size())) {
            int sp = l.indexOf(' ');
            String key = sp < 0 ? l : l.substring(0, sp);
            String v = sp < 0 ? "" : l.substring(sp + 1);
            switch (key) {
                case "boot" -> boot = v;
                case "pid" -> {
                    String[] w = v.split(" ");
                    pid = Long.parseLong(w[0]);
                    start = w.length > 1 ? w[1] : null;
                }
                case "netns" -> netns = v.equals("-") ? null : dec(v);
                case "what" -> what = dec(v);
                case "begin" -> begun.add(new ArrayList<>());
                case "inverse" -> {
                    try {
                        begun.get(begun.size() - 1).addAll(StepCodec.decode(v));
                    } catch (RuntimeException e) {
                        // a line cut by the crash: that step's inverse is incomplete, the rest stands
                    }
                }
                case "forward" -> {
                    try {
                        forwardSteps.addAll(StepCodec.decode(v));
                    } catch (RuntimeException e) {
                        // a line cut by the crash: no "forward-end" follows, and the change is undone
                    }
                }
                case "forward-end" -> forward = forwardSteps;
                case "deadline" -> deadline = Long.parseLong(v);
                default -> { }
            }
        }
        return new Record(f, boot, pid, start, netns, what, begun, deadline, forward);
    }

    /** Whether the process that wrote the record is still running (same pid and start time). */
    static boolean alive(Record r) {
        return ProcessHandle.of(r.pid()).map(h -> h.isAlive() && (r.startTime() == null
                || r.startTime().equals(startTime(r.pid())))).orElse(false);
    }

    /** The kernel's boot id (/proc/sys/kernel/random/boot_id): journals from another boot are stale. */
    static String bootId() {
        String b = bootId;
        if (b == null) {
            try {
                b = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
            } catch (IOException e) {
                return "unknown";
            }
            bootId = b;
        }
        return b;
    }

    /** Read once a process: neither the boot nor this process's start time changes. */
    private static volatile String bootId;
    private static volatile String ownStartTime;

    /** This process's start time in clock ticks since boot (/proc/self/stat field 22): pids are reused. */
    static String startTime() {
        String s = ownStartTime;
        if (s == null) {
            s = startTime(ProcessHandle.current().pid());
            ownStartTime = s;
        }
        return s;
    }

    static String startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] w = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return w[19]; // field 22 is the 20th after "pid (comm)"
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static List<Path> files(Path dir, String prefix) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, prefix + "*")) {
            ds.forEach(out::add);
        } catch (IOException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
