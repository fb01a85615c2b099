/*
 * A request as the responder sees it: CGI parameters from the
 * FastCGI environment, the parsed query string, a bounded body, and
 * everything request-scoped allocated from req->arena.
 */
#ifndef SCH_REQ_H
#define SCH_REQ_H

#include <stddef.h>
#include <time.h>

#include "arena.h"
#include "valid.h"

struct route;

struct kv {
	const char	*key;
	const char	*val;
	size_t		 vlen;	/* may contain NUL only if decoding allowed it */
};

#define REQ_MAXCAPS 4

struct req {
	struct arena		 arena;
	char			**envp;		/* CGI environment */
	const char		*method;
	const char		*uri;		/* REQUEST_URI, raw */
	const char		*path;		/* raw path, no query; captures are decoded */
	const char		*query;		/* raw query string or "" */
	const char		*remote_addr;
	const char		*host;
	const char		*content_type;
	long long		 content_length; /* -1 if absent */
	char			 id[130];	/* X-Request-ID / trace_id */
	char			 traceparent[64];
	/*
	 * Copies of CGI values still needed after FCGX_Finish_r(), which
	 * frees the environment (metrics and the access log run then).
	 */
	char			 method_buf[16];
	char			 addr_buf[64];
	struct kv		*args;
	size_t			 nargs;
	char			*body;
	size_t			 body_len;
	int			 body_too_big;	/* over max_body_bytes */
	int			 stdin_eof;	/* stdin read to its end */
	const struct route	*route;
	const char		*caps[REQ_MAXCAPS];	/* {param} captures */
	size_t			 ncaps;
	struct vval		*v;		/* validated params, per route */
	struct timespec		 start;
	int			 head;		/* HEAD: no body written */
};

/*
 * Initialise from a CGI environment (NULL-ended "K=V" array, borrowed
 * for the life of the request).  Sets method, uri, path, query, id.
 * Returns SCH_OK, SCH_EURI (URL over max_url) or SCH_EBADREQ.
 */
int		 req_init(struct req *, char **envp, size_t max_url);
void		 req_reset(struct req *);	/* end of request */
void		 req_free(struct req *);

const char	*req_env(const struct req *, const char *name);

/*
 * Parse an application/x-www-form-urlencoded string into args.
 * Repeated keys are kept in order.  Returns SCH_OK or SCH_EBADREQ on
 * bad percent-encoding or a NUL byte.
 */
int		 req_parse_query(struct arena *, const char *,
		    struct kv **, size_t *);

/* Decode %XX (and '+' when plus is set).  Returns length or -1. */
long		 req_urldecode(char *dst, const char *src, size_t len, int plus);

/* First value for key, or NULL. */
const char	*req_arg(const struct req *, const char *key);

/* Safe request id: 1-128 of [A-Za-z0-9._:-]. */
int		 req_id_ok(const char *);
void		 req_new_id(char out[37]);	/* UUIDv4 */

#endif /* SCH_REQ_H */
