package org.bondctl.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.bondctl.error.BondctlException;
import org.bondctl.error.Faults;

/**
 * A file only root reads (profiles hold secrets NetworkManager guards the same way: 0600,
 * root-owned), replaced atomically: written to a temporary file in the same directory, synced,
 * renamed over the target, the directory synced. A crash leaves the old file or the new one;
 * the temporary file of a crashed run is removed by the next ({@link Debris}).
 */
public final class PrivateFile {
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");
    /** Directories bondctl creates: as NetworkManager's packages make them, whatever the umask. */
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    private PrivateFile() {}

    /** Replaces {@code target} with {@code content}, mode 0600, owned by root when run as root. */
    public static void write(Path target, byte[] content) {
        write(target, content, PRIVATE);
    }

    /**
     * Replaces a system file that everyone reads (/etc/hostname) with {@code content}, the same
     * way, mode 0644 (as NetworkManager's g_file_set_contents() leaves it, whatever it was).
     */
    public static void writeReadable(Path target, byte[] content) {
        write(target, content, READABLE);
    }

    /** {@link #writeReadable}, or removes the file when {@code content} is null. */
    public static void restoreReadable(Path f, byte[] content) {
        if (content == null) {
            delete(f);
        } else {
            writeReadable(f, content);
        }
    }

    private static void write(Path target, byte[] content, Set<PosixFilePermission> mode) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            createDirectories(dir);
            Debris.clean(dir);
            tmp = Debris.tempFor(target, Long.toString(System.nanoTime(), 36));
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PRIVATE));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                    LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                Faults.write();
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, mode); // the umask may have taken bits from createFile's
            if (Privilege.euid() == 0) {
                Files.setAttribute(tmp, "unix:uid", 0);
                Files.setAttribute(tmp, "unix:gid", 0);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.FILE, "write " + target + ": " + reason(e));
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the target was not replaced; the next run removes the debris
                }
            }
        }
    }

    /** Removes {@code f} (no file: nothing to do), durably. */
    public static void delete(Path f) {
        try {
            if (Files.deleteIfExists(f)) {
                syncDirectory(f.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.FILE, "delete " + f + ": " + reason(e));
        }
    }

    /** The file's bytes, or null when there is no file (what an undo puts back). */
    public static byte[] read(Path f) {
        try {
            return Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(f) : null;
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.FILE, "read " + f + ": " + reason(e));
        }
    }

    /** Puts a file back as it was: {@code content}, or no file at all when null. */
    public static void restore(Path f, byte[] content) {
        if (content == null) {
            delete(f);
        } else {
            write(f, content);
        }
    }

    /** Like Files.createDirectories, but each directory made is 0755 whatever the umask. */
    static void createDirectories(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            Files.createDirectory(p);
            Files.setPosixFilePermissions(p, DIRECTORY);
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** The reason of an I/O failure, in words ("Not a directory"), with the path it concerns. */
    static String reason(IOException e) {
        String cls = e.getClass().getSimpleName().replace("Exception", "");
        String m = e.getMessage();
        return switch (cls) {
            case "NoSuchFile" -> "no such file or directory (" + m + ")";
            case "AccessDenied" -> "permission denied (" + m + ")";
            case "NotDirectory" -> "not a directory (" + m + ")";
            case "FileAlreadyExists" -> "exists already (" + m + ")";
            case "FileSystem" -> m;
            default -> m == null ? cls : cls.equals("IO") ? m : cls + ": " + m;
        };
    }
}
