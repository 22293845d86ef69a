/* test_cli.c - the built shoperp binary run as a user runs it: exit codes
 * of usage errors, empty listings on a fresh database, "not found", reads
 * that never create a database, read-only databases.
 *
 * The binary is $SHOPERP_BIN (default build/shoperp, run from the
 * repository root); the tests skip when it is missing. Each test gets
 * its own temporary directory and database (--db), and SHOPERP_DB is
 * unset for the child so the environment cannot leak in. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <jansson.h>
#include <unistd.h>

#define MAX_ARGS 32
#define OUT_MAX 65536

static char tmpdir[256];
static char dbpath[300];
/* Run the binary as a user other than root ("nobody") when the tests run
 * as root, who may write any file: see read_only_database_is_listed. */
static bool unprivileged;

struct run {
	int status;        /* exit code; -1 when killed by a signal */
	char out[OUT_MAX]; /* stdout */
	char err[OUT_MAX]; /* stderr */
};

static const char *bin_path(void)
{
	const char *b = getenv("SHOPERP_BIN");

	return b && b[0] ? b : "build/shoperp";
}

static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/shoperp-cli-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir), "mkdtemp failed");
	snprintf(dbpath, sizeof(dbpath), "%s/test.db", tmpdir);
	unprivileged = false;
}

static void teardown(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *de;
	char path[600];

	if (!d)
		return;
	chmod(tmpdir, 0700);
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmpdir, de->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(tmpdir);
}

static void skip_without_binary(void)
{
	if (access(bin_path(), X_OK) != 0)
		cr_skip_test("shoperp binary %s not found: build it first "
			     "(make) or set SHOPERP_BIN", bin_path());
}

static void slurp(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, size - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
}

/* Run the binary with the NULL-terminated arguments (after argv[0]). */
static void run_cli(struct run *r, ...)
{
	const char *argv[MAX_ARGS + 2];
	char out_path[600], err_path[600];
	va_list ap;
	int argc = 0, wstatus = 0;
	const char *a;
	pid_t pid;

	argv[argc++] = bin_path();
	va_start(ap, r);
	while ((a = va_arg(ap, const char *)) != NULL && argc <= MAX_ARGS)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;

	snprintf(out_path, sizeof(out_path), "%s/stdout", tmpdir);
	snprintf(err_path, sizeof(err_path), "%s/stderr", tmpdir);
	fflush(NULL);
	pid = fork();
	cr_assert(pid >= 0, "fork failed");
	if (pid == 0) {
		int fo = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int fe = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int fi = open("/dev/null", O_RDONLY);

		if (fo < 0 || fe < 0 || fi < 0)
			_exit(127);
		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		if (unprivileged && geteuid() == 0 &&
		    (setgroups(0, NULL) != 0 || setgid(65534) != 0 ||
		     setuid(65534) != 0))
			_exit(126);
		unsetenv("SHOPERP_DB");
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	cr_assert(waitpid(pid, &wstatus, 0) == pid, "waitpid failed");
	r->status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
	slurp(out_path, r->out, sizeof(r->out));
	slurp(err_path, r->err, sizeof(r->err));
}

static bool file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	cr_assert_not_null(f, "cannot write %s", path);
	cr_assert_eq(fputs(text, f) >= 0 && fclose(f) == 0, true);
}

/* An empty database at dbpath, made as a user makes one: importing an
 * empty orders list (reads alone never create it). */
static void make_db(void)
{
	static struct run r;
	char path[400];

	snprintf(path, sizeof(path), "%s/empty.json", tmpdir);
	write_file(path, "{\"orders\":[]}\n");
	run_cli(&r, "--db", dbpath, "import", path, NULL);
	cr_assert_eq(r.status, 0, "import of no orders: exit %d: %s", r.status,
		     r.err);
	cr_assert(file_exists(dbpath));
}

/* Every occurrence of `from` in text replaced by `to` (same length). */
static void replace_all(char *text, const char *from, const char *to)
{
	size_t n = strlen(from);
	char *p = text;

	cr_assert_eq(strlen(to), n);
	while ((p = strstr(p, from)) != NULL) {
		memcpy(p, to, n);
		p += n;
	}
}

TestSuite(cli, .init = setup, .fini = teardown);

Test(cli, no_command_is_usage_error)
{
	static struct run r;

	skip_without_binary();
	run_cli(&r, "--db", dbpath, NULL);
	cr_assert_eq(r.status, 2, "exit %d, stderr: %s", r.status, r.err);
	cr_assert_not_null(strstr(r.err, "usage:"), "no usage line: %s", r.err);
}

Test(cli, unknown_command_exits_2)
{
	static struct run r;

	skip_without_binary();
	run_cli(&r, "--db", dbpath, "frobnicate", NULL);
	cr_assert_eq(r.status, 2, "exit %d, stderr: %s", r.status, r.err);
	cr_assert_not_null(strstr(r.err, "frobnicate"), "stderr: %s", r.err);
	cr_assert_not_null(strstr(r.err, "usage:"), "no usage line: %s", r.err);
	cr_assert_str_empty(r.out);
}

Test(cli, unknown_global_option_exits_2)
{
	static struct run r;

	skip_without_binary();
	run_cli(&r, "--db", dbpath, "--frobnicate", "orders", NULL);
	cr_assert_eq(r.status, 2, "exit %d, stderr: %s", r.status, r.err);
	cr_assert_not_null(strstr(r.err, "usage:"), "no usage line: %s", r.err);
}

Test(cli, unknown_command_option_exits_2)
{
	static struct run r;

	skip_without_binary();
	run_cli(&r, "--db", dbpath, "orders", "--frobnicate", NULL);
	cr_assert_eq(r.status, 2, "exit %d, stderr: %s", r.status, r.err);
	cr_assert_not_null(strstr(r.err, "usage: shoperp orders"), "stderr: %s", r.err);
}

Test(cli, missing_arguments_exit_2)
{
	static struct run r;

	skip_without_binary();
	run_cli(&r, "--db", dbpath, "import", NULL);
	cr_assert_eq(r.status, 2, "import without FILE: exit %d", r.status);
	run_cli(&r, "--db", dbpath, "order", "show", "--json", NULL);
	cr_assert_eq(r.status, 2, "order show without NAME_OR_ID: exit %d", r.status);
	run_cli(&r, "--db", dbpath, "order", NULL);
	cr_assert_eq(r.status, 2, "order without subcommand: exit %d", r.status);
	run_cli(&r, "--db", dbpath, "import", "--store", NULL);
	cr_assert_eq(r.status, 2, "--store without DOMAIN: exit %d", r.status);
	run_cli(&r, "--db", NULL);
	cr_assert_eq(r.status, 2, "--db without PATH: exit %d", r.status);
}

Test(cli, usage_error_creates_no_database)
{
	static struct run r;

	skip_without_binary();
	run_cli(&r, "--db", dbpath, "orders", "--frobnicate", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert_not(file_exists(dbpath), "a usage error created %s", dbpath);
}

Test(cli, help_and_version_exit_0)
{
	static struct run r;

	skip_without_binary();
	run_cli(&r, "--help", NULL);
	cr_assert_eq(r.status, 0, "exit %d", r.status);
	cr_assert_not_null(strstr(r.out, "import"), "help: %s", r.out);
	cr_assert_not_null(strstr(r.out, "trial-balance"), "help: %s", r.out);
	run_cli(&r, "--version", NULL);
	cr_assert_eq(r.status, 0, "exit %d", r.status);
	cr_assert_not_null(strstr(r.out, "shoperp"), "version: %s", r.out);
}

Test(cli, orders_json_on_empty_db_is_empty_array)
{
	static struct run r;

	skip_without_binary();
	make_db();
	run_cli(&r, "--db", dbpath, "orders", "--json", NULL);
	cr_assert_eq(r.status, 0, "exit %d, stderr: %s", r.status, r.err);
	cr_assert_str_eq(r.out, "[]\n");
}

Test(cli, every_listing_json_on_empty_db_is_empty_array)
{
	static const char *const cmds[] = {"customers", "products", "stock",
					   "journal", "trial-balance"};
	static struct run r;
	size_t i;

	skip_without_binary();
	make_db();
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		run_cli(&r, "--db", dbpath, cmds[i], "--json", NULL);
		cr_assert_eq(r.status, 0, "%s: exit %d, stderr: %s", cmds[i], r.status,
			     r.err);
		cr_assert_str_eq(r.out, "[]\n", "%s printed %s", cmds[i], r.out);
	}
}

Test(cli, orders_json_of_missing_store_is_empty_array)
{
	static struct run r;

	skip_without_binary();
	make_db();
	run_cli(&r, "--db", dbpath, "orders", "--store", "nope.myshopify.com",
		"--json", NULL);
	cr_assert_eq(r.status, 0, "exit %d, stderr: %s", r.status, r.err);
	cr_assert_str_eq(r.out, "[]\n");
}

Test(cli, order_show_missing_order_exits_1)
{
	static struct run r;

	skip_without_binary();
	make_db();
	run_cli(&r, "--db", dbpath, "order", "show", "--json", "#9999", NULL);
	cr_assert_eq(r.status, 1, "exit %d, stderr: %s", r.status, r.err);
	cr_assert_not_null(strstr(r.err, "not found"), "stderr: %s", r.err);
	cr_assert_str_empty(r.out);
	run_cli(&r, "--db", dbpath, "order", "show", "123456789012345678", NULL);
	cr_assert_eq(r.status, 1, "exit %d, stderr: %s", r.status, r.err);
}

Test(cli, db_equals_form_before_the_command)
{
	static struct run r;

	char opt[400], want[600];

	skip_without_binary();
	/* --db=PATH form, global option before the command */
	snprintf(opt, sizeof(opt), "--db=%s", dbpath);
	run_cli(&r, opt, "orders", "--json", NULL);
	cr_assert_eq(r.status, 1, "exit %d, stderr: %s", r.status, r.err);
	snprintf(want, sizeof(want), "shoperp: no database at %s\n", dbpath);
	cr_assert_str_eq(r.err, want);
	make_db();
	run_cli(&r, opt, "orders", "--json", NULL);
	cr_assert_eq(r.status, 0, "exit %d, stderr: %s", r.status, r.err);
	cr_assert_str_eq(r.out, "[]\n");
}

/* A read on a --db path where there is no database says so and leaves
 * nothing behind (a typo must not create an empty database); import
 * creates it. */
Test(cli, reads_of_a_missing_database_create_nothing)
{
	static const char *const cmds[] = {"orders", "customers", "products",
					   "stock", "journal", "trial-balance",
					   "log"};
	static struct run r;
	char want[600];

	skip_without_binary();
	snprintf(want, sizeof(want), "shoperp: no database at %s\n", dbpath);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		run_cli(&r, "--db", dbpath, cmds[i], NULL);
		cr_assert_eq(r.status, 1, "%s: exit %d", cmds[i], r.status);
		cr_assert_str_eq(r.err, want, "%s", cmds[i]);
		cr_assert_str_empty(r.out);
		cr_assert_not(file_exists(dbpath), "%s created %s", cmds[i],
			      dbpath);
		run_cli(&r, "--db", dbpath, cmds[i], "--json", NULL);
		cr_assert_eq(r.status, 1, "%s --json: exit %d", cmds[i], r.status);
		cr_assert_not(file_exists(dbpath));
	}
	run_cli(&r, "--db", dbpath, "order", "show", "#1001", NULL);
	cr_assert_eq(r.status, 1, "order show: exit %d", r.status);
	cr_assert_str_eq(r.err, want);
	cr_assert_not(file_exists(dbpath), "order show created %s", dbpath);

	run_cli(&r, "--db", dbpath, "import", "samples/orders/01-paid-card.json",
		NULL);
	cr_assert_eq(r.status, 0, "import: exit %d: %s", r.status, r.err);
	cr_assert(file_exists(dbpath), "import did not create %s", dbpath);
	run_cli(&r, "--db", dbpath, "orders", NULL);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	cr_assert_not_null(strstr(r.out, "SO-000001"), "%s", r.out);
}

/* The store's message names the database once, the CLI adds nothing. */
Test(cli, open_error_names_the_path_once)
{
	static struct run r;
	char want[600];
	const char *again;

	skip_without_binary();
	write_file(dbpath, "this is not an sqlite database, just some text "
		   "that is long enough to have a header..................\n");
	run_cli(&r, "--db", dbpath, "orders", NULL);
	cr_assert_eq(r.status, 1, "exit %d: %s", r.status, r.err);
	snprintf(want, sizeof(want), "shoperp: %s: ", dbpath);
	cr_assert(strncmp(r.err, want, strlen(want)) == 0, "stderr: %s", r.err);
	again = strstr(r.err + strlen(want), dbpath);
	cr_assert_null(again, "path repeated: %s", r.err);
	cr_assert_not_null(strstr(r.err, "not a database"), "stderr: %s", r.err);
}

/* A database the user may read but not write: reads work (opening writes
 * nothing when WAL is on and the schema current), a write fails. */
Test(cli, read_only_database_is_listed)
{
	static struct run r;
	char wal[400], shm[400];

	skip_without_binary();
	run_cli(&r, "--db", dbpath, "import", "samples/orders/01-paid-card.json",
		NULL);
	cr_assert_eq(r.status, 0, "import: exit %d: %s", r.status, r.err);
	cr_assert_eq(chmod(dbpath, 0444), 0);
	/* SQLite reads a WAL database through -wal and -shm files it creates
	 * next to it: the folder stays writable for that user */
	cr_assert_eq(chmod(tmpdir, 0777), 0);
	unprivileged = true;

	run_cli(&r, "--db", dbpath, "orders", NULL);
	if (r.status == 126)
		cr_skip_test("cannot run as user nobody");
	cr_assert_eq(r.status, 0, "orders: exit %d: %s", r.status, r.err);
	cr_assert_not_null(strstr(r.out, "SO-000001"), "%s", r.out);
	run_cli(&r, "--db", dbpath, "order", "show", "--json", "#1001", NULL);
	cr_assert_eq(r.status, 0, "order show: exit %d: %s", r.status, r.err);
	run_cli(&r, "--db", dbpath, "trial-balance", NULL);
	cr_assert_eq(r.status, 0, "trial-balance: exit %d: %s", r.status, r.err);
	/* it really is read-only */
	run_cli(&r, "--db", dbpath, "import",
		"samples/orders/02-discount-before-tax.json", NULL);
	cr_assert_eq(r.status, 1, "import into a read-only file: exit %d",
		     r.status);
	cr_assert_not_null(strstr(r.err, "readonly"), "stderr: %s", r.err);

	/* a folder the user cannot write either: a clear refusal */
	snprintf(wal, sizeof(wal), "%s-wal", dbpath);
	snprintf(shm, sizeof(shm), "%s-shm", dbpath);
	unlink(wal);
	unlink(shm);
	cr_assert_eq(chmod(tmpdir, 0555), 0);
	run_cli(&r, "--db", dbpath, "orders", NULL);
	chmod(tmpdir, 0700);
	cr_assert_eq(r.status, 1, "orders: exit %d: %s", r.status, r.err);
	cr_assert_not_null(strstr(r.err, "folder is not writable"), "stderr: %s",
			   r.err);
}

/* Files of two shops imported into "local" can hold two orders #1001:
 * the name is refused as ambiguous, the SO number and Shopify id work. */
Test(cli, order_show_of_an_ambiguous_name)
{
	static struct run r;
	static char json[65536];
	char other[400];

	skip_without_binary();
	slurp("samples/orders/01-paid-card.json", json, sizeof(json));
	cr_assert(strstr(json, "\"#1001\""), "sample 01 is order #1001");
	replace_all(json, "5551234567001", "5551234567999"); /* order id */
	replace_all(json, "7201234567001", "7201234567999"); /* transaction */
	snprintf(other, sizeof(other), "%s/other-shop.json", tmpdir);
	write_file(other, json);
	run_cli(&r, "--db", dbpath, "import", "samples/orders/01-paid-card.json",
		"samples/orders/02-discount-before-tax.json", other, NULL);
	cr_assert_eq(r.status, 0, "import: exit %d: %s %s", r.status, r.out,
		     r.err);

	run_cli(&r, "--db", dbpath, "order", "show", "#1001", NULL);
	cr_assert_eq(r.status, 1, "exit %d: %s", r.status, r.out);
	cr_assert_str_eq(r.err, "shoperp: order #1001 is ambiguous: SO-000001, "
			 "SO-000003; use the SO number or the Shopify id\n");
	cr_assert_str_empty(r.out);
	run_cli(&r, "--db", dbpath, "order", "show", "--json", "1001", NULL);
	cr_assert_eq(r.status, 1, "exit %d", r.status);
	cr_assert_not_null(strstr(r.err, "ambiguous"), "%s", r.err);

	run_cli(&r, "--db", dbpath, "order", "show", "--json", "SO-000003", NULL);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	cr_assert_not_null(strstr(r.out, "5551234567999"), "%s", r.out);
	run_cli(&r, "--db", dbpath, "order", "show", "--json", "5551234567001",
		NULL);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	cr_assert_not_null(strstr(r.out, "\"SO-000001\""), "%s", r.out);
	/* a name only one order has is still found by name */
	run_cli(&r, "--db", dbpath, "order", "show", "#1002", NULL);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
}

Test(cli, import_of_missing_file_is_rejected_exit_1)
{
	static struct run r;
	char missing[400];

	skip_without_binary();
	snprintf(missing, sizeof(missing), "%s/no-such-file.json", tmpdir);
	run_cli(&r, "--db", dbpath, "import", missing, NULL);
	cr_assert_eq(r.status, 1, "exit %d, stderr: %s", r.status, r.err);
	cr_assert_not_null(strstr(r.out, "rejected"), "stdout: %s", r.out);
	cr_assert_not_null(strstr(r.out, "no-such-file.json"), "stdout: %s", r.out);
	cr_assert_not_null(strstr(r.err, "1 file rejected"), "stderr: %s", r.err);
}

/* Lines of text (newline-terminated) and whether any has a control
 * character other than its newline. */
static size_t count_lines_checked(const char *text, bool *control)
{
	size_t n = 0;

	*control = false;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '\n')
			n++;
		else if (*p < 0x20 || *p == 0x7f)
			*control = true;
	}
	return n;
}

/* Order data is shown, never obeyed: a name with a newline must not forge
 * a line of the import report or of a table, an escape sequence must not
 * reach the terminal, tabs and newlines in titles must not break the
 * product and stock tables. Text output only: JSON escapes them. */
Test(cli, order_data_cannot_forge_text_output)
{
	static struct run r;
	static const char *const lists[] = {"orders", "log", "products",
					    "stock", "customers", "journal"};
	/* rows each listing has after the import: the order imported, the
	 * log of both, its product, customer and two entries of two lines */
	static const size_t rows[] = {1, 2, 1, 1, 1, 4};
	char path[400];
	bool control;
	size_t n;

	skip_without_binary();
	snprintf(path, sizeof(path), "%s/evil.json", tmpdir);
	write_file(path,
		   "{\"orders\":[{\"id\":1,\"name\":\"#1\\ncreated    SO-999999  #666"
		   "  (666)  fake\\u001b[31m\",\"currency\":\"USD\","
		   "\"total_price\":\"10.00\",\"financial_status\":\"paid\","
		   "\"customer\":{\"id\":77,\"first_name\":\"Eve\\u001b]0;owned\\u0007\","
		   "\"last_name\":\"L\\nfake row\"},"
		   "\"line_items\":[{\"id\":11,\"variant_id\":21,\"product_id\":31,"
		   "\"title\":\"Mug\\tBlue\\nRed\",\"variant_title\":\"Large\\r\","
		   "\"sku\":\"S\\u007f1\",\"quantity\":1,\"price\":\"10.00\","
		   "\"requires_shipping\":true}]},"
		   "{\"id\":2,\"name\":\"#2\\nrejected  x\\u001b[2J\",\"currency\":\"USD\","
		   "\"total_price\":\"10.00\",\"line_items\":[{\"id\":12,"
		   "\"quantity\":1,\"price\":\"1\\n0.00\\u001b[0m\"}]}]}\n");
	run_cli(&r, "--db", dbpath, "import", path, NULL);
	cr_assert_eq(r.status, 1, "one order is rejected: exit %d: %s %s",
		     r.status, r.out, r.err);
	n = count_lines_checked(r.out, &control);
	cr_assert_eq(n, 2, "one line per order:\n%s", r.out);
	cr_assert_not(control, "a control character in:\n%s", r.out);
	cr_assert(strncmp(r.out, "created  ", 9) == 0, "%s", r.out);
	cr_assert_not_null(strstr(r.out, "\nrejected  "), "%s", r.out);
	n = count_lines_checked(r.err, &control);
	cr_assert_eq(n, 1, "one summary line:\n%s", r.err);
	cr_assert_not(control, "a control character in:\n%s", r.err);

	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		run_cli(&r, "--db", dbpath, lists[i], NULL);
		cr_assert_eq(r.status, 0, "%s: exit %d: %s", lists[i], r.status,
			     r.err);
		n = count_lines_checked(r.out, &control);
		cr_assert_eq(n, 1 + rows[i], "%s: a header and %zu rows:\n%s",
			     lists[i], rows[i], r.out);
		cr_assert_not(control, "%s: a control character in:\n%s", lists[i],
			      r.out);
	}
	/* the whole order as text: no line of it comes from the data */
	run_cli(&r, "--db", dbpath, "order", "show", "SO-000001", NULL);
	cr_assert_eq(r.status, 0, "order show: exit %d: %s", r.status, r.err);
	count_lines_checked(r.out, &control);
	cr_assert_not(control, "order show: a control character in:\n%s", r.out);
	cr_assert_null(strstr(r.out, "\ncreated"), "%s", r.out);
	cr_assert_null(strstr(r.out, "\nfake"), "%s", r.out);
	cr_assert_null(strstr(r.out, "\nRed"), "%s", r.out);
	/* messages on stderr are shown the same way */
	run_cli(&r, "--db", dbpath, "order", "show", "#1\nx\x1b[31m", NULL);
	cr_assert_eq(r.status, 1, "exit %d: %s", r.status, r.err);
	cr_assert_str_eq(r.err, "shoperp: order #1?x?[31m not found\n");
	/* JSON keeps the data exactly, escaped */
	run_cli(&r, "--db", dbpath, "orders", "--json", NULL);
	cr_assert_not_null(strstr(r.out, "\"#1\\ncreated    SO-999999  #666  (666)"
					 "  fake\\u001B[31m\""),
			   "%s", r.out);
}

Test(cli, later_commands_say_not_available)
{
	static struct run r;

	skip_without_binary();
	run_cli(&r, "--db", dbpath, "serve", NULL);
	cr_assert_eq(r.status, 2, "exit %d", r.status);
	cr_assert_not_null(strstr(r.err, "not available"), "stderr: %s", r.err);
}

/* The main job as a user runs it: the sample orders, then what the
 * contract of interface.md promises about them. */
Test(cli, sample_orders_end_to_end)
{
	static struct run r;
	const char *files[] = {
		"samples/orders/01-paid-card.json", "samples/orders/02-discount-before-tax.json",
		"samples/orders/03-tax-inclusive.json", "samples/orders/04-tax-inclusive-shipping.json",
		"samples/orders/05-guest-null-customer.json", "samples/orders/06-guest-no-customer-no-email.json",
		"samples/orders/07-customer-id-only.json", "samples/orders/08-customer-id-then-email.json",
		"samples/orders/09-deleted-and-custom-lines.json", "samples/orders/10-full-discount-line.json",
		"samples/orders/11-partially-paid.json", "samples/orders/12-authorized.json",
		"samples/orders/13-jpy.json", "samples/orders/14-kwd.json", "samples/orders/15-batch.json",
	};
	json_t *doc;
	json_error_t je;

	skip_without_binary();
	for (int pass = 0; pass < 2; pass++) {
		run_cli(&r, "--db", dbpath, "import", files[0], files[1], files[2], files[3],
			files[4], files[5], files[6], files[7], files[8], files[9], files[10],
			files[11], files[12], files[13], files[14], NULL);
		cr_assert_eq(r.status, 0, "pass %d exit %d: %s %s", pass, r.status, r.out, r.err);
		cr_assert_not_null(strstr(r.err, pass == 0 ? "17 created" : "17 unchanged"),
				   "pass %d: %s", pass, r.err);
	}
	run_cli(&r, "--db", dbpath, "order", "show", "--json", "#1002", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	doc = json_loads(r.out, 0, &je);
	cr_assert_not_null(doc, "order show is not JSON: %s", je.text);
	cr_assert_str_eq(json_string_value(json_object_get(doc, "store")), "local");
	cr_assert_str_eq(json_string_value(json_object_get(doc, "status")), "complete");
	cr_assert_str_eq(json_string_value(json_object_get(doc, "source")), "Shopify #1002");
	cr_assert(json_is_integer(json_object_get(doc, "shopify_order_id")));
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(doc, "invoice"), "total")), "88.00");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(doc, "invoice"), "status")), "completed");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(doc, "receipts"), 0), "amount")), "88.00");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(doc, "attributes"), "payment_status")), "paid");
	cr_assert_eq(json_array_size(json_object_get(doc, "credit_notes")), 0);
	cr_assert_eq(json_array_size(json_object_get(doc, "journal")), 6);
	json_decref(doc);

	run_cli(&r, "--db", dbpath, "order", "show", "--json", "#1013", NULL);
	doc = json_loads(r.out, 0, &je);
	cr_assert_not_null(doc);
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(doc, "invoice"), "total")), "3500");
	json_decref(doc);
	run_cli(&r, "--db", dbpath, "order", "show", "--json", "#1014", NULL);
	doc = json_loads(r.out, 0, &je);
	cr_assert_not_null(doc);
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(doc, "invoice"), "total")), "4.050");
	json_decref(doc);

	run_cli(&r, "--db", dbpath, "trial-balance", "--json", NULL);
	cr_assert_eq(r.status, 0);
	doc = json_loads(r.out, 0, &je);
	cr_assert(json_is_array(doc));
	cr_assert_eq(json_array_size(doc), 4, "USD, EUR, JPY, KWD: %s", r.out);
	for (size_t i = 0; i < json_array_size(doc); i++)
		cr_assert(json_is_true(json_object_get(json_array_get(doc, i), "balanced")));
	json_decref(doc);

	run_cli(&r, "--db", dbpath, "log", "--json", NULL);
	cr_assert_eq(r.status, 0);
	doc = json_loads(r.out, 0, &je);
	cr_assert_eq(json_array_size(doc), 34);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(doc, 0), "outcome")), "created");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(doc, 33), "outcome")), "unchanged");
	json_decref(doc);
}
