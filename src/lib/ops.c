/*
 * Operational endpoints.  None of them may leak connection strings,
 * socket paths or server error text: failures are reported as fixed
 * phrases and the details go to the log.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "buf.h"
#include "conf.h"
#include "db.h"
#include "err.h"
#include "json.h"
#include "metrics.h"
#include "ops.h"
#include "req.h"
#include "resp.h"
#include "version.h"

int
ops_h_index(struct req *rq, struct resp *rs)
{
	struct jw	*w = &rs->jw;

	jw_obj_open(w);
	jw_kstr(w, "service", SCH_SERVICE_NAME);
	jw_kstr(w, "version", PACKAGE_VERSION);
	jw_kstr(w, "status", "ok");
	jw_key(w, "links");
	jw_obj_open(w);
	jw_kstr(w, "health", "/health");
	jw_kstr(w, "healthz", "/healthz");
	jw_kstr(w, "readyz", "/readyz");
	jw_kstr(w, "db_status", "/db/status");
	jw_kstr(w, "metrics", "/metrics");
	jw_kstr(w, "scholarships", "/api/v1/scholarships");
	jw_kstr(w, "search", "/api/v1/search");
	jw_obj_close(w);
	jw_obj_close(w);
	return SCH_OK;
}

int
ops_h_health(struct req *rq, struct resp *rs)
{
	struct jw	*w = &rs->jw;

	jw_obj_open(w);
	jw_kstr(w, "status", "healthy");
	jw_kstr(w, "trace_id", rq->id);
	jw_obj_close(w);
	return SCH_OK;
}

/* Liveness: no dependencies, the cheapest answer we can give. */
int
ops_h_healthz(struct req *rq, struct resp *rs)
{

	buf_add(&rs->body, "{\"status\":\"ok\",\"service\":\""
	    SCH_SERVICE_NAME "\"}", sizeof("{\"status\":\"ok\",\"service\":\""
	    SCH_SERVICE_NAME "\"}") - 1);
	return SCH_OK;
}

int
ops_h_readyz(struct req *rq, struct resp *rs)
{
	struct jw	*w = &rs->jw;
	double		 ms = 0;
	int		 db_ok, mig_ok, version = -1;

	db_ok = db_ping(&ms) == SCH_OK;
	mig_ok = db_ok && db_schema_version(&version) == SCH_OK &&
	    version >= SCH_SCHEMA_VERSION;

	jw_obj_open(w);
	jw_kstr(w, "status", db_ok && mig_ok ? "ready" : "not_ready");
	jw_key(w, "checks");
	jw_obj_open(w);

	jw_key(w, "database");
	jw_obj_open(w);
	jw_kstr(w, "status", db_ok ? "ok" : "error");
	jw_key(w, "latency_ms");
	if (db_ok)
		jw_round4(w, ms);
	else
		jw_null(w);
	if (!db_ok)
		jw_kstr(w, "error", "database unavailable");
	jw_obj_close(w);

	jw_key(w, "migrations");
	jw_obj_open(w);
	jw_kstr(w, "status", mig_ok ? "ok" : "error");
	jw_key(w, "version");
	if (version >= 0)
		jw_int(w, version);
	else
		jw_null(w);
	jw_kint(w, "required", SCH_SCHEMA_VERSION);
	if (!mig_ok)
		jw_kstr(w, "error", !db_ok ? "database unavailable" :
		    "schema is behind; run scholarship-admin migrate");
	jw_obj_close(w);

	jw_key(w, "configuration");
	jw_obj_open(w);
	jw_kstr(w, "status", "ok");
	jw_obj_close(w);

	jw_obj_close(w);
	jw_obj_close(w);
	rs->no_store = 1;
	if (!(db_ok && mig_ok)) {
		rs->status = 503;
		rs->retry_after = 5;
	}
	return SCH_OK;
}

int
ops_h_db_status(struct req *rq, struct resp *rs)
{
	static const struct dbstmt q = { "db_status",
	    "SELECT (SELECT count(*) FROM scholarships WHERE is_active),"
	    " (SELECT count(*) FROM interactions)", 0, DB_RETRY | DB_PREPARE };
	struct jw	*w = &rs->jw;
	PGresult	*res = NULL;
	int		 rc;

	rc = db_exec(&q, NULL, &res);
	jw_obj_open(w);
	jw_kstr(w, "status", rc == SCH_OK ? "ok" : "error");
	jw_key(w, "database");
	jw_obj_open(w);
	jw_kbool(w, "connected", rc == SCH_OK);
	if (rc == SCH_OK) {
		jw_kraw(w, "scholarships", PQgetvalue(res, 0, 0));
		jw_kraw(w, "interactions", PQgetvalue(res, 0, 1));
	} else
		jw_kstr(w, "error", rc == SCH_EDBDOWN ?
		    "database unavailable" : "query failed");
	jw_obj_close(w);
	jw_key(w, "took_ms");
	jw_round4(w, app_elapsed(rq) * 1000.0);
	jw_obj_close(w);
	PQclear(res);
	rs->no_store = 1;
	if (rc != SCH_OK) {
		rs->status = 503;
		rs->retry_after = 5;
	}
	return SCH_OK;
}

int
ops_h_metrics(struct req *rq, struct resp *rs)
{

	if (app_conf.metrics_allow != NULL && *app_conf.metrics_allow != '\0' &&
	    !conf_list_has(app_conf.metrics_allow, rq->remote_addr))
		return resp_fail(rs, SCH_EFORBID, "Metrics are not available "
		    "to this client");
	rs->content_type = "text/plain; version=0.0.4; charset=utf-8";
	rs->no_store = 1;
	return metrics_render(&rs->body);
}
