package org.bondctl.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.bondctl.error.BondctlException;

/**
 * A path below a root directory (--root DIR, an image being built), resolved as the kernel's
 * openat2(RESOLVE_IN_ROOT) would: component by component, a symbolic link followed inside the
 * root (an absolute target starts again at the root, ".." stops at it), so that nothing written
 * "below DIR" lands outside it - whatever links the tree holds.
 */
public final class RootPath {
    private static final int MAX_LINKS = 40; // MAXSYMLINKS

    private RootPath() {}

    /** {@code relative} below {@code root}, with every symbolic link resolved inside the root. */
    public static Path resolve(Path root, String relative) {
        Path base;
        try {
            base = root.toAbsolutePath().normalize();
            if (Files.isDirectory(base)) {
                base = base.toRealPath();
            }
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.FILE, "root " + root + ": " + e.getMessage());
        }
        Deque<String> todo = new ArrayDeque<>();
        split(relative, todo, false);
        Path cur = base;
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                cur = cur.equals(base) ? base : cur.getParent();
                continue;
            }
            Path next = cur.resolve(c);
            if (Files.isSymbolicLink(next)) {
                if (++links > MAX_LINKS) {
                    throw new BondctlException(BondctlException.Kind.FILE, "below " + root + ": too many symbolic links in "
                            + relative);
                }
                String target;
                try {
                    target = Files.readSymbolicLink(next).toString();
                } catch (IOException e) {
                    throw new BondctlException(BondctlException.Kind.FILE, "read link " + next + ": " + e.getMessage());
                }
                if (target.startsWith("/")) {
                    cur = base; // an absolute link means the root's own tree, not the host's
                }
                split(target, todo, true);
                continue;
            }
            cur = next;
        }
        if (!cur.startsWith(base)) {
            throw new IllegalStateException(cur + " is not below " + base);
        }
        return cur;
    }

    private static void split(String path, Deque<String> todo, boolean front) {
        String[] parts = path.split("/");
        if (front) {
            for (int i = parts.length - 1; i >= 0; i--) {
                todo.addFirst(parts[i]);
            }
        } else {
            for (String p : parts) {
                todo.addLast(p);
            }
        }
    }

    /** Whether {@code p} is a regular file, not through a symbolic link. */
    public static boolean isPlainFile(Path p) {
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
    }
}
