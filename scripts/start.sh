#!/usr/bin/env bash
# Runs Vigil on this machine: Redis (started when none answers), the alertmanager and the rule-manager,
# with the example rules and config. Ctrl-C stops both services.
#   VIGIL_DATASOURCE_URL  Prometheus-compatible query API the rules run against (default http://127.0.0.1:9090)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-redis.sh
npm run build -w @vigil/silence-ui --silent >/dev/null
datasource=${VIGIL_DATASOURCE_URL:-http://127.0.0.1:9090}
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
node bin/vigil.mjs alertmanager --config.file=examples/alertmanager.yml --web.listen-address=0.0.0.0:9093 &
pids+=($!)
node bin/vigil.mjs rule-manager --config.file=examples/prometheus.yml --datasource.url="$datasource" \
  --web.listen-address=0.0.0.0:9096 &
pids+=($!)
echo "vigil: alertmanager on http://localhost:9093, rule-manager on http://localhost:9096 (rules query $datasource)"
wait -n "${pids[@]}"
