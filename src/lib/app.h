/*
 * The responder skeleton shared by every program in fcgi-bin/: load
 * the configuration, attach shared memory, then accept FastCGI
 * requests one at a time and run each through the same pipeline
 * (DESIGN.md "Request path").
 */
#ifndef SCH_APP_H
#define SCH_APP_H

#include <stddef.h>

#include "conf.h"

struct route;
struct req;
struct resp;
struct FCGX_Request;

struct app {
	const char		*name;		/* program name for logs */
	const struct route	*routes;
	size_t			 nroutes;
	int			(*init)(void);	/* optional, after config */
	void			(*idle)(void);	/* optional, after each response */
	void			(*fini)(void);	/* optional, before exit */
};

/* The loaded configuration (valid after app_main's start-up). */
extern struct conf app_conf;

/*
 * Program entry: parses -c FILE / -t (config test) / -V, loads config,
 * then serves FastCGI on fd 0 until SIGTERM.  Returns an exit status
 * (0, 64 usage, 78 config).
 */
int	app_main(const struct app *, int argc, char **argv);

/*
 * Run one request through the pipeline: checks, routing, validation,
 * handler, error envelope.  Fills rs; the caller serialises it.
 * Exposed for tests.
 */
void	app_handle(const struct app *, struct req *, struct resp *);

/*
 * Send n bytes of response (headers and body) on the request's
 * connection: most of a large one in STDOUT records written directly,
 * the rest through libfcgi's stream, which ends the request.  Exposed
 * for tests.
 */
void	app_put_response(struct FCGX_Request *, const char *, size_t);

/* Elapsed seconds since rq->start. */
double	app_elapsed(const struct req *);

#endif /* SCH_APP_H */
