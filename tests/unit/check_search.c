/*
 * Search inputs (search.h): a query string goes through exactly what
 * the responder does with it — req_parse_query(), valid_args() over
 * search_params[], search_query_init() — and search_stmt() turns the
 * result into the 18 bind parameters of scholarship_search().  Every
 * table of rejected inputs has an accepting twin, so that a parser
 * answering "no" (or "yes") to everything cannot pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "err.h"
#include "req.h"
#include "search.h"
#include "valid.h"

#include "tests.h"

#define CANDIDATES	1000

/* The parameter slots of search_stmt(), in the documented order. */
enum {
	X_Q, X_FIELDS, X_TYPES, X_STATES, X_MIN_AMOUNT, X_MAX_AMOUNT,
	X_MIN_GPA, X_CITIZENSHIP, X_GRADE, X_AFTER, X_BEFORE, X_RENEWABLE,
	X_EXPIRED, X_SORT, X_LIMIT, X_OFFSET, X_FACETS, X_CANDIDATES, X__MAX
};

static const char *const slot_name[X__MAX] = {
	"q", "fields_of_study", "scholarship_types", "states", "min_amount",
	"max_amount", "min_gpa", "citizenship", "grade_level",
	"deadline_after", "deadline_before", "renewable", "include_expired",
	"sort", "limit", "offset", "facets", "candidate_limit"
};

/* What an empty query string gives. */
static const char *const defaults[X__MAX] = {
	[X_EXPIRED] = "false", [X_SORT] = "deadline", [X_LIMIT] = "20",
	[X_OFFSET] = "0", [X_FACETS] = "false", [X_CANDIDATES] = "1000",
};

/* One parsed search. */
struct sctx {
	struct arena		 a;
	struct kv		*args;
	size_t			 nargs;
	struct vval		 v[SP__MAX];
	struct verrs		 errs;
	struct search_query	 sq;
	struct search_stmt	 st;
	int			 prc;	/* req_parse_query() */
	int			 vrc;	/* valid_args() */
};

/*
 * Parse qs like the responder.  On success, sq and st are filled.
 * The caller frees x->a.
 */
static int
sparse(struct sctx *x, const char *qs)
{
	memset(x, 0, sizeof(*x));
	arena_init(&x->a);
	x->prc = req_parse_query(&x->a, qs, &x->args, &x->nargs);
	if (x->prc != SCH_OK)
		return x->prc;
	x->vrc = valid_args(search_params, SP__MAX, x->args, x->nargs, x->v,
	    &x->errs, &x->a);
	if (x->vrc != SCH_OK)
		return x->vrc;
	search_query_init(&x->sq, x->v, &x->a);
	search_stmt(&x->sq, CANDIDATES, &x->st, &x->a);
	return SCH_OK;
}

/* A 1-based index of an error for field, or 0. */
static size_t
err_for(const struct verrs *e, const char *field)
{
	size_t	 i;

	for (i = 0; i < e->n; i++)
		if (e->v[i].field != NULL && strcmp(e->v[i].field, field) == 0)
			return i + 1;
	return 0;
}

static void
dump_errs(const struct verrs *e, char *out, size_t len)
{
	size_t	 i;

	out[0] = '\0';
	for (i = 0; i < e->n; i++)
		snprintf(out + strlen(out), len - strlen(out), "[%s: %s (%s)]",
		    e->v[i].field ? e->v[i].field : "?",
		    e->v[i].message ? e->v[i].message : "?",
		    e->v[i].value ? e->v[i].value : "null");
}

/* Accept qs or fail the test, naming the errors. */
static void
must_parse(struct sctx *x, const char *qs)
{
	char	 errs[1024];
	int	 rc;

	rc = sparse(x, qs);
	dump_errs(&x->errs, errs, sizeof(errs));
	ck_assert_msg(rc == SCH_OK, "\"%.80s\": rc %d, errors %s", qs, rc,
	    errs);
}

static int
streq_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* --- accepted queries: the 18 parameters ------------------------------- */

/*
 * want[] lists the parameters that differ from defaults[]; a NULL in a
 * slot whose default is NULL means "NULL", in any other slot "the
 * default".  (Slots 12-17 are never NULL.)
 */
struct ok_case {
	const char	*qs;
	const char	*want[X__MAX];
};

#define A10	"aaaaaaaaaa"
#define A100	A10 A10 A10 A10 A10 A10 A10 A10 A10 A10
#define LONG500	A100 A100 A100 A100 A100	/* 500 bytes */
/* 250 x U+00E9 (2 bytes each) = 500 bytes, percent-encoded and raw. */
#define E10	"%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9"
#define E50	E10 E10 E10 E10 E10
#define E250	E50 E50 E50 E50 E50
#define U10	"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9" \
		"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
#define U50	U10 U10 U10 U10 U10
#define U250	U50 U50 U50 U50 U50

static const struct ok_case ok_cases[] = {
	/* Nothing: every filter off, deadline order, first page of 20. */
	{ "", { NULL } },
	{ "unknown=1&also_unknown=x", { NULL } },

	/* q, its aliases, trimming; relevance is the default with text. */
	{ "q=engineering", { [X_Q] = "engineering", [X_SORT] = "relevance" } },
	{ "query=nursing", { [X_Q] = "nursing", [X_SORT] = "relevance" } },
	{ "keyword=law", { [X_Q] = "law", [X_SORT] = "relevance" } },
	{ "q=+++robotics+club+++", { [X_Q] = "robotics club",
	    [X_SORT] = "relevance" } },
	{ "q=%09%0D%0Arobotics%0A", { [X_Q] = "robotics",
	    [X_SORT] = "relevance" } },
	{ "q=a++b", { [X_Q] = "a  b", [X_SORT] = "relevance" } },
	/* Blank text is no text: no relevance either. */
	{ "q=", { NULL } },
	{ "q=+++", { NULL } },
	{ "q=%20%09%0A", { NULL } },
	{ "query=", { NULL } },
	/* The first of q / query / keyword wins, in request order. */
	{ "q=first&query=second", { [X_Q] = "first", [X_SORT] = "relevance" } },
	{ "keyword=first&q=second", { [X_Q] = "first",
	    [X_SORT] = "relevance" } },

	/*
	 * Text that looks like SQL, quotes, LIKE and tsquery operators is a
	 * plain bind parameter: passed on exactly, never escaped or cut.
	 */
	{ "q=%27+OR+1%3D1+--", { [X_Q] = "' OR 1=1 --",
	    [X_SORT] = "relevance" } },
	{ "q=select+*+from+users", { [X_Q] = "select * from users",
	    [X_SORT] = "relevance" } },
	{ "q=O%27Brien", { [X_Q] = "O'Brien", [X_SORT] = "relevance" } },
	{ "q=C%2B%2B", { [X_Q] = "C++", [X_SORT] = "relevance" } },
	{ "q=Robert%27)%3B+DROP+TABLE+scholarships%3B--",
	    { [X_Q] = "Robert'); DROP TABLE scholarships;--",
	    [X_SORT] = "relevance" } },
	{ "q=100%25_off", { [X_Q] = "100%_off", [X_SORT] = "relevance" } },
	{ "q=%22a+b%22+-c+OR+d%3A*+%26+!e+%5C", {
	    [X_Q] = "\"a b\" -c OR d:* & !e \\", [X_SORT] = "relevance" } },
	{ "q=%7B%22x%22%3A1%7D", { [X_Q] = "{\"x\":1}",
	    [X_SORT] = "relevance" } },
	/* UTF-8 text, emoji included. */
	{ "q=%C3%A9t%C3%A9", { [X_Q] = "\xc3\xa9t\xc3\xa9",
	    [X_SORT] = "relevance" } },
	{ "q=%F0%9F%8E%93+grant", { [X_Q] = "\xf0\x9f\x8e\x93 grant",
	    [X_SORT] = "relevance" } },
	/* 500 bytes is the limit, counted in bytes. */
	{ "q=" LONG500, { [X_Q] = LONG500, [X_SORT] = "relevance" } },
	{ "q=" E250, { [X_Q] = U250, [X_SORT] = "relevance" } },

	/* Lists: repeated keys, commas, blanks, duplicates, aliases. */
	{ "states=CA,NY&states=TX", { [X_STATES] = "{CA,NY,TX}" } },
	{ "states=CA&states=NY", { [X_STATES] = "{CA,NY}" } },
	{ "states=CA,CA&states=NY,CA", { [X_STATES] = "{CA,NY}" } },
	{ "states=+CA+,+NY+", { [X_STATES] = "{CA,NY}" } },
	{ "states=CA,,NY,", { [X_STATES] = "{CA,NY}" } },
	{ "state=DC", { [X_STATES] = "{DC}" } },
	{ "state=WY&states=AL", { [X_STATES] = "{WY,AL}" } },
	/* An empty list is no filter. */
	{ "states=", { NULL } },
	{ "states=,", { NULL } },
	{ "fields_of_study=engineering,computer_science",
	    { [X_FIELDS] = "{engineering,computer_science}" } },
	{ "field_of_study=nursing&fields_of_study=nursing",
	    { [X_FIELDS] = "{nursing}" } },
	{ "fields_of_study=other&fields_of_study=social_work",
	    { [X_FIELDS] = "{other,social_work}" } },
	{ "scholarship_types=need_based,merit_based",
	    { [X_TYPES] = "{need_based,merit_based}" } },
	{ "scholarship_type=athletic", { [X_TYPES] = "{athletic}" } },
	{ "scholarship_types=minority&scholarship_types=minority,minority",
	    { [X_TYPES] = "{minority}" } },

	/* Single enums. */
	{ "citizenship=US", { [X_CITIZENSHIP] = "US" } },
	{ "citizenship=permanent_resident",
	    { [X_CITIZENSHIP] = "permanent_resident" } },
	{ "citizenship=international", { [X_CITIZENSHIP] = "international" } },
	{ "grade_level=high_school", { [X_GRADE] = "high_school" } },
	{ "grade_level=post_doctoral", { [X_GRADE] = "post_doctoral" } },
	/* Not a list: the first value wins. */
	{ "grade_level=graduate&grade_level=doctoral",
	    { [X_GRADE] = "graduate" } },

	/* Amounts (0 to 10^9) and the student's GPA (0 to 4), as typed. */
	{ "min_amount=0", { [X_MIN_AMOUNT] = "0" } },
	{ "min_amount=1000&max_amount=5000.50",
	    { [X_MIN_AMOUNT] = "1000", [X_MAX_AMOUNT] = "5000.50" } },
	{ "max_amount=1e9", { [X_MAX_AMOUNT] = "1e9" } },
	{ "min_amount=1e3", { [X_MIN_AMOUNT] = "1e3" } },
	{ "min_gpa=0", { [X_MIN_GPA] = "0" } },
	{ "min_gpa=3.5", { [X_MIN_GPA] = "3.5" } },
	{ "min_gpa=4", { [X_MIN_GPA] = "4" } },
	{ "min_gpa=4.0", { [X_MIN_GPA] = "4.0" } },

	/* Dates: always RFC 3339 UTC, whatever the input's zone. */
	{ "deadline_after=2026-03-01",
	    { [X_AFTER] = "2026-03-01T00:00:00Z" } },
	{ "deadline_before=2026-03-01T10:30:00Z",
	    { [X_BEFORE] = "2026-03-01T10:30:00Z" } },
	{ "deadline_after=2026-03-01T10:30:00%2B02:00",
	    { [X_AFTER] = "2026-03-01T08:30:00Z" } },
	{ "deadline_after=2026-03-01T23:30:00-05:00",
	    { [X_AFTER] = "2026-03-02T04:30:00Z" } },
	{ "deadline_before=2026-01-01T00:30:00%2B01:00",
	    { [X_BEFORE] = "2025-12-31T23:30:00Z" } },
	{ "deadline_after=2026-03-01T10:30:00.999Z",
	    { [X_AFTER] = "2026-03-01T10:30:00Z" } },
	{ "deadline_after=2026-03-01+10:30Z",
	    { [X_AFTER] = "2026-03-01T10:30:00Z" } },
	{ "deadline_after=2028-02-29&deadline_before=2028-12-31T23:59:59Z",
	    { [X_AFTER] = "2028-02-29T00:00:00Z",
	    [X_BEFORE] = "2028-12-31T23:59:59Z" } },

	/* Booleans. */
	{ "renewable=true", { [X_RENEWABLE] = "true" } },
	{ "renewable=false", { [X_RENEWABLE] = "false" } },
	{ "renewable=1", { [X_RENEWABLE] = "true" } },
	{ "renewable=no", { [X_RENEWABLE] = "false" } },
	{ "include_expired=true", { [X_EXPIRED] = "true" } },
	{ "include_expired=0", { [X_EXPIRED] = "false" } },
	{ "include_expired=ON", { [X_EXPIRED] = "true" } },
	{ "facets=true", { [X_FACETS] = "true" } },
	{ "facets=yes", { [X_FACETS] = "true" } },
	{ "facets=false", { [X_FACETS] = "false" } },

	/* Sort: named, aliased; relevance without text is deadline. */
	{ "sort=amount_desc", { [X_SORT] = "amount_desc" } },
	{ "sort=amount_asc", { [X_SORT] = "amount_asc" } },
	{ "sort=newest", { [X_SORT] = "newest" } },
	{ "sort=deadline", { [X_SORT] = "deadline" } },
	{ "sort_by=newest", { [X_SORT] = "newest" } },
	{ "sort=relevance", { [X_SORT] = "deadline" } },
	{ "sort=relevance&q=+", { [X_SORT] = "deadline" } },
	{ "sort=relevance&q=law", { [X_Q] = "law", [X_SORT] = "relevance" } },
	{ "q=law&sort=deadline", { [X_Q] = "law", [X_SORT] = "deadline" } },
	{ "q=law&sort=amount_asc", { [X_Q] = "law",
	    [X_SORT] = "amount_asc" } },
	{ "q=law&sort=newest", { [X_Q] = "law", [X_SORT] = "newest" } },

	/* Paging. */
	{ "limit=1", { [X_LIMIT] = "1" } },
	{ "limit=100", { [X_LIMIT] = "100" } },
	{ "limit=007", { [X_LIMIT] = "7" } },
	{ "page_size=50", { [X_LIMIT] = "50" } },
	{ "offset=0", { [X_OFFSET] = "0" } },
	{ "offset=40&limit=20", { [X_OFFSET] = "40", [X_LIMIT] = "20" } },
	{ "offset=1000000", { [X_OFFSET] = "1000000" } },

	/* Everything at once. */
	{ "q=stem+women&fields_of_study=engineering&scholarship_types="
	    "merit_based&states=CA&min_amount=500&max_amount=20000&min_gpa="
	    "3.2&citizenship=US&grade_level=undergraduate&deadline_after="
	    "2026-01-01&deadline_before=2026-12-31&renewable=true&"
	    "include_expired=true&sort=amount_desc&limit=10&offset=30&"
	    "facets=true", {
	    "stem women", "{engineering}", "{merit_based}", "{CA}", "500",
	    "20000", "3.2", "US", "undergraduate", "2026-01-01T00:00:00Z",
	    "2026-12-31T00:00:00Z", "true", "true", "amount_desc", "10", "30",
	    "true", "1000" } },
};

START_TEST(t_search_ok)
{
	const struct ok_case	*c = &ok_cases[_i];
	struct sctx		 x;
	const char		*want;
	size_t			 k;

	must_parse(&x, c->qs);
	ck_assert_int_eq(x.st.nparams, SEARCH_NPARAMS);
	for (k = 0; k < X__MAX; k++) {
		want = c->want[k] != NULL ? c->want[k] : defaults[k];
		ck_assert_msg(streq_null(x.st.params[k], want),
		    "\"%.60s\": $%zu (%s) = %s%.60s%s, want %s%.60s%s", c->qs,
		    k + 1, slot_name[k], x.st.params[k] ? "\"" : "",
		    x.st.params[k] ? x.st.params[k] : "NULL",
		    x.st.params[k] ? "\"" : "", want ? "\"" : "",
		    want ? want : "NULL", want ? "\"" : "");
	}
	arena_free(&x.a);
}
END_TEST

/* --- the struct search_query behind the parameters ---------------------- */

START_TEST(t_search_query_struct)
{
	struct sctx	 x;

	/* Defaults. */
	must_parse(&x, "");
	ck_assert_ptr_null(x.sq.q);
	ck_assert_ptr_null(x.sq.fields);
	ck_assert_ptr_null(x.sq.types);
	ck_assert_ptr_null(x.sq.states);
	ck_assert_ptr_null(x.sq.min_amount);
	ck_assert_ptr_null(x.sq.max_amount);
	ck_assert_ptr_null(x.sq.min_gpa);
	ck_assert_ptr_null(x.sq.citizenship);
	ck_assert_ptr_null(x.sq.grade_level);
	ck_assert_ptr_null(x.sq.deadline_after);
	ck_assert_ptr_null(x.sq.deadline_before);
	ck_assert_ptr_null(x.sq.renewable);
	ck_assert_int_eq(x.sq.include_expired, 0);
	ck_assert_int_eq(x.sq.sort, SORT_DEADLINE);
	ck_assert_int_eq(x.sq.limit, 20);
	ck_assert_int_eq(x.sq.offset, 0);
	ck_assert_int_eq(x.sq.facets, 0);
	ck_assert_ptr_eq(x.sq.v, x.v);
	arena_free(&x.a);

	/* Everything set. */
	must_parse(&x, "keyword=+nursing+&states=NY,NJ&min_gpa=2.75&"
	    "renewable=off&include_expired=yes&sort=amount_asc&page_size=5&"
	    "offset=15&facets=1");
	ck_assert_str_eq(x.sq.q, "nursing");
	ck_assert_str_eq(x.sq.states, "{NY,NJ}");
	ck_assert_str_eq(x.sq.min_gpa, "2.75");
	ck_assert_str_eq(x.sq.renewable, "false");
	ck_assert_int_eq(x.sq.include_expired, 1);
	ck_assert_int_eq(x.sq.sort, SORT_AMOUNT_ASC);
	ck_assert_int_eq(x.sq.limit, 5);
	ck_assert_int_eq(x.sq.offset, 15);
	ck_assert_int_eq(x.sq.facets, 1);
	/* The validated values stay reachable for the "filters" echo. */
	ck_assert_int_eq(x.sq.v[SP_STATES].set, 1);
	ck_assert_uint_eq(x.sq.v[SP_STATES].nitems, 2);
	ck_assert_double_eq_tol(x.sq.v[SP_MIN_GPA].d, 2.75, 1e-12);
	/* The parameters are the struct's strings. */
	ck_assert_ptr_eq(x.st.params[X_Q], x.sq.q);
	ck_assert_ptr_eq(x.st.params[X_STATES], x.sq.states);
	ck_assert_ptr_eq(x.st.params[X_MIN_GPA], x.sq.min_gpa);
	arena_free(&x.a);

	/* Sort default per SPEC: relevance with text ... */
	must_parse(&x, "q=robotics");
	ck_assert_int_eq(x.sq.sort, SORT_RELEVANCE);
	arena_free(&x.a);
	/* ... deadline without; asked-for relevance without text too. */
	must_parse(&x, "sort=relevance");
	ck_assert_int_eq(x.sq.sort, SORT_DEADLINE);
	arena_free(&x.a);
	must_parse(&x, "sort=newest&q=robotics");
	ck_assert_int_eq(x.sq.sort, SORT_NEWEST);
	arena_free(&x.a);
	must_parse(&x, "sort=amount_desc");
	ck_assert_int_eq(x.sq.sort, SORT_AMOUNT_DESC);
	arena_free(&x.a);
}
END_TEST

/* search_query_init() on values built by hand (no parser involved). */
START_TEST(t_search_query_init_direct)
{
	struct vval		 v[SP__MAX], items[3];
	struct search_query	 sq;
	struct arena		 a;

	arena_init(&a);
	memset(v, 0, sizeof(v));
	memset(items, 0, sizeof(items));
	/* Enum indexes: engineering (0), law (10), engineering again. */
	items[0].set = items[1].set = items[2].set = 1;
	items[0].i = 0;
	items[1].i = 10;
	items[2].i = 0;
	v[SP_FIELDS].set = 1;
	v[SP_FIELDS].items = items;
	v[SP_FIELDS].nitems = 3;
	v[SP_Q].set = 1;
	v[SP_Q].s = "\t  ";
	v[SP_DEADLINE_BEFORE].set = 1;
	v[SP_DEADLINE_BEFORE].t = 0;	/* the epoch */
	v[SP_CITIZENSHIP].set = 1;
	v[SP_CITIZENSHIP].i = 2;
	search_query_init(&sq, v, &a);
	ck_assert_ptr_null(sq.q);
	ck_assert_str_eq(sq.fields, "{engineering,law}");
	ck_assert_str_eq(sq.deadline_before, "1970-01-01T00:00:00Z");
	ck_assert_str_eq(sq.citizenship, "international");
	ck_assert_int_eq(sq.sort, SORT_DEADLINE);
	ck_assert_int_eq(sq.limit, 20);

	/* Twin: a real word is kept, and turns relevance on. */
	v[SP_Q].s = " x ";
	search_query_init(&sq, v, &a);
	ck_assert_str_eq(sq.q, "x");
	ck_assert_int_eq(sq.sort, SORT_RELEVANCE);
	arena_free(&a);
}
END_TEST

/* --- rejected queries ---------------------------------------------------- */

struct bad_case {
	const char	*qs;
	const char	*field;		/* the one field named */
	const char	*value;		/* its offending value, NULL = any */
	const char	*good;		/* the twin: accepted */
};

#define A501	LONG500 "a"
/* 167 x U+20AC (3 bytes each) = 501 bytes. */
#define EU10	"%E2%82%AC%E2%82%AC%E2%82%AC%E2%82%AC%E2%82%AC" \
		"%E2%82%AC%E2%82%AC%E2%82%AC%E2%82%AC%E2%82%AC"
#define EU167	EU10 EU10 EU10 EU10 EU10 EU10 EU10 EU10 EU10 EU10 \
		EU10 EU10 EU10 EU10 EU10 EU10 \
		"%E2%82%AC%E2%82%AC%E2%82%AC%E2%82%AC%E2%82%AC%E2%82%AC" \
		"%E2%82%AC"
#define EU166	EU10 EU10 EU10 EU10 EU10 EU10 EU10 EU10 EU10 EU10 \
		EU10 EU10 EU10 EU10 EU10 EU10 \
		"%E2%82%AC%E2%82%AC%E2%82%AC%E2%82%AC%E2%82%AC%E2%82%AC"

static const struct bad_case bad_cases[] = {
	/* q: length in bytes, UTF-8. */
	{ "q=" A501, "q", NULL, "q=" LONG500 },
	{ "query=" A501, "q", NULL, "query=" LONG500 },
	{ "keyword=" A501, "q", NULL, "keyword=" LONG500 },
	{ "q=" EU167, "q", NULL, "q=" EU166 },
	{ "q=%C3%28", "q", NULL, "q=%C3%A9" },
	{ "q=%FF", "q", NULL, "q=%C3%BF" },
	{ "q=abc%C3", "q", NULL, "q=abc%C3%A9" },
	{ "q=%C0%AF", "q", NULL, "q=%2F" },		/* overlong "/" */
	{ "q=%ED%A0%80", "q", NULL, "q=%ED%9F%BF" },	/* surrogate */
	{ "q=%F4%90%80%80", "q", NULL, "q=%F4%8F%BF%BF" }, /* > U+10FFFF */
	{ "q=%F0%9F%8E", "q", NULL, "q=%F0%9F%8E%93" },	/* truncated */

	/* Enums name the field and the bad item. */
	{ "fields_of_study=basket_weaving", "fields_of_study",
	    "basket_weaving", "fields_of_study=arts" },
	{ "fields_of_study=engineering,astrology", "fields_of_study",
	    "astrology", "fields_of_study=engineering,science" },
	{ "field_of_study=Engineering", "fields_of_study", "Engineering",
	    "field_of_study=engineering" },
	{ "scholarship_types=lottery", "scholarship_types", "lottery",
	    "scholarship_types=need_based" },
	{ "scholarship_type=merit", "scholarship_types", "merit",
	    "scholarship_type=merit_based" },
	{ "states=XX", "states", "XX", "states=TX" },
	{ "states=CA&states=PR", "states", "PR", "states=CA&states=RI" },
	{ "states=California", "states", "California", "states=CA" },
	{ "state=C", "states", "C", "state=CO" },
	{ "citizenship=martian", "citizenship", "martian",
	    "citizenship=international" },
	{ "citizenship=", "citizenship", "", "citizenship=US" },
	{ "grade_level=kindergarten", "grade_level", "kindergarten",
	    "grade_level=high_school" },
	{ "grade_level=postdoc", "grade_level", "postdoc",
	    "grade_level=post_doctoral" },
	{ "sort=random", "sort", "random", "sort=newest" },
	{ "sort=", "sort", "", "sort=deadline" },
	{ "sort_by=price", "sort", "price", "sort_by=amount_asc" },
	{ "sort=amount", "sort", "amount", "sort=amount_asc" },

	/* Amounts. */
	{ "min_amount=-1", "min_amount", "-1", "min_amount=0" },
	{ "min_amount=abc", "min_amount", "abc", "min_amount=100" },
	{ "min_amount=1e999", "min_amount", "1e999", "min_amount=1e3" },
	{ "max_amount=1000000001", "max_amount", "1000000001",
	    "max_amount=1000000000" },
	{ "max_amount=nan", "max_amount", "nan", "max_amount=1" },
	{ "max_amount=inf", "max_amount", "inf", "max_amount=9.5" },
	{ "max_amount=0x10", "max_amount", "0x10", "max_amount=10" },
	{ "max_amount=", "max_amount", "", "max_amount=0" },
	{ "min_amount=5%2C000", "min_amount", "5,000", "min_amount=5000" },

	/* The student's GPA, 0 to 4. */
	{ "min_gpa=4.01", "min_gpa", "4.01", "min_gpa=4.00" },
	{ "min_gpa=-0.1", "min_gpa", "-0.1", "min_gpa=0.1" },
	{ "min_gpa=1e999", "min_gpa", "1e999", "min_gpa=1e0" },
	{ "min_gpa=-1e999", "min_gpa", "-1e999", "min_gpa=0e0" },
	{ "min_gpa=five", "min_gpa", "five", "min_gpa=3" },
	{ "min_gpa=NaN", "min_gpa", "NaN", "min_gpa=2.5" },
	{ "min_gpa=3,5", "min_gpa", "3,5", "min_gpa=3.5" },

	/* Dates. */
	{ "deadline_after=yesterday", "deadline_after", "yesterday",
	    "deadline_after=2026-03-01" },
	{ "deadline_after=now", "deadline_after", "now",
	    "deadline_after=2026-11-26T00:00:00Z" },
	{ "deadline_before=2026-02-30", "deadline_before", "2026-02-30",
	    "deadline_before=2026-02-28" },
	{ "deadline_before=2027-02-29", "deadline_before", "2027-02-29",
	    "deadline_before=2028-02-29" },
	{ "deadline_after=2026-13-01", "deadline_after", "2026-13-01",
	    "deadline_after=2026-12-01" },
	{ "deadline_after=03/01/2026", "deadline_after", "03/01/2026",
	    "deadline_after=2026-03-01" },
	{ "deadline_after=2026-03-01T25:00:00Z", "deadline_after",
	    "2026-03-01T25:00:00Z", "deadline_after=2026-03-01T23:00:00Z" },
	/* A time needs a zone. */
	{ "deadline_after=2026-03-01T10:00:00", "deadline_after",
	    "2026-03-01T10:00:00", "deadline_after=2026-03-01T10:00:00Z" },
	/* An unencoded '+' is a blank in a query string. */
	{ "deadline_after=2026-03-01T10:00:00+02:00", "deadline_after",
	    "2026-03-01T10:00:00 02:00",
	    "deadline_after=2026-03-01T10:00:00%2B02:00" },
	{ "deadline_before=1776-07-04", "deadline_before", "1776-07-04",
	    "deadline_before=1976-07-04" },
	{ "deadline_before=", "deadline_before", "",
	    "deadline_before=2030-01-01" },

	/* Booleans. */
	{ "renewable=maybe", "renewable", "maybe", "renewable=yes" },
	{ "renewable=", "renewable", "", "renewable=false" },
	{ "include_expired=2", "include_expired", "2", "include_expired=1" },
	{ "facets=all", "facets", "all", "facets=on" },

	/* Paging: limit 1-100, offset 0-1000000. */
	{ "limit=0", "limit", "0", "limit=1" },
	{ "limit=101", "limit", "101", "limit=100" },
	{ "limit=1000", "limit", "1000", "limit=10" },
	{ "limit=-1", "limit", "-1", "limit=1" },
	{ "limit=abc", "limit", "abc", "limit=20" },
	{ "limit=2.5", "limit", "2.5", "limit=2" },
	{ "limit=", "limit", "", "limit=20" },
	{ "page_size=500", "limit", "500", "page_size=50" },
	{ "offset=-5", "offset", "-5", "offset=5" },
	{ "offset=1000001", "offset", "1000001", "offset=1000000" },
	{ "offset=99999999999999999999", "offset", "99999999999999999999",
	    "offset=999999" },
	{ "offset=1e3", "offset", "1e3", "offset=1000" },
};

START_TEST(t_search_bad)
{
	const struct bad_case	*c = &bad_cases[_i];
	struct sctx		 x;
	char			 errs[1024];
	size_t			 k;
	int			 rc;

	rc = sparse(&x, c->qs);
	dump_errs(&x.errs, errs, sizeof(errs));
	ck_assert_msg(rc == SCH_EVALID, "\"%.60s\": rc %d (want SCH_EVALID), "
	    "errors %s", c->qs, rc, errs);
	ck_assert_msg(x.errs.n == 1, "\"%.60s\": %zu errors: %s", c->qs,
	    x.errs.n, errs);
	k = err_for(&x.errs, c->field);
	ck_assert_msg(k != 0, "\"%.60s\": no error for %s: %s", c->qs,
	    c->field, errs);
	ck_assert_ptr_nonnull(x.errs.v[k - 1].message);
	ck_assert(x.errs.v[k - 1].message[0] != '\0');
	if (c->value != NULL) {
		ck_assert_ptr_nonnull(x.errs.v[k - 1].value);
		ck_assert_str_eq(x.errs.v[k - 1].value, c->value);
	}
	arena_free(&x.a);

	/* The twin. */
	must_parse(&x, c->good);
	ck_assert_int_eq(x.st.nparams, SEARCH_NPARAMS);
	arena_free(&x.a);
}
END_TEST

/* Every bad field is named at once; good ones next to them are fine. */
START_TEST(t_search_bad_many)
{
	struct sctx	 x;
	char		 errs[1024];
	static const char *const fields[] = { "q", "states", "min_gpa",
	    "deadline_after", "sort", "limit", "offset", "renewable" };
	size_t		 i;

	ck_assert_int_eq(sparse(&x, "q=%C3%28&states=CA,XX&min_gpa=5&"
	    "deadline_after=yesterday&sort=best&limit=1000&offset=-5&"
	    "renewable=perhaps&fields_of_study=law&citizenship=US"),
	    SCH_EVALID);
	dump_errs(&x.errs, errs, sizeof(errs));
	ck_assert_msg(x.errs.n == NELEM(fields), "%zu errors: %s", x.errs.n,
	    errs);
	for (i = 0; i < NELEM(fields); i++)
		ck_assert_msg(err_for(&x.errs, fields[i]) != 0,
		    "no error for %s: %s", fields[i], errs);
	ck_assert_msg(err_for(&x.errs, "fields_of_study") == 0 &&
	    err_for(&x.errs, "citizenship") == 0, "good fields named: %s",
	    errs);
	arena_free(&x.a);

	/* Twin: the same fields, all good. */
	must_parse(&x, "q=%C3%A9&states=CA,WA&min_gpa=4&"
	    "deadline_after=2026-01-01&sort=newest&limit=100&offset=5&"
	    "renewable=true&fields_of_study=law&citizenship=US");
	ck_assert_str_eq(x.st.params[X_STATES], "{CA,WA}");
	ck_assert_str_eq(x.st.params[X_SORT], "newest");
	arena_free(&x.a);
}
END_TEST

/*
 * Bytes that cannot be decoded are refused before validation (the
 * responder answers 400, not 422).
 */
static const struct {
	const char	*qs;
	const char	*good;
} undecodable[] = {
	{ "q=%zz", "q=%7A" },
	{ "q=%00", "q=%30" },
	{ "q=abc%", "q=abc%25" },
	{ "q=%4", "q=%41" },
	{ "states=CA%00&q=x", "states=CA&q=x" },
};

START_TEST(t_search_undecodable)
{
	struct sctx	 x;

	ck_assert_int_eq(sparse(&x, undecodable[_i].qs), SCH_EBADREQ);
	arena_free(&x.a);
	must_parse(&x, undecodable[_i].good);
	arena_free(&x.a);
}
END_TEST

/* --- the statement ------------------------------------------------------- */

/* Count occurrences of needle in hay. */
static size_t
count_of(const char *hay, const char *needle)
{
	size_t		 n = 0;
	const char	*p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

START_TEST(t_search_stmt_sql)
{
	/* $N and its cast, in the order of scholarship_search()'s arguments. */
	static const char *const casts[SEARCH_NPARAMS] = {
		"$1::text", "$2::text[]", "$3::text[]", "$4::text[]",
		"$5::numeric", "$6::numeric", "$7::numeric", "$8::text",
		"$9::text", "$10::timestamptz", "$11::timestamptz",
		"$12::boolean", "$13::boolean", "$14::text", "$15::integer",
		"$16::integer", "$17::boolean", "$18::integer"
	};
	struct sctx	 x;
	const char	*p, *prev;
	char		 dollar[8];
	size_t		 i;

	ck_assert_int_eq(SEARCH_NPARAMS, 18);
	ck_assert_int_eq(X__MAX, SEARCH_NPARAMS);
	must_parse(&x, "q=%27+OR+1%3D1+--&states=CA");
	ck_assert_int_eq(x.st.nparams, 18);
	ck_assert_ptr_nonnull(x.st.sql);
	p = strstr(x.st.sql, "scholarship_search(");
	ck_assert_msg(p != NULL, "no scholarship_search( in %s", x.st.sql);
	/* Each placeholder once, with its type, in order. */
	prev = p;
	for (i = 0; i < SEARCH_NPARAMS; i++) {
		ck_assert_msg(count_of(x.st.sql, casts[i]) == 1,
		    "%s appears %zu times in %s", casts[i],
		    count_of(x.st.sql, casts[i]), x.st.sql);
		p = strstr(x.st.sql, casts[i]);
		ck_assert_msg(p > prev, "%s out of order", casts[i]);
		prev = p;
	}
	for (i = 19; i < 30; i++) {
		snprintf(dollar, sizeof(dollar), "$%zu", i);
		ck_assert_msg(strstr(x.st.sql, dollar) == NULL, "%s in %s",
		    dollar, x.st.sql);
	}
	/* The user's text is never part of the statement. */
	ck_assert_ptr_null(strstr(x.st.sql, "OR 1=1"));
	ck_assert_ptr_null(strstr(x.st.sql, "'CA'"));
	/* The page comes back in the function's order. */
	ck_assert_ptr_nonnull(strstr(x.st.sql, "WITH ORDINALITY"));
	ck_assert_ptr_nonnull(strstr(x.st.sql, "ORDER BY r.ordinality"));
	arena_free(&x.a);

	/* The same text for every search: one prepared statement. */
	{
		struct sctx	 y;

		must_parse(&x, "");
		must_parse(&y, "q=law&facets=true&sort=newest&limit=3");
		ck_assert_str_eq(x.st.sql, y.st.sql);
		arena_free(&y.a);
		arena_free(&x.a);
	}
}
END_TEST

START_TEST(t_search_stmt_candidates)
{
	static const int	 ks[] = { 100, 1000, 25000, 100000 };
	struct sctx		 x;
	char			 want[16];
	size_t			 i;

	must_parse(&x, "q=law");
	for (i = 0; i < NELEM(ks); i++) {
		search_stmt(&x.sq, ks[i], &x.st, &x.a);
		snprintf(want, sizeof(want), "%d", ks[i]);
		ck_assert_str_eq(x.st.params[X_CANDIDATES], want);
		/* The rest does not move. */
		ck_assert_str_eq(x.st.params[X_Q], "law");
		ck_assert_str_eq(x.st.params[X_LIMIT], "20");
	}
	arena_free(&x.a);
}
END_TEST

/*
 * The filters that are off are NULL (SQL NULL turns a filter off); the
 * ones that are on are not.  One filter at a time.
 */
static const struct {
	const char	*qs;
	int		 slot;
} one_filter[] = {
	{ "q=x", X_Q },
	{ "fields_of_study=law", X_FIELDS },
	{ "scholarship_types=athletic", X_TYPES },
	{ "states=VT", X_STATES },
	{ "min_amount=1", X_MIN_AMOUNT },
	{ "max_amount=1", X_MAX_AMOUNT },
	{ "min_gpa=1", X_MIN_GPA },
	{ "citizenship=US", X_CITIZENSHIP },
	{ "grade_level=graduate", X_GRADE },
	{ "deadline_after=2030-01-01", X_AFTER },
	{ "deadline_before=2030-01-01", X_BEFORE },
	{ "renewable=false", X_RENEWABLE },
};

START_TEST(t_search_stmt_nulls)
{
	struct sctx	 x;
	int		 k;

	must_parse(&x, one_filter[_i].qs);
	for (k = 0; k < X_EXPIRED; k++) {
		if (k == one_filter[_i].slot)
			ck_assert_msg(x.st.params[k] != NULL, "%s: $%d NULL",
			    one_filter[_i].qs, k + 1);
		else
			ck_assert_msg(x.st.params[k] == NULL,
			    "%s: $%d (%s) = \"%s\", want NULL",
			    one_filter[_i].qs, k + 1, slot_name[k],
			    x.st.params[k]);
	}
	/* Never NULL. */
	for (k = X_EXPIRED; k < X__MAX; k++)
		ck_assert_msg(x.st.params[k] != NULL, "%s: $%d NULL",
		    one_filter[_i].qs, k + 1);
	arena_free(&x.a);
}
END_TEST

/* --- the organisation endpoint's parameters ----------------------------- */

static const struct {
	const char	*qs;
	int		 ok;
	const char	*field;
} org_cases[] = {
	{ "", 1, NULL },
	{ "limit=1&offset=0&include_expired=true", 1, NULL },
	{ "limit=100&offset=1000000", 1, NULL },
	{ "q=ignored&states=XX", 1, NULL },
	{ "limit=0", 0, "limit" },
	{ "limit=101", 0, "limit" },
	{ "offset=-1", 0, "offset" },
	{ "offset=1000001", 0, "offset" },
	{ "include_expired=sometimes", 0, "include_expired" },
};

START_TEST(t_search_org_params)
{
	struct arena	 a;
	struct kv	*args;
	size_t		 nargs;
	struct vval	 v[ORG__MAX];
	struct verrs	 errs;
	int		 rc;

	arena_init(&a);
	ck_assert_int_eq(req_parse_query(&a, org_cases[_i].qs, &args, &nargs),
	    SCH_OK);
	rc = valid_args(search_org_params, ORG__MAX, args, nargs, v, &errs, &a);
	ck_assert_msg(rc == (org_cases[_i].ok ? SCH_OK : SCH_EVALID),
	    "\"%s\": rc %d", org_cases[_i].qs, rc);
	if (!org_cases[_i].ok) {
		ck_assert_uint_eq(errs.n, 1);
		ck_assert_str_eq(errs.v[0].field, org_cases[_i].field);
	}
	arena_free(&a);
}
END_TEST

Suite *
suite_search(void)
{
	Suite	*s = suite_create("search");
	TCase	*tc;

	tc = tcase_create("query");
	tcase_add_loop_test(tc, t_search_ok, 0, NELEM(ok_cases));
	tcase_add_test(tc, t_search_query_struct);
	tcase_add_test(tc, t_search_query_init_direct);
	tcase_add_loop_test(tc, t_search_bad, 0, NELEM(bad_cases));
	tcase_add_test(tc, t_search_bad_many);
	tcase_add_loop_test(tc, t_search_undecodable, 0, NELEM(undecodable));
	suite_add_tcase(s, tc);

	tc = tcase_create("stmt");
	tcase_add_test(tc, t_search_stmt_sql);
	tcase_add_test(tc, t_search_stmt_candidates);
	tcase_add_loop_test(tc, t_search_stmt_nulls, 0, NELEM(one_filter));
	tcase_add_loop_test(tc, t_search_org_params, 0, NELEM(org_cases));
	suite_add_tcase(s, tc);
	return s;
}
