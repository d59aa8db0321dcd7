#!/usr/bin/env bash
# The action's gate step: inputs (HR_* variables) to flags, then headroom
# check writes the annotations (stdout), the job summary, the step outputs
# and the sticky comment itself.  The step ends with the gate's exit code.
# Nothing from a manifest passes through this script.
set -u
set -f # input lists are split on white space, never globbed
args=(check -f github -f "markdown=$GITHUB_STEP_SUMMARY"
	-f "json=${RUNNER_TEMP:-/tmp}/headroom-report.json"
	--github-output "$GITHUB_OUTPUT")
[ -n "${HR_CONFIG:-}" ] && args+=(-c "$HR_CONFIG")
for r in ${HR_RECOMMENDATIONS:-}; do args+=(-r "$r"); done
[ -n "${HR_PROMETHEUS_URL:-}" ] && args+=(--prometheus "$HR_PROMETHEUS_URL")
[ -n "${HR_BASE:-}" ] && args+=(--base "$HR_BASE")
[ -n "${HR_FAIL_ON:-}" ] && args+=(--fail-on "$HR_FAIL_ON")
[ -n "${HR_SARIF_FILE:-}" ] && args+=(-f "sarif=$HR_SARIF_FILE")
if [ "${HR_COMMENT:-false}" = true ]; then
	args+=(--comment github)
	[ "${HR_SUGGESTIONS:-false}" = true ] && args+=(--suggestions)
fi
args+=(--)
for p in ${HR_PATHS:-.}; do args+=("$p"); done
"${HR_BINARY:?}" "${args[@]}"
code=$?
echo "exit-code=$code" >> "$GITHUB_OUTPUT"
exit "$code"
