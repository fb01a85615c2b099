/*
 * The responder skeleton: start-up, the FastCGI accept loop, and the
 * request pipeline every responder runs (DESIGN.md "Request path").
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <sys/socket.h>
#include <sys/uio.h>

#include <fastcgi.h>
#include <fcgiapp.h>
#include <json-c/json.h>

#include "app.h"
#include "arena.h"
#include "buf.h"
#include "conf.h"
#include "db.h"
#include "err.h"
#include "json.h"
#include "log.h"
#include "metrics.h"
#include "prefork.h"
#include "req.h"
#include "resp.h"
#include "route.h"
#include "shm.h"
#include "valid.h"

#define EX_USAGE	64
#define EX_CANTCREAT	73
#define EX_CONFIG	78

#define RESP_MAX	(32 * 1024 * 1024)
#define JSON_MAXARGS	256

struct conf app_conf;

static volatile sig_atomic_t stopping;

double
app_elapsed(const struct req *rq)
{
	struct timespec	now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - rq->start.tv_sec) +
	    (double)(now.tv_nsec - rq->start.tv_nsec) / 1e9;
}

/* Is the Host header (port stripped) acceptable? */
static int
host_ok(const char *host)
{
	char		 h[256];
	const char	*end;
	size_t		 n;

	if (app_conf.allowed_hosts == NULL || *app_conf.allowed_hosts == '\0')
		return 1;
	if (host == NULL || *host == '\0')
		return 0;
	if (host[0] == '[')
		end = strchr(host, ']') ? strchr(host, ']') + 1 : host + strlen(host);
	else
		end = strchr(host, ':') ? strchr(host, ':') : host + strlen(host);
	n = (size_t)(end - host);
	if (n >= sizeof(h))
		return 0;
	memcpy(h, host, n);
	h[n] = '\0';
	return conf_list_has(app_conf.allowed_hosts, h) ||
	    conf_list_has(app_conf.allowed_hosts, host);
}

static int
is_json_type(const char *ct)
{
	size_t	n = strlen("application/json");

	if (ct == NULL)
		return 0;
	while (*ct == ' ')
		ct++;
	return strncasecmp(ct, "application/json", n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* Append key = the text of a scalar JSON value to kv (n entries). */
static int
kv_push(struct req *rq, struct kv *kv, size_t *n, const char *key,
    struct json_object *v)
{

	if (*n == JSON_MAXARGS)
		return SCH_ETOOBIG;
	kv[*n].key = arena_strdup(&rq->arena, key);
	kv[*n].val = arena_strdup(&rq->arena, json_object_get_string(v));
	kv[*n].vlen = strlen(kv[*n].val);
	(*n)++;
	return SCH_OK;
}

/*
 * Turn a JSON object body into args for the route's validators:
 * scalars become their text, arrays of scalars become repeated keys.
 * Nulls and nested objects or arrays are not arguments and are skipped.
 */
static int
json_to_args(struct req *rq, struct json_object *o)
{
	struct json_object	*it;
	struct kv		*kv;
	size_t			 n = 0, i, len;
	int			 rc;

	kv = arena_calloc(&rq->arena, JSON_MAXARGS, sizeof(*kv));
	json_object_object_foreach(o, key, val) {
		enum json_type t = json_object_get_type(val);

		if (t == json_type_object || t == json_type_null)
			continue;
		if (t != json_type_array) {
			if ((rc = kv_push(rq, kv, &n, key, val)) != SCH_OK)
				return rc;
			continue;
		}
		len = json_object_array_length(val);
		for (i = 0; i < len; i++) {
			it = json_object_array_get_idx(val, i);
			if (it == NULL || json_object_is_type(it, json_type_object) ||
			    json_object_is_type(it, json_type_array))
				continue;
			if ((rc = kv_push(rq, kv, &n, key, it)) != SCH_OK)
				return rc;
		}
	}
	rq->args = kv;
	rq->nargs = n;
	return SCH_OK;
}

/* Parse a JSON body (ROUTE_JSON_BODY routes) into rq->args. */
static int
body_args(struct req *rq, struct resp *rs)
{
	struct json_object	*o;
	int			 rc;

	if (!is_json_type(rq->content_type))
		return resp_fail(rs, SCH_EMEDIA,
		    "Content-Type must be application/json");
	if (json_parse(rq->body ? rq->body : "", rq->body_len, &o) != SCH_OK)
		return resp_fail(rs, SCH_EBADREQ, "Malformed JSON body");
	if (!json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return resp_fail(rs, SCH_EBADREQ, "JSON body must be an object");
	}
	rc = json_to_args(rq, o);
	json_object_put(o);
	if (rc != SCH_OK)
		return resp_fail(rs, SCH_EVALID, "Too many fields in body");
	return SCH_OK;
}

void
app_handle(const struct app *app, struct req *rq, struct resp *rs)
{
	const struct route	*rt;
	char			 allow[96];
	int			 rc;

	if (!host_ok(rq->host)) {
		resp_fail(rs, SCH_EHOST, "Host not allowed");
		goto fail;
	}
	if (rq->body_too_big) {
		resp_fail(rs, SCH_ETOOBIG, "Request body exceeds %d bytes",
		    app_conf.max_body_bytes);
		goto fail;
	}
	rc = route_match(app->routes, app->nroutes, rq, &rt, allow,
	    sizeof(allow));
	if (rc == SCH_EMETHOD) {
		resp_header(rs, "Allow", allow);
		resp_fail(rs, rc, "Method %.16s not allowed here; allowed: %s",
		    rq->method, allow);
		goto fail;
	}
	if (rc != SCH_OK) {
		resp_fail(rs, SCH_ENOTFOUND, "Path '%.128s' not found", rq->path);
		goto fail;
	}
	if ((rt->flags & ROUTE_JSON_BODY) && strcmp(rq->method, "POST") == 0 &&
	    body_args(rq, rs) != SCH_OK)
		goto fail;
	if (rt->nparams > 0) {
		rq->v = arena_calloc(&rq->arena, rt->nparams, sizeof(*rq->v));
		if (valid_args(rt->params, rt->nparams, rq->args, rq->nargs,
		    rq->v, &rs->verrs, &rq->arena) != SCH_OK) {
			resp_fail(rs, SCH_EVALID, "Request validation failed");
			goto fail;
		}
	}
	if ((rc = rt->fn(rq, rs)) == SCH_OK && buf_error(&rs->body) == SCH_OK)
		return;
	if (rc == SCH_OK)
		rc = buf_error(&rs->body) == SCH_ETOOBIG ? SCH_EINTERNAL :
		    buf_error(&rs->body);
	if (rs->err == SCH_OK)
		rs->err = rc;
fail:
	if (rs->err == SCH_EVALID && rs->verrs.n == 0)
		verrs_add(&rs->verrs, "body", rs->errmsg, NULL);
	resp_envelope(rs, rq);
}

/*
 * Is another request already queued on the listening socket (fd 0)?
 * Then queued log lines can wait for a batch.
 */
static int
requests_waiting(void)
{
	struct pollfd	pfd = { .fd = 0, .events = POLLIN };

	return poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN);
}

static void
on_signal(int sig)
{

	(void)sig;
	stopping = 1;
	FCGX_ShutdownPending();
}

static void
usage(const char *prog)
{

	fprintf(stderr, "usage: %s [-tV] [-c file] [-n workers]\n", prog);
}

/*
 * Is fd 0, the socket the web server connects to, a unix socket?
 * Only there may a connection be closed without libfcgi's graceful
 * close (see finish()).
 */
static int
listen_is_unix(void)
{
	struct sockaddr_storage	ss;
	socklen_t		len = sizeof(ss);

	return getsockname(0, (struct sockaddr *)&ss, &len) == 0 &&
	    ss.ss_family == AF_UNIX;
}

/*
 * End the request.  libfcgi closes a connection gracefully: shutdown()
 * of the write side, then a poll() and read() until the web server
 * closes too, so that data still unread cannot turn the close into a
 * reset that destroys the response on its way (a TCP peer loses what
 * it has not read yet).  On a unix socket nothing that was sent is
 * lost by a close; only unread input makes the kernel report a reset
 * to the peer.  So when read_body() saw the end of the request's input
 * without a stream error, the connection is closed at once: three
 * system calls and a wake-up fewer per request, which is a third of
 * what a small request costs the responder.  This never waits for
 * input: the response is not held back by a web server that is slow
 * to end stdin.  FCGX_Detach() only marks the request for that plain
 * close; FCGX_Attach() only clears the mark.
 */
static void
finish(FCGX_Request *fr, const struct req *rq, int unix_sock)
{

	if (unix_sock && rq->stdin_eof && FCGX_GetError(fr->in) == 0)
		FCGX_Detach(fr);
	else
		FCGX_Attach(fr);
	FCGX_Finish_r(fr);
}

/*
 * Send the response.  libfcgi copies output through an 8 KB buffer and
 * writes a record each time it fills, so a 20 KB search answer took
 * three write()s, and lighttpd as many wake-ups.  A large response is
 * therefore framed here, in STDOUT records of up to 64 KB sent with one
 * writev(), except its last bytes: those go through libfcgi, which
 * sends them with the end-of-stream and end-of-request records in its
 * final write.  Nothing has gone through libfcgi's buffer before this,
 * so the order on the wire is kept.  A failed write ends the
 * connection (shutdown()), so that nothing after a gap is sent.
 */
#define REC_MAX		65528	/* a record's content, a multiple of 8 */
#define TAIL_MAX	4096	/* what libfcgi sends with the end records */
#define IOV_RECS	16

void
app_put_response(FCGX_Request *fr, const char *p, size_t n)
{
	unsigned char	 hdr[IOV_RECS][8];
	struct iovec	 iov[IOV_RECS * 2], *v;
	size_t		 bulk, off = 0, len, k, nv;
	ssize_t		 w;

	while (n - off > TAIL_MAX) {
		bulk = n - off - TAIL_MAX;
		for (k = nv = 0; k < IOV_RECS && bulk > 0; k++) {
			len = bulk < REC_MAX ? bulk : REC_MAX;
			hdr[k][0] = FCGI_VERSION_1;
			hdr[k][1] = FCGI_STDOUT;
			hdr[k][2] = (unsigned char)(fr->requestId >> 8);
			hdr[k][3] = (unsigned char)fr->requestId;
			hdr[k][4] = (unsigned char)(len >> 8);
			hdr[k][5] = (unsigned char)len;
			hdr[k][6] = hdr[k][7] = 0;
			iov[nv].iov_base = hdr[k];
			iov[nv++].iov_len = 8;
			iov[nv].iov_base = (void *)(p + off);
			iov[nv++].iov_len = len;
			off += len;
			bulk -= len;
		}
		for (v = iov; nv > 0; ) {
			if ((w = writev(fr->ipcFd, v, (int)nv)) <= 0) {
				if (w == -1 && errno == EINTR)
					continue;
				/*
				 * Part of the response is lost: end the
				 * connection so that libfcgi sends nothing
				 * more and the web server sees a broken
				 * response, not one with a gap.
				 */
				shutdown(fr->ipcFd, SHUT_RDWR);
				return;
			}
			for (; nv > 0 && (size_t)w >= v->iov_len; v++, nv--)
				w -= (ssize_t)v->iov_len;
			if (nv > 0) {
				v->iov_base = (char *)v->iov_base + w;
				v->iov_len -= (size_t)w;
			}
		}
	}
	FCGX_PutStr(p + off, (int)(n - off), fr->out);
}

/*
 * Read the request body, counting bytes actually read, and note when
 * stdin was read to its end (finish() needs that).  A request without
 * a body still has its end of stdin read: web servers send the empty
 * STDIN record with the parameters, so this does not wait.  A body
 * over the limit is not read at all.
 */
static void
read_body(struct req *rq, FCGX_Stream *in, size_t max)
{
	struct buf	b;
	char		chunk[8192];
	int		n;

	if (rq->content_length > (long long)max) {
		rq->body_too_big = 1;
		return;
	}
	buf_init(&b, max);
	while ((n = FCGX_GetStr(chunk, sizeof(chunk), in)) > 0) {
		if (buf_add(&b, chunk, (size_t)n) != SCH_OK) {
			rq->body_too_big = 1;
			break;
		}
	}
	if (n == 0 && FCGX_GetError(in) == 0)
		rq->stdin_eof = 1;
	if (!rq->body_too_big && b.len > 0) {
		rq->body = arena_strndup(&rq->arena, b.p, b.len);
		rq->body_len = b.len;
	}
	buf_free(&b);
}

/* Bounded label set: anything odd is "OTHER". */
static const char *
method_label(const char *m)
{
	static const char *const known[] = { "GET", "HEAD", "POST", "PUT",
	    "PATCH", "DELETE", "OPTIONS", NULL };
	size_t	i;

	for (i = 0; known[i] != NULL; i++)
		if (strcmp(m, known[i]) == 0)
			return known[i];
	return "OTHER";
}

int
app_main(const struct app *app, int argc, char **argv)
{
	FCGX_Request		 fr;
	struct req		 rq;
	struct resp		 rs;
	struct resp_opts	 ro;
	struct buf		 out;
	struct sigaction	 sa;
	const char		*path = NULL, *prog = app->name, *nw;
	char			 err[1024];
	double			 secs;
	long long		 workers = 0;
	int			 ch, test = 0, rc, status, unix_sock;

	if ((nw = getenv("SCHOLARSHIP_FCGI_CHILDREN")) != NULL && *nw == '\0')
		nw = NULL;		/* set but empty: unset */
	while ((ch = getopt(argc, argv, "c:n:tVh")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'n':
			nw = optarg;
			break;
		case 't':
			test = 1;
			break;
		case 'V':
			printf("%s %s\n", prog, PACKAGE_VERSION);
			return 0;
		default:
			usage(prog);
			return EX_USAGE;
		}
	}
	if (nw != NULL && !valid_int(nw, 0, PREFORK_MAX, &workers)) {
		fprintf(stderr, "%s: workers: '%s' is not a number from 0 to"
		    " %d\n", prog, nw, PREFORK_MAX);
		return EX_USAGE;
	}
	if (path == NULL)
		path = getenv("SCHOLARSHIP_API_CONF");
	if (path == NULL && access(conf_default_path(), F_OK) == 0)
		path = conf_default_path();
	if (conf_load(&app_conf, path, err, sizeof(err)) != SCH_OK) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return EX_CONFIG;
	}
	if (test) {
		fprintf(stderr, "%s: configuration %s ok\n", prog,
		    path ? path : "(defaults)");
		return 0;
	}
	log_init(prog, app_conf.log_level);
	if (shm_attach(app_conf.runtime_dir) != SCH_OK) {
		fprintf(stderr, "%s: cannot map shared memory in %s\n", prog,
		    app_conf.runtime_dir);
		return EX_CANTCREAT;
	}
	db_configure(&app_conf);
	if (workers > 1) {
		/* Returns in each worker only. */
		prefork_run((int)workers);
		log_init(prog, app_conf.log_level);	/* the worker's pid */
	}
	if (app->init != NULL && (rc = app->init()) != SCH_OK) {
		log_error("start-up failed: %s", sch_strerror(rc));
		return EX_CONFIG;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: accept() returns */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (FCGX_Init() != 0) {
		log_error("FCGX_Init failed");
		return 71;
	}
	FCGX_InitRequest(&fr, 0, FCGI_FAIL_ACCEPT_ON_INTR);
	unix_sock = listen_is_unix();
	memset(&rq, 0, sizeof(rq));
	arena_init(&rq.arena);
	resp_init(&rs, RESP_MAX);
	buf_init(&out, RESP_MAX + 64 * 1024);
	ro.hsts_max_age = app_conf.hsts_max_age;
	log_info("started, serving FastCGI on fd 0");

	while (!stopping && FCGX_Accept_r(&fr) >= 0) {
		rq.body_too_big = 0;
		rq.stdin_eof = 0;
		rc = req_init(&rq, fr.envp, (size_t)app_conf.max_url_bytes);
		if (rc == SCH_OK)
			read_body(&rq, fr.in, (size_t)app_conf.max_body_bytes);
		if (rc == SCH_EURI)
			resp_fail(&rs, rc, "Request URI exceeds %d bytes",
			    app_conf.max_url_bytes);
		else if (rc != SCH_OK)
			resp_fail(&rs, rc, "Malformed query string");
		if (rc != SCH_OK)
			resp_envelope(&rs, &rq);
		else
			app_handle(app, &rq, &rs);
		status = rs.status;
		if (resp_serialize(&rs, &rq, &ro, &out) != SCH_OK) {
			log_error("response serialisation failed");
			status = 500;
			buf_reset(&out);
			buf_puts(&out, "Status: 500 Internal Server Error\r\n"
			    "Content-Type: application/json\r\n\r\n"
			    "{\"code\":\"INTERNAL_ERROR\",\"status\":500}");
		}
		app_put_response(&fr, out.p, out.len);
		finish(&fr, &rq, unix_sock);
		secs = app_elapsed(&rq);
		if (!(rq.route != NULL && (rq.route->flags & ROUTE_NOMETRICS)))
			metrics_http(method_label(rq.method),
			    rq.route ? rq.route->tmpl : "unmatched", status, secs);
		log_access(&rq, status, secs);
		log_flush_idle(requests_waiting());
		req_reset(&rq);
		resp_reset(&rs);
		if (buf_error(&out) == SCH_OK && out.cap > 1024 * 1024) {
			/* Do not keep a huge response buffer between requests. */
			buf_free(&out);
			buf_init(&out, RESP_MAX + 64 * 1024);
		}
		if (app->idle != NULL)
			app->idle();
	}
	log_flush();
	log_info("stopping");
	if (app->fini != NULL)
		app->fini();
	FCGX_Free(&fr, 1);
	req_free(&rq);
	resp_free(&rs);
	buf_free(&out);
	db_close();
	conf_free(&app_conf);
	return 0;
}
