/*
 * Route tables: method + path template ("/api/v1/scholarships/{id}")
 * → handler, auth requirement and parameter validators.  A route for
 * GET also answers HEAD.
 */
#ifndef SCH_ROUTE_H
#define SCH_ROUTE_H

#include <stddef.h>

struct req;
struct resp;
struct vparam;

enum route_auth {
	AUTH_PUBLIC,	/* anyone */
	AUTH_READ,	/* public unless public_read = false */
	AUTH_USER,	/* any valid user token */
	AUTH_SCOPE,	/* token carrying route->scope */
	AUTH_ADMIN,
	AUTH_AGENT,	/* Command Center JWT */
};

typedef int (*route_fn)(struct req *, struct resp *);

struct route {
	const char		*method;
	const char		*tmpl;
	route_fn		 fn;
	enum route_auth		 auth;
	const char		*scope;
	const struct vparam	*params;	/* query validators */
	size_t			 nparams;
	unsigned int		 flags;
};

#define ROUTE_JSON_BODY	0x01	/* POST body must be application/json */
#define ROUTE_NOMETRICS	0x02	/* not counted in http_requests_total */

/*
 * Find the route for method and path.  Returns SCH_OK and sets *out
 * and the captures in rq; SCH_EMETHOD with allow ("GET, HEAD") when the
 * path exists under other methods; SCH_ENOTFOUND otherwise.
 */
int	route_match(const struct route *, size_t, struct req *,
	    const struct route **out, char *allow, size_t allowlen);

#endif /* SCH_ROUTE_H */
