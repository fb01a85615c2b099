/*
 * Operational endpoints: service index, health, readiness, database
 * status and metrics (served by ops.fcgi).
 */
#ifndef SCH_OPS_H
#define SCH_OPS_H

struct req;
struct resp;

int	ops_h_index(struct req *, struct resp *);
int	ops_h_health(struct req *, struct resp *);
int	ops_h_healthz(struct req *, struct resp *);
int	ops_h_readyz(struct req *, struct resp *);
int	ops_h_db_status(struct req *, struct resp *);
int	ops_h_metrics(struct req *, struct resp *);

#endif /* SCH_OPS_H */
