/* arena.h - a bump allocator for everything that lives as long as one
 * request or one imported order.
 *
 * Allocations are never freed one by one: arena_clear() drops them all and
 * keeps the first block for reuse; arena_release() frees everything.
 * Allocation failure returns NULL; callers translate it to ERR_NOMEM.
 */
#ifndef SHOPERP_BASE_ARENA_H
#define SHOPERP_BASE_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t total; /* bytes handed out since the last clear */
};

#define ARENA_INIT {NULL, 0}

void arena_init(struct arena *a);
/* Zero-filled memory, aligned for any type; NULL when out of memory. */
void *arena_alloc(struct arena *a, size_t size);
/* Copy of `len` bytes plus a NUL; NULL when out of memory. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void arena_clear(struct arena *a);
void arena_release(struct arena *a);

#endif
