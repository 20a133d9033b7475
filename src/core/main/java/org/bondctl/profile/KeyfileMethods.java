package org.bondctl.profile;

import java.util.List;

/** The ipv4 and ipv6 methods NetworkManager 1.42 knows (nm-setting-ip4-config.c, nm-setting-ip6-config.c). */
public final class KeyfileMethods {
    public static final List<String> V4 = List.of("auto", "manual", "disabled", "link-local", "shared");
    public static final List<String> V6 = List.of("auto", "dhcp", "manual", "ignore", "disabled", "link-local", "shared");

    private KeyfileMethods() {}
}
