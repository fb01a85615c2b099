/*
 * JSON output is written by a streaming writer (jw_*) straight into a
 * struct buf: no tree is built for responses.
 *
 * JSON input is parsed with json-c.  Ownership rules for json-c values
 * used in this code base:
 *  - json_object_object_add() and json_object_array_add() take
 *    ownership of the value added; do not put it afterwards.
 *  - json_object_object_get_ex() returns a borrowed reference, valid
 *    while its parent lives.
 *  - exactly one json_object_put() on the root frees the whole tree.
 */
#ifndef SCH_JSON_H
#define SCH_JSON_H

#include <stddef.h>

struct buf;
struct json_object;

#define JW_MAXDEPTH 32

struct jw {
	struct buf	*b;
	int		 depth;
	unsigned char	 comma[JW_MAXDEPTH];	/* value written at depth? */
	int		 after_key;
};

void	jw_init(struct jw *, struct buf *);
void	jw_obj_open(struct jw *);
void	jw_obj_close(struct jw *);
void	jw_arr_open(struct jw *);
void	jw_arr_close(struct jw *);
void	jw_key(struct jw *, const char *);
void	jw_keyn(struct jw *, const char *, size_t);
void	jw_str(struct jw *, const char *);	/* NULL writes null */
void	jw_strn(struct jw *, const char *, size_t);
/* s[0..n) then tail as one string: shortened text needs no copy. */
void	jw_strn_tail(struct jw *, const char *, size_t, const char *tail);
void	jw_int(struct jw *, long long);
void	jw_double(struct jw *, double);		/* %.15g, non-finite → null */
void	jw_round4(struct jw *, double);		/* rounded to 4 decimals */
void	jw_bool(struct jw *, int);
void	jw_null(struct jw *);
void	jw_raw(struct jw *, const char *);	/* caller guarantees valid JSON */
void	jw_rawn(struct jw *, const char *, size_t);	/* likewise */

/* Key + value shorthands. */
void	jw_kstr(struct jw *, const char *, const char *);
void	jw_kint(struct jw *, const char *, long long);
void	jw_kdouble(struct jw *, const char *, double);
void	jw_kbool(struct jw *, const char *, int);
void	jw_kraw(struct jw *, const char *, const char *);

/*
 * Escape bytes as the body of a JSON string (no quotes).  Invalid
 * UTF-8 becomes U+FFFD, control characters become \u00XX.
 */
void	json_escape(struct buf *, const char *, size_t);

/* Length of the valid UTF-8 sequence at s (≤ n bytes), 0 if invalid. */
size_t	json_utf8_seq(const unsigned char *, size_t);

/*
 * Parse len bytes as one JSON value.  Depth is limited; trailing
 * garbage is an error.  On success *out owns the tree.
 * Returns SCH_OK or SCH_EBADREQ.
 */
int	json_parse(const char *, size_t, struct json_object **out);

#endif /* SCH_JSON_H */
