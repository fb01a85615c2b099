/*
 * A response under construction.  Handlers write a JSON body through
 * rs->jw and return SCH_OK, or return an error code through
 * resp_fail(); app.c turns errors into the one error envelope of
 * SPEC §2 (resp_envelope) and adds the headers every response carries
 * (resp_serialize).
 */
#ifndef SCH_RESP_H
#define SCH_RESP_H

#include "buf.h"
#include "json.h"
#include "valid.h"

struct req;

struct resp {
	int		 status;	/* 200 unless the handler sets it */
	const char	*content_type;	/* default application/json */
	struct buf	 hdr;		/* extra "Name: value\r\n" lines */
	struct buf	 body;
	struct jw	 jw;		/* writer over body */
	int		 no_store;	/* Cache-Control: no-store */
	/* Error state, set by resp_fail(). */
	int		 err;
	char		 errmsg[256];
	struct verrs	 verrs;		/* for SCH_EVALID */
	int		 retry_after;	/* seconds, 0 = none */
};

void	resp_init(struct resp *, size_t max_body);
void	resp_reset(struct resp *);
void	resp_free(struct resp *);

void	resp_header(struct resp *, const char *name, const char *value);

/* Record an error with a message; returns err for "return resp_fail()". */
int	resp_fail(struct resp *, int err, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * Replace the body with the error envelope for rs->err:
 * {"trace_id","code","message","status","timestamp","details"?}.
 */
void	resp_envelope(struct resp *, const struct req *);

/* Security + request-id headers that every response carries. */
struct resp_opts {
	int	 hsts_max_age;
};

/*
 * Write the full FastCGI/CGI response (Status, headers, blank line,
 * body unless HEAD) into out.
 */
int	resp_serialize(const struct resp *, const struct req *,
	    const struct resp_opts *, struct buf *out);

#endif /* SCH_RESP_H */
