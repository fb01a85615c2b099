#!/bin/bash
# shellcheck shell=bash
#
# stack.sh — a private scholarship-api stack in one directory (VAR):
# a PostgreSQL 15 cluster reachable only through a unix socket, the
# generated configuration files and a lighttpd running the build tree's
# FastCGI responders on 127.0.0.1.  Layout (docs/internals.md):
#
#   VAR/pg/     data directory         VAR/run/  sockets, pid files, shm
#   VAR/log/    postgresql.log, lighttpd.log (and responder stderr)
#   VAR/www/    empty document root    VAR/stack.env  what `up` was given
#   VAR/scholarship-api.conf, VAR/lighttpd.conf
#
# Sourced by scripts/dev, scripts/test, scripts/bench and
# tests/integration/live.sh (it then only defines functions), or run:
#
#   stack.sh up VAR SRCDIR BUILDDIR PORT   everything, idempotently
#   stack.sh down VAR                      stop lighttpd and PostgreSQL
#   stack.sh status VAR                    what runs, pids, URLs
#   stack.sh pg-start VAR | pg-stop VAR    PostgreSQL alone
#   stack.sh www-start VAR | www-stop VAR  lighttpd alone
#   stack.sh psql VAR [ARGS]               psql as scholarship on its database
#   stack.sh psql-su VAR [ARGS]            psql as the cluster superuser
#   stack.sh admin VAR [ARGS]              scholarship-admin -c VAR/scholarship-api.conf
#   stack.sh migrate VAR | seed VAR        scholarship-admin migrate / seed --demo
#   stack.sh free-port                     print a free TCP port on 127.0.0.1
#   stack.sh deps                          install missing Debian packages
#
# Environment: PROCS (processes of ops.fcgi, default 2),
# SCHOLARSHIPS_PROCS (of scholarships.fcgi, default 4: every request
# there waits on PostgreSQL, and two processes leave the cores idle
# while they wait), SEARCH_PROCS
# (workers of search.fcgi on its one socket, default 8: each search waits
# on PostgreSQL, and 8 in flight keep two cores busy where 2 or 4
# cannot), PGBIN
# (default /usr/lib/postgresql/15/bin), STACK_QUIET=1 (fewer messages).
#
# As root, PostgreSQL runs as the user `postgres` (initdb refuses root):
# VAR/pg and VAR/run are chowned to it, so every parent directory of VAR
# must be traversable by others.  lighttpd and the responders run as the
# invoking user (root included: lighttpd 1.4.69 needs no server.username).

STACK_PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
STACK_PGPORT=5432
STACK_SH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")

# Debian packages needed to build, test and run the stack.
STACK_PACKAGES="build-essential autoconf automake libtool pkg-config
libfcgi-dev libjson-c-dev libpq-dev libjwt-dev libcurl4-openssl-dev check
lighttpd postgresql postgresql-contrib curl wrk mandoc shellcheck"

stack_say() { [ "${STACK_QUIET:-0}" = 1 ] || printf 'stack: %s\n' "$*" >&2; }
stack_warn() { printf 'stack: %s\n' "$*" >&2; }
stack_die() { printf 'stack: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- packages

# Print the packages of STACK_PACKAGES that are not installed.
stack_missing_packages() {
	local p st missing=''
	for p in $STACK_PACKAGES; do
		st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null) || st=
		case $st in
		ii*) ;;
		*) missing="$missing $p" ;;
		esac
	done
	printf '%s\n' "${missing# }"
}

# Install the missing packages of STACK_PACKAGES (apt-get update first,
# only when something is missing); as root directly, else through sudo.
stack_deps() {
	local missing sudo=
	if ! command -v dpkg-query >/dev/null 2>&1; then
		stack_warn "dpkg-query not found: not a Debian system, not checking packages"
		return 0
	fi
	missing=$(stack_missing_packages)
	[ -n "$missing" ] || return 0
	stack_say "installing missing packages: $missing"
	if [ "$(id -u)" != 0 ]; then
		command -v sudo >/dev/null 2>&1 ||
		    stack_die "missing packages ($missing) and no sudo: install them as root"
		sudo=sudo
	fi
	# shellcheck disable=SC2086
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
	# shellcheck disable=SC2086
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends $missing </dev/null
}

# ------------------------------------------------------------------- ports

# True when something on this host uses TCP port $1 (listening or not).
stack_port_busy() {
	if command -v ss >/dev/null 2>&1; then
		[ -n "$(ss -Htan "( sport = :$1 )" 2>/dev/null)" ]
	else
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
	fi
}

# True when something listens on TCP port $1.
stack_port_listening() {
	if command -v ss >/dev/null 2>&1; then
		[ -n "$(ss -Htln "( sport = :$1 )" 2>/dev/null)" ]
	else
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
	fi
}

# Print a free TCP port below the ephemeral range.
stack_free_port() {
	local i p
	for i in $(seq 1 200); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % 12000))
		if ! stack_port_busy "$p"; then
			printf '%s\n' "$p"
			return 0
		fi
		: "$i"
	done
	stack_die "no free TCP port found"
}

# ------------------------------------------------------------- processes

# True when pid $1 exists and is not a zombie.
stack_alive() {
	local st
	[ -n "${1:-}" ] && [ -r "/proc/$1/stat" ] || return 1
	st=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null) || return 1
	case $st in
	Z* | X*) return 1 ;;
	esac
	return 0
}

# Wait up to $2 tenths of a second for pid $1 to go away.
stack_wait_gone() {
	local i=0
	while stack_alive "$1"; do
		[ "$i" -lt "$2" ] || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 0
}

# Run a command as the owner of the PostgreSQL data directory when root.
stack_as_pg() {
	local var=$1 owner
	shift
	if [ "$(id -u)" = 0 ]; then
		owner=postgres
		[ -d "$var/pg" ] && owner=$(stat -c %U "$var/pg")
		if [ "$owner" != root ]; then
			# explicit status: a bare `return` in a function called
			# from a trap handler returns the status from before the trap
			(cd / && runuser -u "$owner" -- "$@") && return 0 || return $?
		fi
	fi
	"$@"
}

# ----------------------------------------------------------------- layout

# Print the absolute path of the existing directory $1.
stack_abs() {
	[ -d "$1" ] || stack_die "$1: no such directory"
	(cd "$1" && pwd)
}

stack_dirs() {
	local var=$1
	mkdir -p "$var/run" "$var/log" "$var/www"
	# Unix socket paths are limited to 107 bytes; lighttpd adds "-N".
	[ "${#var}" -le 80 ] ||
	    stack_die "$var: path too long for unix sockets (max 80 characters)"
}

# Record what `up` was given, for the subcommands that only get VAR.
stack_save_env() {
	local var=$1
	{
		printf 'STACK_SRCDIR=%q\n' "$2"
		printf 'STACK_BUILDDIR=%q\n' "$3"
		printf 'STACK_PORT=%q\n' "$4"
		printf 'STACK_PROCS=%q\n' "$5"
	} >"$var/stack.env.tmp"
	mv -f "$var/stack.env.tmp" "$var/stack.env"
}

stack_load_env() {
	[ -f "$1/stack.env" ] || stack_die "$1/stack.env: no stack here (run up first)"
	# shellcheck source=/dev/null
	. "$1/stack.env"
}

# -------------------------------------------------------------- PostgreSQL

stack_pg_running() {
	[ -f "$1/pg/PG_VERSION" ] &&
	    stack_as_pg "$1" "$STACK_PGBIN/pg_ctl" -D "$1/pg" status >/dev/null 2>&1
}

stack_pg_init() {
	local var=$1 spl=
	if [ -f "$var/pg/PG_VERSION" ]; then
		stack_say "postgresql: $var/pg exists, not running initdb"
		return 0
	fi
	[ -x "$STACK_PGBIN/initdb" ] || stack_die "$STACK_PGBIN/initdb not found (apt-get install postgresql)"
	stack_dirs "$var"
	mkdir -p "$var/pg"
	chmod 700 "$var/pg"
	touch "$var/log/postgresql.log"
	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 || stack_die "user postgres does not exist (apt-get install postgresql)"
		chown postgres: "$var/pg" "$var/run" "$var/log/postgresql.log"
		runuser -u postgres -- test -w "$var/pg" ||
		    stack_die "user postgres cannot reach $var/pg: make every parent directory of $var traversable (chmod o+x), or run as a normal user"
	fi
	stack_say "postgresql: initdb $var/pg"
	stack_as_pg "$var" "$STACK_PGBIN/initdb" -D "$var/pg" -U postgres \
	    -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=reject \
	    >"$var/log/initdb.log" 2>&1 || {
		cat "$var/log/initdb.log" >&2
		rm -rf "$var/pg"
		stack_die "initdb failed"
	}
	[ -f "$STACK_PGBIN/../lib/pg_stat_statements.so" ] &&
	    spl="shared_preload_libraries = 'pg_stat_statements'"
	cat >>"$var/pg/postgresql.conf" <<EOF

# ---- scholarship-api private stack (scripts/lib/stack.sh) ----
listen_addresses = ''			# unix socket only, no TCP
port = $STACK_PGPORT
unix_socket_directories = '$var/run'
unix_socket_permissions = 0777
max_connections = 200
shared_buffers = 512MB
effective_cache_size = 12GB
work_mem = 16MB
maintenance_work_mem = 256MB
random_page_cost = 1.1
effective_io_concurrency = 100
max_wal_size = 2GB
checkpoint_completion_target = 0.9
wal_compression = on
max_parallel_workers_per_gather = 1
jit = off
$spl
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = 500ms
log_lock_waits = on
log_temp_files = 0
EOF
	stack_as_pg "$var" chmod 600 "$var/pg/postgresql.conf"
}

stack_pg_start() {
	local var=$1
	[ -f "$var/pg/PG_VERSION" ] || stack_die "$var/pg: no cluster (run up first)"
	if stack_pg_running "$var"; then
		stack_say "postgresql: already running"
		return 0
	fi
	stack_dirs "$var"
	if [ "$(id -u)" = 0 ]; then
		touch "$var/log/postgresql.log"
		chown "$(stat -c %U "$var/pg")" "$var/run" "$var/log/postgresql.log"
	fi
	stack_say "postgresql: starting"
	stack_as_pg "$var" "$STACK_PGBIN/pg_ctl" -D "$var/pg" \
	    -l "$var/log/postgresql.log" -w -t 60 -s start </dev/null || {
		tail -n 20 "$var/log/postgresql.log" >&2 || :
		stack_die "postgresql did not start"
	}
}

stack_pg_stop() {
	local var=$1
	if ! stack_pg_running "$var"; then
		stack_say "postgresql: not running"
		return 0
	fi
	stack_say "postgresql: stopping"
	stack_as_pg "$var" "$STACK_PGBIN/pg_ctl" -D "$var/pg" -m fast -w -t 60 -s stop
}

stack_pg_pid() {
	[ -f "$1/pg/postmaster.pid" ] && head -n 1 "$1/pg/postmaster.pid"
}

# psql on the scholarship database as the scholarship role.
stack_psql() {
	local var=$1
	shift
	psql -X -v ON_ERROR_STOP=1 -h "$var/run" -p "$STACK_PGPORT" \
	    -U scholarship -d scholarship "$@"
}

# psql as the cluster superuser (default database postgres).
stack_psql_su() {
	local var=$1
	shift
	psql -X -v ON_ERROR_STOP=1 -h "$var/run" -p "$STACK_PGPORT" \
	    -U postgres -d postgres "$@"
}

# Create the role and database scholarship (idempotent).
stack_pg_setup() {
	local var=$1
	if [ "$(stack_psql_su "$var" -qAtc "SELECT 1 FROM pg_roles WHERE rolname = 'scholarship'")" != 1 ]; then
		stack_say "postgresql: creating role scholarship"
		stack_psql_su "$var" -qc "CREATE ROLE scholarship LOGIN"
	fi
	if [ "$(stack_psql_su "$var" -qAtc "SELECT 1 FROM pg_database WHERE datname = 'scholarship'")" != 1 ]; then
		stack_say "postgresql: creating database scholarship"
		stack_psql_su "$var" -qc "CREATE DATABASE scholarship OWNER scholarship"
	fi
}

# ------------------------------------------------------ configuration files

stack_write_conf() {
	local var=$1 srcdir=$2
	cat >"$var/scholarship-api.conf.tmp" <<EOF
# Generated by scripts/lib/stack.sh for the private stack in $var.
database_url = host=$var/run port=$STACK_PGPORT dbname=scholarship user=scholarship
runtime_dir = $var/run
migrations_dir = $srcdir/sql
environment = development
log_level = info
EOF
	mv -f "$var/scholarship-api.conf.tmp" "$var/scholarship-api.conf"
}

# One fastcgi.server entry: PREFIX BINARY SOCKETNAME VAR PROCS [WORKERS].
# With WORKERS, lighttpd starts one process that forks WORKERS workers
# sharing its socket (SCHOLARSHIP_FCGI_CHILDREN): a request then waits
# for the first free worker, never behind a slow search in one
# process's queue.  Without, lighttpd runs PROCS processes, one socket
# each.
stack_fcgi_entry() {
	local procs=$5 env=
	if [ -n "${6:-}" ]; then
		procs=1
		env="
			\"SCHOLARSHIP_FCGI_CHILDREN\" => \"$6\","
	fi
	cat <<EOF
	"$1" => ((
		"bin-path" => "$2",
		"socket" => "$4/run/$3.sock",
		"max-procs" => $procs,
		"check-local" => "disable",
		"bin-environment" => (
			"SCHOLARSHIP_API_CONF" => "$4/scholarship-api.conf",$env
		),
	)),
EOF
}

# Print the lighttpd configuration of a stack: VAR BUILDDIR PORT PROCS.
# lighttpd takes the first fastcgi.server prefix that matches: the
# specific prefixes come first, "/" (ops.fcgi) last.
stack_lighttpd_conf() {
	local var=$1 bin=$2/fcgi-bin port=$3 procs=$4
	cat <<EOF
# Generated by scripts/lib/stack.sh for the private stack in $var.
server.modules = ( "mod_rewrite", "mod_fastcgi" )
server.bind = "127.0.0.1"
server.port = $port
server.document-root = "$var/www"
server.errorlog = "$var/log/lighttpd.log"
# The responders' stderr (their JSON log lines); without this lighttpd
# hands them /dev/null.
server.breakagelog = "$var/log/responders.log"
server.pid-file = "$var/run/lighttpd.pid"
server.upload-dirs = ( "$var/run" )
server.max-keep-alive-requests = 100000
server.max-keep-alive-idle = 30
server.tag = "lighttpd"
# The legacy /search path is served by the same search.fcgi pool (the
# responder still sees the original REQUEST_URI, and routes both).
url.rewrite-once = ( "^/search(\\?.*)?\$" => "/api/v1/search\$1" )
# lighttpd answers an HTML 400 itself for a URL with an encoded control
# character (%00-%1f, %7f); let the responders reject it with the API's
# JSON error envelope instead (they validate every parameter).
server.http-parseopts = ( "url-ctrls-reject" => "disable" )

fastcgi.server = (
EOF
	stack_fcgi_entry /api/v1/scholarships "$bin/scholarships.fcgi" scholarships "$var" \
	    "${SCHOLARSHIPS_PROCS:-4}"
	if [ -x "$bin/search.fcgi" ]; then
		stack_fcgi_entry /api/v1/search "$bin/search.fcgi" search "$var" \
		    1 "${SEARCH_PROCS:-8}"
	fi
	stack_fcgi_entry / "$bin/ops.fcgi" ops "$var" "$procs"
	printf ')\n'
}

# --------------------------------------------------------------- lighttpd

stack_www_pid() {
	local pid
	[ -f "$1/run/lighttpd.pid" ] || return 1
	pid=$(cat "$1/run/lighttpd.pid" 2>/dev/null) || return 1
	stack_alive "$pid" || return 1
	grep -q lighttpd "/proc/$pid/cmdline" 2>/dev/null || return 1
	printf '%s\n' "$pid"
}

# Print the pids of the FastCGI processes lighttpd $1 spawned.
# The processes under PID: its children and theirs (pre-forked workers).
stack_www_children() {
	local c
	for c in $(pgrep -P "$1" 2>/dev/null); do
		stack_alive "$c" || continue
		printf '%s\n' "$c"
		stack_www_children "$c"
	done
	return 0
}

# HTTP status of GET URL (000 when nothing answers).
stack_http_code() {
	curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || :
}

# Wait until URL answers 200 (up to $2 seconds, default 30).
stack_wait_http() {
	local url=$1 tries=$((${2:-30} * 10)) i=0 code
	while :; do
		code=$(stack_http_code "$url")
		[ "$code" = 200 ] && return 0
		[ "$i" -lt "$tries" ] || break
		sleep 0.1
		i=$((i + 1))
	done
	stack_warn "$url: no 200 answer (last status: $code)"
	return 1
}

stack_www_start() {
	local var=$1 port pid
	stack_load_env "$var"
	port=${STACK_PORT:?}
	[ -f "$var/lighttpd.conf" ] || stack_die "$var/lighttpd.conf missing (run up first)"
	if pid=$(stack_www_pid "$var"); then
		stack_say "lighttpd: already running (pid $pid)"
		return 0
	fi
	command -v lighttpd >/dev/null 2>&1 || stack_die "lighttpd not found (apt-get install lighttpd)"
	if stack_port_listening "$port"; then
		stack_die "port $port is in use on this host: choose another (PORT=...)"
	fi
	stack_dirs "$var"
	lighttpd -tt -f "$var/lighttpd.conf" >"$var/log/lighttpd-check.log" 2>&1 || {
		cat "$var/log/lighttpd-check.log" >&2
		stack_die "lighttpd rejects $var/lighttpd.conf"
	}
	stack_say "lighttpd: starting on http://127.0.0.1:$port/"
	lighttpd -f "$var/lighttpd.conf" </dev/null >>"$var/log/lighttpd.log" 2>&1 || {
		tail -n 20 "$var/log/lighttpd.log" >&2 || :
		stack_die "lighttpd did not start"
	}
	if ! stack_wait_http "http://127.0.0.1:$port/healthz" 30; then
		tail -n 20 "$var/log/lighttpd.log" >&2 || :
		stack_die "lighttpd started but /healthz does not answer 200"
	fi
}

stack_www_stop() {
	local var=$1 pid kids c
	if ! pid=$(stack_www_pid "$var"); then
		stack_say "lighttpd: not running"
		rm -f "$var/run/lighttpd.pid"
		return 0
	fi
	stack_say "lighttpd: stopping (pid $pid)"
	kids=$(stack_www_children "$pid")
	kill -TERM "$pid" 2>/dev/null || :
	if ! stack_wait_gone "$pid" 100; then
		stack_warn "lighttpd $pid ignores SIGTERM, killing it"
		kill -KILL "$pid" 2>/dev/null || :
		stack_wait_gone "$pid" 50 || :
	fi
	# lighttpd terminates the responders it spawned; make sure.
	for c in $kids; do
		stack_wait_gone "$c" 50 || kill -KILL "$c" 2>/dev/null || :
	done
	rm -f "$var/run/lighttpd.pid"
}

# ---------------------------------------------------------- admin commands

stack_admin() {
	local var=$1
	shift
	stack_load_env "$var"
	[ -x "$STACK_BUILDDIR/src/cmd/scholarship-admin" ] ||
	    stack_die "$STACK_BUILDDIR/src/cmd/scholarship-admin not built"
	"$STACK_BUILDDIR/src/cmd/scholarship-admin" -c "$var/scholarship-api.conf" "$@"
}

stack_migrate() {
	stack_say "database: migrate"
	stack_admin "$1" migrate
}

stack_seed() {
	stack_say "database: seed --demo"
	stack_admin "$1" seed --demo
}

# -------------------------------------------------------------- everything

# stack_up VAR SRCDIR BUILDDIR PORT: PostgreSQL, role and database,
# configuration, migrations, demo data, lighttpd.  Idempotent; restarts
# lighttpd when its configuration or a responder binary changed.
stack_up() {
	local var srcdir builddir port=$4 procs=${PROCS:-2} pid b restart=
	mkdir -p "$1"
	var=$(stack_abs "$1")
	srcdir=$(cd "$2" && pwd)
	builddir=$(cd "$3" && pwd)
	for b in ops scholarships; do
		[ -x "$builddir/fcgi-bin/$b.fcgi" ] ||
		    stack_die "$builddir/fcgi-bin/$b.fcgi not built (run make)"
	done
	stack_dirs "$var"
	stack_save_env "$var" "$srcdir" "$builddir" "$port" "$procs"
	stack_pg_init "$var"
	stack_pg_start "$var"
	stack_pg_setup "$var"
	stack_write_conf "$var" "$srcdir"
	stack_migrate "$var"
	stack_seed "$var"

	stack_lighttpd_conf "$var" "$builddir" "$port" "$procs" >"$var/lighttpd.conf.new"
	if pid=$(stack_www_pid "$var"); then
		if ! cmp -s "$var/lighttpd.conf.new" "$var/lighttpd.conf"; then
			restart="its configuration changed"
		else
			for b in "$builddir"/fcgi-bin/*.fcgi; do
				[ "$b" -nt "$var/run/lighttpd.pid" ] &&
				    restart="$(basename "$b") was rebuilt"
			done
		fi
		if [ -n "$restart" ]; then
			stack_say "lighttpd: restarting ($restart)"
			stack_www_stop "$var"
		fi
	fi
	mv -f "$var/lighttpd.conf.new" "$var/lighttpd.conf"
	stack_www_start "$var"
}

stack_down() {
	stack_www_stop "$1"
	stack_pg_stop "$1"
}

stack_status() {
	local var=$1 pid c rss port='' rc=0
	[ -f "$var/stack.env" ] && stack_load_env "$var" && port=$STACK_PORT
	if stack_pg_running "$var"; then
		printf 'postgresql  running, pid %s, socket %s/.s.PGSQL.%s, data %s/pg\n' \
		    "$(stack_pg_pid "$var")" "$var/run" "$STACK_PGPORT" "$var"
	else
		printf 'postgresql  stopped\n'
		rc=3
	fi
	if pid=$(stack_www_pid "$var"); then
		printf 'lighttpd    running, pid %s, http://127.0.0.1:%s/ (healthz: %s)\n' \
		    "$pid" "$port" "$(stack_http_code "http://127.0.0.1:$port/healthz")"
		for c in $(stack_www_children "$pid"); do
			rss=$(awk '/^VmRSS:/ { print $2 " " $3 }' "/proc/$c/status" 2>/dev/null) || rss='?'
			printf '  responder pid %-7s rss %-10s %s\n' "$c" "$rss" \
			    "$(tr '\0' ' ' <"/proc/$c/cmdline" 2>/dev/null | sed 's/ $//')"
		done
		printf 'urls        http://127.0.0.1:%s/healthz  /readyz  /metrics  /api/v1/scholarships\n' "$port"
	else
		printf 'lighttpd    stopped%s\n' "${port:+ (port $port)}"
		rc=3
	fi
	printf 'config      %s/scholarship-api.conf\n' "$var"
	printf 'logs        %s/log/\n' "$var"
	return "$rc"
}

stack_usage() {
	sed -n '/^#   stack.sh/s/^#   //p' "$STACK_SH"
}

stack_main() {
	local cmd=${1:-}
	[ $# -gt 0 ] && shift
	case $cmd in
	free-port) stack_free_port ;;
	deps) stack_deps ;;
	up)
		[ $# -eq 4 ] || { stack_usage >&2; exit 64; }
		stack_up "$@"
		;;
	down | status | pg-start | pg-stop | pg-init | pg-setup | www-start | \
	    www-stop | migrate | seed)
		[ $# -eq 1 ] || { stack_usage >&2; exit 64; }
		"stack_${cmd//-/_}" "$(stack_abs "$1")"
		;;
	psql | psql-su | admin)
		[ $# -ge 1 ] || { stack_usage >&2; exit 64; }
		local var
		var=$(stack_abs "$1")
		shift
		"stack_${cmd//-/_}" "$var" "$@"
		;;
	lighttpd-conf)
		[ $# -eq 4 ] || { stack_usage >&2; exit 64; }
		stack_lighttpd_conf "$@"
		;;
	-h | --help | help) stack_usage ;;
	*)
		stack_usage >&2
		exit 64
		;;
	esac
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -eu
	stack_main "$@"
fi
