/*
 * scholarship-admin seed: load the demo catalogue, or generate a
 * synthetic one of any size for benchmarks.
 *
 * The generator is deterministic: record i depends only on the seed S
 * and on i (each record seeds its own PRNG stream from both), so the
 * same N and S give the same rows, and a smaller N gives a prefix of a
 * larger one.  The one exception is time: deadlines, notification and
 * creation dates are offsets from the UTC day of loading, so a
 * catalogue generated today looks as fresh as one generated last year.
 *
 * Rows go to the server with COPY FROM STDIN in text format inside one
 * transaction that first deletes the ids it is about to write, which
 * makes re-running safe and keeps the load fast (no per-row upsert).
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libpq-fe.h>

#include "buf.h"
#include "clock.h"
#include "conf.h"
#include "db.h"
#include "err.h"
#include "valid.h"

#include "admin.h"

#define GEN_MAX		9999999LL	/* ids have seven digits */
#define GEN_SEED_DEF	42
#define GEN_FLUSH	(256 * 1024)	/* COPY chunk size */
#define DAY		86400

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* A splitmix64 stream: tiny, fast, and good enough for test data. */
struct rng {
	uint64_t	s;
};

/* One generated record, before it is written as a COPY row. */
struct gen {
	char	 id[24];
	char	 name[192];
	char	 org[128];
	char	 slug[64];
	char	 desc[1536];
	int	 type;
	int	 fields[3], nfields;
	int	 states[3], nstates;
	int	 grades[3], ngrades;
	int	 citizenship;		/* -1 = open */
	int	 min_gpa, max_gpa;	/* hundredths, -1 = none */
	int	 min_age, max_age;	/* -1 = none */
	int	 need;			/* -1 = NULL, 1 = required */
	int	 essay, letters, renewable, active;
	long	 amount;		/* whole dollars */
	int	 max_awards;
	time_t	 deadline, notify;	/* notify 0 = NULL */
	time_t	 created;
	int	 has_email, has_website;
};

static uint64_t	 mix64(uint64_t);
static void	 rng_init(struct rng *, uint64_t seed, uint64_t i);
static uint64_t	 rng_next(struct rng *);
static uint32_t	 rng_below(struct rng *, uint32_t);
static double	 rng_unit(struct rng *);
static int	 rng_pct(struct rng *, uint32_t);
static int	 rng_weighted(struct rng *, const unsigned *, size_t);
static int	 pick_distinct(struct rng *, int *, int k, int n,
		    const unsigned *w);
static void	 cat(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static void	 join_list(char *, size_t, const char *const *, size_t,
		    const char *conj);
static void	 make_slug(char *, size_t, const char *);
static long	 gen_amount(struct rng *);
static void	 gen_org(struct rng *, struct gen *, const char *surname,
		    const char *surname2, const char *city);
static void	 gen_name(struct rng *, struct gen *, const char *first,
		    const char *surname, const char *noun);
static void	 gen_desc(struct rng *, struct gen *, const char *noun);
static void	 gen_record(struct gen *, uint64_t seed, long long i,
		    time_t day0);
static void	 copy_text(struct buf *, const char *);
static void	 copy_array(struct buf *, const char *const *, size_t);
static void	 copy_ts(struct buf *, time_t);
static void	 copy_row(struct buf *, const struct gen *);
static int	 seed_demo(const struct conf *);
static int	 seed_generate(const struct conf *, long long n,
		    long long seed);

/* Vocabulary ----------------------------------------------------------- */

/* The SPEC section 3 enums, in the SPEC's order, with weights. */
static const char *const types[] = {
	"merit_based", "need_based", "athletic", "minority",
	"academic_achievement", "community_service",
};
static const unsigned type_w[] = { 26, 24, 10, 12, 14, 14 };
static const char *const type_theme[] = {
	"Merit", "Opportunity", "Student-Athlete", "Diversity",
	"Academic Excellence", "Community Service",
};

static const char *const fields[] = {
	"engineering", "computer_science", "technology", "mathematics",
	"science", "medicine", "nursing", "business", "arts", "education",
	"law", "psychology", "social_sciences", "social_work", "other",
};
static const unsigned field_w[] = {
	10, 10, 7, 5, 9, 8, 8, 10, 6, 7, 4, 5, 5, 4, 2,
};
static const char *const field_label[] = {
	"Engineering", "Computer Science", "Technology", "Mathematics",
	"Science", "Medical", "Nursing", "Business", "Arts", "Education",
	"Law", "Psychology", "Social Science", "Social Work",
	"Interdisciplinary",
};
static const char *const field_phrase[] = {
	"engineering", "computer science", "information technology",
	"mathematics and statistics", "the natural sciences", "medicine",
	"nursing", "business and entrepreneurship",
	"the visual and performing arts", "teacher education", "law",
	"psychology", "the social sciences", "social work",
	"interdisciplinary studies",
};
static const char *const field_profession[] = {
	"Society of Engineers", "Computing Association",
	"Technology Council", "Mathematical Society", "Science Alliance",
	"Medical Association", "Nurses Association", "Business Council",
	"Arts Council", "Teachers Association", "Bar Foundation",
	"Psychological Association", "Social Science Council",
	"Social Workers Association", "Education Council",
};

static const char *const grades[] = {
	"high_school", "undergraduate", "graduate", "doctoral",
	"post_doctoral",
};
static const unsigned grade_w[] = { 25, 45, 18, 8, 4 };
static const char *const grade_phrase[] = {
	"high school seniors", "undergraduates", "graduate students",
	"doctoral candidates", "postdoctoral researchers",
};

static const char *const citizenships[] = {
	"US", "permanent_resident", "international",
};
static const unsigned citizenship_w[] = { 60, 25, 15 };

/* Two-letter codes plus DC, as in the CHECK of sql/001_init.sql. */
static const char *const state_code[] = {
	"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL",
	"GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME",
	"MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
	"NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI",
	"SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI",
	"WY",
};
static const char *const state_name[] = {
	"Alabama", "Alaska", "Arizona", "Arkansas", "California",
	"Colorado", "Connecticut", "Delaware", "the District of Columbia",
	"Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana",
	"Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
	"Massachusetts", "Michigan", "Minnesota", "Mississippi",
	"Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
	"New Jersey", "New Mexico", "New York", "North Carolina",
	"North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
	"Rhode Island", "South Carolina", "South Dakota", "Tennessee",
	"Texas", "Utah", "Vermont", "Virginia", "Washington",
	"West Virginia", "Wisconsin", "Wyoming",
};
/* Used in names and organisations, where "the District..." reads badly. */
static const char *const state_title[] = {
	"Alabama", "Alaska", "Arizona", "Arkansas", "California",
	"Colorado", "Connecticut", "Delaware", "Capital Region", "Florida",
	"Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
	"Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
	"Massachusetts", "Michigan", "Minnesota", "Mississippi",
	"Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
	"New Jersey", "New Mexico", "New York", "North Carolina",
	"North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
	"Rhode Island", "South Carolina", "South Dakota", "Tennessee",
	"Texas", "Utah", "Vermont", "Virginia", "Washington",
	"West Virginia", "Wisconsin", "Wyoming",
};

static const char *const first_names[] = {
	"Eleanor", "Harold", "Margaret", "Samuel", "Rosa", "Theodore",
	"Grace", "Walter", "Dolores", "Benjamin", "Evelyn", "Marcus",
	"Irene", "Franklin", "Alma", "Raymond", "Naomi", "Victor",
	"Lillian", "Ernest", "Mei", "Arjun", "Amara", "Tomas",
};
static const char *const surnames[] = {
	"Abernathy", "Alvarez", "Ashford", "Baptiste", "Bellamy",
	"Calloway", "Castellanos", "Chen", "Delacroix", "Delgado",
	"Donovan", "Ellison", "Fairbanks", "Fitzgerald", "Galloway",
	"Haddad", "Hargrove", "Harrington", "Hollister", "Iverson",
	"Jablonski", "Kaminski", "Kim", "Kowalczyk", "Lindqvist",
	"Marchetti", "Mbatha", "McAllister", "Nakamura", "Nguyen",
	"O'Connell", "Okafor", "Okonkwo", "Patel", "Pemberton",
	"Quintero", "Rasmussen", "Sorensen", "Thibodeaux", "Underwood",
	"Vasquez", "Whitfield", "Yamamoto", "Zielinski", "Bishop",
	"Reyes", "Goldberg", "Sandoval",
};
static const char *const cities[] = {
	"Maple Ridge", "Cedar Falls", "Riverton", "Harbor City",
	"Fairview", "Brookhaven", "Westfield", "Oak Hollow", "Silver Lake",
	"Granite Springs", "Millbrook", "Eastport", "Lakeside",
	"Stonebridge", "Willow Creek", "Redwood Valley", "Clearwater",
	"Summit Park", "Bayview", "Highland", "Ashton", "Northgate",
	"Elm Grove", "Pine Crest", "Copper Canyon", "Prairie View",
	"Bridgewater", "Kingsport", "Marlow", "Greenvale", "Hollis Bay",
	"Linden", "Meadowbrook", "Ridgecrest", "Sutton", "Thornbury",
	"Waverly", "Windham", "Juniper Flats", "Crescent Harbor",
};
static const char *const brands[] = {
	"Bright Futures", "New Horizons", "Open Pathways", "Rising Stars",
	"First Light", "Keystone", "Northstar", "Evergreen", "Lighthouse",
	"Cornerstone", "Silver Oak", "Blue Ridge",
};
static const char *const causes[] = {
	"Education", "Student Success", "Opportunity", "Higher Learning",
};
static const char *const qualifiers[] = {
	"Excellence", "Leadership", "Promise", "Achievement", "Legacy",
	"Opportunity", "Pathways", "Horizons", "Impact", "Future Leaders",
	"Innovation", "Access",
};
static const char *const adjectives[] = {
	"Emerging", "Future", "Rising", "Next Generation", "Aspiring",
	"Distinguished", "Promising", "Outstanding",
};

/* Sentences by scholarship type, same order as types[]. */
static const char *const type_sentence[][3] = {
	{	/* merit_based */
		"Selection is based on academic record, leadership and a "
		"personal statement.",
		"Candidates are judged on achievement, initiative and the "
		"strength of their goals.",
		"The committee looks for students who have excelled both in "
		"and outside the classroom.",
	},
	{	/* need_based */
		"Priority goes to applicants who can show financial need, and "
		"awards are paid directly to the school.",
		"The grant is meant for students whose families cannot cover "
		"the full cost of attendance.",
		"Awards are based primarily on financial need, with "
		"consideration for academic progress.",
	},
	{	/* athletic */
		"Applicants must compete in a school or club sport and keep "
		"their grades up; coaches may nominate candidates.",
		"The award recognizes student-athletes who balance "
		"competition with classroom success.",
		"Varsity and club athletes alike may apply with a coach's "
		"endorsement and a season summary.",
	},
	{	/* minority */
		"It aims to widen access for students from groups "
		"under-represented in their chosen field.",
		"The program supports students from under-represented "
		"communities and pairs each recipient with a mentor.",
		"Recipients join a network of alumni who have broken barriers "
		"in their professions.",
	},
	{	/* academic_achievement */
		"Recipients are chosen for outstanding grades and rigorous "
		"coursework.",
		"It rewards a sustained record of academic excellence, "
		"verified by transcript.",
		"Finalists are the top performers in their program, "
		"as certified by their school.",
	},
	{	/* community_service */
		"Applicants describe their volunteer work and the difference "
		"it made in their community.",
		"At least 50 hours of documented community service in the "
		"past year are expected.",
		"The award honors students who lead service projects that "
		"improve life in their neighborhoods.",
	},
};

/* PRNG ------------------------------------------------------------------ */

/* The splitmix64 finaliser: a good 64-bit mixing function. */
static uint64_t
mix64(uint64_t z)
{

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * Seed the stream of record i.  Hashing (seed, i) rather than using
 * seed + i keeps neighbouring records' streams from overlapping, as
 * splitmix64 streams started one increment apart would.
 */
static void
rng_init(struct rng *r, uint64_t seed, uint64_t i)
{

	r->s = mix64(seed ^ mix64(i * 0x9e3779b97f4a7c15ULL +
	    0x632be59bd9b4e019ULL));
}

static uint64_t
rng_next(struct rng *r)
{

	r->s += 0x9e3779b97f4a7c15ULL;
	return mix64(r->s);
}

/* Uniform in [0, n) by multiply-shift; the bias is below 2^-32 * n. */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{

	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [0, 1). */
static double
rng_unit(struct rng *r)
{

	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* True with probability pct percent. */
static int
rng_pct(struct rng *r, uint32_t pct)
{

	return rng_below(r, 100) < pct;
}

static int
rng_weighted(struct rng *r, const unsigned *w, size_t n)
{
	unsigned	total = 0, x;
	size_t		i;

	for (i = 0; i < n; i++)
		total += w[i];
	x = rng_below(r, total);
	for (i = 0; i < n; i++) {
		if (x < w[i])
			return (int)i;
		x -= w[i];
	}
	return (int)n - 1;
}

/* k distinct indexes below n into out (weighted when w is non-NULL). */
static int
pick_distinct(struct rng *r, int *out, int k, int n, const unsigned *w)
{
	int	got = 0, x, j, dup;

	while (got < k) {
		x = w != NULL ? rng_weighted(r, w, (size_t)n) :
		    (int)rng_below(r, (uint32_t)n);
		for (dup = 0, j = 0; j < got; j++)
			dup |= out[j] == x;
		if (!dup)
			out[got++] = x;
	}
	return got;
}

/* Text helpers --------------------------------------------------------- */

/* Append to a NUL-terminated fixed buffer, truncating safely. */
static void
cat(char *dst, size_t len, const char *fmt, ...)
{
	va_list	ap;
	size_t	used;

	used = strlen(dst);
	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(dst + used, len - used, fmt, ap);
	va_end(ap);
}

/* "a", "a or b", "a, b or c". */
static void
join_list(char *dst, size_t len, const char *const *items, size_t n,
    const char *conj)
{
	size_t	i;

	dst[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			cat(dst, len, "%s", i + 1 == n ? conj : ", ");
		cat(dst, len, "%s", items[i]);
	}
}

/* "O'Connell & Kim Charitable Trust" → "oconnell-kim-charitable-trust". */
static void
make_slug(char *dst, size_t len, const char *s)
{
	size_t	n = 0;
	int	dash = 0;

	for (; *s != '\0' && n + 1 < len; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) {
			if (dash && n > 0 && n + 2 < len)
				dst[n++] = '-';
			dst[n++] = *s;
			dash = 0;
		} else if (*s >= 'A' && *s <= 'Z') {
			if (dash && n > 0 && n + 2 < len)
				dst[n++] = '-';
			dst[n++] = (char)(*s - 'A' + 'a');
			dash = 0;
		} else if (*s == ' ' || *s == '-')
			dash = 1;
	}
	dst[n] = '\0';
}

/* Generator ------------------------------------------------------------ */

/*
 * A skewed amount: u^2.2 on a log scale from 500 to 50000 puts about
 * three records in four at 5000 or less and a thin tail up to 50000,
 * rounded the way sponsors round (50, 250, 1000).
 */
static long
gen_amount(struct rng *r)
{
	double	u, a;
	long	step, v;

	u = rng_unit(r);
	a = 500.0 * exp(log(100.0) * pow(u, 2.2));
	step = a < 2000.0 ? 50 : a < 10000.0 ? 250 : 1000;
	v = ((long)(a + step / 2) / step) * step;
	if (v < 500)
		v = 500;
	if (v > 50000)
		v = 50000;
	return v;
}

static void
gen_org(struct rng *r, struct gen *g, const char *surname,
    const char *surname2, const char *city)
{
	const char	*state;
	int		 f;

	f = g->nfields > 0 ? g->fields[0] : 14;
	state = g->nstates > 0 ? state_title[g->states[0]] :
	    state_title[rng_below(r, NELEM(state_title))];
	g->org[0] = '\0';
	switch (rng_below(r, 10)) {
	case 0:
		cat(g->org, sizeof(g->org), "%s Family Foundation", surname);
		break;
	case 1:
		cat(g->org, sizeof(g->org), "%s Community Foundation", city);
		break;
	case 2:
		cat(g->org, sizeof(g->org), "%s Educational Trust", surname);
		break;
	case 3:
		cat(g->org, sizeof(g->org), "%s State University", city);
		break;
	case 4:
		cat(g->org, sizeof(g->org), "University of %s", city);
		break;
	case 5:
		cat(g->org, sizeof(g->org), "%s %s", state,
		    field_profession[f]);
		break;
	case 6:
		cat(g->org, sizeof(g->org), "%s Fund for %s",
		    brands[rng_below(r, NELEM(brands))],
		    causes[rng_below(r, NELEM(causes))]);
		break;
	case 7:
		cat(g->org, sizeof(g->org), "%s Civic League", city);
		break;
	case 8:
		cat(g->org, sizeof(g->org), "%s & %s Charitable Trust",
		    surname, surname2);
		break;
	default:
		cat(g->org, sizeof(g->org), "%s Institute for %s", surname,
		    g->nfields > 0 ? field_label[f] : "Leadership");
		break;
	}
	make_slug(g->slug, sizeof(g->slug), g->org);
}

static void
gen_name(struct rng *r, struct gen *g, const char *first,
    const char *surname, const char *noun)
{
	const char	*f;

	f = g->nfields > 0 ? field_label[g->fields[0]] : type_theme[g->type];
	g->name[0] = '\0';
	switch (rng_below(r, 6)) {
	case 0:
		cat(g->name, sizeof(g->name), "%s %s %s %s", surname, f,
		    qualifiers[rng_below(r, NELEM(qualifiers))], noun);
		break;
	case 1:
		cat(g->name, sizeof(g->name), "%s %s %s", g->org, f, noun);
		break;
	case 2:
		cat(g->name, sizeof(g->name), "%s %s Scholars %s",
		    adjectives[rng_below(r, NELEM(adjectives))], f, noun);
		break;
	case 3:
		if (rng_pct(r, 50))
			cat(g->name, sizeof(g->name), "%s %s Memorial %s %s",
			    first, surname, f, noun);
		else
			cat(g->name, sizeof(g->name), "%s %s Memorial %s",
			    first, surname, noun);
		break;
	case 4:
		cat(g->name, sizeof(g->name), "%s %s %s %s",
		    g->nstates > 0 ? state_title[g->states[0]] : "National",
		    f, qualifiers[rng_below(r, NELEM(qualifiers))], noun);
		break;
	default:
		cat(g->name, sizeof(g->name), "%s Family %s %s", surname,
		    type_theme[g->type], noun);
		break;
	}
}

/*
 * Two to four sentences: what and for whom (field, level), how
 * recipients are chosen (type), then up to two of region, citizenship,
 * need, GPA, renewal, essay, letters.  A residency restriction is
 * always mentioned: a student reading the text must not miss it.
 */
static void
gen_desc(struct rng *r, struct gen *g, const char *noun)
{
	const char	*items[5], *extra[8], *tmp;
	char		 fieldp[160], gradep[160], region[192], sent[8][256];
	char		 lnoun[32];
	size_t		 i, nextra = 0, want;
	int		 j, k;

	for (i = 0; noun[i] != '\0' && i + 1 < sizeof(lnoun); i++)
		lnoun[i] = (char)(noun[i] >= 'A' && noun[i] <= 'Z' ?
		    noun[i] - 'A' + 'a' : noun[i]);
	lnoun[i] = '\0';

	for (j = 0; j < g->nfields; j++)
		items[j] = field_phrase[g->fields[j]];
	if (g->nfields > 0)
		join_list(fieldp, sizeof(fieldp), items, (size_t)g->nfields,
		    " or ");
	else
		snprintf(fieldp, sizeof(fieldp), "any field of study");
	for (j = 0; j < g->ngrades; j++)
		items[j] = grade_phrase[g->grades[j]];
	if (g->ngrades > 0)
		join_list(gradep, sizeof(gradep), items, (size_t)g->ngrades,
		    " and ");
	else
		snprintf(gradep, sizeof(gradep), "students at every level");
	for (j = 0; j < g->nstates; j++)
		items[j] = state_name[g->states[j]];
	join_list(region, sizeof(region), items, (size_t)g->nstates, " or ");

	g->desc[0] = '\0';
	switch (rng_below(r, g->nfields > 0 ? 5 : 4)) {
	case 0:
		cat(g->desc, sizeof(g->desc), "This %s supports %s pursuing "
		    "degrees in %s.", lnoun, gradep, fieldp);
		break;
	case 1:
		cat(g->desc, sizeof(g->desc), "Established to encourage %s "
		    "in %s, it helps cover tuition, fees and books.", gradep,
		    fieldp);
		break;
	case 2:
		cat(g->desc, sizeof(g->desc), "Each year the %s honors %s "
		    "who show exceptional promise in %s.", g->org, gradep,
		    fieldp);
		break;
	case 3:
		if (g->nfields > 0)
			cat(g->desc, sizeof(g->desc), "Created for %s with a "
			    "passion for %s, this %s recognizes both talent "
			    "and commitment.", gradep, fieldp, lnoun);
		else
			cat(g->desc, sizeof(g->desc), "Created for %s in every "
			    "discipline, this %s recognizes both talent and "
			    "commitment.", gradep, lnoun);
		break;
	default:
		cat(g->desc, sizeof(g->desc), "The %s offers this %s to %s "
		    "preparing for careers in %s.", g->org, lnoun, gradep,
		    fieldp);
		break;
	}
	cat(g->desc, sizeof(g->desc), " %s",
	    type_sentence[g->type][rng_below(r, 3)]);

	/* Candidate extra sentences; the region one stays first. */
	if (g->nstates > 0) {
		switch (rng_below(r, 3)) {
		case 0:
			snprintf(sent[nextra], sizeof(sent[0]), "Applicants "
			    "must be residents of %s.", region);
			break;
		case 1:
			snprintf(sent[nextra], sizeof(sent[0]), "It is open "
			    "to students who live in %s.", region);
			break;
		default:
			snprintf(sent[nextra], sizeof(sent[0]), "Only "
			    "residents of %s are eligible.", region);
			break;
		}
		nextra++;
	}
	k = (int)nextra;
	if (g->nstates == 0)
		snprintf(sent[nextra++], sizeof(sent[0]), "%s",
		    rng_pct(r, 50) ? "Students from every state may apply." :
		    "There is no residency requirement.");
	if (g->citizenship == 0)
		snprintf(sent[nextra++], sizeof(sent[0]),
		    "Applicants must be US citizens.");
	else if (g->citizenship == 1)
		snprintf(sent[nextra++], sizeof(sent[0]),
		    "US citizens and permanent residents are eligible.");
	else if (g->citizenship == 2)
		snprintf(sent[nextra++], sizeof(sent[0]), "International "
		    "students studying in the United States are encouraged "
		    "to apply.");
	if (g->need == 1)
		snprintf(sent[nextra++], sizeof(sent[0]), "Applicants must "
		    "document financial need.");
	if (g->min_gpa >= 0)
		snprintf(sent[nextra++], sizeof(sent[0]), "A minimum GPA of "
		    "%d.%02d is required.", g->min_gpa / 100,
		    g->min_gpa % 100);
	if (g->renewable)
		snprintf(sent[nextra++], sizeof(sent[0]), "The award is "
		    "renewable for up to four years with satisfactory "
		    "academic progress.");
	if (g->essay && nextra < NELEM(sent))
		snprintf(sent[nextra++], sizeof(sent[0]), "The application "
		    "includes a short essay on your goals.");
	if (g->letters > 0 && nextra < NELEM(sent))
		snprintf(sent[nextra++], sizeof(sent[0]), "Please include %d "
		    "letter%s of recommendation.", g->letters,
		    g->letters == 1 ? "" : "s");
	for (i = 0; i < nextra; i++)
		extra[i] = sent[i];
	/* Shuffle all but a leading region sentence (Fisher-Yates). */
	for (i = nextra; i > (size_t)k + 1; i--) {
		j = k + (int)rng_below(r, (uint32_t)(i - (size_t)k));
		tmp = extra[i - 1];
		extra[i - 1] = extra[j];
		extra[j] = tmp;
	}
	want = rng_below(r, 3);
	if (g->nstates > 0 && want == 0)
		want = 1;
	for (i = 0; i < want && i < nextra; i++)
		cat(g->desc, sizeof(g->desc), " %s", extra[i]);
}

/*
 * Build record i.  Every random choice is drawn from the record's own
 * stream in a fixed order, so changing a distribution here changes the
 * catalogue for every seed: that is fine, but say so in the commit.
 */
static void
gen_record(struct gen *g, uint64_t seed, long long i, time_t day0)
{
	static const char *const nouns[] = {
		"Scholarship", "Scholarship", "Scholarship", "Award", "Grant",
		"Prize",
	};
	struct rng	 r;
	const char	*noun, *surname, *surname2, *city, *first;
	uint32_t	 s1, s2;
	int		 start, j, t, tmp, days, graduate;

	memset(g, 0, sizeof(*g));
	rng_init(&r, seed, (uint64_t)i);
	snprintf(g->id, sizeof(g->id), "gen_%07lld", i);

	g->type = rng_weighted(&r, type_w, NELEM(type_w));

	/* About a quarter open to every field, else one to three. */
	if (!rng_pct(&r, 25)) {
		t = (int)rng_below(&r, 100);
		g->nfields = t < 60 ? 1 : t < 88 ? 2 : 3;
		pick_distinct(&r, g->fields, g->nfields, NELEM(fields),
		    field_w);
	}
	/* About 70% open to every state. */
	if (rng_pct(&r, 30)) {
		t = (int)rng_below(&r, 100);
		g->nstates = t < 70 ? 1 : t < 90 ? 2 : 3;
		pick_distinct(&r, g->states, g->nstates, NELEM(state_code),
		    NULL);
		/* Sorted, as a human would list them. */
		for (j = 1; j < g->nstates; j++) {
			for (t = j; t > 0 && g->states[t] < g->states[t - 1];
			    t--) {
				tmp = g->states[t];
				g->states[t] = g->states[t - 1];
				g->states[t - 1] = tmp;
			}
		}
	}
	/* About 60% open to every citizenship. */
	g->citizenship = rng_pct(&r, 40) ?
	    rng_weighted(&r, citizenship_w, NELEM(citizenship_w)) : -1;
	/* Grade levels: a run of adjacent levels, 20% open to all. */
	if (!rng_pct(&r, 20)) {
		start = rng_weighted(&r, grade_w, NELEM(grade_w));
		t = (int)rng_below(&r, 100);
		g->ngrades = t < 70 ? 1 : t < 95 ? 2 : 3;
		if (start + g->ngrades > (int)NELEM(grades))
			g->ngrades = (int)NELEM(grades) - start;
		for (j = 0; j < g->ngrades; j++)
			g->grades[j] = start + j;
	}
	graduate = g->ngrades > 0 && g->grades[0] >= 2;

	g->min_gpa = g->max_gpa = -1;
	if (!rng_pct(&r, 45)) {
		static const int gpas[] = { 200, 250, 275, 300, 300, 325, 330,
		    350, 350, 375, 380, 390 };
		g->min_gpa = gpas[rng_below(&r, NELEM(gpas))];
		if (g->min_gpa <= 300 && rng_pct(&r, 8)) {
			g->max_gpa = g->min_gpa + 50 +
			    25 * (int)rng_below(&r, 3);
			if (g->max_gpa > 400)
				g->max_gpa = 400;
		}
	}
	g->min_age = g->max_age = -1;
	if (rng_pct(&r, 18)) {
		switch (rng_below(&r, 3)) {
		case 0:
			g->min_age = 16 + (int)rng_below(&r, 10);
			break;
		case 1:
			g->max_age = 18 + (int)rng_below(&r, 13);
			break;
		default:
			g->min_age = 16 + (int)rng_below(&r, 5);
			g->max_age = g->min_age + 4 + (int)rng_below(&r, 9);
			break;
		}
	}
	if (g->type == 1)
		g->need = 1;
	else
		g->need = rng_pct(&r, 12) ? 1 : -1;
	g->essay = rng_pct(&r, 60);
	t = (int)rng_below(&r, 100);
	g->letters = t < 35 ? 0 : t < 70 ? 1 : t < 92 ? 2 : 3;
	g->renewable = rng_pct(&r, 25);
	g->active = rng_pct(&r, 98);
	g->amount = gen_amount(&r);
	g->max_awards = 1 + (int)(49.0 * rng_unit(&r) * rng_unit(&r) *
	    rng_unit(&r));

	/* Deadlines: about 5% already past, the rest 1-365 days ahead. */
	if (rng_pct(&r, 5))
		days = -1 - (int)rng_below(&r, 120);
	else
		days = 1 + (int)rng_below(&r, 365);
	g->deadline = day0 + (time_t)days * DAY + DAY - 1;
	if (rng_pct(&r, 70))
		g->notify = g->deadline + (time_t)(21 +
		    rng_below(&r, 70)) * DAY;
	g->created = day0 - (time_t)(1 + rng_below(&r, 730)) * DAY +
	    (time_t)rng_below(&r, DAY);
	g->has_email = rng_pct(&r, 85);
	g->has_website = rng_pct(&r, 90);

	noun = nouns[rng_below(&r, NELEM(nouns))];
	if (graduate && rng_pct(&r, 50))
		noun = "Fellowship";
	first = first_names[rng_below(&r, NELEM(first_names))];
	/* Two different surnames, for "A & B Charitable Trust". */
	s1 = rng_below(&r, NELEM(surnames));
	s2 = (s1 + 1 + rng_below(&r, NELEM(surnames) - 1)) % NELEM(surnames);
	surname = surnames[s1];
	surname2 = surnames[s2];
	city = cities[rng_below(&r, NELEM(cities))];

	gen_org(&r, g, surname, surname2, city);
	gen_name(&r, g, first, surname, noun);
	gen_desc(&r, g, noun);
}

/*
 * Bulk loads and GIN.  The search indexes run with fastupdate = off
 * (scans stay fast), which makes every inserted row update the index
 * in place: 100 000 rows took almost two minutes.  For the load, those
 * indexes take entries into a large pending list instead, merged in
 * sorted batches by gin_clean_pending_list() before the commit, and
 * get their setting back in the same transaction.
 */
static const char gin_bulk_begin[] =
	"DO $$ DECLARE r record; BEGIN"
	" SET LOCAL gin_pending_list_limit = '1GB';"
	" SET LOCAL maintenance_work_mem = '256MB';"
	" SET LOCAL work_mem = '64MB';"
	" CREATE TEMP TABLE gin_bulk ON COMMIT DROP AS"
	"  SELECT c.oid::regclass AS idx FROM pg_index i"
	"  JOIN pg_class c ON c.oid = i.indexrelid"
	"  JOIN pg_am a ON a.oid = c.relam"
	"  WHERE i.indrelid = 'scholarships'::regclass AND a.amname = 'gin'"
	"  AND 'fastupdate=off' = ANY (c.reloptions);"
	" FOR r IN SELECT idx FROM gin_bulk LOOP"
	"  EXECUTE format('ALTER INDEX %s SET (fastupdate = on)', r.idx);"
	" END LOOP; END $$";
static const char gin_bulk_end[] =
	"DO $$ DECLARE r record; BEGIN"
	" FOR r IN SELECT idx FROM gin_bulk LOOP"
	"  PERFORM gin_clean_pending_list(r.idx);"
	"  EXECUTE format('ALTER INDEX %s SET (fastupdate = off)', r.idx);"
	" END LOOP; END $$";

/* COPY text format ----------------------------------------------------- */

/*
 * One column value: backslash, tab, newline and carriage return are
 * the characters COPY's text format gives a meaning to.
 */
static void
copy_text(struct buf *b, const char *s)
{
	const char	*p;

	for (p = s; *p != '\0'; p++) {
		switch (*p) {
		case '\\':
			buf_add(b, "\\\\", 2);
			break;
		case '\t':
			buf_add(b, "\\t", 2);
			break;
		case '\n':
			buf_add(b, "\\n", 2);
			break;
		case '\r':
			buf_add(b, "\\r", 2);
			break;
		default:
			buf_putc(b, *p);
			break;
		}
	}
}

/*
 * A text[] literal such as {CA,"New York"}: elements that are empty,
 * spell NULL or hold blanks or any of {}," \ are double-quoted with
 * " and \ backslash-escaped.  The literal then goes through
 * copy_text(), which doubles those backslashes again for COPY.
 */
static void
copy_array(struct buf *b, const char *const *items, size_t n)
{
	char		 lit[1024];
	const char	*p;
	size_t		 i;
	int		 quote;

	lit[0] = '\0';
	cat(lit, sizeof(lit), "{");
	for (i = 0; i < n; i++) {
		quote = items[i][0] == '\0' ||
		    strcasecmp(items[i], "NULL") == 0 ||
		    strpbrk(items[i], "{},\"\\ \t\n\r") != NULL;
		if (i > 0)
			cat(lit, sizeof(lit), ",");
		if (!quote) {
			cat(lit, sizeof(lit), "%s", items[i]);
			continue;
		}
		cat(lit, sizeof(lit), "\"");
		for (p = items[i]; *p != '\0'; p++)
			cat(lit, sizeof(lit), "%s%c",
			    *p == '"' || *p == '\\' ? "\\" : "", *p);
		cat(lit, sizeof(lit), "\"");
	}
	cat(lit, sizeof(lit), "}");
	copy_text(b, lit);
}

static void
copy_ts(struct buf *b, time_t t)
{
	struct tm	tm;
	char		s[40];

	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%Y-%m-%d %H:%M:%S+00", &tm);
	buf_puts(b, s);
}

/* The COPY column list; copy_row() writes the values in this order. */
#define GEN_COLUMNS "id, name, organization, description, amount, " \
	"max_awards, application_deadline, notification_date, " \
	"scholarship_type, min_gpa, max_gpa, grade_levels, " \
	"citizenship_required, residency_states, fields_of_study, " \
	"min_age, max_age, financial_need, essay_required, " \
	"recommendation_letters, application_url, contact_email, " \
	"website_url, renewable, is_active, created_at, updated_at"

static void
copy_row(struct buf *b, const struct gen *g)
{
	const char	*items[5];
	int		 j;

	copy_text(b, g->id);
	buf_putc(b, '\t');
	copy_text(b, g->name);
	buf_putc(b, '\t');
	copy_text(b, g->org);
	buf_putc(b, '\t');
	copy_text(b, g->desc);
	buf_printf(b, "\t%ld.00\t%d\t", g->amount, g->max_awards);
	copy_ts(b, g->deadline);
	buf_putc(b, '\t');
	if (g->notify != 0)
		copy_ts(b, g->notify);
	else
		buf_puts(b, "\\N");
	buf_printf(b, "\t%s\t", types[g->type]);
	if (g->min_gpa >= 0)
		buf_printf(b, "%d.%02d", g->min_gpa / 100, g->min_gpa % 100);
	else
		buf_puts(b, "\\N");
	buf_putc(b, '\t');
	if (g->max_gpa >= 0)
		buf_printf(b, "%d.%02d", g->max_gpa / 100, g->max_gpa % 100);
	else
		buf_puts(b, "\\N");
	buf_putc(b, '\t');
	for (j = 0; j < g->ngrades; j++)
		items[j] = grades[g->grades[j]];
	copy_array(b, items, (size_t)g->ngrades);
	buf_putc(b, '\t');
	buf_puts(b, g->citizenship >= 0 ? citizenships[g->citizenship] :
	    "\\N");
	buf_putc(b, '\t');
	for (j = 0; j < g->nstates; j++)
		items[j] = state_code[g->states[j]];
	copy_array(b, items, (size_t)g->nstates);
	buf_putc(b, '\t');
	for (j = 0; j < g->nfields; j++)
		items[j] = fields[g->fields[j]];
	copy_array(b, items, (size_t)g->nfields);
	buf_putc(b, '\t');
	if (g->min_age >= 0)
		buf_printf(b, "%d", g->min_age);
	else
		buf_puts(b, "\\N");
	buf_putc(b, '\t');
	if (g->max_age >= 0)
		buf_printf(b, "%d", g->max_age);
	else
		buf_puts(b, "\\N");
	buf_printf(b, "\t%s\t%s\t%d\t", g->need == 1 ? "t" : "\\N",
	    g->essay ? "t" : "f", g->letters);
	buf_printf(b, "https://%s.example.org/scholarships/", g->slug);
	copy_text(b, g->id);
	buf_putc(b, '\t');
	if (g->has_email)
		buf_printf(b, "scholarships@%s.example.org", g->slug);
	else
		buf_puts(b, "\\N");
	buf_putc(b, '\t');
	if (g->has_website)
		buf_printf(b, "https://%s.example.org", g->slug);
	else
		buf_puts(b, "\\N");
	buf_printf(b, "\t%s\t%s\t", g->renewable ? "t" : "f",
	    g->active ? "t" : "f");
	copy_ts(b, g->created);
	buf_putc(b, '\t');
	copy_ts(b, g->created);
	buf_putc(b, '\n');
}

/* Commands ------------------------------------------------------------- */

static int
seed_demo(const struct conf *conf)
{
	struct buf	 sql;
	PGconn		*conn = NULL;
	PGresult	*res = NULL;
	char		 path[4096], count[24];
	double		 t0;
	int		 rc;

	buf_init(&sql, ADMIN_SQL_MAX);
	if (admin_join(path, sizeof(path), conf->migrations_dir,
	    "demo_seed.sql") == -1) {
		admin_warnx("migrations_dir is too long");
		rc = EX_CONFIG;
		goto out;
	}
	if ((rc = admin_read_file(path, &sql)) != EX_OK)
		goto out;
	if ((conn = admin_connect(conf)) == NULL) {
		rc = EX_UNAVAILABLE;
		goto out;
	}
	t0 = clock_mono();
	if ((rc = admin_exec(conn, "BEGIN", "BEGIN")) != EX_OK)
		goto out;
	res = PQexec(conn, buf_cstr(&sql));
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = admin_result_error(conn, res, path);
		if (rc == EX_DATAERR)
			admin_warnx("is the schema migrated? "
			    "(scholarship-admin migrate)");
		goto out;
	}
	if (PQtransactionStatus(conn) != PQTRANS_INTRANS) {
		admin_warnx("%s: the file ended the transaction itself",
		    path);
		rc = EX_DATAERR;
		goto out;
	}
	/* The last statement is the upsert: its row count is the answer. */
	snprintf(count, sizeof(count), "%s",
	    *PQcmdTuples(res) != '\0' ? PQcmdTuples(res) : "?");
	PQclear(res);
	res = PQexec(conn, "COMMIT");
	if (PQresultStatus(res) != PGRES_COMMAND_OK ||
	    strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		rc = admin_result_error(conn, res, "COMMIT");
		goto out;
	}
	printf("demo catalogue: %s scholarships loaded from %s in %.2f s\n",
	    count, path, clock_mono() - t0);
	rc = EX_OK;
out:
	PQclear(res);
	if (conn != NULL) {
		if (rc != EX_OK)
			admin_rollback(conn);
		db_close();
	}
	buf_free(&sql);
	return rc;
}

/*
 * Generate and load gen_0000001 .. gen_N in one transaction: delete
 * those ids, COPY the new rows, commit, then ANALYZE so the planner
 * sees the new catalogue at once (autovacuum would take a while).
 */
static int
seed_generate(const struct conf *conf, long long n, long long seed)
{
	static const char	 copy_sql[] = "COPY scholarships (" GEN_COLUMNS
	    ") FROM STDIN";
	struct buf		 b;
	struct gen		 g;
	PGconn			*conn = NULL;
	PGresult		*res = NULL;
	const char		*params[1];
	char			 nbuf[24], del[24];
	double			 t0, t1, t2;
	time_t			 day0;
	long long		 i;
	int			 rc, copying = 0;

	buf_init(&b, 4 * GEN_FLUSH);
	if ((conn = admin_connect(conf)) == NULL) {
		rc = EX_UNAVAILABLE;
		goto out;
	}
	day0 = time(NULL);
	day0 -= day0 % DAY;
	t0 = clock_mono();
	if ((rc = admin_exec(conn, "BEGIN", "BEGIN")) != EX_OK)
		goto out;

	snprintf(nbuf, sizeof(nbuf), "%lld", n);
	params[0] = nbuf;
	res = PQexecParams(conn, "DELETE FROM scholarships WHERE id IN "
	    "(SELECT 'gen_' || lpad(g::text, 7, '0') "
	    "FROM generate_series(1, $1::integer) AS g)", 1, NULL, params,
	    NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = admin_result_error(conn, res, "deleting old gen_ rows");
		if (rc == EX_DATAERR)
			admin_warnx("is the schema migrated? "
			    "(scholarship-admin migrate)");
		goto out;
	}
	snprintf(del, sizeof(del), "%s", PQcmdTuples(res));
	PQclear(res);

	if ((rc = admin_exec(conn, gin_bulk_begin, "preparing the search "
	    "indexes for a bulk load")) != EX_OK)
		goto out;
	res = PQexec(conn, copy_sql);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		rc = admin_result_error(conn, res, "starting COPY");
		goto out;
	}
	PQclear(res);
	res = NULL;
	copying = 1;
	for (i = 1; i <= n; i++) {
		gen_record(&g, (uint64_t)seed, i, day0);
		copy_row(&b, &g);
		if (b.len < GEN_FLUSH && i < n)
			continue;
		if (buf_error(&b) != SCH_OK) {
			admin_warnx("generating %s: %s", g.id,
			    sch_strerror(buf_error(&b)));
			rc = EX_SOFTWARE;
			goto out;
		}
		if (PQputCopyData(conn, b.p, (int)b.len) != 1) {
			rc = admin_result_error(conn, NULL,
			    "sending COPY data");
			goto out;
		}
		buf_reset(&b);
	}
	copying = 0;
	if (PQputCopyEnd(conn, NULL) != 1) {
		rc = admin_result_error(conn, NULL, "ending COPY");
		goto out;
	}
	/* The COPY's own result, then NULL. */
	res = PQgetResult(conn);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = admin_result_error(conn, res, "COPY");
		goto out;
	}
	PQclear(res);
	while ((res = PQgetResult(conn)) != NULL)
		PQclear(res);
	if ((rc = admin_exec(conn, gin_bulk_end, "merging the search "
	    "indexes")) != EX_OK)
		goto out;

	res = PQexec(conn, "COMMIT");
	if (PQresultStatus(res) != PGRES_COMMAND_OK ||
	    strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		rc = admin_result_error(conn, res, "COMMIT");
		goto out;
	}
	PQclear(res);
	res = NULL;
	t1 = clock_mono();
	if ((rc = admin_exec(conn, "ANALYZE scholarships",
	    "ANALYZE scholarships")) != EX_OK)
		goto out;
	t2 = clock_mono();
	printf("generated %lld scholarships gen_0000001..gen_%07lld "
	    "(seed %lld, %s replaced) in %.2f s (%.0f rows/s); "
	    "analyze %.2f s\n", n, n, seed, del, t1 - t0,
	    (double)n / (t1 - t0 > 0 ? t1 - t0 : 1e-9), t2 - t1);
out:
	PQclear(res);
	if (conn != NULL) {
		/* Abort a COPY in progress so the server rolls it back. */
		if (copying && PQputCopyEnd(conn, "generator failed") == 1)
			while ((res = PQgetResult(conn)) != NULL)
				PQclear(res);
		if (rc != EX_OK)
			admin_rollback(conn);
		db_close();
	}
	buf_free(&b);
	return rc;
}

int
admin_seed(const struct conf *conf, int argc, char **argv)
{
	const char	*v;
	long long	 n = 0, seed = GEN_SEED_DEF;
	int		 i, demo = 0, generate = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--demo") == 0) {
			demo = 1;
			continue;
		}
		if (strcmp(argv[i], "--generate") == 0 ||
		    strncmp(argv[i], "--generate=", 11) == 0) {
			v = argv[i][10] == '=' ? argv[i] + 11 :
			    i + 1 < argc ? argv[++i] : NULL;
			if (!valid_int(v, 1, GEN_MAX, &n)) {
				admin_warnx("seed: --generate wants a count "
				    "from 1 to %lld", GEN_MAX);
				return EX_USAGE;
			}
			generate = 1;
			continue;
		}
		if (strcmp(argv[i], "--seed") == 0 ||
		    strncmp(argv[i], "--seed=", 7) == 0) {
			v = argv[i][6] == '=' ? argv[i] + 7 :
			    i + 1 < argc ? argv[++i] : NULL;
			if (!valid_int(v, 0, INT64_MAX, &seed)) {
				admin_warnx("seed: --seed wants a non-negative "
				    "integer");
				return EX_USAGE;
			}
			continue;
		}
		admin_warnx("seed: unknown argument '%s'", argv[i]);
		admin_usage_brief();
		return EX_USAGE;
	}
	if (demo == generate) {
		admin_warnx("seed: give exactly one of --demo and "
		    "--generate N");
		admin_usage_brief();
		return EX_USAGE;
	}
	if (demo)
		return seed_demo(conf);
	return seed_generate(conf, n, seed);
}
