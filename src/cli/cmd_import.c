/* cmd_import.c - `shoperp import [--store DOMAIN] FILE...`: import Shopify
 * order JSON files, one line per order on stdout (rejections included, in
 * order), a summary on stderr. Exit 1 when anything was rejected.
 *
 * Every string of a line (file, order name, message) is printed through
 * text_sanitize: an order named "#1\ncreated ..." must not add a line of
 * its own to the report, nor send escape sequences to the terminal. */
#include "cli/cli.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/order_files.h"
#include "base/arena.h"
#include "base/text.h"

/* The reason without a leading "FILE: " (the line already names it). */
static const char *reason_text(const char *file, const char *reason)
{
	size_t n = strlen(file);

	if (strncmp(reason, file, n) == 0 && reason[n] == ':' && reason[n + 1] == ' ')
		return reason + n + 2;
	return reason;
}

/* Print `sep` then s as text_sanitize shows it. */
static void put(FILE *out, const char *sep, const char *s)
{
	char small[256];
	size_t n = strlen(s) + 1;
	char *buf = n <= sizeof(small) ? small : malloc(n);

	fputs(sep, out);
	if (!buf) { /* out of memory: the first bytes only, never raw */
		buf = small;
		n = sizeof(small);
	}
	text_sanitize(s, buf, n);
	fputs(buf, out);
	if (buf != small)
		free(buf);
}

static void report_line(void *ctx, const char *file, bool has_id,
			int64_t shopify_order_id, const char *name,
			const struct import_result *res, const struct err *why)
{
	FILE *out = ctx;

	if (!res || res->outcome == IMPORT_REJECTED) {
		const char *reason = why && why->msg[0] ? why->msg
				     : res && res->message[0] ? res->message
				     : "rejected";

		fprintf(out, "%-9s", "rejected");
		put(out, "  ", file);
		if (name)
			put(out, "  ", name);
		if (name && has_id)
			fprintf(out, " (%" PRId64 ")", shopify_order_id);
		else if (has_id)
			fprintf(out, "  (%" PRId64 ")", shopify_order_id);
		put(out, "  ", reason_text(file, reason));
		fputc('\n', out);
		return;
	}
	fprintf(out, "%-9s", import_outcome_word(res->outcome));
	put(out, "  ", res->so_number[0] ? res->so_number : "-");
	put(out, "  ", name ? name : "-");
	if (has_id)
		fprintf(out, "  (%" PRId64 ")", shopify_order_id);
	if (res->message[0])
		put(out, "  ", res->message);
	fputc('\n', out);
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

int cmd_import(const struct cli *c, const struct cli_cmd *cmd, int argc,
	       char **argv)
{
	struct cli_args a;
	struct store *s = NULL;
	struct arena arena = ARENA_INIT;
	struct shop_rec shop;
	struct order_files_stats st;
	struct err e;
	size_t imported;
	int rc;

	memset(&a, 0, sizeof(a));
	memset(&st, 0, sizeof(st));
	err_clear(&e);
	a.store = "local";
	rc = cli_parse(cmd, argc, argv, 1, CLI_OPT_STORE, &a);
	if (rc >= 0)
		goto out;
	if (a.npos == 0) {
		rc = cli_usage_error(cmd, "import: no FILE given");
		goto out;
	}
	rc = cli_open_store(c, true, &s);
	if (rc)
		goto out;
	if (s->ops->shop_open(s, a.store, true, &arena, &shop, &e) != 0) {
		cli_error("store %s: %s", a.store, e.msg);
		rc = CLI_FAIL;
		goto out;
	}
	if (order_files_import(s, &shop, (const char *const *)a.pos,
			       (size_t)a.npos, report_line, stdout, &st, &e) != 0) {
		fflush(stdout);
		cli_error("import stopped: %s", e.msg[0] ? e.msg : err_code_name(e.code));
		rc = CLI_FAIL;
		goto out;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("cannot write the import report");
		rc = CLI_FAIL;
	}
	imported = st.created + st.updated + st.unchanged + st.stale;
	fprintf(stderr,
		"imported %zu %s: %zu created, %zu updated, %zu unchanged, %zu stale;"
		" %zu rejected",
		imported, plural(imported, "order", "orders"), st.created, st.updated,
		st.unchanged, st.stale, st.rejected);
	if (st.files_rejected)
		fprintf(stderr, " (%zu %s rejected)", st.files_rejected,
			plural(st.files_rejected, "file", "files"));
	fputc('\n', stderr);
	if (st.rejected || st.files_rejected)
		rc = CLI_FAIL;
out:
	store_close(s);
	arena_release(&arena);
	return rc;
}
