/*
 * The scholarship validator (scholarship.h).  A base record that
 * passes is changed one member at a time by a table of cases; every
 * rejected value names exactly the field path it must be reported
 * under, and every member has accepted values in the same table, so a
 * validator that rejects everything, or reports under the wrong name,
 * fails.
 */
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "arena.h"
#include "err.h"
#include "json.h"
#include "scholarship.h"
#include "valid.h"

#include "tests.h"

/* Everything set, nothing at its default. */
static const char base_json[] =
	"{\"id\": \"sch_test-01\","
	" \"name\": \"River Valley STEM Award\","
	" \"organization\": \"River Valley Foundation\","
	" \"description\": \"For students of the valley.\","
	" \"amount\": 2500.5, \"max_awards\": 3,"
	" \"application_deadline\": \"2027-03-01\","
	" \"notification_date\": \"2027-04-15T12:30:00+02:00\","
	" \"scholarship_type\": \"need_based\","
	" \"eligibility_criteria\": {"
	"   \"min_gpa\": 2.5, \"max_gpa\": 3.75,"
	"   \"grade_levels\": [\"graduate\", \"doctoral\"],"
	"   \"citizenship_required\": \"permanent_resident\","
	"   \"residency_states\": [\"CA\", \"DC\"],"
	"   \"fields_of_study\": [\"engineering\", \"other\"],"
	"   \"min_age\": 18, \"max_age\": 30,"
	"   \"financial_need\": null, \"essay_required\": true,"
	"   \"recommendation_letters\": 2},"
	" \"application_url\": \"https://rv.example.org/apply?x=1\","
	" \"contact_email\": \"awards@rv.example.org\","
	" \"website_url\": null,"
	" \"renewable\": true, \"is_active\": false,"
	" \"created_at\": \"whatever\", \"unknown\": [1, 2]}";

/* The six members a full record needs, in report order. */
static const char *const required[] = {
	"name", "organization", "amount", "application_deadline",
	"scholarship_type", "application_url",
};

struct fx {
	struct arena		 a;
	struct json_object	*o;
	struct scholarship	 s;
	struct verrs		 e;
};

static struct json_object *
parse(const char *text)
{
	struct json_object	*o = NULL;

	ck_assert_msg(json_parse(text, strlen(text), &o) == SCH_OK,
	    "test JSON does not parse: %s", text);
	return o;
}

static void
fx_init(struct fx *x, const char *text)
{

	arena_init(&x->a);
	x->o = parse(text);
}

static void
fx_free(struct fx *x)
{

	json_object_put(x->o);
	arena_free(&x->a);
}

/* For failure messages: every reported field. */
static const char *
errs_text(const struct verrs *e, struct arena *a)
{
	const char	*s = "";
	size_t		 i;

	for (i = 0; i < e->n; i++)
		s = arena_printf(a, "%s [%s: %s]", s, e->v[i].field,
		    e->v[i].message);
	return s;
}

/*
 * A test value: JSON text, or "@kN" for a generated string of N bytes,
 * k being 's' (plain letters), 'e' (an e-mail address) or 'u' (an
 * https URL).  NULL deletes the member.
 */
static struct json_object *
make_value(const char *v)
{
	struct json_object	*o;
	char			*s;
	size_t			 n;

	if (v[0] != '@')
		return parse(v);
	n = strtoul(v + 2, NULL, 10);
	s = malloc(n + 1);
	ck_assert_ptr_nonnull(s);
	memset(s, 'a', n);
	s[n] = '\0';
	if (v[1] == 'e' && n > 6)
		memcpy(s + n - 6, "@b.com", 6);
	if (v[1] == 'u' && n > 8)
		memcpy(s, "https://", 8);
	o = json_object_new_string_len(s, (int)n);
	free(s);
	return o;
}

/* Set (or delete) member "key" or "eligibility_criteria.key" of root. */
static void
set_member(struct json_object *root, const char *path, const char *v)
{
	struct json_object	*parent = root;
	const char		*key = path;

	if (strncmp(path, "eligibility_criteria.", 21) == 0) {
		ck_assert(json_object_object_get_ex(root,
		    "eligibility_criteria", &parent));
		key = path + 21;
	}
	if (v == NULL)
		json_object_object_del(parent, key);
	else
		json_object_object_add(parent, key, make_value(v));
}

/* --- the complete record ------------------------------------------------ */

START_TEST(t_full_ok)
{
	struct fx	 x;
	struct tm	 tm;

	fx_init(&x, base_json);
	ck_assert_msg(scholarship_from_json(x.o, 0, &x.s, &x.e, &x.a) ==
	    SCH_OK, "rejected:%s", errs_text(&x.e, &x.a));
	ck_assert_uint_eq(x.e.n, 0);
	ck_assert_str_eq(x.s.id, "sch_test-01");
	ck_assert_str_eq(x.s.name, "River Valley STEM Award");
	ck_assert_str_eq(x.s.organization, "River Valley Foundation");
	ck_assert_str_eq(x.s.description, "For students of the valley.");
	ck_assert(x.s.amount == 2500.5);
	ck_assert_int_eq(x.s.max_awards, 3);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 127;
	tm.tm_mon = 2;
	tm.tm_mday = 1;
	ck_assert_int_eq(x.s.application_deadline, timegm(&tm));
	/* 12:30 at +02:00 is 10:30 UTC. */
	tm.tm_mon = 3;
	tm.tm_mday = 15;
	tm.tm_hour = 10;
	tm.tm_min = 30;
	ck_assert_int_eq(x.s.notification_date, timegm(&tm));
	ck_assert_str_eq(valid_scholarship_types[x.s.scholarship_type],
	    "need_based");
	ck_assert(x.s.min_gpa == 2.5 && x.s.max_gpa == 3.75);
	ck_assert_uint_eq(x.s.grade_levels.n, 2);
	ck_assert_str_eq(valid_grade_levels[x.s.grade_levels.v[0]], "graduate");
	ck_assert_str_eq(valid_grade_levels[x.s.grade_levels.v[1]], "doctoral");
	ck_assert_str_eq(valid_citizenship[x.s.citizenship_required],
	    "permanent_resident");
	ck_assert_uint_eq(x.s.residency_states.n, 2);
	ck_assert_str_eq(valid_us_states[x.s.residency_states.v[1]], "DC");
	ck_assert_uint_eq(x.s.fields_of_study.n, 2);
	ck_assert_str_eq(valid_fields_of_study[x.s.fields_of_study.v[1]],
	    "other");
	ck_assert_int_eq(x.s.min_age, 18);
	ck_assert_int_eq(x.s.max_age, 30);
	ck_assert(x.s.set[SF_FINANCIAL_NEED] && x.s.null[SF_FINANCIAL_NEED]);
	ck_assert_int_eq(x.s.essay_required, 1);
	ck_assert_int_eq(x.s.recommendation_letters, 2);
	ck_assert_str_eq(x.s.application_url, "https://rv.example.org/apply?x=1");
	ck_assert_str_eq(x.s.contact_email, "awards@rv.example.org");
	ck_assert(x.s.set[SF_WEBSITE_URL] && x.s.null[SF_WEBSITE_URL]);
	ck_assert(x.s.website_url == NULL);
	ck_assert_int_eq(x.s.renewable, 1);
	ck_assert(x.s.set[SF_IS_ACTIVE] && !x.s.null[SF_IS_ACTIVE]);
	ck_assert_int_eq(x.s.is_active, 0);
	fx_free(&x);
}
END_TEST

/* --- one member at a time ------------------------------------------------- */

struct field_case {
	const char	*member;	/* "key" or "eligibility_criteria.key" */
	const char	*value;		/* see make_value(); NULL = delete */
	const char	*bad;		/* reported path, NULL = accepted */
};

#define EC "eligibility_criteria."

static const struct field_case field_cases[] = {
	{ "id", "\"abc_DEF-123\"", NULL },
	{ "id", "@s64", NULL },
	{ "id", NULL, NULL },
	{ "id", "@s65", "id" },
	{ "id", "\"\"", "id" },
	{ "id", "\"a b\"", "id" },
	{ "id", "\"caf\\u00e9\"", "id" },
	{ "id", "42", "id" },
	{ "id", "null", "id" },

	{ "name", "\"N\"", NULL },
	{ "name", "@s300", NULL },
	{ "name", "\"Caf\\u00e9 \\u00fcber\"", NULL },
	{ "name", "@s301", "name" },
	{ "name", "\"\"", "name" },
	{ "name", "\" \\t \"", "name" },
	{ "name", "\"a\\u0000b\"", "name" },
	{ "name", "null", "name" },
	{ "name", "5", "name" },
	{ "name", NULL, "name" },

	{ "organization", "@s200", NULL },
	{ "organization", "@s201", "organization" },
	{ "organization", "[\"x\"]", "organization" },
	{ "organization", NULL, "organization" },

	{ "description", "\"\"", NULL },
	{ "description", "@s10000", NULL },
	{ "description", NULL, NULL },
	{ "description", "@s10001", "description" },
	{ "description", "null", "description" },

	{ "amount", "0", NULL },
	{ "amount", "1000000000", NULL },
	{ "amount", "1e3", NULL },
	{ "amount", "0.01", NULL },
	{ "amount", "-1", "amount" },
	{ "amount", "-0.01", "amount" },
	{ "amount", "1000000000.5", "amount" },
	{ "amount", "\"2500\"", "amount" },
	{ "amount", "true", "amount" },
	{ "amount", "null", "amount" },
	{ "amount", NULL, "amount" },

	{ "max_awards", "1", NULL },
	{ "max_awards", "3.0", NULL },
	{ "max_awards", "1000000", NULL },
	{ "max_awards", NULL, NULL },
	{ "max_awards", "0", "max_awards" },
	{ "max_awards", "1.5", "max_awards" },
	{ "max_awards", "1000001", "max_awards" },
	{ "max_awards", "99999999999999999999", "max_awards" },
	{ "max_awards", "-99999999999999999999", "max_awards" },
	{ "max_awards", "\"3\"", "max_awards" },

	{ "application_deadline", "\"2027-03-01T12:00:00Z\"", NULL },
	{ "application_deadline", "\"2028-02-29\"", NULL },
	{ "application_deadline", "\"2027-02-29\"", "application_deadline" },
	{ "application_deadline", "\"tomorrow\"", "application_deadline" },
	{ "application_deadline", "20270301", "application_deadline" },
	{ "application_deadline", "null", "application_deadline" },
	{ "application_deadline", NULL, "application_deadline" },

	{ "notification_date", "null", NULL },
	{ "notification_date", NULL, NULL },
	{ "notification_date", "\"2027-05-01\"", NULL },
	{ "notification_date", "\"2027-13-01\"", "notification_date" },
	{ "notification_date", "false", "notification_date" },

	{ "scholarship_type", "\"merit_based\"", NULL },
	{ "scholarship_type", "\"community_service\"", NULL },
	{ "scholarship_type", "\"lottery\"", "scholarship_type" },
	{ "scholarship_type", "\"Merit_based\"", "scholarship_type" },
	{ "scholarship_type", "\"merit_based\\u0000x\"", "scholarship_type" },
	{ "scholarship_type", "1", "scholarship_type" },
	{ "scholarship_type", NULL, "scholarship_type" },

	{ "eligibility_criteria", "{}", NULL },
	{ "eligibility_criteria", NULL, NULL },
	{ "eligibility_criteria", "[]", "eligibility_criteria" },
	{ "eligibility_criteria", "\"open\"", "eligibility_criteria" },
	{ "eligibility_criteria", "null", "eligibility_criteria" },

	{ EC "min_gpa", "0", NULL },
	{ EC "min_gpa", "null", NULL },
	{ EC "min_gpa", "3.75", NULL },
	{ EC "min_gpa", "-0.1", EC "min_gpa" },
	{ EC "min_gpa", "\"3.0\"", EC "min_gpa" },
	{ EC "max_gpa", "4", NULL },
	{ EC "max_gpa", NULL, NULL },
	{ EC "max_gpa", "4.01", EC "max_gpa" },
	{ EC "max_gpa", "[4]", EC "max_gpa" },

	{ EC "grade_levels", "[]", NULL },
	{ EC "grade_levels", "[\"high_school\", \"post_doctoral\"]", NULL },
	{ EC "grade_levels", NULL, NULL },
	{ EC "grade_levels", "[\"graduate\", \"phd\"]", EC "grade_levels[1]" },
	{ EC "grade_levels", "[\"graduate\", \"graduate\"]",
	    EC "grade_levels[1]" },
	{ EC "grade_levels", "[1]", EC "grade_levels[0]" },
	{ EC "grade_levels", "[null]", EC "grade_levels[0]" },
	{ EC "grade_levels", "\"graduate\"", EC "grade_levels" },
	{ EC "grade_levels", "null", EC "grade_levels" },

	{ EC "citizenship_required", "\"US\"", NULL },
	{ EC "citizenship_required", "null", NULL },
	{ EC "citizenship_required", "\"us\"", EC "citizenship_required" },
	{ EC "citizenship_required", "true", EC "citizenship_required" },

	{ EC "residency_states", "[\"WY\", \"AL\"]", NULL },
	{ EC "residency_states", "[]", NULL },
	{ EC "residency_states", "[\"CA\", \"ca\"]", EC "residency_states[1]" },
	{ EC "residency_states", "[\"CA\", \"PR\"]", EC "residency_states[1]" },
	{ EC "residency_states", "{\"CA\": 1}", EC "residency_states" },

	{ EC "fields_of_study", "[\"computer_science\"]", NULL },
	{ EC "fields_of_study", "[\"cooking\"]", EC "fields_of_study[0]" },
	{ EC "fields_of_study", "[\"law\", \"arts\", \"x\"]",
	    EC "fields_of_study[2]" },

	{ EC "min_age", "13", NULL },
	{ EC "min_age", "null", NULL },
	{ EC "min_age", "12", EC "min_age" },
	{ EC "min_age", "18.5", EC "min_age" },
	{ EC "max_age", "120", NULL },
	{ EC "max_age", "121", EC "max_age" },
	{ EC "max_age", "\"30\"", EC "max_age" },

	{ EC "financial_need", "true", NULL },
	{ EC "financial_need", "false", NULL },
	{ EC "financial_need", "\"yes\"", EC "financial_need" },
	{ EC "financial_need", "1", EC "financial_need" },

	{ EC "essay_required", "false", NULL },
	{ EC "essay_required", NULL, NULL },
	{ EC "essay_required", "null", EC "essay_required" },
	{ EC "essay_required", "\"no\"", EC "essay_required" },

	{ EC "recommendation_letters", "0", NULL },
	{ EC "recommendation_letters", "10", NULL },
	{ EC "recommendation_letters", "11", EC "recommendation_letters" },
	{ EC "recommendation_letters", "-1", EC "recommendation_letters" },

	{ "application_url", "\"http://a\"", NULL },
	{ "application_url", "\"HTTPS://A.EXAMPLE/x#y\"", NULL },
	{ "application_url", "@u2048", NULL },
	{ "application_url", "@u2049", "application_url" },
	{ "application_url", "\"ftp://a.example\"", "application_url" },
	{ "application_url", "\"https://\"", "application_url" },
	{ "application_url", "\"https:///path\"", "application_url" },
	{ "application_url", "\"https://a.example/x y\"", "application_url" },
	{ "application_url", "\"https://a.example/\\\"><script>\"",
	    "application_url" },
	{ "application_url", "\"javascript:alert(1)\"", "application_url" },
	{ "application_url", "\"rv.example.org\"", "application_url" },
	{ "application_url", "null", "application_url" },
	{ "application_url", NULL, "application_url" },

	{ "contact_email", "\"a@b\"", NULL },
	{ "contact_email", "null", NULL },
	{ "contact_email", NULL, NULL },
	{ "contact_email", "@e254", NULL },
	{ "contact_email", "@e255", "contact_email" },
	{ "contact_email", "\"a@@b\"", "contact_email" },
	{ "contact_email", "\"a@b@c\"", "contact_email" },
	{ "contact_email", "\"a b@c\"", "contact_email" },
	{ "contact_email", "\"@b\"", "contact_email" },
	{ "contact_email", "\"a@\"", "contact_email" },
	{ "contact_email", "\"ab\"", "contact_email" },
	{ "contact_email", "\"\"", "contact_email" },

	{ "website_url", "\"https://rv.example.org\"", NULL },
	{ "website_url", "\"rv.example.org\"", "website_url" },
	{ "website_url", "7", "website_url" },

	{ "renewable", "false", NULL },
	{ "renewable", NULL, NULL },
	{ "renewable", "\"true\"", "renewable" },
	{ "renewable", "null", "renewable" },

	{ "is_active", "true", NULL },
	{ "is_active", "0", "is_active" },

	/* Ignored members. */
	{ "created_at", "\"not a date\"", NULL },
	{ "updated_at", "42", NULL },
	{ "extra", "{\"deep\": [1, {\"x\": null}]}", NULL },
};

START_TEST(t_field)
{
	const struct field_case	*c = &field_cases[_i];
	struct fx		 x;
	int			 rc;

	fx_init(&x, base_json);
	set_member(x.o, c->member, c->value);
	rc = scholarship_from_json(x.o, 0, &x.s, &x.e, &x.a);
	if (c->bad == NULL) {
		ck_assert_msg(rc == SCH_OK, "%s = %s rejected:%s", c->member,
		    c->value ? c->value : "(absent)", errs_text(&x.e, &x.a));
		ck_assert_uint_eq(x.e.n, 0);
	} else {
		ck_assert_msg(rc == SCH_EVALID && x.e.n == 1,
		    "%s = %s: want exactly %s, got%s", c->member,
		    c->value ? c->value : "(absent)", c->bad,
		    errs_text(&x.e, &x.a));
		ck_assert_str_eq(x.e.v[0].field, c->bad);
		ck_assert_ptr_nonnull(x.e.v[0].message);
		ck_assert_uint_gt(strlen(x.e.v[0].message), 0);
	}
	fx_free(&x);
}
END_TEST

/* A string where a number is expected says so, with the raw value. */
START_TEST(t_type_message)
{
	struct fx	x;

	fx_init(&x, base_json);
	set_member(x.o, "amount", "\"2500\"");
	set_member(x.o, EC "min_age", "\"18\"");
	ck_assert_int_eq(scholarship_from_json(x.o, 0, &x.s, &x.e, &x.a),
	    SCH_EVALID);
	ck_assert_uint_eq(x.e.n, 2);
	ck_assert_str_eq(x.e.v[0].field, "amount");
	ck_assert_str_eq(x.e.v[0].message, "must be a number");
	ck_assert_str_eq(x.e.v[0].value, "2500");
	ck_assert_str_eq(x.e.v[1].field, EC "min_age");
	ck_assert_str_eq(x.e.v[1].message, "must be an integer");
	fx_free(&x);

	/* The twin: the same values as numbers pass. */
	fx_init(&x, base_json);
	set_member(x.o, "amount", "2500");
	set_member(x.o, EC "min_age", "18");
	ck_assert_int_eq(scholarship_from_json(x.o, 0, &x.s, &x.e, &x.a),
	    SCH_OK);
	ck_assert(x.s.amount == 2500 && x.s.min_age == 18);
	fx_free(&x);
}
END_TEST

/* Values in reports: JSON text for non-strings, cut at 200 bytes. */
START_TEST(t_value_text)
{
	struct fx	x;

	fx_init(&x, base_json);
	set_member(x.o, EC "grade_levels", "[\"graduate\", {\"a\": 1}]");
	set_member(x.o, "description", "@s20000");
	set_member(x.o, "name", "null");
	ck_assert_int_eq(scholarship_from_json(x.o, 0, &x.s, &x.e, &x.a),
	    SCH_EVALID);
	ck_assert_uint_eq(x.e.n, 3);
	ck_assert_str_eq(x.e.v[0].field, "name");
	ck_assert_ptr_null(x.e.v[0].value);
	ck_assert_str_eq(x.e.v[1].field, "description");
	ck_assert_uint_eq(strlen(x.e.v[1].value), 200);
	ck_assert_str_eq(x.e.v[2].field, EC "grade_levels[1]");
	ck_assert_str_eq(x.e.v[2].value, "{\"a\":1}");
	fx_free(&x);
}
END_TEST

/* min <= max, checked only when both are there and valid. */
struct range_case {
	const char	*lo_member, *lo, *hi_member, *hi;
	const char	*bad;
};

static const struct range_case range_cases[] = {
	{ EC "min_gpa", "3.9", EC "max_gpa", "2.0", EC "min_gpa" },
	{ EC "min_gpa", "2.0", EC "max_gpa", "3.9", NULL },
	{ EC "min_gpa", "3.0", EC "max_gpa", "3.0", NULL },
	{ EC "min_gpa", "3.9", EC "max_gpa", "null", NULL },
	{ EC "min_gpa", "3.9", EC "max_gpa", "5", EC "max_gpa" },
	{ EC "min_age", "30", EC "max_age", "20", EC "min_age" },
	{ EC "min_age", "20", EC "max_age", "30", NULL },
	{ EC "min_age", "20", EC "max_age", "20", NULL },
	{ EC "min_age", "30", EC "max_age", NULL, NULL },
};

START_TEST(t_range)
{
	const struct range_case	*c = &range_cases[_i];
	struct fx		 x;
	int			 rc;

	fx_init(&x, base_json);
	set_member(x.o, c->lo_member, c->lo);
	set_member(x.o, c->hi_member, c->hi);
	rc = scholarship_from_json(x.o, 0, &x.s, &x.e, &x.a);
	if (c->bad == NULL) {
		ck_assert_msg(rc == SCH_OK, "%s..%s rejected:%s", c->lo,
		    c->hi ? c->hi : "(absent)", errs_text(&x.e, &x.a));
	} else {
		ck_assert_msg(rc == SCH_EVALID && x.e.n == 1, "%s..%s: got%s",
		    c->lo, c->hi ? c->hi : "(absent)", errs_text(&x.e, &x.a));
		ck_assert_str_eq(x.e.v[0].field, c->bad);
	}
	fx_free(&x);
}
END_TEST

/* --- several at once, required, partial --------------------------------- */

START_TEST(t_many_bad)
{
	static const char *const want[] = {
		"id", "amount", "application_deadline", "scholarship_type",
		EC "grade_levels[0]", EC "grade_levels[2]",
		EC "residency_states[0]", EC "min_age", EC "essay_required",
		"contact_email", "is_active",
	};
	struct fx	x;
	size_t		i;

	fx_init(&x, base_json);
	set_member(x.o, "id", "\"no spaces please\"");
	set_member(x.o, "amount", "-5");
	set_member(x.o, "application_deadline", "\"2027-02-30\"");
	set_member(x.o, "scholarship_type", "\"x\"");
	set_member(x.o, EC "grade_levels", "[\"a\", \"graduate\", \"b\"]");
	set_member(x.o, EC "residency_states", "[\"ZZ\"]");
	set_member(x.o, EC "min_age", "5");
	set_member(x.o, EC "essay_required", "\"yes\"");
	set_member(x.o, "contact_email", "\"nobody\"");
	set_member(x.o, "is_active", "\"true\"");
	ck_assert_int_eq(scholarship_from_json(x.o, 0, &x.s, &x.e, &x.a),
	    SCH_EVALID);
	ck_assert_msg(x.e.n == NELEM(want), "got%s", errs_text(&x.e, &x.a));
	for (i = 0; i < NELEM(want); i++)
		ck_assert_str_eq(x.e.v[i].field, want[i]);
	fx_free(&x);
}
END_TEST

START_TEST(t_required)
{
	struct fx	x;
	size_t		i;

	/* An empty object lacks exactly the required members, in order. */
	fx_init(&x, "{}");
	ck_assert_int_eq(scholarship_from_json(x.o, 0, &x.s, &x.e, &x.a),
	    SCH_EVALID);
	ck_assert_msg(x.e.n == NELEM(required), "got%s",
	    errs_text(&x.e, &x.a));
	for (i = 0; i < NELEM(required); i++) {
		ck_assert_str_eq(x.e.v[i].field, required[i]);
		ck_assert_str_eq(x.e.v[i].message, "is required");
	}
	fx_free(&x);

	/* The twin: the required members alone make a valid record. */
	fx_init(&x, "{\"name\": \"n\", \"organization\": \"o\", \"amount\": 0,"
	    " \"application_deadline\": \"2027-01-01\","
	    " \"scholarship_type\": \"athletic\","
	    " \"application_url\": \"https://x.example\"}");
	ck_assert_msg(scholarship_from_json(x.o, 0, &x.s, &x.e, &x.a) ==
	    SCH_OK, "rejected:%s", errs_text(&x.e, &x.a));
	fx_free(&x);

	/* Not an object at all. */
	fx_init(&x, "[1]");
	ck_assert_int_eq(scholarship_from_json(x.o, 0, &x.s, &x.e, &x.a),
	    SCH_EVALID);
	ck_assert_uint_eq(x.e.n, 1);
	ck_assert_str_eq(x.e.v[0].field, "(body)");
	fx_free(&x);
}
END_TEST

START_TEST(t_partial)
{
	const char	*p[SCH_NPARAMS];
	struct fx	 x;
	size_t		 i;

	/* Nothing is required; nothing absent is set. */
	fx_init(&x, "{}");
	ck_assert_int_eq(scholarship_from_json(x.o, 1, &x.s, &x.e, &x.a),
	    SCH_OK);
	for (i = 0; i < SF__MAX; i++)
		ck_assert_int_eq(x.s.set[i], 0);
	fx_free(&x);

	/* Only what is given, criteria one by one. */
	fx_init(&x, "{\"amount\": 10, \"contact_email\": null,"
	    " \"eligibility_criteria\": {\"min_gpa\": 3}}");
	ck_assert_int_eq(scholarship_from_json(x.o, 1, &x.s, &x.e, &x.a),
	    SCH_OK);
	for (i = 0; i < SF__MAX; i++)
		ck_assert_int_eq(x.s.set[i], i == SF_AMOUNT ||
		    i == SF_CONTACT_EMAIL || i == SF_MIN_GPA);
	ck_assert(x.s.null[SF_CONTACT_EMAIL] && !x.s.null[SF_AMOUNT]);
	ck_assert(x.s.amount == 10 && x.s.min_gpa == 3);
	ck_assert_int_eq(scholarship_to_params(&x.s, p, &x.a), SCH_OK);
	ck_assert_str_eq(p[SCH_PARAM_MASK], "0000100001000000000001000");
	ck_assert_str_eq(p[SF_AMOUNT], "10");
	ck_assert_str_eq(p[SF_MIN_GPA], "3");
	ck_assert_ptr_null(p[SF_CONTACT_EMAIL]);
	ck_assert_ptr_null(p[SF_ID]);
	ck_assert_ptr_null(p[SF_NAME]);
	ck_assert_ptr_null(p[SF_IS_ACTIVE]);
	fx_free(&x);

	/* Bad values are still bad, null on a required field too. */
	fx_init(&x, "{\"amount\": \"10\", \"name\": null,"
	    " \"eligibility_criteria\": {\"fields_of_study\": [\"x\"]}}");
	ck_assert_int_eq(scholarship_from_json(x.o, 1, &x.s, &x.e, &x.a),
	    SCH_EVALID);
	ck_assert_msg(x.e.n == 3, "got%s", errs_text(&x.e, &x.a));
	ck_assert_str_eq(x.e.v[0].field, "name");
	ck_assert_str_eq(x.e.v[1].field, "amount");
	ck_assert_str_eq(x.e.v[2].field, EC "fields_of_study[0]");
	fx_free(&x);

	/* A broken criteria object is one error, not one per criterion. */
	fx_init(&x, "{\"eligibility_criteria\": 5}");
	ck_assert_int_eq(scholarship_from_json(x.o, 0, &x.s, &x.e, &x.a),
	    SCH_EVALID);
	for (i = 0; i < x.e.n; i++)
		ck_assert_msg(strncmp(x.e.v[i].field, EC, strlen(EC)) != 0,
		    "got%s", errs_text(&x.e, &x.a));
	fx_free(&x);
}
END_TEST

/* --- parameters ------------------------------------------------------------ */

START_TEST(t_params_full)
{
	const char	*p[SCH_NPARAMS];
	struct fx	 x;

	fx_init(&x, base_json);
	ck_assert_int_eq(scholarship_from_json(x.o, 0, &x.s, &x.e, &x.a),
	    SCH_OK);
	ck_assert_int_eq(scholarship_to_params(&x.s, p, &x.a), SCH_OK);
	ck_assert_str_eq(p[SF_ID], "sch_test-01");
	ck_assert_str_eq(p[SF_NAME], "River Valley STEM Award");
	ck_assert_str_eq(p[SF_AMOUNT], "2500.5");
	ck_assert_str_eq(p[SF_MAX_AWARDS], "3");
	ck_assert_str_eq(p[SF_APPLICATION_DEADLINE], "2027-03-01T00:00:00Z");
	ck_assert_str_eq(p[SF_NOTIFICATION_DATE], "2027-04-15T10:30:00Z");
	ck_assert_str_eq(p[SF_SCHOLARSHIP_TYPE], "need_based");
	ck_assert_str_eq(p[SF_MIN_GPA], "2.5");
	ck_assert_str_eq(p[SF_MAX_GPA], "3.75");
	ck_assert_str_eq(p[SF_GRADE_LEVELS], "{graduate,doctoral}");
	ck_assert_str_eq(p[SF_CITIZENSHIP_REQUIRED], "permanent_resident");
	ck_assert_str_eq(p[SF_RESIDENCY_STATES], "{CA,DC}");
	ck_assert_str_eq(p[SF_FIELDS_OF_STUDY], "{engineering,other}");
	ck_assert_str_eq(p[SF_MIN_AGE], "18");
	ck_assert_str_eq(p[SF_MAX_AGE], "30");
	ck_assert_ptr_null(p[SF_FINANCIAL_NEED]);
	ck_assert_str_eq(p[SF_ESSAY_REQUIRED], "true");
	ck_assert_str_eq(p[SF_RECOMMENDATION_LETTERS], "2");
	ck_assert_str_eq(p[SF_CONTACT_EMAIL], "awards@rv.example.org");
	ck_assert_ptr_null(p[SF_WEBSITE_URL]);
	ck_assert_str_eq(p[SF_RENEWABLE], "true");
	ck_assert_str_eq(p[SF_IS_ACTIVE], "false");
	ck_assert_str_eq(p[SCH_PARAM_MASK], "1111111111111111111111111");
	fx_free(&x);
}
END_TEST

/* Absent optional members get the column defaults; the id is made up. */
START_TEST(t_params_defaults)
{
	const char	*p[SCH_NPARAMS], *q[SCH_NPARAMS];
	struct fx	 x;
	regex_t		 re;

	fx_init(&x, "{\"name\": \"n\", \"organization\": \"o\", \"amount\": 7,"
	    " \"application_deadline\": \"2027-01-01\","
	    " \"scholarship_type\": \"athletic\","
	    " \"application_url\": \"https://x.example\"}");
	ck_assert_int_eq(scholarship_from_json(x.o, 0, &x.s, &x.e, &x.a),
	    SCH_OK);
	ck_assert_int_eq(scholarship_to_params(&x.s, p, &x.a), SCH_OK);
	ck_assert_int_eq(regcomp(&re, "^sch_[0-9a-f]{16}$", REG_EXTENDED |
	    REG_NOSUB), 0);
	ck_assert_msg(regexec(&re, p[SF_ID], 0, NULL, 0) == 0, "id %s",
	    p[SF_ID]);
	ck_assert(valid_id(p[SF_ID]));
	ck_assert_str_eq(p[SF_DESCRIPTION], "");
	ck_assert_str_eq(p[SF_MAX_AWARDS], "1");
	ck_assert_ptr_null(p[SF_NOTIFICATION_DATE]);
	ck_assert_ptr_null(p[SF_MIN_GPA]);
	ck_assert_str_eq(p[SF_GRADE_LEVELS], "{}");
	ck_assert_ptr_null(p[SF_CITIZENSHIP_REQUIRED]);
	ck_assert_str_eq(p[SF_RESIDENCY_STATES], "{}");
	ck_assert_str_eq(p[SF_FIELDS_OF_STUDY], "{}");
	ck_assert_ptr_null(p[SF_MAX_AGE]);
	ck_assert_ptr_null(p[SF_FINANCIAL_NEED]);
	ck_assert_str_eq(p[SF_ESSAY_REQUIRED], "false");
	ck_assert_str_eq(p[SF_RECOMMENDATION_LETTERS], "0");
	ck_assert_ptr_null(p[SF_CONTACT_EMAIL]);
	ck_assert_str_eq(p[SF_RENEWABLE], "false");
	ck_assert_str_eq(p[SF_IS_ACTIVE], "true");
	/* Two records, two ids. */
	ck_assert_int_eq(scholarship_to_params(&x.s, q, &x.a), SCH_OK);
	ck_assert_str_ne(p[SF_ID], q[SF_ID]);
	regfree(&re);
	fx_free(&x);

	/* A full record without a required field is a caller bug. */
	memset(&x.s, 0, sizeof(x.s));
	arena_init(&x.a);
	ck_assert_int_eq(scholarship_to_params(&x.s, p, &x.a), SCH_EINVAL);
	arena_free(&x.a);
}
END_TEST

/* Every statement numbers its parameters like enum sch_field. */
START_TEST(t_sql)
{
	char	want[8];

	ck_assert_ptr_nonnull(strstr(scholarship_insert_sql, "$25)"));
	ck_assert_ptr_null(strstr(scholarship_insert_sql, "$26"));
	ck_assert_ptr_nonnull(strstr(scholarship_upsert_sql,
	    "ON CONFLICT (id) DO UPDATE"));
	ck_assert_ptr_nonnull(strstr(scholarship_update_sql,
	    "is_active = $25 WHERE id = $1"));
	snprintf(want, sizeof(want), "$%d::", SF_IS_ACTIVE + 1);
	ck_assert_ptr_nonnull(strstr(scholarship_patch_sql, want));
	ck_assert_ptr_nonnull(strstr(scholarship_patch_sql, "$26"));
}
END_TEST

struct con_case {
	const char	*constraint;
	const char	*field;
};

static const struct con_case con_cases[] = {
	{ "scholarships_pkey", "id" },
	{ "scholarships_type_check", "scholarship_type" },
	{ "scholarships_gpa_range_check", EC "min_gpa" },
	{ "scholarships_recommendation_letters_check",
	    EC "recommendation_letters" },
	{ "scholarships_nope_check", NULL },
	{ "", NULL },
	{ NULL, NULL },
};

START_TEST(t_constraint_field)
{
	const struct con_case	*c = &con_cases[_i];
	const char		*f;

	f = scholarship_constraint_field(c->constraint);
	if (c->field == NULL)
		ck_assert_ptr_null(f);
	else
		ck_assert_str_eq(f, c->field);
}
END_TEST

/* Bytes that json-c would never produce still cannot get through. */
START_TEST(t_raw_bytes)
{
	struct fx	x;

	fx_init(&x, base_json);
	json_object_object_add(x.o, "name",
	    json_object_new_string_len("ab\xff" "c", 4));
	ck_assert_int_eq(scholarship_from_json(x.o, 0, &x.s, &x.e, &x.a),
	    SCH_EVALID);
	ck_assert_uint_eq(x.e.n, 1);
	ck_assert_str_eq(x.e.v[0].field, "name");
	fx_free(&x);

	fx_init(&x, base_json);
	json_object_object_add(x.o, "name",
	    json_object_new_string_len("ab\xc3\xa9" "c", 5));
	ck_assert_int_eq(scholarship_from_json(x.o, 0, &x.s, &x.e, &x.a),
	    SCH_OK);
	ck_assert_str_eq(x.s.name, "ab\xc3\xa9" "c");
	fx_free(&x);
}
END_TEST

Suite *
suite_scholarship(void)
{
	Suite	*s = suite_create("scholarship");
	TCase	*tc;

	tc = tcase_create("validate");
	tcase_add_test(tc, t_full_ok);
	tcase_add_loop_test(tc, t_field, 0, NELEM(field_cases));
	tcase_add_test(tc, t_type_message);
	tcase_add_test(tc, t_value_text);
	tcase_add_loop_test(tc, t_range, 0, NELEM(range_cases));
	tcase_add_test(tc, t_many_bad);
	tcase_add_test(tc, t_required);
	tcase_add_test(tc, t_partial);
	tcase_add_test(tc, t_raw_bytes);
	suite_add_tcase(s, tc);

	tc = tcase_create("params");
	tcase_add_test(tc, t_params_full);
	tcase_add_test(tc, t_params_defaults);
	tcase_add_test(tc, t_sql);
	tcase_add_loop_test(tc, t_constraint_field, 0, NELEM(con_cases));
	suite_add_tcase(s, tc);
	return s;
}
