#!/usr/bin/env bash
# The whole test suite, as CI runs it:
#   1. a normal build with warnings as errors, every test;
#   2. an address+undefined sanitizer build, every test again;
#   3. the end-to-end tests under valgrind (no errors, no leaks).
# Ends with the line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."

passed=0
failed=0

# Adds one meson test run's counts; its log goes to the build directory.
count_run() {
	local label=$1 dir=$2
	shift 2
	local log="$dir/run-$label.log"
	echo "== $label"
	"$@" > "$log" 2>&1
	local rc=$?
	local ok fail
	ok=$(awk '/^Ok:/ {print $2}' "$log")
	fail=$(awk '/^(Fail|Timeout|Unexpected Pass):/ {s += $NF} END {print s + 0}' "$log")
	skipped=$(awk '/^Skipped:/ {print $2}' "$log")
	if [ -z "$ok" ]; then
		echo "   $label did not run:"; tail -n 30 "$log"
		failed=$((failed + 1))
		return
	fi
	echo "   $ok passed, $fail failed, ${skipped:-0} skipped"
	if [ "$rc" -ne 0 ] || [ "$fail" -ne 0 ]; then
		grep -E '^[ 0-9/]+.*(FAIL|TIMEOUT)' "$log" | head -n 40
		sed -n '/^Summary of Failures/,$p' "$log" | head -n 60
		awk '/stdout:|stderr:|-------/{p=1} p' "$log" | head -n 120
		[ "$fail" -eq 0 ] && fail=1
	fi
	passed=$((passed + ok))
	failed=$((failed + fail))
}

setup() {
	local dir=$1
	shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" > "$dir.setup.log" 2>&1 ||
			{ cat "$dir.setup.log"; return 1; }
	fi
	meson compile -C "$dir" > "$dir.compile.log" 2>&1 ||
		{ cat "$dir.compile.log"; return 1; }
}

if setup build-ci --werror -Dwarning_level=3; then
	count_run tests build-ci meson test -C build-ci --print-errorlogs
	count_run valgrind-e2e build-ci env HR_VALGRIND=1 meson test -C build-ci \
		--suite e2e --print-errorlogs --timeout-multiplier 4
else
	echo "normal build failed"; failed=$((failed + 1))
fi

if setup build-sanitize --werror -Dwarning_level=3 -Darena_debug=true \
	-Db_sanitize=address,undefined -Db_lundef=false \
	-Dc_args=-fno-sanitize-recover=all; then
	count_run sanitizers build-sanitize env \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		meson test -C build-sanitize --print-errorlogs
else
	echo "sanitizer build failed"; failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
