/*
 * scholarship-admin: the commands and the few helpers they share.
 *
 * Every command has the same shape: it gets the loaded configuration
 * (or NULL for commands that need none) and its own arguments, with
 * argv[0] being the command name, and returns a sysexits(3) status.
 * Commands print their results on stdout and their diagnostics as
 * "scholarship-admin: message" lines on stderr.
 */
#ifndef SCH_ADMIN_H
#define SCH_ADMIN_H

#include <stddef.h>
#include <stdio.h>
#include <sysexits.h>

#include <libpq-fe.h>

struct buf;
struct conf;

/* Largest SQL file we agree to run (migrations, demo seed). */
#define ADMIN_SQL_MAX	(64u * 1024 * 1024)

/*
 * Commands (admin-import.c, admin-migrate.c, admin-seed.c,
 * scholarship-admin.c).
 */
int	admin_export(const struct conf *, int argc, char **argv);
int	admin_import(const struct conf *, int argc, char **argv);
int	admin_migrate(const struct conf *, int argc, char **argv);
int	admin_seed(const struct conf *, int argc, char **argv);
int	admin_stats(const struct conf *, int argc, char **argv);
int	admin_check_config(const struct conf *, int argc, char **argv);
int	admin_config_keys(const struct conf *, int argc, char **argv);
int	admin_version(const struct conf *, int argc, char **argv);

/* Print the full usage text on fp (for -h). */
void	admin_usage(FILE *fp);

/* Print the synopsis on stderr (after a usage error). */
void	admin_usage_brief(void);

/* "scholarship-admin: " + message + newline on stderr. */
void	admin_warnx(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

/*
 * Connect through the db module and prepare the session for
 * administrative work (no statement timeout, no NOTICE chatter).
 * Returns the borrowed connection, or NULL after printing why; the
 * caller then exits EX_UNAVAILABLE.  Release with db_close().
 */
PGconn	*admin_connect(const struct conf *);

/*
 * Run one statement without parameters and check that it succeeded.
 * what names the step in the error message.  Returns EX_OK,
 * EX_UNAVAILABLE when the connection is gone, else EX_DATAERR.
 */
int	admin_exec(PGconn *, const char *sql, const char *what);

/*
 * Map a failed result to an exit status and print "what: server
 * message".  res may be NULL (out of memory or connection lost).
 */
int	admin_result_error(PGconn *, const PGresult *, const char *what);

/* Roll back the open transaction, if any; errors are ignored. */
void	admin_rollback(PGconn *);

/*
 * Read a whole SQL file into b (initialised by the caller with
 * ADMIN_SQL_MAX).  Returns EX_OK, EX_CONFIG when the file cannot be
 * opened (it lives in migrations_dir), EX_DATAERR when it is too big
 * or holds a NUL byte, EX_SOFTWARE on a read error.
 */
int	admin_read_file(const char *path, struct buf *b);

/* dir + "/" + name into dst; 0 on success, -1 if it does not fit. */
int	admin_join(char *dst, size_t, const char *dir, const char *name);

#endif /* SCH_ADMIN_H */
