#!/bin/sh
# 2,000 workloads x 14 days at 5-minute spacing in a real Prometheus, then
# bench_prometheus (batched vs one query set per container).
#   tests/bench/prometheus_scale.sh BUILD_DIR [WORKLOADS] [WORKDIR]
# Needs ~3 GB of disk in WORKDIR (default: a new directory under /tmp).
set -eu
build=$1
n=${2:-2000}
work=${3:-$(mktemp -d /tmp/hr-prom-bench-XXXXXX)}
here=$(cd "$(dirname "$0")/../integration/prometheus" && pwd)
cd "$work"
[ -f scale.om ] || python3 "$here/gen_history.py" --scale "$n" scale.om
[ -d data ] || promtool tsdb create-blocks-from openmetrics \
	--max-block-duration=768h scale.om data > /dev/null
: > empty.yml
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
prometheus --config.file=empty.yml --storage.tsdb.path=data \
	--storage.tsdb.retention.time=100y --query.timeout=30m \
	--web.listen-address=127.0.0.1:$port > prom.log 2>&1 &
pid=$!
trap 'kill $pid' EXIT
until curl -sf "http://127.0.0.1:$port/-/ready" > /dev/null; do sleep 0.5; done
"$build/tests/bench_prometheus" "http://127.0.0.1:$port" 1741996800
