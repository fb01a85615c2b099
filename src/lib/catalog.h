/*
 * The scholarship catalogue: the detail endpoint and the one JSON
 * rendering of a scholarship row shared with list and search.
 */
#ifndef SCH_CATALOG_H
#define SCH_CATALOG_H

#include <libpq-fe.h>

struct jw;
struct req;
struct resp;

/*
 * SQL select list (no leading SELECT) producing the columns that
 * catalog_row_json() reads, in order.  Usable with a table alias "s".
 */
extern const char catalog_columns[];
extern const int catalog_ncolumns;	/* in catalog_columns */

/* Write one scholarship object from row; summary: 200-char description, no timestamps. */
void	catalog_row_json(struct jw *, const PGresult *, int row, int summary);

/* GET /api/v1/scholarships/{id}. */
int	catalog_h_get(struct req *, struct resp *);

#endif /* SCH_CATALOG_H */
