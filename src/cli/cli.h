/* cli.h - what the shoperp commands share: the command table entry, the
 * global options, argument parsing and exit codes.
 *
 * main.c parses the global options (--db, --help, --version), finds the
 * command in its table and calls its `run` with argv[0] = the command
 * name. A command parses its own options with cli_parse(), opens the
 * store with cli_open_store() only after its arguments are known good
 * (so a usage error never creates a database file), and returns an exit
 * code:
 *
 *   CLI_OK     0  everything done
 *   CLI_FAIL   1  something was rejected or not found, or the store failed
 *   CLI_USAGE  2  unknown command or option, missing argument (a usage
 *                 line goes to stderr)
 *
 * Messages for people go to stderr as "shoperp: ..."; results go to
 * stdout. No third-party header is included here or in any cmd_*.c.
 */
#ifndef SHOPERP_CLI_CLI_H
#define SHOPERP_CLI_CLI_H

#include <stdbool.h>

#include "app/ports.h"

#ifndef SHOPERP_VERSION
#define SHOPERP_VERSION "0.1.0"
#endif

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

struct cli {
	const char *db; /* --db PATH, else $SHOPERP_DB, else ./shoperp.db */
};

struct cli_cmd;
typedef int (*cli_run_fn)(const struct cli *c, const struct cli_cmd *cmd,
			  int argc, char **argv);

struct cli_cmd {
	const char *name;    /* "import" */
	cli_run_fn run;
	const char *usage;   /* "import [--store DOMAIN] FILE..." */
	const char *summary; /* one line for `shoperp --help` */
};

/* Options a command accepts (cli_parse `accept`). */
enum { CLI_OPT_STORE = 1u << 0, CLI_OPT_JSON = 1u << 1 };

struct cli_args {
	const char *store; /* --store DOMAIN; the caller presets the default */
	bool json;         /* --json */
	char **pos;        /* positional arguments (borrowed from argv) */
	int npos;
};

/* Parse argv[first..argc) into *a: the options in `accept` (--store X,
 * --store=X, --json), --help/-h, "--" ending the options; anything else
 * starting with '-' is a usage error. Positionals keep their order (they
 * are moved to the front of argv[first..], which is reordered).
 * Returns -1 to go on, or the exit code to return at once: CLI_OK after
 * printing the command's usage for --help, CLI_USAGE after a usage
 * error (message and usage line on stderr). */
int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, int first,
	      unsigned accept, struct cli_args *a);

/* Print "shoperp: <why>" (when why is not NULL) and the command's usage
 * line to stderr; returns CLI_USAGE. */
int cli_usage_error(const struct cli_cmd *cmd, const char *why);

/* Print "shoperp: <message>" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Open the database c->db, migrated when needed. With `create` an absent
 * file is created (import); without, it is "shoperp: no database at
 * PATH" (every read: a typo must not leave an empty database behind).
 * On failure prints why and returns CLI_FAIL with *out NULL; else CLI_OK
 * and *out is owned by the caller (store_close()). */
int cli_open_store(const struct cli *c, bool create, struct store **out);

/* Commands (one cmd_*.c each). */
int cmd_import(const struct cli *c, const struct cli_cmd *cmd, int argc,
	       char **argv);
int cmd_order(const struct cli *c, const struct cli_cmd *cmd, int argc,
	      char **argv);
int cmd_orders(const struct cli *c, const struct cli_cmd *cmd, int argc,
	       char **argv);
int cmd_customers(const struct cli *c, const struct cli_cmd *cmd, int argc,
		  char **argv);
int cmd_products(const struct cli *c, const struct cli_cmd *cmd, int argc,
		 char **argv);
int cmd_stock(const struct cli *c, const struct cli_cmd *cmd, int argc,
	      char **argv);
int cmd_journal(const struct cli *c, const struct cli_cmd *cmd, int argc,
		char **argv);
int cmd_log(const struct cli *c, const struct cli_cmd *cmd, int argc, char **argv);
int cmd_trial_balance(const struct cli *c, const struct cli_cmd *cmd,
		      int argc, char **argv);

#endif
