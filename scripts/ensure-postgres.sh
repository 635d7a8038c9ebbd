#!/usr/bin/env bash
# Make a PostgreSQL server answer on 127.0.0.1:5432 for the PostgreSQL store tests, and print
# the URL they should use (QM_TEST_POSTGRES_URL). Idempotent: a server already answering is
# reused; a missing server is installed (Debian package `postgresql`) and started.
# Always exits 0: when it cannot provide a server the PostgreSQL suite skips with a message.
#
#   scripts/ensure-postgres.sh            # prints postgres://qm:qm@127.0.0.1:5432/qm_test
#   export QM_TEST_POSTGRES_URL=$(scripts/ensure-postgres.sh | tail -n 1)
set -u

HOST=127.0.0.1
PORT="${QM_TEST_POSTGRES_PORT:-5432}"
ROLE=qm
PASSWORD=qm
DB=qm_test
URL="postgres://${ROLE}:${PASSWORD}@${HOST}:${PORT}/${DB}"

log() { echo "ensure-postgres: $*" >&2; }

# Run a command as the postgres OS user (peer authentication over the local socket).
as_postgres() {
  if [ "$(id -u)" = "0" ]; then
    if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  else
    sudo -n -u postgres "$@"
  fi
}

answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$HOST" -p "$PORT" >/dev/null 2>&1
  else
    (exec 3<>"/dev/tcp/${HOST}/${PORT}") >/dev/null 2>&1
  fi
}

give_up() {
  log "$1; the PostgreSQL tests will skip"
  echo "$URL"
  exit 0
}

if ! answers; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    if [ "$(id -u)" != "0" ] && ! sudo -n true 2>/dev/null; then give_up "PostgreSQL is not installed and installing needs root"; fi
    SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo -n"
    log "installing the Debian package postgresql"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || give_up "apt-get update failed"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 || give_up "apt-get install postgresql failed"
  fi

  if command -v pg_lsclusters >/dev/null 2>&1; then
    cluster=$(pg_lsclusters --no-header 2>/dev/null | awk -v p="$PORT" '$3 == p { print $1 " " $2; exit }')
    if [ -z "$cluster" ]; then
      version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
      log "creating cluster $version/main on port $PORT"
      pg_createcluster "$version" main --port "$PORT" >&2 || give_up "pg_createcluster failed"
      cluster="$version main"
    fi
    log "starting cluster $cluster"
    # shellcheck disable=SC2086 # "version name" splits into two arguments on purpose
    pg_ctlcluster $cluster start >&2 || true
  else
    # No Debian wrappers: a private data directory run by pg_ctl.
    bindir=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)")
    data=/var/lib/postgresql/qm-test
    if [ ! -f "$data/PG_VERSION" ]; then
      mkdir -p "$data" && chown postgres "$data"
      as_postgres "$bindir/initdb" -D "$data" -A peer >&2 || give_up "initdb failed"
    fi
    as_postgres "$bindir/pg_ctl" -D "$data" -o "-p $PORT -k /tmp" -l "$data/server.log" start >&2 || true
  fi

  for _ in $(seq 1 30); do answers && break; sleep 1; done
  answers || give_up "no server answers on ${HOST}:${PORT} after starting one"
fi

# Role and database for the tests (CREATEDB so each test file can make its own schema or database).
if as_postgres psql -p "$PORT" -qtAc "select 1" postgres >/dev/null 2>&1; then
  as_postgres psql -p "$PORT" -qtA postgres >&2 <<SQL || log "could not create the role ${ROLE}"
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ROLE}') THEN
    CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}' CREATEDB;
  END IF;
END \$\$;
SQL
  if [ "$(as_postgres psql -p "$PORT" -qtAc "select 1 from pg_database where datname = '${DB}'" postgres)" != "1" ]; then
    as_postgres createdb -p "$PORT" -O "$ROLE" "$DB" >&2 || log "could not create the database ${DB}"
  fi
else
  log "a server answers on ${HOST}:${PORT} but not to the local postgres user; assuming ${URL} exists"
fi

log "PostgreSQL ready at ${URL}"
echo "$URL"
exit 0
