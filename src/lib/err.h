/*
 * One project-wide error enum.  Library calls return 0 (SCH_OK) on
 * success or one of these codes; err_http_status() is the only place
 * that turns a code into an HTTP status.
 */
#ifndef SCH_ERR_H
#define SCH_ERR_H

enum sch_err {
	SCH_OK = 0,
	SCH_ENOMEM,		/* allocation failed (500) */
	SCH_EINVAL,		/* bad argument from our own code (500) */
	SCH_EBADREQ,		/* malformed request, bad JSON (400) */
	SCH_EHOST,		/* Host not allowed (400 INVALID_HOST) */
	SCH_EUNAUTH,		/* missing or bad credentials (401) */
	SCH_EFORBID,		/* authenticated but not allowed (403) */
	SCH_ENOTFOUND,		/* no such resource or route (404) */
	SCH_EMETHOD,		/* route exists, method does not (405) */
	SCH_ECONFLICT,		/* duplicate (409) */
	SCH_ETOOBIG,		/* body over the limit (413) */
	SCH_EURI,		/* URL over the limit (414) */
	SCH_EMEDIA,		/* wrong Content-Type (415) */
	SCH_EVALID,		/* field validation failed (422) */
	SCH_ERATE,		/* rate limited (429) */
	SCH_EINTERNAL,		/* bug or unexpected failure (500) */
	SCH_EDB,		/* database query failed (500) */
	SCH_EBADGW,		/* upstream answered badly (502) */
	SCH_EDBDOWN,		/* database unreachable (503) */
	SCH_EUNAVAIL,		/* service not ready (503) */
	SCH_ETIMEOUT,		/* upstream or statement timeout (504) */
	SCH_EIO,		/* I/O error (500) */
	SCH_ECONF,		/* configuration error (500 / exit 78) */
	SCH_ERR__MAX
};

const char	*sch_strerror(int);
int		 err_http_status(int);
const char	*err_http_code(int);
const char	*err_http_reason(int);

#endif /* SCH_ERR_H */
