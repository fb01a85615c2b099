/*
 * The unit test suites, one per library module.  check_main.c runs
 * them all in one SRunner; each check_*.c file defines exactly one of
 * these constructors.
 */
#ifndef SCH_TESTS_H
#define SCH_TESTS_H

#include <check.h>

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

Suite	*suite_valid(void);
Suite	*suite_req(void);
Suite	*suite_conf(void);
Suite	*suite_resp(void);
Suite	*suite_route(void);
Suite	*suite_metrics(void);
Suite	*suite_json(void);
Suite	*suite_buf(void);
Suite	*suite_catalog(void);
Suite	*suite_scholarship(void);
Suite	*suite_search(void);
Suite	*suite_scache(void);

#endif /* SCH_TESTS_H */
