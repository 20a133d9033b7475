package org.bondctl.profile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bondctl.error.BondctlException;
import org.bondctl.fs.PrivateFile;
import org.bondctl.plan.Transaction;

/**
 * The profile directories below a root ("/" on a live system, an image tree otherwise): which
 * format to write, reading every profile, and atomic, private writes.
 * <p>
 * Files are written the way NetworkManager insists on reading them: a regular file, mode 0600,
 * owned by root (nm_keyfile_utils_check_file_permissions(): "File permissions (100644) are
 * insecure"). The write goes to a temporary file in the same directory that is fsynced,
 * renamed over the target, and the directory fsynced: a crash leaves the old or the new
 * profile, never half of one. Nothing else in the directory is touched.
 */
public final class ProfileStore {
    /** NM reads profiles up to this size (nm_utils_file_get_contents() limit in the keyfile plugin). */
    static final long MAX_SIZE = 10L * 1024 * 1024;
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

    private final Path root;
    private final ProfileFormat format;

    public ProfileStore(Path root, ProfileFormat format) {
        this.root = root;
        this.format = format;
    }

    /** The store for writing: --format when given, else what {@link #detect} finds. */
    public static ProfileStore open(Path root, String format) {
        return new ProfileStore(root, format == null ? detect(root) : ProfileFormat.byName(format));
    }

    public Path root() {
        return root;
    }

    public ProfileFormat format() {
        return format;
    }

    public Path directory() {
        return format.directory(root);
    }

    /**
     * The format NetworkManager on this root writes new profiles in: the first of
     * {@code plugins=} in [main] of NetworkManager.conf and conf.d ({@link NmConf}: later files
     * win) that bondctl knows; else ifcfg-rh when only network-scripts has ifcfg files;
     * else keyfile (NM's built-in default since 1.0 on every distribution but RHEL 8).
     */
    public static ProfileFormat detect(Path root) {
        String plugins = NmConf.of(root).value("main", "plugins");
        if (plugins != null) {
            for (String p : plugins.split("[,;]")) {
                switch (p.strip()) {
                    case "keyfile":
                        return KeyfileFormat.INSTANCE;
                    case "ifcfg-rh":
                        return IfcfgFormat.INSTANCE;
                    default:
                        break;
                }
            }
        }
        boolean ifcfg = !profileFiles(IfcfgFormat.INSTANCE, IfcfgFormat.INSTANCE.directory(root)).isEmpty();
        boolean keyfile = !profileFiles(KeyfileFormat.INSTANCE, KeyfileFormat.INSTANCE.directory(root)).isEmpty();
        return ifcfg && !keyfile ? IfcfgFormat.INSTANCE : KeyfileFormat.INSTANCE;
    }

    private static List<Path> profileFiles(ProfileFormat f, Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (f.isProfileFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.FILE, "read " + dir + ": " + e.getMessage());
        }
        out.sort(null);
        return out;
    }

    // ------------------------------------------------------------------ read

    /**
     * Where NetworkManager keeps profiles in memory (nmcli's {@code --temporary}, {@code add save
     * no}): keyfiles in /run, gone at the next boot, each shadowing the persistent profile of its
     * UUID until then.
     */
    public static Path runDirectory(Path root) {
        return org.bondctl.fs.RootPath.resolve(root, "run/NetworkManager/system-connections");
    }

    /**
     * Where a distribution or an image ships profiles (NM's read-only keyfile directory): the
     * lowest priority, shadowed by a file of the same UUID in /etc or /run, never written; a
     * change goes to a new file in /etc, a delete leaves a tombstone there.
     */
    public static Path libDirectory(Path root) {
        return org.bondctl.fs.RootPath.resolve(root, "usr/lib/NetworkManager/system-connections");
    }

    /** Whether the profile is one of {@link #libDirectory}'s. */
    static boolean inLib(Path root, Profile p) {
        return p.file() != null && p.file().toAbsolutePath().normalize().startsWith(libDirectory(root));
    }

    /** NM's tombstone of a deleted profile: UUID.nmmeta, a symbolic link to /dev/null (nms-keyfile-utils.c). */
    private static final String TOMBSTONE = ".nmmeta";

    /** The UUIDs the tombstones in {@code dir} hide (lower-case). */
    static Set<String> tombstones(Path dir) {
        Set<String> out = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + TOMBSTONE)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                String uuid = n.substring(0, n.length() - TOMBSTONE.length());
                if (Files.isSymbolicLink(p) && Files.readSymbolicLink(p).toString().equals("/dev/null")
                        && Profile.isUuid(uuid)) {
                    out.add(uuid.toLowerCase(java.util.Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.FILE, "read " + dir + ": " + e.getMessage());
        }
        return out;
    }

    private static boolean hidden(Set<String> tombstones, Profile p) {
        return p.uuid() != null && tombstones.contains(p.uuid().toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether the profile is one kept in memory: its file is in {@link #runDirectory}. */
    public static boolean inMemory(Path root, Profile p) {
        return p.file() != null && p.file().toAbsolutePath().normalize().startsWith(runDirectory(root));
    }

    /** Every profile of both formats below the root (the system's profile directories and those kept in memory). */
    public static List<Profile> loadSystem(Path root) {
        return loadSystem(root, n -> { });
    }

    /**
     * Every profile of both formats below the root; files bondctl leaves alone (symbolic
     * links, other connection types that NM would refuse for their permissions) are skipped,
     * each with a note.
     */
    public static List<Profile> loadSystem(Path root, java.util.function.Consumer<String> notes) {
        return loadSystem(root, notes, e -> {
            throw e;
        });
    }

    /**
     * Every profile of both formats below the root, as NetworkManager loads a directory: a file
     * it would refuse (permissions other than root's alone, a value that cannot be read) is
     * left out and named, with the reason, to {@code rejected}, and the others load (NM logs
     * such a file and goes on; bondctl's {@code apply} refuses the whole set instead).
     */
    public static List<Profile> loadSystemAsNm(Path root, java.util.function.Consumer<String> rejected) {
        return loadSystem(root, n -> { }, e -> rejected.accept(e.getMessage()));
    }

    /** {@link #loadSystem(Path, java.util.function.Consumer)}, a file that cannot be read going to {@code refused}. */
    private static List<Profile> loadSystem(Path root, java.util.function.Consumer<String> notes,
            java.util.function.Consumer<BondctlException> refused) {
        if (!Files.isDirectory(root)) {
            throw BondctlException.notFound("--root " + root + ": no such directory");
        }
        List<Profile> out = new ArrayList<>();
        java.util.Map<String, Profile> inMemory = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<Profile> memoryOnly = new ArrayList<>();
        for (Path p : profileFiles(KeyfileFormat.INSTANCE, runDirectory(root))) {
            try {
                Profile read = readOrSkip(p, KeyfileFormat.INSTANCE, notes);
                if (read != null) {
                    memoryOnly.add(read);
                    if (read.uuid() != null) {
                        inMemory.putIfAbsent(read.uuid(), read);
                    }
                }
            } catch (BondctlException e) {
                refused.accept(e);
            }
        }
        // a tombstone hides the profile of its UUID in its own directory and below: /run's in /etc
        // and /usr/lib, /etc's in /etc and /usr/lib (seen in NM 1.42)
        Set<String> runTombs = tombstones(runDirectory(root));
        Set<String> etcTombs = new TreeSet<>(runTombs);
        etcTombs.addAll(tombstones(KeyfileFormat.INSTANCE.directory(root)));
        Set<String> persistent = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        List<Path> etc = new ArrayList<>();
        List<ProfileFormat> formats = new ArrayList<>();
        for (ProfileFormat f : List.of(KeyfileFormat.INSTANCE, IfcfgFormat.INSTANCE)) {
            for (Path p : profileFiles(f, f.directory(root))) {
                etc.add(p);
                formats.add(f);
            }
        }
        for (Path p : profileFiles(KeyfileFormat.INSTANCE, libDirectory(root))) {
            etc.add(p);
            formats.add(null); // the lowest priority: /usr/lib
        }
        for (int i = 0; i < etc.size(); i++) {
            boolean lib = formats.get(i) == null;
            ProfileFormat f = lib ? KeyfileFormat.INSTANCE : formats.get(i);
            try {
                Profile read = readOrSkip(etc.get(i), f, notes);
                Profile shadow = read == null || read.uuid() == null ? null : inMemory.get(read.uuid());
                if (shadow != null) {
                    if (memoryOnly.remove(shadow)) {
                        out.add(shadow); // the profile kept in memory shadows the file, as in NM, in its place
                    }
                } else if (read != null && !hidden(etcTombs, read) && !(lib && persistent.contains(read.uuid()))) {
                    out.add(read); // a file in /usr/lib is shadowed by /etc's of the same UUID
                    if (!lib && read.uuid() != null) {
                        persistent.add(read.uuid());
                    }
                }
            } catch (BondctlException e) {
                refused.accept(e);
            }
        }
        out.addAll(memoryOnly);
        // NetworkManager.conf's defaults for what a profile leaves at 0
        NmConf conf = NmConf.of(root);
        int dns4 = ProfileSet.int32OrZero(conf.connectionDefault("ipv4.dns-priority"));
        int dns6 = ProfileSet.int32OrZero(conf.connectionDefault("ipv6.dns-priority"));
        out.forEach(p -> p.dnsPriorityDefaults(dns4, dns6));
        return vlanNames(out);
    }

    /**
     * A profile of a directory listing, or null (with a note) for a file that is none of
     * bondctl's business: a symbolic link (NM's own plugins do not follow them either), or a
     * connection of another type whose permissions NM would refuse anyway.
     */
    private static Profile readOrSkip(Path p, ProfileFormat f, java.util.function.Consumer<String> notes) {
        if (Files.isSymbolicLink(p)) {
            notes.accept(p + ": a symbolic link, skipped");
            return null;
        }
        Profile profile = parse(p, f);
        if (profile.type() == Profile.Type.OTHER) {
            return profile; // never applied: its permissions are NM's concern
        }
        checkPermissions(p, f);
        return profile;
    }

    /**
     * Profiles from files and directories: a directory contributes the files either format
     * would read in it; a file is read as keyfile unless its name starts with "ifcfg-".
     */
    public static List<Profile> load(List<Path> paths) {
        List<Profile> out = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                for (ProfileFormat f : List.of(KeyfileFormat.INSTANCE, IfcfgFormat.INSTANCE)) {
                    for (Path p : profileFiles(f, path)) {
                        Profile read = readOrSkip(p, f, n -> { });
                        if (read != null) {
                            out.add(read);
                        }
                    }
                }
            } else if (Files.exists(path)) {
                out.add(read(path, formatOf(path)));
            } else {
                throw BondctlException.notFound(path + ": no such file or directory");
            }
        }
        return vlanNames(out);
    }

    /**
     * Profiles of this store's own directory and format, each in the place of the file of its
     * UUID replaced by the one kept in memory if there is one (that is the profile in force,
     * which a persistent change starts from: {@link #persist}), and the profiles only in memory.
     */
    public List<Profile> load() {
        List<Profile> out = new ArrayList<>();
        for (Path p : profileFiles(format, directory())) {
            Profile read = readOrSkip(p, format, n -> { });
            if (read != null) {
                out.add(read);
            }
        }
        List<Profile> memory = new ArrayList<>();
        for (Path p : profileFiles(KeyfileFormat.INSTANCE, runDirectory(root))) {
            Profile read = readOrSkip(p, KeyfileFormat.INSTANCE, n -> { });
            if (read != null) {
                memory.add(read);
            }
        }
        for (int i = 0; i < out.size(); i++) {
            String uuid = out.get(i).uuid();
            Profile m = memory.stream().filter(q -> uuid != null && uuid.equalsIgnoreCase(q.uuid())).findFirst().orElse(null);
            if (m != null) {
                out.set(i, m);
                memory.remove(m);
            }
        }
        out.addAll(memory);
        return vlanNames(out);
    }

    /**
     * VLAN profiles without interface-name (nmcli writes none for 'connection add type vlan dev
     * bond0 id 100'): the interface NetworkManager creates for them, its parent's name, a dot and
     * the id, the parent cut so that the name fits in 15 characters (nm_utils_new_vlan_name()).
     * A parent named by a profile's id or UUID is that profile's interface. Returns the list.
     */
    static List<Profile> vlanNames(List<Profile> profiles) {
        for (Profile v : profiles) {
            if (v.type() != Profile.Type.VLAN || v.ifname() != null || v.vlanParent() == null) {
                continue;
            }
            String parent = v.vlanParent();
            for (Profile p : profiles) {
                if (p != v && p.ifname() != null && (p.type() == Profile.Type.BOND || p.type() == Profile.Type.VLAN)
                        && (parent.equalsIgnoreCase(p.uuid()) || parent.equals(p.id()))) {
                    parent = p.ifname();
                    break;
                }
            }
            if (parent.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-.*")) {
                continue; // no profile has that uuid: ProfileSet says so
            }
            String id = "." + v.vlanId();
            v.deriveIfname(parent.substring(0, Math.min(parent.length(), 15 - id.length())) + id);
        }
        return profiles;
    }

    /** The format of a profile file by its name: ifcfg-rh for "ifcfg-*", else keyfile. */
    static ProfileFormat formatOf(Path file) {
        return file.getFileName().toString().startsWith(IfcfgFormat.PREFIX) ? IfcfgFormat.INSTANCE : KeyfileFormat.INSTANCE;
    }

    static Profile read(Path file, ProfileFormat f) {
        checkPermissions(file, f);
        return parse(file, f);
    }

    private static Profile parse(Path file, ProfileFormat f) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw BondctlException.invalid(file + ": larger than " + MAX_SIZE + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.FILE, "read " + file + ": " + e.getMessage());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw BondctlException.invalid(file + ": not UTF-8 text");
        }
        if (text.indexOf('\0') >= 0) {
            throw BondctlException.invalid(file + ": contains a NUL byte");
        }
        return f.read(file, text);
    }

    /**
     * NM's rule for keyfiles (nm_keyfile_utils_check_file_permissions()): a regular file owned
     * by root (or by the user running bondctl, for trees being built without root), not
     * writable or readable by group or others. ifcfg-rh does not check this.
     */
    static void checkPermissions(Path file, ProfileFormat f) {
        try {
            PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                throw BondctlException.invalid(file + ": not a regular file" + (a.isSymbolicLink() ? " (a symbolic link)" : ""));
            }
            if (f != KeyfileFormat.INSTANCE) {
                return;
            }
            int uid = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (uid != 0 && uid != org.bondctl.fs.Privilege.euid()) {
                throw BondctlException.invalid(file + ": owned by uid " + uid
                        + "; NetworkManager loads only profiles owned by root (chown root:root " + file + ")");
            }
            Set<PosixFilePermission> perms = a.permissions();
            perms.removeAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE));
            if (!perms.isEmpty()) {
                throw BondctlException.invalid(file + ": permissions " + PosixFilePermissions.toString(a.permissions())
                        + " are insecure; NetworkManager loads only profiles readable by root alone (chmod 600 " + file + ")");
            }
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.FILE, "read " + file + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ write

    /**
     * Where {@link #save} would write the profile, after checking it can: the profile renders
     * in this store's format, the target is its own file or a free name, and the directory is
     * writable. Nothing is written.
     */
    public Path check(Profile p) {
        Path target;
        if (p.file() != null && p.format() == format && !inLib(root, p)) {
            target = p.file();
        } else { // a new file; for a profile of /usr/lib, one in /etc that shadows it
            target = freeName(directory(), p);
        }
        format.write(p);
        Path dir = target.toAbsolutePath().getParent();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new BondctlException(BondctlException.Kind.FILE, "save " + p.id() + ": cannot write in " + dir
                    + (existing == null ? "" : " (" + existing + " is not a writable directory)"));
        }
        return target;
    }

    /**
     * Writes a profile: over the file it came from when that file is in this store's format,
     * else a new file in this store's directory (never over someone else's file). Returns the
     * path written.
     */
    public Path save(Profile p) {
        Path target = check(p);
        String text = format.write(p);
        for (java.util.Map.Entry<Path, String> c : format.companions(p, target).entrySet()) {
            if (c.getValue() != null) {
                writeAtomically(c.getKey(), c.getValue().getBytes(StandardCharsets.UTF_8));
            } else {
                deleteFile(c.getKey());
            }
        }
        writeAtomically(target, text.getBytes(StandardCharsets.UTF_8));
        Profile reread = format.read(target, text);
        p.source(target, format, reread.document());
        if (p.uuid() != null && target.getParent().equals(KeyfileFormat.INSTANCE.directory(root))) {
            // a profile written under a UUID that was deleted: its tombstone goes (as NM's add does)
            PrivateFile.delete(tombstonePath(p.uuid()));
        }
        return target;
    }

    /**
     * A new file's name in {@code dir}: the format's name for the profile, or, taken by another
     * file, NM's keyfile fallback ID-UUID.nmconnection (nms-keyfile-writer.c); one taken too is refused.
     */
    private Path freeName(Path dir, Profile p) {
        Path target = dir.resolve(format.fileName(p));
        if (format == KeyfileFormat.INSTANCE && Files.exists(target, LinkOption.NOFOLLOW_LINKS) && p.uuid() != null) {
            String name = format.fileName(p);
            target = dir.resolve(name.substring(0, name.length() - KeyfileFormat.SUFFIX.length()) + "-" + p.uuid()
                    + KeyfileFormat.SUFFIX);
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw BondctlException.conflict("save " + p.id() + ": " + target
                    + " exists and is not the profile of " + p.ifname() + "; move it away or pass --format");
        }
        return target;
    }

    /**
     * Keeps the profile in memory, as NM's {@code Update2(IN_MEMORY)} does (nmcli connection modify
     * --temporary): a keyfile in {@link #runDirectory}, its own if it is kept there already, else
     * a new one named after its id that shadows (and owns: a delete takes both) the persistent
     * file it was read from. The persistent file is not touched. Returns the path written.
     */
    public static Path saveInMemory(Path root, Profile p) {
        if (!inMemory(root, p)) {
            if (p.file() != null && !inLib(root, p)) { // NM names no /usr/lib file as shadowed (seen in 1.42)
                p.shadows(inRoot(root, p.file()), true);
            }
            ProfileStore run = new ProfileStore(root, KeyfileFormat.INSTANCE);
            Path target = run.freeName(runDirectory(root), p);
            p.source(target, KeyfileFormat.INSTANCE, p.format() == KeyfileFormat.INSTANCE ? p.document() : null);
        }
        return new ProfileStore(root, KeyfileFormat.INSTANCE).save(p);
    }

    /**
     * Writes the profile to persistent storage: over its own file; for one kept in memory, over
     * the file it shadows (in that file's format), else a new file in the format NM writes new
     * profiles in ({@link #detect}), and then the in-memory file goes (nmcli connection modify
     * without --temporary; NM does the same). Returns the path written.
     */
    public static Path persist(Path root, Profile p) {
        if (inLib(root, p)) {
            return new ProfileStore(root, KeyfileFormat.INSTANCE).save(p); // a new file in /etc shadows it
        }
        if (!inMemory(root, p)) {
            return new ProfileStore(root, p.format()).save(p);
        }
        Path run = p.file();
        Path shadow = p.shadows() == null ? null : org.bondctl.fs.RootPath.resolve(root, p.shadows().toString());
        ProfileFormat f = shadow == null ? detect(root) : formatOf(shadow);
        Object doc = f == KeyfileFormat.INSTANCE ? p.document() : null;
        if (f != KeyfileFormat.INSTANCE && Files.exists(shadow, LinkOption.NOFOLLOW_LINKS)) {
            doc = parse(shadow, f).document(); // its lines bondctl does not model are kept
        }
        p.shadows(null, false);
        p.source(shadow, f, doc);
        Path written = new ProfileStore(root, f).save(p);
        deleteFile(run); // after the persistent file: until it is gone, the in-memory profile is the one in force
        return written;
    }

    /** A path below the root as the system there names it ("/etc/NetworkManager/..."). */
    static Path inRoot(Path root, Path file) {
        Path base = org.bondctl.fs.RootPath.resolve(root, "");
        Path f = file.toAbsolutePath().normalize();
        return f.startsWith(base) ? Path.of("/").resolve(base.relativize(f)) : f;
    }

    /**
     * Removes a profile's file (and the files that belong with it); for one kept in memory that
     * owns the persistent file it shadows, that file too, first (until the in-memory file goes,
     * it is the profile in force).
     */
    public void delete(Profile p) {
        if (p.file() == null) {
            return;
        }
        if (inLib(root, p) || libHas(p.uuid())) {
            // a file of /usr/lib is never deleted: a tombstone in /etc hides it, before the files
            // above it go (until they do, they are the profile; after, the tombstone hides it)
            tombstone(p.uuid());
        }
        if (inLib(root, p)) {
            return;
        }
        if (p.shadows() != null && p.shadowOwned() && inMemory(root, p)) {
            Path shadow = org.bondctl.fs.RootPath.resolve(root, p.shadows().toString());
            ProfileFormat f = formatOf(shadow);
            for (Path c : f.companions(p, shadow).keySet()) {
                deleteFile(c);
            }
            deleteFile(shadow);
        }
        for (Path c : p.format().companions(p, p.file()).keySet()) {
            deleteFile(c);
        }
        deleteFile(p.file());
    }

    /** Whether a profile of {@link #libDirectory} has this UUID. */
    private boolean libHas(String uuid) {
        if (uuid == null) {
            return false;
        }
        for (Path f : profileFiles(KeyfileFormat.INSTANCE, libDirectory(root))) {
            try {
                if (uuid.equalsIgnoreCase(parse(f, KeyfileFormat.INSTANCE).uuid())) {
                    return true;
                }
            } catch (BondctlException e) {
                // a file NM cannot read hides nothing
            }
        }
        return false;
    }

    /** Where NM's tombstone of the UUID goes: /etc/NetworkManager/system-connections/UUID.nmmeta. */
    private Path tombstonePath(String uuid) {
        return KeyfileFormat.INSTANCE.directory(root).resolve(uuid.toLowerCase(java.util.Locale.ROOT) + TOMBSTONE);
    }

    /** Writes NM's tombstone of the UUID in /etc: UUID.nmmeta, a symbolic link to /dev/null. */
    private void tombstone(String uuid) {
        Path t = tombstonePath(uuid);
        Path dir = t.getParent();
        if (Files.isSymbolicLink(t)) {
            return;
        }
        Transaction.beforeFileChange(t); // none there: an undo removes it
        try {
            Files.createDirectories(dir);
            Files.createSymbolicLink(t, Path.of("/dev/null"));
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.FILE, "write " + t + ": " + e.getMessage());
        }
    }

    private static void deleteFile(Path f) {
        if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            Transaction.beforeFileChange(f);
            PrivateFile.delete(f);
        }
    }

    /** Replaces a profile file atomically; inside a change (--persist), journaled first. */
    static void writeAtomically(Path target, byte[] content) {
        Transaction.beforeFileChange(target);
        PrivateFile.write(target, content);
    }

    /** File names in the directory, for tests that check nothing else was touched. */
    static Set<String> names(Path dir) throws IOException {
        Set<String> out = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(p -> out.add(p.getFileName().toString()));
        }
        return out;
    }
}
