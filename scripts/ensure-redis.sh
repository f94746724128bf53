#!/usr/bin/env bash
# Makes sure a Redis answers at $REDIS_HOST:$REDIS_PORT (default 127.0.0.1:6379):
# starts a local, non-persistent redis-server when none answers, and says what to do when there is none.
set -euo pipefail
host=${REDIS_HOST:-127.0.0.1}
port=${REDIS_PORT:-6379}

ping() { redis-cli -h "$host" -p "$port" ping 2>/dev/null | grep -q PONG; }

if command -v redis-cli >/dev/null && ping; then
  exit 0
fi
if ! command -v redis-server >/dev/null; then
  cat >&2 <<MSG
vigil: no Redis answers at $host:$port and redis-server is not installed.
  Install it (Debian/Ubuntu: sudo apt-get install -y redis-server), or start one with
  Docker (docker run -p 6379:6379 redis:7), or point Vigil at yours with --redis.url=redis://HOST:PORT.
MSG
  exit 1
fi
echo "vigil: starting a local redis-server on $host:$port (nothing persisted)" >&2
redis-server --daemonize yes --bind "$host" --port "$port" --save "" --appendonly no \
  --dir /tmp --logfile /tmp/vigil-redis-$port.log
for _ in $(seq 1 50); do ping && exit 0; sleep 0.1; done
echo "vigil: redis-server did not answer on $host:$port; see /tmp/vigil-redis-$port.log" >&2
exit 1
