/* cmd_lists.c - the listing commands: orders, customers, products,
 * stock, journal, trial-balance, log. Each takes [--store DOMAIN] [--json] and
 * prints one report of adapters/report. `orders` reads the store "local"
 * unless told otherwise (like import and order show); the others read
 * every store unless --store narrows them. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "adapters/report.h"

typedef int (*report_fn)(struct store *s, const char *shop, bool json,
			 FILE *out, struct err *e);

static int run_list(const struct cli *c, const struct cli_cmd *cmd, int argc,
		    char **argv, const char *default_store, report_fn report)
{
	struct cli_args a;
	struct store *s = NULL;
	struct err e;
	int rc;

	memset(&a, 0, sizeof(a));
	err_clear(&e);
	a.store = default_store;
	rc = cli_parse(cmd, argc, argv, 1, CLI_OPT_STORE | CLI_OPT_JSON, &a);
	if (rc >= 0)
		goto out;
	if (a.npos) {
		cli_error("%s: unexpected argument '%s'", cmd->name, a.pos[0]);
		rc = cli_usage_error(cmd, NULL);
		goto out;
	}
	rc = cli_open_store(c, false, &s);
	if (rc)
		goto out;
	if (report(s, a.store, a.json, stdout, &e) != 0) {
		cli_error("%s: %s", cmd->name, e.msg[0] ? e.msg : err_code_name(e.code));
		rc = CLI_FAIL;
	}
out:
	store_close(s);
	return rc;
}

int cmd_orders(const struct cli *c, const struct cli_cmd *cmd, int argc,
	       char **argv)
{
	return run_list(c, cmd, argc, argv, "local", report_orders);
}

int cmd_customers(const struct cli *c, const struct cli_cmd *cmd, int argc,
		  char **argv)
{
	return run_list(c, cmd, argc, argv, NULL, report_customers);
}

int cmd_products(const struct cli *c, const struct cli_cmd *cmd, int argc,
		 char **argv)
{
	return run_list(c, cmd, argc, argv, NULL, report_products);
}

int cmd_stock(const struct cli *c, const struct cli_cmd *cmd, int argc,
	      char **argv)
{
	return run_list(c, cmd, argc, argv, NULL, report_stock);
}

int cmd_journal(const struct cli *c, const struct cli_cmd *cmd, int argc,
		char **argv)
{
	return run_list(c, cmd, argc, argv, NULL, report_journal);
}

int cmd_trial_balance(const struct cli *c, const struct cli_cmd *cmd,
		      int argc, char **argv)
{
	return run_list(c, cmd, argc, argv, NULL, report_trial_balance);
}

int cmd_log(const struct cli *c, const struct cli_cmd *cmd, int argc, char **argv)
{
	return run_list(c, cmd, argc, argv, NULL, report_log);
}
