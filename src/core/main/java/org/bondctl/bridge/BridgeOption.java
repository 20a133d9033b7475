package org.bondctl.bridge;

/**
 * The bridge options bondctl manages: the IFLA_BR_* attribute, its width, the kernel's name for
 * it (as {@code ip -d link} shows it), and NetworkManager's property (bridge.*) with its unit,
 * range and default. Values are kept in the kernel's units: times in hundredths of a second
 * (clock_t, USER_HZ 100), as the kernel takes and reports them; NetworkManager's are in
 * seconds ({@link #nmScale}). NM applies every one of them to a bridge it activates, its
 * default where the profile leaves one out (seen in NM 1.42: stp on, forward_delay 1500).
 */
public enum BridgeOption implements WireOption {
    // in the order br_changelink() applies them: the times before stp_state, which checks them
    FORWARD_DELAY("forward_delay", "forward-delay", 1, 4, 100, 2, 30, 15),
    HELLO_TIME("hello_time", "hello-time", 2, 4, 100, 1, 10, 2),
    MAX_AGE("max_age", "max-age", 3, 4, 100, 6, 40, 20),
    AGEING_TIME("ageing_time", "ageing-time", 4, 4, 100, 0, 1_000_000, 300),
    STP("stp_state", "stp", 5, 4, 1, 0, 1, 1),
    PRIORITY("priority", "priority", 6, 2, 1, 0, 65535, 32768),
    GROUP_FORWARD_MASK("group_fwd_mask", "group-forward-mask", 9, 2, 1, 0, 65535, 0),
    MULTICAST_SNOOPING("mcast_snooping", "multicast-snooping", 23, 1, 1, 0, 1, 1),
    // over netlink, br_changelink() sets the default PVID whether filtering is on or not (only the
    // sysfs file refuses it while filtering is on, EPERM; NM's off-PVID-on dance is for that)
    VLAN_FILTERING("vlan_filtering", "vlan-filtering", 7, 1, 1, 0, 1, 0),
    VLAN_DEFAULT_PVID("vlan_default_pvid", "vlan-default-pvid", 39, 2, 1, 0, 4094, 1);

    private final String kernelName;
    private final String nmName;
    private final int attr;
    private final int width;
    private final int nmScale;
    private final long nmMin;
    private final long nmMax;
    private final long nmDefault;

    BridgeOption(String kernelName, String nmName, int attr, int width, int nmScale, long nmMin, long nmMax, long nmDefault) {
        this.kernelName = kernelName;
        this.nmName = nmName;
        this.attr = attr;
        this.width = width;
        this.nmScale = nmScale;
        this.nmMin = nmMin;
        this.nmMax = nmMax;
        this.nmDefault = nmDefault;
    }

    /** The name {@code ip -d link} prints ("forward_delay"). */
    @Override
    public String kernelName() {
        return kernelName;
    }

    /** NetworkManager's property in the bridge setting ("forward-delay"). */
    @Override
    public String nmName() {
        return nmName;
    }

    /** IFLA_BR_*. */
    @Override
    public int attr() {
        return attr;
    }

    /** Bytes on the wire: 1, 2 or 4. */
    @Override
    public int width() {
        return width;
    }

    @Override
    public boolean isBoolean() {
        return this == STP || this == MULTICAST_SNOOPING || this == VLAN_FILTERING;
    }

    /** Kernel units per NetworkManager unit (100 for the times, given in seconds). */
    public int nmScale() {
        return nmScale;
    }

    @Override
    public long nmDefault() {
        return nmDefault * nmScale;
    }

    /**
     * A NetworkManager value ("15", "yes", "true") as the kernel's, checked against NM's range
     * (nm-setting-bridge.c); an error names the property and the reason.
     */
    @Override
    public long fromNm(String value) {
        // the property's range; the ranges STP needs are checked with the whole profile (Bridges.verify)
        return isBoolean() ? NmValue.bool("bridge." + nmName, value)
                : NmValue.number("bridge." + nmName, value, 0, nmMax) * nmScale;
    }

    /** The smallest value NetworkManager's verify() takes (in its units; see {@link Bridges#verify}). */
    long nmMin() {
        return nmMin;
    }

    /** The largest value NetworkManager takes, in its units. */
    long nmMax() {
        return nmMax;
    }

    @Override
    public String toNm(long kernel) {
        if (isBoolean()) {
            return kernel != 0 ? "true" : "false";
        }
        return Long.toString(kernel / nmScale);
    }

    public static BridgeOption byNmName(String name) {
        return WireOption.find(values(), BridgeOption::nmName, name);
    }

    public static BridgeOption byKernelName(String name) {
        return WireOption.find(values(), BridgeOption::kernelName, name);
    }
}
