/*
 * Request parsing: CGI environment, query string, request id.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "err.h"
#include "req.h"

#define REQ_MAXARGS	256

const char *
req_env(const struct req *rq, const char *name)
{
	size_t		 n = strlen(name);
	char *const	*e;

	if (rq->envp == NULL)
		return NULL;
	for (e = rq->envp; *e != NULL; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

static int
hexval(int c)
{

	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode len bytes of src into dst (room for len + 1).  A decoded NUL
 * or a malformed escape is an error: nothing downstream expects NUL
 * inside a value.
 */
long
req_urldecode(char *dst, const char *src, size_t len, int plus)
{
	size_t	i, o = 0;
	int	hi, lo;

	for (i = 0; i < len; i++) {
		if (src[i] == '%') {
			if (len - i < 3)
				return -1;
			if ((hi = hexval((unsigned char)src[i + 1])) < 0 ||
			    (lo = hexval((unsigned char)src[i + 2])) < 0)
				return -1;
			if (hi == 0 && lo == 0)
				return -1;
			dst[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (src[i] == '+' && plus) {
			dst[o++] = ' ';
		} else if (src[i] == '\0') {
			return -1;
		} else
			dst[o++] = src[i];
	}
	dst[o] = '\0';
	return (long)o;
}

int
req_parse_query(struct arena *a, const char *qs, struct kv **out, size_t *nout)
{
	const char	*p, *amp, *eq;
	struct kv	*kv;
	size_t		 n = 0, klen, vlen;
	char		*k, *v;
	long		 l;

	*out = NULL;
	*nout = 0;
	if (qs == NULL || *qs == '\0')
		return SCH_OK;
	kv = arena_calloc(a, REQ_MAXARGS, sizeof(*kv));
	for (p = qs; *p != '\0'; p = *amp ? amp + 1 : amp) {
		if ((amp = strchr(p, '&')) == NULL)
			amp = p + strlen(p);
		if (amp == p)
			continue;
		if (n == REQ_MAXARGS)
			return SCH_EBADREQ;
		eq = memchr(p, '=', (size_t)(amp - p));
		klen = (size_t)((eq ? eq : amp) - p);
		vlen = eq ? (size_t)(amp - eq - 1) : 0;
		k = arena_alloc(a, klen + 1);
		v = arena_alloc(a, vlen + 1);
		if (req_urldecode(k, p, klen, 1) < 0)
			return SCH_EBADREQ;
		if ((l = req_urldecode(v, eq ? eq + 1 : "", vlen, 1)) < 0)
			return SCH_EBADREQ;
		kv[n].key = k;
		kv[n].val = v;
		kv[n].vlen = (size_t)l;
		n++;
	}
	*out = kv;
	*nout = n;
	return SCH_OK;
}

const char *
req_arg(const struct req *rq, const char *key)
{
	size_t	i;

	for (i = 0; i < rq->nargs; i++)
		if (strcmp(rq->args[i].key, key) == 0)
			return rq->args[i].val;
	return NULL;
}

int
req_id_ok(const char *s)
{
	size_t	n;

	if (s == NULL)
		return 0;
	for (n = 0; s[n] != '\0'; n++) {
		if (n >= 128)
			return 0;
		if (!isalnum((unsigned char)s[n]) && strchr("._:-", s[n]) == NULL)
			return 0;
	}
	return n > 0;
}

/*
 * Random bytes for request ids, drawn from the kernel 256 bytes at a
 * time (16 ids) rather than 16 bytes per request: a system call per
 * request was a measurable share of a small request.  getrandom() never
 * returns less than 256 bytes, signals or not.  A forked child must not
 * hand out its parent's bytes again, so fork empties the pool.
 */
static unsigned char	id_pool[256];
static size_t		id_left;

static void
id_pool_forget(void)
{

	id_left = 0;
}

static int
id_bytes(unsigned char *r, size_t n)
{
	static int	registered;
	ssize_t		got;

	if (!registered) {
		if (pthread_atfork(NULL, NULL, id_pool_forget) != 0)
			return -1;
		registered = 1;
	}
	if (id_left < n) {
		while ((got = getrandom(id_pool, sizeof(id_pool), 0)) == -1 &&
		    errno == EINTR)
			continue;
		if (got < (ssize_t)n)
			return -1;
		id_left = (size_t)got;
	}
	id_left -= n;
	memcpy(r, id_pool + id_left, n);
	return 0;
}

void
req_new_id(char out[37])
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 r[16];
	size_t			 i, o = 0;

	if (id_bytes(r, sizeof(r)) != 0) {
		/*
		 * Practically impossible; a weak id beats no response.
		 * Seeded with the pid and time, so that workers forked
		 * from one parent do not all repeat one sequence.
		 */
		static pid_t	seeded;
		struct timespec	ts;

		if (seeded != getpid()) {
			seeded = getpid();
			clock_gettime(CLOCK_REALTIME, &ts);
			srandom((unsigned)seeded ^ (unsigned)ts.tv_nsec ^
			    (unsigned)ts.tv_sec);
		}
		for (i = 0; i < sizeof(r); i++)
			r[i] = (unsigned char)random();
	}
	r[6] = (r[6] & 0x0f) | 0x40;
	r[8] = (r[8] & 0x3f) | 0x80;
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[r[i] >> 4];
		out[o++] = hex[r[i] & 15];
	}
	out[o] = '\0';
}

int
req_init(struct req *rq, char **envp, size_t max_url)
{
	const char	*uri, *q, *s, *tp;
	char		*path;
	size_t		 plen;

	rq->envp = envp;
	rq->args = NULL;
	rq->nargs = 0;
	rq->body = NULL;
	rq->body_len = 0;
	rq->route = NULL;
	rq->ncaps = 0;
	rq->v = NULL;
	rq->traceparent[0] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &rq->start);

	s = req_env(rq, "HTTP_X_REQUEST_ID");
	if (req_id_ok(s))
		snprintf(rq->id, sizeof(rq->id), "%s", s);
	else
		req_new_id(rq->id);
	tp = req_env(rq, "HTTP_TRACEPARENT");
	if (tp != NULL && strlen(tp) == 55)
		snprintf(rq->traceparent, sizeof(rq->traceparent), "%s", tp);

	s = req_env(rq, "REQUEST_METHOD");
	snprintf(rq->method_buf, sizeof(rq->method_buf), "%s", s ? s : "GET");
	rq->method = rq->method_buf;
	rq->head = strcmp(rq->method, "HEAD") == 0;
	s = req_env(rq, "REMOTE_ADDR");
	snprintf(rq->addr_buf, sizeof(rq->addr_buf), "%s", s ? s : "");
	rq->remote_addr = rq->addr_buf;
	rq->host = req_env(rq, "HTTP_HOST");
	rq->content_type = req_env(rq, "CONTENT_TYPE");
	rq->content_length = -1;
	if ((s = req_env(rq, "CONTENT_LENGTH")) != NULL && *s != '\0') {
		long long v;
		if (valid_int(s, 0, (long long)1 << 62, &v))
			rq->content_length = v;
	}

	uri = req_env(rq, "REQUEST_URI");
	if (uri == NULL)
		uri = req_env(rq, "SCRIPT_NAME");
	if (uri == NULL || *uri == '\0')
		uri = "/";
	rq->uri = uri;
	rq->path = "/";
	rq->query = "";
	if (strlen(uri) > max_url)
		return SCH_EURI;
	q = strchr(uri, '?');
	plen = q ? (size_t)(q - uri) : strlen(uri);
	rq->query = q ? q + 1 : "";
	path = arena_alloc(&rq->arena, plen + 1);
	/* The path is decoded segment by segment in route_match(). */
	memcpy(path, uri, plen);
	path[plen] = '\0';
	rq->path = path;
	if (req_parse_query(&rq->arena, rq->query, &rq->args, &rq->nargs)
	    != SCH_OK)
		return SCH_EBADREQ;
	return SCH_OK;
}

void
req_reset(struct req *rq)
{

	arena_reset(&rq->arena);
	rq->envp = NULL;
	rq->args = NULL;
	rq->nargs = 0;
	rq->body = NULL;
	rq->body_len = 0;
	rq->route = NULL;
	rq->host = rq->content_type = rq->uri = NULL;
}

void
req_free(struct req *rq)
{

	arena_free(&rq->arena);
}
