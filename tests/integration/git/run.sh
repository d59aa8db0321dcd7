#!/bin/sh
# The pull-request gate on real repositories: each case builds a git
# repository with the git command (the product itself never runs git),
# runs headroom in it, and compares stdout, stderr and the exit code with
# expected/CASE.{stdout,stderr,exit}.  Commit ids are written @COMMIT@
# and the scratch directory @TMP@ in the expectations.
#
#   run.sh HEADROOM SOURCE_DIR [CASE...]
#
# HR_UPDATE_GOLDEN=1 rewrites the expectations instead of checking.
set -u
headroom=$1
here=$2/tests/integration/git
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# No user or system git configuration, no CI variables of the job running
# the tests: every repository and every choice of base is the test's own.
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1 TZ=UTC
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
export GIT_AUTHOR_DATE='2026-11-01T00:00:00Z' GIT_COMMITTER_DATE='2026-11-01T00:00:00Z'
unset GITHUB_EVENT_NAME GITHUB_EVENT_PATH CI_MERGE_REQUEST_DIFF_BASE_SHA
mkdir -p "$HOME"

failed=0
total=0

# deploy NAME MEMORY [CPU] [REPLICAS]: a Deployment in namespace shop.
deploy() {
	cat <<YAML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: $1
  namespace: shop
spec:
  replicas: ${4:-2}
  template:
    spec:
      containers:
        - name: app
          image: shop/$1:1
          resources:
            requests:
              cpu: ${3:-500m}
              memory: $2
            limits:
              memory: $2
YAML
}

# hpa NAME MIN MAX: an autoscaler for Deployment NAME.
hpa() {
	cat <<YAML
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: $1
  namespace: shop
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: $1}
  minReplicas: $2
  maxReplicas: $3
YAML
}

POLICY='version: 1
profiles:
  standard:
    change:
      max_decrease: 30%
      max_increase: 100%
      max_cost_increase: 20
      max_cost_increase_ratio: 25%
    replicas: {min: 2}
'

# A fresh repository in $tmp/NAME with the policy, as the working directory.
repo() {
	rm -rf "$tmp/$1"
	mkdir -p "$tmp/$1/deploy"
	cd "$tmp/$1" || exit 1
	git init -q -b main .
	printf '%s' "$POLICY" > .headroom.yaml
}

commit() {
	git add -A && git commit -q -m "$1"
}

# check CASE ARGS...: run headroom here and compare with expected/CASE.
check() {
	name=$1
	shift
	total=$((total + 1))
	"$headroom" check "$@" > "$tmp/out" 2> "$tmp/err"
	code=$?
	for s in out err; do
		sed -E -e "s|$tmp|@TMP@|g" -e 's/[0-9a-f]{40}/@COMMIT@/g' \
		    -e 's/merge base [0-9a-f]{12}/merge base @COMMIT@/' \
		    "$tmp/$s" > "$tmp/$s.n"
	done
	want="$here/expected/$name"
	if [ "${HR_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$tmp/out.n" "$want.stdout"
		if [ -s "$tmp/err.n" ]; then cp "$tmp/err.n" "$want.stderr"; else rm -f "$want.stderr"; fi
		echo "$code" > "$want.exit"
		return
	fi
	bad=0
	[ "$code" = "$(cat "$want.exit" 2>/dev/null)" ] ||
		{ echo "$name: exit $code, expected $(cat "$want.exit" 2>/dev/null)"; bad=1; }
	diff -u "$want.stdout" "$tmp/out.n" || { echo "$name: stdout differs"; bad=1; }
	[ -f "$want.stderr" ] && w="$want.stderr" || w=/dev/null
	diff -u "$w" "$tmp/err.n" || { echo "$name: stderr differs"; bad=1; }
	[ $bad = 0 ] && echo "ok   $name" || { echo "FAIL $name"; failed=$((failed + 1)); }
}

# ---- the acceptance case: memory halved under a 30% step policy --------

repo accept
deploy cart 1Gi > deploy/cart.yaml
deploy web 256Mi 100m > deploy/web.yaml
commit base
deploy cart 512Mi > deploy/cart.yaml
commit "halve cart's memory"
check halve-text --base HEAD~1 deploy
check halve-json --base HEAD~1 -f json deploy
check halve-markdown --base HEAD~1 -f markdown deploy
# As the acceptance runs it: no path, so the working directory.
check halve-no-path --base HEAD~1

# ---- within the step, and exactly at it --------------------------------

repo within
deploy cart 1Gi > deploy/cart.yaml
commit base
deploy cart 768Mi > deploy/cart.yaml
commit "cart -25%"
check shrink-within --base HEAD~1 deploy
deploy cart 717Mi > deploy/cart.yaml
commit "cart to the suggested step"
check shrink-at-step --base HEAD~2 deploy

# ---- moved, split, merged ----------------------------------------------

repo moved
deploy cart 1Gi > deploy/cart.yaml
{ deploy a 256Mi; echo ---; deploy b 256Mi; } > deploy/both.yaml
commit base
git mv deploy/cart.yaml deploy/shop-cart.yaml
deploy a 256Mi > deploy/both.yaml
deploy b 256Mi > deploy/b.yaml
commit "move cart, split both.yaml"
check moved-and-split --base HEAD~1 -f json deploy

# ---- deleted and new workloads, cost down and up -----------------------

repo lifecycle
deploy cart 1Gi > deploy/cart.yaml
deploy legacy 2Gi 1 > deploy/legacy.yaml
commit base
git rm -q deploy/legacy.yaml
deploy search 512Mi 250m > deploy/search.yaml
commit "retire legacy, add search"
check deleted-and-new --base HEAD~1 deploy
check deleted-and-new-json --base HEAD~1 -f json deploy

repo cost
deploy cart 1Gi 500m 2 > deploy/cart.yaml
commit base
deploy cart 2Gi 2 4 > deploy/cart.yaml
commit "cart: 4x CPU, twice the memory, twice the replicas"
check cost-up --base HEAD~1 deploy
deploy cart 1Gi 500m 2 > deploy/cart.yaml
git commit -qam "back"
deploy cart 800Mi 400m 2 > deploy/cart.yaml
commit "cart a little smaller"
check cost-down --base HEAD~1 -f json deploy

# ---- an HPA change ------------------------------------------------------

repo hpa
{ deploy cart 1Gi; echo ---; hpa cart 3 6; } > deploy/cart.yaml
commit base
{ deploy cart 1Gi; echo ---; hpa cart 1 6; } > deploy/cart.yaml
commit "let cart scale down to 1"
check hpa-min-replicas --base HEAD~1 deploy

# ---- --changed-only, and marks on changed lines --------------------------

repo scope
deploy cart 1Gi > deploy/cart.yaml
deploy old 256Mi 100m 1 > deploy/old.yaml
commit base
deploy cart 600Mi > deploy/cart.yaml
commit "cart smaller"
check scope-all --base HEAD~1 deploy
check scope-changed-only --base HEAD~1 --changed-only deploy
check scope-changed-only-json --base HEAD~1 --changed-only -f json deploy

# Paths are relative to the working directory, in a subdirectory too.
cd deploy || exit 1
check subdirectory --base HEAD~1 --changed-only -c ../.headroom.yaml .
cd .. || exit 1

# ---- where the base comes from ------------------------------------------

sha=$(git rev-parse HEAD~1)
printf '{"action":"opened","number":7,"pull_request":{"head":{"sha":"%s"},"base":{"ref":"main","sha":"%s"}}}\n' \
	"$(git rev-parse HEAD)" "$sha" > "$tmp/event.json"
GITHUB_EVENT_NAME=pull_request GITHUB_EVENT_PATH="$tmp/event.json" \
	check github-event --changed-only deploy
CI_MERGE_REQUEST_DIFF_BASE_SHA=$sha check gitlab-variable --changed-only deploy
GITHUB_EVENT_NAME=push CI_MERGE_REQUEST_DIFF_BASE_SHA=$sha \
	check github-push-then-gitlab --changed-only deploy
CI_MERGE_REQUEST_DIFF_BASE_SHA=$sha check explicit-base-wins --base HEAD --changed-only deploy
CI_MERGE_REQUEST_DIFF_BASE_SHA='main; rm -rf /' check gitlab-not-a-sha deploy
printf '{"pull_request":{"base":{}}}' > "$tmp/bad-event.json"
GITHUB_EVENT_NAME=pull_request_target GITHUB_EVENT_PATH="$tmp/bad-event.json" \
	check github-event-without-sha deploy
check no-base deploy
check changed-only-without-base --changed-only deploy

# ---- a change that repairs a broken manifest can pass --------------------

repo repair
deploy web 256Mi 100m > deploy/web.yaml
printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cart\n' > deploy/cart.yaml
commit "broken cart"
deploy cart 512Mi > deploy/cart.yaml
commit "repair cart"
check broken-base-repaired --base HEAD~1 deploy

# ---- errors: exit 2 with a way out ---------------------------------------

check unknown-rev --base no-such-branch deploy
repo unrelated
deploy x 1Gi > deploy/x.yaml
commit one
git checkout -q --orphan other
commit two
check no-merge-base --base main deploy
git checkout -q main

mkdir -p "$tmp/plain/deploy"
cd "$tmp/plain" || exit 1
deploy cart 1Gi > deploy/cart.yaml
check not-a-repository --base HEAD~1 deploy

cd "$tmp/accept" || exit 1
check outside-the-repository --base HEAD~1 "$tmp/plain/deploy"

cd "$tmp" || exit 1
git clone -q --depth 1 "file://$tmp/accept" shallow
cd shallow || exit 1
check shallow-clone --base HEAD~1 deploy
check shallow-clone-merge-base --base "$(git -C "$tmp/accept" rev-parse HEAD~1)" deploy

echo "$((total - failed)) passed, $failed failed"
[ "$failed" = 0 ]
