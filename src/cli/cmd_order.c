/* cmd_order.c - `shoperp order show [--store DOMAIN] [--json] NAME_OR_ID`:
 * one sales order with everything it created (adapters/report). */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "adapters/report.h"

int cmd_order(const struct cli *c, const struct cli_cmd *cmd, int argc,
	      char **argv)
{
	struct cli_args a;
	struct store *s = NULL;
	struct err e;
	int rc;

	memset(&a, 0, sizeof(a));
	err_clear(&e);
	a.store = "local";
	if (argc < 2)
		return cli_usage_error(cmd, "order: which subcommand? (show)");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		printf("usage: shoperp %s\n", cmd->usage);
		return CLI_OK;
	}
	if (strcmp(argv[1], "show") != 0) {
		cli_error("order: unknown subcommand '%s'", argv[1]);
		return cli_usage_error(cmd, NULL);
	}
	rc = cli_parse(cmd, argc, argv, 2, CLI_OPT_STORE | CLI_OPT_JSON, &a);
	if (rc >= 0)
		goto out;
	if (a.npos != 1) {
		rc = cli_usage_error(cmd, a.npos ? "order show: one NAME_OR_ID at a time"
						 : "order show: NAME_OR_ID missing");
		goto out;
	}
	rc = cli_open_store(c, false, &s);
	if (rc)
		goto out;
	if (report_order_show(s, a.store, a.pos[0], a.json, stdout, &e) != 0) {
		cli_error("%s", e.msg[0] ? e.msg : err_code_name(e.code));
		rc = CLI_FAIL;
	}
out:
	store_close(s);
	return rc;
}
