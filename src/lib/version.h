/*
 * Versions the code depends on.  SCH_SCHEMA_VERSION is the highest
 * migration in sql/ that this build needs; /readyz reports not_ready
 * while the database is behind it.  tests/conf-keys.sh checks it
 * against the files in sql/.
 */
#ifndef SCH_VERSION_H
#define SCH_VERSION_H

#define SCH_SERVICE_NAME	"scholarship-api"
#define SCH_SCHEMA_VERSION	3

#endif /* SCH_VERSION_H */
