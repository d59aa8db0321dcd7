#!/bin/sh
# The GitHub Action's build steps as the runner runs them: "key" writes the
# cache key and directory to $GITHUB_OUTPUT; "build" on a cache miss builds
# headroom into that directory; on a hit (HR_CACHED=true, binary present)
# it builds nothing.  The binary it leaves must be a working headroom.
#
#   build_step.sh SOURCE_ROOT
set -eu
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GITHUB_OUTPUT="$work/output" RUNNER_TEMP="$work/temp" \
	RUNNER_TOOL_CACHE="$work/tool-cache"
mkdir -p "$RUNNER_TEMP"
: > "$GITHUB_OUTPUT"

"$src/action/build.sh" key
hash=$(sed -n 's/^hash=//p' "$GITHUB_OUTPUT")
dir=$(sed -n 's/^dir=//p' "$GITHUB_OUTPUT")
printf '%s\n' "$hash" | grep -Eq '^[0-9a-f]{32}$' || {
	echo "bad cache hash: '$hash'"; exit 1; }
[ "$dir" = "$RUNNER_TOOL_CACHE/headroom-$hash" ] || {
	echo "bad cache dir: '$dir'"; exit 1; }

# The key depends on the sources only: asked again, it is the same.
: > "$GITHUB_OUTPUT"
"$src/action/build.sh" key
[ "$(sed -n 's/^hash=//p' "$GITHUB_OUTPUT")" = "$hash" ] || {
	echo "the cache key changed between two runs"; exit 1; }

# A cache miss: a release build into the cache directory.
HR_DIR=$dir HR_CACHED=false "$src/action/build.sh" build > "$work/build.log" 2>&1 || {
	tail -n 30 "$work/build.log"; exit 1; }
"$dir/headroom" --version | grep -q '^headroom ' || {
	echo "the built binary does not run"; exit 1; }

# A cache hit: nothing is built (the build directory stays absent).
rm -rf "$RUNNER_TEMP/headroom-build"
HR_DIR=$dir HR_CACHED=true "$src/action/build.sh" build > "$work/hit.log" 2>&1
[ ! -e "$RUNNER_TEMP/headroom-build" ] || {
	echo "a cache hit rebuilt headroom"; exit 1; }
"$dir/headroom" rules > /dev/null
echo "ok: key $hash, built, cache hit reused"
