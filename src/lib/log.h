/*
 * Logging: one JSON object per line on stderr, collected by the web
 * server or journald.  Request data is escaped by the JSON writer;
 * never pass secrets or bodies.
 */
#ifndef SCH_LOG_H
#define SCH_LOG_H

#include "conf.h"

struct req;

void	log_init(const char *prog, int level);
void	log_msg(int level, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
#define log_debug(...)	log_msg(CONF_LOG_DEBUG, __VA_ARGS__)
#define log_info(...)	log_msg(CONF_LOG_INFO, __VA_ARGS__)
#define log_warn(...)	log_msg(CONF_LOG_WARN, __VA_ARGS__)
#define log_error(...)	log_msg(CONF_LOG_ERROR, __VA_ARGS__)

/* One access-log line for a finished request (queued, see log.c). */
void	log_access(const struct req *, int status, double seconds);

/*
 * Write queued access lines.  log_flush_idle(busy): now unless more
 * requests are already waiting (busy), in which case only once the
 * oldest line is a second old.
 */
void	log_flush(void);
void	log_flush_idle(int busy);

#endif /* SCH_LOG_H */
