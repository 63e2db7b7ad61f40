#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run-with-postgres.sh COMMAND [ARG…]: runs COMMAND beside a PostgreSQL 15
# server of its own, then stops the server and deletes it.
#
# The server lives in a temporary folder (initdb, pg_ctl), listens on a
# Unix socket in that folder only (listen_addresses=''; no network), and
# trusts local connections: only this user can reach the socket folder.
# COMMAND gets OT_TEST_PG, the libpq connection string of its superuser
# "postgres" (host=SOCKET-FOLDER dbname=postgres user=postgres).
#
# initdb refuses to run as root (CI runs as root): then the server runs
# as the unprivileged user nobody (OT_TEST_PG_USER to choose another),
# through setpriv, in a folder that user owns, mode 0700.
#
# OT_TEST_PG_OPTIONS adds server settings ("-c shared_buffers=2GB …",
# build-aux/bench-store).  OT_TEST_PG_KEEP=DIR keeps the server's folder
# in DIR instead (made on the first run, reused by the next; the server
# is stopped but not deleted): a store too big to build twice, such as
# build-aux/bench-store's hundred million.
#
# run-with-postgres.sh --tls COMMAND [ARG…] (or OT_TEST_PG_TLS=1) also
# turns TLS on and listens on 127.0.0.1 (loopback only; a random free
# port) for TLS connections only (pg_hba hostssl),
# with certificates made by openssl in the folder: an authority, a server
# certificate it signed for the name "localhost", and a second authority
# that signed nothing.  COMMAND then gets OT_TEST_PG_TLS_PORT,
# OT_TEST_PG_TLS_CA and OT_TEST_PG_TLS_OTHER_CA (the two authorities'
# certificates), and PGPORT; tests/test-store-tls.c uses them.
#
# Without the PostgreSQL 15 server binaries (Debian's postgresql-15;
# OT_PG_BINDIR to point elsewhere) COMMAND runs without OT_TEST_PG and
# the store tests skip, saying why.  Exit status: COMMAND's.
set -uo pipefail

if [ "${1:-}" = --tls ]; then
  export OT_TEST_PG_TLS=1
  shift
fi
if [ $# -eq 0 ]; then
  sed -n '3,28p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi

bindir=${OT_PG_BINDIR:-}
if [ -z "$bindir" ]; then
  for d in /usr/lib/postgresql/15/bin $(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)"); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
      bindir=$d
      break
    fi
  done
fi
if [ -z "$bindir" ]; then
  export OT_TEST_PG_MISSING="no PostgreSQL 15 server binaries (initdb, pg_ctl, postgres): install postgresql-15, or set OT_PG_BINDIR"
  unset OT_TEST_PG
  exec "$@"
fi

# As root, the server runs as an unprivileged user.
as=()
if [ "$(id -u)" -eq 0 ]; then
  runas=${OT_TEST_PG_USER:-nobody}
  uid=$(id -u "$runas") || exit 1
  gid=$(id -g "$runas") || exit 1
  as=(setpriv --reuid="$uid" --regid="$gid" --clear-groups --)
fi

keep=${OT_TEST_PG_KEEP:-}
if [ -n "$keep" ]; then
  mkdir -p "$keep" || exit 1
  dir=$(cd "$keep" && pwd)
else
  dir=$(mktemp -d "${TMPDIR:-/tmp}/oretrace-pg.XXXXXX") || exit 1
fi
chmod 0700 "$dir"
if [ ${#as[@]} -gt 0 ]; then
  chown "$uid:$gid" "$dir"
fi
data=$dir/data
log=$dir/server.log

cleanup () {
  if [ -f "$data/postmaster.pid" ]; then
    if [ -n "$keep" ]; then
      "${as[@]}" "$bindir/pg_ctl" -D "$data" -m fast -w -t 600 stop >/dev/null 2>&1
    else
      "${as[@]}" "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1
    fi
  fi
  [ -n "$keep" ] || rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Fast and throw-away: no fsync, a small cluster.
if [ -n "$keep" ] && [ -f "$data/PG_VERSION" ]; then
  :
elif ! (cd "$dir" && "${as[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust --no-sync \
        --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1); then
  echo "run-with-postgres: initdb failed:" >&2
  cat "$dir/initdb.log" >&2
  exit 1
fi
listen="-c listen_addresses=''"
port=
if [ "${OT_TEST_PG_TLS:-}" = 1 ]; then
  tls=$dir/tls
  mkdir "$tls" || exit 1
  # Two authorities and a server certificate signed by the first, for
  # "localhost" only (an address or another name does not match it).
  if ! (cd "$tls" &&
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Oretrace test authority" \
          -keyout ca.key -out ca.crt &&
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Oretrace other authority" \
          -keyout other-ca.key -out other-ca.crt &&
        openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr &&
        printf 'subjectAltName=DNS:localhost\n' > server.ext &&
        openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
          -extfile server.ext -out server.crt) >"$dir/openssl.log" 2>&1; then
    echo "run-with-postgres: openssl could not make the certificates:" >&2
    cat "$dir/openssl.log" >&2
    exit 1
  fi
  chmod 0600 "$tls/server.key"
  if [ ${#as[@]} -gt 0 ]; then
    chown -R "$uid:$gid" "$tls"
  fi
  # The socket for the tests' administration; TCP with TLS only.
  printf 'local all all trust\nhostssl all all 127.0.0.1/32 trust\n' > "$data/pg_hba.conf"
  listen="-c listen_addresses=127.0.0.1 -c ssl=on -c ssl_cert_file='$tls/server.crt' -c ssl_key_file='$tls/server.key'"
fi

# With TLS, a random port on loopback (which may be taken: a few tries).
started=0
portopt=
for try in 1 2 3 4 5; do
  if [ "${OT_TEST_PG_TLS:-}" = 1 ]; then
    port=$(shuf -i 20000-60000 -n 1)
    portopt="-c port=$port"
  fi
  if (cd "$dir" && "${as[@]}" "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 30 \
        -o "$listen $portopt -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40 ${OT_TEST_PG_OPTIONS:-}" \
        start >/dev/null 2>&1); then
    started=1
    break
  fi
  [ "${OT_TEST_PG_TLS:-}" = 1 ] || break
done
if [ $started = 0 ]; then
  echo "run-with-postgres: the server did not start:" >&2
  cat "$log" >&2
  exit 1
fi

export OT_TEST_PG="host=$dir${port:+ port=$port} dbname=postgres user=postgres"
if [ "${OT_TEST_PG_TLS:-}" = 1 ]; then
  export PGPORT=$port OT_TEST_PG_TLS_PORT=$port OT_TEST_PG_TLS_CA=$tls/ca.crt OT_TEST_PG_TLS_OTHER_CA=$tls/other-ca.crt
fi
export OT_TEST_PG_DIR=$dir
"$@"
status=$?
exit $status
