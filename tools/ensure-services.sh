#!/usr/bin/env bash
# Starts PostgreSQL, NATS (JetStream) and Redis on this machine when they are not answering, and
# creates the development database `studioflow` when it is missing.
# The start commands are the machine's own (see the README, "Running without Docker").
set -uo pipefail

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # port name
  for _ in $(seq 1 60); do answers "$1" && return 0; sleep 0.5; done
  echo "ensure-services: $2 did not start on port $1" >&2
  return 1
}

if ! answers 5432; then
  echo "ensure-services: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  wait_for 5432 PostgreSQL || exit 1
fi
if ! answers 4222; then
  echo "ensure-services: starting NATS with JetStream"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
  wait_for 4222 NATS || exit 1
fi
if ! answers 6379; then
  echo "ensure-services: starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for 6379 Redis || exit 1
fi
# The development database the apps default to (DATABASE_URL=.../studioflow).
if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc "select 1 from pg_database where datname = 'studioflow'" | grep -q 1; then
  echo "ensure-services: creating database studioflow"
  psql -h 127.0.0.1 -U postgres -d postgres -qc 'create database studioflow' || exit 1
fi
echo "ensure-services: PostgreSQL, NATS and Redis are answering"
