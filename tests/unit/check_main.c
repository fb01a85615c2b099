/*
 * Unit test driver: every module suite in one runner.  The exit
 * status is what automake's test harness reads (0 = all passed).
 */
#include <stdlib.h>

#include "tests.h"

int
main(void)
{
	SRunner	*sr;
	int	 nfail;

	sr = srunner_create(suite_valid());
	srunner_add_suite(sr, suite_req());
	srunner_add_suite(sr, suite_conf());
	srunner_add_suite(sr, suite_resp());
	srunner_add_suite(sr, suite_route());
	srunner_add_suite(sr, suite_metrics());
	srunner_add_suite(sr, suite_json());
	srunner_add_suite(sr, suite_buf());
	srunner_add_suite(sr, suite_catalog());
	srunner_add_suite(sr, suite_scholarship());
	srunner_add_suite(sr, suite_search());
	srunner_add_suite(sr, suite_scache());

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
