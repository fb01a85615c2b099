/*
 * scholarships.fcgi: the catalogue under /api/v1/scholarships.
 */
#include "config.h"

#include <stddef.h>

#include "app.h"
#include "catalog.h"
#include "route.h"

static const struct route routes[] = {
	{ "GET", "/api/v1/scholarships", catalog_h_list, AUTH_READ, NULL,
	    catalog_list_params, LP__MAX, 0 },
	{ "GET", "/api/v1/scholarships/{id}", catalog_h_get, AUTH_READ, NULL,
	    NULL, 0, 0 },
};

static const struct app app = {
	"scholarships.fcgi", routes, sizeof(routes) / sizeof(routes[0]),
	NULL, NULL
};

int
main(int argc, char **argv)
{

	return app_main(&app, argc, argv);
}
