/*
 * Configuration.  The key table below is the single source of truth:
 * defaults, bounds, environment overrides, the sample file and the
 * scholarship-api.conf(5) page are all checked against it.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "err.h"
#include "valid.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#ifndef PKGDATADIR
#define PKGDATADIR "/usr/share/scholarship-api"
#endif

#define CONF_LINE_MAX	4096

static const char *const loglevels[] = { "debug", "info", "warn", "error", NULL };
static const char *const environments[] = { "development", "production", NULL };

#define OFF(f)	offsetof(struct conf, f)

static const struct conf_key keys[] = {
	{ "database_url", CONF_STR, OFF(database_url), "dbname=scholarship",
	    0, 0, NULL, "DATABASE_URL", "libpq connection string or URI" },
	{ "db_connect_timeout_s", CONF_INT, OFF(db_connect_timeout_s), "5",
	    1, 60, NULL, NULL, "seconds to wait for a database connection" },
	{ "db_statement_timeout_ms", CONF_INT, OFF(db_statement_timeout_ms),
	    "5000", 100, 600000, NULL, NULL, "statement_timeout per query" },
	{ "runtime_dir", CONF_STR, OFF(runtime_dir), "/run/scholarship-api",
	    0, 0, NULL, NULL, "directory of the shared memory segment" },
	{ "migrations_dir", CONF_STR, OFF(migrations_dir), PKGDATADIR "/sql",
	    0, 0, NULL, NULL, "directory of the SQL migrations" },
	{ "log_level", CONF_ENUM, OFF(log_level), "info",
	    0, 0, loglevels, NULL, "least severe level logged" },
	{ "environment", CONF_ENUM, OFF(environment), "production",
	    0, 0, environments, NULL, "development or production" },
	{ "max_body_bytes", CONF_INT, OFF(max_body_bytes), "1048576",
	    1024, 67108864, NULL, NULL, "largest request body accepted" },
	{ "max_url_bytes", CONF_INT, OFF(max_url_bytes), "2048",
	    256, 65536, NULL, NULL, "longest request URL accepted" },
	{ "allowed_hosts", CONF_STR, OFF(allowed_hosts), "",
	    0, 0, NULL, NULL, "comma-separated Host values, empty = any" },
	{ "metrics_allow", CONF_STR, OFF(metrics_allow), "",
	    0, 0, NULL, NULL, "client addresses allowed /metrics, empty = any" },
	{ "hsts_max_age", CONF_INT, OFF(hsts_max_age), "0",
	    0, 63072000, NULL, NULL, "Strict-Transport-Security max-age, 0 = off" },
	{ "search_candidate_limit", CONF_INT, OFF(search_candidate_limit),
	    "1000", 100, 100000, NULL, NULL, "matches ranked per search" },
	{ "search_analytics", CONF_BOOL, OFF(search_analytics), "true",
	    0, 0, NULL, NULL, "record every search in search_analytics" },
	{ "search_cache_bytes", CONF_INT, OFF(search_cache_bytes), "1048576",
	    0, 67108864, NULL, NULL,
	    "shared memory for recent search results, 0 = off" },
	{ "search_cache_ttl_s", CONF_INT, OFF(search_cache_ttl_s), "300",
	    1, 86400, NULL, NULL, "seconds a remembered search result is kept" },
};

#define NKEYS	(sizeof(keys) / sizeof(keys[0]))

const char *
conf_default_path(void)
{

	return SYSCONFDIR "/scholarship-api/scholarship-api.conf";
}

const struct conf_key *
conf_keys(size_t *n)
{

	*n = NKEYS;
	return keys;
}

static const struct conf_key *
key_find(const char *name)
{
	size_t	i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static void
errf(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* "a, b, c" from a NULL-ended list. */
static void
enum_list(const char *const *e, char *out, size_t len)
{
	size_t	i, n = 0;
	int	w;

	out[0] = '\0';
	for (i = 0; e[i] != NULL && n < len; i++) {
		w = snprintf(out + n, len - n, "%s%s", i ? ", " : "", e[i]);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

/* Store value for k into c.  SCH_ECONF with a message on a bad value. */
static int
key_set(struct conf *c, const struct conf_key *k, const char *value,
    char *err, size_t errlen)
{
	char		**sp;
	int		 *ip;
	long long	  v;
	int		  b;
	char		 *dup, list[256];

	ip = (int *)((char *)c + k->off);
	switch (k->type) {
	case CONF_STR:
		if (!valid_utf8(value, strlen(value))) {
			errf(err, errlen, "bad value for '%s': not UTF-8", k->name);
			return SCH_ECONF;
		}
		if ((dup = strdup(value)) == NULL)
			return SCH_ENOMEM;
		sp = (char **)((char *)c + k->off);
		free(*sp);
		*sp = dup;
		return SCH_OK;
	case CONF_INT:
		if (!valid_int(value, k->min, k->max, &v)) {
			errf(err, errlen, "bad value for '%s': must be an "
			    "integer between %lld and %lld", k->name, k->min,
			    k->max);
			return SCH_ECONF;
		}
		*ip = (int)v;
		return SCH_OK;
	case CONF_BOOL:
		if (!valid_bool(value, &b)) {
			errf(err, errlen, "bad value for '%s': must be true "
			    "or false", k->name);
			return SCH_ECONF;
		}
		*ip = b;
		return SCH_OK;
	case CONF_ENUM:
		if (!valid_enum(value, k->enums, &v)) {
			enum_list(k->enums, list, sizeof(list));
			errf(err, errlen, "bad value for '%s': must be one of "
			    "%s", k->name, list);
			return SCH_ECONF;
		}
		*ip = (int)v;
		return SCH_OK;
	}
	return SCH_EINVAL;
}

int
conf_set(struct conf *c, const char *name, const char *value, char *err,
    size_t errlen)
{
	const struct conf_key	*k;

	if ((k = key_find(name)) == NULL) {
		errf(err, errlen, "unknown key '%s'", name);
		return SCH_ECONF;
	}
	return key_set(c, k, value, err, errlen);
}

int
conf_defaults(struct conf *c)
{
	size_t	i;
	int	rc;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < NKEYS; i++)
		if ((rc = key_set(c, &keys[i], keys[i].def, NULL, 0)) != SCH_OK)
			return rc;
	return SCH_OK;
}

/* Trim blanks at both ends in place; returns the new start. */
static char *
trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		*--e = '\0';
	return s;
}

static int
load_file(struct conf *c, const char *path, char *err, size_t errlen)
{
	FILE	*f;
	char	 line[CONF_LINE_MAX], msg[512], *p, *eq, *key, *val;
	size_t	 lineno = 0, len;
	int	 rc = SCH_OK;

	if ((f = fopen(path, "r")) == NULL) {
		errf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return SCH_ECONF;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		len = strlen(line);
		if (len == sizeof(line) - 1 && line[len - 1] != '\n' && !feof(f)) {
			errf(err, errlen, "%s:%zu: line too long", path, lineno);
			rc = SCH_ECONF;
			break;
		}
		p = trim(line);
		if (*p == '\0' || *p == '#')
			continue;
		if ((eq = strchr(p, '=')) == NULL) {
			errf(err, errlen, "%s:%zu: expected 'key = value'",
			    path, lineno);
			rc = SCH_ECONF;
			break;
		}
		*eq = '\0';
		key = trim(p);
		val = trim(eq + 1);
		if ((rc = conf_set(c, key, val, msg, sizeof(msg))) != SCH_OK) {
			errf(err, errlen, "%s:%zu: %s", path, lineno, msg);
			break;
		}
	}
	if (rc == SCH_OK && ferror(f)) {
		errf(err, errlen, "%s: read error", path);
		rc = SCH_ECONF;
	}
	fclose(f);
	return rc;
}

int
conf_load(struct conf *c, const char *path, char *err, size_t errlen)
{
	const char	*v;
	char		 msg[512];
	size_t		 i;
	int		 rc;

	if ((rc = conf_defaults(c)) != SCH_OK)
		return rc;
	if (path != NULL && (rc = load_file(c, path, err, errlen)) != SCH_OK)
		return rc;
	for (i = 0; i < NKEYS; i++) {
		if (keys[i].env == NULL || (v = getenv(keys[i].env)) == NULL ||
		    *v == '\0')
			continue;
		if ((rc = key_set(c, &keys[i], v, msg, sizeof(msg))) != SCH_OK) {
			errf(err, errlen, "environment %s: %s", keys[i].env, msg);
			return rc;
		}
	}
	return SCH_OK;
}

/*
 * Print the effective configuration.  A password inside database_url
 * is masked: this output goes to terminals and logs.
 */
void
conf_dump(const struct conf *c, FILE *f)
{
	const struct conf_key	*k;
	const char		*s;
	int			 v;
	size_t			 i;

	for (i = 0; i < NKEYS; i++) {
		k = &keys[i];
		switch (k->type) {
		case CONF_STR:
			s = *(char *const *)((const char *)c + k->off);
			if (s == NULL)
				s = "";
			if (strcmp(k->name, "database_url") == 0 &&
			    (strstr(s, "password") != NULL ||
			    strchr(s, '@') != NULL))
				s = "(set; contains credentials)";
			fprintf(f, "%s = %s\n", k->name, s);
			break;
		case CONF_INT:
			fprintf(f, "%s = %d\n", k->name,
			    *(const int *)((const char *)c + k->off));
			break;
		case CONF_BOOL:
			fprintf(f, "%s = %s\n", k->name,
			    *(const int *)((const char *)c + k->off) ?
			    "true" : "false");
			break;
		case CONF_ENUM:
			v = *(const int *)((const char *)c + k->off);
			fprintf(f, "%s = %s\n", k->name, k->enums[v]);
			break;
		}
	}
}

int
conf_list_has(const char *list, const char *item)
{
	const char	*p, *e;
	size_t		 n;

	if (list == NULL || item == NULL)
		return 0;
	n = strlen(item);
	for (p = list; *p != '\0'; p = *e ? e + 1 : e) {
		while (*p == ' ' || *p == '\t')
			p++;
		if ((e = strchr(p, ',')) == NULL)
			e = p + strlen(p);
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if ((size_t)(e - p) == n && strncasecmp(p, item, n) == 0)
			return 1;
		while (*e != '\0' && *e != ',')
			e++;
	}
	return 0;
}

void
conf_free(struct conf *c)
{
	size_t	i;

	for (i = 0; i < NKEYS; i++) {
		if (keys[i].type == CONF_STR) {
			char **sp = (char **)((char *)c + keys[i].off);
			free(*sp);
			*sp = NULL;
		}
	}
}
