/* test_fuzz_regress.c - replays every input under fuzz/regress/ (inputs
 * the fuzzer found, and hand-made nasty ones) through parse, map and
 * import: each must end in a clean import or a clean rejection, with the
 * journal balanced. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "adapters/order_files.h"
#include "support/harness.h"

Test(fuzz_regress, every_saved_input_is_handled_cleanly)
{
	struct harness h;
	DIR *d = opendir("fuzz/regress");
	struct dirent *de;
	size_t n = 0;

	cr_assert_not_null(d, "fuzz/regress missing (tests run from the repository root)");
	h_open(&h);
	while ((de = readdir(d)) != NULL) {
		char path[512];
		const char *paths[1] = {path};
		struct order_files_stats st;
		struct err e;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "fuzz/regress/%s", de->d_name);
		cr_assert_eq(order_files_import(h.s, &h.shop, paths, 1, NULL, NULL, &st, &e), 0,
			     "%s: %s", path, e.msg);
		cr_assert_eq(st.files, 1);
		n++;
	}
	closedir(d);
	cr_assert_gt(n, 0);
	cr_assert_eq(h_unbalanced(&h), 0);
	h_close(&h);
}
