package org.bondctl.rtnl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bondctl.error.BondctlException;
import org.bondctl.error.Errno;
import org.bondctl.shim.Shim;

/**
 * Named network namespaces under /run/netns, compatible with {@code ip netns}. Used by the lab
 * and the tests to build throwaway networks; bondctl's own operations only enter them.
 */
public final class Netns {
    public static final Path DIR = Path.of("/run/netns");

    private Netns() {}

    public static boolean exists(String name) {
        return Files.exists(DIR.resolve(name));
    }

    /** Equivalent to: {@code ip netns add NAME}. */
    public static void create(String name) {
        Path path = DIR.resolve(name);
        try {
            Files.createDirectories(DIR);
            Files.createFile(path);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw BondctlException.conflict("create network namespace " + name + ": it already exists");
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.PERMISSION,
                    "create network namespace " + name + ": " + e.getMessage());
        }
        int rc = Shim.bc_netns_create(path.toString());
        if (rc < 0) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // the namespace was not created; nothing else to undo
            }
            throw new BondctlException(rc == -Errno.EPERM ? BondctlException.Kind.PERMISSION : BondctlException.Kind.UNAVAILABLE,
                    "create network namespace " + name + ": " + Errno.describe(-rc));
        }
    }

    /** Equivalent to: {@code ip netns del NAME}. Links inside go with the namespace. */
    public static void delete(String name) {
        Path path = DIR.resolve(name);
        int rc = Shim.bc_netns_unbind(path.toString());
        if (rc < 0 && rc != -Errno.EINVAL && rc != -Errno.ENOENT) {
            throw new BondctlException(BondctlException.Kind.KERNEL,
                    "delete network namespace " + name + ": " + Errno.describe(-rc));
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.KERNEL,
                    "delete network namespace " + name + ": " + e.getMessage());
        }
    }
}
