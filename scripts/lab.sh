#!/usr/bin/env bash
# The main job: build bondctl if needed and run the seed scenario in a sandbox
# (a throwaway network namespace; inside the UML test bed when this kernel has no bonding).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh
jar=target/cli/bondctl.jar
if [ ! -f $jar ] || [ -n "$(find src CMakeLists.txt native pom.xml -newer $jar -print -quit)" ]; then
    echo "== building bondctl (mvn -B -DskipTests package)"
    mvn -B -q -ntp -DskipTests package
fi
exec bin/bondctl lab "$@"
