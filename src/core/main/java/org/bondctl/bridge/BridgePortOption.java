package org.bondctl.bridge;

/**
 * The bridge port options bondctl manages: IFLA_BRPORT_* attribute, width, the kernel's name
 * ({@code ip -d link}: "priority", "cost", "hairpin") and NetworkManager's bridge-port property
 * with its range and default. NM sets all three on every port it activates (seen in NM 1.42: a
 * bond as bridge port gets cost 100, where the kernel would derive one from its speed).
 */
public enum BridgePortOption implements WireOption {
    PRIORITY("priority", "priority", 2, 2, 0, 63, 32),
    // NM takes 0, which the kernel refuses (br_stp_set_path_cost(): 1 at least); bondctl refuses it up front
    PATH_COST("cost", "path-cost", 3, 4, 1, 65535, 100),
    HAIRPIN("hairpin", "hairpin-mode", 4, 1, 0, 1, 0);

    private final String kernelName;
    private final String nmName;
    private final int attr;
    private final int width;
    private final long nmMin;
    private final long nmMax;
    private final long nmDefault;

    BridgePortOption(String kernelName, String nmName, int attr, int width, long nmMin, long nmMax, long nmDefault) {
        this.kernelName = kernelName;
        this.nmName = nmName;
        this.attr = attr;
        this.width = width;
        this.nmMin = nmMin;
        this.nmMax = nmMax;
        this.nmDefault = nmDefault;
    }

    @Override
    public String kernelName() {
        return kernelName;
    }

    @Override
    public String nmName() {
        return nmName;
    }

    @Override
    public int attr() {
        return attr;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public boolean isBoolean() {
        return this == HAIRPIN;
    }

    @Override
    public long nmDefault() {
        return nmDefault;
    }

    /** A NetworkManager value as the kernel's, checked against NM's range; errors name the property. */
    @Override
    public long fromNm(String value) {
        return isBoolean() ? NmValue.bool("bridge-port." + nmName, value)
                : NmValue.number("bridge-port." + nmName, value, nmMin, nmMax);
    }

    @Override
    public String toNm(long v) {
        return isBoolean() ? (v != 0 ? "true" : "false") : Long.toString(v);
    }

    public static BridgePortOption byNmName(String name) {
        return WireOption.find(values(), BridgePortOption::nmName, name);
    }

    public static BridgePortOption byKernelName(String name) {
        return WireOption.find(values(), BridgePortOption::kernelName, name);
    }
}
