/*
 * search.fcgi: full-text search under /api/v1/search and /search.
 */
#include "config.h"

#include <stddef.h>

#include "app.h"
#include "route.h"
#include "search.h"

static const struct route routes[] = {
	{ "GET", "/api/v1/search", search_h_search, AUTH_READ, NULL,
	    search_params, SP__MAX, 0 },
	{ "POST", "/api/v1/search", search_h_search, AUTH_READ, NULL,
	    search_params, SP__MAX, ROUTE_JSON_BODY },
	{ "GET", "/search", search_h_search, AUTH_READ, NULL,
	    search_params, SP__MAX, 0 },
	{ "POST", "/search", search_h_search, AUTH_READ, NULL,
	    search_params, SP__MAX, ROUTE_JSON_BODY },
};

static const struct app app = {
	"search.fcgi", routes, sizeof(routes) / sizeof(routes[0]),
	NULL, search_idle, search_fini
};

int
main(int argc, char **argv)
{

	return app_main(&app, argc, argv);
}
