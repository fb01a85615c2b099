/*
 * Configuration: one table of keys (name, type, default, bounds) in
 * conf.c drives parsing, defaults, the sample file check and the
 * scholarship-api.conf(5) check.  The file format is "key = value",
 * one per line, '#' starts a comment line.  An unknown key or a bad
 * value is an error reported as "file:line: message".
 */
#ifndef SCH_CONF_H
#define SCH_CONF_H

#include <stddef.h>
#include <stdio.h>

enum conf_type {
	CONF_STR,
	CONF_INT,
	CONF_BOOL,
	CONF_ENUM,
};

struct conf_key {
	const char		*name;
	enum conf_type		 type;
	size_t			 off;	/* offset in struct conf */
	const char		*def;	/* default, as text */
	long long		 min;	/* CONF_INT bounds */
	long long		 max;
	const char *const	*enums;	/* CONF_ENUM values, NULL-ended */
	const char		*env;	/* environment override or NULL */
	const char		*help;	/* one line, for check-config */
};

enum conf_env { CONF_ENV_DEVELOPMENT, CONF_ENV_PRODUCTION };
enum conf_loglevel { CONF_LOG_DEBUG, CONF_LOG_INFO, CONF_LOG_WARN, CONF_LOG_ERROR };

struct conf {
	char		*database_url;
	int		 db_connect_timeout_s;
	int		 db_statement_timeout_ms;
	char		*runtime_dir;
	char		*migrations_dir;
	int		 log_level;		/* enum conf_loglevel */
	int		 environment;		/* enum conf_env */
	int		 max_body_bytes;
	int		 max_url_bytes;
	char		*allowed_hosts;		/* comma list, "" = any */
	char		*metrics_allow;		/* comma list of IPs, "" = any */
	int		 hsts_max_age;		/* 0 = no HSTS header */
	int		 search_candidate_limit;
	int		 search_analytics;	/* bool */
	int		 search_cache_bytes;
	int		 search_cache_ttl_s;
};

/* Default path of the configuration file (from configure). */
const char		*conf_default_path(void);

/* The key table, for documentation checks and check-config. */
const struct conf_key	*conf_keys(size_t *);

/* Fill every field with its default.  Returns SCH_OK. */
int	conf_defaults(struct conf *);

/*
 * Load defaults, then the file (when path is non-NULL), then the
 * environment overrides.  On error returns SCH_ECONF and writes
 * "file:line: message" into err.  A missing file is an error.
 */
int	conf_load(struct conf *, const char *path, char *err, size_t errlen);

/* Set one key from text.  SCH_ECONF with a message on a bad value. */
int	conf_set(struct conf *, const char *key, const char *value,
	    char *err, size_t errlen);

/* Print "key = value" for every key (secrets masked). */
void	conf_dump(const struct conf *, FILE *);

/* 1 if the comma-separated list contains item (exact, case-insensitive). */
int	conf_list_has(const char *list, const char *item);

void	conf_free(struct conf *);

#endif /* SCH_CONF_H */
