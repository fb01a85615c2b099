/*
 * The scholarship catalogue: the list and detail endpoints, and the
 * one JSON rendering of a scholarship row shared with search.
 */
#ifndef SCH_CATALOG_H
#define SCH_CATALOG_H

#include <libpq-fe.h>

#include "valid.h"

struct jw;
struct req;
struct resp;

/*
 * SQL select list (no leading SELECT) producing the columns that
 * catalog_row_json() reads, in order.  Usable with a table alias "s".
 */
extern const char catalog_columns[];

/* Write one scholarship object from row; summary: 200-char description, no timestamps. */
void	catalog_row_json(struct jw *, const PGresult *, int row, int summary);

/* Handlers. */
int	catalog_h_list(struct req *, struct resp *);
int	catalog_h_get(struct req *, struct resp *);

/* Query parameters of GET /api/v1/scholarships (kcgi-style enum). */
enum catalog_list_param {
	LP_LIMIT, LP_OFFSET, LP_MIN_AMOUNT, LP_MAX_AMOUNT, LP_TYPES,
	LP_DEADLINE_AFTER, LP_DEADLINE_BEFORE, LP__MAX
};

extern const struct vparam catalog_list_params[LP__MAX];

#endif /* SCH_CATALOG_H */
