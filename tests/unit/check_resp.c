/*
 * Errors and responses (err.h, resp.h): the one code → HTTP mapping,
 * the error envelope of SPEC §2 and the serialised CGI response with
 * the headers every response carries.
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <fastcgi.h>
#include <fcgiapp.h>
#include <json-c/json.h>

#include "app.h"
#include "buf.h"
#include "err.h"
#include "req.h"
#include "resp.h"

#include "tests.h"

#define E(s)	((char *)(s))

/* --- err ---------------------------------------------------------------- */

struct code_case {
	int		 err;
	int		 status;
	const char	*code;
	const char	*reason;
};

static const struct code_case code_cases[] = {
	{ SCH_EBADREQ, 400, "BAD_REQUEST", "Bad Request" },
	{ SCH_EHOST, 400, "INVALID_HOST", "Bad Request" },
	{ SCH_EUNAUTH, 401, "UNAUTHORIZED", "Unauthorized" },
	{ SCH_EFORBID, 403, "FORBIDDEN", "Forbidden" },
	{ SCH_ENOTFOUND, 404, "NOT_FOUND", "Not Found" },
	{ SCH_EMETHOD, 405, "METHOD_NOT_ALLOWED", "Method Not Allowed" },
	{ SCH_ECONFLICT, 409, "CONFLICT", "Conflict" },
	{ SCH_ETOOBIG, 413, "PAYLOAD_TOO_LARGE", NULL },
	{ SCH_EURI, 414, "URI_TOO_LONG", NULL },
	{ SCH_EMEDIA, 415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type" },
	{ SCH_EVALID, 422, "VALIDATION_ERROR", NULL },
	{ SCH_ERATE, 429, "RATE_LIMITED", "Too Many Requests" },
	{ SCH_EINTERNAL, 500, "INTERNAL_ERROR", "Internal Server Error" },
	{ SCH_EDB, 500, "INTERNAL_ERROR", "Internal Server Error" },
	{ SCH_ENOMEM, 500, "INTERNAL_ERROR", "Internal Server Error" },
	{ SCH_EINVAL, 500, "INTERNAL_ERROR", "Internal Server Error" },
	{ SCH_EIO, 500, "INTERNAL_ERROR", "Internal Server Error" },
	{ SCH_ECONF, 500, "INTERNAL_ERROR", "Internal Server Error" },
	{ SCH_EBADGW, 502, "BAD_GATEWAY", "Bad Gateway" },
	{ SCH_EDBDOWN, 503, "SERVICE_UNAVAILABLE", "Service Unavailable" },
	{ SCH_EUNAVAIL, 503, "SERVICE_UNAVAILABLE", "Service Unavailable" },
	{ SCH_ETIMEOUT, 504, "GATEWAY_TIMEOUT", "Gateway Timeout" },
};

START_TEST(t_err_map)
{
	const struct code_case	*c = &code_cases[_i];

	ck_assert_msg(err_http_status(c->err) == c->status,
	    "err %d: status %d, want %d", c->err, err_http_status(c->err),
	    c->status);
	ck_assert_ptr_nonnull(err_http_code(c->err));
	ck_assert_str_eq(err_http_code(c->err), c->code);
	/* err_http_reason() takes the HTTP status, for the status line. */
	ck_assert_ptr_nonnull(err_http_reason(c->status));
	if (c->reason != NULL)
		ck_assert_str_eq(err_http_reason(c->status), c->reason);
	ck_assert_ptr_nonnull(sch_strerror(c->err));
}
END_TEST

START_TEST(t_err_ok)
{
	int	 e;

	ck_assert_int_eq(err_http_status(SCH_OK), 200);
	for (e = 0; e < SCH_ERR__MAX; e++) {
		ck_assert_ptr_nonnull(sch_strerror(e));
		ck_assert(sch_strerror(e)[0] != '\0');
	}
	/* Out of range still answers something printable. */
	ck_assert_ptr_nonnull(sch_strerror(SCH_ERR__MAX + 7));
	ck_assert_int_eq(err_http_status(SCH_ERR__MAX + 7), 500);
}
END_TEST

/* --- fixtures ----------------------------------------------------------- */

struct fx {
	char		 m[64];		/* the environment outlives req_init */
	char		 id[200];
	char		*env[5];
	struct req	 rq;
	struct resp	 rs;
	struct buf	 out;
};

static void
fx_init(struct fx *f, const char *method, const char *reqid)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->m, sizeof(f->m), "REQUEST_METHOD=%s", method);
	snprintf(f->id, sizeof(f->id), "HTTP_X_REQUEST_ID=%s",
	    reqid != NULL ? reqid : "");
	f->env[0] = f->m;
	f->env[1] = E("REQUEST_URI=/items/x");
	f->env[2] = E("QUERY_STRING=");
	f->env[3] = reqid != NULL ? f->id : NULL;
	f->env[4] = NULL;
	ck_assert_int_eq(req_init(&f->rq, f->env, 2048), SCH_OK);
	resp_init(&f->rs, 1 << 20);
	buf_init(&f->out, 1 << 21);
}

static void
fx_free(struct fx *f)
{
	buf_free(&f->out);
	resp_free(&f->rs);
	req_free(&f->rq);
}

static struct json_object *
parse_body(const struct resp *rs)
{
	struct json_object	*o;

	o = json_tokener_parse(buf_cstr(&rs->body));
	ck_assert_msg(o != NULL, "body is not JSON: %s", buf_cstr(&rs->body));
	return o;
}

static struct json_object *
get(struct json_object *o, const char *key, json_type t)
{
	struct json_object	*v = NULL;

	ck_assert_msg(json_object_object_get_ex(o, key, &v), "no key %s", key);
	ck_assert_msg(json_object_is_type(v, t), "key %s: type %s", key,
	    json_type_to_name(json_object_get_type(v)));
	return v;
}

/*
 * The value of header name in a serialised response (exact name match
 * ignoring case), copied into val; 0 if absent.  Only the header
 * block is searched.
 */
static int
header(const char *resp, const char *name, char *val, size_t vlen)
{
	const char	*p, *end, *eol, *v;
	size_t		 nlen = strlen(name), n;

	end = strstr(resp, "\r\n\r\n");
	ck_assert_ptr_nonnull(end);
	for (p = resp; p < end; p = eol + 2) {
		eol = strstr(p, "\r\n");
		if (eol == NULL)
			break;
		if ((size_t)(eol - p) > nlen && p[nlen] == ':' &&
		    strncasecmp(p, name, nlen) == 0) {
			v = p + nlen + 1;
			while (*v == ' ')
				v++;
			n = (size_t)(eol - v);
			if (n >= vlen)
				n = vlen - 1;
			memcpy(val, v, n);
			val[n] = '\0';
			return 1;
		}
	}
	return 0;
}

static const char *
body_of(const char *resp)
{
	const char	*end;

	end = strstr(resp, "\r\n\r\n");
	ck_assert_ptr_nonnull(end);
	return end + 4;
}

/* --- envelope ----------------------------------------------------------- */

START_TEST(t_envelope_404)
{
	struct fx		 f;
	struct json_object	*o;
	time_t			 now = time(NULL);
	long long		 ts;

	fx_init(&f, "GET", "trace-abc.1");
	ck_assert_int_eq(resp_fail(&f.rs, SCH_ENOTFOUND,
	    "Scholarship '%s' not found", "x"), SCH_ENOTFOUND);
	resp_envelope(&f.rs, &f.rq);
	ck_assert_int_eq(f.rs.status, 404);
	o = parse_body(&f.rs);
	ck_assert_str_eq(json_object_get_string(get(o, "trace_id",
	    json_type_string)), "trace-abc.1");
	ck_assert_str_eq(json_object_get_string(get(o, "code",
	    json_type_string)), "NOT_FOUND");
	ck_assert_str_eq(json_object_get_string(get(o, "message",
	    json_type_string)), "Scholarship 'x' not found");
	ck_assert_int_eq(json_object_get_int(get(o, "status", json_type_int)),
	    404);
	ts = json_object_get_int64(get(o, "timestamp", json_type_int));
	ck_assert_msg(ts >= now - 5 && ts <= now + 5, "timestamp %lld", ts);
	json_object_put(o);
	fx_free(&f);
}
END_TEST

/* The envelope's trace_id is the generated id when the client's is unsafe. */
START_TEST(t_envelope_newid)
{
	struct fx		 f;
	struct json_object	*o;

	fx_init(&f, "GET", "bad id!");
	resp_fail(&f.rs, SCH_EBADREQ, "bad");
	resp_envelope(&f.rs, &f.rq);
	o = parse_body(&f.rs);
	ck_assert_str_eq(json_object_get_string(get(o, "trace_id",
	    json_type_string)), f.rq.id);
	ck_assert_uint_eq(strlen(f.rq.id), 36);
	ck_assert_str_eq(json_object_get_string(get(o, "code",
	    json_type_string)), "BAD_REQUEST");
	ck_assert_int_eq(json_object_get_int(get(o, "status", json_type_int)),
	    400);
	json_object_put(o);
	fx_free(&f);
}
END_TEST

START_TEST(t_envelope_valid)
{
	struct fx		 f;
	struct json_object	*o, *det, *fields, *e;

	fx_init(&f, "GET", "v-1");
	verrs_add(&f.rs.verrs, "limit", "must be between 1 and 100", "abc");
	verrs_add(&f.rs.verrs, "offset", "must be >= 0", NULL);
	resp_fail(&f.rs, SCH_EVALID, "Validation failed");
	resp_envelope(&f.rs, &f.rq);
	ck_assert_int_eq(f.rs.status, 422);
	o = parse_body(&f.rs);
	ck_assert_str_eq(json_object_get_string(get(o, "code",
	    json_type_string)), "VALIDATION_ERROR");
	ck_assert_int_eq(json_object_get_int(get(o, "status", json_type_int)),
	    422);
	det = get(o, "details", json_type_object);
	fields = get(det, "fields", json_type_array);
	ck_assert_uint_eq(json_object_array_length(fields), 2);
	e = json_object_array_get_idx(fields, 0);
	ck_assert_str_eq(json_object_get_string(get(e, "field",
	    json_type_string)), "limit");
	ck_assert_str_eq(json_object_get_string(get(e, "message",
	    json_type_string)), "must be between 1 and 100");
	ck_assert_str_eq(json_object_get_string(get(e, "value",
	    json_type_string)), "abc");
	e = json_object_array_get_idx(fields, 1);
	ck_assert_str_eq(json_object_get_string(get(e, "field",
	    json_type_string)), "offset");
	get(e, "message", json_type_string);
	get(e, "value", json_type_null);
	json_object_put(o);
	fx_free(&f);
}
END_TEST

/* Request data in a message is escaped, never breaks the JSON. */
START_TEST(t_envelope_escape)
{
	struct fx		 f;
	struct json_object	*o;

	fx_init(&f, "GET", NULL);
	resp_fail(&f.rs, SCH_ENOTFOUND, "Scholarship '%s' not found",
	    "a\"b\\c\n\x01\xff");
	resp_envelope(&f.rs, &f.rq);
	o = parse_body(&f.rs);
	ck_assert_str_eq(json_object_get_string(get(o, "message",
	    json_type_string)),
	    "Scholarship 'a\"b\\c\n\x01\xef\xbf\xbd' not found");
	json_object_put(o);
	fx_free(&f);
}
END_TEST

/* The envelope replaces whatever the handler had written. */
START_TEST(t_envelope_replaces)
{
	struct fx		 f;
	struct json_object	*o;

	fx_init(&f, "GET", NULL);
	jw_obj_open(&f.rs.jw);
	jw_kstr(&f.rs.jw, "partial", "x");
	resp_fail(&f.rs, SCH_EDB, "query failed");
	resp_envelope(&f.rs, &f.rq);
	ck_assert_int_eq(f.rs.status, 500);
	o = parse_body(&f.rs);
	ck_assert(!json_object_object_get_ex(o, "partial", NULL));
	ck_assert_str_eq(json_object_get_string(get(o, "code",
	    json_type_string)), "INTERNAL_ERROR");
	json_object_put(o);
	fx_free(&f);
}
END_TEST

/* --- serialisation ------------------------------------------------------ */

static void
assert_common_headers(const char *out, const char *reqid)
{
	char	 v[256];

	ck_assert_msg(header(out, "Content-Type", v, sizeof(v)), "no Content-Type");
	ck_assert_msg(strncmp(v, "application/json", 16) == 0,
	    "Content-Type %s", v);
	ck_assert(header(out, "X-Request-ID", v, sizeof(v)));
	ck_assert_str_eq(v, reqid);
	ck_assert(header(out, "X-Content-Type-Options", v, sizeof(v)));
	ck_assert_str_eq(v, "nosniff");
	ck_assert(header(out, "X-Frame-Options", v, sizeof(v)));
	ck_assert_str_eq(v, "SAMEORIGIN");
	ck_assert(header(out, "Referrer-Policy", v, sizeof(v)));
	ck_assert_str_eq(v, "no-referrer");
	ck_assert(header(out, "Content-Security-Policy", v, sizeof(v)));
	ck_assert_str_eq(v, "default-src 'none'; frame-ancestors 'none'");
}

START_TEST(t_serialize_error)
{
	struct fx		 f;
	struct resp_opts	 opt = { .hsts_max_age = 0 };
	const char		*out, *body;
	char			 v[256];

	fx_init(&f, "GET", "ser-1");
	resp_fail(&f.rs, SCH_ENOTFOUND, "Scholarship 'x' not found");
	resp_envelope(&f.rs, &f.rq);
	ck_assert_int_eq(resp_serialize(&f.rs, &f.rq, &opt, &f.out), SCH_OK);
	out = buf_cstr(&f.out);
	ck_assert_msg(strncmp(out, "Status: 404 Not Found\r\n", 23) == 0,
	    "starts with: %.40s", out);
	assert_common_headers(out, "ser-1");
	ck_assert(header(out, "Cache-Control", v, sizeof(v)));
	ck_assert_ptr_nonnull(strstr(v, "no-store"));
	ck_assert(header(out, "Content-Length", v, sizeof(v)));
	body = body_of(out);
	ck_assert_uint_eq(strtoul(v, NULL, 10), strlen(body));
	ck_assert_uint_eq(strlen(body), f.rs.body.len);
	ck_assert_str_eq(body, buf_cstr(&f.rs.body));
	ck_assert_msg(!header(out, "Strict-Transport-Security", v, sizeof(v)),
	    "HSTS without hsts_max_age");
	fx_free(&f);
}
END_TEST

START_TEST(t_serialize_hsts)
{
	struct fx		 f;
	struct resp_opts	 opt = { .hsts_max_age = 31536000 };
	char			 v[256];

	fx_init(&f, "GET", "ser-2");
	jw_obj_open(&f.rs.jw);
	jw_kstr(&f.rs.jw, "status", "ok");
	jw_obj_close(&f.rs.jw);
	ck_assert_int_eq(resp_serialize(&f.rs, &f.rq, &opt, &f.out), SCH_OK);
	ck_assert(header(buf_cstr(&f.out), "Strict-Transport-Security", v,
	    sizeof(v)));
	ck_assert_msg(strncmp(v, "max-age=31536000", 16) == 0, "HSTS %s", v);
	fx_free(&f);
}
END_TEST

START_TEST(t_serialize_ok)
{
	struct fx		 f;
	struct resp_opts	 opt = { .hsts_max_age = 0 };
	const char		*out;
	char			 v[256];

	fx_init(&f, "GET", "ok-1");
	jw_obj_open(&f.rs.jw);
	jw_kstr(&f.rs.jw, "status", "ok");
	jw_obj_close(&f.rs.jw);
	resp_header(&f.rs, "X-Extra", "yes");
	ck_assert_int_eq(resp_serialize(&f.rs, &f.rq, &opt, &f.out), SCH_OK);
	out = buf_cstr(&f.out);
	ck_assert_msg(strncmp(out, "Status: 200 OK\r\n", 16) == 0,
	    "starts with: %.40s", out);
	assert_common_headers(out, "ok-1");
	ck_assert(header(out, "X-Extra", v, sizeof(v)));
	ck_assert_str_eq(v, "yes");
	ck_assert(header(out, "Content-Length", v, sizeof(v)));
	ck_assert_str_eq(v, "15");
	ck_assert_str_eq(body_of(out), "{\"status\":\"ok\"}");
	fx_free(&f);

	/* no_store on a success response (authenticated data). */
	fx_init(&f, "GET", "ok-2");
	jw_obj_open(&f.rs.jw);
	jw_obj_close(&f.rs.jw);
	f.rs.no_store = 1;
	ck_assert_int_eq(resp_serialize(&f.rs, &f.rq, &opt, &f.out), SCH_OK);
	ck_assert(header(buf_cstr(&f.out), "Cache-Control", v, sizeof(v)));
	ck_assert_ptr_nonnull(strstr(v, "no-store"));
	fx_free(&f);
}
END_TEST

/* HEAD: the same headers and Content-Length, no body bytes. */
START_TEST(t_serialize_head)
{
	struct fx		 f, g;
	struct resp_opts	 opt = { .hsts_max_age = 0 };
	char			 v[64], w[64];

	fx_init(&f, "HEAD", "head-1");
	fx_init(&g, "GET", "head-1");
	jw_obj_open(&f.rs.jw);
	jw_kstr(&f.rs.jw, "status", "ok");
	jw_obj_close(&f.rs.jw);
	jw_obj_open(&g.rs.jw);
	jw_kstr(&g.rs.jw, "status", "ok");
	jw_obj_close(&g.rs.jw);
	ck_assert_int_eq(resp_serialize(&f.rs, &f.rq, &opt, &f.out), SCH_OK);
	ck_assert_int_eq(resp_serialize(&g.rs, &g.rq, &opt, &g.out), SCH_OK);
	ck_assert_str_eq(body_of(buf_cstr(&f.out)), "");
	ck_assert_str_ne(body_of(buf_cstr(&g.out)), "");
	ck_assert(header(buf_cstr(&f.out), "Content-Length", v, sizeof(v)));
	ck_assert(header(buf_cstr(&g.out), "Content-Length", w, sizeof(w)));
	ck_assert_str_eq(v, w);
	ck_assert_str_eq(v, "15");
	fx_free(&f);
	fx_free(&g);
}
END_TEST

START_TEST(t_serialize_405_503)
{
	struct fx		 f;
	struct resp_opts	 opt = { .hsts_max_age = 0 };
	const char		*out;
	char			 v[64];

	fx_init(&f, "DELETE", "m-1");
	resp_header(&f.rs, "Allow", "GET, HEAD");
	resp_fail(&f.rs, SCH_EMETHOD, "Method DELETE not allowed");
	resp_envelope(&f.rs, &f.rq);
	ck_assert_int_eq(resp_serialize(&f.rs, &f.rq, &opt, &f.out), SCH_OK);
	out = buf_cstr(&f.out);
	ck_assert_msg(strncmp(out, "Status: 405 Method Not Allowed\r\n", 32)
	    == 0, "starts with: %.40s", out);
	ck_assert(header(out, "Allow", v, sizeof(v)));
	ck_assert_str_eq(v, "GET, HEAD");
	fx_free(&f);

	fx_init(&f, "GET", "u-1");
	resp_fail(&f.rs, SCH_EDBDOWN, "Database unavailable");
	f.rs.retry_after = 5;
	resp_envelope(&f.rs, &f.rq);
	ck_assert_int_eq(resp_serialize(&f.rs, &f.rq, &opt, &f.out), SCH_OK);
	out = buf_cstr(&f.out);
	ck_assert_msg(strncmp(out, "Status: 503 Service Unavailable\r\n", 33)
	    == 0, "starts with: %.40s", out);
	ck_assert(header(out, "Retry-After", v, sizeof(v)));
	ck_assert_str_eq(v, "5");
	assert_common_headers(out, "u-1");
	fx_free(&f);
}
END_TEST

/* --- app_put_response: the response on the wire ------------------------ */

/* Sizes around the record, tail and batch boundaries of app.c. */
static const size_t put_sizes[] = { 0, 1, 4095, 4096, 4097, 8192, 8193,
	20905, 65528 + 4096, 65528 + 4097, 2 * 65528 + 4097, 200000,
	16 * 65528 + 4097, 17 * 65528 + 5000, 3 * 1024 * 1024 + 7 };

/*
 * A child sends the response as the accept loop does, through a
 * connection made by socketpair(); the parent reads the FastCGI records
 * and checks that their contents, in order, are the response, that
 * the stream ends with one empty STDOUT record and that a large
 * response went out in large records.
 */
START_TEST(t_put_response)
{
	size_t			 n = put_sizes[_i], got = 0, have = 0, cap;
	size_t			 records = 0, empty = 0, off, len;
	unsigned char		*data, *wire, *h;
	FCGX_Request		 fr;
	ssize_t			 r;
	pid_t			 pid;
	int			 sv[2], st;
	size_t			 i;

	data = malloc(n + 1);
	ck_assert_ptr_nonnull(data);
	for (i = 0; i < n; i++)
		data[i] = (unsigned char)(i * 7919 + i / 251);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		close(sv[1]);
		memset(&fr, 0, sizeof(fr));
		fr.requestId = 0x1234;
		fr.ipcFd = sv[0];
		fr.out = FCGX_CreateWriter(sv[0], fr.requestId, 8192,
		    FCGI_STDOUT);
		app_put_response(&fr, (const char *)data, n);
		FCGX_FClose(fr.out);
		_exit(FCGX_GetError(fr.out) != 0);
	}
	close(sv[0]);
	cap = n + 1024 * 1024;
	wire = malloc(cap);
	ck_assert_ptr_nonnull(wire);
	while ((r = read(sv[1], wire + have, cap - have)) > 0)
		have += (size_t)r;
	close(sv[1]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);

	for (off = 0; off < have; off += 8 + len + h[6]) {
		ck_assert_uint_le(off + 8, have);
		h = wire + off;
		len = (size_t)h[4] << 8 | h[5];
		ck_assert_uint_le(off + 8 + len + h[6], have);
		ck_assert_int_eq(h[0], FCGI_VERSION_1);
		ck_assert_int_eq(h[1], FCGI_STDOUT);
		ck_assert_int_eq(h[2] << 8 | h[3], 0x1234);
		ck_assert_msg(empty == 0, "a record after the end of stdout");
		if (len == 0)
			empty++;
		ck_assert_uint_le(got + len, n);
		ck_assert_msg(memcmp(data + got, h + 8, len) == 0,
		    "content differs in the record at %zu", off);
		got += len;
		records++;
	}
	ck_assert_uint_eq(got, n);
	ck_assert_uint_eq(empty, 1);
	/* 64 KB records, the tail in libfcgi's (up to two) and the end. */
	ck_assert_uint_le(records, n / 65528 + 4);
	free(wire);
	free(data);
}
END_TEST

Suite *
suite_resp(void)
{
	Suite	*s = suite_create("resp");
	TCase	*tc;

	tc = tcase_create("err");
	tcase_add_loop_test(tc, t_err_map, 0, NELEM(code_cases));
	tcase_add_test(tc, t_err_ok);
	suite_add_tcase(s, tc);

	tc = tcase_create("envelope");
	tcase_add_test(tc, t_envelope_404);
	tcase_add_test(tc, t_envelope_newid);
	tcase_add_test(tc, t_envelope_valid);
	tcase_add_test(tc, t_envelope_escape);
	tcase_add_test(tc, t_envelope_replaces);
	suite_add_tcase(s, tc);

	tc = tcase_create("serialize");
	tcase_add_test(tc, t_serialize_error);
	tcase_add_test(tc, t_serialize_hsts);
	tcase_add_test(tc, t_serialize_ok);
	tcase_add_test(tc, t_serialize_head);
	tcase_add_test(tc, t_serialize_405_503);
	suite_add_tcase(s, tc);

	tc = tcase_create("put_response");
	tcase_add_loop_test(tc, t_put_response, 0, NELEM(put_sizes));
	suite_add_tcase(s, tc);
	return s;
}
