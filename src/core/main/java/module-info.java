/**
 * bondctl's library: Linux bonding over rtnetlink, with no nmcli, ip or sysfs. Start with
 * {@link org.bondctl.plan.Bonds} (create, change, enslave, release, delete and show bonds),
 * {@link org.bondctl.plan.Interfaces} (MTU, VLANs, addresses, routes) and
 * {@link org.bondctl.monitor.Monitor} (link and failover events); bond options are
 * {@link org.bondctl.bond.options.BondSettings} over the option table
 * {@link org.bondctl.bond.options.BondOption}. Every change is a checked
 * {@link org.bondctl.plan.Plan} run with one undo log; failures are
 * {@link org.bondctl.error.BondctlException}s whose kind says what went wrong.
 * <p>
 * Exported: the API and the layers under it a caller may use directly (rtnetlink requests,
 * netlink messages, profiles, DNS). Not exported: the JNA binding of the C shim
 * ({@code org.bondctl.shim}) and the file helpers ({@code org.bondctl.fs}).
 */
module org.bondctl.core {
    requires com.sun.jna;
    requires io.prometheus.metrics.core;
    requires io.prometheus.metrics.model;
    requires io.prometheus.metrics.exporter.httpserver;
    requires io.prometheus.metrics.instrumentation.jvm;

    exports org.bondctl.bond;
    exports org.bondctl.bond.options;
    exports org.bondctl.bridge;
    exports org.bondctl.dns;
    exports org.bondctl.error;
    exports org.bondctl.ethtool;
    exports org.bondctl.monitor;
    exports org.bondctl.plan;
    exports org.bondctl.profile;
    exports org.bondctl.rtnl;
    exports org.bondctl.wire;
}
