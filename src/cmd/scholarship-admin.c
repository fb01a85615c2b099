/*
 * scholarship-admin: database and configuration administration for
 * scholarship-api.  This file holds the entry point, option parsing,
 * the small commands (check-config, config-keys, stats, version) and
 * the helpers shared by the bigger ones in admin-import.c,
 * admin-migrate.c and admin-seed.c.  Exit statuses follow sysexits(3).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "buf.h"
#include "conf.h"
#include "db.h"
#include "err.h"
#include "log.h"
#include "version.h"

#include "admin.h"

struct cmd {
	const char	*name;
	int		 needconf;	/* load the configuration first */
	int		(*fn)(const struct conf *, int, char **);
};

static const char	*conf_path_pick(int *must_exist);
static const struct cmd	*cmd_find(const char *);
static long long	 stats_count(PGconn *, const char *sql, int *rc);
static int		 stats_has_table(PGconn *, const char *table, int *rc);

static const struct cmd cmds[] = {
	{ "migrate",		1, admin_migrate },
	{ "seed",		1, admin_seed },
	{ "import",		1, admin_import },
	{ "export",		1, admin_export },
	{ "stats",		1, admin_stats },
	{ "check-config",	1, admin_check_config },
	{ "config-keys",	0, admin_config_keys },
	{ "version",		0, admin_version },
};

void
admin_usage(FILE *fp)
{

	fprintf(fp,
"usage: scholarship-admin [-hV] [-c file] command [argument ...]\n"
"\n"
"Administer the scholarship-api database and configuration.\n"
"\n"
"Options:\n"
"  -c file   read the configuration from file.  Without -c the file named\n"
"            by SCHOLARSHIP_API_CONF is read, else the default file\n"
"            %s\n"
"            (built-in defaults apply when the default file does not exist)\n"
"  -h        print this help and exit\n"
"  -V        print the version and exit\n"
"\n"
"Commands:\n"
"  migrate [--status]\n"
"        Apply the pending migrations migrations_dir/NNN_name.sql in order,\n"
"        each in its own transaction together with its schema_version row,\n"
"        under an advisory lock so that concurrent runs wait for each\n"
"        other.  Running it again when nothing is pending changes nothing.\n"
"        --status only lists the applied and pending migrations.\n"
"  seed --demo\n"
"        Load the demo catalogue migrations_dir/demo_seed.sql (ids sch_NNN)\n"
"        in one transaction; re-running refreshes the records and their\n"
"        deadlines.\n"
"  seed --generate N [--seed S]\n"
"        Generate N synthetic scholarships (1 <= N <= 9999999) with ids\n"
"        gen_0000001 ... in one transaction, replacing existing records with\n"
"        those ids.  The same N and S (default 42) give the same records,\n"
"        except that deadlines are relative to the day of loading.\n"
"  import [--replace] file\n"
"        Read scholarships from file ('-' for standard input), one JSON\n"
"        object per line in the shape the API returns; blank lines are\n"
"        skipped.  Every line is validated like the API does; each bad\n"
"        field is reported as file:line: field: message and the line is\n"
"        skipped, the others are imported.  A missing id is generated.\n"
"        An existing id is rejected unless --replace is given.  Exits 65\n"
"        when any line was rejected.\n"
"  export [file]\n"
"        Write every scholarship, active or not, ordered by id, as JSON\n"
"        lines that import reads, to file or standard output.\n"
"  check-config\n"
"        Load the configuration, print the effective value of every key\n"
"        (secrets masked) and exit.\n"
"  config-keys\n"
"        Print the name of every configuration key, one per line.\n"
"  stats\n"
"        Print the schema version and the number of scholarships (active\n"
"        and total), users, interactions and search analytics rows.\n"
"  version\n"
"        Print the version and exit.\n"
"\n"
"Environment:\n"
"  SCHOLARSHIP_API_CONF  configuration file to use when -c is not given\n"
"  DATABASE_URL          overrides the database_url key\n"
"\n"
"Exit status:\n"
"  0 success, 64 usage error, 65 bad data (a rejected import line)\n"
"  or failed migration, 66 import file unreadable, 69 database\n"
"  unavailable, 70 internal error, 73 export file cannot be created,\n"
"  74 I/O error, 78 configuration error.\n",
	    conf_default_path());
}

void
admin_usage_brief(void)
{

	fputs(
"usage: scholarship-admin [-hV] [-c file] command [argument ...]\n"
"       scholarship-admin [-c file] migrate [--status]\n"
"       scholarship-admin [-c file] seed --demo\n"
"       scholarship-admin [-c file] seed --generate N [--seed S]\n"
"       scholarship-admin [-c file] import [--replace] file\n"
"       scholarship-admin [-c file] export [file]\n"
"       scholarship-admin [-c file] check-config | stats\n"
"       scholarship-admin config-keys | version\n"
"Run 'scholarship-admin -h' for the full help.\n", stderr);
}

void
admin_warnx(const char *fmt, ...)
{
	va_list	ap;

	fputs("scholarship-admin: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
admin_join(char *dst, size_t len, const char *dir, const char *name)
{
	int	w;

	w = snprintf(dst, len, "%s/%s", dir, name);
	if (w < 0 || (size_t)w >= len)
		return -1;
	return 0;
}

/*
 * The db module gives us its persistent connection with the service's
 * statement_timeout, which is right for requests and wrong for a
 * migration or a bulk load, so lift it for this session.
 */
PGconn *
admin_connect(const struct conf *conf)
{
	PGconn	*conn;

	db_configure(conf);
	if ((conn = db_conn()) == NULL) {
		admin_warnx("cannot connect to the database (database_url in "
		    "the configuration or DATABASE_URL); the reason is in the "
		    "log line above");
		return NULL;
	}
	if (admin_exec(conn, "SET statement_timeout = 0",
	    "setting statement_timeout") != EX_OK ||
	    admin_exec(conn, "SET client_min_messages = warning",
	    "setting client_min_messages") != EX_OK) {
		db_close();
		return NULL;
	}
	return conn;
}

int
admin_result_error(PGconn *conn, const PGresult *res, const char *what)
{
	const char	*msg;

	msg = res != NULL ? PQresultErrorMessage(res) : PQerrorMessage(conn);
	if (msg == NULL || *msg == '\0')
		msg = "unknown error\n";
	/* Server messages end with a newline already. */
	fprintf(stderr, "scholarship-admin: %s: %s", what, msg);
	if (msg[strlen(msg) - 1] != '\n')
		fputc('\n', stderr);
	if (PQstatus(conn) != CONNECTION_OK)
		return EX_UNAVAILABLE;
	return EX_DATAERR;
}

int
admin_exec(PGconn *conn, const char *sql, const char *what)
{
	PGresult	*res;
	int		 rc = EX_OK;

	res = PQexec(conn, sql);
	switch (PQresultStatus(res)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
		break;
	default:
		rc = admin_result_error(conn, res, what);
		break;
	}
	PQclear(res);
	return rc;
}

void
admin_rollback(PGconn *conn)
{
	PGresult	*res;

	if (PQstatus(conn) != CONNECTION_OK ||
	    PQtransactionStatus(conn) == PQTRANS_IDLE)
		return;
	res = PQexec(conn, "ROLLBACK");
	PQclear(res);
}

/*
 * Read with read(2) rather than stdio so that a NUL byte, which would
 * silently truncate the SQL handed to PQexec, can be detected.
 */
int
admin_read_file(const char *path, struct buf *b)
{
	char	 chunk[65536];
	ssize_t	 n;
	int	 fd, rc = EX_OK;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		admin_warnx("%s: %s (check migrations_dir)", path,
		    strerror(errno));
		return EX_CONFIG;
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			admin_warnx("%s: read: %s", path, strerror(errno));
			rc = EX_SOFTWARE;
			goto out;
		}
		if (n == 0)
			break;
		if (memchr(chunk, '\0', (size_t)n) != NULL) {
			admin_warnx("%s: contains a NUL byte", path);
			rc = EX_DATAERR;
			goto out;
		}
		if (buf_add(b, chunk, (size_t)n) != SCH_OK) {
			admin_warnx("%s: larger than %u bytes", path,
			    ADMIN_SQL_MAX);
			rc = EX_DATAERR;
			goto out;
		}
	}
out:
	close(fd);
	return rc;
}

int
admin_check_config(const struct conf *conf, int argc, char **argv)
{

	if (argc > 1) {
		admin_warnx("check-config takes no arguments");
		admin_usage_brief();
		return EX_USAGE;
	}
	conf_dump(conf, stdout);
	return EX_OK;
}

int
admin_config_keys(const struct conf *conf, int argc, char **argv)
{
	const struct conf_key	*keys;
	size_t			 i, n;

	if (argc > 1) {
		admin_warnx("config-keys takes no arguments");
		admin_usage_brief();
		return EX_USAGE;
	}
	keys = conf_keys(&n);
	for (i = 0; i < n; i++)
		printf("%s\n", keys[i].name);
	return EX_OK;
}

int
admin_version(const struct conf *conf, int argc, char **argv)
{

	if (argc > 1) {
		admin_warnx("version takes no arguments");
		admin_usage_brief();
		return EX_USAGE;
	}
	printf("scholarship-admin %s\n", PACKAGE_VERSION);
	return EX_OK;
}

/*
 * 1 if the table exists in the search path, 0 if not; *rc is set to
 * an exit status on failure.  Checked first so that stats works, and
 * says so, on a database that was never migrated.
 */
static int
stats_has_table(PGconn *conn, const char *table, int *rc)
{
	const char *const	 params[1] = { table };
	PGresult		*res;
	int			 found = 0;

	res = PQexecParams(conn, "SELECT to_regclass($1) IS NOT NULL", 1,
	    NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		*rc = admin_result_error(conn, res, "looking up tables");
	else
		found = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	return found;
}

/* Run a one-value query; -1 and *rc set on failure (or earlier). */
static long long
stats_count(PGconn *conn, const char *sql, int *rc)
{
	PGresult	*res;
	long long	 v = -1;
	char		*end;

	/* After a failure, let the caller report once and stop. */
	if (*rc != EX_OK)
		return -1;
	res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		*rc = admin_result_error(conn, res, "counting rows");
		goto out;
	}
	errno = 0;
	v = strtoll(PQgetvalue(res, 0, 0), &end, 10);
	if (errno != 0 || *end != '\0') {
		admin_warnx("unexpected count '%s'", PQgetvalue(res, 0, 0));
		*rc = EX_SOFTWARE;
		v = -1;
	}
out:
	PQclear(res);
	return v;
}

int
admin_stats(const struct conf *conf, int argc, char **argv)
{
	static const struct {
		const char	*table;
		const char	*label;
		const char	*sql;
	} counts[] = {
		{ "users", "users",
		    "SELECT count(*) FROM users" },
		{ "interactions", "interactions",
		    "SELECT count(*) FROM interactions" },
		{ "search_analytics", "search_analytics",
		    "SELECT count(*) FROM search_analytics" },
	};
	PGconn		*conn;
	long long	 total, active, expired, demo, gen, v;
	size_t		 i;
	int		 rc = EX_OK;

	if (argc > 1) {
		admin_warnx("stats takes no arguments");
		admin_usage_brief();
		return EX_USAGE;
	}
	if ((conn = admin_connect(conf)) == NULL)
		return EX_UNAVAILABLE;

	if (stats_has_table(conn, "schema_version", &rc)) {
		v = stats_count(conn, "SELECT coalesce(max(version), 0) "
		    "FROM schema_version", &rc);
		if (rc != EX_OK)
			goto out;
		printf("schema_version: %lld (this build needs %d)\n", v,
		    SCH_SCHEMA_VERSION);
	} else if (rc == EX_OK)
		printf("schema_version: none (this build needs %d)\n",
		    SCH_SCHEMA_VERSION);
	if (rc != EX_OK)
		goto out;

	if (!stats_has_table(conn, "scholarships", &rc)) {
		if (rc == EX_OK) {
			admin_warnx("no scholarships table: run "
			    "'scholarship-admin migrate' first");
			rc = EX_DATAERR;
		}
		goto out;
	}
	total = stats_count(conn, "SELECT count(*) FROM scholarships", &rc);
	active = stats_count(conn, "SELECT count(*) FROM scholarships "
	    "WHERE is_active", &rc);
	expired = stats_count(conn, "SELECT count(*) FROM scholarships "
	    "WHERE is_active AND application_deadline < now()", &rc);
	demo = stats_count(conn, "SELECT count(*) FROM scholarships "
	    "WHERE id ~ '^sch_[0-9]{3}$'", &rc);
	gen = stats_count(conn, "SELECT count(*) FROM scholarships "
	    "WHERE id LIKE 'gen\\_%'", &rc);
	if (rc != EX_OK)
		goto out;
	printf("scholarships: %lld active / %lld total\n", active, total);
	printf("scholarships_expired_active: %lld\n", expired);
	printf("scholarships_demo: %lld\n", demo);
	printf("scholarships_generated: %lld\n", gen);

	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		if (!stats_has_table(conn, counts[i].table, &rc)) {
			if (rc != EX_OK)
				goto out;
			printf("%s: (no table)\n", counts[i].label);
			continue;
		}
		v = stats_count(conn, counts[i].sql, &rc);
		if (rc != EX_OK)
			goto out;
		printf("%s: %lld\n", counts[i].label, v);
	}
out:
	db_close();
	return rc;
}

/*
 * -c wins, then SCHOLARSHIP_API_CONF; both must exist.  The built-in
 * default path may be missing, which means "all defaults", so that the
 * tool works from a build tree before anything is installed.
 */
static const char *
conf_path_pick(int *must_exist)
{
	const char	*env;

	*must_exist = 1;
	if ((env = getenv("SCHOLARSHIP_API_CONF")) != NULL && *env != '\0')
		return env;
	*must_exist = 0;
	return conf_default_path();
}

static const struct cmd *
cmd_find(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}

int
main(int argc, char *argv[])
{
	struct conf		 conf;
	const struct cmd	*cmd;
	const char		*path = NULL;
	char			 err[1024];
	int			 ch, must_exist = 1, loaded = 0, rc, level;

	memset(&conf, 0, sizeof(conf));

	/* "+": stop at the command so that its own flags stay its own. */
	while ((ch = getopt(argc, argv, "+c:hV")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'h':
			admin_usage(stdout);
			return EX_OK;
		case 'V':
			return admin_version(NULL, 0, NULL);
		default:
			admin_usage_brief();
			return EX_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		admin_warnx("no command given");
		admin_usage_brief();
		return EX_USAGE;
	}
	if ((cmd = cmd_find(argv[0])) == NULL) {
		admin_warnx("unknown command '%s'", argv[0]);
		admin_usage_brief();
		return EX_USAGE;
	}

	if (cmd->needconf) {
		if (path == NULL)
			path = conf_path_pick(&must_exist);
		if (!must_exist && access(path, F_OK) == -1 && errno == ENOENT)
			path = NULL;
		if (conf_load(&conf, path, err, sizeof(err)) != SCH_OK) {
			fprintf(stderr, "%s\n", err);
			rc = EX_CONFIG;
			goto out;
		}
		loaded = 1;
		/*
		 * The library logs JSON lines on stderr; for an interactive
		 * tool only warnings and errors (such as why a connection
		 * failed) are worth showing, unless debug was asked for.
		 */
		level = conf.log_level == CONF_LOG_DEBUG ? CONF_LOG_DEBUG :
		    conf.log_level > CONF_LOG_WARN ? conf.log_level :
		    CONF_LOG_WARN;
		log_init("scholarship-admin", level);
		if (strcmp(cmd->name, "check-config") == 0)
			printf("# configuration: %s\n", path != NULL ? path :
			    "built-in defaults (no configuration file)");
	} else
		log_init("scholarship-admin", CONF_LOG_WARN);

	rc = cmd->fn(loaded ? &conf : NULL, argc, argv);
out:
	if (fflush(stdout) == EOF && rc == EX_OK) {
		admin_warnx("writing output: %s", strerror(errno));
		rc = EX_SOFTWARE;
	}
	conf_free(&conf);
	return rc;
}
