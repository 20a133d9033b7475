#!/bin/bash
# scripts/package.sh [--out DIR] [--jdk DIR] [--no-build] - build bondctl's packages from a
# checkout: a self-contained tarball, a .deb and an .rpm, each with its own trimmed Java
# runtime. Nothing is needed on the target but glibc 2.28 or newer (packaging/README.md).
#
#   --out DIR    where the three artefacts go (default: target/packages)
#   --jdk DIR    the JDK whose jlink makes the runtime (default: $BONDCTL_PACKAGE_JDK, else
#                /usr/lib/jvm/temurin-25-jdk-amd64): Java 25+, built for old glibc (Temurin's
#                builds need 2.17; Debian's OpenJDK needs 2.34 and fails the glibc check)
#   --no-build   use target/cli and target/core as they are (mvn -B -DskipTests package already ran)
#
# Steps: install the packaging tools (scripts/install-deps.sh --package), mvn package, stage
# the tree (packaging/README.md, "Layout"), jlink the modules jdeps finds, train the AOT cache
# with the staged launcher and runtime, check glibc, then tar, dpkg-deb and rpmbuild.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
PROG=package.sh
die() { echo "$PROG: $*" >&2; exit 1; }

out=$root/target/packages jdk=${BONDCTL_PACKAGE_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64} build=1
while (($#)); do
    case $1 in
        --out) out=$2; shift 2 ;;
        --jdk) jdk=$2; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help) sed -n '2,15s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "$PROG: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[[ -x $jdk/bin/jlink && -x $jdk/bin/jdeps ]] || die "no JDK with jlink at $jdk (--jdk DIR or BONDCTL_PACKAGE_JDK)"
jdk_version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")
((jdk_version >= 25)) || die "$jdk is Java $jdk_version: the packaged runtime is Java 25+ (AOT cache, JEP 483/514)"

scripts/install-deps.sh --package
if ((build)); then
    echo "== mvn -B -ntp -DskipTests package"
    mvn -B -ntp -q -DskipTests package
fi
cli=target/cli core=target/core
[[ -f $cli/bondctl.jar && -d $cli/docs/man ]] || die "$cli is not built (run without --no-build)"

# --- versions ------------------------------------------------------------------------------
version=$(sed -n 's/^version=//p' $cli/classes/org/bondctl/version.properties)
commit=$(sed -n 's/^commit=//p' $cli/classes/org/bondctl/version.properties)
# 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT.git538ec96: "~" sorts before the release in dpkg and rpm
pkg_version=$version
if [[ $version == *-SNAPSHOT ]]; then
    pkg_version=${version%-SNAPSHOT}~SNAPSHOT
    [[ $commit != unknown ]] && pkg_version+=.git$commit
fi
# One timestamp for every staged file (reproducible archives): the commit's, else now. Set
# before the AOT training run, which records the jar's modification time.
epoch=$(git log -1 --format=%ct 2>/dev/null || date +%s)
export SOURCE_DATE_EPOCH=$epoch

work=$root/target/package-work
rm -rf -- "$work"
mkdir -p -- "$work" "$out"
rm -f -- "$out"/bondctl[-_]*.deb "$out"/bondctl-*.rpm "$out"/bondctl-*.tar.gz # one set: the test takes what it finds
name=bondctl-$pkg_version
stage=$work/$name # a prefix: bin/, lib/, share/ (the tarball's top directory; /usr in the packages)
home=$stage/lib/bondctl

# --- the tree ------------------------------------------------------------------------------
echo "== staging $name"
install -D -m 0755 bin/bondctl "$stage/bin/bondctl"
install -D -m 0644 $cli/bondctl.jar "$home/bondctl.jar"
mkdir -p "$home/lib" "$home/native"
install -m 0644 $cli/lib/*.jar "$home/lib/" # bondctl-core, JNA, the Prometheus client
install -m 0644 $core/classes/linux-x86-64/libbondctl.so "$home/native/"
install -m 0644 $cli/jna/com/sun/jna/linux-x86-64/libjnidispatch.so "$home/native/"
mkdir -p "$stage/share/man/man1"
for page in $cli/docs/man/man1/*.1; do
    gzip -9 -n -c "$page" >"$stage/share/man/man1/${page##*/}.gz"
done
install -D -m 0644 $cli/docs/completion/bondctl "$stage/share/bash-completion/completions/bondctl"
install -D -m 0644 $cli/docs/completion/_bondctl "$stage/share/zsh/site-functions/_bondctl"
for unit in contrib/*.service; do
    install -D -m 0644 "$unit" "$stage/lib/systemd/system/${unit##*/}"
done
doc=$stage/share/doc/bondctl
install -D -m 0644 README.md "$doc/README.md"
install -m 0644 contrib/bondctl-monitor-accelerate.conf packaging/licenses.md "$doc/"

# --- the runtime: the modules jdeps finds, less java.desktop --------------------------------
# JNA's Native refers to java.awt (Component, Window) only in its AWT helper methods, which
# bondctl never calls; jdeps counts them, the class verifier does not need them (checked:
# -Xverify:all, and the package test runs every command bondctl's seed scenario needs).
# bondctl-core's jar is a module (org.bondctl.core) that requires the automatic modules of
# JNA and the Prometheus client: jdeps resolves them on the module path (and says the packages
# it sees twice are split; the last line is the answer).
modules=$("$jdk/bin/jdeps" --multi-release "$jdk_version" --ignore-missing-deps --print-module-deps \
    --module-path "$home/lib" --class-path "$home/lib/*" "$home/bondctl.jar" "$home"/lib/*.jar | tail -n 1)
[[ $modules =~ ^[a-z.,]+$ ]] || die "jdeps: no module list ($modules)"
modules=$(tr ',' '\n' <<<"$modules" | grep -vx java.desktop | paste -sd, -)
echo "== jlink $modules (from $jdk)"
# No --compress: the .deb, .rpm and tarball compress the image anyway, and installed it is read
# without inflating.
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --output "$home/runtime"
rm -f "$home/runtime/bin/keytool" # no TLS here: java is the only command bondctl runs

find "$stage" -exec touch -h -d "@$epoch" {} +
# --- the AOT cache, made by the staged launcher with the staged runtime ----------------------
echo "== AOT cache (training: src/cli/build/cds-train.sh)"
BONDCTL_ARCHIVE_DUMP=1 env -u JAVA_HOME -u BONDCTL_JAVA_HOME src/cli/build/cds-train.sh "$stage/bin/bondctl" \
    >"$work/aot-training.log" 2>&1 || die "AOT training failed (see $work/aot-training.log)"
ls "$home"/cds/*.aot >/dev/null 2>&1 || die "no AOT cache written (see $work/aot-training.log)"
touch -h -d "@$epoch" "$home/cds" "$home"/cds/*
# the cache must be usable where it is: AOTMode=on fails instead of starting without it
BONDCTL_JAVA_OPTS=-XX:AOTMode=on "$stage/bin/bondctl" --version >/dev/null \
    || die "the AOT cache is not usable by the staged runtime"

echo "== glibc check"
packaging/glibc-check "$home/runtime" "$home/native" >"$work/glibc-check.log" \
    || { cat "$work/glibc-check.log" >&2; die "a binary needs a glibc newer than 2.28"; }
tail -n 1 "$work/glibc-check.log"

# --- tarball: the prefix as it is (bondctl-VERSION/bin/bondctl runs from anywhere) -----------
tarball=$out/$name-linux-x86_64.tar.gz
tar --sort=name --owner=0 --group=0 --numeric-owner -C "$work" -czf "$tarball" "$name"

# --- the FHS tree both packages install: /usr is the prefix ---------------------------------
fhs() { # DIR ZSH_DIR: the staged prefix below DIR/usr, zsh completion where that distribution looks
    mkdir -p "$1/usr"
    cp -a "$stage/." "$1/usr/"
    if [[ $2 != site-functions ]]; then
        mkdir -p "$1/usr/share/zsh/$2"
        mv "$1/usr/share/zsh/site-functions/_bondctl" "$1/usr/share/zsh/$2/"
        rmdir "$1/usr/share/zsh/site-functions"
        touch -h -d "@$epoch" "$1/usr/share/zsh/$2"
    fi
}

# --- .deb ----------------------------------------------------------------------------------
deb_root=$work/deb
fhs "$deb_root" vendor-completions # Debian's zsh: fpath has vendor-completions, not site-functions
mkdir -p "$deb_root/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$deb_root" | cut -f1)
sed -e "s/@VERSION@/$pkg_version-1/" -e "s/@SIZE@/$size/" packaging/deb/control >"$deb_root/DEBIAN/control"
install -m 0755 packaging/deb/postinst packaging/deb/postrm "$deb_root/DEBIAN/"
deb=$out/bondctl_${pkg_version}-1_amd64.deb
# xz -2: a tenth larger than the default -6 and four times faster to make
dpkg-deb --root-owner-group -Zxz -z2 --build "$deb_root" "$deb" >/dev/null

# --- .rpm ----------------------------------------------------------------------------------
rpm_root=$work/rpm-root
fhs "$rpm_root" site-functions # Fedora/RHEL's zsh looks in /usr/share/zsh/site-functions
rpmbuild -bb --quiet \
    --define "_topdir $work/rpmbuild" \
    --define "bondctl_root $rpm_root" \
    --define "bondctl_version ${pkg_version}" \
    packaging/rpm/bondctl.spec >"$work/rpmbuild.log" 2>&1 \
    || { tail -n 30 "$work/rpmbuild.log" >&2; die "rpmbuild failed (see $work/rpmbuild.log)"; }
rpm=$out/bondctl-${pkg_version}-1.x86_64.rpm
mv "$work/rpmbuild/RPMS/x86_64/${rpm##*/}" "$rpm"

echo "== packages in $out"
for f in "$tarball" "$deb" "$rpm"; do
    printf '%6s  %s\n' "$(du -h "$f" | cut -f1)" "${f#"$root"/}"
done
