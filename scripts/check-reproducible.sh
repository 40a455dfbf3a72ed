#!/usr/bin/env bash
# Two clean builds give byte-identical artifacts. Clones the checkout's HEAD twice (committed
# work only: commit first) into two throwaway folders at different paths, builds each with the
# release profile (jars, sources, javadoc, SBOMs, the CLI's jar; no tests, signing skipped
# without a key), checks that every published module has what Maven Central requires
# (scripts/lib/published.py release), and compares every jar and SBOM byte for byte.
#
#   scripts/check-reproducible.sh [--keep]
#
# Outside a git checkout the working files are copied instead (the build then records commit
# "unknown"). --keep leaves both trees and prints where they are. Exit 0 when all match.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)

# shellcheck source=lib/checks.sh
. scripts/lib/checks.sh
throwaway_work_dir reproducible "${1:-}"

# Both builds use the local repository this checkout uses (its .mvn/maven.config is not
# committed, so the clones would not find it).
local_repo=$(build_local_repository)

copy() {
    local target=$1
    if git rev-parse --verify -q HEAD >/dev/null 2>&1; then
        git clone -q --no-hardlinks "$root" "$target"
    else
        mkdir -p "$target"
        tar -C "$root" --exclude=./target --exclude='./*/target' --exclude=./.mvn/maven.config -cf - . \
            | tar -C "$target" -xf -
    fi
}

# The two trees lie at paths of different lengths, so that no absolute path can hide in a jar.
trees=("$work/first" "$work/second-build")
for tree in "${trees[@]}"; do
    copy "$tree"
    log "building $tree"
    start=$SECONDS
    (cd "$tree" && ./mvnw -B -ntp -q -Dstyle.color=never -Dmaven.repo.local="$local_repo" -Prelease \
        package -Dmaven.test.skip=true)
    log "built in $((SECONDS - start)) s"
done

python3 scripts/lib/published.py release "${trees[0]}"

artifacts() {
    (cd "$1" && find . -maxdepth 3 -path '*/target/*' \( -name '*.jar' -o -name 'bom.json' \) -type f | sort)
}
if ! diff <(artifacts "${trees[0]}") <(artifacts "${trees[1]}"); then
    log "the two builds made different sets of files"
    exit 1
fi
count=0
different=0
while read -r file; do
    count=$((count + 1))
    if ! cmp -s "${trees[0]}/$file" "${trees[1]}/$file"; then
        different=$((different + 1))
        log "DIFFERENT $file"
        python3 scripts/lib/published.py diff "${trees[0]}/$file" "${trees[1]}/$file" || true
    fi
done < <(artifacts "${trees[0]}")
if [ "$different" -gt 0 ]; then
    log "$different of $count artifacts differ between two clean builds"
    exit 1
fi
log "$count artifacts (jars, sources, javadoc, SBOMs) are byte-identical in two clean builds"
(cd "${trees[0]}" && artifacts . | xargs sha256sum | sed 's#  \./#  #' | head -n 60)
