/*
 * scholarships.fcgi: the catalogue under /api/v1/scholarships — list
 * (with every search filter), detail, and the discovery endpoints.
 * Literal routes come before "{id}" so "smart-search" is not an id.
 */
#include "config.h"

#include <stddef.h>

#include "app.h"
#include "catalog.h"
#include "route.h"
#include "search.h"

static const struct route routes[] = {
	{ "GET", "/api/v1/scholarships", search_h_list, AUTH_READ, NULL,
	    search_params, SP__MAX, 0 },
	{ "GET", "/api/v1/scholarships/smart-search", search_h_smart,
	    AUTH_READ, NULL, search_params, SP__MAX, 0 },
	{ "GET", "/api/v1/scholarships/organization/{org}",
	    search_h_organization, AUTH_READ, NULL, search_org_params,
	    ORG__MAX, 0 },
	{ "GET", "/api/v1/scholarships/fields/{field}", search_h_field,
	    AUTH_READ, NULL, search_params, SP__MAX, 0 },
	{ "GET", "/api/v1/scholarships/{id}", catalog_h_get, AUTH_READ, NULL,
	    NULL, 0, 0 },
};

static const struct app app = {
	"scholarships.fcgi", routes, sizeof(routes) / sizeof(routes[0]),
	NULL, search_idle, search_fini
};

int
main(int argc, char **argv)
{

	return app_main(&app, argc, argv);
}
