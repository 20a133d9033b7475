#!/bin/bash
# scripts/install-deps.sh [--nm] [--package] [--kernel 6.12] - install what bondctl needs to
# build and to run its kernel test bed (testbed/), from Debian's packages. Idempotent: installs
# only what is missing (and runs `apt-get update` only then); prints nothing when all is present.
#
#   always:        user-mode-linux kmod iproute2 cmake gcc libc6-dev make maven
#                  openjdk-17-jdk-headless groff-base zsh (the build's man pages and zsh
#                  completion are checked with them), systemd (systemd-analyze verifies the
#                  units) and python3-prometheus-client (the Prometheus project's exposition
#                  parsers, for the monitor's metrics tests)
#   --nm:          also network-manager dbus udev (NetworkManager inside the test bed)
#   --package:     also rpm cpio binutils systemd (scripts/package.sh: rpmbuild, objdump for
#                  the glibc check, systemd-analyze verify for the units)
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
args="$*"
usage_error() { echo "$PROG: $* (usage: $PROG [--nm] [--package] [--kernel 6.12])" >&2; exit 2; }
while (($#)); do
    case $1 in
        --nm) pkgs+=(network-manager dbus udev); shift ;;
        --package) pkgs+=(rpm cpio binutils systemd); shift ;;
        --kernel)
            (($# >= 2)) || usage_error "--kernel needs a version"
            [[ $2 =~ ^[0-9]+\.[0-9]+$ ]] || usage_error "--kernel wants a version like 6.12, got '$2'"
            # 6.1 is Debian's prebuilt user-mode-linux; others are built from source
            [[ $2 == 6.1 ]] || pkgs+=("linux-source-$2" flex bison bc xz-utils)
            shift 2 ;;
        -h|--help) sed -n '2,19s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) usage_error "unknown argument '$1'" ;;
    esac
done

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
((${#missing[@]} == 0)) && exit 0

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
