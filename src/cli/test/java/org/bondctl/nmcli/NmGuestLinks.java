package org.bondctl.nmcli;

import java.util.List;
import org.bondctl.rtnl.Rtnetlink;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A side-by-side test's kernel in the NM guest: the guest's NICs (ens192, ens224) made before the
 * class, and the links the test's profiles make, removed before each side ({@link #removeMade})
 * and after the class. Registered as a static field: {@code @RegisterExtension static final
 * NmGuestLinks guest = new NmGuestLinks("bond72.100", "bond72")}.
 */
final class NmGuestLinks implements BeforeAllCallback, AfterAllCallback {
    private final List<String> made;
    private Rtnetlink rtnl;

    /** {@code made}: the links the profiles make, VLANs before their parents. */
    NmGuestLinks(String... made) {
        this.made = List.of(made);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        rtnl = org.bondctl.profile.NmCompatTestAccess.nmGuestWithNics();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (rtnl != null) {
            removeMade();
            rtnl.close();
        }
    }

    Rtnetlink rtnl() {
        return rtnl;
    }

    /**
     * What NetworkManager, stopped right after deleting its profiles, left (and what the test
     * made): the links, and the routing rules its profiles made (proto static; seen left).
     */
    void removeMade() {
        for (String n : made) {
            rtnl.link(n).ifPresent(rtnl::deleteLink);
        }
        for (org.bondctl.rtnl.RoutingRule r : rtnl.rules()) {
            if (r.protocol() == org.bondctl.rtnl.Rtnl.RTPROT_STATIC) {
                rtnl.deleteRule(r, "test: a rule left by the side before");
            }
        }
        for (org.bondctl.rtnl.Route r : rtnl.typedRoutes()) {
            if (r.protocol() == org.bondctl.rtnl.Rtnl.RTPROT_STATIC) {
                rtnl.deleteRoute(r.withOif(0), "test: a typed route left by the side before");
            }
        }
    }
}
