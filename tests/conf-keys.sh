#!/bin/bash
# Check that the configuration keys are documented exactly once each:
# the key table in src/lib/conf.c (as printed by "scholarship-admin
# config-keys") is the source of truth, and the sample configuration
# and scholarship-api.conf(5) must list the same set.  Also check that
# SCH_SCHEMA_VERSION in src/lib/version.h is the highest migration in
# sql/.
#
# Run by "make check" with top_srcdir and top_builddir set to absolute
# paths; it can also be run by hand from the top of a built tree.
set -eu

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}

admin="$top_builddir/src/cmd/scholarship-admin"
sample="$top_srcdir/conf/scholarship-api.conf.sample"
manpage="$top_srcdir/man/scholarship-api.conf.5"
version_h="$top_srcdir/src/lib/version.h"

failed=0
ok() { printf 'ok %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*"; failed=1; }

# Exit 99 (hard error for automake) when an input is missing: that is a
# broken tree, not a failed check.
for f in "$sample" "$manpage" "$version_h"; do
	if [ ! -f "$f" ]; then
		printf 'conf-keys.sh: missing %s\n' "$f" >&2
		exit 99
	fi
done
if [ ! -x "$admin" ]; then
	printf 'conf-keys.sh: %s is not built\n' "$admin" >&2
	exit 99
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Nothing from the caller's environment may change what the program sees.
unset SCHOLARSHIP_API_CONF DATABASE_URL

# 1. The three key sets.  The program reads the sample as its
# configuration, so a sample it cannot parse fails here too.
if ! "$admin" -c "$sample" config-keys >"$tmp/raw.program" 2>"$tmp/err"; then
	fail "scholarship-admin config-keys failed:"
	cat "$tmp/err"
	exit 1
fi
LC_ALL=C sort -u "$tmp/raw.program" >"$tmp/program"
if [ ! -s "$tmp/program" ]; then
	fail "scholarship-admin config-keys printed no keys"
	exit 1
fi

# Sample: "key = value" or "#key = default" (an empty default is
# written "#key =").
LC_ALL=C sed -n -E 's/^#?([a-z_]+) =( .*)?$/\1/p' "$sample" |
	LC_ALL=C sort -u >"$tmp/sample"

# Man page: each key is an item ".It Ic key Ar type" of the KEYS list.
LC_ALL=C sed -n -E 's/^\.It Ic ([a-z_]+)( .*)?$/\1/p' "$manpage" |
	LC_ALL=C sort -u >"$tmp/manpage"

nkeys=$(wc -l <"$tmp/program")
for what in sample manpage; do
	case $what in
	sample)  label="conf/scholarship-api.conf.sample" ;;
	manpage) label="man/scholarship-api.conf.5" ;;
	esac
	if diff -u --label "scholarship-admin config-keys" \
	    --label "$label" "$tmp/program" "$tmp/$what" >"$tmp/diff"; then
		ok "$label lists the same $nkeys keys as scholarship-admin config-keys"
	else
		fail "$label and scholarship-admin config-keys differ" \
		    "(- missing from $label, + unknown to the program):"
		cat "$tmp/diff"
	fi
done

# Each key appears once in the man page (the sample may show a key
# twice: its default and an example).
dups=$(LC_ALL=C sed -n -E 's/^\.It Ic ([a-z_]+)( .*)?$/\1/p' "$manpage" |
	LC_ALL=C sort | uniq -d | tr '\n' ' ')
if [ -n "$dups" ]; then
	fail "man/scholarship-api.conf.5 documents these keys twice: $dups"
else
	ok "man/scholarship-api.conf.5 documents each key once"
fi

# 2. The sample is a valid configuration, and the defaults it shows are
# the program's defaults: uncomment the first "#key = value" line of
# each key (later ones are examples) and compare what check-config
# reports with the built-in defaults.  migrations_dir is left out: its
# default depends on the --prefix of the build.
if "$admin" -c "$sample" check-config >/dev/null 2>"$tmp/err"; then
	ok "conf/scholarship-api.conf.sample is accepted by check-config"
else
	fail "check-config rejects conf/scholarship-api.conf.sample:"
	cat "$tmp/err"
fi
awk '/^#[a-z_]+ =( |$)/ {
	key = substr($1, 2)
	if (!(key in seen)) { seen[key] = 1; print substr($0, 2) }
}' "$sample" >"$tmp/uncommented.conf"
: >"$tmp/empty.conf"
if "$admin" -c "$tmp/uncommented.conf" check-config \
	>"$tmp/raw.shown" 2>"$tmp/err" &&
    "$admin" -c "$tmp/empty.conf" check-config \
	>"$tmp/raw.builtin" 2>>"$tmp/err"; then
	grep -v -e '^#' -e '^migrations_dir =' "$tmp/raw.shown" >"$tmp/shown"
	grep -v -e '^#' -e '^migrations_dir =' "$tmp/raw.builtin" >"$tmp/builtin"
	if diff -u --label "built-in defaults" \
	    --label "defaults shown in conf/scholarship-api.conf.sample" \
	    "$tmp/builtin" "$tmp/shown" >"$tmp/diff"; then
		ok "conf/scholarship-api.conf.sample shows the built-in defaults"
	else
		fail "conf/scholarship-api.conf.sample shows wrong defaults:"
		cat "$tmp/diff"
	fi
else
	fail "check-config failed on the uncommented sample:"
	cat "$tmp/err"
fi

# 3. The schema version the code needs is the newest migration.
code_version=$(sed -n -E \
	's/^#define[[:space:]]+SCH_SCHEMA_VERSION[[:space:]]+([0-9]+).*/\1/p' \
	"$version_h")
newest=
for f in "$top_srcdir"/sql/[0-9][0-9][0-9]_*.sql; do
	[ -e "$f" ] || continue
	n=${f##*/}
	n=${n%%_*}
	n=$((10#$n))
	if [ -z "$newest" ] || [ "$n" -gt "$newest" ]; then
		newest=$n
	fi
done
if [ -z "$code_version" ]; then
	fail "no SCH_SCHEMA_VERSION in src/lib/version.h"
elif [ -z "$newest" ]; then
	fail "no migrations sql/NNN_*.sql"
elif [ "$code_version" -ne "$newest" ]; then
	fail "SCH_SCHEMA_VERSION is $code_version in src/lib/version.h," \
	    "but the newest migration is $newest"
else
	ok "SCH_SCHEMA_VERSION $code_version is the newest migration in sql/"
fi

exit "$failed"
