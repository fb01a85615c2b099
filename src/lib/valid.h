/*
 * Table-driven input validation (after kcgi).  Each route declares a
 * table of struct vparam; valid_args() checks and converts every input
 * into a parallel array of struct vval, collecting one struct verr per
 * bad field so that a 422 can list them all.  Handlers read only the
 * typed values.
 */
#ifndef SCH_VALID_H
#define SCH_VALID_H

#include <stddef.h>
#include <time.h>

struct arena;
struct kv;

enum vtype {
	V_INT,		/* signed 64-bit integer within [imin, imax] */
	V_DOUBLE,	/* finite double within [dmin, dmax] */
	V_BOOL,		/* true/false/1/0/yes/no/on/off */
	V_DATE,		/* YYYY-MM-DD or RFC 3339 date-time → time_t UTC */
	V_ENUM,		/* one of enums[]; value is the index */
	V_STRING,	/* UTF-8 text of minlen..maxlen bytes, no NUL */
};

#define VF_REQUIRED	0x01	/* absent is an error */
#define VF_LIST		0x02	/* repeated keys and/or comma-separated */

struct vparam {
	const char		*name;
	enum vtype		 type;
	unsigned int		 flags;
	long long		 imin, imax;
	double			 dmin, dmax;
	size_t			 minlen, maxlen;	/* V_STRING */
	const char *const	*enums;			/* V_ENUM, NULL-ended */
	const char		*alias[3];		/* other accepted names */
	size_t			 maxitems;		/* VF_LIST, 0 = 100 */
};

/* One converted value.  For VF_LIST, items/nitems hold each element. */
struct vval {
	int		 set;
	long long	 i;	/* V_INT, V_ENUM index, V_BOOL 0/1 */
	double		 d;	/* V_DOUBLE */
	time_t		 t;	/* V_DATE */
	const char	*s;	/* V_STRING (arena copy), raw text otherwise */
	struct vval	*items;
	size_t		 nitems;
};

struct verr {
	const char	*field;
	const char	*message;
	const char	*value;	/* offending raw value or NULL */
};

struct verrs {
	struct verr	 v[32];
	size_t		 n;
};

/* Single-value check-and-convert functions: 1 valid, 0 invalid. */
int	valid_int(const char *, long long min, long long max, long long *);
int	valid_double(const char *, double min, double max, double *);
int	valid_bool(const char *, int *);
int	valid_date(const char *, time_t *);
int	valid_enum(const char *, const char *const *, long long *);
int	valid_string(const char *, size_t min, size_t max);
int	valid_utf8(const char *, size_t);
int	valid_id(const char *);	/* [A-Za-z0-9_-]{1,64} */

/*
 * Validate args against tbl (n entries) into out[n].  Unknown keys are
 * ignored.  Returns SCH_OK or SCH_EVALID with errs filled.  Copies go
 * into the arena.
 */
int	valid_args(const struct vparam *tbl, size_t n, const struct kv *args,
	    size_t nargs, struct vval *out, struct verrs *errs, struct arena *);

void	verrs_add(struct verrs *, const char *field, const char *msg,
	    const char *value);

/* Shared enums (SPEC §3), NULL-ended. */
extern const char *const valid_fields_of_study[];
extern const char *const valid_grade_levels[];
extern const char *const valid_citizenship[];
extern const char *const valid_scholarship_types[];
extern const char *const valid_us_states[];

#endif /* SCH_VALID_H */
