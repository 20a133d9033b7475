package org.bondctl.bridge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The VLANs of one device of a VLAN-filtering bridge, as the kernel keeps them (one entry per
 * VLAN id, with its PVID and untagged flags): a bridge port's, or the bridge's own (the VLANs
 * the bridge device itself takes part in, {@code bridge vlan ... self}). Immutable. Written as
 * NetworkManager writes a list ("1 pvid untagged,100-102"), runs of ids with the same flags as
 * ranges.
 */
public final class VlanTable {
    /** struct bridge_vlan_info flags (linux/if_bridge.h). */
    public static final int FLAG_PVID = 1 << 1;
    public static final int FLAG_UNTAGGED = 1 << 2;
    public static final int FLAG_RANGE_BEGIN = 1 << 3;
    public static final int FLAG_RANGE_END = 1 << 4;

    private static final byte MEMBER = 1;
    private static final byte PVID = 2;
    private static final byte UNTAGGED = 4;

    public static final VlanTable EMPTY = new VlanTable(new byte[BridgeVlan.VID_MAX + 1]);

    /** Per VLAN id: MEMBER | PVID | UNTAGGED, 0 for none. */
    private final byte[] vids;

    private VlanTable(byte[] vids) {
        this.vids = vids;
    }

    /** The table a list of entries makes (later entries' flags over earlier ones, one PVID at most: the last). */
    public static VlanTable of(List<BridgeVlan> list) {
        Builder b = new Builder();
        list.forEach(b::add);
        return b.build();
    }

    /**
     * What NetworkManager makes of a VLAN-filtering bridge's device: the bridge's default PVID
     * (untagged; the PVID unless {@code list} names another), then {@code list} over it. NM sets
     * the default PVID first, so the kernel gives every device that VLAN, and then adds the
     * profile's VLANs, whose flags replace the default's on the same id (NM's
     * merge_bridge_vlan_default_pvid() says the same for a port's reapply). A default PVID of 0
     * gives no VLAN.
     */
    public static VlanTable withDefaultPvid(int defaultPvid, List<BridgeVlan> list) {
        Builder b = new Builder();
        if (defaultPvid > 0) {
            b.add(new BridgeVlan(defaultPvid, defaultPvid, true, true));
        }
        list.forEach(b::add);
        return b.build();
    }

    /** Builds a table entry by entry, as the kernel applies VLAN adds. */
    public static final class Builder {
        private final byte[] vids = new byte[BridgeVlan.VID_MAX + 1];

        /** As the kernel adds it: the flags of an id already there replaced, a new PVID taking over from the old. */
        public Builder add(BridgeVlan v) {
            if (v.pvid()) {
                for (int i = 0; i < vids.length; i++) {
                    vids[i] &= ~PVID;
                }
            }
            for (int id = v.start(); id <= v.end(); id++) {
                vids[id] = bits(v.pvid(), v.untagged());
            }
            return this;
        }

        /** One entry as the kernel reports it: struct bridge_vlan_info's flags and id. */
        public Builder add(int flags, int vid) {
            if (vid >= BridgeVlan.VID_MIN && vid <= BridgeVlan.VID_MAX) {
                vids[vid] = bits((flags & FLAG_PVID) != 0, (flags & FLAG_UNTAGGED) != 0);
            }
            return this;
        }

        /** Ids {@code from}-{@code to} with the same flags (a compressed dump's range). */
        public Builder addRange(int flags, int from, int to) {
            for (int id = from; id <= to; id++) {
                add(flags, id);
            }
            return this;
        }

        public VlanTable build() {
            return new VlanTable(vids.clone());
        }
    }

    private static byte bits(boolean pvid, boolean untagged) {
        return (byte) (MEMBER | (pvid ? PVID : 0) | (untagged ? UNTAGGED : 0));
    }

    /** The entries: runs of consecutive ids with the same flags as one range, the PVID alone. */
    public List<BridgeVlan> entries() {
        List<BridgeVlan> out = new ArrayList<>();
        int id = BridgeVlan.VID_MIN;
        while (id <= BridgeVlan.VID_MAX) {
            byte f = vids[id];
            if (f == 0) {
                id++;
                continue;
            }
            int end = id;
            if ((f & PVID) == 0) {
                while (end + 1 <= BridgeVlan.VID_MAX && vids[end + 1] == f) {
                    end++;
                }
            }
            out.add(new BridgeVlan(id, end, (f & PVID) != 0, (f & UNTAGGED) != 0));
            id = end + 1;
        }
        return out;
    }

    /** The entries of this table that {@code other} lacks or has with other flags: what to add to it to make this. */
    public List<BridgeVlan> notIn(VlanTable other) {
        Builder b = new Builder();
        for (int id = BridgeVlan.VID_MIN; id <= BridgeVlan.VID_MAX; id++) {
            if (vids[id] != 0 && vids[id] != other.vids[id]) {
                b.vids[id] = vids[id];
            }
        }
        return b.build().entries();
    }

    /** The ids this table has and {@code want} has not, as ranges without flags: what to delete to make {@code want}. */
    public List<BridgeVlan> missingFrom(VlanTable want) {
        Builder b = new Builder();
        for (int id = BridgeVlan.VID_MIN; id <= BridgeVlan.VID_MAX; id++) {
            if (vids[id] != 0 && want.vids[id] == 0) {
                b.vids[id] = MEMBER;
            }
        }
        return b.build().entries();
    }

    /** Every bridge's and bridge port's table in the namespace of {@code rtnl}: interface index to its VLANs. */
    public static java.util.Map<Integer, VlanTable> read(org.bondctl.rtnl.Rtnetlink rtnl) {
        java.util.Map<Integer, VlanTable> out = new java.util.HashMap<>();
        rtnl.bridgeVlanEntries().forEach((index, entries) -> out.put(index, fromEntries(entries)));
        return out;
    }

    /** A table from the kernel's entries ({@code flags << 16 | vid}; a RANGE_BEGIN entry and a RANGE_END one for a run). */
    public static VlanTable fromEntries(int[] entries) {
        Builder b = new Builder();
        int rangeFrom = -1;
        for (int e : entries) {
            int flags = e >>> 16;
            int vid = e & 0xffff;
            if ((flags & FLAG_RANGE_BEGIN) != 0) {
                rangeFrom = vid;
            } else if ((flags & FLAG_RANGE_END) != 0 && rangeFrom > 0) {
                b.addRange(flags, rangeFrom, vid);
                rangeFrom = -1;
            } else {
                b.add(flags, vid);
            }
        }
        return b.build();
    }

    /** The kernel's entries for {@code list}: one per single id, a RANGE_BEGIN and a RANGE_END entry per range. */
    public static int[] toEntries(List<BridgeVlan> list) {
        int[] out = new int[list.size() * 2];
        int n = 0;
        for (BridgeVlan v : list) {
            int flags = (v.pvid() ? FLAG_PVID : 0) | (v.untagged() ? FLAG_UNTAGGED : 0);
            if (v.start() == v.end()) {
                out[n++] = flags << 16 | v.start();
            } else {
                out[n++] = (flags | FLAG_RANGE_BEGIN) << 16 | v.start();
                out[n++] = (flags | FLAG_RANGE_END) << 16 | v.end();
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The table written as {@link #toString}, back ("" is the empty table). */
    public static VlanTable parse(String text) {
        return of(BridgeVlan.parseList("bridge VLANs", text));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VlanTable t && Arrays.equals(vids, t.vids);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(vids);
    }

    /** "1 pvid untagged,100-102": NetworkManager's list form, "" for none. */
    @Override
    public String toString() {
        return BridgeVlan.format(entries(), ",");
    }
}
