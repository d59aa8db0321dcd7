#!/bin/sh
# The README's rules section is `headroom rules --format markdown`, verbatim.
#   readme_rules.sh HEADROOM README
set -u
headroom=$1 readme=$2
tmp=${TMPDIR:-/tmp}/hr-readme-rules.$$
trap 'rm -f "$tmp".*' EXIT
sed -n '/^<!-- rules:begin -->$/,/^<!-- rules:end -->$/p' "$readme" |
	sed '1d;$d' > "$tmp.readme"
"$headroom" rules --format markdown > "$tmp.rules" || exit 1
if ! [ -s "$tmp.readme" ]; then
	echo "README has no rules section between the markers"; exit 1
fi
if ! diff -u "$tmp.readme" "$tmp.rules"; then
	echo "README's rules section is stale: regenerate it with 'headroom rules --format markdown'"
	exit 1
fi
