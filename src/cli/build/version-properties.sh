#!/bin/sh
# Writes the build's identity for `bondctl --version` (org.bondctl.cli.Version reads it from
# the class path): the project version and the git commit the build was made from, "unknown"
# when the sources are not a git checkout (a source tarball) or git is missing.
# Usage: version-properties.sh OUT_FILE VERSION SOURCE_DIR   (run by pom.xml, execution version-properties)
set -eu
out=$1 version=$2 src=$3
commit=$(git -C "$src" rev-parse --short HEAD 2>/dev/null) || commit=unknown
mkdir -p "$(dirname "$out")"
printf 'version=%s\ncommit=%s\n' "$version" "$commit" >"$out.tmp"
mv -f "$out.tmp" "$out"
