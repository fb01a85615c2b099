/*
 * Helpers for the live tests: a small libcurl client against the
 * private stack that tests/integration/live.sh starts, shell and psql
 * runners, and /proc readers for the responder processes.
 *
 * Ownership: a struct live_resp owns its body, headers and parsed
 * JSON; live_resp_free() releases all of them and accepts a zeroed
 * struct.  JSON values returned by live_json() are borrowed from the
 * response.
 */
#ifndef LIVE_H
#define LIVE_H

#include <sys/types.h>

#include <stddef.h>

#include <json-c/json.h>

struct json_object;

struct live_hdr {
	char	*name;
	char	*value;
};

struct live_resp {
	long			 status;	/* HTTP status, 0 on failure */
	char			*body;		/* NUL-terminated, may be "" */
	size_t			 body_len;
	struct live_hdr		*hdrs;		/* of the final response */
	size_t			 nhdrs;
	struct json_object	*json;		/* parsed on demand */
};

/* Read the LIVE_* environment; exits 77 (skip) when it is missing. */
void		 live_init(void);
const char	*live_env(const char *);	/* a LIVE_* variable */

/*
 * One request to LIVE_BASE_URL + path (sent as is).  hdrs is a NULL-
 * ended list of "Name: value" lines or NULL; body (may be NULL) is
 * sent with len bytes.  Returns 0, or -1 when no HTTP answer came.
 */
int		 live_request(struct live_resp *, const char *method,
		    const char *path, const char *const *hdrs,
		    const char *body, size_t len);
int		 live_get(struct live_resp *, const char *path);
void		 live_resp_free(struct live_resp *);

/* Value of the header (name compared case-insensitively) or NULL. */
const char	*live_header(const struct live_resp *, const char *name);

/* The body parsed as JSON, or NULL when it is not JSON. */
struct json_object *live_json(struct live_resp *);

/*
 * Run cmd with bash -c.  When out is not NULL, up to outlen - 1 bytes
 * of its standard output are stored there (NUL-terminated, one
 * trailing newline removed).  Returns the exit status, -1 on failure.
 */
int		 live_run(const char *cmd, char *out, size_t outlen);

/*
 * Run sql through $LIVE_PSQL (psql -X -v ON_ERROR_STOP=1) from a
 * temporary file.  live_psql_value() prints unaligned tuples only.
 */
int		 live_psql(const char *sql);
int		 live_psql_value(const char *sql, char *out, size_t outlen);

/* The lighttpd pid from $LIVE_VAR/run/lighttpd.pid, or -1. */
pid_t		 live_lighttpd_pid(void);

/*
 * The children of lighttpd whose command line contains name, sorted
 * by pid.  Returns how many were found (at most max are stored).
 */
size_t		 live_children(const char *name, pid_t *pids, size_t max);
/* The same for the children of another process. */
size_t		 live_children_of(pid_t parent, const char *name, pid_t *pids,
		    size_t max);

/* rchar of /proc/PID/io, or -1. */
long long	 live_rchar(pid_t);

/*
 * GET path total times with parallel transfers in flight (curl
 * multi).  Returns the number of 200 answers.
 */
int		 live_parallel_get(const char *path, int total, int parallel);

/*
 * The value of the Prometheus sample "series" (name and labels,
 * exactly as rendered) in text, or -1 when the line is absent.
 */
double		 live_metric(const char *text, const char *series);

/* The same read from GET /metrics now (asserts a 200); 0 when absent. */
double		 live_metric_now(const char *series);

/* The search suite (live_search.c): Check's Suite. */
struct Suite;
struct Suite	*live_search_suite(void);

/* Monotonic seconds. */
double		 live_now(void);
void		 live_sleep_ms(long);

/*
 * JSON assertions: each fails the current test (ck_assert) when the key
 * is missing or has another type.
 */
struct json_object	*jget(struct json_object *, const char *, json_type);
int			 jhas(struct json_object *, const char *);
const char		*jstr(struct json_object *, const char *);
long long		 jint(struct json_object *, const char *);
int			 jbool(struct json_object *, const char *);
double			 jnum(struct json_object *, const char *);
struct json_object	*body_json(struct live_resp *);

/* Suite fixtures: cleanup SQL + insert SQL; "what" names them in errors. */
void	live_fixture_up(const char *cleanup, const char *records,
	    const char *what);
void	live_fixture_down(const char *cleanup, const char *what);

#endif /* LIVE_H */
