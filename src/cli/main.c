/* main.c - the shoperp command: global options, the command table, and
 * the helpers every command shares (argument parsing, usage errors,
 * opening the store). Each command lives in its own thin cmd_*.c. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/store_sqlite.h"
#include "base/err.h"
#include "base/text.h"

static int cmd_help(const struct cli *c, const struct cli_cmd *cmd, int argc,
		    char **argv);
static int cmd_later(const struct cli *c, const struct cli_cmd *cmd, int argc,
		     char **argv);

/* The commands of docs/interface.md. The last ones are later work: they
 * are listed so `--help` shows the whole contract, and exit 2 saying
 * they are not available yet. */
static const struct cli_cmd commands[] = {
	{"import", cmd_import, "import [--store DOMAIN] FILE...",
	 "import Shopify order JSON files"},
	{"order", cmd_order, "order show [--store DOMAIN] [--json] NAME_OR_ID",
	 "one sales order with everything it created"},
	{"orders", cmd_orders, "orders [--store DOMAIN] [--json]",
	 "list sales orders (store \"local\" unless --store)"},
	{"customers", cmd_customers, "customers [--store DOMAIN] [--json]",
	 "customers with attributes (every store unless --store)"},
	{"products", cmd_products, "products [--store DOMAIN] [--json]",
	 "products with code, Shopify ids and flags"},
	{"stock", cmd_stock, "stock [--store DOMAIN] [--json]",
	 "per product and warehouse: on hand, reserved, available"},
	{"journal", cmd_journal, "journal [--store DOMAIN] [--json]",
	 "journal entries with their lines"},
	{"trial-balance", cmd_trial_balance,
	 "trial-balance [--store DOMAIN] [--json]",
	 "balances per account and currency"},
	{"log", cmd_log, "log [--store DOMAIN] [--json]",
	 "import log: what each order created, or why it was rejected"},
	{"help", cmd_help, "help [COMMAND]", "show this help or a command's usage"},
	{"serve", cmd_later, "serve [--listen ADDR:PORT] [--public-url URL]",
	 "webhook receiver, API and web UI (not available yet)"},
	{"store", cmd_later, "store add|list|show|remove ...",
	 "store connections (not available yet)"},
	{"sync", cmd_later, "sync STORE --since DATE [--types LIST] [--historical]",
	 "get orders manually (not available yet)"},
	{"ship", cmd_later, "ship ...", "shipments (not available yet)"},
	{"catalog", cmd_later, "catalog STORE", "catalog import (not available yet)"},
	{"inventory-import", cmd_later, "inventory-import STORE",
	 "inventory import (not available yet)"},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct cli_cmd *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void print_help(FILE *out)
{
	size_t i, w = 0;

	fprintf(out, "usage: shoperp [--db PATH] [--help] [--version] COMMAND [ARGS]\n"
		     "\nCommands:\n");
	for (i = 0; i < N_COMMANDS; i++)
		if (strlen(commands[i].usage) > w)
			w = strlen(commands[i].usage);
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-*s  %s\n", (int)w, commands[i].usage,
			commands[i].summary);
	fprintf(out, "\nThe database is --db PATH, else $SHOPERP_DB, else ./shoperp.db;\n"
		     "import creates it, the other commands need it to exist.\n"
		     "Every listing takes --json for scripts. Exit status: 0 ok, 1 when\n"
		     "something was rejected or not found, 2 on usage errors.\n");
}

static void main_usage(void)
{
	fprintf(stderr, "usage: shoperp [--db PATH] [--help] [--version] COMMAND [ARGS]\n"
			"Try 'shoperp --help' for the commands.\n");
}

/* The message is shown through text_sanitize: it may quote order data
 * (a name, a bad value) that must not forge a line or reach the terminal
 * as an escape sequence. */
void cli_error(const char *fmt, ...)
{
	char raw[1024], shown[sizeof(raw)];
	char *big = NULL, *big_shown = NULL;
	const char *msg = raw;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	if (n < 0)
		raw[0] = '\0';
	else if ((size_t)n >= sizeof(raw) && (big = malloc((size_t)n + 1)) &&
		 (big_shown = malloc((size_t)n + 1))) {
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		text_sanitize(big, big_shown, (size_t)n + 1);
		msg = big_shown;
	}
	if (msg == raw) {
		/* cut at sizeof(raw) - 1 when it did not fit and memory ran out */
		text_sanitize(raw, shown, sizeof(shown));
		msg = shown;
	}
	fprintf(stderr, "shoperp: %s\n", msg);
	free(big);
	free(big_shown);
}

int cli_usage_error(const struct cli_cmd *cmd, const char *why)
{
	if (why)
		cli_error("%s", why);
	fprintf(stderr, "usage: shoperp %s\n", cmd->usage);
	return CLI_USAGE;
}

int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, int first,
	      unsigned accept, struct cli_args *a)
{
	bool opts = true;
	int i, n = first;

	a->json = false;
	for (i = first; i < argc; i++) {
		char *arg = argv[i];

		if (!opts || arg[0] != '-' || arg[1] == '\0') {
			argv[n++] = arg; /* n <= i: only moves toward the front */
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			opts = false;
		} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			printf("usage: shoperp %s\n", cmd->usage);
			return CLI_OK;
		} else if ((accept & CLI_OPT_JSON) && strcmp(arg, "--json") == 0) {
			a->json = true;
		} else if ((accept & CLI_OPT_STORE) && strcmp(arg, "--store") == 0) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0') {
				cli_error("%s: --store needs a DOMAIN", cmd->name);
				return cli_usage_error(cmd, NULL);
			}
			a->store = argv[++i];
		} else if ((accept & CLI_OPT_STORE) && strncmp(arg, "--store=", 8) == 0) {
			if (arg[8] == '\0') {
				cli_error("%s: --store needs a DOMAIN", cmd->name);
				return cli_usage_error(cmd, NULL);
			}
			a->store = arg + 8;
		} else {
			cli_error("%s: unknown option '%s'", cmd->name, arg);
			return cli_usage_error(cmd, NULL);
		}
	}
	a->pos = argv + first;
	a->npos = n - first;
	return -1;
}

int cli_open_store(const struct cli *c, bool create, struct store **out)
{
	struct err e;

	*out = NULL;
	err_clear(&e);
	if (strncmp(c->db, "postgresql://", 13) == 0 ||
	    strncmp(c->db, "postgres://", 11) == 0) {
		cli_error("PostgreSQL databases are not supported yet; use a SQLite file");
		return CLI_FAIL;
	}
	if ((create ? store_sqlite_open(c->db, out, &e)
		    : store_sqlite_open_existing(c->db, out, &e)) != 0) {
		/* the store's message names the path already */
		if (e.msg[0])
			cli_error("%s", e.msg);
		else
			cli_error("%s: %s", c->db, err_code_name(e.code));
		*out = NULL;
		return CLI_FAIL;
	}
	return CLI_OK;
}

static int cmd_help(const struct cli *c, const struct cli_cmd *cmd, int argc,
		    char **argv)
{
	const struct cli_cmd *which;

	if (argc < 2) {
		print_help(stdout);
		return CLI_OK;
	}
	if (argc > 2)
		return cli_usage_error(cmd, "help: too many arguments");
	which = find_command(argv[1]);
	if (!which) {
		cli_error("'%s' is not a shoperp command", argv[1]);
		return cli_usage_error(cmd, NULL);
	}
	printf("usage: shoperp %s\n  %s\n", which->usage, which->summary);
	return CLI_OK;
}

static int cmd_later(const struct cli *c, const struct cli_cmd *cmd, int argc,
		     char **argv)
{
	cli_error("'%s' is not available yet in this version", cmd->name);
	return CLI_USAGE;
}

int main(int argc, char **argv)
{
	struct cli c;
	const struct cli_cmd *cmd;
	const char *env = getenv("SHOPERP_DB");
	int i;

	c.db = env && env[0] ? env : "./shoperp.db";
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *arg = argv[i];

		if (strcmp(arg, "--") == 0) {
			i++;
			break;
		} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			print_help(stdout);
			return CLI_OK;
		} else if (strcmp(arg, "--version") == 0) {
			printf("shoperp %s\n", SHOPERP_VERSION);
			return CLI_OK;
		} else if (strcmp(arg, "--db") == 0 || strncmp(arg, "--db=", 5) == 0) {
			if (arg[4] == '=')
				c.db = arg + 5;
			else
				c.db = i + 1 < argc ? argv[++i] : "";
			if (c.db[0] == '\0') {
				cli_error("--db needs a PATH");
				main_usage();
				return CLI_USAGE;
			}
		} else {
			cli_error("unknown option '%s'", arg);
			main_usage();
			return CLI_USAGE;
		}
	}
	if (i >= argc) {
		cli_error("no command given");
		main_usage();
		return CLI_USAGE;
	}
	cmd = find_command(argv[i]);
	if (!cmd) {
		cli_error("'%s' is not a shoperp command", argv[i]);
		main_usage();
		return CLI_USAGE;
	}
	return cmd->run(&c, cmd, argc - i, argv + i);
}
