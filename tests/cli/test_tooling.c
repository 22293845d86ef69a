/* test_tooling.c - the build and the test runner as a developer uses them:
 * the Makefile keeps its intermediate objects, and scripts/run-tests
 * counts and shows skipped tests.
 *
 * Run from the repository root (as `make test` does); the tests skip when
 * the Makefile, the runner or make itself is not there. */
#include <criterion/criterion.h>

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUT_MAX 65536

static char root[PATH_MAX];
static char tmp[256];

static void setup(void)
{
	cr_assert_not_null(getcwd(root, sizeof(root)), "getcwd failed");
	snprintf(tmp, sizeof(tmp), "/tmp/shoperp-tooling-XXXXXX");
	cr_assert_not_null(mkdtemp(tmp), "mkdtemp failed");
}

static void teardown(void)
{
	char cmd[400];

	/* only the folder made by setup: a fixed prefix and mkdtemp's name */
	if (strncmp(tmp, "/tmp/shoperp-tooling-", 21) == 0) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", tmp);
	}
}

TestSuite(tooling, .init = setup, .fini = teardown);

/* snprintf that fails the test instead of cutting the text. */
static void fmt(char *buf, size_t size, const char *f, ...)
	__attribute__((format(printf, 3, 4)));

static void fmt(char *buf, size_t size, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(buf, size, f, ap);
	va_end(ap);
	cr_assert(n >= 0 && (size_t)n < size, "text too long: %s", buf);
}

/* Output (stdout and stderr) of a shell command; returns its status.
 * The command runs without Criterion's worker variable (BXFI_MAP: a
 * suite started with it believes it is a sandboxed test and aborts) and
 * without the flags of a make this test may run under. */
static int sh(const char *cmd, char *out, size_t size)
{
	static char full[4 * PATH_MAX];
	FILE *p;
	size_t n = 0, got;

	fmt(full, sizeof(full),
		 "unset BXFI_MAP GMON_OUT_PREFIX MAKEFLAGS MFLAGS MAKELEVEL; %s",
		 cmd);
	fflush(NULL);
	p = popen(full, "r");
	cr_assert_not_null(p, "popen %s", cmd);
	while (n + 1 < size && (got = fread(out + n, 1, size - 1 - n, p)) > 0)
		n += got;
	out[n] = '\0';
	return pclose(p);
}

static void need_file(const char *rel)
{
	char path[PATH_MAX + 64];

	fmt(path, sizeof(path), "%s/%s", root, rel);
	if (access(path, F_OK) != 0)
		cr_skip_test("%s not found: run from the repository root", rel);
}

/* No single quote in a path pasted into a shell command. */
static void shell_safe(const char *path)
{
	cr_assert_null(strchr(path, '\''), "path with a quote: %s", path);
}

/* A suite binary next to this one: build/tests/cli/test_tooling ->
 * build/tests/<rel>. */
static void sibling_suite(const char *rel, char *out, size_t size)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	cr_assert(n > 0, "cannot read /proc/self/exe");
	self[n] = '\0';
	slash = strrchr(self, '/');
	cr_assert_not_null(slash);
	*slash = '\0'; /* .../tests/cli */
	slash = strrchr(self, '/');
	cr_assert_not_null(slash);
	*slash = '\0'; /* .../tests */
	fmt(out, size, "%s/%s", self, rel);
	if (access(out, X_OK) != 0)
		cr_skip_test("%s not built", out);
	shell_safe(out);
}

/* The support objects (tests/support/NAME.o) are made by a pattern rule and
 * named only by another pattern rule; make must not delete them after
 * linking, or `make test` ends with "rm .../harness.o" instead of the
 * runner's summary and the next make relinks every suite. The dry run
 * of a fresh build shows every command make would run, that "rm"
 * included. */
Test(tooling, make_keeps_intermediate_objects)
{
	static char out[OUT_MAX];
	char cmd[PATH_MAX + 512];
	const char *p;
	int status;

	need_file("Makefile");
	need_file("tests/base/test_money.c");
	shell_safe(root);
	if (system("make --version >/dev/null 2>&1") != 0)
		cr_skip_test("make is not installed");
	fmt(cmd, sizeof(cmd),
		 "cd '%s' && make -n BUILD='%s/build' "
		 "'%s/build/tests/base/test_money' 2>&1",
		 root, tmp, tmp);
	status = sh(cmd, out, sizeof(out));
	cr_assert_eq(status, 0, "make -n failed:\n%s", out);
	cr_assert_not_null(strstr(out, "tests/support/harness.o"),
			   "the dry run builds no harness.o:\n%s", out);
	/* make deletes intermediates with "rm FILE..." (no option; the
	 * library rule's own "rm -f" is not one) */
	for (p = out; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		cr_assert(strncmp(p, "rm ", 3) != 0 || p[3] == '-',
			  "make deletes an intermediate file:\n%.*s",
			  (int)strcspn(p, "\n"), p);
}

/* Count the lines of text that start with `prefix`. */
static size_t count_lines(const char *text, const char *prefix)
{
	size_t n = 0, len = strlen(prefix);
	const char *p = text;

	while (p && *p) {
		if (strncmp(p, prefix, len) == 0)
			n++;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return n;
}

/* Last non-empty line of text, copied into buf. */
static const char *last_line(const char *text, char *buf, size_t size)
{
	size_t len = strlen(text);
	size_t end, start;

	while (len > 0 && text[len - 1] == '\n')
		len--;
	end = len;
	start = end;
	while (start > 0 && text[start - 1] != '\n')
		start--;
	snprintf(buf, size, "%.*s", (int)(end - start), text + start);
	return buf;
}

/* Without ../shared the fixture suite skips every test (with a reason).
 * Criterion prints skips only in verbose mode, so the runner must ask for
 * them, show each with its message and count them in its summary, while
 * a normal run stays free of per-test RUN/PASS lines. */
Test(tooling, runner_counts_and_shows_skipped_tests)
{
	static char out[OUT_MAX];
	char fixtures[PATH_MAX], money[PATH_MAX], work[300], last[256];
	char cmd[3 * PATH_MAX + 256], extra;
	size_t skips, n_pass, n_fail, n_skip;
	int status;

	need_file("scripts/run-tests");
	shell_safe(root);
	sibling_suite("adapters/test_fixtures_import", fixtures, sizeof(fixtures));
	sibling_suite("base/test_money", money, sizeof(money));
	/* a working folder with no ../shared beside it */
	fmt(work, sizeof(work), "%s/clone", tmp);
	cr_assert_eq(mkdir(work, 0700), 0, "mkdir %s", work);
	fmt(cmd, sizeof(cmd),
		 "cd '%s' && '%s/scripts/run-tests' '%s' '%s' 2>&1", work, root,
		 fixtures, money);
	status = sh(cmd, out, sizeof(out));
	cr_assert_eq(status, 0, "run-tests failed:\n%s", out);

	skips = count_lines(out, "[SKIP] ");
	cr_assert_gt(skips, 0, "no skip shown:\n%s", out);
	cr_assert_not_null(strstr(out, "[SKIP] fixtures::"
				       "every_rest_order_imports_exactly: "
				       "../shared/fixtures is absent"),
			   "the skip's reason is not shown:\n%s", out);
	/* the passing suite counts as usual */
	last_line(out, last, sizeof(last));
	cr_assert_eq(sscanf(last, "%zu passed, %zu failed, %zu skipped%c", &n_pass,
			    &n_fail, &n_skip, &extra),
		     3, "summary: %s", last);
	cr_assert_gt(n_pass, 0, "summary: %s", last);
	cr_assert_eq(n_fail, 0, "summary: %s", last);
	cr_assert_eq(n_skip, skips, "summary: %s, %zu skips shown", last, skips);
	cr_assert_eq(count_lines(out, "[RUN "), 0, "per-test lines:\n%s", out);
	cr_assert_eq(count_lines(out, "[PASS]"), 0, "per-test lines:\n%s", out);
}
