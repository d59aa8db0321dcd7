#!/bin/sh
# The README's first command: install, build, and run the gate on the demo.
set -eu
cd "$(dirname "$0")/.."
sh tests/install-deps.sh
[ -d build ] || meson setup build
meson compile -C build
echo
echo "\$ build/src/headroom check -r fixtures/demo/recommendations.json fixtures/demo/manifests"
set +e
build/src/headroom check -r fixtures/demo/recommendations.json fixtures/demo/manifests
code=$?
set -e
echo
case $code in
0) echo "exit 0: the gate passed" ;;
1) echo "exit 1: the gate failed (the demo has a passing, a warning and two failing services, on purpose)" ;;
*) echo "exit $code: headroom could not evaluate the input"; exit "$code" ;;
esac
