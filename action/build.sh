#!/usr/bin/env bash
# The action's build step.  "key": the cache key (a hash of the sources)
# and directory, as step outputs.  "build": the runtime libraries, and on
# a cache miss the build itself (meson, ninja, no tests) into that directory.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
case ${1:-} in
key)
	# The sources and the system: a binary built on one Ubuntu release
	# links libraries another may not have.
	hash=$( (cd "$src" && find meson.build meson_options.txt src include \
		-type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
		grep -E '^(ID|VERSION_ID)=' /etc/os-release 2>/dev/null || true) |
		sha256sum | cut -c1-32)
	echo "hash=$hash" >> "$GITHUB_OUTPUT"
	echo "dir=${RUNNER_TOOL_CACHE:-$HOME/.cache}/headroom-$hash" >> "$GITHUB_OUTPUT"
	;;
build)
	packages="gcc meson ninja-build pkg-config libyaml-dev libjansson-dev
libpcre2-dev libgit2-dev libcurl4-openssl-dev"
	missing=""
	for p in $packages; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		sudo=""
		[ "$(id -u)" -ne 0 ] && sudo=sudo
		$sudo apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
			--no-install-recommends $missing
	fi
	if [ "${HR_CACHED:-}" != "true" ] || [ ! -x "$HR_DIR/headroom" ]; then
		build="${RUNNER_TEMP:-/tmp}/headroom-build"
		meson setup "$build" "$src" --buildtype=release -Dtests=false
		ninja -C "$build"
		mkdir -p "$HR_DIR"
		cp "$build/src/headroom" "$HR_DIR/headroom"
	fi
	;;
*)
	echo "usage: build.sh key|build" >&2
	exit 2
	;;
esac
