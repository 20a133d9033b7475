package org.bondctl.profile;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.bondctl.error.BondctlException;

/**
 * The state an apply is about to change, kept so it can be put back: the bonds that existed
 * (as exact profiles: options, ports, addresses, gateway), the bonds that did not (to delete),
 * the admin state of bonds and free ports, and resolv.conf's bytes. It is written to a
 * directory when a confirmation is pending, so that another process can restore it.
 */
public final class Snapshot {
    final List<Profile> profiles = new ArrayList<>();
    final Set<String> created = new LinkedHashSet<>();
    final Set<String> down = new LinkedHashSet<>();
    /** Ports that had no master before: name -> was up. */
    final Map<String, Boolean> freePorts = new LinkedHashMap<>();
    Path resolvConf;
    /** null when resolv.conf was not captured; empty array when it did not exist. */
    byte[] resolvContent;
    boolean resolvExisted;

    private static final String META = "snapshot.properties";

    /** Writes the snapshot into an empty directory (keyfiles plus snapshot.properties). */
    void save(Path dir) {
        for (Profile p : profiles) {
            ProfileStore.writeAtomically(dir.resolve(p.type().name().toLowerCase() + "-" + p.id() + KeyfileFormat.SUFFIX),
                    KeyfileFormat.INSTANCE.write(p).getBytes(StandardCharsets.UTF_8));
        }
        Properties m = new Properties();
        m.setProperty("created", String.join(" ", created));
        m.setProperty("down", String.join(" ", down));
        StringBuilder fp = new StringBuilder();
        freePorts.forEach((k, v) -> fp.append(fp.length() == 0 ? "" : " ").append(k).append('=').append(v ? "up" : "down"));
        m.setProperty("free-ports", fp.toString());
        if (resolvContent != null) {
            m.setProperty("resolv-conf", resolvConf.toString());
            m.setProperty("resolv-conf-existed", Boolean.toString(resolvExisted));
            m.setProperty("resolv-conf-content", Base64.getEncoder().encodeToString(resolvContent));
        }
        StringWriter w = new StringWriter();
        try {
            m.store(w, "bondctl apply: the state before the change");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ProfileStore.writeAtomically(dir.resolve(META), w.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Snapshot load(Path dir) {
        Snapshot s = new Snapshot();
        Properties m = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(META), StandardCharsets.UTF_8)) {
            m.load(r);
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.PERMISSION, "read snapshot " + dir + ": " + e.getMessage());
        }
        s.profiles.addAll(ProfileStore.load(List.of(dir)));
        words(m.getProperty("created")).forEach(s.created::add);
        words(m.getProperty("down")).forEach(s.down::add);
        for (String w : words(m.getProperty("free-ports"))) {
            int eq = w.indexOf('=');
            s.freePorts.put(w.substring(0, eq), w.endsWith("=up"));
        }
        if (m.getProperty("resolv-conf") != null) {
            s.resolvConf = Path.of(m.getProperty("resolv-conf"));
            s.resolvExisted = Boolean.parseBoolean(m.getProperty("resolv-conf-existed"));
            s.resolvContent = Base64.getDecoder().decode(m.getProperty("resolv-conf-content"));
        }
        return s;
    }

    private static List<String> words(String v) {
        return v == null || v.isBlank() ? List.of() : List.of(v.strip().split("\\s+"));
    }
}
