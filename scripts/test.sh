#!/usr/bin/env bash
# All of bondctl's tests: unit and host-namespace tests (Maven Surefire), then the packages
# (scripts/package.sh) and their tests (packaging/test-packages: contents, glibc, units, the
# .deb installed into a root without Java in the UML test bed), then the kernel tests against
# the real bonding driver inside the UML test bed, once per guest kernel (Debian's Linux 6.1
# and a 6.12 built from Debian's source, see testbed/README.md), then the tests tagged "nm"
# against the real NetworkManager 1.42 in a 6.1 guest (--nm), then the benchmark harness's
# smoke run. Ends with one line "tests: N passed, M failed, K skipped" over all of them. This
# is what .ci/run runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# the guest kernels the kernel tests run on; the first is the default of the test bed
kernels=(6.1 6.12)

args=(--nm --package --resolved)
for k in "${kernels[@]}"; do args+=(--kernel "$k"); done
scripts/install-deps.sh "${args[@]}"

logs=()
cleanup() { rm -f "${logs[@]}"; }
trap cleanup EXIT
newlog() { # VAR: a fresh log file, removed at exit
    local f
    f=$(mktemp /tmp/bondctl-test.XXXXXX)
    logs+=("$f")
    printf -v "$1" '%s' "$f"
}

# Each guest kernel once per machine (a few minutes, cached outside the checkout) before the
# tests, so that its build time is not counted against a test bed timeout and a failed
# build says so plainly.
for k in "${kernels[@]}"; do
    [[ $k == 6.1 ]] && continue # Debian's prebuilt user-mode-linux
    echo "== UML kernel $k (testbed/build-kernel; cached after the first build)"
    if ! testbed/build-kernel "$k" >/dev/null; then
        echo "test bed failed: cannot build the UML $k kernel (testbed/build-kernel $k, see above)" >&2
        echo "tests: 0 passed, 1 failed, 0 skipped"
        exit 125
    fi
done

# The build must read on a machine whose ~/.m2 has never held bondctl: the modules find their
# parent by path, not in the local repository (an installed parent once hid a wrong path).
echo "== the POMs read with an empty local repository (mvn -B validate)"
m2=$(mktemp -d /tmp/bondctl-m2.XXXXXX)
if ! mvn -B -q -ntp -Dmaven.repo.local="$m2" validate >/dev/null; then
    rm -rf "$m2"
    echo "build failed: the POMs do not read without an installed bondctl-parent (see above)" >&2
    echo "tests: 0 passed, 1 failed, 0 skipped"
    exit 1
fi
rm -rf "$m2"

echo "== build, unit tests and host network-namespace tests of both modules (mvn -B verify)"
newlog log
set +e
mvn -B -ntp verify 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
# one summary line per module (bondctl-core, bondctl-cli): added up below
host_lines=$(grep -E "Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$" "$log" || true)
if [ "$rc" -ne 0 ]; then
    echo "host tests failed (mvn exit $rc)" >&2
    exit "$rc"
fi
if [ -z "$host_lines" ]; then
    echo "host tests: Maven ran no test" >&2
    exit 1
fi
# Host tests that need root (tag "root", RootCondition) are skipped with a stated reason where
# root is missing; as root, as in CI, none may be skipped (the condition itself fails then too).
if [ "$(id -u)" -eq 0 ] && grep -lqs "needs root on the host" bondctl-*/target/surefire-reports/*.xml; then
    echo "host tests: tests that need root were skipped although this runs as root:" >&2
    grep -ls "needs root on the host" bondctl-*/target/surefire-reports/*.xml >&2
    exit 1
fi

echo "== packages: scripts/package.sh, then packaging/test-packages"
newlog plog
set +e
pstart=$SECONDS
{ scripts/package.sh --no-build && packaging/test-packages; } 2>&1 | tee "$plog"
prc=${PIPESTATUS[0]}
set -e
echo "packages: built and tested in $((SECONDS - pstart)) s"

# kernel-tests: "kernel-tests: N passed, M failed, K skipped"; exit 125 when the test bed
# did not start, 3 when no test ran (both fail CI: a test that needs the kernel is never
# silently skipped).
# A guest whose kernel panicked (seen once: UML's own memory management, flush_tlb_mm at a
# process exit, half-way through a suite) runs its suite once more, from the start; the
# closing summary names the panic. A second panic fails the run: a panic that bondctl's
# requests cause would come back.
run_logs=() run_rcs=() run_names=() panics=()
kernel_run() { # NAME -- kernel-tests ARGS...
    local name=$1 klog krc panic console
    shift
    newlog klog
    set +e
    testbed/kernel-tests "$@" 2>&1 | tee "$klog"
    krc=${PIPESTATUS[0]}
    set -e
    panic=$(grep -m1 -a -o 'test bed failed: kernel panic.*' "$klog" || true)
    if [ "$krc" -eq 125 ] && [ -n "$panic" ]; then
        console=${panic##*console log: }
        [ -f "$console" ] && cp "$console" "$console.panicked" && panic="${panic%console log: *}console log kept as $console.panicked"
        panics+=("$name: first run: ${panic#test bed failed: }")
        echo "$name: the guest's kernel panicked (${panic#test bed failed: }); running the suite once more" >&2
        newlog klog
        set +e
        testbed/kernel-tests "$@" 2>&1 | tee "$klog"
        krc=${PIPESTATUS[0]}
        set -e
    fi
    if [ "$krc" -eq 125 ]; then
        echo "test bed failed: $name: the guest did not start, timed out or panicked (see the uml-run message above)" >&2
    elif [ "$krc" -ne 0 ]; then
        echo "$name: kernel-tests exit $krc" >&2
    fi
    run_logs+=("$klog") run_rcs+=("$krc") run_names+=("$name")
}

for k in "${kernels[@]}"; do
    echo "== kernel tests in the UML test bed on Linux $k (real bonding driver)"
    kernel_run "kernel tests on $k" --kernel "$k" --out "target/kernel-tests-$k" --exclude-tag nm
done

echo "== NetworkManager compatibility tests in the UML test bed (real NetworkManager, --nm, Linux ${kernels[0]})"
# only the tests tagged nm: the launcher ORs its own "kernel" tag, so exclude the rest. Each
# side-by-side test starts and stops NM and waits until NM and the kernel are quiet after each
# line (SideBySide.awaitQuiet, at least 2.5 s): about 15 minutes for 40 tests on the CI's 2
# cores (stop 39), past the test bed's default 1200 s under load; 2400 s leaves room while the
# whole of .ci/run stays near 50 of its 90 minutes
kernel_run "NetworkManager tests" --nm --kernel "${kernels[0]}" --timeout 2400 --out target/kernel-tests-nm \
    --exclude-tag '!nm'

echo "== benchmark harness smoke run (bench/run --smoke: every path once, small scale, no JMH)"
set +e
bench/run --smoke
brc=$?
set -e
echo "== failover benchmark smoke run (bench/failover/run --smoke: probe, C floor and bondctl monitor --accelerate, idle and loaded, briefly)"
set +e
bench/failover/run --smoke
frc=$?
set -e

# One closing line over all runs.
summary() { # LOG -> "passed failed skipped"
    local line
    line=$(grep -E "^kernel-tests: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped" "$1" | tail -n 1 || true)
    line=${line:-"kernel-tests: 0 passed, 0 failed, 0 skipped"}
    echo "$line" | sed -E 's/kernel-tests: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped/\1 \2 \3/'
}
read -r run fail err skip < <(echo "$host_lines" | sed -E 's/.*Tests run: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+), Skipped: ([0-9]+).*/\1 \2 \3 \4/' \
    | awk '{r += $1; f += $2; e += $3; s += $4} END {print r, f, e, s}')
passed=$(( run - fail - err - skip )) failed=$(( fail + err )) skipped=$skip
status=0
pline=$(grep -E "^package-tests: [0-9]+ passed, [0-9]+ failed$" "$plog" | tail -n 1 || true)
read -r pp pf < <(echo "${pline:-package-tests: 0 passed, 0 failed}" | sed -E 's/package-tests: ([0-9]+) passed, ([0-9]+) failed/\1 \2/')
echo "packages: $pp passed, $pf failed (exit $prc)"
passed=$(( passed + pp )) failed=$(( failed + pf ))
if [ "$prc" -ne 0 ]; then
    [ "$pf" -eq 0 ] && failed=$(( failed + 1 ))
    status=$prc
fi
for i in "${!run_logs[@]}"; do
    read -r p f s < <(summary "${run_logs[i]}")
    echo "${run_names[i]}: $p passed, $f failed, $s skipped (kernel-tests exit ${run_rcs[i]})"
    # which tests failed, again here at the end (kernel-tests names them after its run)
    grep -E "^kernel-tests: FAILED: " "${run_logs[i]}" | sed -E "s/^kernel-tests: /  /" || true
    passed=$(( passed + p )) failed=$(( failed + f )) skipped=$(( skipped + s ))
    if [ "${run_rcs[i]}" -ne 0 ]; then
        # a run that failed without a failed test (no boot, no test ran) still counts once
        [ "$f" -eq 0 ] && failed=$(( failed + 1 ))
        [ "$status" -eq 0 ] && status=${run_rcs[i]}
    fi
done
if [ "$brc" -ne 0 ]; then
    failed=$(( failed + 1 ))
    echo "benchmark harness smoke run failed (exit $brc)" >&2
    [ "$status" -eq 0 ] && status=1
fi
if [ "$frc" -ne 0 ]; then
    failed=$(( failed + 1 ))
    echo "failover benchmark smoke run failed (exit $frc)" >&2
    [ "$status" -eq 0 ] && status=1
fi
for p in "${panics[@]}"; do
    echo "test bed: a guest kernel panicked and its suite ran again: $p"
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
