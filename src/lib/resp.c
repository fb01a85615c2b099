/*
 * Responses: the error envelope and the headers every response
 * carries.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "err.h"
#include "json.h"
#include "req.h"
#include "resp.h"

#define RESP_HDR_MAX	(16 * 1024)

void
resp_init(struct resp *rs, size_t max_body)
{

	memset(rs, 0, sizeof(*rs));
	buf_init(&rs->hdr, RESP_HDR_MAX);
	buf_init(&rs->body, max_body);
	resp_reset(rs);
}

void
resp_reset(struct resp *rs)
{

	rs->status = 200;
	rs->content_type = "application/json";
	buf_reset(&rs->hdr);
	buf_reset(&rs->body);
	jw_init(&rs->jw, &rs->body);
	rs->no_store = 0;
	rs->err = SCH_OK;
	rs->errmsg[0] = '\0';
	rs->verrs.n = 0;
	rs->retry_after = 0;
}

void
resp_free(struct resp *rs)
{

	buf_free(&rs->hdr);
	buf_free(&rs->body);
}

/* "NAME: VALUE\r\n", without printf's format parsing. */
static void
put_hdr(struct buf *out, const char *name, const char *value)
{

	buf_puts(out, name);
	buf_add(out, ": ", 2);
	buf_puts(out, value);
	buf_add(out, "\r\n", 2);
}

/* A decimal number. */
static void
put_uint(struct buf *out, unsigned long long v)
{
	char	 d[BUF_UDIGITS], *p;

	p = buf_udigits(d + sizeof(d), v);
	buf_add(out, p, (size_t)(d + sizeof(d) - p));
}

void
resp_header(struct resp *rs, const char *name, const char *value)
{

	put_hdr(&rs->hdr, name, value);
}

int
resp_fail(struct resp *rs, int err, const char *fmt, ...)
{
	va_list	ap;

	rs->err = err;
	va_start(ap, fmt);
	vsnprintf(rs->errmsg, sizeof(rs->errmsg), fmt, ap);
	va_end(ap);
	return err;
}

/* The default message when a handler gave none. */
static const char *
default_message(int err)
{

	switch (err) {
	case SCH_EBADREQ: return "Malformed request";
	case SCH_EHOST: return "Invalid host header";
	case SCH_EUNAUTH: return "Authentication required";
	case SCH_EFORBID: return "Not allowed";
	case SCH_ENOTFOUND: return "Not found";
	case SCH_EMETHOD: return "Method not allowed";
	case SCH_ECONFLICT: return "Conflict";
	case SCH_ETOOBIG: return "Request body too large";
	case SCH_EURI: return "Request URI too long";
	case SCH_EMEDIA: return "Unsupported media type";
	case SCH_EVALID: return "Request validation failed";
	case SCH_ERATE: return "Rate limit exceeded";
	case SCH_EBADGW: return "Upstream service error";
	case SCH_EDBDOWN:
	case SCH_EUNAVAIL: return "Service temporarily unavailable";
	case SCH_ETIMEOUT: return "Upstream timed out";
	default: return "Internal server error";
	}
}

void
resp_envelope(struct resp *rs, const struct req *rq)
{
	struct jw	*w = &rs->jw;
	size_t		 i;
	int		 err = rs->err;

	rs->status = err_http_status(err);
	rs->content_type = "application/json";
	rs->no_store = 1;
	/*
	 * Server-side failures never echo a handler's message: it may
	 * carry internals.  Client errors keep their specific message.
	 */
	if (rs->status >= 500 || rs->errmsg[0] == '\0')
		snprintf(rs->errmsg, sizeof(rs->errmsg), "%s",
		    default_message(err));
	if ((rs->status == 503 || rs->status == 429) && rs->retry_after == 0)
		rs->retry_after = rs->status == 503 ? 5 : 1;
	buf_reset(&rs->body);
	jw_init(w, &rs->body);
	jw_obj_open(w);
	jw_kstr(w, "trace_id", rq->id);
	jw_kstr(w, "code", err_http_code(err));
	jw_kstr(w, "message", rs->errmsg);
	jw_kint(w, "status", rs->status);
	jw_kint(w, "timestamp", (long long)time(NULL));
	if (err == SCH_EVALID && rs->verrs.n > 0) {
		jw_key(w, "details");
		jw_obj_open(w);
		jw_key(w, "fields");
		jw_arr_open(w);
		for (i = 0; i < rs->verrs.n; i++) {
			const struct verr *e = &rs->verrs.v[i];

			jw_obj_open(w);
			jw_kstr(w, "field", e->field);
			jw_kstr(w, "message", e->message);
			jw_key(w, "value");
			if (e->value == NULL)
				jw_null(w);
			else
				jw_strn(w, e->value, strnlen(e->value, 200));
			jw_obj_close(w);
		}
		jw_arr_close(w);
		jw_obj_close(w);
	}
	jw_obj_close(w);
}

/*
 * The CGI response: status, headers, body.  Every response runs this,
 * so the common headers are put without printf.
 */
int
resp_serialize(const struct resp *rs, const struct req *rq,
    const struct resp_opts *o, struct buf *out)
{

	buf_reset(out);
	buf_add(out, "Status: ", 8);
	put_uint(out, rs->status > 0 ? (unsigned)rs->status : 0);
	buf_putc(out, ' ');
	buf_puts(out, err_http_reason(rs->status));
	buf_add(out, "\r\n", 2);
	if (rs->content_type != NULL)
		put_hdr(out, "Content-Type", rs->content_type);
	buf_add(out, "Content-Length: ", 16);
	put_uint(out, rs->body.len);
	buf_add(out, "\r\n", 2);
	put_hdr(out, "X-Request-ID", rq->id);
	buf_puts(out,
	    "X-Content-Type-Options: nosniff\r\n"
	    "X-Frame-Options: SAMEORIGIN\r\n"
	    "Referrer-Policy: no-referrer\r\n"
	    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n");
	if (rs->no_store || rs->status >= 400)
		buf_puts(out, "Cache-Control: no-store\r\n");
	if (o != NULL && o->hsts_max_age > 0)
		buf_printf(out, "Strict-Transport-Security: max-age=%d; "
		    "includeSubDomains\r\n", o->hsts_max_age);
	if (rs->status == 401)
		buf_puts(out, "WWW-Authenticate: Bearer\r\n");
	if (rs->retry_after > 0)
		buf_printf(out, "Retry-After: %d\r\n", rs->retry_after);
	buf_add(out, rs->hdr.p ? rs->hdr.p : "", rs->hdr.len);
	buf_puts(out, "\r\n");
	if (!rq->head)
		buf_add(out, rs->body.p ? rs->body.p : "", rs->body.len);
	return buf_error(out);
}
