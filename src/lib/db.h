/*
 * The database: one persistent libpq connection per process, opened
 * lazily, reset and retried once after the server went away (for
 * statements marked DB_RETRY, i.e. idempotent reads).  Only
 * parameterised statements.  statement_timeout is set per connection.
 */
#ifndef SCH_DB_H
#define SCH_DB_H

#include <libpq-fe.h>

struct conf;

#define DB_RETRY	0x01	/* idempotent: reconnect and retry once */
#define DB_PREPARE	0x02	/* use a named prepared statement */
#define DB_QUIET	0x04	/* an error is expected: do not log it */

struct dbstmt {
	const char	*name;	/* unique, for DB_PREPARE */
	const char	*sql;
	int		 nparams;
	unsigned int	 flags;
};

void	db_configure(const struct conf *);

/*
 * Run st with text parameters (NULL = SQL NULL).  On SCH_OK *res holds
 * a PGRES_TUPLES_OK or PGRES_COMMAND_OK result the caller must PQclear.
 * Errors: SCH_EDBDOWN (cannot connect), SCH_ETIMEOUT (statement
 * timeout), SCH_ECONFLICT (unique violation), SCH_EDB (other).
 * Server error text goes to the log, never to the client.
 */
int	db_exec(const struct dbstmt *, const char *const *params,
	    PGresult **res);

/* Plain SQL without parameters, for admin tools. */
int	db_exec_sql(const char *sql);

/* Round trip "SELECT 1"; latency in ms.  SCH_OK or SCH_EDBDOWN. */
int	db_ping(double *ms);

/* Highest applied migration or -1.  SCH_OK / error. */
int	db_schema_version(int *);

/* Borrow the connection (connecting if needed); NULL if down. */
PGconn	*db_conn(void);
PGconn	*db_connect(void);	/* a new one, the caller's */
void	db_close(void);

/* SQLSTATE of the last failed statement ("" if none). */
const char *db_last_sqlstate(void);

#endif /* SCH_DB_H */
