package org.bondctl.rtnl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** {@link NeedsRoot}'s check: the capabilities from /proc/self/status, not the user name. */
public final class RootCondition implements ExecutionCondition {
    /** include/uapi/linux/capability.h */
    private static final int CAP_SETPCAP = 8;
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;
    /** The reason Surefire shows for a skipped test, and what scripts/test.sh looks for. */
    public static final String REASON = "needs root on the host (CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_SETPCAP):"
            + " it creates network namespaces or drops capabilities; run the tests as root (CI does)";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String status = status();
        long caps = Long.parseUnsignedLong(field(status, "CapEff:"), 16);
        long need = 1L << CAP_SETPCAP | 1L << CAP_NET_ADMIN | 1L << CAP_SYS_ADMIN;
        if ((caps & need) == need) {
            return ConditionEvaluationResult.enabled("has CAP_SYS_ADMIN, CAP_NET_ADMIN and CAP_SETPCAP");
        }
        boolean uid0 = field(status, "Uid:").split("\\s+")[1].equals("0");
        if (uid0 || "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException((uid0 ? "running as uid 0" : "running in CI") + " without the capabilities"
                    + " these tests need (CapEff " + Long.toHexString(caps) + "): refusing to skip; " + REASON);
        }
        return ConditionEvaluationResult.disabled(REASON);
    }

    private static String status() {
        try {
            return Files.readString(Path.of("/proc/self/status"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status", e);
        }
    }

    private static String field(String status, String name) {
        return status.lines().filter(l -> l.startsWith(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + " in /proc/self/status"))
                .substring(name.length()).strip();
    }
}
