/*
 * One persistent libpq connection per process.
 *
 * NOTE: after a server restart an idle connection's first query fails
 * with no SQLSTATE ("server closed the connection unexpectedly") while
 * PQstatus() may still say CONNECTION_OK.  Any failure without a
 * SQLSTATE, or with a class 08 / 57P0x state, is therefore treated as
 * a lost connection: the connection is dropped and, for statements
 * marked DB_RETRY, the statement is retried once on a new one.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "clock.h"
#include "conf.h"
#include "db.h"
#include "err.h"
#include "log.h"
#include "metrics.h"

#define DB_MAXPREPARED	64

static PGconn		*conn;
static const char	*db_url = "dbname=scholarship";
static char		 db_connect_timeout[16] = "5";
/*
 * Session options.  DateStyle ISO: catalog.c reads timestamps' text as
 * "YYYY-MM-DD HH:MM:SS", whatever the server's default.  Only the output
 * format is set: how ambiguous input dates are read stays the server's.
 */
#define DB_SESSION	" -c DateStyle=ISO"
static char		 db_options[96] = "-c statement_timeout=5000" DB_SESSION;
static const char	*prepared[DB_MAXPREPARED];
static size_t		 nprepared;
static char		 last_state[6];

void
db_configure(const struct conf *c)
{

	db_url = c->database_url;
	snprintf(db_connect_timeout, sizeof(db_connect_timeout), "%d",
	    c->db_connect_timeout_s);
	snprintf(db_options, sizeof(db_options), "-c statement_timeout=%d"
	    DB_SESSION, c->db_statement_timeout_ms);
	db_close();
}

/*
 * Ignore server notices: they would otherwise go to stderr unformatted.
 */
static void
notice_sink(void *arg, const char *msg)
{

	(void)arg;
	(void)msg;
}

/*
 * A new connection with the configured URL and session settings, or
 * NULL (the reason is logged, never returned: it may name the socket
 * path).  The caller owns it.  bench/sch-dbload connects through this
 * too, so that its sessions are the responders'.
 */
PGconn *
db_connect(void)
{
	const char *const	 kw[] = { "dbname", "connect_timeout", "options",
	    "fallback_application_name", NULL };
	const char		*val[5];
	PGconn			*c;

	val[0] = db_url;
	val[1] = db_connect_timeout;
	val[2] = db_options;
	val[3] = "scholarship-api";
	val[4] = NULL;
	c = PQconnectdbParams(kw, val, 1);
	if (c == NULL || PQstatus(c) != CONNECTION_OK) {
		log_warn("database connection failed: %s",
		    c ? PQerrorMessage(c) : "out of memory");
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, notice_sink, NULL);
	return c;
}

PGconn *
db_conn(void)
{

	if (conn != NULL && PQstatus(conn) == CONNECTION_OK)
		return conn;
	db_close();
	if ((conn = db_connect()) == NULL)
		return NULL;
	metrics_inc(MC_DB_RECONNECTS, 1);
	return conn;
}

void
db_close(void)
{

	if (conn != NULL)
		PQfinish(conn);
	conn = NULL;
	nprepared = 0;
}

const char *
db_last_sqlstate(void)
{

	return last_state;
}

static int
is_prepared(const char *name)
{
	size_t	i;

	for (i = 0; i < nprepared; i++)
		if (prepared[i] == name || strcmp(prepared[i], name) == 0)
			return 1;
	return 0;
}

/* Did this failed result lose the connection? */
static int
conn_lost(const PGresult *res, const char *state)
{

	if (PQstatus(conn) != CONNECTION_OK)
		return 1;
	if (state == NULL || *state == '\0')
		return 1;
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P0", 4) == 0)
		return 1;
	(void)res;
	return 0;
}

static int
state_err(const char *state)
{

	if (strcmp(state, "57014") == 0)
		return SCH_ETIMEOUT;
	if (strcmp(state, "23505") == 0)
		return SCH_ECONFLICT;
	return SCH_EDB;
}

int
db_exec(const struct dbstmt *st, const char *const *params, PGresult **out)
{
	PGresult	*res = NULL;
	const char	*state;
	double		 t0;
	int		 attempt, rc = SCH_EDB;
	ExecStatusType	 es;

	*out = NULL;
	last_state[0] = '\0';
	t0 = clock_mono();
	for (attempt = 0; attempt < 2; attempt++) {
		if (db_conn() == NULL) {
			rc = SCH_EDBDOWN;
			break;
		}
		if ((st->flags & DB_PREPARE) && !is_prepared(st->name)) {
			res = PQprepare(conn, st->name, st->sql, st->nparams, NULL);
			if (PQresultStatus(res) == PGRES_COMMAND_OK &&
			    nprepared < DB_MAXPREPARED)
				prepared[nprepared++] = st->name;
			else if (PQresultStatus(res) != PGRES_COMMAND_OK)
				goto failed;
			PQclear(res);
			res = NULL;
		}
		if (st->flags & DB_PREPARE)
			res = PQexecPrepared(conn, st->name, st->nparams, params,
			    NULL, NULL, 0);
		else
			res = PQexecParams(conn, st->sql, st->nparams, NULL,
			    params, NULL, NULL, 0);
		es = PQresultStatus(res);
		if (es == PGRES_TUPLES_OK || es == PGRES_COMMAND_OK) {
			*out = res;
			rc = SCH_OK;
			break;
		}
failed:
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		snprintf(last_state, sizeof(last_state), "%s", state ? state : "");
		if (conn_lost(res, state)) {
			log_warn("database connection lost (%s): %s",
			    st->name ? st->name : "query",
			    PQerrorMessage(conn));
			PQclear(res);
			res = NULL;
			db_close();
			rc = SCH_EDBDOWN;
			if (st->flags & DB_RETRY)
				continue;
			break;
		}
		rc = state_err(state);
		if (rc == SCH_EDB && !(st->flags & DB_QUIET))
			log_error("query %s failed: SQLSTATE %s: %s",
			    st->name ? st->name : "(unnamed)", state,
			    PQresultErrorMessage(res));
		PQclear(res);
		res = NULL;
		break;
	}
	metrics_inc(MC_DB_QUERIES, 1);
	if (rc != SCH_OK)
		metrics_inc(MC_DB_ERRORS, 1);
	metrics_observe(MH_DB_QUERY, clock_mono() - t0);
	return rc;
}

int
db_exec_sql(const char *sql)
{
	PGresult	*res;
	int		 rc;

	if (db_conn() == NULL)
		return SCH_EDBDOWN;
	res = PQexec(conn, sql);
	switch (PQresultStatus(res)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
		rc = SCH_OK;
		break;
	default:
		log_error("SQL failed: %s", PQresultErrorMessage(res));
		rc = PQstatus(conn) == CONNECTION_OK ? SCH_EDB : SCH_EDBDOWN;
		break;
	}
	PQclear(res);
	return rc;
}

int
db_ping(double *ms)
{
	static const struct dbstmt ping = { "ping", "SELECT 1", 0, DB_RETRY };
	PGresult	*res;
	double		 t0 = clock_mono();
	int		 rc;

	if ((rc = db_exec(&ping, NULL, &res)) != SCH_OK)
		return rc == SCH_EDB ? SCH_EDBDOWN : rc;
	PQclear(res);
	if (ms != NULL)
		*ms = (clock_mono() - t0) * 1000.0;
	return SCH_OK;
}

int
db_schema_version(int *v)
{
	static const struct dbstmt q = { "schema_version",
	    "SELECT coalesce(max(version), -1) FROM schema_version", 0,
	    DB_RETRY | DB_QUIET };
	PGresult	*res;
	int		 rc;

	*v = -1;
	rc = db_exec(&q, NULL, &res);
	if (rc == SCH_EDB && strcmp(last_state, "42P01") == 0)
		return SCH_OK;	/* no schema_version table: nothing applied */
	if (rc != SCH_OK)
		return rc;
	if (PQntuples(res) == 1)
		*v = (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return SCH_OK;
}
