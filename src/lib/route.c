/*
 * Route matching: method + path template.  Templates are '/'-separated
 * segments, each literal or "{name}" (one non-empty segment, captured
 * percent-decoded).  A single trailing slash on the request path is
 * ignored.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "err.h"
#include "req.h"
#include "route.h"

/*
 * Match path against tmpl.  On success fills caps (decoded, from the
 * arena) and returns 1.  A capture that does not decode (bad escape,
 * NUL) does not match.
 */
static int
tmpl_match(const char *tmpl, const char *path, struct arena *a,
    const char **caps, size_t *ncaps)
{
	const char	*t = tmpl, *p = path, *te, *pe;
	size_t		 n = 0, plen;
	char		*c;

	for (;;) {
		if (*t == '\0' || *p == '\0')
			break;
		if (*t != '/' || *p != '/')
			return 0;
		t++;
		p++;
		te = strchr(t, '/');
		if (te == NULL)
			te = t + strlen(t);
		pe = strchr(p, '/');
		if (pe == NULL)
			pe = p + strlen(p);
		plen = (size_t)(pe - p);
		if (*t == '{') {
			if (plen == 0 || n == REQ_MAXCAPS)
				return 0;
			c = arena_alloc(a, plen + 1);
			if (req_urldecode(c, p, plen, 0) <= 0)
				return 0;
			caps[n++] = c;
		} else if ((size_t)(te - t) != plen || strncmp(t, p, plen) != 0)
			return 0;
		t = te;
		p = pe;
	}
	/* Allow one trailing slash on the request ("/a/" = "/a"). */
	if (*t == '\0' && (*p == '\0' || (p[0] == '/' && p[1] == '\0' &&
	    p != path)))
		goto ok;
	return 0;
ok:
	*ncaps = n;
	return 1;
}

/* Append method to the Allow list unless present. */
static void
allow_add(char *allow, size_t len, const char *m)
{
	size_t	 n = strlen(allow);
	char	*hit;

	hit = strstr(allow, m);
	if (hit != NULL && (hit[strlen(m)] == ',' || hit[strlen(m)] == '\0'))
		return;
	snprintf(allow + n, len - n, "%s%s", n ? ", " : "", m);
}

int
route_match(const struct route *tbl, size_t n, struct req *rq,
    const struct route **out, char *allow, size_t allowlen)
{
	const char	*caps[REQ_MAXCAPS];
	size_t		 i, ncaps, k;
	int		 found = 0;
	const char	*m = rq->method;

	*out = NULL;
	if (allow != NULL && allowlen > 0)
		allow[0] = '\0';
	for (i = 0; i < n; i++) {
		if (!tmpl_match(tbl[i].tmpl, rq->path, &rq->arena, caps, &ncaps))
			continue;
		found = 1;
		if (strcmp(tbl[i].method, m) == 0 ||
		    (strcmp(m, "HEAD") == 0 && strcmp(tbl[i].method, "GET") == 0)) {
			*out = &tbl[i];
			for (k = 0; k < ncaps; k++)
				rq->caps[k] = caps[k];
			rq->ncaps = ncaps;
			rq->route = &tbl[i];
			return SCH_OK;
		}
		if (allow != NULL) {
			allow_add(allow, allowlen, tbl[i].method);
			if (strcmp(tbl[i].method, "GET") == 0)
				allow_add(allow, allowlen, "HEAD");
		}
	}
	return found ? SCH_EMETHOD : SCH_ENOTFOUND;
}
