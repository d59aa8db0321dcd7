#!/bin/sh
# The README's first command: install, build, and run the gate on the demo.
set -eu
cd "$(dirname "$0")/.."
sh tests/install-deps.sh
[ -d build ] || meson setup build
meson compile -C build
echo
echo "\$ build/src/headroom check fixtures/demo"
set +e
build/src/headroom check fixtures/demo
code=$?
set -e
echo
case $code in
0) echo "exit 0: the gate passed" ;;
1) echo "exit 1: the gate failed (the demo contains a failing case on purpose)" ;;
*) echo "exit $code: headroom could not evaluate the input"; exit "$code" ;;
esac
