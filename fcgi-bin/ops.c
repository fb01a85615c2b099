/*
 * ops.fcgi: service index, health, readiness, database status and
 * metrics.  Mapped to "/" by the web server, so it also answers 404
 * for every path no other responder owns.
 */
#include "config.h"

#include <stddef.h>

#include "app.h"
#include "ops.h"
#include "route.h"

static const struct route routes[] = {
	{ "GET", "/", ops_h_index, AUTH_PUBLIC, NULL, NULL, 0, 0 },
	{ "GET", "/api", ops_h_index, AUTH_PUBLIC, NULL, NULL, 0, 0 },
	{ "GET", "/status", ops_h_index, AUTH_PUBLIC, NULL, NULL, 0, 0 },
	{ "GET", "/health", ops_h_health, AUTH_PUBLIC, NULL, NULL, 0, 0 },
	{ "GET", "/healthz", ops_h_healthz, AUTH_PUBLIC, NULL, NULL, 0, 0 },
	{ "GET", "/readyz", ops_h_readyz, AUTH_PUBLIC, NULL, NULL, 0, 0 },
	{ "GET", "/db/status", ops_h_db_status, AUTH_PUBLIC, NULL, NULL, 0, 0 },
	{ "GET", "/metrics", ops_h_metrics, AUTH_PUBLIC, NULL, NULL, 0, 0 },
};

static const struct app app = {
	"ops.fcgi", routes, sizeof(routes) / sizeof(routes[0]), NULL, NULL, NULL
};

int
main(int argc, char **argv)
{

	return app_main(&app, argc, argv);
}
