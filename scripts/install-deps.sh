#!/bin/bash
# scripts/install-deps.sh [--nm] [--package] [--resolved] [--kernel 6.12] - install what bondctl
# needs to build and to run its kernel test bed (testbed/), from Debian's packages. Idempotent:
# installs only what is missing (and runs `apt-get update` only then); prints nothing when all
# is present.
#
#   always:        user-mode-linux kmod iproute2 cmake gcc libc6-dev make maven
#                  openjdk-17-jdk-headless groff-base zsh (the build's man pages and zsh
#                  completion are checked with them), systemd (systemd-analyze verifies the
#                  units) and python3-prometheus-client (the Prometheus project's exposition
#                  parsers, for the monitor's metrics tests)
#   --nm:          also network-manager dbus udev (NetworkManager inside the test bed)
#   --package:     also rpm cpio binutils systemd (scripts/package.sh: rpmbuild, objdump for
#                  the glibc check, systemd-analyze verify for the units)
#   --resolved:    systemd-resolved's files unpacked into /var/cache/bondctl-testbed/systemd-resolved
#                  (or $BONDCTL_TESTBED_CACHE/systemd-resolved) for the test bed, where a test
#                  runs it; NOT installed: the package's postinst turns the host's
#                  /etc/resolv.conf into a link to a resolver that is not running here.
#   --kernel 6.12: also linux-source-6.12 flex bison bc xz-utils (testbed/build-kernel
#                  builds the second guest kernel from it)
#
# Must run as root when something is missing. Exit status: 0 all present/installed,
# 1 something is missing and could not be installed, 2 usage.
set -euo pipefail

PROG=install-deps.sh
# libc6-dev: gcc only recommends it, and the shim (native/) and uml-xstate.c need its headers
pkgs=(user-mode-linux kmod iproute2 cmake gcc libc6-dev make maven openjdk-17-jdk-headless groff-base zsh
    systemd python3-prometheus-client)
resolved=
args="$*"
usage_error() { echo "$PROG: $* (usage: $PROG [--nm] [--package] [--resolved] [--kernel 6.12])" >&2; exit 2; }
while (($#)); do
    case $1 in
        --nm) pkgs+=(network-manager dbus udev); shift ;;
        --package) pkgs+=(rpm cpio binutils systemd); shift ;;
        --resolved) resolved=1; pkgs+=(dbus systemd); shift ;;
        --kernel)
            (($# >= 2)) || usage_error "--kernel needs a version"
            [[ $2 =~ ^[0-9]+\.[0-9]+$ ]] || usage_error "--kernel wants a version like 6.12, got '$2'"
            # 6.1 is Debian's prebuilt user-mode-linux; others are built from source
            [[ $2 == 6.1 ]] || pkgs+=("linux-source-$2" flex bison bc xz-utils)
            shift 2 ;;
        -h|--help) sed -n '2,24s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) usage_error "unknown argument '$1'" ;;
    esac
done

# systemd-resolved of the installed systemd's version, unpacked (its binary needs that
# libsystemd-shared), once.
unpack_resolved() {
    local dir=${BONDCTL_TESTBED_CACHE:-/var/cache/bondctl-testbed}/systemd-resolved
    local version
    version=$(dpkg-query -W -f='${Version}' systemd)
    [ -x "$dir/usr/bin/resolvectl" ] && [ "$(cat "$dir/.version" 2>/dev/null)" = "$version" ] && return 0
    if ((EUID != 0)); then
        echo "$PROG: run this script as root to unpack systemd-resolved into $dir" >&2
        return 1
    fi
    local tmp
    tmp=$(mktemp -d)
    if ! (cd "$tmp" && apt-get download -qq "systemd-resolved=$version" >/dev/null 2>&1) \
        && ! { apt-get update -qq && (cd "$tmp" && apt-get download -qq "systemd-resolved=$version" >/dev/null); }; then
        echo "$PROG: could not download systemd-resolved $version" >&2
        rm -rf "$tmp"
        return 1
    fi
    rm -rf "$dir" && mkdir -p "$dir"
    dpkg-deb -x "$tmp"/systemd-resolved_*.deb "$dir"
    echo "$version" > "$dir/.version"
    rm -rf "$tmp"
    echo "$PROG: systemd-resolved $version unpacked into $dir" >&2
}

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "$PROG: this script needs a Debian-based system (dpkg/apt-get)" >&2
    exit 1
fi

missing_pkgs() {
    local p
    for p in "${pkgs[@]}"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' \
            || echo "$p"
    done
}

mapfile -t missing < <(missing_pkgs)
if ((${#missing[@]} == 0)); then
    [ -z "$resolved" ] || unpack_resolved
    exit 0
fi

if ((EUID != 0)); then
    echo "$PROG: missing packages: ${missing[*]}" >&2
    echo "$PROG: run this script as root (e.g. sudo $0 $args) to install them" >&2
    exit 1
fi

echo "$PROG: installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

mapfile -t still < <(missing_pkgs)
if ((${#still[@]})); then
    echo "$PROG: still missing after apt-get install: ${still[*]}" >&2
    exit 1
fi
echo "$PROG: done" >&2
[ -z "$resolved" ] || unpack_resolved
