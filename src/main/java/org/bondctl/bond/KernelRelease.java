package org.bondctl.bond;

/** The running kernel's release (uname -r), for output that changed between releases. */
final class KernelRelease {
    private KernelRelease() {}

    /** Whether the running kernel is at least major.minor ("6.1.176-foo" is 6.1). */
    static boolean atLeast(int major, int minor) {
        String[] p = System.getProperty("os.version", "0.0").split("[.-]");
        try {
            int ma = Integer.parseInt(p[0]);
            int mi = p.length > 1 ? Integer.parseInt(p[1]) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (NumberFormatException e) {
            return true; // an odd release string: assume a current kernel
        }
    }
}
