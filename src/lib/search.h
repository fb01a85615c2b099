/*
 * Search and discovery (SPEC §5.1): the parameter table shared by
 * every endpoint that searches, the parsed query, the SQL it becomes,
 * and the handlers of search.fcgi and the discovery endpoints of
 * scholarships.fcgi.
 */
#ifndef SCH_SEARCH_H
#define SCH_SEARCH_H

#include <stddef.h>

#include "valid.h"

struct arena;
struct jw;
struct req;
struct resp;

/* Inputs of SPEC §5.1, in the order of search_params[]. */
enum search_param {
	SP_Q, SP_FIELDS, SP_TYPES, SP_STATES, SP_MIN_AMOUNT, SP_MAX_AMOUNT,
	SP_MIN_GPA, SP_CITIZENSHIP, SP_GRADE, SP_DEADLINE_AFTER,
	SP_DEADLINE_BEFORE, SP_RENEWABLE, SP_INCLUDE_EXPIRED, SP_SORT,
	SP_LIMIT, SP_OFFSET, SP_FACETS, SP__MAX
};

extern const struct vparam search_params[SP__MAX];

enum search_sort {
	SORT_RELEVANCE, SORT_DEADLINE, SORT_AMOUNT_DESC, SORT_AMOUNT_ASC,
	SORT_NEWEST
};

/*
 * A validated search.  Text fields are SQL parameter values (arena
 * strings) or NULL when the filter is off.
 */
struct search_query {
	const char	*q;		/* trimmed; NULL = no text */
	const char	*fields;	/* text[] literal "{a,b}" */
	const char	*types;
	const char	*states;
	const char	*min_amount;
	const char	*max_amount;
	const char	*min_gpa;
	const char	*citizenship;
	const char	*grade_level;
	const char	*deadline_after;	/* RFC 3339 UTC */
	const char	*deadline_before;
	const char	*renewable;	/* "true"/"false" or NULL */
	int		 include_expired;
	int		 sort;		/* enum search_sort */
	long long	 limit;
	long long	 offset;
	int		 facets;
	const char	*path_field;	/* fields/{field}: replaces fields */
	const struct vval *v;		/* the validated values, for echo */
};

/* Build a query from validated values.  sort defaults per SPEC. */
void	search_query_init(struct search_query *, const struct vval *,
	    struct arena *);

/*
 * The one statement a search runs (scholarship_search() joined back to
 * the table for the item columns), with its text parameters.  Also
 * used by bench/dbload.c to replay exactly the endpoint's SQL.
 */
#define SEARCH_NPARAMS	18
struct search_stmt {
	const char	*sql;
	const char	*params[SEARCH_NPARAMS];
	int		 nparams;
};
void	search_stmt(const struct search_query *, int candidate_limit,
	    struct search_stmt *, struct arena *);

/* Query parameters of the organization endpoint. */
enum search_org_param { ORG_LIMIT, ORG_OFFSET, ORG_EXPIRED, ORG__MAX };
extern const struct vparam search_org_params[ORG__MAX];

/* Handlers. */
int	search_h_search(struct req *, struct resp *);
int	search_h_smart(struct req *, struct resp *);
int	search_h_list(struct req *, struct resp *);
int	search_h_organization(struct req *, struct resp *);
int	search_h_field(struct req *, struct resp *);

/* Flush buffered analytics: after responses (idle) and at exit (fini). */
void	search_idle(void);
void	search_fini(void);

#endif /* SCH_SEARCH_H */
