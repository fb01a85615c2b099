/*
 * Configuration (conf.h): the documented defaults, the file syntax,
 * "FILE:LINE: message" errors, the DATABASE_URL override and the key
 * table that the documentation checks rely on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "err.h"

#include "tests.h"

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/share/scholarship-api"
#endif

/*
 * Write text to a fresh temporary file; its name goes into path.
 * The caller unlinks it.
 */
static void
write_conf(char *path, size_t pathlen, const char *text)
{
	FILE	*f;
	int	 fd;

	snprintf(path, pathlen, "/tmp/check_conf.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
}

static void
no_env(void)
{
	unsetenv("DATABASE_URL");
}

START_TEST(t_defaults)
{
	struct conf	 c;

	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(conf_defaults(&c), SCH_OK);
	ck_assert_str_eq(c.database_url, "dbname=scholarship");
	ck_assert_int_eq(c.db_connect_timeout_s, 5);
	ck_assert_int_eq(c.db_statement_timeout_ms, 5000);
	ck_assert_str_eq(c.runtime_dir, "/run/scholarship-api");
	ck_assert_str_eq(c.migrations_dir, PKGDATADIR "/sql");
	ck_assert_int_eq(c.log_level, CONF_LOG_INFO);
	ck_assert_int_eq(c.environment, CONF_ENV_PRODUCTION);
	ck_assert_int_eq(c.max_body_bytes, 1048576);
	ck_assert_int_eq(c.max_url_bytes, 2048);
	ck_assert_str_eq(c.allowed_hosts, "");
	ck_assert_str_eq(c.metrics_allow, "");
	ck_assert_int_eq(c.hsts_max_age, 0);
	ck_assert_int_eq(c.search_candidate_limit, 1000);
	ck_assert_int_eq(c.search_analytics, 1);
	conf_free(&c);
}
END_TEST

/* No file at all: the defaults. */
START_TEST(t_load_null)
{
	struct conf	 c;
	char		 err[256] = "";

	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(conf_load(&c, NULL, err, sizeof(err)), SCH_OK);
	ck_assert_str_eq(c.database_url, "dbname=scholarship");
	ck_assert_int_eq(c.max_url_bytes, 2048);
	conf_free(&c);
}
END_TEST

START_TEST(t_load_syntax)
{
	static const char text[] =
	    "# A comment line.\n"
	    "\n"
	    "   \t\n"
	    "database_url = host=/tmp/x port=5432 dbname=a user=b\n"
	    "log_level = debug   \n"
	    "max_body_bytes=2048\n"
	    "max_url_bytes   =   4096\n"
	    "search_analytics = off\n"
	    "environment = development\n"
	    "allowed_hosts = a.example, b.example\n"
	    "metrics_allow = 127.0.0.1\n"
	    "hsts_max_age = 31536000\n"
	    "runtime_dir = /tmp/run dir\n"
	    "# database_url = commented out\n";
	struct conf	 c;
	char		 path[64], err[256] = "";
	int		 rc;

	write_conf(path, sizeof(path), text);
	memset(&c, 0, sizeof(c));
	rc = conf_load(&c, path, err, sizeof(err));
	unlink(path);
	ck_assert_msg(rc == SCH_OK, "conf_load: %d %s", rc, err);
	ck_assert_str_eq(c.database_url,
	    "host=/tmp/x port=5432 dbname=a user=b");
	ck_assert_int_eq(c.log_level, CONF_LOG_DEBUG);
	ck_assert_int_eq(c.max_body_bytes, 2048);
	ck_assert_int_eq(c.max_url_bytes, 4096);
	ck_assert_int_eq(c.search_analytics, 0);
	ck_assert_int_eq(c.environment, CONF_ENV_DEVELOPMENT);
	ck_assert_str_eq(c.allowed_hosts, "a.example, b.example");
	ck_assert_str_eq(c.metrics_allow, "127.0.0.1");
	ck_assert_int_eq(c.hsts_max_age, 31536000);
	ck_assert_str_eq(c.runtime_dir, "/tmp/run dir");
	/* Keys not in the file keep their defaults. */
	ck_assert_int_eq(c.db_connect_timeout_s, 5);
	ck_assert_int_eq(c.search_candidate_limit, 1000);
	conf_free(&c);
}
END_TEST

/*
 * Bad files.  The bad line is always line 3, behind a comment and a
 * good line, so that a wrong line count shows.  Each bad line has a
 * good twin that must load.
 */
struct bad_case {
	const char	*bad;
	const char	*good;
	const char	*word;	/* must appear in the message */
};

static const struct bad_case bad_cases[] = {
	{ "bogus_key = 1", "log_level = warn", "bogus_key" },
	{ "max_body_bytes = 12abc", "max_body_bytes = 4096", "max_body_bytes" },
	{ "max_body_bytes = 1023", "max_body_bytes = 1024", "max_body_bytes" },
	{ "max_body_bytes = 67108865", "max_body_bytes = 67108864",
	    "max_body_bytes" },
	{ "max_url_bytes = 70000", "max_url_bytes = 65536", "max_url_bytes" },
	{ "db_connect_timeout_s = 0", "db_connect_timeout_s = 1",
	    "db_connect_timeout_s" },
	{ "hsts_max_age = -1", "hsts_max_age = 0", "hsts_max_age" },
	{ "search_analytics = maybe", "search_analytics = yes",
	    "search_analytics" },
	{ "log_level = verbose", "log_level = error", "log_level" },
	{ "environment = staging", "environment = production", "environment" },
	{ "just_a_word", "# just a comment", NULL },
};

START_TEST(t_load_errors)
{
	const struct bad_case	*bc = &bad_cases[_i];
	struct conf		 c;
	char			 text[256], path[64], err[512] = "";
	char			 prefix[96];
	int			 rc;

	no_env();
	/* The bad twin. */
	snprintf(text, sizeof(text), "# comment\nlog_level = info\n%s\n"
	    "max_url_bytes = 4096\n", bc->bad);
	write_conf(path, sizeof(path), text);
	memset(&c, 0, sizeof(c));
	rc = conf_load(&c, path, err, sizeof(err));
	unlink(path);
	ck_assert_msg(rc == SCH_ECONF, "\"%s\" loaded (rc %d)", bc->bad, rc);
	snprintf(prefix, sizeof(prefix), "%s:3: ", path);
	ck_assert_msg(strncmp(err, prefix, strlen(prefix)) == 0,
	    "error \"%s\" does not start with \"%s\"", err, prefix);
	if (bc->word != NULL)
		ck_assert_msg(strstr(err, bc->word) != NULL,
		    "error \"%s\" does not name %s", err, bc->word);
	conf_free(&c);

	/* The good twin. */
	snprintf(text, sizeof(text), "# comment\nlog_level = info\n%s\n"
	    "max_url_bytes = 4096\n", bc->good);
	write_conf(path, sizeof(path), text);
	memset(&c, 0, sizeof(c));
	err[0] = '\0';
	rc = conf_load(&c, path, err, sizeof(err));
	unlink(path);
	ck_assert_msg(rc == SCH_OK, "\"%s\" rejected: %s", bc->good, err);
	ck_assert_int_eq(c.max_url_bytes, 4096);
	conf_free(&c);
}
END_TEST

START_TEST(t_load_missing)
{
	struct conf	 c;
	char		 err[512] = "";

	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(conf_load(&c, "/nonexistent/dir/x.conf", err,
	    sizeof(err)), SCH_ECONF);
	ck_assert_msg(strstr(err, "/nonexistent/dir/x.conf") != NULL,
	    "error \"%s\" does not name the file", err);
	conf_free(&c);
}
END_TEST

START_TEST(t_env_override)
{
	struct conf	 c;
	char		 path[64], err[256] = "";

	write_conf(path, sizeof(path), "database_url = dbname=fromfile\n");

	setenv("DATABASE_URL", "dbname=fromenv", 1);
	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(conf_load(&c, path, err, sizeof(err)), SCH_OK);
	ck_assert_str_eq(c.database_url, "dbname=fromenv");
	conf_free(&c);

	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(conf_load(&c, NULL, err, sizeof(err)), SCH_OK);
	ck_assert_str_eq(c.database_url, "dbname=fromenv");
	conf_free(&c);

	/* Twin: without the variable the file wins. */
	unsetenv("DATABASE_URL");
	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(conf_load(&c, path, err, sizeof(err)), SCH_OK);
	ck_assert_str_eq(c.database_url, "dbname=fromfile");
	conf_free(&c);
	unlink(path);
}
END_TEST

START_TEST(t_set)
{
	struct conf	 c;
	char		 err[256] = "";

	memset(&c, 0, sizeof(c));
	conf_defaults(&c);
	ck_assert_int_eq(conf_set(&c, "max_url_bytes", "300", err,
	    sizeof(err)), SCH_OK);
	ck_assert_int_eq(c.max_url_bytes, 300);
	ck_assert_int_eq(conf_set(&c, "max_url_bytes", "abc", err,
	    sizeof(err)), SCH_ECONF);
	ck_assert(err[0] != '\0');
	ck_assert_int_eq(conf_set(&c, "max_url_bytes", "255", err,
	    sizeof(err)), SCH_ECONF);
	ck_assert_int_eq(c.max_url_bytes, 300);
	ck_assert_int_eq(conf_set(&c, "no_such_key", "1", err, sizeof(err)),
	    SCH_ECONF);
	ck_assert_int_eq(conf_set(&c, "database_url", "dbname=x", err,
	    sizeof(err)), SCH_OK);
	ck_assert_str_eq(c.database_url, "dbname=x");
	ck_assert_int_eq(conf_set(&c, "log_level", "warn", err, sizeof(err)),
	    SCH_OK);
	ck_assert_int_eq(c.log_level, CONF_LOG_WARN);
	conf_free(&c);
}
END_TEST

/* Every key of docs/internals.md is in the table, with its type. */
START_TEST(t_keys)
{
	static const struct {
		const char	*name;
		enum conf_type	 type;
	} doc[] = {
		{ "database_url", CONF_STR },
		{ "db_connect_timeout_s", CONF_INT },
		{ "db_statement_timeout_ms", CONF_INT },
		{ "runtime_dir", CONF_STR },
		{ "migrations_dir", CONF_STR },
		{ "log_level", CONF_ENUM },
		{ "environment", CONF_ENUM },
		{ "max_body_bytes", CONF_INT },
		{ "max_url_bytes", CONF_INT },
		{ "allowed_hosts", CONF_STR },
		{ "metrics_allow", CONF_STR },
		{ "hsts_max_age", CONF_INT },
		{ "search_candidate_limit", CONF_INT },
		{ "search_analytics", CONF_BOOL },
	};
	const struct conf_key	*k;
	size_t			 n = 0, i, j;
	int			 found;

	k = conf_keys(&n);
	ck_assert_ptr_nonnull(k);
	ck_assert_uint_ge(n, NELEM(doc));
	for (i = 0; i < NELEM(doc); i++) {
		found = 0;
		for (j = 0; j < n; j++) {
			if (strcmp(k[j].name, doc[i].name) != 0)
				continue;
			found = 1;
			ck_assert_msg(k[j].type == doc[i].type,
			    "%s: type %d", doc[i].name, (int)k[j].type);
			ck_assert_ptr_nonnull(k[j].help);
			if (strcmp(doc[i].name, "database_url") == 0) {
				ck_assert_ptr_nonnull(k[j].env);
				ck_assert_str_eq(k[j].env, "DATABASE_URL");
			}
			if (strcmp(doc[i].name, "max_body_bytes") == 0) {
				ck_assert_int_eq(k[j].min, 1024);
				ck_assert_int_eq(k[j].max, 67108864);
			}
		}
		ck_assert_msg(found, "key %s missing from conf_keys()",
		    doc[i].name);
	}
	/* Names are unique. */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			ck_assert_str_ne(k[i].name, k[j].name);
}
END_TEST

struct list_case {
	const char	*list;
	const char	*item;
	int		 want;
};

static const struct list_case list_cases[] = {
	{ "a,b,c", "b", 1 },
	{ "a,b,c", "a", 1 },
	{ "a,b,c", "c", 1 },
	{ "a,b,c", "B", 1 },
	{ "API.Example", "api.example", 1 },
	{ "a.example, b.example", "b.example", 1 },
	{ "127.0.0.1", "127.0.0.1", 1 },
	{ "a,b,c", "d", 0 },
	{ "ab,c", "a", 0 },
	{ "a,bc", "b", 0 },
	{ "", "a", 0 },
	{ "127.0.0.1", "127.0.0.10", 0 },
	{ "127.0.0.10", "127.0.0.1", 0 },
	{ "a,b", "", 0 },
};

START_TEST(t_list_has)
{
	const struct list_case	*c = &list_cases[_i];

	ck_assert_msg(conf_list_has(c->list, c->item) == c->want,
	    "conf_list_has(\"%s\", \"%s\") != %d", c->list, c->item, c->want);
}
END_TEST

START_TEST(t_dump_masks)
{
	struct conf	 c;
	char		*text = NULL;
	size_t		 len = 0;
	FILE		*f;

	char		 err[256];

	memset(&c, 0, sizeof(c));
	conf_defaults(&c);
	ck_assert_int_eq(conf_set(&c, "database_url",
	    "host=db port=5432 dbname=x user=u password=hunter2", err,
	    sizeof(err)), SCH_OK);
	f = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(f);
	conf_dump(&c, f);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "max_url_bytes = 2048"));
	ck_assert_ptr_nonnull(strstr(text, "log_level = info"));
	ck_assert_ptr_nonnull(strstr(text, "database_url = "));
	ck_assert_msg(strstr(text, "hunter2") == NULL,
	    "conf_dump shows the database password");
	free(text);
	conf_free(&c);
}
END_TEST

Suite *
suite_conf(void)
{
	Suite	*s = suite_create("conf");
	TCase	*tc;

	tc = tcase_create("conf");
	tcase_add_checked_fixture(tc, no_env, NULL);
	tcase_add_test(tc, t_defaults);
	tcase_add_test(tc, t_load_null);
	tcase_add_test(tc, t_load_syntax);
	tcase_add_loop_test(tc, t_load_errors, 0, NELEM(bad_cases));
	tcase_add_test(tc, t_load_missing);
	tcase_add_test(tc, t_env_override);
	tcase_add_test(tc, t_set);
	tcase_add_test(tc, t_keys);
	tcase_add_loop_test(tc, t_list_has, 0, NELEM(list_cases));
	tcase_add_test(tc, t_dump_masks);
	suite_add_tcase(s, tc);
	return s;
}
