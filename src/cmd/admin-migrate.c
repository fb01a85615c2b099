/*
 * scholarship-admin migrate: bring the database schema up to date.
 *
 * Migrations are the files migrations_dir/NNN_name.sql, applied in
 * numeric order.  Each pending file runs in its own transaction
 * together with the INSERT of its schema_version row, so a migration
 * is either fully applied and recorded or not at all.  A session-level
 * advisory lock serialises concurrent runs (two hosts deploying at
 * once, or a package postinst racing an operator).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "buf.h"
#include "clock.h"
#include "conf.h"
#include "db.h"
#include "err.h"
#include "version.h"

#include "admin.h"

/*
 * Advisory lock key ("schmig" in ASCII).  Any tool that changes the
 * schema must take the same key.
 */
#define MIGRATE_LOCK_SQL	"SELECT pg_advisory_lock(126943245314407)"
#define MIGRATE_TRYLOCK_SQL	"SELECT pg_try_advisory_lock(126943245314407)"
#define MIGRATE_UNLOCK_SQL	"SELECT pg_advisory_unlock(126943245314407)"

#define MIGRATE_NAME_MAX	256

struct migration {
	int	 version;
	char	 file[MIGRATE_NAME_MAX];
};

struct applied {
	PGresult	*res;	/* version, name, applied_at; or NULL */
	int		 current;	/* highest applied version, 0 = none */
};

static int	mig_name_version(const char *, int *);
static int	mig_cmp(const void *, const void *);
static int	mig_list(const char *dir, struct migration **, size_t *);
static int	mig_applied(PGconn *, int table_known, struct applied *);
static int	mig_is_applied(const struct applied *, int version,
		    const char **when);
static int	mig_lock(PGconn *);
static int	mig_apply(PGconn *, const char *dir, const struct migration *);
static void	mig_report(PGconn *, const PGresult *, const char *path,
		    const char *sql);
static int	mig_status(PGconn *, const char *dir);
static int	mig_up(PGconn *, const char *dir);

/*
 * "NNN_name.sql" → NNN.  Returns 1 for a migration file name, 0 for
 * any other file, -1 for a name that looks like a migration but is
 * malformed (worth a warning: it would otherwise be skipped silently).
 */
static int
mig_name_version(const char *name, int *version)
{
	size_t	len;

	if (name[0] < '0' || name[0] > '9')
		return 0;
	len = strlen(name);
	if (len < 4 || strcmp(name + len - 4, ".sql") != 0)
		return 0;
	if (len < 9 || name[1] < '0' || name[1] > '9' || name[2] < '0' ||
	    name[2] > '9' || name[3] != '_' || len >= MIGRATE_NAME_MAX)
		return -1;
	*version = (name[0] - '0') * 100 + (name[1] - '0') * 10 +
	    (name[2] - '0');
	return *version > 0 ? 1 : -1;
}

static int
mig_cmp(const void *a, const void *b)
{
	const struct migration	*ma = a, *mb = b;

	return (ma->version > mb->version) - (ma->version < mb->version);
}

/*
 * Collect and sort the migration files of dir.  On EX_OK *out holds
 * *n entries the caller frees.  Two files with one version number are
 * an error: which one "wins" must never depend on readdir order.
 */
static int
mig_list(const char *dir, struct migration **out, size_t *n)
{
	DIR			*d = NULL;
	struct dirent		*de;
	struct migration	*v = NULL, *nv;
	size_t			 nv_len = 0, cap = 0, i;
	int			 rc = EX_OK, version, kind;

	*out = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		admin_warnx("migrations_dir %s: %s", dir, strerror(errno));
		rc = EX_CONFIG;
		goto out;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if (errno != 0) {
				admin_warnx("migrations_dir %s: %s", dir,
				    strerror(errno));
				rc = EX_SOFTWARE;
				goto out;
			}
			break;
		}
		kind = mig_name_version(de->d_name, &version);
		if (kind == 0)
			continue;
		if (kind < 0) {
			admin_warnx("ignoring %s/%s: migration files are "
			    "named NNN_name.sql with NNN from 001", dir,
			    de->d_name);
			continue;
		}
		if (nv_len == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nv = reallocarray(v, cap, sizeof(*v))) == NULL) {
				admin_warnx("out of memory");
				rc = EX_SOFTWARE;
				goto out;
			}
			v = nv;
		}
		v[nv_len].version = version;
		snprintf(v[nv_len].file, sizeof(v[nv_len].file), "%s",
		    de->d_name);
		nv_len++;
	}
	if (nv_len > 0)
		qsort(v, nv_len, sizeof(*v), mig_cmp);
	for (i = 1; i < nv_len; i++) {
		if (v[i].version == v[i - 1].version) {
			admin_warnx("%s/%s and %s have the same version %03d",
			    dir, v[i - 1].file, v[i].file, v[i].version);
			rc = EX_DATAERR;
			goto out;
		}
	}
	*out = v;
	*n = nv_len;
	v = NULL;
out:
	if (d != NULL)
		closedir(d);
	free(v);
	return rc;
}

/*
 * Read schema_version.  table_known says whether the caller already
 * made sure the table exists; --status must not create it, so it asks
 * whether the table is there instead.
 */
static int
mig_applied(PGconn *conn, int table_known, struct applied *ap)
{
	PGresult	*res = NULL;
	const char	*v;
	char		*end;
	long		 l;
	int		 rc = EX_OK, i;

	ap->res = NULL;
	ap->current = 0;
	if (!table_known) {
		res = PQexec(conn,
		    "SELECT to_regclass('schema_version') IS NOT NULL");
		if (PQresultStatus(res) != PGRES_TUPLES_OK ||
		    PQntuples(res) != 1) {
			rc = admin_result_error(conn, res,
			    "looking up schema_version");
			goto out;
		}
		if (PQgetvalue(res, 0, 0)[0] != 't')
			goto out;
		PQclear(res);
	}
	res = PQexec(conn, "SELECT version, name, to_char(applied_at AT TIME "
	    "ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM schema_version "
	    "ORDER BY version");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = admin_result_error(conn, res, "reading schema_version");
		goto out;
	}
	for (i = 0; i < PQntuples(res); i++) {
		v = PQgetvalue(res, i, 0);
		errno = 0;
		l = strtol(v, &end, 10);
		if (errno != 0 || *end != '\0' || l < 0 || l > 999999) {
			admin_warnx("schema_version holds a bad version '%s'",
			    v);
			rc = EX_DATAERR;
			goto out;
		}
		if (l > ap->current)
			ap->current = (int)l;
	}
	ap->res = res;
	res = NULL;
out:
	PQclear(res);
	return rc;
}

/* 1 if version is recorded in schema_version; *when gets its time. */
static int
mig_is_applied(const struct applied *ap, int version, const char **when)
{
	int	i;

	if (ap->res == NULL)
		return 0;
	for (i = 0; i < PQntuples(ap->res); i++) {
		if (strtol(PQgetvalue(ap->res, i, 0), NULL, 10) == version) {
			if (when != NULL)
				*when = PQgetvalue(ap->res, i, 2);
			return 1;
		}
	}
	return 0;
}

/* Take the migration lock, saying so when we have to wait for it. */
static int
mig_lock(PGconn *conn)
{
	PGresult	*res;
	int		 got, rc;

	res = PQexec(conn, MIGRATE_TRYLOCK_SQL);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		rc = admin_result_error(conn, res, "taking the migration lock");
		PQclear(res);
		return rc;
	}
	got = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	if (got)
		return EX_OK;
	admin_warnx("another migration is running; waiting for it to finish");
	return admin_exec(conn, MIGRATE_LOCK_SQL, "taking the migration lock");
}

/*
 * Print a failed migration statement as "path:LINE: server message".
 * The error position is a character offset into the whole file,
 * because PQexec sent the file as one query string, so it maps back
 * to a line of the file.
 */
static void
mig_report(PGconn *conn, const PGresult *res, const char *path,
    const char *sql)
{
	const char	*pos, *msg, *p;
	long		 want, chars = 0, line = 1;
	char		*end;

	msg = res != NULL ? PQresultErrorMessage(res) : PQerrorMessage(conn);
	if (msg == NULL || *msg == '\0')
		msg = "unknown error\n";
	pos = res != NULL ? PQresultErrorField(res,
	    PG_DIAG_STATEMENT_POSITION) : NULL;
	want = 0;
	if (pos != NULL) {
		errno = 0;
		want = strtol(pos, &end, 10);
		if (errno != 0 || *end != '\0' || want < 1)
			want = 0;
	}
	if (want > 0) {
		/* Count characters, not bytes: UTF-8 continuation bytes. */
		for (p = sql; *p != '\0'; p++) {
			if (((unsigned char)*p & 0xc0) == 0x80)
				continue;
			if (++chars >= want)
				break;
			if (*p == '\n')
				line++;
		}
		fprintf(stderr, "scholarship-admin: %s:%ld: %s", path, line,
		    msg);
	} else
		fprintf(stderr, "scholarship-admin: %s: %s", path, msg);
	if (msg[strlen(msg) - 1] != '\n')
		fputc('\n', stderr);
}

/*
 * Apply one migration: BEGIN, the file as one PQexec (a simple query
 * may hold many statements), the schema_version row, COMMIT.  On any
 * failure roll back and return EX_DATAERR (or EX_UNAVAILABLE when the
 * server went away).
 */
static int
mig_apply(PGconn *conn, const char *dir, const struct migration *m)
{
	struct buf	 sql;
	PGresult	*res = NULL;
	const char	*params[2];
	char		 path[4096], vbuf[16];
	double		 t0;
	int		 rc;

	buf_init(&sql, ADMIN_SQL_MAX);
	if (admin_join(path, sizeof(path), dir, m->file) == -1) {
		admin_warnx("%s/%s: path too long", dir, m->file);
		rc = EX_CONFIG;
		goto out;
	}
	if ((rc = admin_read_file(path, &sql)) != EX_OK)
		goto out;
	t0 = clock_mono();
	if ((rc = admin_exec(conn, "BEGIN", "BEGIN")) != EX_OK)
		goto out;

	res = PQexec(conn, buf_cstr(&sql));
	switch (PQresultStatus(res)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
	case PGRES_EMPTY_QUERY:
		break;
	default:
		mig_report(conn, res, path, buf_cstr(&sql));
		rc = PQstatus(conn) == CONNECTION_OK ? EX_DATAERR :
		    EX_UNAVAILABLE;
		goto out;
	}
	PQclear(res);
	res = NULL;
	/*
	 * A COMMIT or ROLLBACK inside the file would have ended our
	 * transaction early and broken the all-or-nothing promise.
	 */
	if (PQtransactionStatus(conn) != PQTRANS_INTRANS) {
		admin_warnx("%s: the file ended the transaction itself; "
		    "migrations must not contain BEGIN, COMMIT or ROLLBACK",
		    path);
		rc = EX_DATAERR;
		goto out;
	}

	snprintf(vbuf, sizeof(vbuf), "%d", m->version);
	params[0] = vbuf;
	params[1] = m->file;
	res = PQexecParams(conn, "INSERT INTO schema_version (version, name) "
	    "VALUES ($1, $2)", 2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = admin_result_error(conn, res, "recording the version");
		goto out;
	}
	PQclear(res);

	/* A failed transaction answers COMMIT with "ROLLBACK". */
	res = PQexec(conn, "COMMIT");
	if (PQresultStatus(res) != PGRES_COMMAND_OK ||
	    strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		rc = admin_result_error(conn, res, m->file);
		goto out;
	}
	printf("applied %s (version %d, %.2f s)\n", m->file, m->version,
	    clock_mono() - t0);
	rc = EX_OK;
out:
	PQclear(res);
	if (rc != EX_OK)
		admin_rollback(conn);
	buf_free(&sql);
	return rc;
}

/* migrate --status: read-only; never creates schema_version. */
static int
mig_status(PGconn *conn, const char *dir)
{
	struct migration	*m = NULL;
	struct applied		 ap = { NULL, 0 };
	const char		*when;
	size_t			 n = 0, i, pending = 0;
	long			 v;
	int			 rc, j, found;

	if ((rc = mig_applied(conn, 0, &ap)) != EX_OK)
		goto out;
	if ((rc = mig_list(dir, &m, &n)) != EX_OK)
		goto out;

	if (ap.res == NULL)
		printf("schema version: none (no schema_version table)\n");
	else
		printf("schema version: %d\n", ap.current);
	printf("available: %zu migration%s in %s, highest %d; this build "
	    "needs %d\n", n, n == 1 ? "" : "s", dir,
	    n > 0 ? m[n - 1].version : 0, SCH_SCHEMA_VERSION);
	for (i = 0; i < n; i++) {
		when = NULL;
		if (mig_is_applied(&ap, m[i].version, &when))
			printf("  %-40s applied %s\n", m[i].file, when);
		else if (m[i].version > ap.current) {
			printf("  %-40s pending\n", m[i].file);
			pending++;
		} else
			printf("  %-40s skipped (older than the schema, "
			    "never applied)\n", m[i].file);
	}
	/* Versions recorded in the database without a file here. */
	for (j = 0; ap.res != NULL && j < PQntuples(ap.res); j++) {
		v = strtol(PQgetvalue(ap.res, j, 0), NULL, 10);
		for (found = 0, i = 0; i < n && !found; i++)
			found = m[i].version == v;
		if (!found)
			printf("  %-40s applied %s, no file here\n",
			    PQgetvalue(ap.res, j, 1), PQgetvalue(ap.res, j, 2));
	}
	if (pending > 0)
		printf("%zu pending\n", pending);
	else
		printf("up to date\n");
out:
	PQclear(ap.res);
	free(m);
	return rc;
}

/* migrate: apply everything newer than the recorded version. */
static int
mig_up(PGconn *conn, const char *dir)
{
	struct migration	*m = NULL;
	struct applied		 ap = { NULL, 0 };
	size_t			 n = 0, i, done = 0;
	int			 rc, locked = 0;

	if ((rc = mig_lock(conn)) != EX_OK)
		goto out;
	locked = 1;
	rc = admin_exec(conn, "CREATE TABLE IF NOT EXISTS schema_version ("
	    "version integer PRIMARY KEY, "
	    "name text NOT NULL, "
	    "applied_at timestamptz NOT NULL DEFAULT now())",
	    "creating schema_version");
	if (rc != EX_OK)
		goto out;
	/* Read the version only under the lock: it may have just moved. */
	if ((rc = mig_applied(conn, 1, &ap)) != EX_OK)
		goto out;
	if ((rc = mig_list(dir, &m, &n)) != EX_OK)
		goto out;
	if (n == 0) {
		admin_warnx("no migrations (NNN_name.sql) in %s; check "
		    "migrations_dir", dir);
		rc = EX_CONFIG;
		goto out;
	}

	for (i = 0; i < n; i++) {
		if (m[i].version <= ap.current) {
			if (!mig_is_applied(&ap, m[i].version, NULL))
				admin_warnx("not applying %s: older than the "
				    "schema version %d", m[i].file, ap.current);
			continue;
		}
		if ((rc = mig_apply(conn, dir, &m[i])) != EX_OK)
			goto out;
		ap.current = m[i].version;
		done++;
	}
	if (done == 0)
		printf("up to date (schema version %d)\n", ap.current);
	else
		printf("applied %zu migration%s; schema version %d\n", done,
		    done == 1 ? "" : "s", ap.current);
	if (ap.current > m[n - 1].version)
		admin_warnx("the database (version %d) is newer than the "
		    "newest migration in %s (%d)", ap.current, dir,
		    m[n - 1].version);
out:
	/*
	 * The lock belongs to the session; closing the connection would
	 * release it too, but say so explicitly rather than rely on it.
	 */
	if (locked && PQstatus(conn) == CONNECTION_OK)
		(void)admin_exec(conn, MIGRATE_UNLOCK_SQL,
		    "releasing the migration lock");
	PQclear(ap.res);
	free(m);
	return rc;
}

int
admin_migrate(const struct conf *conf, int argc, char **argv)
{
	PGconn	*conn;
	int	 i, status = 0, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--status") == 0)
			status = 1;
		else {
			admin_warnx("migrate: unknown argument '%s'", argv[i]);
			admin_usage_brief();
			return EX_USAGE;
		}
	}
	if ((conn = admin_connect(conf)) == NULL)
		return EX_UNAVAILABLE;
	if (status)
		rc = mig_status(conn, conf->migrations_dir);
	else
		rc = mig_up(conn, conf->migrations_dir);
	db_close();
	return rc;
}
