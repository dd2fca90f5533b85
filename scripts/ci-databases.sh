#!/usr/bin/env bash
# Starts the database servers the database tests use (test/helpers/databases.ts) when they are down —
# PostgreSQL on 127.0.0.1:5432 and MariaDB on 127.0.0.1:3306 — and waits until both accept connections.
# Idempotent; prints nothing when both are already up. Run it as root (CI) before the tests; with CI=true
# the database tests fail, rather than skip, when a server is unreachable.
#
#   scripts/ci-databases.sh            # FLOWCTL_DB_WAIT_SECONDS (default 60) bounds the wait
set -euo pipefail

wait_seconds=${FLOWCTL_DB_WAIT_SECONDS:-60}

postgres_up() { pg_isready -q -h 127.0.0.1 -p 5432 >/dev/null 2>&1; }
mariadb_up() { mariadb -h 127.0.0.1 -P 3306 -u root -e 'select 1' >/dev/null 2>&1; }

if ! postgres_up; then
  echo 'ci-databases: starting PostgreSQL' >&2
  for version in $(ls /etc/postgresql); do
    # Fails harmlessly when the cluster is already starting.
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  done
fi

if ! mariadb_up; then
  echo 'ci-databases: starting MariaDB' >&2
  # The socket and pid directory lives on a tmpfs that may have been emptied.
  install -d -o mysql -g mysql /run/mysqld 2>/dev/null || mkdir -p /run/mysqld
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd >&2
fi

deadline=$((SECONDS + wait_seconds))
until postgres_up && mariadb_up; do
  if ((SECONDS >= deadline)); then
    postgres_up || echo "ci-databases: PostgreSQL does not accept connections on 127.0.0.1:5432 after ${wait_seconds}s" >&2
    mariadb_up || echo "ci-databases: MariaDB does not accept connections on 127.0.0.1:3306 after ${wait_seconds}s" >&2
    exit 1
  fi
  sleep 0.5
done
