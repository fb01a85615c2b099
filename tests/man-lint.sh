#!/bin/bash
# Lint every manual page of the tree with mandoc(1): any message at
# level WARNING or above fails the test.  mandoc is a required test
# dependency (Debian package "mandoc"), so its absence is a failure,
# not a skip.
#
# Run by "make check" with top_srcdir set to an absolute path.
set -eu

top_srcdir=${top_srcdir:-.}

if ! command -v mandoc >/dev/null 2>&1; then
	printf 'man-lint.sh: mandoc not found; install the mandoc package\n' >&2
	exit 1
fi

failed=0
n=0
for page in "$top_srcdir"/man/*.[1-8]; do
	[ -e "$page" ] || continue
	n=$((n + 1))
	# mandoc exits non-zero on warnings; judge by its output instead
	# so that every message is shown.
	out=$(mandoc -Tlint -Wwarning "$page" 2>&1) || true
	if [ -n "$out" ]; then
		printf 'FAIL %s\n%s\n' "man/${page##*/}" "$out"
		failed=1
	else
		printf 'ok %s\n' "man/${page##*/}"
	fi
done

if [ "$n" -eq 0 ]; then
	printf 'man-lint.sh: no manual pages in %s/man\n' "$top_srcdir" >&2
	exit 99
fi
exit "$failed"
