/*
 * One scholarship record as a writer submits it: the single validator
 * behind scholarship-admin import and the POST/PUT/PATCH endpoints,
 * and the parameters and SQL that store what it accepted.
 *
 * scholarship_from_json() checks and converts a parsed JSON object
 * (SPEC section 3) into struct scholarship, reporting every bad field
 * into a struct verrs with its JSON path ("eligibility_criteria.min_gpa",
 * "eligibility_criteria.grade_levels[2]").  scholarship_to_params()
 * turns the result into text parameters for the statements below, in
 * the order of enum sch_field, which is also their column order.
 */
#ifndef SCH_SCHOLARSHIP_H
#define SCH_SCHOLARSHIP_H

#include <stddef.h>
#include <time.h>

struct arena;
struct buf;
struct json_object;
struct verrs;

/*
 * The stored fields, in INSERT column order: parameter $N of every
 * statement below is field N - 1.  created_at and updated_at are not
 * here: the database keeps them.
 */
enum sch_field {
	SF_ID,
	SF_NAME,
	SF_ORGANIZATION,
	SF_DESCRIPTION,
	SF_AMOUNT,
	SF_MAX_AWARDS,
	SF_APPLICATION_DEADLINE,
	SF_NOTIFICATION_DATE,
	SF_SCHOLARSHIP_TYPE,
	SF_MIN_GPA,			/* eligibility_criteria.* ... */
	SF_MAX_GPA,
	SF_GRADE_LEVELS,
	SF_CITIZENSHIP_REQUIRED,
	SF_RESIDENCY_STATES,
	SF_FIELDS_OF_STUDY,
	SF_MIN_AGE,
	SF_MAX_AGE,
	SF_FINANCIAL_NEED,
	SF_ESSAY_REQUIRED,
	SF_RECOMMENDATION_LETTERS,	/* ... up to here */
	SF_APPLICATION_URL,
	SF_CONTACT_EMAIL,
	SF_WEBSITE_URL,
	SF_RENEWABLE,
	SF_IS_ACTIVE,
	SF__MAX
};

/* Limits shared with the documentation and the tests. */
#define SCH_NAME_MAX		300
#define SCH_ORGANIZATION_MAX	200
#define SCH_DESCRIPTION_MAX	10000
#define SCH_AMOUNT_MAX		1e9
#define SCH_MAX_AWARDS_MAX	1000000
#define SCH_URL_MAX		2048
#define SCH_EMAIL_MAX		254
#define SCH_AGE_MIN		13
#define SCH_AGE_MAX		120
#define SCH_LETTERS_MAX		10
#define SCH_LIST_MAX		64	/* items in one criteria array */

/* A list of enum indexes (into valid_grade_levels[] and so on). */
struct sch_list {
	int	*v;
	size_t	 n;
};

/*
 * One converted record.  set[f] is 1 when field f was present in the
 * input (always the case after a successful full validation of a
 * required field); null[f] is 1 when it was present as JSON null,
 * which only nullable fields accept.  A field that is not set holds
 * zero.  Strings are arena copies; enums are indexes into the shared
 * valid_*[] tables of valid.h.
 */
struct scholarship {
	unsigned char	 set[SF__MAX];
	unsigned char	 null[SF__MAX];
	int		 partial;	/* validated with partial = 1 */

	const char	*id;
	const char	*name;
	const char	*organization;
	const char	*description;
	double		 amount;
	long long	 max_awards;
	time_t		 application_deadline;
	time_t		 notification_date;
	int		 scholarship_type;	/* valid_scholarship_types */

	double		 min_gpa;
	double		 max_gpa;
	struct sch_list	 grade_levels;		/* valid_grade_levels */
	int		 citizenship_required;	/* valid_citizenship */
	struct sch_list	 residency_states;	/* valid_us_states */
	struct sch_list	 fields_of_study;	/* valid_fields_of_study */
	long long	 min_age;
	long long	 max_age;
	int		 financial_need;
	int		 essay_required;
	long long	 recommendation_letters;

	const char	*application_url;
	const char	*contact_email;
	const char	*website_url;
	int		 renewable;
	int		 is_active;
};

/*
 * Validate obj as a scholarship.  With partial = 0 (create, replace,
 * import) the required fields must be present; with partial = 1
 * (PATCH) every field is optional and absent fields stay unset.
 * Unknown members, created_at and updated_at are ignored.  Every bad
 * field is added to errs (which is cleared first), with messages and
 * values allocated from the arena.
 * Returns SCH_OK, or SCH_EVALID with errs filled.
 */
int	scholarship_from_json(struct json_object *obj, int partial,
	    struct scholarship *out, struct verrs *errs, struct arena *);

/*
 * Fill params[0 .. SCH_NPARAMS - 1] with the text parameters of the
 * statements below (NULL = SQL NULL), allocated from the arena.
 * For a full record an absent id is generated (read it back from
 * params[SF_ID]) and absent optional fields get their defaults.  For a
 * partial record absent fields are NULL and params[SCH_PARAM_MASK]
 * says which fields to change, for scholarship_patch_sql.
 * Returns SCH_OK, SCH_EINVAL when a full record lacks a required
 * field (a caller bug), or SCH_EINTERNAL when no random id could be
 * made.
 */
#define SCH_PARAM_MASK	SF__MAX
#define SCH_NPARAMS	(SF__MAX + 1)
int	scholarship_to_params(const struct scholarship *,
	    const char *params[SCH_NPARAMS], struct arena *);

/* "sch_" and 16 random hex digits into dst (≥ 21 bytes).  SCH_OK or SCH_EINTERNAL. */
int	scholarship_id_new(char *dst, size_t len);

/*
 * The JSON path of the field a scholarships constraint guards (from
 * PG_DIAG_CONSTRAINT_NAME), or NULL for a constraint we do not know.
 */
const char	*scholarship_constraint_field(const char *constraint);

/*
 * Statements over the params of scholarship_to_params().
 *
 * scholarship_insert_sql ($1..$25): plain INSERT, RETURNING id; a
 *   duplicate id is a unique violation (SQLSTATE 23505).
 * scholarship_upsert_sql ($1..$25): INSERT, or replace every column
 *   but id and created_at of the record with that id.  A record whose
 *   stored values already equal the new ones (timestamps compared to
 *   the second, the precision of the API) is left alone, so that
 *   re-importing an export changes nothing, updated_at included.
 *   RETURNING id, inserted ("t" new / "f" replaced); no row at all
 *   means "unchanged".
 * scholarship_update_sql ($1..$25): replace the record $1 (PUT);
 *   no row returned = no such id.
 * scholarship_patch_sql ($1..$26): change the fields whose digit in
 *   $26 (params[SCH_PARAM_MASK]) is '1' in record $1 (PATCH); no row
 *   returned = no such id.
 */
#define SCH_NPARAMS_WRITE	SF__MAX
extern const char	scholarship_insert_sql[];
extern const char	scholarship_upsert_sql[];
extern const char	scholarship_update_sql[];
extern const char	scholarship_patch_sql[];

/*
 * Append to b the insert (upsert = 0) or upsert statement for nrows
 * records at once (1 to SCH_INSERT_MANY_MAX): record i has parameters
 * $(25i + 1) .. $(25i + 25).  One statement is one round trip and all
 * or nothing.  NOTE: the upsert fails as a whole when two of the
 * records share an id.  Returns SCH_OK, SCH_EINVAL or the buffer error.
 */
#define SCH_INSERT_MANY_MAX	(65535 / SF__MAX)	/* protocol limit */
int	scholarship_insert_many_sql(struct buf *, size_t nrows, int upsert);

#endif /* SCH_SCHOLARSHIP_H */
