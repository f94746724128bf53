#!/usr/bin/env bash
# Runs the Vigil demo on this machine: Redis (started when none answers), `vigil demo` (a target whose metric
# crosses a threshold, and a webhook sink printing notifications), the alertmanager with the silence UI, and
# the rule-manager scraping all three into its embedded store. Ctrl-C stops everything.
#   VIGIL_DATASOURCE_URL  query this Prometheus-compatible API instead of the embedded store
#   VIGIL_STORAGE_PATH    where the embedded store keeps its data (default .data/rule-manager)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ensure-redis.sh
npm run build -w @vigil/silence-ui --silent >/dev/null
store=(--storage.tsdb.path="${VIGIL_STORAGE_PATH:-.data/rule-manager}")
[ -n "${VIGIL_DATASOURCE_URL:-}" ] && store=(--datasource.url="$VIGIL_DATASOURCE_URL")
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
node bin/vigil.mjs demo &
pids+=($!)
node bin/vigil.mjs alertmanager --config.file=examples/alertmanager.yml --web.listen-address=0.0.0.0:9093 \
  --web.external-url=http://localhost:9093 &
pids+=($!)
node bin/vigil.mjs rule-manager --config.file=examples/prometheus.yml "${store[@]}" \
  --web.listen-address=0.0.0.0:9090 --web.external-url=http://localhost:9090 &
pids+=($!)
cat <<TEXT
vigil: alerts and the silence UI on http://localhost:9093, the rule-manager (a Prometheus query API) on
http://localhost:9090. Within about a minute DemoQueueBacklog goes pending, fires, shows in the UI and is
printed below as a notification (restarted within its 4h repeat_interval, the alertmanager remembers it was
sent, as Alertmanager does, and prints it again only when it resolves or the interval has passed).
TEXT
wait -n "${pids[@]}"
