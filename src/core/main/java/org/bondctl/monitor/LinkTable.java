package org.bondctl.monitor;

import org.bondctl.bond.options.Resolver;
import org.bondctl.error.BondctlException;

/**
 * Link states by ifindex: an open-addressing table of ints (no boxing on lookup) plus a dense
 * array for iteration. Event thread only.
 */
final class LinkTable implements Resolver {
    private int[] keys = new int[64];
    private LinkState[] vals = new LinkState[64];
    private LinkState[] dense = new LinkState[32];
    private int size;

    LinkState get(int index) {
        int mask = keys.length - 1;
        for (int i = mix(index) & mask; ; i = (i + 1) & mask) {
            if (vals[i] == null) {
                return null;
            }
            if (keys[i] == index) {
                return vals[i];
            }
        }
    }

    LinkState add(int index) {
        if ((size + 1) * 2 > keys.length) {
            rehash(keys.length * 2);
        }
        LinkState s = new LinkState(index);
        put(index, s);
        if (size == dense.length) {
            dense = java.util.Arrays.copyOf(dense, size * 2);
        }
        dense[size++] = s;
        return s;
    }

    void remove(int index) {
        LinkState s = get(index);
        if (s == null) {
            return;
        }
        for (int i = 0; i < size; i++) {
            if (dense[i] == s) {
                dense[i] = dense[--size];
                dense[size] = null;
                break;
            }
        }
        rehash(keys.length);
    }

    int size() {
        return size;
    }

    LinkState at(int i) {
        return dense[i];
    }

    private void put(int index, LinkState s) {
        int mask = keys.length - 1;
        int i = mix(index) & mask;
        while (vals[i] != null && keys[i] != index) {
            i = (i + 1) & mask;
        }
        keys[i] = index;
        vals[i] = s;
    }

    private void rehash(int capacity) {
        keys = new int[capacity];
        vals = new LinkState[capacity];
        for (int i = 0; i < size; i++) {
            put(dense[i].index, dense[i]);
        }
    }

    private static int mix(int x) {
        x *= 0x9E3779B1;
        return x ^ (x >>> 16);
    }

    /** Name of an ifindex, null when unknown or 0. */
    @Override
    public String ifname(int ifindex) {
        if (ifindex == 0) {
            return null;
        }
        LinkState s = get(ifindex);
        return s == null ? null : s.name;
    }

    @Override
    public int ifindex(String ifname) {
        LinkState s = find(ifname);
        if (s == null) {
            throw BondctlException.notFound("interface " + ifname + ": no such interface");
        }
        return s.index;
    }

    /** The link of this name, or null. */
    LinkState find(String ifname) {
        for (int i = 0; i < size; i++) {
            if (dense[i].name.equals(ifname)) {
                return dense[i];
            }
        }
        return null;
    }
}
