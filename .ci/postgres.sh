#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the audit-store tests.
#   bash .ci/postgres.sh start       prints "URL DATA_FOLDER" (a SQLAlchemy URL, then the cluster's folder)
#   bash .ci/postgres.sh stop DATA   stops it and removes its folder
set -euo pipefail
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "no PostgreSQL server binaries" >&2; exit 1; }
as_owner=()
[ "$(id -u)" = 0 ] && as_owner=(runuser -u postgres --)
case "${1:-start}" in
start)
    folder="$(mktemp -d /tmp/cchc-pg.XXXXXX)"
    [ "$(id -u)" = 0 ] && chown postgres "$folder"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    "${as_owner[@]}" "$bin/initdb" -D "$folder/data" -U postgres -A trust --no-sync >/dev/null
    "${as_owner[@]}" "$bin/pg_ctl" -D "$folder/data" -l "$folder/log" -w \
        -o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres $folder/data"
    ;;
stop)
    "${as_owner[@]}" "$bin/pg_ctl" -D "$2" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$(dirname "$2")"
    ;;
esac
