#!/bin/sh
# One end-to-end case: run headroom from the source root with the case's
# arguments and compare stdout, stderr, the exit code and any report files
# exactly.
#
#   run_case.sh HEADROOM CASE_DIR SOURCE_ROOT
#
# A case directory holds: args (one argument per line; @TMP@ is a scratch
# directory), optional stdin, expected stdout / stderr (absent = empty),
# exit (the code), optional env (VAR=value lines, exported for the run),
# and file.NAME for each report written to @TMP@/NAME.
# HR_VALGRIND=1 runs the binary under valgrind, failing on any error or
# leak.  HR_UPDATE_GOLDEN=1 rewrites the expectations instead of checking.
set -u
bin=$1
case=$2
root=$3
cd "$root" || exit 1
# A CI job's pull-request variables would make every case compare with a
# base (headroom/base.h): the cases choose their own.
unset GITHUB_EVENT_NAME GITHUB_EVENT_PATH CI_MERGE_REQUEST_DIFF_BASE_SHA
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

set --
while IFS= read -r arg || [ -n "$arg" ]; do
	set -- "$@" "$(printf '%s' "$arg" | sed "s|@TMP@|$tmp|g")"
done < "$case/args"
input=/dev/null
[ -f "$case/stdin" ] && input="$case/stdin"
# env (optional): VAR=value lines, exported for the run
if [ -f "$case/env" ]; then
	while IFS= read -r kv || [ -n "$kv" ]; do export "$kv"; done < "$case/env"
fi

if [ "${HR_VALGRIND:-0}" = 1 ]; then
	NO_COLOR=1 valgrind -q --error-exitcode=99 --leak-check=full \
		--show-leak-kinds=all --errors-for-leak-kinds=all \
		--suppressions="$(dirname "$0")/../valgrind.supp" \
		--log-file="$tmp/valgrind.log" \
		"$bin" "$@" < "$input" > "$tmp/stdout" 2> "$tmp/stderr"
else
	NO_COLOR=1 "$bin" "$@" < "$input" > "$tmp/stdout" 2> "$tmp/stderr"
fi
code=$?

if [ "${HR_UPDATE_GOLDEN:-0}" = 1 ]; then
	cp "$tmp/stdout" "$case/stdout"
	if [ -s "$tmp/stderr" ]; then cp "$tmp/stderr" "$case/stderr"; else rm -f "$case/stderr"; fi
	echo "$code" > "$case/exit"
	for f in "$tmp"/*; do
		name=$(basename "$f")
		case $name in stdout|stderr|valgrind.log) continue ;; esac
		cp "$f" "$case/file.$name"
	done
	exit 0
fi

failed=0
if [ -s "$tmp/valgrind.log" ] || [ "$code" = 99 ]; then
	echo "valgrind reported errors:"; cat "$tmp/valgrind.log"; failed=1
fi
want_code=$(cat "$case/exit")
if [ "$code" != "$want_code" ]; then
	echo "exit code $code, expected $want_code"; failed=1
fi
for stream in stdout stderr; do
	want="$case/$stream"
	[ -f "$want" ] || want=/dev/null
	if ! diff -u "$want" "$tmp/$stream"; then
		echo "$stream differs"; failed=1
	fi
done
for want in "$case"/file.*; do
	[ -e "$want" ] || continue
	name=${want##*/file.}
	if ! diff -u "$want" "$tmp/$name"; then
		echo "report file $name differs"; failed=1
	fi
done
exit $failed
