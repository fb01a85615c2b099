#!/bin/bash
#
# tests/integration/live.sh — the live test (an automake TESTS script).
#
# Starts a complete private stack in a temporary directory: PostgreSQL
# (unix socket only), migrations, demo data, lighttpd on a free port of
# 127.0.0.1 running the build tree's responders; then runs check_live
# against it with the LIVE_* variables of docs/internals.md, and
# scripts/bench in one-second runs (its output must be complete; no
# speed is asserted).  The stack is always stopped; its directory is
# removed on success and kept (with the log tails printed) on failure.
#
# Environment (from AM_TESTS_ENVIRONMENT): top_srcdir, top_builddir.
# Exit: check_live's status; 77 (skip) when PostgreSQL, lighttpd or curl
# are not installed; 99 (hard error) when the stack cannot start.
set -eu

: "${top_srcdir:?top_srcdir not set (run through make check)}"
: "${top_builddir:?top_builddir not set (run through make check)}"
top_srcdir=$(cd "$top_srcdir" && pwd)
top_builddir=$(cd "$top_builddir" && pwd)

STACK_SH=$top_srcdir/scripts/lib/stack.sh
# shellcheck source=../../scripts/lib/stack.sh disable=SC1091
. "$STACK_SH"

CHECK_LIVE=$top_builddir/tests/integration/check_live
ADMIN=$top_builddir/src/cmd/scholarship-admin

for tool in "$STACK_PGBIN/initdb" "$STACK_PGBIN/pg_ctl" psql lighttpd curl; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "live.sh: SKIP: $tool not installed (apt-get install postgresql lighttpd curl)"
		exit 77
	fi
done
for f in "$CHECK_LIVE" "$ADMIN" "$top_builddir/fcgi-bin/ops.fcgi" \
    "$top_builddir/fcgi-bin/scholarships.fcgi"; do
	[ -x "$f" ] || { echo "live.sh: $f not built"; exit 99; }
done

# The stack directory: world-traversable, because as root PostgreSQL runs
# as the user postgres.  mktemp keeps it short enough for unix sockets.
VAR=$(mktemp -d "${TMPDIR:-/tmp}/scholarship-live.XXXXXX")
chmod 755 "$VAR"
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$VAR" 2>/dev/null; then
	rmdir "$VAR"
	VAR=$(mktemp -d /tmp/scholarship-live.XXXXXX)
	chmod 755 "$VAR"
fi
STATUS=99	# until check_live ran: any failure is a hard error

# shellcheck disable=SC2317  # called through trap
cleanup() {
	trap - EXIT INT TERM HUP
	STACK_QUIET=1 stack_down "$VAR" || :
	if [ "$STATUS" = 0 ]; then
		rm -rf "$VAR"
	else
		echo "live.sh: exit status $STATUS; stack directory kept: $VAR"
		for f in "$VAR"/log/*.log; do
			[ -f "$f" ] || continue
			echo "---- tail of $f"
			tail -n 40 "$f"
		done
	fi
	exit "$STATUS"
}
trap cleanup EXIT
trap 'STATUS=99; exit 99' INT TERM HUP

# Start the stack on a free port; retry with another port if one is
# taken between choosing and binding it.
started=no
for attempt in 1 2 3; do
	PORT=$(stack_free_port)
	echo "live.sh: starting the stack in $VAR on port $PORT (attempt $attempt)"
	if (stack_up "$VAR" "$top_srcdir" "$top_builddir" "$PORT"); then
		started=yes
		break
	fi
	# stack_up dies at the first failure; only a lost port race is worth
	# another try.
	grep -q 'Address already in use' "$VAR/log/lighttpd.log" 2>/dev/null || break
	STACK_QUIET=1 stack_www_stop "$VAR" || :
done
[ "$started" = yes ] || { echo "live.sh: the stack did not start"; exit 99; }

q() { printf '%q' "$1"; }
export LIVE_BASE_URL="http://127.0.0.1:$PORT"
export LIVE_VAR="$VAR"
export LIVE_CONF="$VAR/scholarship-api.conf"
LIVE_PG_STOP="bash $(q "$STACK_SH") pg-stop $(q "$VAR")"
LIVE_PG_START="bash $(q "$STACK_SH") pg-start $(q "$VAR")"
LIVE_PSQL="bash $(q "$STACK_SH") psql $(q "$VAR")"
LIVE_ADMIN="$(q "$ADMIN") -c $(q "$LIVE_CONF")"
export LIVE_PG_STOP LIVE_PG_START LIVE_PSQL LIVE_ADMIN
# check_live calls these while the stack is up: keep them quiet.
export STACK_QUIET=1

echo "live.sh: LIVE_BASE_URL=$LIVE_BASE_URL"
set +e
"$CHECK_LIVE"
STATUS=$?
set -e
echo "live.sh: check_live exited with $STATUS"

# scripts/bench in one-second runs against this stack: it asserts no
# speed, but every row it prints must hold figures, with no failed
# request, and each comparison its ratio and CPU costs.
bench_ok() {
	awk '
	function num(x) { return x ~ /^[0-9]+(\.[0-9]+)?$/ }
	{
		name = substr($0, 1, 22); sub(/ +$/, "", name)
		n = split(substr($0, 23), f, " ")
	}
	name in want && n == 6 {
		if (!num(f[1]) || f[1] + 0 <= 0 || !num(f[3]) || f[5] != "0" ||
		    f[6] != "none") {
			print "bench row: " $0; bad = 1
		}
		delete want[name]
	}
	name in cpu && n == 5 {
		for (i = 1; i <= 5; i++)
			if (!num(f[i])) { print "bench cpu row: " $0; bad = 1 }
		# Both sides run PostgreSQL; the endpoint also its responders.
		if (f[4] + 0 <= 0 || (name !~ /^db-only/ && f[3] + 0 <= 0)) {
			print "bench cpu row: " $0; bad = 1
		}
		delete cpu[name]
	}
	/^ratio / {
		if ($0 ~ /median [0-9]+\.[0-9]+ \(rounds: [0-9]/) ratios++
		else { print "bench ratio: " $0; bad = 1 }
	}
	/^  pid .* kB  / { rss++ }
	BEGIN {
		split("hello (baseline)|hello, plain close|/healthz|search q=...|" \
		    "search filters only|search q=... no-cache|" \
		    "filters only no-cache|list|get by id|db-only q=...|" \
		    "db-only filters only", w, "|")
		for (i in w) want[w[i]] = 1
		split("search q=... no-cache|db-only q=...|" \
		    "filters only no-cache|db-only filters only", c, "|")
		for (i in c) cpu[c[i]] = 1
	}
	END {
		for (k in want) { print "bench: no row " k; bad = 1 }
		for (k in cpu) { print "bench: no cpu row " k; bad = 1 }
		if (ratios != 4) { print "bench: " ratios + 0 " ratios, not 4"; bad = 1 }
		if (rss < 3) { print "bench: no RSS figures"; bad = 1 }
		exit bad
	}' "$1"
}
if [ "$STATUS" = 0 ] && ! command -v wrk >/dev/null 2>&1; then
	echo "live.sh: scripts/bench not run: wrk not installed (apt-get install wrk)"
elif [ "$STATUS" = 0 ]; then
	echo "live.sh: scripts/bench, one-second runs"
	if ! BASE_URL=$LIVE_BASE_URL VAR=$VAR BUILDDIR=$top_builddir \
	    DURATION=1s ROUNDS=1 WARMUP=1 SEQ_LEN=400 \
	    bash "$top_srcdir/scripts/bench" >"$VAR/log/bench.txt" 2>&1 ||
	    ! bench_ok "$VAR/log/bench.txt"; then
		echo "live.sh: scripts/bench failed"
		STATUS=1
	fi
	# The figures mean little under a test run, but show it worked.
	sed 's/^/  bench: /' "$VAR/log/bench.txt"
fi
# Stop the responders (a sanitizer build reports leaks at exit), then
# fail on anything a sanitizer or the worker supervisor reported; the
# suite kills one search worker with SIGKILL on purpose.
STACK_QUIET=1 stack_www_stop "$VAR" || :
if grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error:|killed by signal ([0-8]|1[0-9])[^0-9]' \
    "$VAR/log/responders.log" >"$VAR/log/sanitizer.txt" 2>/dev/null; then
	echo "live.sh: the responders reported errors:"
	head -n 20 "$VAR/log/sanitizer.txt"
	[ "$STATUS" = 0 ] && STATUS=1
fi
exit "$STATUS"
