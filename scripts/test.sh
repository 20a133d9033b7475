#!/usr/bin/env bash
# All of bondctl's tests: unit and host-namespace tests (Maven Surefire), then the packages
# (scripts/package.sh) and their tests (packaging/test-packages: contents, glibc, units, the
# .deb installed into a root without Java in the UML test bed), then the kernel tests against
# the real bonding driver inside the UML test bed, then the tests tagged "nm" against the real
# NetworkManager 1.42 in a second guest (--nm). This is what .ci/run runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

scripts/install-deps.sh --nm --package

echo "== build, unit tests and host network-namespace tests (mvn -B verify)"
log=$(mktemp /tmp/bondctl-mvn.XXXXXX)
trap 'rm -f "$log"' EXIT
set +e
mvn -B -ntp verify 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
host_line=$(grep -E "Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$" "$log" | tail -n 1 || true)
if [ "$rc" -ne 0 ]; then
    echo "host tests failed (mvn exit $rc)" >&2
    exit "$rc"
fi
if [ -z "$host_line" ]; then
    echo "host tests: Maven ran no test" >&2
    exit 1
fi

echo "== packages: scripts/package.sh, then packaging/test-packages"
plog=$(mktemp /tmp/bondctl-pkg.XXXXXX)
klog=$(mktemp /tmp/bondctl-kernel.XXXXXX)
nlog=$(mktemp /tmp/bondctl-nm.XXXXXX)
trap 'rm -f "$log" "$plog" "$klog" "$nlog"' EXIT
set +e
pstart=$SECONDS
{ scripts/package.sh --no-build && packaging/test-packages; } 2>&1 | tee "$plog"
prc=${PIPESTATUS[0]}
set -e
echo "packages: built and tested in $((SECONDS - pstart)) s"

echo "== kernel tests in the UML test bed (real bonding driver)"
set +e
testbed/kernel-tests --exclude-tag nm 2>&1 | tee "$klog"
krc=${PIPESTATUS[0]}
set -e

echo "== NetworkManager compatibility tests in the UML test bed (real NetworkManager, --nm)"
set +e
# only the tests tagged nm: the launcher ORs its own "kernel" tag, so exclude the rest
testbed/kernel-tests --nm --out target/kernel-tests-nm --exclude-tag '!nm' 2>&1 | tee "$nlog"
nrc=${PIPESTATUS[0]}
set -e

echo "== benchmark harness smoke run (bench/run --smoke: every path once, small scale, no JMH)"
set +e
bench/run --smoke
brc=$?
set -e

# One closing line over all runs.
summary() { # LOG -> "passed failed skipped"
    local line
    line=$(grep -E "^kernel-tests: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped" "$1" | tail -n 1 || true)
    line=${line:-"kernel-tests: 0 passed, 0 failed, 0 skipped"}
    echo "$line" | sed -E 's/kernel-tests: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped/\1 \2 \3/'
}
read -r run fail err skip < <(echo "$host_line" | sed -E 's/.*Tests run: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+), Skipped: ([0-9]+).*/\1 \2 \3 \4/')
read -r kp kf ks < <(summary "$klog")
read -r np nf ns < <(summary "$nlog")
pline=$(grep -E "^package-tests: [0-9]+ passed, [0-9]+ failed$" "$plog" | tail -n 1 || true)
read -r pp pf < <(echo "${pline:-package-tests: 0 passed, 0 failed}" | sed -E 's/package-tests: ([0-9]+) passed, ([0-9]+) failed/\1 \2/')
passed=$(( run - fail - err - skip + kp + np + pp ))
failed=$(( fail + err + kf + nf + pf ))
if { [ "$krc" -ne 0 ] || [ "$nrc" -ne 0 ] || [ "$prc" -ne 0 ]; } && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$brc" -ne 0 ]; then failed=$(( failed + 1 )); echo "benchmark harness smoke run failed (exit $brc)" >&2; fi
echo "tests: $passed passed, $failed failed, $(( skip + ks + ns )) skipped"
if [ "$prc" -ne 0 ]; then exit "$prc"; fi
if [ "$krc" -ne 0 ]; then exit "$krc"; fi
if [ "$nrc" -ne 0 ]; then exit "$nrc"; fi
exit $(( brc != 0 ? 1 : 0 ))
