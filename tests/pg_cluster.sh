#!/bin/sh
# A throwaway PostgreSQL cluster for the tests labelled `postgres`:
#   pg_cluster.sh start STATE   initdb in a temporary directory, a free port, the Unix socket in
#                               that directory; writes the connection URI to STATE/uri
#   pg_cluster.sh stop STATE    stops the server and removes the directory
#   pg_cluster.sh crash STATE   kills the postmaster with SIGKILL (the crash test)
#   pg_cluster.sh restart STATE starts it again on the same port and socket (crash recovery)
# As root the server runs as `nobody` (initdb and postgres refuse root).
set -eu
cmd="$1"
state="$2"
bindir=$(pg_config --bindir 2>/dev/null || true)
if [ ! -x "$bindir/initdb" ]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    mkdir -p "$state"
    [ -f "$state/dir" ] && "$0" stop "$state"
    dir=$(mktemp -d /tmp/praksis-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown nobody "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U praksis -A trust -E UTF8 --no-sync \
      --locale=C >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; exit 1; }
    # A free port: the kernel's choice for a socket bound to port 0.
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    echo "$port" >"$state/port"
    echo "$dir" >"$state/dir"
    "$0" restart "$state"
    echo "postgresql://praksis@/postgres?host=$dir&port=$port" >"$state/uri"
    ;;
  restart)
    dir=$(cat "$state/dir")
    port=$(cat "$state/port")
    # listen_addresses='' : the Unix socket only; the port names the socket file. After a crash
    # the old backends may still be leaving: try again for a few seconds.
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-k $dir -p $port -c listen_addresses= -c max_connections=200" start >/dev/null &&
        exit 0
      sleep 0.5
    done
    cat "$dir/server.log"
    exit 1
    ;;
  crash)
    dir=$(cat "$state/dir")
    kill -9 "$(head -n 1 "$dir/data/postmaster.pid")"
    # The backends notice that the postmaster is gone and exit; restart waits for them.
    ;;
  stop)
    [ -f "$state/dir" ] || exit 0
    dir=$(cat "$state/dir")
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir" "$state/dir" "$state/uri" "$state/port"
    ;;
  *)
    echo "usage: $0 start|stop|crash|restart STATE_DIR" >&2
    exit 2
    ;;
esac
