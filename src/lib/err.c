/*
 * Error codes and their one mapping to HTTP.
 */
#include "config.h"

#include <stddef.h>

#include "err.h"

struct errinfo {
	const char	*text;	/* for logs */
	int		 status;
	const char	*code;	/* SPEC §2 envelope code */
};

static const struct errinfo errinfo[SCH_ERR__MAX] = {
	[SCH_OK] =		{ "success", 200, "OK" },
	[SCH_ENOMEM] =		{ "out of memory", 500, "INTERNAL_ERROR" },
	[SCH_EINVAL] =		{ "invalid argument", 500, "INTERNAL_ERROR" },
	[SCH_EBADREQ] =		{ "bad request", 400, "BAD_REQUEST" },
	[SCH_EHOST] =		{ "host not allowed", 400, "INVALID_HOST" },
	[SCH_EUNAUTH] =		{ "not authenticated", 401, "UNAUTHORIZED" },
	[SCH_EFORBID] =		{ "forbidden", 403, "FORBIDDEN" },
	[SCH_ENOTFOUND] =	{ "not found", 404, "NOT_FOUND" },
	[SCH_EMETHOD] =		{ "method not allowed", 405, "METHOD_NOT_ALLOWED" },
	[SCH_ECONFLICT] =	{ "conflict", 409, "CONFLICT" },
	[SCH_ETOOBIG] =		{ "payload too large", 413, "PAYLOAD_TOO_LARGE" },
	[SCH_EURI] =		{ "URI too long", 414, "URI_TOO_LONG" },
	[SCH_EMEDIA] =		{ "unsupported media type", 415, "UNSUPPORTED_MEDIA_TYPE" },
	[SCH_EVALID] =		{ "validation failed", 422, "VALIDATION_ERROR" },
	[SCH_ERATE] =		{ "rate limited", 429, "RATE_LIMITED" },
	[SCH_EINTERNAL] =	{ "internal error", 500, "INTERNAL_ERROR" },
	[SCH_EDB] =		{ "database error", 500, "INTERNAL_ERROR" },
	[SCH_EBADGW] =		{ "bad gateway", 502, "BAD_GATEWAY" },
	[SCH_EDBDOWN] =		{ "database unavailable", 503, "SERVICE_UNAVAILABLE" },
	[SCH_EUNAVAIL] =	{ "service unavailable", 503, "SERVICE_UNAVAILABLE" },
	[SCH_ETIMEOUT] =	{ "timed out", 504, "GATEWAY_TIMEOUT" },
	[SCH_EIO] =		{ "I/O error", 500, "INTERNAL_ERROR" },
	[SCH_ECONF] =		{ "configuration error", 500, "INTERNAL_ERROR" },
};

static const struct errinfo *
lookup(int e)
{

	if (e < 0 || e >= SCH_ERR__MAX || errinfo[e].text == NULL)
		return &errinfo[SCH_EINTERNAL];
	return &errinfo[e];
}

const char *
sch_strerror(int e)
{

	return lookup(e)->text;
}

int
err_http_status(int e)
{

	return lookup(e)->status;
}

const char *
err_http_code(int e)
{

	return lookup(e)->code;
}

/*
 * Reason phrase for a status line.  Unknown statuses get a generic
 * phrase: the status number is what clients act on.
 */
const char *
err_http_reason(int status)
{

	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return status < 400 ? "OK" : "Error";
	}
}
