/*
 * scholarship-admin import and export: scholarships as JSON lines, in
 * the shape GET /api/v1/scholarships/{id} returns.
 *
 * import validates every line with scholarship_from_json(), the same
 * validator as the API, and stores the valid ones; a bad line is
 * reported (every bad field of it) and skipped, never fatal.  Valid
 * rows go to the server in batches of IMPORT_BATCH.  A batch is first
 * tried the fast way, as one multi-row INSERT (one round trip, all or
 * nothing); if the database refuses any row of it (a duplicate id, a
 * constraint newer than this validator), the batch is replayed in one
 * transaction with a SAVEPOINT around every row, so that only the
 * refused rows are lost and each is reported with its line number.
 * Only a lost connection or a failing COMMIT stops the import; the
 * batches stored before stay.
 *
 * export writes every record, active or not, ordered by id (bytewise,
 * so that two databases with different collations agree), from one
 * snapshot through a cursor so that memory stays flat on big
 * catalogues.  Each line is catalog_row_json(), i.e. exactly what the
 * API returns; import ignores created_at and updated_at, and the
 * upsert leaves a record whose values did not change alone, so export,
 * import --replace, export gives the same file twice.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "arena.h"
#include "buf.h"
#include "catalog.h"
#include "clock.h"
#include "conf.h"
#include "db.h"
#include "err.h"
#include "json.h"
#include "scholarship.h"
#include "valid.h"

#include "admin.h"

#define IMPORT_LINE_MAX	(1024 * 1024)	/* longer lines are rejected */
#define IMPORT_BATCH	500		/* rows per statement/transaction */
#define EXPORT_FETCH	"1000"		/* rows per cursor FETCH */
#define EXPORT_LINE_MAX	(4 * 1024 * 1024)

#define LINE_FIELD	"(line)"	/* field name of whole-line errors */

/* Lines from a file descriptor, with a bound on their length. */
struct reader {
	int	 fd;
	char	 buf[65536];
	size_t	 pos, len;
	int	 eof;
};

/* A validated line waiting for its batch; params live in imp.batch. */
struct row {
	long long	 line;
	const char	*params[SCH_NPARAMS];
};

/* Outcome of one row in the database. */
enum row_res {
	ROW_INSERTED,
	ROW_REPLACED,
	ROW_UNCHANGED,
	ROW_REJECTED,	/* the database refused it; res holds why */
	ROW_FATAL,	/* connection lost or out of memory */
};

struct imp {
	PGconn		*conn;
	const char	*name;		/* file name in reports */
	int		 replace;
	struct row	 rows[IMPORT_BATCH];
	size_t		 nrows;
	struct arena	 batch;		/* params of rows[] */
	struct arena	 line;		/* one line's validation */
	struct buf	 sql;		/* batch_fast()'s statement ... */
	size_t		 sql_rows;	/* ... for this many rows */
	const char	*flat[IMPORT_BATCH * SCH_NPARAMS_WRITE];
	long long	 inserted, replaced, unchanged, rejected;
	long long	 committed_line;	/* last line of the last commit */
};

static int		 reader_line(struct reader *, struct buf *, int *toolong);
static void		 put_text(FILE *, const char *);
static void		 reject(struct imp *, long long line, const char *field,
			    const char *msg);
static int		 line_blank(const char *, size_t);
static const char	*line_problem(const char *, size_t);
static void		 import_line(struct imp *, long long, const char *,
			    size_t);
static enum row_res	 row_exec(struct imp *, const struct row *,
			    PGresult **);
static void		 row_report(struct imp *, const struct row *,
			    const PGresult *);
static int		 batch_fast(struct imp *, int *retry);
static int		 batch_slow(struct imp *);
static int		 batch_flush(struct imp *);
#define IMPORT_REFRESH_MIN	1000

static int		 import_refresh(PGconn *);
static int		 import_run(const struct conf *, const char *path,
			    int replace);
static int		 export_run(const struct conf *, const char *path);

/* Reading --------------------------------------------------------------- */

/*
 * Next line into b, without its newline.  A line longer than
 * IMPORT_LINE_MAX is consumed to its end but not stored, and *toolong
 * is set.  Returns 1 for a line, 0 at the end, -1 on a read error.
 */
static int
reader_line(struct reader *r, struct buf *b, int *toolong)
{
	const char	*nl;
	size_t		 n, total = 0;
	ssize_t		 got;
	int		 any = 0;

	buf_reset(b);
	*toolong = 0;
	for (;;) {
		if (r->pos == r->len) {
			if (r->eof)
				return any ? 1 : 0;
			got = read(r->fd, r->buf, sizeof(r->buf));
			if (got == -1 && errno == EINTR)
				continue;
			if (got == -1)
				return -1;
			if (got == 0) {
				r->eof = 1;
				continue;
			}
			r->pos = 0;
			r->len = (size_t)got;
		}
		any = 1;
		nl = memchr(r->buf + r->pos, '\n', r->len - r->pos);
		n = nl != NULL ? (size_t)(nl - (r->buf + r->pos)) :
		    r->len - r->pos;
		total += n;
		if (total > IMPORT_LINE_MAX)
			*toolong = 1;
		else
			buf_add(b, r->buf + r->pos, n);
		r->pos += n;
		if (nl != NULL) {
			r->pos++;
			return 1;
		}
	}
}

/* Server text on one line: control characters become '?'. */
static void
put_text(FILE *fp, const char *s)
{

	for (; *s != '\0'; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, fp);
}

/* "FILE:LINE: field: message" on stderr. */
static void
reject(struct imp *im, long long line, const char *field, const char *msg)
{

	fprintf(stderr, "%s:%lld: %s: ", im->name, line, field);
	put_text(stderr, msg);
	fputc('\n', stderr);
}

static int
line_blank(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strchr(" \t\r", s[i]) == NULL || s[i] == '\0')
			return 0;
	return 1;
}

/* Why json_parse() refused a line, as precisely as we can tell. */
static const char *
line_problem(const char *s, size_t n)
{

	if (memchr(s, '\0', n) != NULL)
		return "contains a NUL byte";
	if (!valid_utf8(s, n))
		return "is not valid UTF-8";
	return "is not valid JSON";
}

/*
 * Validate one non-blank line and queue it for the current batch.
 * Everything the validator allocates dies with the line arena; the
 * parameters are copied into the batch arena.
 */
static void
import_line(struct imp *im, long long lineno, const char *s, size_t n)
{
	struct json_object	*obj = NULL;
	struct scholarship	 sch;
	struct verrs		 errs;
	struct row		*row;
	const char		*params[SCH_NPARAMS];
	size_t			 i;
	int			 rc;

	arena_reset(&im->line);
	if (json_parse(s, n, &obj) != SCH_OK) {
		reject(im, lineno, LINE_FIELD, line_problem(s, n));
		im->rejected++;
		return;
	}
	if (!json_object_is_type(obj, json_type_object)) {
		reject(im, lineno, LINE_FIELD, "is not a JSON object");
		im->rejected++;
		goto out;
	}
	if (scholarship_from_json(obj, 0, &sch, &errs, &im->line) != SCH_OK) {
		for (i = 0; i < errs.n; i++)
			reject(im, lineno, errs.v[i].field, errs.v[i].message);
		im->rejected++;
		goto out;
	}
	if ((rc = scholarship_to_params(&sch, params, &im->line)) != SCH_OK) {
		reject(im, lineno, "id", sch_strerror(rc));
		im->rejected++;
		goto out;
	}
	row = &im->rows[im->nrows++];
	row->line = lineno;
	for (i = 0; i < SCH_NPARAMS; i++)
		row->params[i] = params[i] == NULL ? NULL :
		    arena_strdup(&im->batch, params[i]);
out:
	json_object_put(obj);
}

/* Writing -------------------------------------------------------------- */

/* The connection is gone (libpq's view, or no SQLSTATE at all). */
static int
conn_lost(PGconn *conn, const PGresult *res)
{
	const char	*st;

	if (PQstatus(conn) != CONNECTION_OK || res == NULL)
		return 1;
	st = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	return st == NULL || strncmp(st, "08", 2) == 0 ||
	    strncmp(st, "57P0", 4) == 0;
}

/* One row through the prepared statement; *res kept for a report. */
static enum row_res
row_exec(struct imp *im, const struct row *row, PGresult **res)
{
	PGresult	*r;

	*res = NULL;
	r = PQexecPrepared(im->conn, "import_row", SCH_NPARAMS_WRITE,
	    row->params, NULL, NULL, 0);
	if (PQresultStatus(r) == PGRES_TUPLES_OK) {
		if (PQntuples(r) == 0) {
			PQclear(r);
			return ROW_UNCHANGED;
		}
		/* Only the upsert has the second column. */
		if (PQnfields(r) > 1 && PQgetvalue(r, 0, 1)[0] == 'f') {
			PQclear(r);
			return ROW_REPLACED;
		}
		PQclear(r);
		return ROW_INSERTED;
	}
	*res = r;
	return conn_lost(im->conn, r) ? ROW_FATAL : ROW_REJECTED;
}

/*
 * Report a row the database refused, named after the field the
 * constraint guards when we know it.
 */
static void
row_report(struct imp *im, const struct row *row, const PGresult *res)
{
	const char	*st, *con, *col, *msg, *field;
	char		 text[512];

	st = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	con = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
	col = PQresultErrorField(res, PG_DIAG_COLUMN_NAME);
	msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	if (msg == NULL)
		msg = "rejected by the database";
	if (st != NULL && strcmp(st, "23505") == 0) {
		reject(im, row->line, "id", "already exists");
		return;
	}
	field = scholarship_constraint_field(con);
	if (field == NULL)
		field = col != NULL ? col : "(record)";
	if (st != NULL && strcmp(st, "23514") == 0 && con != NULL) {
		snprintf(text, sizeof(text), "violates the database "
		    "constraint %s", con);
		msg = text;
	}
	reject(im, row->line, field, msg);
}

/*
 * The fast way: the whole batch as one multi-row statement, one round
 * trip, atomic by itself.  When the database refuses any row the
 * statement changes nothing and *retry is set.  With the upsert, the
 * records that come back are the inserted and the replaced ones; the
 * others were unchanged.
 */
static int
batch_fast(struct imp *im, int *retry)
{
	PGresult	*res;
	size_t		 i, f;
	int		 n, rc = EX_OK;

	*retry = 0;
	if (im->nrows != im->sql_rows) {
		buf_reset(&im->sql);
		if (scholarship_insert_many_sql(&im->sql, im->nrows,
		    im->replace) != SCH_OK) {
			admin_warnx("building the insert: %s",
			    sch_strerror(buf_error(&im->sql)));
			return EX_SOFTWARE;
		}
		im->sql_rows = im->nrows;
	}
	for (i = 0; i < im->nrows; i++)
		for (f = 0; f < SCH_NPARAMS_WRITE; f++)
			im->flat[i * SCH_NPARAMS_WRITE + f] =
			    im->rows[i].params[f];
	res = PQexecParams(im->conn, buf_cstr(&im->sql),
	    (int)(im->nrows * SCH_NPARAMS_WRITE), NULL, im->flat, NULL, NULL,
	    0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		if (conn_lost(im->conn, res)) {
			(void)admin_result_error(im->conn, res, "inserting");
			rc = EX_UNAVAILABLE;
		} else
			*retry = 1;
		PQclear(res);
		return rc;
	}
	n = PQntuples(res);
	for (i = 0; i < (size_t)n; i++) {
		/* Only the upsert has the second column. */
		if (PQnfields(res) > 1 && PQgetvalue(res, (int)i, 1)[0] == 'f')
			im->replaced++;
		else
			im->inserted++;
	}
	im->unchanged += (long long)im->nrows - n;
	PQclear(res);
	return EX_OK;
}

/*
 * The careful way, after batch_fast() met a refused row: a savepoint
 * around every row, so that a refused row is reported and undone
 * alone.  Savepoints are released at once to keep the subtransaction
 * count low.
 */
static int
batch_slow(struct imp *im)
{
	PGresult	*res;
	long long	 n[4] = { 0, 0, 0, 0 };
	size_t		 i;
	int		 rc;

	if ((rc = admin_exec(im->conn, "BEGIN", "BEGIN")) != EX_OK)
		return rc;
	for (i = 0; i < im->nrows; i++) {
		if ((rc = admin_exec(im->conn, "SAVEPOINT row",
		    "SAVEPOINT")) != EX_OK)
			return rc;
		switch (row_exec(im, &im->rows[i], &res)) {
		case ROW_INSERTED:
			n[0]++;
			break;
		case ROW_REPLACED:
			n[1]++;
			break;
		case ROW_UNCHANGED:
			n[2]++;
			break;
		case ROW_REJECTED:
			row_report(im, &im->rows[i], res);
			PQclear(res);
			n[3]++;
			if ((rc = admin_exec(im->conn,
			    "ROLLBACK TO SAVEPOINT row",
			    "ROLLBACK TO SAVEPOINT")) != EX_OK)
				return rc;
			continue;
		case ROW_FATAL:
			(void)admin_result_error(im->conn, res, "inserting");
			PQclear(res);
			return EX_UNAVAILABLE;
		}
		if ((rc = admin_exec(im->conn, "RELEASE SAVEPOINT row",
		    "RELEASE SAVEPOINT")) != EX_OK)
			return rc;
	}
	if ((rc = admin_exec(im->conn, "COMMIT", "COMMIT")) != EX_OK)
		return rc;
	im->inserted += n[0];
	im->replaced += n[1];
	im->unchanged += n[2];
	im->rejected += n[3];
	return EX_OK;
}

/* Store the queued rows and empty the queue. */
static int
batch_flush(struct imp *im)
{
	int	rc, retry;

	if (im->nrows == 0)
		return EX_OK;
	rc = batch_fast(im, &retry);
	if (rc == EX_OK && retry)
		rc = batch_slow(im);
	if (rc == EX_OK)
		im->committed_line = im->rows[im->nrows - 1].line;
	im->nrows = 0;
	arena_reset(&im->batch);
	return rc;
}

/*
 * The search vocabulary: triggers add the words of every stored row at
 * once, but the document frequencies that steer sampling are only
 * recounted by search_refresh() (10-20 s per 100 000 rows).  After an
 * import of IMPORT_REFRESH_MIN rows or more, recount them; below that
 * the counts drift too little to matter.
 */
static int
import_refresh(PGconn *conn)
{
	PGresult	*res;
	double		 t0;
	int		 has, rc = EX_OK;

	res = PQexec(conn, "SELECT to_regproc('search_refresh') IS NOT NULL");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		rc = admin_result_error(conn, res, "looking up search_refresh()");
		PQclear(res);
		return rc;
	}
	has = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	if (!has)
		return EX_OK;
	t0 = clock_mono();
	res = PQexec(conn, "SELECT search_refresh()");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = admin_result_error(conn, res, "search_refresh()");
		admin_warnx("the imported records are stored, but search may "
		    "not find them until search_refresh() succeeds");
	} else
		printf("search_refresh(): done in %.2f s\n",
		    clock_mono() - t0);
	PQclear(res);
	return rc;
}

static int
import_run(const struct conf *conf, const char *path, int replace)
{
	struct imp	*im;
	struct reader	*rd = NULL;
	struct buf	 line;
	PGresult	*res = NULL;
	long long	 lineno = 0, total;
	double		 t0, dt;
	size_t		 n;
	int		 rc = EX_OK, got, toolong;

	buf_init(&line, IMPORT_LINE_MAX + 1);
	if ((im = calloc(1, sizeof(*im))) == NULL ||
	    (rd = calloc(1, sizeof(*rd))) == NULL) {
		admin_warnx("out of memory");
		free(im);
		return EX_SOFTWARE;
	}
	arena_init(&im->batch);
	arena_init(&im->line);
	buf_init(&im->sql, 1024 * 1024);
	im->replace = replace;
	if (strcmp(path, "-") == 0) {
		im->name = "<stdin>";
		rd->fd = STDIN_FILENO;
	} else {
		im->name = path;
		if ((rd->fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
			admin_warnx("%s: %s", path, strerror(errno));
			rc = EX_NOINPUT;
			goto out;
		}
	}

	if ((im->conn = admin_connect(conf)) == NULL) {
		rc = EX_UNAVAILABLE;
		goto out;
	}
	if ((rc = admin_exec(im->conn, "SET client_encoding = 'UTF8'",
	    "setting client_encoding")) != EX_OK)
		goto out;
	res = PQprepare(im->conn, "import_row", replace ?
	    scholarship_upsert_sql : scholarship_insert_sql,
	    SCH_NPARAMS_WRITE, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = admin_result_error(im->conn, res, "preparing the insert");
		if (rc == EX_DATAERR)
			admin_warnx("is the schema migrated? "
			    "(scholarship-admin migrate)");
		goto out;
	}
	PQclear(res);
	res = NULL;

	t0 = clock_mono();
	while ((got = reader_line(rd, &line, &toolong)) == 1) {
		lineno++;
		n = line.len;
		if (n > 0 && line.p[n - 1] == '\r')
			n--;
		if (toolong) {
			reject(im, lineno, LINE_FIELD, "is longer than 1 MiB "
			    "(1048576 bytes)");
			im->rejected++;
			continue;
		}
		if (line_blank(line.p, n))
			continue;
		import_line(im, lineno, line.p, n);
		if (im->nrows == IMPORT_BATCH &&
		    (rc = batch_flush(im)) != EX_OK)
			break;
	}
	if (got == -1) {
		admin_warnx("%s: read: %s", im->name, strerror(errno));
		rc = EX_IOERR;
	}
	if (rc == EX_OK)
		rc = batch_flush(im);
	dt = clock_mono() - t0;
	if (rc != EX_OK) {
		admin_rollback(im->conn);
		admin_warnx("import stopped at %s:%lld; the lines up to %lld "
		    "are done, the others were not imported", im->name, lineno,
		    im->committed_line);
	}

	total = im->inserted + im->replaced + im->unchanged;
	printf("imported %lld, rejected %lld (replaced %lld) in %.2f s "
	    "(%.0f lines/s)\n", total, im->rejected,
	    im->replaced + im->unchanged, dt,
	    (double)lineno / (dt > 0 ? dt : 1e-9));
	if (im->unchanged > 0)
		printf("unchanged: %lld of the replaced records already held "
		    "the same values\n", im->unchanged);
	if (rc == EX_OK && im->inserted + im->replaced >= IMPORT_REFRESH_MIN)
		rc = import_refresh(im->conn);
	if (rc == EX_OK && im->rejected > 0)
		rc = EX_DATAERR;
out:
	PQclear(res);
	if (im->conn != NULL)
		db_close();
	if (rd->fd > STDIN_FILENO)
		close(rd->fd);
	arena_free(&im->batch);
	arena_free(&im->line);
	buf_free(&im->sql);
	buf_free(&line);
	free(rd);
	free(im);
	return rc;
}

int
admin_import(const struct conf *conf, int argc, char **argv)
{
	const char	*path = NULL;
	int		 i, replace = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--replace") == 0) {
			replace = 1;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			admin_warnx("import: unknown option '%s'", argv[i]);
			admin_usage_brief();
			return EX_USAGE;
		}
		if (path != NULL) {
			admin_warnx("import: only one file, please");
			admin_usage_brief();
			return EX_USAGE;
		}
		path = argv[i];
	}
	if (path == NULL) {
		admin_warnx("import: name the file to read ('-' for standard "
		    "input)");
		admin_usage_brief();
		return EX_USAGE;
	}
	return import_run(conf, path, replace);
}

/* Export --------------------------------------------------------------- */

static int
export_run(const struct conf *conf, const char *path)
{
	struct buf	 sql, b;
	struct jw	 w;
	PGconn		*conn = NULL;
	PGresult	*res = NULL;
	FILE		*fp = NULL;
	struct stat	 st;
	long long	 total = 0;
	double		 t0 = 0;
	int		 i, n, rc = EX_OK, regular = 0;

	buf_init(&sql, 8192);
	buf_init(&b, EXPORT_LINE_MAX);
	if ((conn = admin_connect(conf)) == NULL) {
		rc = EX_UNAVAILABLE;
		goto out;
	}
	t0 = clock_mono();
	buf_printf(&sql, "DECLARE export_cur NO SCROLL CURSOR FOR SELECT %s "
	    "FROM scholarships s ORDER BY s.id COLLATE \"C\"",
	    catalog_columns);
	if (buf_error(&sql) != SCH_OK) {
		admin_warnx("export query too long");
		rc = EX_SOFTWARE;
		goto out;
	}
	/* One snapshot for the whole file. */
	if ((rc = admin_exec(conn, "SET client_encoding = 'UTF8'",
	    "setting client_encoding")) != EX_OK ||
	    (rc = admin_exec(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ "
	    "READ ONLY", "BEGIN")) != EX_OK)
		goto out;
	if ((rc = admin_exec(conn, buf_cstr(&sql), "DECLARE")) != EX_OK) {
		if (rc == EX_DATAERR)
			admin_warnx("is the schema migrated? "
			    "(scholarship-admin migrate)");
		goto out;
	}

	/*
	 * Only now that the data is there, open (and so truncate) the
	 * file; remember whether it is a plain file we may remove again.
	 */
	if (path == NULL)
		fp = stdout;
	else if ((fp = fopen(path, "w")) == NULL) {
		admin_warnx("%s: %s", path, strerror(errno));
		rc = EX_CANTCREAT;
		goto out;
	} else
		regular = fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode);
	for (;;) {
		res = PQexec(conn, "FETCH FORWARD " EXPORT_FETCH
		    " FROM export_cur");
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			rc = admin_result_error(conn, res, "FETCH");
			goto out;
		}
		if ((n = PQntuples(res)) == 0)
			break;
		for (i = 0; i < n; i++) {
			buf_reset(&b);
			jw_init(&w, &b);
			catalog_row_json(&w, res, i, 0);
			buf_putc(&b, '\n');
			if (buf_error(&b) != SCH_OK) {
				admin_warnx("%s: record too large to export",
				    PQgetvalue(res, i, 0));
				rc = EX_SOFTWARE;
				goto out;
			}
			if (fwrite(b.p, 1, b.len, fp) != b.len) {
				admin_warnx("%s: write: %s", path != NULL ?
				    path : "standard output", strerror(errno));
				rc = EX_IOERR;
				goto out;
			}
		}
		total += n;
		PQclear(res);
		res = NULL;
	}
	PQclear(res);
	res = NULL;
	if ((rc = admin_exec(conn, "COMMIT", "COMMIT")) != EX_OK)
		goto out;
	if (fflush(fp) == EOF || (regular && fsync(fileno(fp)) == -1)) {
		admin_warnx("%s: write: %s", path != NULL ? path :
		    "standard output", strerror(errno));
		rc = EX_IOERR;
		goto out;
	}
out:
	PQclear(res);
	if (conn != NULL) {
		admin_rollback(conn);
		db_close();
	}
	if (fp != stdout && fp != NULL) {
		if (fclose(fp) == EOF && rc == EX_OK) {
			admin_warnx("%s: %s", path, strerror(errno));
			rc = EX_IOERR;
		}
		/* Do not leave a truncated file that looks complete. */
		if (rc != EX_OK && regular)
			unlink(path);
	}
	/* On standard output the data is the result: stay quiet there. */
	if (rc == EX_OK && path != NULL)
		printf("exported %lld scholarships to %s in %.2f s\n", total,
		    path, clock_mono() - t0);
	buf_free(&sql);
	buf_free(&b);
	return rc;
}

int
admin_export(const struct conf *conf, int argc, char **argv)
{
	const char	*path = NULL;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-' && argv[1][1] != '\0')) {
		admin_warnx("export: takes at most one file name");
		admin_usage_brief();
		return EX_USAGE;
	}
	if (argc == 2 && strcmp(argv[1], "-") != 0)
		path = argv[1];
	return export_run(conf, path);
}
