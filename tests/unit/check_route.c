/*
 * Routing (route.h): templates with {param} captures, HEAD on GET
 * routes, trailing slashes, 404 versus 405 with the Allow list.
 * Requests are built through req_init() so that the path reaches the
 * router exactly as it does in the responders.
 */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "req.h"
#include "route.h"

#include "tests.h"

#define E(s)	((char *)(s))

static int
h_a(struct req *rq, struct resp *rs)
{
	return SCH_OK;
}

static int
h_item(struct req *rq, struct resp *rs)
{
	return SCH_OK;
}

static int
h_post(struct req *rq, struct resp *rs)
{
	return SCH_OK;
}

enum { R_A, R_ITEM, R_POST, R__MAX };

static const struct route routes[R__MAX] = {
	[R_A] = { .method = "GET", .tmpl = "/a", .fn = h_a },
	[R_ITEM] = { .method = "GET", .tmpl = "/items/{id}", .fn = h_item },
	[R_POST] = { .method = "POST", .tmpl = "/items", .fn = h_post },
};

struct route_case {
	const char	*method;
	const char	*uri;
	int		 rc;
	int		 route;		/* index into routes on SCH_OK */
	const char	*cap;		/* caps[0] or NULL for none */
	const char	*allow;		/* on SCH_EMETHOD */
};

static const struct route_case route_cases[] = {
	{ "GET", "/a", SCH_OK, R_A, NULL, NULL },
	{ "HEAD", "/a", SCH_OK, R_A, NULL, NULL },
	{ "GET", "/a?x=1", SCH_OK, R_A, NULL, NULL },
	{ "GET", "/a/", SCH_OK, R_A, NULL, NULL },
	{ "GET", "/items/abc", SCH_OK, R_ITEM, "abc", NULL },
	{ "HEAD", "/items/abc", SCH_OK, R_ITEM, "abc", NULL },
	{ "GET", "/items/abc/", SCH_OK, R_ITEM, "abc", NULL },
	{ "GET", "/items/abc?limit=2", SCH_OK, R_ITEM, "abc", NULL },
	{ "GET", "/items/a%20b", SCH_OK, R_ITEM, "a b", NULL },
	{ "GET", "/items/sch_001", SCH_OK, R_ITEM, "sch_001", NULL },
	{ "POST", "/items", SCH_OK, R_POST, NULL, NULL },
	{ "POST", "/items/", SCH_OK, R_POST, NULL, NULL },
	/* The path exists under other methods. */
	{ "DELETE", "/items/x", SCH_EMETHOD, 0, NULL, "GET, HEAD" },
	{ "POST", "/items/x", SCH_EMETHOD, 0, NULL, "GET, HEAD" },
	{ "POST", "/a", SCH_EMETHOD, 0, NULL, "GET, HEAD" },
	{ "GET", "/items", SCH_EMETHOD, 0, NULL, "POST" },
	{ "GET", "/items/", SCH_EMETHOD, 0, NULL, "POST" },
	{ "HEAD", "/items", SCH_EMETHOD, 0, NULL, "POST" },
	/* No such path. */
	{ "GET", "/nope", SCH_ENOTFOUND, 0, NULL, NULL },
	{ "GET", "/", SCH_ENOTFOUND, 0, NULL, NULL },
	{ "GET", "/items/abc/def", SCH_ENOTFOUND, 0, NULL, NULL },
	{ "GET", "/a/b", SCH_ENOTFOUND, 0, NULL, NULL },
	{ "GET", "/ab", SCH_ENOTFOUND, 0, NULL, NULL },
	{ "GET", "/itemsx/abc", SCH_ENOTFOUND, 0, NULL, NULL },
	{ "DELETE", "/nope", SCH_ENOTFOUND, 0, NULL, NULL },
};

START_TEST(t_route)
{
	const struct route_case	*c = &route_cases[_i];
	const struct route	*out = NULL;
	char			 m[64], u[256], allow[128];
	char			*env[] = { m, u, E("QUERY_STRING="), NULL };
	struct req		 rq;
	int			 rc;

	snprintf(m, sizeof(m), "REQUEST_METHOD=%s", c->method);
	snprintf(u, sizeof(u), "REQUEST_URI=%s", c->uri);
	memset(&rq, 0, sizeof(rq));
	ck_assert_int_eq(req_init(&rq, env, 2048), SCH_OK);
	memset(allow, 'x', sizeof(allow));
	allow[sizeof(allow) - 1] = '\0';
	rc = route_match(routes, R__MAX, &rq, &out, allow, sizeof(allow));
	ck_assert_msg(rc == c->rc, "%s %s: rc %d, want %d", c->method, c->uri,
	    rc, c->rc);
	if (rc == SCH_OK) {
		ck_assert_msg(out == &routes[c->route], "%s %s: wrong route",
		    c->method, c->uri);
		if (c->cap != NULL) {
			ck_assert_uint_eq(rq.ncaps, 1);
			ck_assert_str_eq(rq.caps[0], c->cap);
		} else
			ck_assert_uint_eq(rq.ncaps, 0);
	} else if (rc == SCH_EMETHOD)
		ck_assert_str_eq(allow, c->allow);
	req_free(&rq);
}
END_TEST

/* Several captures, and a table where order matters. */
static const struct route multi[] = {
	{ .method = "GET", .tmpl = "/u/{user}/items/{id}", .fn = h_item },
	{ .method = "GET", .tmpl = "/u/{user}", .fn = h_a },
	{ .method = "PUT", .tmpl = "/u/{user}", .fn = h_a },
	{ .method = "DELETE", .tmpl = "/u/{user}", .fn = h_a },
};

START_TEST(t_route_multi)
{
	const struct route	*out = NULL;
	char			*env1[] = { E("REQUEST_METHOD=GET"),
	    E("REQUEST_URI=/u/bob/items/42"), NULL };
	char			*env2[] = { E("REQUEST_METHOD=POST"),
	    E("REQUEST_URI=/u/bob"), NULL };
	char			 allow[128] = "";
	struct req		 rq;

	memset(&rq, 0, sizeof(rq));
	ck_assert_int_eq(req_init(&rq, env1, 2048), SCH_OK);
	ck_assert_int_eq(route_match(multi, NELEM(multi), &rq, &out, allow,
	    sizeof(allow)), SCH_OK);
	ck_assert_ptr_eq(out, &multi[0]);
	ck_assert_uint_eq(rq.ncaps, 2);
	ck_assert_str_eq(rq.caps[0], "bob");
	ck_assert_str_eq(rq.caps[1], "42");
	req_free(&rq);

	memset(&rq, 0, sizeof(rq));
	ck_assert_int_eq(req_init(&rq, env2, 2048), SCH_OK);
	ck_assert_int_eq(route_match(multi, NELEM(multi), &rq, &out, allow,
	    sizeof(allow)), SCH_EMETHOD);
	/* Every method of the path, HEAD after GET. */
	ck_assert_ptr_nonnull(strstr(allow, "GET"));
	ck_assert_ptr_nonnull(strstr(allow, "HEAD"));
	ck_assert_ptr_nonnull(strstr(allow, "PUT"));
	ck_assert_ptr_nonnull(strstr(allow, "DELETE"));
	ck_assert_ptr_null(strstr(allow, "POST"));
	req_free(&rq);
}
END_TEST

Suite *
suite_route(void)
{
	Suite	*s = suite_create("route");
	TCase	*tc;

	tc = tcase_create("match");
	tcase_add_loop_test(tc, t_route, 0, NELEM(route_cases));
	tcase_add_test(tc, t_route_multi);
	suite_add_tcase(s, tc);
	return s;
}
