#!/bin/bash
# The class-data training run: LAUNCHER (bin/bondctl, or a package's) runs
# src/build/cds-training.batch, with BONDCTL_ARCHIVE_DUMP=1 set by the caller (pom.xml
# execution cds-archive, scripts/package.sh). Unprivileged, that batch loads what the read-only
# commands and every command's model need. As root, with a network namespace of its own
# (unshare -n: nothing of the build machine's network is touched), the run goes on with real
# changes to that namespace's lo (up, addresses, routes, MTU, DNS into a scratch file) and a
# bond, so that the change path (lock, journal, plan, executor, undo) and its lambdas are in
# the archive too: loaded and linked from the jar at run time they cost a short command in the
# UML test bed ~0.1-0.2 s (bench/README.md, "Reading the results"). Exit status: the batch's;
# a build host without a bonding driver (exit 6 at the bond line, the last) is fine.
set -u
launcher=${1:?usage: cds-train.sh LAUNCHER}
here=$(cd "$(dirname "$0")" && pwd)
if [[ $EUID != 0 ]] || ! unshare -n true 2>/dev/null; then
    exec "$launcher" batch "$here/cds-training.batch"
fi
tmp=$(mktemp -d /tmp/bondctl-cds-train.XXXXXX)
trap 'rm -rf -- "$tmp"' EXIT
{
    cat "$here/cds-training.batch"
    cat <<LINES
up lo
addr add lo 192.0.2.1/24
route add 198.51.100.0/24 via 192.0.2.2 dev lo
route show
addr show
mtu lo 9000
dns set lo --server 192.0.2.53 --search example.test --resolv-conf $tmp/resolv.conf
route del 198.51.100.0/24 via 192.0.2.2 dev lo
addr del lo 192.0.2.1/24
down lo
add bond0 mode=active-backup miimon=100
set bond0 miimon=200
up bond0
show bond0
del bond0
LINES
} > "$tmp/training.batch"
BONDCTL_STATE_DIR=$tmp/state unshare -n "$launcher" batch "$tmp/training.batch" >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
if ((rc == 6)) && grep -q "bonding driver is not available" "$tmp/out"; then
    rc=0
fi
exit "$rc"
