/* fuzz_import.c - libFuzzer target over the mapper and the import.
 *
 * Each input is treated as a Shopify order document: parsed, every order
 * mapped and imported into an in-memory store. Whatever the bytes, nothing
 * may crash, leak or trip a sanitizer, and every journal entry written
 * must balance. `make fuzz` runs it for a bounded time; inputs it finds
 * go into fuzz/regress/, which the regression test replays. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/shopify_json.h"
#include "adapters/store_sqlite.h"
#include "app/import.h"

static struct store *S;
static struct shop_rec SHOP;
static struct arena SHOP_ARENA;

static int count_unbalanced(void *ctx, const struct store_row *row)
{
	*(long *)ctx = row->values[0] ? atol(row->values[0]) : 0;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jmap_doc *doc = NULL;
	struct arena a;
	struct err e;
	long bad = 0;

	if (!S) {
		if (store_sqlite_open(":memory:", &S, &e) != 0 ||
		    S->ops->shop_open(S, "local", true, &SHOP_ARENA, &SHOP, &e) != 0) {
			fprintf(stderr, "fuzz: cannot open store: %s\n", e.msg);
			abort();
		}
	}
	arena_init(&a);
	if (jmap_doc_parse((const char *)data, size, &doc, &e) == 0) {
		for (size_t i = 0; i < jmap_doc_count(doc); i++) {
			struct shopify_order o;
			struct import_result res;

			arena_clear(&a);
			if (jmap_order_map(doc, i, &a, &o, NULL, NULL, &e) != 0)
				continue;
			import_order(S, &SHOP, &o, "fuzz", &a, &res, &e);
		}
	}
	jmap_doc_free(doc);
	arena_release(&a);
	S->ops->query(S,
		      "SELECT COUNT(*) FROM (SELECT entry_id, SUM(debit) - SUM(credit) AS d "
		      "FROM journal_line GROUP BY entry_id) WHERE d <> 0",
		      NULL, 0, count_unbalanced, &bad, &e);
	if (bad != 0) {
		fprintf(stderr, "fuzz: %ld unbalanced journal entries\n", bad);
		abort();
	}
	return 0;
}
