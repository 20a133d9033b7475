package org.bondctl.nmcli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bondctl.fs.PrivateFile;
import org.bondctl.plan.Journal;
import org.bondctl.plan.Step;

/**
 * What bondctl nmcli remembers about profiles between runs, as NetworkManager keeps it in
 * memory: one "UUID [VALUE]" a line in a file of the state directory (/run/bondctl, gone at
 * reboot as NM's runtime state is). Only for the system's own profiles.
 * <ul>
 * <li>{@link #blocked()}: the profiles whose autoconnect the administrator blocked by taking them
 * down ({@code connection down}, {@code device disconnect}), until their next {@code connection
 * up} or NM's restart;
 * <li>{@link #moved()}: bond and VLAN profiles whose interface-name changed while they were
 * active, with the device they are active on until their next activation ({@code connection up}
 * then renames that bond instead of making a second one beside it, or deletes that VLAN as it
 * makes the new one; {@code connection down} takes down that one);
 * <li>{@link #nics()}: the plain ethernet profile active on a NIC, and what the NIC had before,
 * for its deactivation;
 * <li>{@link #overruled()}: devices udev leaves unmanaged that an administrator's activation
 * ('device set IFNAME managed yes') made managed;
 * <li>{@link #unmanaged()}: devices 'device set IFNAME managed no' made unmanaged;
 * <li>{@link #autoconnectOff()}: devices 'device set IFNAME autoconnect no' keeps profiles from
 * autoconnecting on.
 * </ul>
 * The three device marks are "NAME IFINDEX" lines: a device made again (another index) is free of them.
 */
final class RuntimeMarks {
    private final Path file;
    private final Map<String, String> marks = new LinkedHashMap<>();
    /** The file's bytes when read (null: no file). */
    private final byte[] original;
    /** Changes stay in memory until {@link #step()} writes them as part of a change. */
    private boolean deferred;

    private RuntimeMarks(String name) {
        this.file = Journal.dir().resolve(name);
        byte[] b = PrivateFile.read(file);
        this.original = b;
        if (b != null) {
            new String(b, StandardCharsets.UTF_8).lines().map(l -> l.strip().split("\\s+", 2))
                    .filter(f -> !f[0].isEmpty()).forEach(f -> marks.put(f[0], f.length > 1 ? f[1] : ""));
        }
    }

    static RuntimeMarks blocked() {
        return new RuntimeMarks("nmcli-autoconnect-blocked");
    }

    static RuntimeMarks moved() {
        return new RuntimeMarks("nmcli-moved");
    }

    /**
     * NICs a plain ethernet profile is active on, by interface name: "UUID MTU MAC", the
     * profile and what the NIC had before its first activation, which NM gives back on
     * deactivation.
     */
    static RuntimeMarks nics() {
        return new RuntimeMarks("nmcli-nics");
    }

    /**
     * Devices udev marks unmanaged (NM_UNMANAGED=1) that a named activation took, by interface
     * name: "NAME IFINDEX". NetworkManager clears the device's udev-unmanaged flag on such an
     * activation and manages it from then on (seen in NM 1.42: after 'connection down' it is
     * "disconnected", no longer "unmanaged"); a device made again (another index) is udev's again.
     */
    static RuntimeMarks overruled() {
        return new RuntimeMarks("nmcli-managed");
    }

    /**
     * Devices an administrator made unmanaged ('device set IFNAME managed no'): NetworkManager
     * leaves what they have in place, lists no profile active on them and autoconnects nothing
     * there, until 'device set IFNAME managed yes' or an activation named on them (seen in NM 1.42).
     */
    static RuntimeMarks unmanaged() {
        return new RuntimeMarks("nmcli-unmanaged");
    }

    /**
     * Devices whose autoconnect an administrator switched off ('device set IFNAME autoconnect
     * no'): no profile autoconnects on them; a named activation still works (seen in NM 1.42).
     */
    static RuntimeMarks autoconnectOff() {
        return new RuntimeMarks("nmcli-device-autoconnect-off");
    }

    /** Whether the mark of {@code l} is there, for this very device (its index). */
    boolean holds(org.bondctl.rtnl.Link l) {
        return l != null && String.valueOf(l.index()).equals(marks.get(l.name()));
    }

    /** Marks the device {@code l} (by name, with its index) or clears its mark. */
    void set(org.bondctl.rtnl.Link l, boolean on) {
        if (on) {
            put(l.name(), String.valueOf(l.index()));
        } else {
            clear(l.name());
        }
    }

    /**
     * These marks, changed in memory only: {@link #step()} gives the write that keeps them, for
     * the change they record to run as its last step (a crash then leaves marks and kernel in step).
     */
    RuntimeMarks deferred() {
        deferred = true;
        return this;
    }

    /** The write that makes the file what the marks are now, with the inverse that puts it back (null: unchanged). */
    Step.WriteStateFile step() {
        return Step.WriteStateFile.ifChanged(file, bytes(), original);
    }

    boolean has(String uuid) {
        return marks.containsKey(uuid);
    }

    /** The profile's value (a moved bond's device), or null. */
    String get(String uuid) {
        return marks.get(uuid);
    }

    /** Marks the profile, keeping a value it has already (a second rename before the next up keeps the first device). */
    void mark(String uuid, String value) {
        if (marks.putIfAbsent(uuid, value) == null) {
            save();
        }
    }

    void mark(String uuid) {
        mark(uuid, "");
    }

    /** The first key whose value matches. */
    java.util.Optional<String> keyOf(java.util.function.Predicate<String> value) {
        return marks.entrySet().stream().filter(e -> value.test(e.getValue())).map(Map.Entry::getKey).findFirst();
    }

    /** Marks the profile with {@code value}, replacing one it has. */
    void put(String key, String value) {
        if (!value.equals(marks.put(key, value))) {
            save();
        }
    }

    /** {@link #mark(String)}, for chaining. */
    RuntimeMarks marked(String uuid) {
        mark(uuid);
        return this;
    }

    /** {@link #clear(String)}, for chaining. */
    RuntimeMarks cleared(String uuid) {
        clear(uuid);
        return this;
    }

    void clear(String uuid) {
        if (marks.remove(uuid) != null) {
            save();
        }
    }

    private void save() {
        if (!deferred) {
            PrivateFile.write(file, bytes());
        }
    }

    private byte[] bytes() {
        StringBuilder sb = new StringBuilder();
        marks.forEach((u, v) -> sb.append(u).append(v.isEmpty() ? "" : " " + v).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
