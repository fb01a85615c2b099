/*
 * Request parsing (req.h): query strings, percent-decoding, the CGI
 * environment, request ids and the URL length limit.
 */
#include <sys/wait.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "err.h"
#include "req.h"

#include "tests.h"

/* CGI environments are char **; the literals are never written. */
#define E(s)	((char *)(s))

/* --- req_parse_query ---------------------------------------------------- */

struct q_case {
	const char	*in;
	int		 rc;
	size_t		 n;
	const char	*kv[8];	/* key, value pairs */
	size_t		 vlen[4];	/* 0 = strlen(value) */
};

static const struct q_case q_cases[] = {
	{ "a=1&b=2", SCH_OK, 2, { "a", "1", "b", "2" }, { 0 } },
	{ "a=1&a=2&a=3", SCH_OK, 3, { "a", "1", "a", "2", "a", "3" }, { 0 } },
	{ "q=hello+world", SCH_OK, 1, { "q", "hello world" }, { 0 } },
	{ "my+key=x", SCH_OK, 1, { "my key", "x" }, { 0 } },
	{ "%41=%42", SCH_OK, 1, { "A", "B" }, { 0 } },
	{ "q=a%2Bb%26c%3Dd", SCH_OK, 1, { "q", "a+b&c=d" }, { 0 } },
	{ "k", SCH_OK, 1, { "k", "" }, { 0 } },
	{ "k=", SCH_OK, 1, { "k", "" }, { 0 } },
	{ "a=1&&b=2", SCH_OK, 2, { "a", "1", "b", "2" }, { 0 } },
	{ "&a=1&", SCH_OK, 1, { "a", "1" }, { 0 } },
	{ "", SCH_OK, 0, { NULL }, { 0 } },
	{ "a=b=c", SCH_OK, 1, { "a", "b=c" }, { 0 } },
	{ "q=%C3%A9t%C3%A9", SCH_OK, 1, { "q", "\xc3\xa9t\xc3\xa9" }, { 5 } },
	{ "q=%c3%a9", SCH_OK, 1, { "q", "\xc3\xa9" }, { 2 } },
	{ "q=%F0%9F%8E%93", SCH_OK, 1, { "q", "\xf0\x9f\x8e\x93" }, { 4 } },
	{ "%zz", SCH_EBADREQ, 0, { NULL }, { 0 } },
	{ "a=%zz", SCH_EBADREQ, 0, { NULL }, { 0 } },
	{ "a=%4", SCH_EBADREQ, 0, { NULL }, { 0 } },
	{ "a=%", SCH_EBADREQ, 0, { NULL }, { 0 } },
	{ "a=%G1", SCH_EBADREQ, 0, { NULL }, { 0 } },
	{ "a=1&b=%4x", SCH_EBADREQ, 0, { NULL }, { 0 } },
	{ "%00", SCH_EBADREQ, 0, { NULL }, { 0 } },
	{ "a=%00", SCH_EBADREQ, 0, { NULL }, { 0 } },
	{ "a=x%00y", SCH_EBADREQ, 0, { NULL }, { 0 } },
};

START_TEST(t_parse_query)
{
	const struct q_case	*c = &q_cases[_i];
	struct arena		 a;
	struct kv		*kv = NULL;
	size_t			 n = 99, i, want;
	int			 rc;

	arena_init(&a);
	rc = req_parse_query(&a, c->in, &kv, &n);
	ck_assert_msg(rc == c->rc, "req_parse_query(\"%s\") = %d, want %d",
	    c->in, rc, c->rc);
	if (rc == SCH_OK) {
		ck_assert_msg(n == c->n, "\"%s\": %zu pairs, want %zu",
		    c->in, n, c->n);
		for (i = 0; i < n; i++) {
			ck_assert_str_eq(kv[i].key, c->kv[2 * i]);
			want = c->vlen[i] ? c->vlen[i] : strlen(c->kv[2 * i + 1]);
			ck_assert_uint_eq(kv[i].vlen, want);
			ck_assert_mem_eq(kv[i].val, c->kv[2 * i + 1], want);
			ck_assert_int_eq(kv[i].val[want], '\0');
		}
	}
	arena_free(&a);
}
END_TEST

/* --- req_urldecode ------------------------------------------------------ */

START_TEST(t_urldecode)
{
	char	 dst[64];
	long	 n;

	n = req_urldecode(dst, "a%20b", 5, 0);
	ck_assert_int_eq(n, 3);
	ck_assert_mem_eq(dst, "a b", 3);
	/* '+' is a space only in form mode. */
	n = req_urldecode(dst, "a+b", 3, 1);
	ck_assert_int_eq(n, 3);
	ck_assert_mem_eq(dst, "a b", 3);
	n = req_urldecode(dst, "a+b", 3, 0);
	ck_assert_int_eq(n, 3);
	ck_assert_mem_eq(dst, "a+b", 3);
	/* The length bounds the input. */
	n = req_urldecode(dst, "ab%41zz", 5, 0);
	ck_assert_int_eq(n, 3);
	ck_assert_mem_eq(dst, "abA", 3);
	ck_assert_int_eq(req_urldecode(dst, "%zz", 3, 0), -1);
	ck_assert_int_eq(req_urldecode(dst, "a%4", 3, 0), -1);
	ck_assert_int_eq(req_urldecode(dst, "ab%41", 4, 0), -1);
}
END_TEST

/* --- request ids -------------------------------------------------------- */

#define S128 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

struct id_case {
	const char	*in;
	int		 ok;
};

static const struct id_case id_cases[] = {
	{ "a", 1 }, { "req-1", 1 }, { "a.b:c-d", 1 }, { "ABCxyz019", 1 },
	{ "4f1c2d3e-0000-4000-8000-000000000000", 1 }, { S128, 1 },
	{ "", 0 }, { S128 "x", 0 }, { "a b", 0 }, { "a\nb", 0 },
	{ "a\rb", 0 }, { "a/b", 0 }, { "<script>", 0 }, { "a\"b", 0 },
	{ "\xc3\xa9", 0 }, { "a,b", 0 }, { "a;b", 0 }, { "a+b", 0 },
	{ "a_b", 1 },
};

START_TEST(t_id_ok)
{
	const struct id_case	*c = &id_cases[_i];

	ck_assert_uint_eq(strlen(S128), 128);
	ck_assert_msg(req_id_ok(c->in) == c->ok, "req_id_ok(\"%s\") != %d",
	    c->in, c->ok);
}
END_TEST

static int
is_uuid4(const char *s)
{
	size_t	 i;

	if (strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]))
			return 0;
	}
	return s[14] == '4' && strchr("89abAB", s[19]) != NULL;
}

START_TEST(t_new_id)
{
	char	 a[37], b[37];

	memset(a, 'x', sizeof(a));
	req_new_id(a);
	req_new_id(b);
	ck_assert_int_eq(a[36], '\0');
	ck_assert_msg(is_uuid4(a), "not a UUIDv4: %s", a);
	ck_assert_msg(is_uuid4(b), "not a UUIDv4: %s", b);
	ck_assert_str_ne(a, b);
	ck_assert_int_eq(req_id_ok(a), 1);
}
END_TEST

/*
 * Ids come from a pool of random bytes: a forked child (a pre-forked
 * worker) must not hand out the ids its parent will.  The parent draws
 * one id first so that its pool is full when it forks.
 */
#define FORK_IDS	40	/* more than two pools' worth (256 / 16) */

START_TEST(t_new_id_fork)
{
	char	 mine[FORK_IDS][37], theirs[FORK_IDS][37], first[37];
	int	 fds[2], st;
	size_t	 i, j, got = 0;
	ssize_t	 n;
	pid_t	 pid;

	req_new_id(first);
	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		close(fds[0]);
		for (i = 0; i < FORK_IDS; i++) {
			req_new_id(theirs[i]);
			if (write(fds[1], theirs[i], 37) != 37)
				_exit(1);
		}
		_exit(0);
	}
	close(fds[1]);
	for (i = 0; i < FORK_IDS; i++)
		req_new_id(mine[i]);
	while (got < sizeof(theirs) &&
	    (n = read(fds[0], (char *)theirs + got, sizeof(theirs) - got)) > 0)
		got += (size_t)n;
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ck_assert_uint_eq(got, sizeof(theirs));
	for (i = 0; i < FORK_IDS; i++) {
		ck_assert_msg(is_uuid4(theirs[i]), "child id %zu: %s", i,
		    theirs[i]);
		ck_assert_str_ne(theirs[i], first);
		for (j = 0; j < FORK_IDS; j++)
			ck_assert_msg(strcmp(mine[i], theirs[j]) != 0,
			    "id %s handed out by parent and child", mine[i]);
	}
	/* And no repeats within one process across pool refills. */
	for (i = 0; i < FORK_IDS; i++)
		for (j = i + 1; j < FORK_IDS; j++)
			ck_assert_str_ne(mine[i], mine[j]);
}
END_TEST

/* --- req_init ----------------------------------------------------------- */

START_TEST(t_init_basic)
{
	char		*env[] = {
		E("REQUEST_METHOD=GET"),
		E("REQUEST_URI=/x?y=1&z=a+b"),
		E("QUERY_STRING=y=1&z=a+b"),
		E("HTTP_X_REQUEST_ID=client-id.42"),
		E("REMOTE_ADDR=127.0.0.1"),
		E("HTTP_HOST=api.example"),
		NULL
	};
	struct req	 rq;

	memset(&rq, 0, sizeof(rq));
	ck_assert_int_eq(req_init(&rq, env, 2048), SCH_OK);
	ck_assert_str_eq(rq.method, "GET");
	ck_assert_str_eq(rq.uri, "/x?y=1&z=a+b");
	ck_assert_str_eq(rq.path, "/x");
	ck_assert_str_eq(rq.query, "y=1&z=a+b");
	ck_assert_str_eq(rq.id, "client-id.42");
	ck_assert_int_eq(rq.head, 0);
	ck_assert_ptr_nonnull(req_arg(&rq, "y"));
	ck_assert_str_eq(req_arg(&rq, "y"), "1");
	ck_assert_str_eq(req_arg(&rq, "z"), "a b");
	ck_assert_ptr_null(req_arg(&rq, "nope"));
	ck_assert_str_eq(req_env(&rq, "REMOTE_ADDR"), "127.0.0.1");
	ck_assert_ptr_null(req_env(&rq, "HTTP_NOPE"));
	/* A prefix of a name is not the name. */
	ck_assert_ptr_null(req_env(&rq, "REMOTE"));
	req_free(&rq);
}
END_TEST

START_TEST(t_init_path)
{
	char		*env1[] = { E("REQUEST_METHOD=GET"),
	    E("REQUEST_URI=/items/a%20b"), E("QUERY_STRING="), NULL };
	char		*env2[] = { E("REQUEST_METHOD=HEAD"),
	    E("REQUEST_URI=/healthz"), NULL };
	struct req	 rq;

	memset(&rq, 0, sizeof(rq));
	ck_assert_int_eq(req_init(&rq, env1, 2048), SCH_OK);
	/* Raw: route_match() decodes segment by segment (req.h). */
	ck_assert_str_eq(rq.path, "/items/a%20b");
	ck_assert_str_eq(rq.query, "");
	ck_assert_uint_eq(rq.nargs, 0);
	req_free(&rq);

	memset(&rq, 0, sizeof(rq));
	ck_assert_int_eq(req_init(&rq, env2, 2048), SCH_OK);
	ck_assert_str_eq(rq.method, "HEAD");
	ck_assert_str_eq(rq.path, "/healthz");
	ck_assert_str_eq(rq.query, "");
	ck_assert_int_eq(rq.head, 1);
	req_free(&rq);
}
END_TEST

/* X-Request-ID: echoed when safe, otherwise a fresh UUIDv4. */
struct rid_case {
	const char	*hdr;	/* full env entry or NULL for none */
	int		 echo;
};

static const struct rid_case rid_cases[] = {
	{ "HTTP_X_REQUEST_ID=abc-123", 1 },
	{ "HTTP_X_REQUEST_ID=a.b:c", 1 },
	{ "HTTP_X_REQUEST_ID=" S128, 1 },
	{ "HTTP_X_REQUEST_ID=" S128 "x", 0 },
	{ "HTTP_X_REQUEST_ID=bad id!", 0 },
	{ "HTTP_X_REQUEST_ID=<script>", 0 },
	{ "HTTP_X_REQUEST_ID=", 0 },
	{ NULL, 0 },
};

START_TEST(t_init_reqid)
{
	const struct rid_case	*c = &rid_cases[_i];
	char			*env[] = { E("REQUEST_METHOD=GET"),
	    E("REQUEST_URI=/"), NULL, NULL };
	struct req		 rq;

	env[2] = E(c->hdr);
	memset(&rq, 0, sizeof(rq));
	ck_assert_int_eq(req_init(&rq, env, 2048), SCH_OK);
	if (c->echo)
		ck_assert_str_eq(rq.id, strchr(c->hdr, '=') + 1);
	else
		ck_assert_msg(is_uuid4(rq.id), "case %d: id \"%s\" is not "
		    "a UUIDv4", _i, rq.id);
	req_free(&rq);
}
END_TEST

START_TEST(t_init_uri_limit)
{
	char		 uri[400], e1[420];
	char		*env[] = { E("REQUEST_METHOD=GET"), e1, NULL };
	struct req	 rq;
	size_t		 len;
	int		 rc;

	/* len is the length of REQUEST_URI; the limit is inclusive. */
	for (len = 255; len <= 258; len++) {
		memset(uri, 'a', len);
		uri[0] = '/';
		uri[len] = '\0';
		snprintf(e1, sizeof(e1), "REQUEST_URI=%s", uri);
		memset(&rq, 0, sizeof(rq));
		rc = req_init(&rq, env, 256);
		if (len <= 256)
			ck_assert_msg(rc == SCH_OK, "len %zu: rc %d", len, rc);
		else
			ck_assert_msg(rc == SCH_EURI, "len %zu: rc %d", len, rc);
		/* The id is usable for the error envelope either way. */
		ck_assert(rq.id[0] != '\0');
		req_free(&rq);
	}
}
END_TEST

START_TEST(t_init_badquery)
{
	char		*bad[] = { E("REQUEST_METHOD=GET"),
	    E("REQUEST_URI=/x?limit=%zz"), E("QUERY_STRING=limit=%zz"), NULL };
	char		*nul[] = { E("REQUEST_METHOD=GET"),
	    E("REQUEST_URI=/x?q=%00"), E("QUERY_STRING=q=%00"), NULL };
	char		*good[] = { E("REQUEST_METHOD=GET"),
	    E("REQUEST_URI=/x?limit=%31"), E("QUERY_STRING=limit=%31"), NULL };
	struct req	 rq;

	memset(&rq, 0, sizeof(rq));
	ck_assert_int_eq(req_init(&rq, bad, 2048), SCH_EBADREQ);
	ck_assert(rq.id[0] != '\0');
	req_free(&rq);
	memset(&rq, 0, sizeof(rq));
	ck_assert_int_eq(req_init(&rq, nul, 2048), SCH_EBADREQ);
	req_free(&rq);
	memset(&rq, 0, sizeof(rq));
	ck_assert_int_eq(req_init(&rq, good, 2048), SCH_OK);
	ck_assert_str_eq(req_arg(&rq, "limit"), "1");
	req_free(&rq);
}
END_TEST

Suite *
suite_req(void)
{
	Suite	*s = suite_create("req");
	TCase	*tc;

	tc = tcase_create("query");
	tcase_add_loop_test(tc, t_parse_query, 0, NELEM(q_cases));
	tcase_add_test(tc, t_urldecode);
	suite_add_tcase(s, tc);

	tc = tcase_create("id");
	tcase_add_loop_test(tc, t_id_ok, 0, NELEM(id_cases));
	tcase_add_test(tc, t_new_id);
	tcase_add_test(tc, t_new_id_fork);
	suite_add_tcase(s, tc);

	tc = tcase_create("init");
	tcase_add_test(tc, t_init_basic);
	tcase_add_test(tc, t_init_path);
	tcase_add_loop_test(tc, t_init_reqid, 0, NELEM(rid_cases));
	tcase_add_test(tc, t_init_uri_limit);
	tcase_add_test(tc, t_init_badquery);
	suite_add_tcase(s, tc);
	return s;
}
